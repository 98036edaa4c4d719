#!/usr/bin/env bash
# The bounded soak (tests/soak): [generations] (default 240) on [sources] (default 4) generators at once
# against the loopback fake API with rotating faults; prints RSS, threads, open files and the clips
# folder after the warm-up, halfway and at the end, and exits non-zero when they are not flat. A few
# minutes at most; the plugin's log goes to <build>/soak.log.
#   scripts/soak.sh [generations] [sources]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ADIFF_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/deps.sh"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" --target adiff_soak >/dev/null
timeout 600 "$BUILD/tests/adiff_soak" "${1:-240}" "${2:-4}" 2>"$BUILD/soak.log"
