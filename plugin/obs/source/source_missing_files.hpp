// OBS's Missing Files dialog (opened when a scene collection names files that are gone): the clip the
// source plays (clip_path) is listed when it no longer exists, and picking its new place updates
// clip_path like a panel edit. History entries are not listed: they are the plugin's own cached clips,
// capped and deleted by the plugin itself, and the history list simply skips a gone one.
#pragma once

#include <obs.h>

namespace adiff {

// The source's missing files (libobs destroys the list); `source` is the OBS source.
obs_missing_files_t *source_missing_files(obs_source_t *source);

} // namespace adiff
