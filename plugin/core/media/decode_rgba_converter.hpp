// Turns decoded frames of any pixel format and size into tightly packed RGBA of one output size (libswscale).
#pragma once

#include "core/net/cancel_flag.hpp"
#include "core/media/decode_av_handles.hpp"
#include "core/media/decode_budget.hpp"

#include <cstdint>

namespace adiff {

class RgbaConverter {
public:
	// dst receives out.width*out.height*4 bytes, top row first. False if libswscale refused the format.
	// The source's YUV matrix and range come from the frame, so BT.709 / full-range clips keep their colours.
	// A 16 MP frame takes a few hundred ms to scale: it is fed to libswscale in slices and `cancel` is
	// checked between them, so removing a source never waits for a whole frame (false when canceled).
	bool convert(const AVFrame &frame, FrameSize out, uint8_t *dst, const CancelFlag *cancel = nullptr);

private:
	bool prepare(const AVFrame &frame, FrameSize out);

	av::SwsPtr sws_;
	// What sws_ was set up for; a change mid-stream (size, format, colours) sets it up again.
	int src_width_ = 0, src_height_ = 0, src_format_ = -1, colorspace_ = -1, range_ = -1;
	FrameSize out_;
};

// Whether frames of this pixel format can carry transparency (an alpha plane or a palette with alpha).
bool pixel_format_may_have_alpha(int format);

} // namespace adiff
