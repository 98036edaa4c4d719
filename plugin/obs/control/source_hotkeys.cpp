#include "obs/control/source_hotkeys.hpp"

#include "obs/control/live_target.hpp"
#include "obs/control/show_actions.hpp"
#include "obs/render/clip_player.hpp"
#include "obs/util/plugin_text.hpp"

#include <obs-module.h>

namespace adiff {
namespace {

LiveTarget *self(void *data)
{
	return static_cast<LiveTarget *>(data);
}

// Hotkey callbacks fire on press and on release; act on the press only.
void on_generate(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		self(data)->generate(TriggerOrigin::Hotkey);
}

void on_cancel(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		self(data)->cancel();
}

void on_play_pause(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (!pressed)
		return;
	ClipPlayer &player = self(data)->player();
	player.play_pause(player.media_state() == OBS_MEDIA_STATE_PLAYING);
}

void on_restart(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		self(data)->player().restart();
}

} // namespace

void register_source_hotkeys(obs_source_t *source, LiveTarget *target)
{
	// Names are stable (they are saved in scene collections with the bindings).
	obs_hotkey_register_source(source, "AnimateDiff.Generate", T("Hotkey.Generate"), on_generate, target);
	obs_hotkey_register_source(source, "AnimateDiff.Cancel", T("Hotkey.Cancel"), on_cancel, target);
	obs_hotkey_register_source(source, "AnimateDiff.PlayPause", T("Hotkey.PlayPause"), on_play_pause, target);
	obs_hotkey_register_source(source, "AnimateDiff.Restart", T("Hotkey.Restart"), on_restart, target);
	register_show_hotkeys(source, target);
}

} // namespace adiff
