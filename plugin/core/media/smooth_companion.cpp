#include "core/media/smooth_companion.hpp"

#include "core/util/log.hpp"

#include <cstdio>
#include <filesystem>

namespace adiff {

SmoothCompanion::SmoothCompanion(const ClipStore &store, const std::string &clip_path, int fps, bool wrap,
				 const CancelFlag *cancel)
	: store_(store),
	  clip_path_(clip_path),
	  fps_(fps),
	  wrap_(wrap),
	  cancel_(cancel)
{
	path_ = store.companion_path(clip_path, smooth_cache_kind(fps, wrap), "mkv");
	if (!path_.empty())
		key_ = smooth_cache_key(clip_path, fps, wrap, cancel);
}

std::optional<SmoothResult> SmoothCompanion::load(const DecodedClip &plain)
{
	if (!enabled())
		return std::nullopt;
	CachedSmooth cached = load_smooth_cache(path_, key_, plain, fps_, wrap_, cancel_);
	if (cached.load == CacheLoad::Loaded) {
		log_line(LogLevel::Info, "smooth cache: %zu frames at %d fps from %s",
			 cached.result.clip->frames.size(), fps_, path_.c_str());
		cached.result.from_cache = true;
		return std::move(cached.result);
	}
	if (cached.load != CacheLoad::Missing) {
		const bool deleted = store_.remove_owned(path_);
		log_line(LogLevel::Warning, "smooth cache: %s %s (%s): %s, smoothing anew", path_.c_str(),
			 cache_load_id(cached.load), cached.detail.c_str(), deleted ? "deleted" : "left in place");
	}
	return std::nullopt;
}

bool SmoothCompanion::keep(const SmoothResult &smoothed)
{
	if (!enabled() || !smoothed.ok() || smoothed.reduced || smoothed.fps != fps_)
		return false;
	const std::string hash = std::filesystem::path(clip_path_).stem().string();
	const std::string temp = store_.temp_path_for(hash);
	const std::string error = write_smooth_cache(temp, key_, smoothed, cancel_);
	std::string commit_error;
	if (error.empty() && !(cancel_ && cancel_->canceled()) && store_.commit(temp, path_, &commit_error)) {
		log_line(LogLevel::Info, "smooth cache: kept %zu frames in %s", smoothed.clip->frames.size(),
			 path_.c_str());
		return true;
	}
	std::remove(temp.c_str());
	if (!(cancel_ && cancel_->canceled()))
		log_line(LogLevel::Warning, "smooth cache: cannot keep %s (%s)", path_.c_str(),
			 (error.empty() ? commit_error : error).c_str());
	return false;
}

} // namespace adiff
