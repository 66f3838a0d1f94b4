#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: "make demo". Installs what is missing (as root), builds vres,
# vresctl and the selftests, boots the test VM on one of the host's Debian
# kernels with vres loaded, and runs selftests/demo-vm.sh in it: the plan
# of the thesis's example, a real-time guest under vres next to CPU hogs
# and a real QEMU guest served through "vresctl attach", "vresctl status",
# and the deadline results of vres, cgroup cpu.max and SCHED_DEADLINE.
# About 3 minutes on 2 cores once the packages are installed.
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
selftests/vmtest.sh -t 900 -- selftests/demo-vm.sh
rc=$?
echo "demo: finished in $(( $(date +%s) - start )) s"
exit $rc
