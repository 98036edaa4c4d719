#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test
# (unit tests, libobs tests and the real OBS GUI tests, all under one Xvfb display).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ADIFF_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/deps.sh"
"$ROOT/scripts/build.sh"

# Mesa's llvmpipe in one Xvfb server shared by all tests; the GUI tests run serially.
xvfb-run -a -s "-screen 0 1280x1024x24" \
	ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" "$@"
