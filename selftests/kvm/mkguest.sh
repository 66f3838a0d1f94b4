#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkguest.sh: build the initramfs of the real-time guest.
#
#   selftests/kvm/mkguest.sh OUT.cpio.gz TASKSET_FILE [--rounds N]
#                            [-- RTGUEST_ARGS...]
#   selftests/kvm/mkguest.sh --base    only (re)build the cached part
#
# OUT.cpio.gz is a gzip'd newc initramfs holding /bin/busybox (the host's
# busybox-static), /bin/rtguest (make -C selftests), /init (guest-init),
# /etc/rtguest/taskset.json (TASKSET_FILE), /etc/rtguest/args
# (RTGUEST_ARGS, one a line) and /etc/rtguest/rounds (N: how many times
# guest-init runs rtguest before it powers off, default 1). It is two archives one after the other, as
# the kernel accepts: the part that does not depend on the task set is
# cached in .build/rtguest/base.cpio.gz and rebuilt when one of its inputs
# changes.
set -eu

usage() {
	echo "usage: $0 OUT.cpio.gz TASKSET_FILE [--rounds N] [-- RTGUEST_ARGS...] | --base" >&2
	exit 2
}
die() { echo "mkguest: $*" >&2; exit 1; }

base_only=0 rounds=1
if [ "${1:-}" = --base ]; then
	base_only=1
	shift
	[ $# -eq 0 ] || usage
else
	[ $# -ge 2 ] || usage
	out=$1 taskset=$2
	shift 2
	if [ "${1:-}" = --rounds ]; then
		[ $# -ge 2 ] || usage
		rounds=$2
		shift 2
		case "$rounds" in
		''|*[!0-9]*|0*) die "--rounds '$rounds': not a positive integer" ;;
		esac
	fi
	if [ $# -gt 0 ]; then
		[ "$1" = -- ] || usage
		shift
	fi
fi

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rtguest=$here/rtguest
init=$here/guest-init
busybox=/bin/busybox
cache=$top/.build/rtguest
base=$cache/base.cpio.gz

[ $base_only = 1 ] || [ -r "$taskset" ] ||
	die "$taskset: cannot read the task set file"
[ -x "$rtguest" ] || die "$rtguest: not built (make -C selftests)"
[ -x "$busybox" ] || die "$busybox: missing (install busybox-static)"
# A static binary has no program interpreter.
static() { ! readelf -l "$1" 2>/dev/null | grep -q 'INTERP'; }
static "$busybox" ||
	die "$busybox: not statically linked (install busybox-static)"
static "$rtguest" || die "$rtguest: not statically linked"
for a in "$@"; do
	case "$a" in
	*$'\n'*) die "argument '$a': an argument cannot contain a newline" ;;
	esac
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# cpio DIR OUT: a gzip'd newc archive of DIR's contents, owned by root.
cpio_gz() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$2"
}

stale=0
[ -e "$base" ] || stale=1
for f in "$rtguest" "$init" "$busybox" "$0"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$base" ] || stale=1
done
if [ "$stale" = 1 ]; then
	mkdir -p "$stage/base/bin" "$stage/base/dev" "$stage/base/proc" \
		"$stage/base/sys" "$stage/base/etc/rtguest" "$cache"
	cp "$busybox" "$stage/base/bin/busybox"
	ln -s busybox "$stage/base/bin/sh"
	cp "$rtguest" "$stage/base/bin/rtguest"
	cp "$init" "$stage/base/init"
	chmod 0755 "$stage/base/init" "$stage/base/bin/busybox" \
		"$stage/base/bin/rtguest"
	cpio_gz "$stage/base" "$base.$$"
	mv "$base.$$" "$base"
fi

[ $base_only = 1 ] && exit 0

mkdir -p "$stage/set/etc/rtguest"
cp "$taskset" "$stage/set/etc/rtguest/taskset.json"
: > "$stage/set/etc/rtguest/args"
for a in "$@"; do
	printf '%s\n' "$a" >> "$stage/set/etc/rtguest/args"
done
echo "$rounds" > "$stage/set/etc/rtguest/rounds"
chmod 0644 "$stage/set/etc/rtguest/taskset.json" "$stage/set/etc/rtguest/args" \
	"$stage/set/etc/rtguest/rounds"
cpio_gz "$stage/set" "$stage/set.cpio.gz"

cat "$base" "$stage/set.cpio.gz" > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
