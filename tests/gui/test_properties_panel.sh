#!/usr/bin/env bash
# The properties panel in the real OBS: it opens (through obs-websocket's OpenInputPropertiesDialog,
# as a person double-clicking the source would), shows the source's groups, and its Generate button
# with no token ends in a clear status instead of a request. Screenshots are kept as artifacts; the
# README's panel picture is one of them.
source "$(dirname "${BASH_SOURCE[0]}")/obs_gui_lib.sh" "$1" "$2" properties-panel

gui_install_plugin
"$GUI_SRC/scripts/obs-home.sh" "$GUI_HOME" '{"prompt": "neon city at night, rain, cinematic", "seed": 0}'
gui_enable_websocket "$(gui_free_port)"
# No token anywhere: Generate must refuse before any network call.
unset REPLICATE_API_TOKEN
gui_start_obs

gui_wait_log "Loaded scenes:" 60
gui_wait_websocket 30
echo "opening the properties dialog"
gui_ws OpenInputPropertiesDialog '{"inputName": "AnimateDiff Loop"}' >/dev/null ||
	gui_fail "OpenInputPropertiesDialog failed"
window="$(gui_wait_window "AnimateDiff Loop" 30)"
# Tall enough to show the actions and the model group in one picture.
timeout 10 xdotool windowsize "$window" 760 1000 2>/dev/null || true
gui_screenshot properties-open

# Generate with no token: a status that says what to do, and a log line; nothing is sent anywhere.
gui_ws PressInputPropertiesButton '{"inputName": "AnimateDiff Loop", "propertyName": "generate"}' >/dev/null ||
	gui_fail "PressInputPropertiesButton generate failed"
gui_wait_log "\[obs-animatediff: 'AnimateDiff Loop'\] generation not started: no_token" 30
timeout 20 import -window "$window" "$GUI_ARTIFACTS/properties-panel.png" 2>/dev/null || gui_screenshot properties-panel
gui_screenshot properties-after-generate

gui_stop_obs 30
gui_check_log_clean
echo "PASS: the properties panel opened, Generate without a token refused with a clear status"
