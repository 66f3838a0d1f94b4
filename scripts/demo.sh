#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: "make demo". Installs what is missing (as root), builds vres,
# vresctl and the selftests, boots the test VM on one of the host's Debian
# kernels with vres loaded, and runs scripts/demo-vm.sh in it: the plan
# of the thesis's example, a real-time guest under vres next to CPU hogs
# and a real QEMU guest served through "vresctl attach", "vresctl status",
# and the deadline results of vres, cgroup cpu.max and SCHED_DEADLINE.
# Then the same comparison with a real KVM guest (nested KVM in a second,
# icount test VM: selftests/kvm/kvm_compare.py), or a plain word that it
# could not run and why. About five minutes on 2 cores.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
start=$(date +%s)

if [ "$(id -u)" -eq 0 ]; then
	echo "demo: make deps (installs missing Debian packages)"
	make -s deps
else
	echo "demo: not root: not installing packages, and the VM needs none; building"
fi
echo "demo: building vres.ko, vresctl and the selftests"
make -s all selftests >/dev/null

set +e
# deadline_test judges time: it runs on the icount clock, in a one-CPU VM
# (selftests/vmtest.sh --icount; the timing tests skip elsewhere).
selftests/vmtest.sh -s 1 --icount=2 -t 1200 -- scripts/demo-vm.sh
rc=$?

# The real KVM guest: the same comparison with Linux running the task set
# in a nested KVM guest, on the icount clock, on the QEMU scripts/qemu.sh
# builds (Documentation/kvm.rst, "A fault of the emulator").
echo
echo "demo: the real KVM guest: one Linux guest running the thesis's example under"
echo "demo: vres (the plan), vres (a rejected budget), cgroup cpu.max and SCHED_DEADLINE"
mkdir -p .build/demo
if qemu=$(scripts/qemu.sh path); then
	VMTEST_QEMU=$qemu selftests/vmtest.sh -s 1 --icount=2 -t 2400 --stall 300 -- \
		selftests/kvm/kvm_compare.py --json .build/demo/kvm.json
	kvm_rc=$?
else
	echo "demo: the KVM tests' QEMU is not built (make deps, as root, builds it)"
	kvm_rc=4
fi
case "$kvm_rc" in
0)	echo "demo: the real KVM guest's results are in .build/demo/kvm.json" ;;
4)	echo "demo: no real KVM guest here (see above why): the comparison above, with"
	echo "demo: the emulated guest guest_rm, is what this demo shows" ;;
*)	echo "demo: the real KVM guest's comparison did not complete (status $kvm_rc);"
	echo "demo: the comparison above, with the emulated guest guest_rm, stands"
	[ "$rc" -ne 0 ] || rc=$kvm_rc ;;
esac
echo "demo: finished in $(( $(date +%s) - start )) s"
exit $rc
