// Internal to core/media. Making one clip's thumbnail, start to finish, on the thumbnail worker: the PNG
// beside the clip when it is sound and not older than the clip, else the clip's first frame (decoded alone,
// with the decoder's limits and cancel), scaled, and written beside the clip when the plugin owns it.
#pragma once

#include "core/media/thumbnail.hpp"
#include "core/net/cancel_flag.hpp"

#include <memory>
#include <string>

namespace adiff {

struct ThumbnailJobSettings {
	int max_side = 160;
	std::string clips_folder; // "" = no clip is owned: nothing is read from or written to disk
};

struct ThumbnailOutcome {
	ThumbnailState state = ThumbnailState::Pending; // Pending only when canceled
	std::shared_ptr<const Thumbnail> image;         // when Ready
	bool decoded = false;                           // the clip's first frame was decoded
	bool png_read = false, png_written = false, png_discarded = false;
};

ThumbnailOutcome make_thumbnail(const std::string &clip_path, const ThumbnailJobSettings &settings,
				const CancelFlag &cancel);

} // namespace adiff
