// Internal to core/media. Thumbnail pictures as PNG files (libavcodec's PNG decoder and encoder) and their
// scaling (libswscale). A PNG file is outside bytes: it may be damaged, of any size, or not a PNG at all.
#pragma once

#include "core/media/thumbnail.hpp"
#include "core/net/cancel_flag.hpp"

#include <functional>
#include <memory>
#include <string>

namespace adiff {

// The size that fits a max_side square with the source's aspect: the longer side is exactly max_side (a
// smaller picture is enlarged, so every thumbnail of one cache has the same longer side), the other at
// least 1. {0, 0} for an empty source.
struct ThumbnailSize {
	int width = 0, height = 0;
};
ThumbnailSize fit_thumbnail(int width, int height, int max_side);

// Scales tightly packed RGBA (width x height) to fit max_side (libswscale, area averaging). Null when
// canceled or refused.
std::shared_ptr<Thumbnail> scale_to_thumbnail(const uint8_t *rgba, int width, int height, int max_side,
					      const CancelFlag *cancel);

// Reads a thumbnail PNG: null (and *why) when the file is unreadable, larger than a thumbnail PNG can be,
// not a sound PNG (CRCs checked), or a picture whose longer side is not max_side. The decoder never
// allocates a picture larger than max_side x max_side, whatever the file claims.
std::shared_ptr<Thumbnail> read_thumbnail_png(const std::string &path, int max_side, std::string *why);

// Encodes `thumbnail` as PNG and puts it at `path` atomically: written to a temporary file beside it, then
// renamed over it, so a reader sees the old file or the whole new one. The rename happens only while
// keep_going() says so (checked last). False (and *why) on failure; the temporary file never stays.
bool write_thumbnail_png(const Thumbnail &thumbnail, const std::string &path, const std::function<bool()> &keep_going,
			 std::string *why);

} // namespace adiff
