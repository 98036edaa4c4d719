#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, installs the plugin for the current user
# (~/.config/obs-studio/plugins/obs-animatediff) and opens OBS with a scene holding the source.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ADIFF_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"
cmake --install "$BUILD" --prefix "$HOME/.config/obs-studio/plugins/obs-animatediff" >/dev/null
"$ROOT/scripts/obs-home.sh" "$HOME"

if [ -z "${REPLICATE_API_TOKEN:-}" ]; then
	echo "obs-animatediff: no REPLICATE_API_TOKEN in the environment. Either start with" >&2
	echo "  REPLICATE_API_TOKEN=r8_... $0" >&2
	echo "or paste a token into the source's 'API token' field (it is stored in a private file, not the scene)." >&2
fi
exec obs --disable-updater --collection AnimateDiff --profile AnimateDiff --scene AnimateDiff "$@"
