#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh: the kernels the tests boot, unpacked, never installed.
#
# The test VM boots Debian's own kernels, and vres.ko is built against
# their headers. Installing them would change what the machine boots, so
# instead this script downloads the image and headers packages with
# "apt-get download" (a private apt state under .build/cache/apt, so the
# system's sources and package lists are not touched) and unpacks them
# with "dpkg -x" into a directory of their own:
#
#   .build/cache/kernels/KVER/boot/vmlinuz-KVER, config-KVER
#   .build/cache/kernels/KVER/lib/modules/KVER/   (depmod run here)
#   .build/cache/kernels/KVER/usr/src/linux-headers-KVER/ (KDIR for vres.ko)
#
#   scripts/kernels.sh fetch [SERIES...]  download and unpack the newest
#                                           kernel of each SERIES (default:
#                                           the series "make check" tests);
#                                           prints one KVER per line
#   scripts/kernels.sh newest SERIES      KVER of the newest unpacked one
#   scripts/kernels.sh root KVER          its directory
#   scripts/kernels.sh release KVER       the Debian release it is from
#   scripts/kernels.sh list               every unpacked KVER
#   scripts/kernels.sh native             those of this host's release,
#                                           which "make" builds for as is
#
# SERIES is a kernel series that this script knows where to find (the
# table below), with "-rt" for the PREEMPT_RT flavour: 6.1 and 6.1-rt
# (Debian 12), 6.12 (bookworm-backports), 7.3 and 7.3-rt
# (trixie-backports). Each release has its own private apt state, so a
# series is looked up only in the suites of its release. A kernel from
# another release than the host's is built for in that release's build
# root (scripts/buildroot.sh): its kbuild tools are linked against that
# release's C library and its headers name that release's compiler.
# Packages, not the system's kernel, are what these commands fetch;
# nothing outside .build/cache is written. Unpacked kernels stay until
# "make distclean".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/debian.sh"
cache="$top/.build/cache"
kernels="$cache/kernels"

# The series "make check" tests, in order.
DEFAULT_SERIES="6.1 6.12 7.3 7.3-rt"

# SERIES (without -rt), the release it comes from, and the suites of that
# release that carry it.
SERIES_TABLE="
6.1	bookworm	bookworm bookworm-updates bookworm-security
6.12	bookworm	bookworm-backports
7.3	trixie	trixie-backports
"

log() { echo "kernels: $*" >&2; }
die() { log "$*"; exit 2; }

# series_field SERIES N: field N of SERIES's line in the table.
series_field() {
	awk -v s="${1%-rt}" -v n="$2" -F '\t' \
		'$1 == s { print $n; found = 1 } END { exit !found }' <<< "$SERIES_TABLE"
}

# Private apt, one per release: same archive as the system, its own lists
# and downloads. Sets aptdir and APT_OPTS.
apt_use() {
	aptdir="$cache/apt-$1"
	# The bookworm state was .build/cache/apt before there were others.
	[ "$1" = bookworm ] && aptdir="$cache/apt"
	debian_apt_opts "$aptdir"
}

# apt_setup RELEASE: the release's private apt state, lists up to date.
apt_setup() {
	local rel=$1 m lists_age
	m=$(debian_mirror)
	apt_use "$rel"
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	cat > "$aptdir/sources.list.new" <<-EOF
	deb $m $rel main
	deb $m $rel-updates main
	deb $m-security $rel-security main
	deb $m $rel-backports main
	EOF
	if ! cmp -s "$aptdir/sources.list.new" "$aptdir/sources.list"; then
		mv "$aptdir/sources.list.new" "$aptdir/sources.list"
		rm -f "$aptdir/updated"
	else
		rm -f "$aptdir/sources.list.new"
	fi
	# Once a day is enough: kernels move with security updates.
	lists_age=$(find "$aptdir/updated" -mmin -1440 2>/dev/null || true)
	if [ -z "$lists_age" ]; then
		log "apt-get update (private lists in $aptdir)"
		apt-get "${APT_OPTS[@]}" -qq update >&2 ||
			die "apt-get update failed"
		touch "$aptdir/updated"
	fi
}

# image_package SERIES: the versioned image package that the newest
# linux-image-amd64 (linux-image-rt-amd64 for SERIES-rt) of SERIES's
# suites points at, if it belongs to SERIES.
image_package() {
	local series=${1%-rt} meta=linux-image-amd64 suites v p
	[ "$1" = "$series" ] || meta=linux-image-rt-amd64
	suites=$(series_field "$1" 3)
	apt-cache "${APT_OPTS[@]}" show "$meta" 2>/dev/null |
		awk '
		/^Version:/ { v = $2 }
		/^Depends:/ {
			sub(/^Depends: /, "")
			n = split($0, deps, /, */)
			for (i = 1; i <= n; i++)
				if (deps[i] ~ /^linux-image-[0-9]/) {
					split(deps[i], w, " ")
					print v, w[1]
				}
		}' |
		while read -r v p; do
			case "$p" in
			linux-image-"$series".*|linux-image-"$series"-*) ;;
			*) continue ;;
			esac
			for suite in $suites; do
				suite_has "$meta" "$v" "$suite" && echo "$v $p" && break
			done
		done |
		sort -V -k1,1 | tail -n 1 | cut -d' ' -f2
}

# kernel_deps PACKAGE: what PACKAGE needs of the kernel's own packages
# (7.x splits the image into linux-binary, linux-modules and linux-base;
# headers need common headers and kbuild), not compilers or tools.
kernel_deps() {
	apt-cache "${APT_OPTS[@]}" show "$1" 2>/dev/null |
		sed -n '/^Depends:/{s/^Depends: //;p;q}' | tr ',' '\n' |
		sed 's/^ *//; s/ .*//' |
		grep -E '^linux-(headers|kbuild|binary|modules|base)-[0-9]' || true
}

# suite_has PACKAGE VERSION SUITE: apt's lists carry VERSION of PACKAGE in
# SUITE (apt-cache madison names the suite of every version).
suite_has() {
	apt-cache "${APT_OPTS[@]}" madison "$1" 2>/dev/null |
		awk -F'|' -v v="$2" -v s="$3" '
		{ gsub(/^ +| +$/, "", $2) }
		$2 == v && index($3, " " s "/") { found = 1 } END { exit !found }'
}

# kernel_packages IMAGE: the image, the headers and everything they need
# of the kernel's own packages.
kernel_packages() {
	local h=${1/linux-image-/linux-headers-}
	{
		echo "$1"
		kernel_deps "$1"
		echo "$h"
		kernel_deps "$h"
	} | awk '!seen[$0]++'
}

# unpack KVER DEB...: one root for one kernel, made usable in place.
unpack() {
	local kver=$1 root="$kernels/$1" tmp="$kernels/$1.tmp" f
	shift
	debian_unpack "$tmp" "$@" || die "cannot unpack $* into $tmp"
	# Trixie's kernels are merged-/usr: modules in /usr/lib/modules, and
	# from 7.x the image and config there too. One layout for the tests.
	if [ -d "$tmp/usr/lib/modules/$kver" ] && [ ! -e "$tmp/lib/modules" ]; then
		mkdir -p "$tmp/lib"
		mv "$tmp/usr/lib/modules" "$tmp/lib/modules"
	fi
	mkdir -p "$tmp/boot"
	for f in vmlinuz config System.map; do
		[ -e "$tmp/lib/modules/$kver/$f" ] &&
			mv "$tmp/lib/modules/$kver/$f" "$tmp/boot/$f-$kver"
	done
	[ -r "$tmp/boot/vmlinuz-$kver" ] || die "no /boot/vmlinuz-$kver in $*"
	debian_repoint_headers "$tmp" "$root"
	ln -sfn "../../../usr/src/linux-headers-$kver" "$tmp/lib/modules/$kver/build"
	rm -f "$tmp/lib/modules/$kver/source"
	depmod -b "$tmp" "$kver" || die "depmod for $kver failed"
	rm -rf "$root"
	mv "$tmp" "$root"
	# depmod and the Makefile saw the .tmp path only in file contents
	# that name $root already; the stamp says what is inside.
	basename -a "$@" > "$root/.vres-packages"
}

fetch() {
	local series rel image kver pkgs debs p
	[ "$(id -u)" -eq 0 ] || die "fetch needs root (dpkg -x keeps file owners)"
	command -v apt-get >/dev/null || die "needs apt-get (Debian)"
	for series in "$@"; do
		rel=$(series_field "$series" 2) ||
			die "unknown series $series (known: $(awk -F '\t' 'NF { printf "%s ", $1 }' <<< "$SERIES_TABLE")and their -rt)"
		apt_setup "$rel"
		image=$(image_package "$series")
		[ -n "$image" ] || die "no linux-image-$series.* in the archive"
		kver=${image#linux-image-}
		if [ -e "$kernels/$kver/.vres-packages" ]; then
			echo "$kver"
			continue
		fi
		mapfile -t pkgs < <(kernel_packages "$image")
		log "downloading ${pkgs[*]}"
		(cd "$aptdir/cache/archives" &&
		 apt-get "${APT_OPTS[@]}" -qq download "${pkgs[@]}" >&2) ||
			die "apt-get download ${pkgs[*]} failed"
		debs=()
		for p in "${pkgs[@]}"; do
			debs+=("$(ls -t "$aptdir/cache/archives/${p}_"*.deb | head -n 1)")
		done
		log "unpacking $kver into $kernels/$kver"
		unpack "$kver" "${debs[@]}"
		echo "$rel" > "$kernels/$kver/.vres-release"
		# The packages are not needed once unpacked.
		rm -f "${debs[@]}"
		echo "$kver"
	done
}

# The unpacked kernels: directories with an image, modules and headers.
list() {
	local d k
	for d in "$kernels"/*/.vres-packages; do
		[ -e "$d" ] || continue
		k=$(basename "$(dirname "$d")")
		[ -r "$kernels/$k/boot/vmlinuz-$k" ] &&
			[ -d "$kernels/$k/usr/src/linux-headers-$k" ] && echo "$k"
	done | sort -V
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
fetch)
	[ $# -gt 0 ] || set -- $DEFAULT_SERIES
	fetch "$@"
	;;
newest)
	[ $# -eq 1 ] || die "usage: kernels.sh newest SERIES"
	# 7.3 is 7.3.N+debM-amd64, 7.3-rt is 7.3.N+debM-rt-amd64.
	num=$(sed 's/\./\\./g' <<< "${1%-rt}")
	if [ "$1" = "${1%-rt}" ]; then
		list | grep -E "^$num[.-]" | grep -vE -- '-(rt|cloud)-' | tail -n 1
	else
		list | grep -E "^$num[.-].*-rt-" | tail -n 1
	fi
	;;
release)
	[ $# -eq 1 ] || die "usage: kernels.sh release KVER"
	[ -e "$kernels/$1/.vres-packages" ] || exit 1
	# Kernels unpacked before releases were recorded are bookworm's.
	cat "$kernels/$1/.vres-release" 2>/dev/null || echo bookworm
	;;
root)
	[ $# -eq 1 ] || die "usage: kernels.sh root KVER"
	[ -e "$kernels/$1/.vres-packages" ] || exit 1
	debian_repoint_headers "$kernels/$1" "$kernels/$1"
	echo "$kernels/$1"
	;;
list)
	list
	;;
native)
	host_rel=$(. /etc/os-release && echo "$VERSION_CODENAME")
	for k in $(list); do
		[ "$(cat "$kernels/$k/.vres-release" 2>/dev/null || echo bookworm)" = "$host_rel" ] &&
			echo "$k"
	done
	;;
series)
	echo "$DEFAULT_SERIES"
	;;
*)
	sed -n '/^#   scripts/,/^#$/s/^#   //p' "$0" >&2
	exit 2
	;;
esac
