#!/usr/bin/env bash
# Smoke test in the real OBS Studio GUI: the per-user plugin loads, a saved scene collection with the
# source loads without errors, OBS shows it, and OBS exits cleanly on SIGINT.
source "$(dirname "${BASH_SOURCE[0]}")/obs_gui_lib.sh" "$1" "$2" smoke

gui_install_plugin
"$GUI_SRC/scripts/obs-home.sh" "$GUI_HOME" '{"prompt": "neon city at night, rain", "seed": 42}'
gui_start_obs

gui_wait_log "\[obs-animatediff\] loaded" 60
gui_wait_log "source: 'AnimateDiff Loop' \(animatediff_source\)" 60
gui_wait_log "\[obs-animatediff: 'AnimateDiff Loop'\] created" 30
# The main window is up once OBS has listed the loaded scenes.
gui_wait_log "Loaded scenes:" 30
grep -q "Failed to create source" "$(gui_log_file)" && gui_fail "OBS could not create a source"
gui_screenshot obs-main-window

gui_stop_obs 30
gui_check_log_clean
echo "PASS: OBS loaded the plugin and the scene, and shut down cleanly (screenshot: $GUI_ARTIFACTS)"
