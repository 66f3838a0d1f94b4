#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build32.sh: vres.ko must build and link for a 32-bit kernel.
#
# On a 32-bit kernel, a plain "/" or "%" on u64 compiles to a call to
# libgcc's __udivdi3/__umoddi3 (or __divdi3/__moddi3 signed), which the
# kernel does not export: the module would not load. 64-bit builds cannot
# see it, so this script builds vres.ko against a real 32-bit x86
# configuration, Debian 12's 686 kernel headers, with the same W=1 as
# "make module", and fails if the build fails, warns, or if modpost (or
# the module's own symbol table) names a libgcc helper.
#
# The headers are downloaded with "apt-get download" (a private apt state
# under .build/cache/apt-i386: the system's architectures, sources and
# package lists are not touched) and unpacked with "dpkg -x":
#
#   .build/cache/kernels-i386/KVER/usr/src/linux-headers-KVER/  (KDIR)
#   .build/cache/kernels-i386/KVER/usr/lib/linux-kbuild-6.1/   (amd64 tools)
#
# The kbuild tools (fixdep, modpost) are the amd64 package of the same
# version: they run on this host, the i386 ones would need a 32-bit libc.
# The compiler is the system's gcc-12 with -m32, as the headers ask; the
# kernel needs no 32-bit libc. The module is built from a copy of the
# sources in .build/kmod/KVER/src. Nothing outside .build is written.
#
#   selftests/build32.sh        fetch (once a day at most) and build
#
# Exit status: 0 the module builds cleanly, 1 it does not, 2 the
# headers could not be fetched or unpacked.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/debian.sh"
# Physical path: the unpacked Makefile names it, and .build/cache may be
# a link shared by several work trees.
mkdir -p "$top/.build/cache"
cache=$(cd "$top/.build/cache" && pwd -P)
aptdir="$cache/apt-i386"
kernels="$cache/kernels-i386"

# Debian 12's kernel series and flavour for 32-bit x86 (i686, PAE off).
SERIES=6.1
FLAVOUR=686

log() { echo "build32: $*" >&2; }
die() { log "$*"; exit 2; }

# Private apt for i386, with amd64 too for the kbuild tools.
debian_apt_opts "$aptdir"
APT_OPTS+=(
	-o "Dir::State::status=$aptdir/status"
	-o "APT::Architecture=i386"
	-o "APT::Architectures::=i386"
	-o "APT::Architectures::=amd64"
)

# Fresh lists, at most a day old; false if they cannot be had.
apt_setup() {
	local m
	m=$(debian_mirror)
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	: >> "$aptdir/status"
	cat > "$aptdir/sources.list.new" <<-EOF
	deb $m bookworm main
	deb $m bookworm-updates main
	deb $m-security bookworm-security main
	EOF
	if ! cmp -s "$aptdir/sources.list.new" "$aptdir/sources.list"; then
		mv "$aptdir/sources.list.new" "$aptdir/sources.list"
		rm -f "$aptdir/updated"
	else
		rm -f "$aptdir/sources.list.new"
	fi
	[ -n "$(find "$aptdir/updated" -mmin -1440 2>/dev/null)" ] && return 0
	log "apt-get update (private lists in $aptdir)"
	apt-get "${APT_OPTS[@]}" -qq update >&2 || return 1
	touch "$aptdir/updated"
}

# The newest linux-headers-SERIES.*-FLAVOUR that linux-headers-FLAVOUR of
# any suite depends on.
headers_package() {
	apt-cache "${APT_OPTS[@]}" show "linux-headers-$FLAVOUR:i386" 2>/dev/null |
		awk -v s="$SERIES" '
		/^Version:/ { v = $2 }
		/^Depends:/ {
			p = $2
			if (index(p, "linux-headers-" s ".") == 1)
				print v, p
		}' |
		sort -V -k1,1 | tail -n 1 | cut -d' ' -f2
}

# packages HEADERS: NAME:ARCH=VERSION of the headers, and of the common
# headers and the kbuild tools they depend on, all from the same source
# and so of the same version; the kbuild tools for amd64, they run here.
packages() {
	local h=$1 ver dep
	ver=$(apt-cache "${APT_OPTS[@]}" show "$h:i386" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	echo "$h:i386=$ver"
	apt-cache "${APT_OPTS[@]}" show "$h:i386=$ver" 2>/dev/null |
		sed -n '/^Depends:/{s/^Depends: //;p;q}' | tr ',' '\n' |
		sed 's/^ *//; s/ .*//' |
		while read -r dep; do
			case "$dep" in
			linux-headers-*-common) echo "$dep:all=$ver" ;;
			linux-kbuild-*) echo "$dep:amd64=$ver" ;;
			esac
		done
}

# unpack KVER DEB...: one root for one kernel's headers, usable in place.
unpack() {
	local kver=$1 root="$kernels/$1" tmp="$kernels/$1.tmp" f
	shift
	debian_unpack "$tmp" "$@" || die "cannot unpack $* into $tmp"
	f=$tmp/usr/src/linux-headers-$kver
	[ -r "$f/Makefile" ] || die "no usr/src/linux-headers-$kver in $*"
	debian_repoint_headers "$tmp" "$root"
	# scripts and tools are relative links to the kbuild package: it
	# must be the amd64 one, the one that runs here.
	if ! "$f/scripts/basic/fixdep" 2>&1 | grep -q '^Usage: fixdep'; then
		die "the kbuild tools in $f/scripts do not run on this host"
	fi
	rm -rf "$root"
	mv "$tmp" "$root"
	basename -a "$@" > "$root/.vres-packages"
}

# The newest KVER unpacked, for when the archive cannot be reached.
newest_unpacked() {
	local d
	for d in "$kernels"/*/.vres-packages; do
		[ -e "$d" ] && basename "$(dirname "$d")"
	done | sort -V | tail -n 1
}

# fetch: print the KVER of the newest 686 headers, unpacked.
fetch() {
	local h kver pkgs debs p v
	command -v apt-get >/dev/null || die "needs apt-get (Debian)"
	if ! apt_setup; then
		kver=$(newest_unpacked)
		[ -n "$kver" ] || die "apt-get update failed, no 32-bit headers unpacked"
		log "apt-get update failed; using the headers of $kver"
		echo "$kver"
		return
	fi
	h=$(headers_package)
	[ -n "$h" ] || die "no linux-headers-$SERIES.*-$FLAVOUR in the archive"
	kver=${h#linux-headers-}
	if [ ! -e "$kernels/$kver/.vres-packages" ]; then
		mapfile -t pkgs < <(packages "$h")
		[ ${#pkgs[@]} -eq 3 ] ||
			die "expected headers, common headers and kbuild for $h, got: ${pkgs[*]}"
		log "downloading ${pkgs[*]}"
		(cd "$aptdir/cache/archives" &&
		 apt-get "${APT_OPTS[@]}" -qq download "${pkgs[@]}" >&2) ||
			die "apt-get download ${pkgs[*]} failed"
		# NAME:ARCH=VERSION was downloaded as NAME_VERSION_ARCH.deb.
		debs=()
		for p in "${pkgs[@]}"; do
			v=${p#*=} p=${p%%=*}
			debs+=("$aptdir/cache/archives/${p%%:*}_${v//:/%3a}_${p#*:}.deb")
		done
		log "unpacking $kver into $kernels/$kver"
		unpack "$kver" "${debs[@]}"
		rm -f "${debs[@]}"
	fi
	echo "$kver"
}

command -v gcc-12 >/dev/null || die "needs gcc-12 (the compiler of Debian 12's kernels)"
kver=$(fetch)
kdir=$kernels/$kver/usr/src/linux-headers-$kver
# The tree (and .build/cache) may have moved since the unpack.
debian_repoint_headers "$kernels/$kver" "$kernels/$kver"
grep -q '^CONFIG_X86_32=y' "$kdir/.config" || die "$kdir is not a 32-bit x86 configuration"
# modpost can only call a symbol undefined if it knows the kernel's exports.
[ -s "$kdir/Module.symvers" ] || die "$kdir has no Module.symvers"

# A fresh copy of the sources, as vmtest.sh makes, built from scratch:
# a warning must show on every run, not only on the first.
moddir="$top/.build/kmod/$kver"
rm -rf "$moddir/src"
mkdir -p "$moddir"
rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order \
	"$top/Kbuild" "$top/kernel" "$top/uapi" "$moddir/src/" ||
	die "cannot copy the module sources"

log "building vres.ko for $kver (ARCH=i386, W=1)"
buildlog="$moddir/build.log"
rc=0
make -s -C "$kdir" M="$moddir/src" ARCH=i386 W=1 modules > "$buildlog" 2>&1 || rc=$?
cat "$buildlog"

# modpost: ERROR: modpost: "__umoddi3" [.../kernel/vres.ko] undefined!
mapfile -t undef < <(sed -n 's/.*modpost: "\([^"]*\)" .* undefined!$/\1/p' "$buildlog")
ko=$moddir/src/kernel/vres.ko
if [ -e "$ko" ]; then
	# The module's own view, in case modpost was told to only warn.
	mapfile -t -O ${#undef[@]} undef < <(nm -u "$ko" |
		awk '$2 ~ /^__(u?(div|mod)di3|u?divmoddi4)$/ { print $2 }')
fi
if [ ${#undef[@]} -gt 0 ]; then
	log "FAIL: $kver does not export what vres.ko calls:" \
		"$(printf '%s\n' "${undef[@]}" | sort -u | paste -sd ' ')"
	if printf '%s\n' "${undef[@]}" | grep -qE '^__u?(div|mod)'; then
		log "      those are libgcc's 64-bit divisions: divide u64/s64 with" \
			"div64_u64(), div64_u64_rem(), div_u64_rem(), do_div() (linux/math64.h)"
	fi
	exit 1
fi
[ "$rc" -eq 0 ] || { log "FAIL: the build for $kver failed (exit $rc)"; exit 1; }
[ -e "$ko" ] || { log "FAIL: the build made no $ko"; exit 1; }
# The compiler's warnings (file:line:col: warning:) and modpost's.
if grep -qE ':[0-9]+:[0-9]+: warning:|^WARNING: modpost:' "$buildlog"; then
	log "FAIL: the build for $kver has warnings (above)"
	exit 1
fi
if ! readelf -h "$ko" | grep -q 'Class: *ELF32'; then
	log "FAIL: $ko is not a 32-bit object"
	exit 1
fi
log "ok: vres.ko builds and links for $kver (32-bit, W=1, no warnings)"
