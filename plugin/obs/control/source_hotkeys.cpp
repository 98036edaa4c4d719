#include "obs/control/source_hotkeys.hpp"

#include "obs/control/show_actions.hpp" // setlist hook
#include "obs/source/animatediff_source.hpp"

#include <obs-module.h>

namespace adiff {
namespace {

AnimateDiffSource *self(void *data)
{
	return static_cast<AnimateDiffSource *>(data);
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

void register_source_hotkeys(AnimateDiffSource *source)
{
	obs_source_t *s = source->source();
	// Names are stable (they are saved in scene collections with the bindings).
	obs_hotkey_register_source(s, "AnimateDiff.Generate", obs_module_text("Hotkey.Generate"), on_generate, source);
	obs_hotkey_register_source(s, "AnimateDiff.Cancel", obs_module_text("Hotkey.Cancel"), on_cancel, source);
	obs_hotkey_register_source(s, "AnimateDiff.PlayPause", obs_module_text("Hotkey.PlayPause"), on_play_pause,
				   source);
	obs_hotkey_register_source(s, "AnimateDiff.Restart", obs_module_text("Hotkey.Restart"), on_restart, source);
	register_show_hotkeys(source); // setlist hook
}

} // namespace adiff
