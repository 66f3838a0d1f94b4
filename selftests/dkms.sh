#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.sh: vres.ko builds through DKMS, with the repository's dkms.conf,
# for every kernel the tests use, as "dkms install" would build it on a
# machine running that kernel.
#
#   selftests/dkms.sh [KVER...]   build for each KVER (default: every
#                                 kernel scripts/kernels.sh unpacked)
#
# Debian's dkms runs "dkms build" (never "install") for each kernel: the
# host's dkms for kernels of the host's release, for the others the dkms
# of their release's build root (scripts/buildroot.sh, PKGS), where
# their kbuild tools find the C library and compiler they need. Every
# path dkms uses is under .build/dkms, given on its command line:
#
#   src/vres-VERSION/   --sourcetree: what /usr/src/vres-VERSION holds,
#                       dkms.conf, Kbuild, kernel/ and uapi/
#   KVER/tree/          --dkmstree (/var/lib/dkms): the built module in
#                       vres/VERSION/KVER/ARCH/module, make.log in .../log
#   KVER/install/       --installtree (/lib/modules); stays empty
#   KVER/dkms.log       what dkms printed
#
# and the headers are the unpacked kernel's (--kernelsourcedir); dkms's
# temporary files go to KVER/tmp. The module is not signed: dkms would
# sign with the machine owner's key, or make one in /var/lib/dkms, so
# sign_file names a program that does not exist and it does neither.
# Each run starts from an empty tree and builds everything.
#
# A kernel passes when dkms exits 0, its make.log has no compiler, make
# or modpost warning (the kernel's own flags, no W=1: what packagers
# build with), the module's vermagic names KVER, its version is
# dkms.conf's PACKAGE_VERSION (what "dkms status" reports is what
# "modinfo vres" says), and /var/lib/dkms, /lib/modules, /boot and
# /usr/src of the system dkms ran in are as they were.
#
# Output is TAP, one line per kernel, after what says why for a failed
# one (the tail of dkms's make.log, the warnings, the files dkms wrote).
# The last line is "# vres-totals: pass:N fail:N skip:0". Exit status 1
# if a kernel failed, 2 if nothing could be built.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/.build/dkms
# buildroot.sh runs its command in the same directory, in the root.
cd "$top" || exit 2
host_rel=$(. /etc/os-release && echo "$VERSION_CODENAME")

log() { echo "dkms.sh: $*" >&2; }

# What must not change: the places a dkms install writes to.
SYSTEM_DIRS=(/var/lib/dkms /lib/modules /boot /usr/src)

# conf_value NAME: NAME="value" of dkms.conf.
conf_value() {
	sed -n "s/^$1=\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}\$/\\1/p" "$top/dkms.conf"
}

# in_release RELEASE CMD...: CMD on this host if it runs RELEASE, else in
# RELEASE's build root.
in_release() {
	local rel=$1
	shift
	if [ "$rel" = "$host_rel" ]; then
		"$@"
	else
		"$top/scripts/buildroot.sh" run "$rel" "$@"
	fi
}

# system_state RELEASE: every file of SYSTEM_DIRS, as that release's dkms
# sees them, with its type, size and time.
system_state() {
	in_release "$1" find "${SYSTEM_DIRS[@]}" -printf '%p %y %s %T@\n' 2>/dev/null |
		sort
}

# diag FILE [N]: FILE's last N lines (default 25) as TAP diagnostics.
diag() {
	echo "# $1:"
	tail -n "${2:-25}" "$1" | sed 's/^/# /'
}

# build KVER N: dkms build for KVER; prints TAP line N, after what says
# why if it failed; false if it failed.
build() {
	local kver=$1 n=$2 rel root dir tree ko vermagic version mlog
	local dkms_version start secs why=""

	start=$EPOCHREALTIME
	if ! root=$("$top/scripts/kernels.sh" root "$kver"); then
		echo "not ok $n dkms: $kver # not unpacked (scripts/kernels.sh list)"
		return 1
	fi
	rel=$("$top/scripts/kernels.sh" release "$kver")
	dir=$out/$kver
	tree=$dir/tree
	rm -rf "$dir"
	mkdir -p "$tree" "$dir/install" "$dir/tmp"

	if [ "$rel" != "$host_rel" ] && [ "$(id -u)" -ne 0 ]; then
		echo "not ok $n dkms: $kver # needs root: built in the $rel root (chroot)"
		return 1
	fi
	if ! in_release "$rel" dkms --version > "$dir/dkms.log" 2>&1; then
		diag "$dir/dkms.log"
		if [ "$rel" = "$host_rel" ]; then
			echo "not ok $n dkms: $kver # no dkms: make deps installs it"
		else
			echo "not ok $n dkms: $kver # no dkms in the $rel root:" \
				"make deps installs it (scripts/buildroot.sh make $rel)"
		fi
		return 1
	fi
	dkms_version=$(tail -n 1 "$dir/dkms.log")

	system_state "$rel" > "$dir/system.before"
	# sign_file, TMPDIR: see the top of this file.
	in_release "$rel" env sign_file="$dir/no-sign-file" TMPDIR="$dir/tmp" \
		dkms build -m "$name" -v "$version_conf" -k "$kver" \
		--sourcetree "$out/src" --dkmstree "$tree" \
		--installtree "$dir/install" \
		--kernelsourcedir "$root/usr/src/linux-headers-$kver" \
		>> "$dir/dkms.log" 2>&1 || why="dkms build failed (exit $?)"
	system_state "$rel" > "$dir/system.after"

	# make.log: in the kernel's log/ once built, in build/ if the build failed.
	mlog=$(find "$tree" -name make.log -printf '%T@ %p\n' 2>/dev/null |
		sort -n | tail -n 1 | cut -d' ' -f2-)
	ko=$(find "$tree/$name/$version_conf/$kver" -path '*/module/*' \
		-name "$name.ko*" 2>/dev/null | head -n 1)
	if [ -n "$why" ]; then
		if [ -n "$mlog" ]; then diag "$mlog"; else diag "$dir/dkms.log"; fi
	elif ! cmp -s "$dir/system.before" "$dir/system.after"; then
		why="dkms wrote to ${SYSTEM_DIRS[*]} ($rel)"
		diff "$dir/system.before" "$dir/system.after" | sed -n 's/^[<>]/# &/p'
	elif [ -z "$ko" ]; then
		why="no $name.ko in $tree/$name/$version_conf/$kver"
		diag "$dir/dkms.log"
	elif [ -z "$mlog" ]; then
		why="no make.log in $tree"
	elif grep -qE '(^|: )(warning|WARNING):' "$mlog"; then
		why="the build warns"
		echo "# $mlog:"
		grep -E -A 3 '(^|: )(warning|WARNING):' "$mlog" | sed 's/^/# /'
	else
		vermagic=$(modinfo -F vermagic "$ko" | sed 's/ *$//')
		version=$(modinfo -F version "$ko")
		if [ "${vermagic%% *}" != "$kver" ]; then
			why="vermagic is \"$vermagic\", not $kver's"
		elif [ "$version" != "$version_conf" ]; then
			why="MODULE_VERSION is \"$version\", dkms.conf's PACKAGE_VERSION \"$version_conf\""
		fi
	fi
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	if [ -n "$why" ]; then
		echo "not ok $n dkms: $kver ($rel, $dkms_version, $secs s) # $why"
		return 1
	fi
	echo "ok $n dkms: $kver: vermagic $vermagic ($rel, $dkms_version, $secs s)"
}

name=$(conf_value PACKAGE_NAME)
version_conf=$(conf_value PACKAGE_VERSION)
if [ -z "$name" ] || [ -z "$version_conf" ]; then
	log "no PACKAGE_NAME or PACKAGE_VERSION in $top/dkms.conf"
	exit 2
fi

kvers=("$@")
[ $# -gt 0 ] || mapfile -t kvers < <("$top/scripts/kernels.sh" list)
if [ ${#kvers[@]} -eq 0 ]; then
	log "no kernels unpacked: make deps (scripts/kernels.sh fetch)"
	echo "# vres-totals: pass:0 fail:1 skip:0"
	exit 2
fi

# The source tree, as a package of vres's sources would install it in
# /usr/src: the module's sources and dkms.conf, no build products.
src=$out/src/$name-$version_conf
rm -rf "$out/src"
mkdir -p "$src"
if ! rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order --exclude=Module.symvers \
	--exclude=.cache.mk \
	"$top/dkms.conf" "$top/Kbuild" "$top/kernel" "$top/uapi" "$src/"; then
	log "cannot copy the module sources to $src"
	echo "# vres-totals: pass:0 fail:1 skip:0"
	exit 2
fi

echo "TAP version 13"
echo "1..${#kvers[@]}"
pass=0 fail=0 n=0
for kver in "${kvers[@]}"; do
	n=$((n + 1))
	if build "$kver" "$n"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "# vres-totals: pass:$pass fail:$fail skip:0"
[ "$fail" -eq 0 ]
