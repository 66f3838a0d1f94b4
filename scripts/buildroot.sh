#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# buildroot.sh: a Debian release's own build environment, for kernels of
# another release than the host's.
#
# Trixie's kernel headers name trixie's compiler (gcc-14) and their kbuild
# tools (fixdep, modpost, objtool) are linked against trixie's C library,
# so vres.ko for a 7.x kernel is built inside a trixie root made with
# debootstrap, never by mixing trixie packages into the system:
#
#   scripts/buildroot.sh make RELEASE          make the root once (cached in
#                                                .build/cache/roots/RELEASE);
#                                                prints its path
#   scripts/buildroot.sh run RELEASE CMD...    run CMD in it, as root
#
# CMD runs in a private mount namespace where the work tree is bind-mounted
# at its own path, so every path of the tree (the module sources, the
# kernels unpacked under .build/cache/kernels) means the same inside and
# out, and in the same working directory; so is .build/cache where it is
# a link to another work tree's. Nothing is mounted outside that
# namespace; the root holds no state between runs. Made once, in about
# three minutes on 2 cores; "make distclean" removes it.
#
# The root records the PKGS it was made with (.vres-pkgs). When PKGS
# changes, "make" installs them in the existing root with the root's own
# apt-get (a few seconds for a package or two) instead of making it again;
# packages dropped from PKGS stay installed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/debian.sh"
roots="$top/.build/cache/roots"

# What building a module needs: the compiler the headers name, make, the
# libraries of the kbuild tools (objtool: libelf) and pahole, which the
# headers' BTF step runs; dkms, with which selftests/dkms.sh builds
# vres.ko as a user's machine would.
PKGS=gcc-14,make,libc6-dev,libelf1t64,kmod,dwarves,dkms

log() { echo "buildroot: $*" >&2; }
die() { log "$*"; exit 2; }

make_root() {
	local rel=$1 root="$roots/$1"

	if [ -e "$root/.vres-ready" ]; then
		[ "$(cat "$root/.vres-pkgs" 2>/dev/null)" = "$PKGS" ] ||
			add_pkgs "$rel"
		echo "$root"
		return
	fi
	[ "$(id -u)" -eq 0 ] || die "making a root needs root (debootstrap)"
	command -v debootstrap >/dev/null ||
		die "needs debootstrap (make deps installs it)"
	log "debootstrap $rel into $root (once, a few minutes)"
	rm -rf "$root.tmp"
	mkdir -p "$roots"
	debootstrap --variant=minbase --include="$PKGS" "$rel" "$root.tmp" \
		"$(debian_mirror)" > "$roots/$rel.log" 2>&1 ||
		die "debootstrap $rel failed (log: $roots/$rel.log)"
	# Nothing in the root is needed but its programs.
	rm -rf "$root.tmp"/var/cache/apt/archives/*.deb
	echo "$PKGS" > "$root.tmp/.vres-pkgs"
	touch "$root.tmp/.vres-ready"
	rm -rf "$root"
	mv "$root.tmp" "$root"
	echo "$root"
}

# add_pkgs RELEASE: install PKGS in a root made with other PKGS, as
# debootstrap --include would have (with their dependencies, without
# their recommendations), from the archive the root was made from.
add_pkgs() {
	local rel=$1 root="$roots/$1" log="$roots/$1-pkgs.log"

	[ "$(id -u)" -eq 0 ] || die "adding packages to a root needs root (chroot)"
	log "installing ${PKGS//,/ } in the $rel root (PKGS changed since it was made)"
	# The name server debootstrap copied in may be stale.
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	(cd / && DEBIAN_FRONTEND=noninteractive run "$rel" /bin/sh -c \
		'apt-get -q update && apt-get -q install -y --no-install-recommends "$@"' \
		add_pkgs ${PKGS//,/ }) > "$log" 2>&1 ||
		die "apt-get install in the $rel root failed (log: $log)"
	rm -rf "$root"/var/cache/apt/archives/*.deb
	echo "$PKGS" > "$root/.vres-pkgs"
}

# run RELEASE CMD...: CMD in the root, the work tree at its own path.
run() {
	local rel=$1 root="$roots/$1" cache
	shift
	[ -e "$root/.vres-ready" ] ||
		die "no $rel root: scripts/buildroot.sh make $rel"
	[ "$(id -u)" -eq 0 ] || die "running in a root needs root (chroot)"
	# The unpacked kernels name the physical path of .build/cache, which
	# is outside the work tree when .build/cache links to another's.
	cache=$(cd "$top/.build/cache" && pwd -P)
	case "$cache/" in "$top"/*) cache="" ;; esac
	unshare --mount --propagation private -- /bin/bash -c '
		root=$1 top=$2 cache=$3 cwd=$4
		shift 4
		mkdir -p "$root$top" "$root/proc" "$root/dev" &&
		mount --bind "$top" "$root$top" &&
		{ [ -z "$cache" ] || { mkdir -p "$root$cache" &&
			mount --bind "$cache" "$root$cache"; }; } &&
		mount -t proc proc "$root/proc" &&
		mount --rbind /dev "$root/dev" &&
		exec chroot "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
	' buildroot "$root" "$top" "$cache" "$PWD" "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
make)
	[ $# -eq 1 ] || die "usage: buildroot.sh make RELEASE"
	make_root "$1"
	;;
run)
	[ $# -ge 2 ] || die "usage: buildroot.sh run RELEASE CMD..."
	run "$@"
	;;
*)
	sed -n '/^#   selftests/,/^#$/s/^#   //p' "$0" >&2
	exit 2
	;;
esac
