#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: every vres test, in order ("make check"):
#
#   deps       make deps (installs what is missing; needs root)
#   build      the module, vresctl and the selftests
#   build32    vres.ko for Debian 12's 32-bit (686) kernel headers, W=1: no
#              warning, no undefined symbol such as libgcc's __umoddi3
#              (selftests/build32.sh)
#   dkms       vres.ko built by Debian's dkms with dkms.conf for every
#              unpacked kernel (7.3 with trixie's dkms in its build root):
#              no warning, the kernel's vermagic, nothing written outside
#              .build (selftests/dkms.sh)
#   deb        the Debian packages of "make deb" (vres-dkms, vresctl) build
#              and lintian finds no error or warning (scripts/package/deb.sh)
#   vm-deb     those packages installed into a throwaway root in a VM on
#              this release's kernel (6.1 on Debian 12): DKMS builds vres.ko,
#              modprobe, a selftest, purge, nothing left
#              (selftests/deb/install_test.sh)
#   userspace  vresctl's unit tests
#   kvmlib     the KVM tests' trace arithmetic on made-up traces, on the
#              host (selftests/kvm/kvmlib_test.py)
#   fuzz       libFuzzer runs of the parsers of untrusted text (sysfs
#              writes, task set and plan files), FUZZ_SECONDS (default 40)
#              per target, one after the other (selftests/fuzz/run.sh)
#   kunit      the KUnit suites, in a UML kernel built from linux-source
#   vm-6.1          functional and concurrency selftests in a VM on Debian
#                   12's 6.1 kernel, multi-threaded TCG, 2 CPUs; with the
#                   fault-injection build of vres.ko (DEBUG_MODULE_FLAGS)
#   vm-6.1-icount   timing selftests on the same kernel, on the icount clock
#                   (shift ICOUNT_SHIFT, default 2), 1 CPU (selftests/vmtest.sh)
#   vm-6.1-kvm      the timing test with a real KVM guest (nested KVM), in
#                   an icount VM of its own: see kvm_stage below
#   vm-6.12, vm-6.12-icount, vm-6.12-kvm   the same on bookworm-backports'
#                   6.12 kernel
#   vm-7.3, vm-7.3-icount, vm-7.3-kvm       the same on trixie-backports' 7.3
#   vm-7.3-rt, vm-7.3-rt-icount, vm-7.3-rt-kvm   and on its PREEMPT_RT flavour
#                   (vres.ko for 7.3 is built in a trixie root:
#                   scripts/buildroot.sh)
#
# For each failed stage, the lines of its log that say why; then one
# summary line per stage, then "N passed, N failed[, N skipped]".
# Exits non-zero if any test failed or any stage could not run. Each
# stage's full output is also kept in .build/check/STAGE.log.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
logs="$top/.build/check"
mkdir -p "$logs"
cd "$top" || exit 2

# The icount stages' SHIFT: each instruction is 2^SHIFT ns of guest time.
# At 2 the guest runs at about the speed the host emulates it (guest time
# passes about as fast as wall time when every CPU is busy); at 0 it is a
# 1 GHz machine and busy runs take about four times longer. The timing
# tests scale their tolerances with it (vres_util.h: icount_scale()).
ICOUNT_SHIFT=${ICOUNT_SHIFT:-2}

# The 6.1 functional stage loads vres.ko built with the fault-injection
# points the race tests need (kernel/Kbuild) and without sibling-call
# optimisation, as arm64 and frame-pointer builds are: unloading must be
# safe whatever the compiler makes of the throttle work's last call.
DEBUG_MODULE_FLAGS="VRES_DEBUG=y KCFLAGS=-fno-optimize-sibling-calls"

# Seconds of fuzzing per target in the fuzz stage (three targets, one
# core): about 2.5 minutes with the build.
FUZZ_SECONDS=${FUZZ_SECONDS:-40}

total_pass=0 total_fail=0 total_skip=0
summary=() failed=()

# newest_kernel 6.1: the newest kernel of that series that
# scripts/kernels.sh unpacked (make deps does).
newest_kernel() {
	"$top/scripts/kernels.sh" newest "$1"
}

# stage NAME CMD...: run CMD, print its output live and keep it, then read
# the "# vres-totals: pass:N fail:N skip:N" line it printed. A stage that
# fails without that line counts as one failure.
stage() {
	local name=$1 log="$logs/$1.log" start rc totals p f s status secs
	shift
	echo "==== check: $name: ${STAGE_TITLE:-$*}"
	start=$(date +%s.%N)
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
	totals=$(grep -aE '^# vres-totals: ' "$log" | tail -n 1)
	if [ -n "$totals" ]; then
		p=$(sed -n 's/.* pass:\([0-9]*\).*/\1/p' <<< "$totals")
		f=$(sed -n 's/.* fail:\([0-9]*\).*/\1/p' <<< "$totals")
		s=$(sed -n 's/.* skip:\([0-9]*\).*/\1/p' <<< "$totals")
	else
		p=0 f=0 s=0
	fi
	# A non-zero exit with no failed test (the VM runner saw a kernel bug,
	# a build broke) is one more failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -eq 0 ]; then status=ok; else status=FAIL failed+=("$name"); fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	summary+=("$(printf 'check: %-16s %-4s pass %4d  fail %3d  skip %3d  %7s s  (%s)' \
		"$name" "$status" "$p" "$f" "$s" "$secs" "$log")")
	return "$rc"
}

# Stages that are not test suites report one pass or one failure.
step() {
	local name=$1
	shift
	STAGE_TITLE="$*" stage "$name" bash -c '"$@"; rc=$?; echo "# vres-totals: pass:$((rc == 0)) fail:$((rc != 0)) skip:0"; exit $rc' \
		step "$@"
}

# The KVM test runs in a VM of its own, on the QEMU that scripts/qemu.sh
# builds (make deps): Debian's delivers an interrupt the test VM's KVM
# injects into its guest twice, and the guest's kernel deadlocks
# (Documentation/kvm.rst, "A fault of the emulator"). --stall ends a hung
# VM early.
kvm_stage() {
	local kver=$1 qemu
	if ! qemu=$(scripts/qemu.sh path); then
		echo "check: no KVM tests' QEMU: run make deps (scripts/qemu.sh build)"
		return 2
	fi
	VMTEST_QEMU=$qemu selftests/vmtest.sh -k "$kver" -s 1 \
		--icount="$ICOUNT_SHIFT" -t 1800 --stall 300 -- \
		selftests/run_tests.sh --group KVM_TIMING_PROGS
}

# The packages' test VM boots the kernel of this host's release (not a
# backport): the host's dkms and compiler build for it, as the postinst
# does on a host that runs it.
deb_stage() {
	local kver
	kver=$(scripts/kernels.sh native | head -n 1)
	[ -n "$kver" ] || { echo "check: no kernel of this release unpacked"; return 2; }
	# libvirt's guests run on nested KVM: the QEMU kvm_stage uses.
	VMTEST_QEMU=$(scripts/qemu.sh path) selftests/vmtest.sh -k "$kver" -s 2 \
		--no-module -t 1800 -- selftests/deb/install_test.sh
}

if [ "$(id -u)" -eq 0 ]; then
	step deps make -s deps
else
	echo "check: not root, not installing packages (make deps needs root)"
fi

if step build make -s all selftests; then
	step build32 selftests/build32.sh
	stage dkms selftests/dkms.sh
	if step deb scripts/package/deb.sh; then
		stage vm-deb deb_stage
	else
		summary+=("check: vm-deb not run: the packages did not build")
	fi
	stage userspace make -s -C userspace test
	step kvmlib python3 selftests/kvm/kvmlib_test.py
	stage fuzz selftests/fuzz/run.sh "$FUZZ_SECONDS"
	stage kunit selftests/kunit.sh
	for series in $(scripts/kernels.sh series); do
		k=$(newest_kernel "$series")
		if [ -z "$k" ]; then
			total_fail=$((total_fail + 1))
			summary+=("check: vm-$series FAIL  no kernel of series $series unpacked (run make deps)")
			continue
		fi
		flags=""
		[ "$series" = 6.1 ] && flags=$DEBUG_MODULE_FLAGS
		VMTEST_MODULE_FLAGS=$flags stage "vm-$series" \
			selftests/vmtest.sh -k "$k" -s 2
		stage "vm-$series-icount" selftests/vmtest.sh -k "$k" -s 1 --icount=$ICOUNT_SHIFT \
			-- selftests/run_tests.sh --group VM_TIMING_PROGS
		stage "vm-$series-kvm" kvm_stage "$k"
	done
else
	summary+=("check: build failed: no further stage can run")
fi

# why NAME: the lines of a failed stage's log that say why, so that the
# end of the output (often all a CI log shows) carries the reason.
why() {
	local log="$logs/$1.log" lines
	lines=$(grep -aE '^not ok|^# not ok|FAIL|Oops|BUG:|WARNING:|panic|hung|error|failed' "$log" |
		grep -av '^# ok ' | tail -n 20)
	[ -n "$lines" ] || lines=$(tail -n 10 "$log")
	echo "---- check: why $1 failed (whole log: $log)"
	printf '%s\n' "$lines" | cut -c1-200
}

echo
for name in "${failed[@]}"; do
	why "$name"
done
[ ${#failed[@]} -eq 0 ] || echo
printf '%s\n' "${summary[@]}"
line="$total_pass passed, $total_fail failed"
[ "$total_skip" -gt 0 ] && line="$line, $total_skip skipped"
echo "$line"
[ "$total_fail" -eq 0 ]
