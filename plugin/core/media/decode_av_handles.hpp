// Owning smart pointers for the libav* objects the decoder uses, so every early return frees them.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace adiff::av {

struct FormatContextCloser {
	void operator()(AVFormatContext *ctx) const { avformat_close_input(&ctx); }
};
struct CodecContextFreer {
	void operator()(AVCodecContext *ctx) const { avcodec_free_context(&ctx); }
};
struct FrameFreer {
	void operator()(AVFrame *frame) const { av_frame_free(&frame); }
};
struct PacketFreer {
	void operator()(AVPacket *packet) const { av_packet_free(&packet); }
};
struct SwsFreer {
	void operator()(SwsContext *ctx) const { sws_freeContext(ctx); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

} // namespace adiff::av
