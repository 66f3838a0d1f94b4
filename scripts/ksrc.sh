#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksrc.sh: print the path of an unpacked Debian linux-source tree, unpacking
# it into .build/cache/ on first use. vres uses it for kselftest_harness.h,
# scripts/checkpatch.pl and the KUnit (UML) build.
#
#   scripts/ksrc.sh [VERSION]     VERSION defaults to the newest 6.1 tarball
#
# The tree is an input, not a product: "make clean" keeps it and
# "make distclean" removes it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.build/cache"
ver=${1:-6.1}
tarball=/usr/src/linux-source-$ver.tar.xz

if [ ! -r "$tarball" ]; then
	echo "ksrc.sh: $tarball not found; run 'make deps' (package linux-source)" >&2
	exit 2
fi

tree="$cache/linux-source-$ver"
stamp="$tree/.vres-unpacked"
# Unpack again when Debian ships a newer tarball.
if [ ! -e "$stamp" ] || [ "$tarball" -nt "$stamp" ]; then
	echo "ksrc.sh: unpacking $tarball into $cache" >&2
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -C "$tree.tmp" -xf "$tarball"
	mv "$tree.tmp/linux-source-$ver" "$tree"
	rmdir "$tree.tmp"
	touch "$stamp"
fi
echo "$tree"
