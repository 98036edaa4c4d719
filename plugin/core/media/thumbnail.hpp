// A clip's thumbnail: what the thumbnail cache hands out and where its file lives (thumbnail_cache.hpp is
// the cache itself).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace adiff {

struct Thumbnail {
	int width = 0;
	int height = 0;
	std::vector<uint8_t> rgba; // tightly packed RGBA8, width*height*4, top row first
};

enum class ThumbnailState { Pending, Ready, Missing, Damaged };

// Where a clip's thumbnail file lives: beside the clip, "<clip file name>.adiff-thumb.png".
inline std::string thumbnail_path_for(const std::string &clip_path)
{
	return clip_path + ".adiff-thumb.png";
}

} // namespace adiff
