#include "core/media/clip_encoder.hpp"

#include "core/media/decode_av_handles.hpp"
#include "core/media/decode_result.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <thread>

namespace adiff {
namespace {

constexpr const char *kTagName = "ADIFF_KEY";

std::string av_text(int error)
{
	char text[AV_ERROR_MAX_STRING_SIZE] = {0};
	av_strerror(error, text, sizeof(text));
	return text;
}

struct OutputCloser {
	void operator()(AVFormatContext *ctx) const
	{
		if (ctx->pb)
			avio_closep(&ctx->pb);
		avformat_free_context(ctx);
	}
};

class Encoder {
public:
	Encoder(const DecodedClip &clip, int fps, const CancelFlag *cancel) : clip_(clip), fps_(fps), cancel_(cancel) {}
	std::string write(const std::string &tag, const std::string &path);

private:
	std::string open(const std::string &tag, const std::string &path);
	std::string send(AVFrame *frame); // nullptr: flush
	const DecodedClip &clip_;
	const int fps_;
	const CancelFlag *cancel_;
	std::unique_ptr<AVFormatContext, OutputCloser> format_;
	av::CodecContextPtr codec_;
	AVStream *stream_ = nullptr;
};

std::string Encoder::open(const std::string &tag, const std::string &path)
{
	AVFormatContext *raw = nullptr;
	int ret = avformat_alloc_output_context2(&raw, nullptr, "matroska", path.c_str());
	if (ret < 0 || !raw)
		return "matroska output: " + av_text(ret);
	format_.reset(raw);
	const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
	if (!codec)
		return "no libx264 encoder";
	codec_.reset(avcodec_alloc_context3(codec));
	stream_ = avformat_new_stream(raw, nullptr);
	if (!codec_ || !stream_)
		throw std::bad_alloc();
	const bool even = clip_.width % 2 == 0 && clip_.height % 2 == 0;
	codec_->width = clip_.width;
	codec_->height = clip_.height;
	codec_->pix_fmt = even ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUV444P;
	codec_->time_base = AVRational{1, fps_};
	codec_->framerate = AVRational{fps_, 1};
	codec_->thread_count = int(std::max(1u, std::thread::hardware_concurrency()));
	if (raw->oformat->flags & AVFMT_GLOBALHEADER)
		codec_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	// crf 10: no visible loss beside the interpolation's own; veryfast: encoding costs far less than it.
	av_opt_set(codec_->priv_data, "preset", "veryfast", 0);
	av_opt_set(codec_->priv_data, "crf", "10", 0);
	av_opt_set(codec_->priv_data, "x264-params", "log=-1", 0); // no encoder statistics in OBS's log
	if ((ret = avcodec_open2(codec_.get(), codec, nullptr)) < 0)
		return "libx264: " + av_text(ret);
	if ((ret = avcodec_parameters_from_context(stream_->codecpar, codec_.get())) < 0)
		return "stream: " + av_text(ret);
	stream_->time_base = codec_->time_base;
	av_dict_set(&raw->metadata, kTagName, tag.c_str(), 0);
	if ((ret = avio_open(&raw->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0)
		return "cannot write " + path + ": " + av_text(ret);
	if ((ret = avformat_write_header(raw, nullptr)) < 0)
		return "header: " + av_text(ret);
	return {};
}

std::string Encoder::send(AVFrame *frame)
{
	int ret = avcodec_send_frame(codec_.get(), frame);
	if (ret < 0)
		return "encode: " + av_text(ret);
	av::PacketPtr packet(av_packet_alloc());
	if (!packet)
		throw std::bad_alloc();
	while ((ret = avcodec_receive_packet(codec_.get(), packet.get())) >= 0) {
		av_packet_rescale_ts(packet.get(), codec_->time_base, stream_->time_base);
		packet->stream_index = stream_->index;
		if ((ret = av_interleaved_write_frame(format_.get(), packet.get())) < 0)
			return "write: " + av_text(ret);
	}
	return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? std::string() : "encode: " + av_text(ret);
}

std::string Encoder::write(const std::string &tag, const std::string &path)
{
	if (std::string error = open(tag, path); !error.empty())
		return error;
	av::SwsPtr sws(sws_getContext(clip_.width, clip_.height, AV_PIX_FMT_RGBA, clip_.width, clip_.height,
				      codec_->pix_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr));
	av::FramePtr frame(av_frame_alloc());
	if (!sws || !frame)
		throw std::bad_alloc();
	for (size_t k = 0; k < clip_.frames.size(); ++k) {
		if (cancel_ && cancel_->canceled())
			return "canceled";
		frame->width = clip_.width;
		frame->height = clip_.height;
		frame->format = codec_->pix_fmt;
		if (av_frame_get_buffer(frame.get(), 0) < 0)
			throw std::bad_alloc();
		const uint8_t *src[1] = {clip_.frames[k].data()};
		const int pitch[1] = {clip_.width * 4};
		sws_scale(sws.get(), src, pitch, 0, clip_.height, frame->data, frame->linesize);
		frame->pts = int64_t(k);
		std::string error = send(frame.get());
		av_frame_unref(frame.get());
		if (!error.empty())
			return error;
	}
	if (std::string error = send(nullptr); !error.empty())
		return error;
	const int ret = av_write_trailer(format_.get());
	return ret < 0 ? "trailer: " + av_text(ret) : std::string();
}

} // namespace

std::string encode_clip(const DecodedClip &clip, int fps, const std::string &tag, const std::string &path,
			const CancelFlag *cancel)
{
	try {
		return Encoder(clip, fps, cancel).write(tag, path);
	} catch (const std::bad_alloc &) {
		return "out of memory while encoding";
	}
}

std::string read_clip_tag(const std::string &path)
{
	AVFormatContext *raw = avformat_alloc_context();
	if (!raw)
		return {};
	raw->protocol_whitelist = av_strdup("file");
	if (avformat_open_input(&raw, ("file:" + path).c_str(), nullptr, nullptr) < 0)
		return {};
	av::FormatContextPtr format(raw);
	const AVDictionaryEntry *entry = av_dict_get(format->metadata, kTagName, nullptr, 0);
	return entry && entry->value ? std::string(entry->value) : std::string();
}

} // namespace adiff
