#!/usr/bin/env bash
# Builds this distribution's .deb with CPack (a plain build with -DCMAKE_INSTALL_PREFIX=/usr and no test
# dependencies, as a packager would), installs it with apt, checks that the system's OBS loads the
# system-installed module under Xvfb, and removes the package again. It changes the system, so
# scripts/test-distros.sh runs it inside each throwaway chroot; the .deb is copied to [out dir].
#   scripts/test-package.sh [out dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG_BUILD="${ADIFF_PACKAGE_BUILD_DIR:-$ROOT/build-deb}"
OUT="${1:-$PKG_BUILD/packages}"
[ "$(id -u)" -eq 0 ] || { echo "test-package.sh installs a system package: run it as root in a throwaway system" >&2; exit 1; }

"$ROOT/scripts/deps.sh"
cmake -S "$ROOT" -B "$PKG_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
	-DADIFF_BUILD_TESTS=OFF -DADIFF_BUILD_BENCH=OFF >/dev/null
cmake --build "$PKG_BUILD" -j"$(nproc)" --target obs-animatediff
rm -f "$PKG_BUILD"/obs-animatediff_*.deb
(cd "$PKG_BUILD" && cpack -G DEB >/dev/null)
deb="$(ls "$PKG_BUILD"/obs-animatediff_*.deb)"
mkdir -p "$OUT"
cp "$deb" "$OUT/"
echo "package: $(basename "$deb"), Depends: $(dpkg-deb -f "$deb" Depends)"

remove_package() { DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq obs-animatediff >/dev/null 2>&1 || true; }
trap remove_package EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null

multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH)"
for file in "/usr/lib/$multiarch/obs-plugins/obs-animatediff.so" \
	/usr/share/obs/obs-plugins/obs-animatediff/locale/en-US.ini \
	/usr/share/obs/obs-plugins/obs-animatediff/locale/zh-CN.ini \
	/usr/share/obs/obs-plugins/obs-animatediff/effects/crossfade.effect; do
	dpkg -S "$file" >/dev/null 2>&1 || { echo "FAIL: the package does not install $file" >&2; exit 1; }
done

xvfb-run -a -s "-screen 0 1280x1024x24" bash "$ROOT/tests/gui/system_package_check.sh" "$PKG_BUILD" "$ROOT"
