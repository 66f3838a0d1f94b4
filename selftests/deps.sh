#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install, idempotently and non-interactively, every Debian package
# that building and testing vres needs ("make deps"). Debian 12 (bookworm),
# as root. When everything is present it only checks and returns.
#
# Besides bookworm's own packages it installs the 6.12 kernel image and
# headers from bookworm-backports (the second kernel "make check" tests on),
# adding that suite in its own sources file.
set -eu

# Packages from bookworm itself.
PKGS=(
	# module build and the test VM
	build-essential kmod linux-headers-amd64 linux-image-amd64
	qemu-system-x86 busybox-static cpio xz-utils
	# vmtest.sh's hang diagnosis (selftests/vm/diagnose_hang.py)
	gdb
	# kernel source: KUnit (UML) build, kselftest headers, checkpatch
	linux-source bc bison flex libelf-dev libssl-dev python3 rsync
	# vresctl
	libjansson-dev pkg-config
	# selftests and benchmarks inside the VM
	util-linux procps linux-perf trace-cmd
)

BPO_SOURCES=/etc/apt/sources.list.d/vres-bookworm-backports.sources
BPO_SUITE=bookworm-backports

log() { echo "deps: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
	log "must run as root (apt-get install)"
	exit 2
fi
if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
	log "warning: this is not Debian 12 (bookworm); package names may differ"
fi

export DEBIAN_FRONTEND=noninteractive
updated=0
apt_update() {
	[ $updated -eq 1 ] && return 0
	log "apt-get update"
	apt-get update -qq
	updated=1
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

mapfile -t missing < <(missing_pkgs "${PKGS[@]}")
if [ ${#missing[@]} -gt 0 ]; then
	apt_update
	log "installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The 6.12 kernel from bookworm-backports. Install the versioned image and
# headers packages that backports' linux-image-amd64 points at, not the
# metapackages, so that the system's default kernel stays 6.1.
if ! ls /boot/vmlinuz-6.12.* >/dev/null 2>&1 ||
   ! ls -d /lib/modules/6.12.*/build >/dev/null 2>&1; then
	if [ ! -e "$BPO_SOURCES" ] &&
	   ! grep -rqs "$BPO_SUITE" /etc/apt/sources.list /etc/apt/sources.list.d/; then
		log "adding $BPO_SUITE in $BPO_SOURCES"
		cat > "$BPO_SOURCES" <<-SRC
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: $BPO_SUITE
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		SRC
		updated=0
	fi
	apt_update
	image=$(apt-cache show -t "$BPO_SUITE" linux-image-amd64 |
		awk '/^Depends:/ && $2 ~ /^linux-image-6\.12/ { print $2; exit }')
	if [ -z "$image" ]; then
		log "cannot find a 6.12 kernel in $BPO_SUITE"
		exit 1
	fi
	headers=${image/linux-image-/linux-headers-}
	log "installing $image $headers from $BPO_SUITE"
	apt-get install -y -qq --no-install-recommends -t "$BPO_SUITE" \
		"$image" "$headers" >/dev/null
fi

log "all packages present"
