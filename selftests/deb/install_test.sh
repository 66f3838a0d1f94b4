#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_test.sh: the Debian packages of "make deb" installed, used and
# removed as an administrator would, inside the test VM.
#
#   selftests/vmtest.sh -k KVER --no-module -- selftests/deb/install_test.sh [DEBDIR]
#
# DEBDIR (default .build/deb) holds vres-dkms_*.deb and vresctl_*.deb.
# The VM's root is the host's, read-only: the packages go into a
# throwaway root, an overlay whose lower layer is that root and whose
# upper layer is tmpfs, in which the booted kernel's packages
# (VMTEST_KROOT: modules, headers, kbuild) look installed, each through
# an overlay of its own. In that root, by chroot:
#
#  1. dpkg -i both packages: vres-dkms's postinst has DKMS build and
#     install vres.ko for the running kernel;
#  2. dkms status says installed, and modinfo finds the module DKMS
#     installed, with dkms.conf's version;
#  3. systemd-analyze verify finds the installed vres.service sound (its
#     commands and man page there), and modprobe vres loads the module;
#  4. the installed vresctl creates, shows and destroys a server;
#  5. the sysfs selftest (selftests/vres/sysfs_test) passes on it;
#  6. a real libvirtd serves a domain from the plan in its XML metadata
#     through the installed hook, releases it at virsh destroy, and
#     refuses an incoming migration with admission control's reason
#     (libvirt_test.sh, whose steps count here; skipped without nested
#     KVM);
#  7. modprobe -r vres, then dpkg --purge both packages;
#  8. nothing is left: no file in the overlays' upper layers but dpkg's
#     own records and logs, and no file of the lower layers removed.
#
# Output is TAP; the commands' output goes to diagnostics when a step
# fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
debdir=$(cd "${1:-$top/.build/deb}" && pwd)
kroot=${VMTEST_KROOT:-/}
kver=$(uname -r)
work=/tmp/deb_test
root=$work/root

n=0 pass=0 fail=0 skip=0 VERBOSE=
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
diag() { sed 's/^/# /' "$@"; }
totals() {
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	echo "# vres-totals: pass:$pass fail:$fail skip:$skip"
}
bail() {
	echo "Bail out! $*"
	fail=$((fail + 1))
	totals
	exit 1
}

# step NAME CMD...: run CMD in the throwaway root; ok if it exits 0, else
# not ok with its output.
step() {
	local name=$1
	shift
	if chroot "$root" "$@" >"$work/out" 2>&1; then
		ok "$name"
		[ -z "$VERBOSE" ] || diag "$work/out"
	else
		not_ok "$name (exit status $?)"
		diag "$work/out"
	fi
}

echo "TAP version 13"

dkms_deb=$(ls "$debdir"/vres-dkms_*_all.deb 2>/dev/null)
ctl_deb=$(ls "$debdir"/vresctl_*_amd64.deb 2>/dev/null)
[ -n "$dkms_deb" ] && [ -n "$ctl_deb" ] ||
	bail "no vres-dkms and vresctl packages in $debdir (make deb)"
version=$(dpkg-deb -f "$dkms_deb" Version)

# The throwaway root. mount_overlay DIR LOWER: DIR (in the root) becomes
# an overlay of LOWER (colon-separated) with its own tmpfs upper layer.
# /tmp is the VM's tmpfs already, with the work tree bound back into it
# when it lives there (a CI clone in /tmp): $work gets a tmpfs of its own.
mkdir -p "$work" && mount -t tmpfs tmpfs "$work" || bail "tmpfs on $work"
modprobe overlay 2>/dev/null
uppers=() lowers=() dirs=()
mount_overlay() {
	local dir=$1 lower=$2 name=${#uppers[@]}
	mkdir -p "$work/upper$name" "$work/work$name" "$dir"
	mount -t overlay overlay \
		-o "lowerdir=$lower,upperdir=$work/upper$name,workdir=$work/work$name" \
		"$dir" || bail "cannot mount an overlay of $lower on $dir"
	uppers+=("$work/upper$name") lowers+=("$lower") dirs+=("$dir")
}
mount_overlay "$root" /
if [ "$kroot" != / ]; then
	mount_overlay "$root/usr/lib/modules" "$kroot/lib/modules"
	mount_overlay "$root/usr/src" "$kroot/usr/src:/usr/src"
	# As linux-headers installs it (the unpacked link is relative to
	# the cache's lib/, which /usr/lib is not).
	ln -sfn "/usr/src/linux-headers-$kver" "$root/usr/lib/modules/$kver/build"
	for d in "$kroot"/usr/lib/*; do
		mkdir -p "$root/usr/lib/${d##*/}"
		mount -o bind,ro "$d" "$root/usr/lib/${d##*/}" || bail "cannot bind $d"
	done
fi
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount -o bind /dev "$root/dev"
# The VM's devtmpfs lacks the links udev makes; dkms needs /dev/fd.
for fd in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 \
	  stderr:/proc/self/fd/2; do
	[ -e "/dev/${fd%%:*}" ] || ln -s "${fd#*:}" "/dev/${fd%%:*}"
done
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"
# The unpacked headers name their common part by its absolute path in the
# cache (scripts/kernels.sh): keep that path there, also when the work
# tree is under /tmp, which the root's own tmpfs hides.
if [ "$kroot" != / ]; then
	mkdir -p "$root$kroot"
	mount -o bind,ro "$kroot" "$root$kroot" || bail "cannot bind $kroot"
fi
# What the test reads from the host's tree: the .debs, the selftest, the
# libvirt test and a two-vCPU task set.
mkdir -p "$root/tmp/debs" && cp "$dkms_deb" "$ctl_deb" "$root/tmp/debs/"
cp "$top/selftests/vres/sysfs_test" "$here/libvirt_test.sh" \
	"$top/selftests/kvm/two-vcpus.json" "$root/tmp/"

# dpkg's own state changes with any install: the records of what is
# installed, its logs and backups, man-db's index (its trigger), and
# dkms's signing key, which dkms makes at its first build and keeps for
# the next. A file copied up and changed back (depmod's indexes, rebuilt
# at install and at removal) is not left over either.
dpkg_own='^(var/lib/dpkg/|var/log/|var/backups/|var/cache/(debconf|ldconfig|man)/|var/lib/dkms/mok\.(key|pub) )'
# What libvirt_test.sh itself writes, not the packages: the libvirt-qemu
# user, libvirt's configuration files and its cache of QEMU's
# capabilities. (The hook in /etc/libvirt/hooks is the package's, and is
# checked.)
test_own='^(etc/(passwd|group|shadow|gshadow)-? |etc/libvirt/(libvirtd|qemu)\.conf |var/(cache|lib)/libvirt/)'
leftovers() {
	local i u lower f t
	for i in "${!uppers[@]}"; do
		u=${uppers[i]} lower=${lowers[i]%%:*}
		(cd "$u" && find . ! -type d -printf '%P %y\n') |
		while read -r f t; do
			[ "$t" = f ] && cmp -s "$u/$f" "$lower/$f" && continue
			echo "${dirs[i]#"$root"}/$f $t"
		done
	done | sed 's|^/||' | grep -Ev "$dpkg_own" | grep -Ev "$test_own" | sort
}
leftovers >"$work/before"

export DEBIAN_FRONTEND=noninteractive
# man-db's trigger re-reads every manual page of the root, over 9p under
# TCG: minutes. A throwaway root needs no index.
echo "man-db man-db/auto-update boolean false" |
	chroot "$root" debconf-set-selections
VERBOSE=1 step "dpkg -i vres-dkms and vresctl $version (DKMS builds vres.ko for $kver)" \
	dpkg -i /tmp/debs/"${dkms_deb##*/}" /tmp/debs/"${ctl_deb##*/}"
# Why DKMS failed, if it did: the end of its make.log.
chroot "$root" sh -c 'tail -n 40 /var/lib/dkms/vres/*/build/make.log' \
	>"$work/out" 2>/dev/null && ! chroot "$root" dkms status vres 2>/dev/null |
	grep -q installed && diag "$work/out"

st=$(chroot "$root" dkms status vres 2>&1)
modfile=$(chroot "$root" modinfo -n vres 2>&1)
modver=$(chroot "$root" modinfo -F version vres 2>&1)
if [[ $st == *"vres/$version, $kver, x86_64: installed"* ]] &&
   [[ $modfile == /lib/modules/$kver/updates/dkms/vres.ko* ]] &&
   [ "$modver" = "$version" ]; then
	ok "dkms status: installed for $kver; modinfo: $modfile, version $modver"
else
	not_ok "dkms and modinfo see vres $version installed for $kver"
	printf '# dkms status: %s\n# modinfo -n: %s\n# modinfo -F version: %s\n' \
		"$st" "$modfile" "$modver"
fi

step "systemd-analyze verify vres.service (the installed unit, vresctl, its man page)" \
	systemd-analyze verify /lib/systemd/system/vres.service
step "modprobe vres" modprobe vres
step "/sys/kernel/vres exists" test -d /sys/kernel/vres

step "installed vresctl creates a server" \
	vresctl apply --name deb.0 --cpu 0 --budget 2ms --period 10ms
if chroot "$root" vresctl status --json >"$work/out" 2>&1 &&
   grep -q '"deb.0"' "$work/out" &&
   chroot "$root" vresctl destroy deb.0 >>"$work/out" 2>&1 &&
   [ ! -e /sys/kernel/vres/servers/deb.0 ]; then
	ok "installed vresctl shows and destroys it"
else
	not_ok "installed vresctl shows and destroys it"
	diag "$work/out"
fi

step "selftests/vres/sysfs_test on the DKMS-built module" /tmp/sysfs_test

# libvirt_test.sh's steps, numbered on here.
chroot "$root" sh -c 'vresctl plan --json /tmp/two-vcpus.json --period 20ms >/tmp/plan.json' \
	>"$work/out" 2>&1 || diag "$work/out"
while IFS= read -r line; do
	case $line in
	"ok "*"# SKIP"*)
		n=$((n + 1)) skip=$((skip + 1))
		echo "ok $n libvirt: ${line#ok * }" ;;
	"ok "*) line=${line#ok }; ok "libvirt: ${line#* }" ;;
	"not ok "*) line=${line#not ok }; not_ok "libvirt: ${line#* }" ;;
	*) echo "$line" ;;
	esac
done < <(chroot "$root" /tmp/libvirt_test.sh /tmp/plan.json 2>&1)

chroot "$root" modprobe -r vres >"$work/out" 2>&1 || diag "$work/out"
VERBOSE=1 step "dpkg --purge vresctl vres-dkms" dpkg --purge vresctl vres-dkms

leftovers >"$work/after"
if diff "$work/before" "$work/after" >"$work/out"; then
	ok "nothing is left: $(wc -l <"$work/after") files in the upper layers before and after"
else
	not_ok "files left behind (+) or lower-layer files removed (c = whiteout)"
	diag "$work/out"
fi

totals
[ "$fail" -eq 0 ]
