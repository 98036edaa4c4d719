#include "core/media/decode_stream_info.hpp"

#include "core/util/log.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/version.h>
}

namespace adiff {

std::string av_error_text(int error)
{
	char text[AV_ERROR_MAX_STRING_SIZE] = {0};
	av_strerror(error, text, sizeof(text));
	return text;
}

// FFmpeg's own vp8/vp9 decoders ignore the alpha plane that WebM carries beside each block; libvpx's
// wrappers decode it (yuva420p). Use them only when the stream says it has alpha.
const AVCodec *choose_decoder(const AVStream &stream)
{
	const AVCodecID id = stream.codecpar->codec_id;
	const AVDictionaryEntry *alpha = av_dict_get(stream.metadata, "alpha_mode", nullptr, 0);
	if ((id == AV_CODEC_ID_VP8 || id == AV_CODEC_ID_VP9) && alpha && std::string(alpha->value) == "1") {
		const char *name = id == AV_CODEC_ID_VP9 ? "libvpx-vp9" : "libvpx";
		if (const AVCodec *codec = avcodec_find_decoder_by_name(name))
			return codec;
		log_line(LogLevel::Warning, "decoder: %s not available, the clip's transparency will be lost", name);
	}
	return avcodec_find_decoder(id);
}

uint64_t estimate_frame_count(const AVFormatContext &format, const AVStream &stream)
{
	if (stream.nb_frames > 0)
		return uint64_t(stream.nb_frames);
	AVRational rate = stream.avg_frame_rate;
	if (rate.num <= 0 || rate.den <= 0)
		rate = stream.r_frame_rate;
	int64_t duration_us = 0;
	if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0)
		duration_us = av_rescale_q(stream.duration, stream.time_base, AVRational{1, 1000000});
	else if (format.duration != AV_NOPTS_VALUE && format.duration > 0)
		duration_us = format.duration; // AV_TIME_BASE is microseconds
	if (rate.num <= 0 || rate.den <= 0 || duration_us <= 0)
		return 0;
	// Round up: a slightly high estimate only makes the frames a little smaller.
	return uint64_t(av_rescale_rnd(duration_us, rate.num, int64_t(rate.den) * 1000000, AV_ROUND_UP));
}

bool any_transparent_pixel(const std::vector<uint8_t> &rgba)
{
	for (size_t i = 3; i < rgba.size(); i += 4) {
		if (rgba[i] != 255)
			return true;
	}
	return false;
}

std::string oversize_reason(int width, int height, const DecodeOptions &options)
{
	if (width <= 0 || height <= 0)
		return {};
	if (width <= options.max_frame_side && height <= options.max_frame_side &&
	    int64_t(width) * height <= options.max_frame_pixels)
		return {};
	return std::to_string(width) + "x" + std::to_string(height) + " (at most " +
	       std::to_string(options.max_frame_side) + " per side, " +
	       std::to_string(options.max_frame_pixels / 1000000) + " MP)";
}

// AVFrame::duration replaced pkt_duration in libavutil 57.30 (FFmpeg 6.0); pkt_duration is gone in FFmpeg 7.
int64_t frame_duration(const AVFrame &frame)
{
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
	return frame.duration;
#else
	return frame.pkt_duration;
#endif
}

} // namespace adiff
