#include "core/media/decode_rgba_converter.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <algorithm>

namespace adiff {
namespace {

// Rows of source per libswscale call: small enough that a cancel is noticed within a few ms.
constexpr int kSliceRows = 256;

} // namespace

static bool is_full_range_yuvj(AVPixelFormat format)
{
	return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P ||
	       format == AV_PIX_FMT_YUVJ440P || format == AV_PIX_FMT_YUVJ411P;
}

bool pixel_format_may_have_alpha(int format)
{
	const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(format));
	return desc && (desc->flags & (AV_PIX_FMT_FLAG_ALPHA | AV_PIX_FMT_FLAG_PAL));
}

bool RgbaConverter::prepare(const AVFrame &frame, FrameSize out)
{
	if (sws_ && frame.width == src_width_ && frame.height == src_height_ && frame.format == src_format_ &&
	    frame.colorspace == colorspace_ && frame.color_range == range_ && out.width == out_.width &&
	    out.height == out_.height)
		return true;

	const auto format = AVPixelFormat(frame.format);
	const bool scaling = out.width != frame.width || out.height != frame.height;
	// Area averaging is the sharpest cheap filter for a downscale; without scaling only chroma is resampled.
	const int flags = scaling ? SWS_AREA : SWS_BILINEAR;
	sws_.reset(sws_getContext(frame.width, frame.height, format, out.width, out.height, AV_PIX_FMT_RGBA, flags,
				  nullptr, nullptr, nullptr));
	if (!sws_)
		return false;

	const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(format);
	const bool yuv = desc && !(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) &&
			 desc->nb_components >= 3;
	if (yuv) {
		// Unspecified matrices fall back to BT.601 inside sws_getCoefficients, as players do for SD content.
		const int *coefficients = sws_getCoefficients(frame.colorspace);
		const int src_full_range = frame.color_range == AVCOL_RANGE_JPEG || is_full_range_yuvj(format);
		sws_setColorspaceDetails(sws_.get(), coefficients, src_full_range, coefficients, 1, 0, 1 << 16,
					 1 << 16);
	}
	src_width_ = frame.width;
	src_height_ = frame.height;
	src_format_ = frame.format;
	colorspace_ = frame.colorspace;
	range_ = frame.color_range;
	out_ = out;
	return true;
}

bool RgbaConverter::convert(const AVFrame &frame, FrameSize out, uint8_t *dst, const CancelFlag *cancel)
{
	if (!prepare(frame, out))
		return false;
	uint8_t *dst_planes[4] = {dst, nullptr, nullptr, nullptr};
	int dst_strides[4] = {out.width * 4, 0, 0, 0};
	const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(frame.format));
	if (!desc)
		return false;
	// Slices go top to bottom; their height must keep whole chroma rows. A palette (plane 1 of PAL8) is
	// the same for every slice.
	const int slice_rows = kSliceRows << desc->log2_chroma_h;
	const bool palette = desc->flags & AV_PIX_FMT_FLAG_PAL;
	int rows = 0;
	for (int y = 0; y < frame.height; y += slice_rows) {
		if (cancel && cancel->canceled())
			return false;
		const uint8_t *src[4] = {nullptr, nullptr, nullptr, nullptr};
		for (int plane = 0; plane < 4 && frame.data[plane]; ++plane) {
			const bool chroma = plane == 1 || plane == 2;
			const int plane_y = chroma ? (y >> desc->log2_chroma_h) : y;
			src[plane] = palette && plane == 1
					     ? frame.data[plane]
					     : frame.data[plane] + ptrdiff_t(plane_y) * frame.linesize[plane];
		}
		rows += sws_scale(sws_.get(), src, frame.linesize, y, std::min(slice_rows, frame.height - y),
				  dst_planes, dst_strides);
	}
	return rows == out.height;
}

} // namespace adiff
