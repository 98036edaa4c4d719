// Hotkeys registered on each AnimateDiff source (Settings → Hotkeys, Stream Deck, TriggerHotkeyByName).
#pragma once

namespace adiff {

class AnimateDiffSource;

void register_source_hotkeys(AnimateDiffSource *source);

} // namespace adiff
