#!/usr/bin/env bash
# Installs (with apt, as root or via sudo) the Debian packages the build, tests, packaging and OBS need.
# The same names work on Debian 12 (bookworm), 13 (trixie) and unstable (sid): only -dev, tool and
# arch-independent packages are named, so the t64-renamed runtime libraries come in as dependencies.
# Idempotent and quick: packages already present are skipped without touching apt.
set -euo pipefail

PACKAGES=(
	build-essential cmake pkg-config git
	libobs-dev obs-studio obs-plugins
	libcurl4-openssl-dev nlohmann-json3-dev
	libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libavfilter-dev ffmpeg
	libgtest-dev libcpp-httplib-dev libx11-dev
	xvfb xauth libgl1-mesa-dri imagemagick xdotool
	python3 python3-websocket
	dpkg-dev file
	clang libclang-rt-dev clang-format clang-tidy
)

# The dock's Qt must be the Qt that the distribution's OBS links (two Qt majors in one process crash):
# Qt 5 for Debian 12's OBS 29, Qt 6 for OBS 30 (Debian 13) and 32 (unstable). Read from the obs-studio
# package's dependencies when apt knows it, else from the release.
qt_dev_package() {
	local depends
	depends="$(apt-cache depends obs-studio 2>/dev/null || true)"
	if grep -q "libqt6" <<<"$depends"; then
		echo qt6-base-dev
	elif grep -q "libqt5" <<<"$depends"; then
		echo qtbase5-dev
	elif grep -q '^VERSION_ID="12"' /etc/os-release 2>/dev/null; then
		echo qtbase5-dev
	else
		echo qt6-base-dev
	fi
}
PACKAGES+=("$(qt_dev_package)")

missing=()
for pkg in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "obs-animatediff: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
