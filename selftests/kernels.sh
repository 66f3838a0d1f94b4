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
#   selftests/kernels.sh fetch [SERIES...]  download and unpack the newest
#                                           kernel of each SERIES (default:
#                                           the series "make check" tests);
#                                           prints one KVER per line
#   selftests/kernels.sh newest SERIES      KVER of the newest unpacked one
#   selftests/kernels.sh root KVER          its directory
#   selftests/kernels.sh list               every unpacked KVER
#
# SERIES is a kernel series that this script knows where to find: 6.1
# (Debian 12) and 6.12 (bookworm-backports). Packages, not the system's
# kernel, are what these commands fetch; nothing outside .build/cache is
# written. Unpacked kernels stay until "make distclean".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.build/cache"
kernels="$cache/kernels"
aptdir="$cache/apt"

# The series "make check" tests, in order.
DEFAULT_SERIES="6.1 6.12"

log() { echo "kernels: $*" >&2; }
die() { log "$*"; exit 2; }

# Private apt: same archive as the system, its own lists and downloads.
APT_OPTS=(
	-o "Dir::Etc::SourceList=$aptdir/sources.list"
	-o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::State::Lists=$aptdir/lists"
	-o "Dir::Cache=$aptdir/cache"
	-o "Dir::State::status=/var/lib/dpkg/status"
	-o "APT::Get::List-Cleanup=0"
	-o "APT::Sandbox::User=root"
	-o "Debug::NoLocking=1"
)

# The archive the system uses (its first http(s) Debian URI), else Debian's.
mirror() {
	local m
	m=$(grep -rhsoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
		2>/dev/null | head -n 1 | tr -d ' ')
	echo "${m:-http://deb.debian.org/debian}"
}

apt_setup() {
	local m lists_age
	m=$(mirror)
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	cat > "$aptdir/sources.list.new" <<-EOF
	deb ${m%/} bookworm main
	deb ${m%/} bookworm-updates main
	deb ${m%/}-security bookworm-security main
	deb ${m%/} bookworm-backports main
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

# image_package SERIES: the versioned image package the newest
# linux-image-amd64 of any suite points at, if it belongs to SERIES.
image_package() {
	local series=$1
	apt-cache "${APT_OPTS[@]}" show linux-image-amd64 2>/dev/null |
		awk -v s="$series" '
		/^Version:/ { v = $2 }
		/^Depends:/ {
			p = $2
			if (index(p, "linux-image-" s ".") == 1 ||
			    index(p, "linux-image-" s "-") == 1)
				print v, p
		}' |
		sort -V -k1,1 | tail -n 1 | cut -d' ' -f2
}

# headers_packages IMAGE: the headers package and what it needs of the
# kernel's own packages (common headers, kbuild), not compilers.
headers_packages() {
	local h=${1/linux-image-/linux-headers-}
	echo "$h"
	apt-cache "${APT_OPTS[@]}" show "$h" 2>/dev/null |
		sed -n '/^Depends:/{s/^Depends: //;p;q}' | tr ',' '\n' |
		sed 's/^ *//; s/ .*//' | grep -E '^linux-(headers|kbuild)-' || true
}

# unpack KVER DEB...: one root for one kernel, made usable in place.
unpack() {
	local kver=$1 root="$kernels/$1" tmp="$kernels/$1.tmp" deb f
	shift
	rm -rf "$tmp"
	mkdir -p "$tmp"
	for deb in "$@"; do
		dpkg -x "$deb" "$tmp" || die "dpkg -x $deb failed"
	done
	[ -r "$tmp/boot/vmlinuz-$kver" ] || die "no /boot/vmlinuz-$kver in $*"
	# The headers refer to each other by absolute paths, as installed.
	for f in "$tmp"/usr/src/linux-headers-*/Makefile; do
		sed -i "s|^include /usr/src/|include $root/usr/src/|" "$f"
	done
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
	local series image kver pkgs debs p
	[ "$(id -u)" -eq 0 ] || die "fetch needs root (dpkg -x keeps file owners)"
	command -v apt-get >/dev/null || die "needs apt-get (Debian)"
	apt_setup
	for series in "$@"; do
		image=$(image_package "$series")
		[ -n "$image" ] || die "no linux-image-$series.* in the archive"
		kver=${image#linux-image-}
		if [ -e "$kernels/$kver/.vres-packages" ]; then
			echo "$kver"
			continue
		fi
		mapfile -t pkgs < <(echo "$image"; headers_packages "$image")
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
	list | grep -E "^$(sed 's/\./\\./g' <<< "$1")[.-]" | tail -n 1
	;;
root)
	[ $# -eq 1 ] || die "usage: kernels.sh root KVER"
	[ -e "$kernels/$1/.vres-packages" ] || exit 1
	echo "$kernels/$1"
	;;
list)
	list
	;;
series)
	echo "$DEFAULT_SERIES"
	;;
*)
	sed -n '/^#   selftests/,/^#$/s/^#   //p' "$0" >&2
	exit 2
	;;
esac
