#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu.sh: the QEMU that runs the KVM tests' test VM.
#
# The KVM tests run a real KVM guest inside the test VM (nested SVM under
# QEMU's TCG). Debian's QEMU delivers an interrupt that the test VM's KVM
# injects into its guest twice when its CPU loop is left right after the
# injection, which the icount clock makes frequent, and the nested guest's
# kernel deadlocks (Documentation/kvm.rst, "A fault of the emulator").
# This script builds the system's own QEMU version from Debian's source
# package with the patches in selftests/qemu (svm-evtinj-once.patch; and
# tcg-invtsc.patch, for the PREEMPT_RT kernels' KVM, which needs an
# invariant TSC), and only what the test VM uses (x86_64 system emulation,
# TCG, 9p):
#
#   scripts/qemu.sh build   download (apt-get source, a private apt state
#                             under .build/cache/apt-src), patch, build and
#                             install it under .build/cache/qemu/VERSION;
#                             prints the binary's path. Does nothing when
#                             that build is there already.
#   scripts/qemu.sh path    the binary's path, if built (status 1 if not)
#
# The binary uses the system's firmware (Debian's firmware path:
# /usr/share/qemu, /usr/share/seabios, /usr/lib/ipxe/qemu). About 10 minutes on 2 cores, once; "make
# distclean" removes it. Build dependencies: make deps installs them.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/debian.sh"
cache="$top/.build/cache"
aptdir="$cache/apt-src"
patches=("$top"/selftests/qemu/*.patch)

log() { echo "qemu: $*" >&2; }
die() { log "$*"; exit 2; }

debian_apt_opts "$aptdir"

# The source version of the installed qemu-system-x86, e.g. 1:7.2+dfsg-7+deb12u18.
src_version() {
	dpkg-query -W -f '${source:Version}' qemu-system-x86 2>/dev/null ||
		die "qemu-system-x86 is not installed (make deps)"
}

# The build's directory: the version, and the patches' hash (a new patch
# is a new build).
build_dir() {
	local v h
	v=$(src_version | tr ':~' '__')
	h=$(cat "${patches[@]}" | sha256sum | cut -c1-12)
	echo "$cache/qemu/$v-$h"
}

cmd_path() {
	local bin
	bin=$(build_dir)/bin/qemu-system-x86_64
	[ -x "$bin" ] || return 1
	echo "$bin"
}

cmd_build() {
	local dir ver m p
	if cmd_path; then
		return 0
	fi
	dir=$(build_dir)
	ver=$(src_version)
	m=$(debian_mirror)
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	cat > "$aptdir/sources.list" <<-EOF
	deb-src $m bookworm main
	deb-src $m bookworm-updates main
	deb-src $m-security bookworm-security main
	EOF
	log "apt-get update (deb-src, private lists in $aptdir)"
	apt-get "${APT_OPTS[@]}" -qq update >&2 || die "apt-get update failed"
	work=$(mktemp -d "$cache/qemu-build.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	log "downloading the source of qemu $ver"
	(cd "$work" && apt-get "${APT_OPTS[@]}" -qq source --download-only \
		"qemu=$ver" >&2) || die "apt-get source qemu=$ver failed"
	(cd "$work" && dpkg-source -x --no-check ./*.dsc src >/dev/null) ||
		die "dpkg-source -x failed"
	for p in "${patches[@]}"; do
		(cd "$work/src" && patch -p1 -s < "$p") ||
			die "$p does not apply to qemu $ver"
	done
	log "building qemu-system-x86_64 $ver with $(basename -a "${patches[@]}" | tr '\n' ' ')"
	mkdir -p "$work/src/build"
	(cd "$work/src/build" && ../configure --prefix=/usr \
		--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu \
		--target-list=x86_64-softmmu --enable-virtfs --disable-docs \
		--disable-werror --disable-tools --disable-guest-agent \
		--disable-sdl --disable-gtk --disable-vnc --disable-opengl \
		--disable-spice --disable-curl --disable-gnutls --disable-nettle \
		--disable-gcrypt --disable-libusb --disable-usb-redir \
		--disable-smartcard --disable-xen --disable-capstone \
		--disable-slirp --disable-vhost-user --disable-linux-io-uring \
		--disable-libssh --disable-bzip2 --disable-lzo --disable-snappy \
		--disable-zstd --disable-rbd --disable-glusterfs \
		--disable-libiscsi --disable-libnfs --disable-seccomp \
		--disable-vde --disable-netmap --disable-brlapi \
		--audio-drv-list= > "$work/configure.log" 2>&1) ||
		{ tail -n 20 "$work/configure.log" >&2; die "configure failed"; }
	(cd "$work/src/build" && ninja -j "$(nproc)" qemu-system-x86_64 \
		> "$work/build.log" 2>&1) ||
		{ tail -n 20 "$work/build.log" >&2; die "build failed"; }
	mkdir -p "$dir.tmp/bin" "$dir.tmp/share" "$dir.tmp/lib/ipxe"
	cp "$work/src/build/qemu-system-x86_64" "$dir.tmp/bin/"
	# QEMU finds its firmware path relative to its binary (/usr/bin):
	# ../share/qemu and so on. Link them to the system's.
	ln -s /usr/share/qemu "$dir.tmp/share/qemu"
	ln -s /usr/share/seabios "$dir.tmp/share/seabios"
	ln -s /usr/lib/ipxe/qemu "$dir.tmp/lib/ipxe/qemu"
	cp "${patches[@]}" "$dir.tmp/"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
	cmd_path
}

case "${1:-}" in
build) cmd_build ;;
path) cmd_path ;;
*) echo "usage: $0 build|path" >&2; exit 2 ;;
esac
