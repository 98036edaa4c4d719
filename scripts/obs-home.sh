#!/usr/bin/env bash
# Prepares an OBS config folder that opens straight into a scene holding an AnimateDiff source:
#   obs-home.sh <home> [source settings JSON]
# Writes <home>/.config/obs-studio/{global.ini,basic/profiles/AnimateDiff,basic/scenes/AnimateDiff.json}
# without overwriting an existing global.ini or collection (so a user's own setup is never lost).
set -euo pipefail
HOME_DIR="$1"
SETTINGS="${2:-}"
[ -n "$SETTINGS" ] || SETTINGS="{}"
CONFIG="$HOME_DIR/.config/obs-studio"
mkdir -p "$CONFIG/basic/profiles/AnimateDiff" "$CONFIG/basic/scenes"

if [ ! -f "$CONFIG/global.ini" ]; then
	cat >"$CONFIG/global.ini" <<INI
[General]
FirstRun=true
LastVersion=486539266
ConfirmOnExit=false
EnableAutoUpdates=false

[Basic]
Profile=AnimateDiff
ProfileDir=AnimateDiff
SceneCollection=AnimateDiff
SceneCollectionFile=AnimateDiff
INI
fi

if [ ! -f "$CONFIG/basic/profiles/AnimateDiff/basic.ini" ]; then
	cat >"$CONFIG/basic/profiles/AnimateDiff/basic.ini" <<INI
[General]
Name=AnimateDiff

[Video]
BaseCX=1280
BaseCY=720
OutputCX=1280
OutputCY=720
FPSType=1
FPSCommon=30
INI
fi

if [ ! -f "$CONFIG/basic/scenes/AnimateDiff.json" ]; then
	cat >"$CONFIG/basic/scenes/AnimateDiff.json" <<JSON
{
  "name": "AnimateDiff",
  "current_scene": "AnimateDiff",
  "current_program_scene": "AnimateDiff",
  "scene_order": [{"name": "AnimateDiff"}],
  "transitions": [],
  "current_transition": "Fade",
  "transition_duration": 300,
  "sources": [
    {
      "id": "scene", "versioned_id": "scene", "name": "AnimateDiff", "enabled": true,
      "settings": {"id_counter": 1, "custom_size": false, "items": [
        {"name": "AnimateDiff Loop", "source_uuid": "", "visible": true, "locked": false, "id": 1,
         "pos": {"x": 384.0, "y": 104.0}, "rot": 0.0, "scale": {"x": 1.0, "y": 1.0}, "align": 5,
         "bounds_type": 0, "bounds_align": 0, "bounds": {"x": 0.0, "y": 0.0}, "crop_left": 0,
         "crop_top": 0, "crop_right": 0, "crop_bottom": 0}
      ]}
    },
    {
      "id": "animatediff_source", "versioned_id": "animatediff_source", "name": "AnimateDiff Loop",
      "enabled": true, "settings": $SETTINGS
    }
  ]
}
JSON
fi
