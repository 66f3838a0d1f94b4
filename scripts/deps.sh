#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install, idempotently and non-interactively, every Debian package
# that building and testing vres needs ("make deps"), and unpack the kernels
# the tests boot. Debian 12 (bookworm), as root. When everything is present
# it only checks and returns.
#
# The test kernels (Debian 12's 6.1, bookworm-backports' 6.12,
# trixie-backports' 7.3 and 7.3-rt) are not installed: scripts/kernels.sh
# downloads their packages and unpacks them under .build/cache/kernels, so
# that what this machine boots, /boot and the boot loader are never
# touched. Trixie's kernels are built for in a trixie root that
# scripts/buildroot.sh makes under .build/cache/roots.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

# Packages from bookworm itself.
PKGS=(
	# module build (the kernel headers come unpacked, see above; pahole
	# is what their BTF step runs; debootstrap makes the build root of
	# kernels from a newer release; selftests/dkms.sh builds with dkms,
	# without the linux-headers it recommends) and the test VM
	build-essential kmod dwarves debootstrap dkms
	qemu-system-x86 busybox-static cpio xz-utils zstd
	# vmtest.sh's hang diagnosis (selftests/vm/diagnose_hang.py)
	gdb
	# kernel source: KUnit (UML) build, kselftest headers, checkpatch
	linux-source bc bison flex libelf-dev libssl-dev python3 rsync
	# the Debian packages (make deb) and their lint; the real libvirt the
	# packages' VM test runs (libvirtd and virsh only: no
	# libvirt-daemon-system, whose services would start on this host)
	debhelper dh-dkms lintian libvirt-daemon libvirt-clients
	# vresctl, and the lint of its man pages (userspace/tests/man_test.sh)
	libjansson-dev pkg-config mandoc groff-base
	# the fuzz targets (selftests/fuzz): clang and its libFuzzer and
	# sanitizer runtimes, which clang only recommends
	clang libclang-rt-dev
	# selftests and benchmarks inside the VM
	util-linux procps linux-perf trace-cmd
	# the KVM tests' QEMU, built from Debian's source with one patch
	# (scripts/qemu.sh)
	dpkg-dev patch meson ninja-build libglib2.0-dev libpixman-1-dev
	libfdt-dev libcap-ng-dev libattr1-dev
)

log() { echo "deps: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
	log "must run as root (apt-get install)"
	exit 2
fi
if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
	log "warning: this is not Debian 12 (bookworm); package names may differ"
fi

export DEBIAN_FRONTEND=noninteractive

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

mapfile -t missing < <(missing_pkgs "${PKGS[@]}")
if [ ${#missing[@]} -gt 0 ]; then
	log "apt-get update"
	apt-get update -qq
	log "installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
log "all packages present"

# The test VM mounts the unpacked kernel's modules on /lib/modules (the
# host's root file system is shared read-only, so the mount point must
# exist here; on a machine without kernels installed it does not).
mkdir -p /lib/modules
"$top/scripts/kernels.sh" fetch >/dev/null
log "test kernels unpacked: $("$top/scripts/kernels.sh" list | tr '\n' ' ')"
# Kernels of another release are built for in its own root (made once).
host_rel=$(. /etc/os-release && echo "$VERSION_CODENAME")
for kver in $("$top/scripts/kernels.sh" list); do
	"$top/scripts/kernels.sh" release "$kver"
done | sort -u | while read -r rel; do
	[ "$rel" = "$host_rel" ] || log "$rel build root: $("$top/scripts/buildroot.sh" make "$rel")"
done
if ! "$top/scripts/qemu.sh" path >/dev/null; then
	log "building the KVM tests' QEMU (scripts/qemu.sh; about 20 minutes on 2 cores, once)"
fi
log "KVM tests' QEMU: $("$top/scripts/qemu.sh" build)"
