#!/usr/bin/env bash
# Run by scripts/test-package.sh once the .deb is installed: the system's OBS, with no per-user plugin,
# loads the module from the system plugin folder, finds its locale, creates the source from a saved
# scene collection and shuts down cleanly. (Not a ctest test: it needs the package installed.)
source "$(dirname "${BASH_SOURCE[0]}")/obs_gui_lib.sh" "$1" "$2" system-package

[ ! -e "$GUI_HOME/.config/obs-studio/plugins" ] || gui_fail "a per-user plugin folder exists in the test HOME"
"$GUI_SRC/scripts/obs-home.sh" "$GUI_HOME" '{"prompt": "neon city at night, rain", "seed": 42}'
gui_start_obs

gui_wait_log "\[obs-animatediff\] loaded" 60
gui_wait_log "\[obs-animatediff: 'AnimateDiff Loop'\] created" 30
gui_wait_log "Loaded scenes:" 30
grep -q "Failed to create source" "$(gui_log_file)" && gui_fail "OBS could not create a source"
# libobs logs this when the module's data folder (locale/en-US.ini) is not where it looks.
grep -q "Failed to load 'en-US' text for module: 'obs-animatediff" "$(gui_log_file)" &&
	gui_fail "OBS did not find the module's locale"
gui_stop_obs 30
gui_check_log_clean
echo "PASS: the system OBS loaded the packaged module and created the source"
