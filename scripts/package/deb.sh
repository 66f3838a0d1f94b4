#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh: build the Debian packages vres-dkms and vresctl ("make deb") and
# check them with lintian.
#
#   scripts/package/deb.sh [OUTDIR]    (default .build/deb)
#
# The package is built from a copy of the tree's tracked files (all of
# them when this is no git work tree), with scripts/package/debian as
# its debian/ directory, by "dpkg-buildpackage -us -uc" (unsigned source
# and binary packages: a native source package, vres_VERSION.tar.xz).
# OUTDIR gets the .debs, the source package, the .changes, build.log and
# lintian.log. Exit status 1 if the build fails or lintian reports an
# error or a warning, 2 if a tool is missing.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/.build/deb}

for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null ||
		{ echo "deb.sh: $tool not found (make deps installs it)" >&2; exit 2; }
done

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
src=$out/vres-$version
rm -rf "$out"
mkdir -p "$src"

cd "$top"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z | grep -zv '^scripts/package/debian/' |
		xargs -0 cp --parents -t "$src"
else
	tar -C "$top" --exclude=./.build --exclude=./.git -cf - . | tar -C "$src" -xf -
fi
cp -r "$top/scripts/package/debian" "$src/debian"

cd "$src"
if ! dpkg-buildpackage -us -uc >"$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	echo "deb.sh: dpkg-buildpackage failed; see $out/build.log" >&2
	exit 1
fi
changes=$(ls "$out"/vres_"$version"_*.changes)
# Lintian's tags of level warning and above fail the build, info and
# pedantic ones are only shown.
if ! lintian --fail-on error,warning --display-info "$changes" >"$out/lintian.log" 2>&1; then
	cat "$out/lintian.log" >&2
	echo "deb.sh: lintian found problems in $changes" >&2
	exit 1
fi
cat "$out/lintian.log"
ls "$out"/*.deb
