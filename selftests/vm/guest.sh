#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of selftests/vmtest.sh, run as PID 1 after switch_root into the
# host's root file system. vmtest.sh copies this file into the run
# directory together with "env" (variables below) and "cmd" (the command).
#
#   VMTEST_NONCE   marks the exit status line the host looks for
#   VMTEST_MODULE  vres.ko to load, empty for --no-module
#   VMTEST_WORKDIR directory to run the command in
run=$(dirname "$0")
# shellcheck source=/dev/null
. "$run/env"
export VMTEST_MODULE

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname vmtest

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TMPDIR=/tmp TERM=dumb LC_ALL=C.UTF-8
export VMTEST=1

# The command's output goes to the second serial port, which the host
# prints live; the first one carries only the kernel console.
stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec > /dev/ttyS1 2>&1 < /dev/null

finish() {
	echo "vmtest-$VMTEST_NONCE: exit $1"
	dmesg > "$run/dmesg.log" 2>/dev/null
	sync
	exec busybox poweroff -f
}

echo "vmtest: $(uname -r), $(nproc) CPUs, up $(cut -d' ' -f1 /proc/uptime) s"
if [ -n "$VMTEST_MODULE" ]; then
	if ! out=$(insmod "$VMTEST_MODULE" 2>&1); then
		echo "vmtest: insmod $VMTEST_MODULE failed: $out"
		finish 125
	fi
	echo "vmtest: loaded $VMTEST_MODULE"
fi
# For vmtest.sh's hang diagnosis: symbol addresses (the VM runs nokaslr),
# and where this load of vres sits, to relocate its symbols after reloads.
cp /proc/kallsyms "$run/kallsyms" 2>/dev/null
cat /sys/module/vres/sections/.text > "$run/vres.text" 2>/dev/null

cd "$VMTEST_WORKDIR" || finish 125
bash "$run/cmd"
finish $?
