#include "core/media/minterpolate_graph.hpp"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/mathematics.h>
}

#include <algorithm>
#include <cstring>
#include <new>

namespace adiff {
namespace {

constexpr AVRational kMicroseconds{1, 1000000};

std::string av_text(int error)
{
	char text[AV_ERROR_MAX_STRING_SIZE] = {0};
	av_strerror(error, text, sizeof(text));
	return text;
}

struct GraphFreer {
	void operator()(AVFilterGraph *graph) const { avfilter_graph_free(&graph); }
};
struct InOutFreer {
	void operator()(AVFilterInOut *io) const { avfilter_inout_free(&io); }
};
struct FrameFreer {
	void operator()(AVFrame *frame) const { av_frame_free(&frame); }
};
using InOutPtr = std::unique_ptr<AVFilterInOut, InOutFreer>;

} // namespace

std::string minterpolate_options(int fps, int width, int height)
{
	// mci: motion-compensated interpolation (overlapped-block compensation, EPZS search).
	// scd=none: on a big frame difference minterpolate would repeat a frame and then jump, a visible
	// stutter; pair_fallback blends such pairs instead.
	// me_mode=bidir and a search range of an eighth of the picture: the default (bilateral, 32 pixels)
	// loses an object that moves 60 pixels a frame at 512x512 (8 fps clips move that much) and shows it
	// split in two, half here and half there, a jump of a whole step.
	const int search = std::max(32, (std::max(width, height) + 7) / 8);
	return "fps=" + std::to_string(fps) +
	       ":mi_mode=mci:scd=none:me_mode=bidir:search_param=" + std::to_string(search);
}

struct MinterpolateGraph::Av {
	std::unique_ptr<AVFilterGraph, GraphFreer> graph{avfilter_graph_alloc()};
	std::unique_ptr<AVFrame, FrameFreer> in{av_frame_alloc()}, out{av_frame_alloc()};
	AVFilterContext *source = nullptr, *sink = nullptr; // owned by graph
};

MinterpolateGraph::MinterpolateGraph() : av_(std::make_unique<Av>())
{
	if (!av_->graph || !av_->in || !av_->out)
		throw std::bad_alloc();
}

MinterpolateGraph::~MinterpolateGraph() = default;

std::string MinterpolateGraph::open(int width, int height, int fps)
{
	width_ = width;
	height_ = height;
	AVFilterGraph *graph = av_->graph.get();
	graph->nb_threads = 1; // the decode worker is one low-priority thread; OBS keeps the other cores
	const std::string args = "video_size=" + std::to_string(width) + "x" + std::to_string(height) +
				 ":pix_fmt=" + std::to_string(int(AV_PIX_FMT_RGBA)) +
				 ":time_base=1/1000000:pixel_aspect=1/1";
	int ret = avfilter_graph_create_filter(&av_->source, avfilter_get_by_name("buffer"), "in", args.c_str(),
					       nullptr, graph);
	if (ret >= 0)
		ret = avfilter_graph_create_filter(&av_->sink, avfilter_get_by_name("buffersink"), "out", nullptr,
						   nullptr, graph);
	if (ret < 0)
		return error_ = "filter endpoints: " + av_text(ret);
	// minterpolate works on planar YUV; 4:2:0 like the model's H.264 when the size allows it.
	const char *yuv = width % 2 == 0 && height % 2 == 0 ? "yuv420p" : "yuv444p";
	const std::string chain = std::string("format=") + yuv +
				  ",minterpolate=" + minterpolate_options(fps, width, height) + ",format=rgba";
	InOutPtr outputs(avfilter_inout_alloc()), inputs(avfilter_inout_alloc());
	if (!outputs || !inputs)
		throw std::bad_alloc();
	outputs->name = av_strdup("in");
	outputs->filter_ctx = av_->source;
	inputs->name = av_strdup("out");
	inputs->filter_ctx = av_->sink;
	AVFilterInOut *in_raw = inputs.release(), *out_raw = outputs.release();
	ret = avfilter_graph_parse_ptr(graph, chain.c_str(), &in_raw, &out_raw, nullptr);
	inputs.reset(in_raw);
	outputs.reset(out_raw);
	if (ret >= 0)
		ret = avfilter_graph_config(graph, nullptr);
	if (ret < 0)
		return error_ = "minterpolate graph: " + av_text(ret);
	return {};
}

std::string MinterpolateGraph::push(const uint8_t *rgba, int64_t pts_us)
{
	AVFrame *frame = av_->in.get();
	frame->width = width_;
	frame->height = height_;
	frame->format = AV_PIX_FMT_RGBA;
	int ret = av_frame_get_buffer(frame, 0);
	if (ret < 0)
		throw std::bad_alloc();
	const size_t row = size_t(width_) * 4;
	for (int y = 0; y < height_; ++y)
		std::memcpy(frame->data[0] + size_t(y) * size_t(frame->linesize[0]), rgba + row * size_t(y), row);
	frame->pts = pts_us;
	ret = av_buffersrc_add_frame(av_->source, frame); // takes the frame's reference, leaves it blank
	av_frame_unref(frame);
	if (ret < 0)
		return error_ = "minterpolate input: " + av_text(ret);
	return {};
}

std::string MinterpolateGraph::finish()
{
	const int ret = av_buffersrc_add_frame(av_->source, nullptr);
	if (ret < 0)
		return error_ = "minterpolate end: " + av_text(ret);
	return {};
}

bool MinterpolateGraph::pull(std::vector<uint8_t> *rgba, int64_t *pts_us)
{
	AVFrame *frame = av_->out.get();
	const int ret = av_buffersink_get_frame(av_->sink, frame);
	if (ret == AVERROR(EAGAIN))
		return false;
	if (ret < 0) {
		ended_ = true;
		if (ret != AVERROR_EOF)
			error_ = "minterpolate output: " + av_text(ret);
		return false;
	}
	*pts_us = av_rescale_q(frame->pts, av_buffersink_get_time_base(av_->sink), kMicroseconds);
	const size_t row = size_t(width_) * 4;
	rgba->resize(row * size_t(height_));
	for (int y = 0; y < height_; ++y)
		std::memcpy(rgba->data() + row * size_t(y), frame->data[0] + size_t(y) * size_t(frame->linesize[0]),
			    row);
	av_frame_unref(frame);
	return true;
}

} // namespace adiff
