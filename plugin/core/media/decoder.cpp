#include "core/media/decoder.hpp"

#include "core/media/decode_av_handles.hpp"
#include "core/media/decode_budget.hpp"
#include "core/media/decode_frame_timing.hpp"
#include "core/media/decode_rgba_converter.hpp"
#include "core/media/decode_stream_info.hpp"
#include "core/util/log.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libavutil/version.h>
}

#include <algorithm>
#include <filesystem>
#include <new>
#include <string>

namespace adiff {

namespace {

// Opening never reads more than this to guess the format and stream parameters, so a broken file stays cheap.
constexpr int64_t kProbeSizeBytes = 10 << 20;
constexpr int64_t kAnalyzeDurationUs = 10 * int64_t(AV_TIME_BASE);

DecodeResult failure(DecodeError error, std::string detail)
{
	DecodeResult result;
	result.error = error;
	result.detail = std::move(detail);
	return result;
}

// libavformat polls this during blocking I/O, so a cancel also stops a slow open or read.
int interrupt_requested(void *opaque)
{
	const auto *cancel = static_cast<const CancelFlag *>(opaque);
	return cancel && cancel->canceled() ? 1 : 0;
}

bool is_canceled(const DecodeOptions &options)
{
	return options.cancel && options.cancel->canceled();
}

// What a decode is for: frames to play, or only the answer "does every frame decode?".
enum class DecodePurpose { Play, Verify };

// One decode of one file: owns every libav object until the clip is complete.
class ClipDecoder {
public:
	ClipDecoder(const DecodeOptions &options, DecodePurpose purpose) : options_(options), purpose_(purpose) {}
	DecodeResult run(const std::string &path);

private:
	DecodeResult check_size(int width, int height) const;
	DecodeResult verdict() const; // Verify: the whole file's
	DecodeResult open(const std::string &path);
	DecodeResult select_stream(); // after open: stream info, the video stream, its size
	DecodeResult open_decoder();
	// Feeds one packet (nullptr flushes) and takes every frame it yields. False: stop reading.
	bool decode(const AVPacket *packet);
	bool take_frame(const AVFrame &frame);
	DecodeResult finish();

	const DecodeOptions &options_;
	const DecodePurpose purpose_;
	av::FormatContextPtr format_;
	av::CodecContextPtr codec_;
	AVStream *stream_ = nullptr;
	av::FramePtr frame_{av_frame_alloc()};
	RgbaConverter converter_;
	std::shared_ptr<DecodedClip> clip_ = std::make_shared<DecodedClip>();
	std::unique_ptr<FrameTiming> timing_;
	uint64_t expected_frames_ = 0;
	bool budget_reached_ = false;
	uint64_t packets_read_ = 0;   // of the chosen stream
	uint64_t frames_decoded_ = 0; // every frame the decoder gave back
	std::string oversize_;        // a frame larger than the options allow
	std::string last_error_;      // the most recent libav complaint, kept for the result's detail
};

DecodeResult ClipDecoder::open(const std::string &path)
{
	std::error_code ec;
	if (!std::filesystem::exists(path, ec))
		return failure(DecodeError::NotFound, path);
	// A directory or a named pipe is no clip, and opening a pipe could block forever.
	if (!std::filesystem::is_regular_file(path, ec))
		return failure(DecodeError::OpenFailed, "not a regular file");
	if (std::filesystem::file_size(path, ec) == 0 && !ec)
		return failure(DecodeError::Empty, "the file is empty (0 bytes)");

	AVFormatContext *raw = avformat_alloc_context();
	if (!raw)
		throw std::bad_alloc();
	raw->interrupt_callback.callback = interrupt_requested;
	raw->interrupt_callback.opaque = const_cast<CancelFlag *>(options_.cancel);
	raw->probesize = kProbeSizeBytes;
	raw->max_analyze_duration = kAnalyzeDurationUs;
	// Only local files: a downloaded "clip" that is really a playlist must not make us open URLs.
	raw->protocol_whitelist = av_strdup("file");
	// The explicit file: prefix stops a name like "x:y.mp4" from being read as protocol "x".
	const int ret = avformat_open_input(&raw, ("file:" + path).c_str(), nullptr, nullptr);
	format_.reset(raw); // avformat_open_input freed it (and set raw to null) on failure
	if (ret < 0) {
		if (is_canceled(options_))
			return failure(DecodeError::Canceled, av_error_text(ret));
		if (ret == AVERROR(ENOENT))
			return failure(DecodeError::NotFound, av_error_text(ret));
		return failure(DecodeError::OpenFailed, av_error_text(ret));
	}
	// Containers state the picture size in their header (GIF's logical screen, MP4's sample entry,
	// Matroska's track): refuse before find_stream_info, which already decodes frames for some formats.
	for (unsigned i = 0; i < format_->nb_streams; ++i) {
		const AVCodecParameters &par = *format_->streams[i]->codecpar;
		if (par.codec_type == AVMEDIA_TYPE_VIDEO &&
		    !(format_->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC))
			if (DecodeResult refused = check_size(par.width, par.height);
			    refused.error != DecodeError::None)
				return refused;
	}
	return select_stream();
}

DecodeResult ClipDecoder::select_stream()
{
	// The frames find_stream_info decodes itself may be no larger than allowed (the header may understate
	// them).
	std::vector<AVDictionary *> stream_options(format_->nb_streams, nullptr);
	for (AVDictionary *&dict : stream_options)
		av_dict_set_int(&dict, "max_pixels", options_.max_frame_pixels, 0);
	int ret = avformat_find_stream_info(format_.get(), stream_options.empty() ? nullptr : stream_options.data());
	for (AVDictionary *&dict : stream_options)
		av_dict_free(&dict);
	if (ret < 0) {
		if (is_canceled(options_))
			return failure(DecodeError::Canceled, av_error_text(ret));
		return failure(DecodeError::OpenFailed, av_error_text(ret));
	}

	ret = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
	if (ret == AVERROR_DECODER_NOT_FOUND)
		return failure(DecodeError::Unsupported, av_error_text(ret));
	if (ret < 0)
		return failure(DecodeError::NoVideo, av_error_text(ret));
	stream_ = format_->streams[ret];
	if (stream_->disposition & AV_DISPOSITION_ATTACHED_PIC)
		return failure(DecodeError::NoVideo, "the only picture is cover art");
	if (DecodeResult refused = check_size(stream_->codecpar->width, stream_->codecpar->height);
	    refused.error != DecodeError::None)
		return refused;
	for (unsigned i = 0; i < format_->nb_streams; ++i) {
		if (format_->streams[i] != stream_)
			format_->streams[i]->discard = AVDISCARD_ALL; // do not even read audio or subtitle packets
	}
	return {};
}

DecodeResult ClipDecoder::open_decoder()
{
	const AVCodec *codec = choose_decoder(*stream_);
	if (!codec)
		return failure(DecodeError::Unsupported, avcodec_get_name(stream_->codecpar->codec_id));
	codec_.reset(avcodec_alloc_context3(codec));
	if (!codec_)
		throw std::bad_alloc();
	int ret = avcodec_parameters_to_context(codec_.get(), stream_->codecpar);
	if (ret >= 0) {
		codec_->pkt_timebase = stream_->time_base;
		codec_->thread_count = 0; // one per core
		// The decoder refuses to allocate any picture above this (a stream may change size mid-way).
		codec_->max_pixels = options_.max_frame_pixels;
		ret = avcodec_open2(codec_.get(), codec, nullptr);
	}
	if (ret < 0)
		return failure(DecodeError::Unsupported, std::string(codec->name) + ": " + av_error_text(ret));

	AVRational period{0, 0};
	AVRational rate = stream_->avg_frame_rate;
	if (rate.num <= 0 || rate.den <= 0)
		rate = stream_->r_frame_rate;
	if (rate.num > 0 && rate.den > 0)
		period = AVRational{rate.den, rate.num};
	timing_ = std::make_unique<FrameTiming>(stream_->time_base.num, stream_->time_base.den, period.num, period.den);
	expected_frames_ = estimate_frame_count(*format_, *stream_);
	if (options_.max_frames > 0 && (expected_frames_ == 0 || expected_frames_ > options_.max_frames))
		expected_frames_ = options_.max_frames; // the budget is for the frames kept, not the whole file
	return {};
}

DecodeResult ClipDecoder::check_size(int width, int height) const
{
	const std::string reason = oversize_reason(width, height, options_);
	return reason.empty() ? DecodeResult{} : failure(DecodeError::TooLarge, reason);
}

bool ClipDecoder::take_frame(const AVFrame &frame)
{
	if (frame.width <= 0 || frame.height <= 0)
		return true; // nothing to show; skip it
	oversize_ = oversize_reason(frame.width, frame.height, options_);
	if (!oversize_.empty())
		return false;
	frames_decoded_++;
	if (purpose_ == DecodePurpose::Verify)
		return true; // decoded is all a verification needs
	DecodedClip &clip = *clip_;
	if (clip.frames.empty()) {
		const FrameSize source{frame.width, frame.height};
		const FrameSize fitted = fit_frames_to_budget(source, expected_frames_, options_.memory_budget_bytes);
		clip.source_width = source.width;
		clip.source_height = source.height;
		clip.width = fitted.width;
		clip.height = fitted.height;
		clip.downscaled = fitted.width != source.width || fitted.height != source.height;
		if (clip.downscaled)
			log_line(LogLevel::Info, "decoder: %dx%d scaled down to %dx%d to fit %llu frames in %llu bytes",
				 source.width, source.height, fitted.width, fitted.height,
				 (unsigned long long)expected_frames_,
				 (unsigned long long)options_.memory_budget_bytes);
		const uint64_t fitting = options_.memory_budget_bytes / rgba_frame_bytes(fitted);
		clip.frames.reserve(size_t(std::min<uint64_t>(std::max<uint64_t>(expected_frames_, 1), fitting + 1)));
	}

	const FrameSize out{clip.width, clip.height};
	const uint64_t frame_bytes = rgba_frame_bytes(out);
	timing_->add(frame.best_effort_timestamp, frame_duration(frame));
	// More frames than the estimate: keep what fits (still a playable clip), never grow past the budget.
	// The first frame is always kept, the budget having already shrunk it as far as it goes.
	if (!clip.frames.empty() && (clip.frames.size() + 1) * frame_bytes > options_.memory_budget_bytes) {
		timing_->drop_last(); // its timestamp still ends the previous frame
		budget_reached_ = true;
		log_line(LogLevel::Warning,
			 "decoder: memory budget of %llu bytes reached, keeping the first %zu frames",
			 (unsigned long long)options_.memory_budget_bytes, clip.frames.size());
		return false;
	}

	std::vector<uint8_t> rgba(static_cast<size_t>(frame_bytes));
	if (!converter_.convert(frame, out, rgba.data(), options_.cancel)) {
		timing_->drop_last();
		if (is_canceled(options_))
			return false;
		const char *name = av_get_pix_fmt_name(AVPixelFormat(frame.format));
		last_error_ = std::string("cannot convert pixel format ") + (name ? name : "?");
		return true;
	}
	if (pixel_format_may_have_alpha(frame.format) && !clip.has_alpha)
		clip.has_alpha = any_transparent_pixel(rgba);
	clip.frames.push_back(std::move(rgba));
	return options_.max_frames == 0 || clip.frames.size() < options_.max_frames;
}

bool ClipDecoder::decode(const AVPacket *packet)
{
	int ret = avcodec_send_packet(codec_.get(), packet);
	if (ret < 0 && ret != AVERROR_EOF) {
		last_error_ = av_error_text(ret); // a damaged packet: skip it, later ones may decode
		return !is_canceled(options_);
	}
	for (;;) {
		ret = avcodec_receive_frame(codec_.get(), frame_.get());
		if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
			return true;
		if (ret < 0) {
			last_error_ = av_error_text(ret);
			return true;
		}
		const bool more = take_frame(*frame_);
		av_frame_unref(frame_.get());
		if (!more || is_canceled(options_))
			return false;
	}
}

DecodeResult ClipDecoder::verdict() const
{
	if (frames_decoded_ == 0)
		return failure(last_error_.empty() ? DecodeError::Empty : DecodeError::Corrupt,
			       last_error_.empty() ? "no video frames" : last_error_);
	if (!last_error_.empty())
		return failure(DecodeError::Damaged, last_error_);
	// A truncated file can end cleanly at a packet boundary: the index still says how many there were.
	if (stream_->nb_frames > 0 && packets_read_ < uint64_t(stream_->nb_frames))
		return failure(DecodeError::Damaged, std::to_string(packets_read_) + " of " +
							     std::to_string(stream_->nb_frames) + " frames present");
	return {};
}

DecodeResult ClipDecoder::finish()
{
	if (is_canceled(options_))
		return failure(DecodeError::Canceled, "canceled");
	if (!oversize_.empty())
		return failure(DecodeError::TooLarge, oversize_);
	if (purpose_ == DecodePurpose::Verify)
		return verdict();
	DecodedClip &clip = *clip_;
	if (clip.frames.empty()) {
		if (!last_error_.empty())
			return failure(DecodeError::Corrupt, last_error_);
		return failure(DecodeError::Empty, "no video frames");
	}
	if (!last_error_.empty())
		log_line(LogLevel::Warning, "decoder: some frames were damaged (%s); playing the %zu that decoded",
			 last_error_.c_str(), clip.frames.size());
	clip.durations_us = timing_->durations_us();
	clip.duration_us = 0;
	for (int64_t us : clip.durations_us)
		clip.duration_us += us;
	DecodeResult result;
	result.clip = clip_;
	if (budget_reached_)
		result.detail = "memory budget reached";
	return result;
}

DecodeResult ClipDecoder::run(const std::string &path)
{
	if (!frame_)
		throw std::bad_alloc();
	if (DecodeResult opened = open(path); opened.error != DecodeError::None)
		return opened;
	if (DecodeResult ready = open_decoder(); ready.error != DecodeError::None)
		return ready;

	av::PacketPtr packet(av_packet_alloc());
	if (!packet)
		throw std::bad_alloc();
	bool reading = true;
	while (reading) {
		if (is_canceled(options_))
			return failure(DecodeError::Canceled, "canceled");
		const int ret = av_read_frame(format_.get(), packet.get());
		if (ret < 0) {
			if (ret != AVERROR_EOF)
				last_error_ = av_error_text(ret); // truncated or unreadable: decode what we have
			break;
		}
		if (packet->stream_index == stream_->index) {
			packets_read_++;
			reading = decode(packet.get());
		}
		av_packet_unref(packet.get());
	}
	if (reading)
		decode(nullptr); // drain the frames the decoder still holds
	return finish();
}

void log_result(const std::string &path, const DecodeResult &result)
{
	log_line(LogLevel::Warning, "decoder: %s: %s (%s)", path.c_str(), decode_error_id(result.error),
		 result.detail.c_str());
}

} // namespace

DecodeResult decode_clip(const std::string &path, const DecodeOptions &options)
{
	try {
		ClipDecoder decoder(options, DecodePurpose::Play);
		DecodeResult result = decoder.run(path);
		if (result.ok()) {
			const DecodedClip &clip = *result.clip;
			log_line(LogLevel::Info, "decoder: %zu frames %dx%d, %lld us, alpha %s", clip.frames.size(),
				 clip.width, clip.height, (long long)clip.duration_us, clip.has_alpha ? "yes" : "no");
		} else {
			log_result(path, result);
		}
		return result;
	} catch (const std::bad_alloc &) {
		return failure(DecodeError::Corrupt, "out of memory while decoding");
	}
}

DecodeResult verify_clip(const std::string &path, const DecodeOptions &options)
{
	try {
		ClipDecoder decoder(options, DecodePurpose::Verify);
		DecodeResult result = decoder.run(path);
		if (result.error != DecodeError::None)
			log_result(path, result);
		return result;
	} catch (const std::bad_alloc &) {
		return failure(DecodeError::Corrupt, "out of memory while decoding");
	}
}

} // namespace adiff
