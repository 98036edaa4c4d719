#!/usr/bin/env bash
# Builds and tests this checkout's HEAD commit on newer Debian releases, each in a debootstrap chroot:
# Debian 13 trixie (OBS 30) and Debian unstable sid (OBS 32). In each it runs the README's test command
# (./scripts/test.sh, which installs its own packages with apt), then builds the distribution's .deb,
# installs it and loads it in that distribution's OBS (scripts/test-package.sh). One line per distro.
#   scripts/test-distros.sh [distro...]        (default: trixie sid; must run as root)
# Cached outside the clone, in $ADIFF_DISTRO_CACHE (default /var/cache/obs-animatediff):
#   chroots/<distro>   the root filesystem with its packages, the clone and its build folder (so a
#                      second run only rebuilds what changed);
#   debs/<distro>      apt's and debootstrap's downloaded .debs (a deleted chroot is rebuilt without
#                      downloading again);  logs/<distro>-*.log  the full output of each step.
# Delete chroots/<distro> to start that distro afresh (e.g. to pick up newer sid packages).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ADIFF_DISTRO_CACHE:-/var/cache/obs-animatediff}"
MIRROR="${ADIFF_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BUILD="${ADIFF_BUILD_DIR:-$ROOT/build}"
DISTROS=("$@")
[ ${#DISTROS[@]} -gt 0 ] || DISTROS=(trixie sid)
CLONE=root/obs-animatediff # inside each chroot

[ "$(id -u)" -eq 0 ] || { echo "test-distros.sh needs root (debootstrap, mount, chroot)" >&2; exit 1; }
mkdir -p "$CACHE/chroots" "$CACHE/logs"
if ! command -v debootstrap >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

log() { echo "[test-distros $(date -u +%H:%M:%S)] $*" >&2; }

# Every mount this run made, in order; the EXIT trap ends what runs inside the chroots and unmounts them
# in reverse, whatever happened (a failed step, Ctrl-C), so no mount is ever left behind.
MOUNTS=()
BACKGROUND=()
cleanup() {
	local pid root i
	for pid in "${BACKGROUND[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for distro in "${DISTROS[@]}"; do
		root="$(realpath -m "$CACHE/chroots/$distro")"
		for pid in $(ls /proc | grep -E '^[0-9]+$'); do
			[ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -KILL "$pid" 2>/dev/null || true
		done
	done
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}" 2>/dev/null ||
			echo "test-distros: could not unmount ${MOUNTS[$i]}" >&2
	done
	MOUNTS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_chroot() {
	local root="$1"
	shift
	chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# The root filesystem, made once (debootstrap, ~3 min, waiting on the network) and then reused.
make_rootfs() {
	local distro="$1" root="$CACHE/chroots/$1"
	[ -f "$root/.adiff-ready" ] && return 0
	mkdir -p "$CACHE/debs/$distro"
	rm -rf "$root.tmp"
	debootstrap --variant=minbase --cache-dir="$CACHE/debs/$distro" "$distro" "$root.tmp" "$MIRROR"
	# A machine whose clock runs ahead of the mirror would refuse sid's Release file as expired.
	cat >"$root.tmp/etc/apt/apt.conf.d/99obs-animatediff" <<-APT
		Acquire::Check-Valid-Until "false";
		APT::Keep-Downloaded-Packages "true";
		Acquire::Retries "3";
	APT
	# A throwaway system: dpkg need not fsync every file it unpacks (halves the package install time).
	echo force-unsafe-io >"$root.tmp/etc/dpkg/dpkg.cfg.d/obs-animatediff-unsafe-io"
	# No service starts inside the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root.tmp/usr/sbin/policy-rc.d"
	chmod +x "$root.tmp/usr/sbin/policy-rc.d"
	rm -rf "$root"
	mv "$root.tmp" "$root"
	touch "$root/.adiff-ready"
}

mount_into() { # mount_into <target> <mount args...>
	local target="$1"
	shift
	mount "$@" "$target"
	MOUNTS+=("$target")
}

mount_chroot() {
	local distro="$1" root="$CACHE/chroots/$1"
	mount_into "$root/proc" -t proc proc
	mount_into "$root/sys" -t sysfs sys
	mount_into "$root/dev" --bind /dev
	mount_into "$root/dev/pts" --bind /dev/pts
	mount_into "$root/dev/shm" --bind /dev/shm
	mkdir -p "$CACHE/debs/$distro" "$root/var/cache/apt/archives"
	mount_into "$root/var/cache/apt/archives" --bind "$CACHE/debs/$distro"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
}

# The checkout's HEAD in a clone that persists in the chroot: git rewrites only the files that changed,
# so the build folder inside it stays valid and the next build is incremental.
sync_clone() {
	local root="$CACHE/chroots/$1"
	local clone="$root/$CLONE"
	[ -d "$clone/.git" ] || git clone -q --no-checkout "$ROOT" "$clone"
	git -C "$clone" fetch -q "$ROOT" HEAD
	git -C "$clone" checkout -q -f --detach FETCH_HEAD
	git -C "$clone" clean -q -f -d -x -e /build -e /build-deb
}

# GCC's and the linker's "file:line:col: warning:" (not the tests' own log lines).
COMPILER_WARNING='^[^ ]+:[0-9]+(:[0-9]+)?: warning:'

# A line of the ctest summary: "100% tests passed, 0 tests failed out of 290".
test_summary() { grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$1" | tail -n 1 || true; }

head_commit="$(git -C "$ROOT" rev-parse --short HEAD)"
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] ||
	log "note: uncommitted changes are not tested (the chroots test the commit $head_commit)"

# 1. Root filesystems for every distro at once (network-bound), then mounts and clones.
pids=()
for distro in "${DISTROS[@]}"; do
	log "$distro: root filesystem (log: $CACHE/logs/$distro-debootstrap.log)"
	make_rootfs "$distro" >"$CACHE/logs/$distro-debootstrap.log" 2>&1 &
	pids+=($!)
	BACKGROUND+=($!)
done
for i in "${!DISTROS[@]}"; do
	wait "${pids[$i]}" || { log "${DISTROS[$i]}: debootstrap failed:"; tail -n 20 "$CACHE/logs/${DISTROS[$i]}-debootstrap.log"; exit 1; }
done
BACKGROUND=()
for distro in "${DISTROS[@]}"; do
	mount_chroot "$distro"
	sync_clone "$distro"
done

# 2. Every distro's packages at once (network-bound: the test command would install them anyway, this
#    only lets the second distro download while the first one builds).
declare -A deps_pid
for distro in "${DISTROS[@]}"; do
	in_chroot "$CACHE/chroots/$distro" "/$CLONE/scripts/deps.sh" >"$CACHE/logs/$distro-deps.log" 2>&1 &
	deps_pid[$distro]=$!
	BACKGROUND+=($!)
done

# ADIFF_DISTRO_SETUP_ONLY=1 stops here: the chroots and their packages are cached, nothing is built.
if [ "${ADIFF_DISTRO_SETUP_ONLY:-0}" = 1 ]; then
	for distro in "${DISTROS[@]}"; do
		wait "${deps_pid[$distro]}" || { log "$distro: installing packages failed"; tail -n 20 "$CACHE/logs/$distro-deps.log"; exit 1; }
	done
	log "setup only: chroots ready"
	exit 0
fi

# 3. One distro after the other (CPU-bound): the README's test command, then the package.
results=()
failed=0
for distro in "${DISTROS[@]}"; do
	root="$CACHE/chroots/$distro"
	if ! wait "${deps_pid[$distro]}"; then
		log "$distro: installing packages failed:"
		tail -n 20 "$CACHE/logs/$distro-deps.log"
		results+=("$distro: FAILED installing packages (see $CACHE/logs/$distro-deps.log)")
		failed=1
		continue
	fi
	obs_version="$(in_chroot "$root" dpkg-query -W -f='${Version}' obs-studio)"
	ffmpeg_version="$(in_chroot "$root" dpkg-query -W -f='${Version}' libavformat-dev)"
	log "$distro: OBS $obs_version, FFmpeg $ffmpeg_version: ./scripts/test.sh (log: $CACHE/logs/$distro-test.log)"
	start=$SECONDS
	test_rc=0
	in_chroot "$root" bash -c "cd /$CLONE && ./scripts/test.sh" >"$CACHE/logs/$distro-test.log" 2>&1 || test_rc=$?
	summary="$(test_summary "$CACHE/logs/$distro-test.log")"
	warnings="$(grep -cE "$COMPILER_WARNING" "$CACHE/logs/$distro-test.log" || true)"
	if [ "$test_rc" -ne 0 ]; then
		grep -E "^(The following tests FAILED|[[:space:]]+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess aborted|Not Run)\))" \
			"$CACHE/logs/$distro-test.log" >&2 || tail -n 30 "$CACHE/logs/$distro-test.log" >&2
		failed=1
	fi
	[ "$warnings" -eq 0 ] || {
		grep -E "$COMPILER_WARNING" "$CACHE/logs/$distro-test.log" | sort -u >&2
		failed=1
	}
	log "$distro: package (log: $CACHE/logs/$distro-package.log)"
	package_rc=0
	in_chroot "$root" bash -c "cd /$CLONE && ./scripts/test-package.sh /$CLONE/build-deb/packages" \
		>"$CACHE/logs/$distro-package.log" 2>&1 || package_rc=$?
	package_line="$(grep -E "^package: " "$CACHE/logs/$distro-package.log" | tail -n 1 || true)"
	mkdir -p "$BUILD/packages/$distro"
	cp "$root/$CLONE/build-deb/packages/"*.deb "$BUILD/packages/$distro/" 2>/dev/null || true
	if [ "$package_rc" -eq 0 ]; then
		package_result="the .deb installs and loads in OBS"
	else
		tail -n 20 "$CACHE/logs/$distro-package.log" >&2
		package_result="PACKAGE FAILED"
		failed=1
	fi
	results+=("$distro: OBS $obs_version, FFmpeg $ffmpeg_version: ${summary:-no test summary (test.sh exit $test_rc)}; $warnings compiler warnings; $package_result (${package_line#package: }); $((SECONDS - start)) s")
done

echo "test-distros ($head_commit):"
printf '  %s\n' "${results[@]}"
exit $failed
