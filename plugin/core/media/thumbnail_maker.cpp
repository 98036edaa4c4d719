#include "core/media/thumbnail_maker.hpp"

#include "core/clips/clip_store.hpp"
#include "core/media/decoder.hpp"
#include "core/media/thumbnail_png.hpp"
#include "core/util/log.hpp"

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>

namespace adiff {
namespace {

// The first frame is decoded at most this large (the decoder scales it while converting) before it is
// scaled to the thumbnail: a 4096x4096 clip never costs 64 MB for a 160-pixel picture.
uint64_t first_frame_budget(int max_side)
{
	return std::max<uint64_t>(4ull << 20, uint64_t(max_side) * uint64_t(max_side) * 16);
}

int64_t mtime_ns(const struct stat &info)
{
	return int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

// The PNG beside an owned clip when it is sound, fits max_side and is not older than the clip (a clip
// written again under the same name has a new first frame). Null otherwise, with *discarded set when a
// file was there but is not usable.
std::shared_ptr<const Thumbnail> from_png(const std::string &png, const struct stat &clip_info, int max_side,
					  bool *discarded)
{
	struct stat png_info;
	if (::lstat(png.c_str(), &png_info) != 0)
		return nullptr; // not made yet
	std::string why;
	std::shared_ptr<const Thumbnail> image;
	if (mtime_ns(png_info) < mtime_ns(clip_info))
		why = "older than its clip";
	else
		image = read_thumbnail_png(png, max_side, &why);
	if (!image) {
		*discarded = true;
		log_line(LogLevel::Info, "thumbnail: %s: %s; making it again", png.c_str(), why.c_str());
	}
	return image;
}

bool clip_exists(const std::string &clip_path)
{
	struct stat info;
	return ::stat(clip_path.c_str(), &info) == 0;
}

// The clip's first frame, scaled; Missing, Damaged, or Pending when canceled.
ThumbnailOutcome from_first_frame(const std::string &clip_path, int max_side, const CancelFlag &cancel)
{
	ThumbnailOutcome outcome;
	DecodeOptions options;
	options.max_frames = 1; // the rest of the clip is never read
	options.memory_budget_bytes = first_frame_budget(max_side);
	options.cancel = &cancel;
	const DecodeResult result = decode_clip(clip_path, options);
	outcome.decoded = true;
	if (cancel.canceled())
		return outcome;
	if (result.error == DecodeError::NotFound) {
		outcome.state = ThumbnailState::Missing;
		return outcome;
	}
	if (!result.ok() || result.clip->frames.empty()) {
		outcome.state = ThumbnailState::Damaged; // the decoder logged why
		return outcome;
	}
	const DecodedClip &clip = *result.clip;
	outcome.image = scale_to_thumbnail(clip.frames[0].data(), clip.width, clip.height, max_side, &cancel);
	if (cancel.canceled())
		return outcome;
	outcome.state = outcome.image ? ThumbnailState::Ready : ThumbnailState::Damaged;
	return outcome;
}

} // namespace

ThumbnailOutcome make_thumbnail(const std::string &clip_path, const ThumbnailJobSettings &settings,
				const CancelFlag &cancel)
{
	ThumbnailOutcome outcome;
	struct stat clip_info;
	if (::stat(clip_path.c_str(), &clip_info) != 0) {
		outcome.state = errno == ENOENT || errno == ENOTDIR ? ThumbnailState::Missing : ThumbnailState::Damaged;
		return outcome;
	}
	// Only beside the plugin's own clips: a user's folder gets no file from us, and a file there named
	// like a thumbnail is not ours to trust.
	const bool owned = !settings.clips_folder.empty() && ClipStore(settings.clips_folder).owns(clip_path);
	const std::string png = thumbnail_path_for(clip_path);
	if (owned) {
		outcome.image = from_png(png, clip_info, settings.max_side, &outcome.png_discarded);
		if (outcome.image) {
			outcome.state = ThumbnailState::Ready;
			outcome.png_read = true;
			return outcome;
		}
	}
	if (cancel.canceled())
		return outcome;
	const bool discarded = outcome.png_discarded;
	outcome = from_first_frame(clip_path, settings.max_side, cancel);
	outcome.png_discarded = discarded;
	if (!owned || outcome.state != ThumbnailState::Ready)
		return outcome;
	std::string why;
	// Not beside a clip deleted meanwhile (its companions went with it), nor after a cancel.
	const auto keep_going = [&] {
		return !cancel.canceled() && clip_exists(clip_path);
	};
	outcome.png_written = write_thumbnail_png(*outcome.image, png, keep_going, &why);
	if (!outcome.png_written && !cancel.canceled())
		log_line(LogLevel::Warning, "thumbnail: %s not written (%s); kept in memory", png.c_str(), why.c_str());
	return outcome;
}

} // namespace adiff
