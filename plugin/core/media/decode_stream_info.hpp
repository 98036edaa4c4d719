// What the decoder learns about a stream before and while decoding it: which decoder, how many frames,
// whether a size is acceptable; and the names of decode errors. Internal to core/media.
#pragma once

#include "core/media/decode_result.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstdint>
#include <string>
#include <vector>

namespace adiff {

std::string av_error_text(int error);
// AVFrame::duration or, before FFmpeg 6, pkt_duration.
int64_t frame_duration(const AVFrame &frame);
// libvpx's decoders for VP8/VP9 with alpha (FFmpeg's own drop the alpha plane); otherwise the default.
const AVCodec *choose_decoder(const AVStream &stream);
// Frames the stream will probably have, to pick a size before decoding; 0 when the file does not say.
uint64_t estimate_frame_count(const AVFormatContext &format, const AVStream &stream);
bool any_transparent_pixel(const std::vector<uint8_t> &rgba);
// "16000x16000 is larger than 4096x4096 / 16 MP", or "" when the size is acceptable (or not known yet: 0).
std::string oversize_reason(int width, int height, const DecodeOptions &options);

} // namespace adiff
