// Hotkeys registered on each AnimateDiff source (Settings → Hotkeys, Stream Deck, TriggerHotkeyByName).
#pragma once

#include <obs.h>

namespace adiff {

class LiveTarget;

void register_source_hotkeys(obs_source_t *source, LiveTarget *target);

} // namespace adiff
