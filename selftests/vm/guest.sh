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
#   VMTEST_ACCEL   kvm or tcg
#   VMTEST_CLOCK   icount:SHIFT, mttcg or kvm (see vmtest.sh --icount)
#   VMTEST_TP_GUARD 0, 1 or empty (the default: on under TCG), see below
#   VMTEST_KROOT   where the booted kernel's packages are unpacked (/ when
#                  it is installed on the host)
#   VMTEST_KVER    the booted kernel's release
run=$(dirname "$0")
# shellcheck source=/dev/null
. "$run/env"
export VMTEST_MODULE VMTEST_KROOT VMTEST_KVER VMTEST_ACCEL VMTEST_CLOCK

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname vmtest

# modprobe looks in /lib/modules/KVER: show it the unpacked kernel's
# modules there (scripts/kernels.sh; deps.sh makes sure the host has an
# /lib/modules to mount them on).
if [ "${VMTEST_KROOT:-/}" != / ]; then
	mount --bind "$VMTEST_KROOT/lib/modules" /lib/modules 2>/dev/null ||
		echo "vmtest: cannot mount $VMTEST_KROOT/lib/modules on /lib/modules: modprobe will not find the modules of $VMTEST_KVER" > /dev/ttyS1
fi

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

echo "vmtest: $(uname -r), $(nproc) CPUs, clock $VMTEST_CLOCK, up $(cut -d' ' -f1 /proc/uptime) s"

# The tracepoint guard. Each load and unload of vres registers and removes
# its probes on sched_switch, sched_process_exit and sched_process_fork
# (and kvm_lifecycle_test traces raw_syscalls/sys_exit for a while). When a tracepoint goes
# from 0 to 1 probe, or from 1 to 2 and back, the kernel live-patches its
# call site (the static key's jump, the static call) with text_poke_bp(),
# which puts a temporary INT3 on the instruction it rewrites. QEMU 7.2's
# multi-threaded TCG can keep a stale translation of that INT3 (seemingly
# when one vCPU translates the block while another writes the patch's last
# byte). On 6.1, Linux's INT3 handler then finds no INT3 in memory and
# retries for ever; the site of sched_switch is in __schedule(), so every
# vCPU ends up looping there with interrupts off: the silent hang of
# lifecycle_test's 100 reloads, once in several hundred reloads
# (selftests/vm/diagnose_hang.py names it when it happens). On 6.12 the
# same stale INT3 is an oops ("Oops: int3" in __schedule()). Hardware and
# KVM do not have the bug, and neither, by construction, does the
# single-threaded TCG of --icount, where one host thread runs every vCPU
# in turn: the guard is on under multi-threaded TCG only. There, two trace
# instances that never record keep two probes on each tracepoint for the
# whole run, so that vres's probes come and go as the third (N to N+1: a
# pointer swap, no text patching) and its reloads leave the kernel's text
# alone. The probes cost each context switch a few function calls. The
# same holds for any tracepoint a test enables and disables (its own trace
# instance is one more probe): VMTEST_TP_GUARD_EVENTS names more of them.
# The first KVM VM enables preempt_notifier_key, which patches __schedule()
# the same way ("Oops: int3" in __schedule() as kvm_lifecycle_test started
# its first guest, 6.12, twice in a row in December 2026): where KVM is
# available, kvm_hold() creates one empty VM at boot and holds it for the
# run, so the tests' VMs take the key from 1 to 2, which patches nothing.
#
# The guard's own first probes and that first VM patch the text too, so
# guard_on() sets them up with every other CPU offline: with one vCPU
# running there is no other to keep a stale translation. Toggling
# sched_switch in a trace instance while hackbench ran on both CPUs
# crashed 6.12 ("Oops: int3") within a few hundred toggles; with CPU 1
# offline, 2000 toggles passed (README, "Testing").
tp_guard() {
	local t=/sys/kernel/tracing i e
	for i in vmtest-guard-a vmtest-guard-b; do
		mkdir "$t/instances/$i" &&
			echo 0 > "$t/instances/$i/tracing_on" || return 1
		for e in sched/sched_switch sched/sched_process_exit \
			 sched/sched_process_fork raw_syscalls/sys_exit \
			 ${VMTEST_TP_GUARD_EVENTS:-}; do
			echo 1 > "$t/instances/$i/events/$e/enable" || return 1
		done
	done
}
kvm_hold() {
	local i
	[ -e /dev/kvm ] || modprobe kvm_amd >/dev/null 2>&1 ||
		modprobe kvm_intel >/dev/null 2>&1
	[ -e /dev/kvm ] || return 0
	# KVM_CREATE_VM is _IO(0xAE, 1); the VM lives as long as its fd.
	python3 -c 'import fcntl, os, signal
fd = os.open("/dev/kvm", os.O_RDWR)
vm = fcntl.ioctl(fd, 0xAE01, 0)
print("held", flush=True)
signal.pause()' </dev/null >/tmp/vmtest-kvm-hold 2>&1 &
	# The key must be on before the CPUs come back.
	for ((i = 0; i < 100; i++)); do
		grep -q held /tmp/vmtest-kvm-hold && return 0
		sleep 0.1
	done
	return 1
}
guard_on() {
	local c offlined="" rc=0
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$c" ] && [ "$(cat "$c")" = 1 ] || continue
		echo 0 > "$c" || return 1
		offlined+=" $c"
	done
	tp_guard && kvm_hold || rc=1
	for c in $offlined; do
		echo 1 > "$c" || rc=1
	done
	return $rc
}
case "${VMTEST_TP_GUARD:-}" in
1) guard=1 ;;
0) guard=0 ;;
*) [ "$VMTEST_CLOCK" = mttcg ] && guard=1 || guard=0 ;;
esac
if [ $guard -eq 1 ]; then
	if guard_on; then
		echo "vmtest: TCG tracepoint guard on (VMTEST_TP_GUARD=0 turns it off)"
	else
		echo "vmtest: cannot set up the tracepoint guard"
		finish 125
	fi
fi
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
