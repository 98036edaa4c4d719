#include "obs/source/source_missing_files.hpp"

#include "obs/util/plugin_log.hpp"
#include "obs/util/settings_keys.hpp"

#include <obs.hpp>

#include <filesystem>
#include <string>

namespace adiff {
namespace {

// Called by OBS (UI thread) with the source's private data, the new path, and our `data` (the source).
void replace_missing_clip(void *, const char *new_path, void *data)
{
	auto *source = static_cast<obs_source_t *>(data);
	if (!new_path || !*new_path)
		return; // the user chose to leave it missing
	adiff_source_log(source, LOG_INFO, "missing clip replaced by %s", new_path);
	OBSDataAutoRelease patch = obs_data_create();
	obs_data_set_string(patch, keys::kClipPath, new_path);
	obs_source_update(source, patch); // update() loads the clip, as after a panel edit
}

} // namespace

obs_missing_files_t *source_missing_files(obs_source_t *source)
{
	obs_missing_files_t *files = obs_missing_files_create();
	OBSDataAutoRelease settings = obs_source_get_settings(source);
	const std::string clip_path = obs_data_get_string(settings, keys::kClipPath);
	std::error_code ec;
	if (!clip_path.empty() && !std::filesystem::exists(clip_path, ec)) {
		obs_missing_files_add_file(files, obs_missing_file_create(clip_path.c_str(), replace_missing_clip,
									  OBS_MISSING_FILE_SOURCE, source, source));
	}
	return files;
}

} // namespace adiff
