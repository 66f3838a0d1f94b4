#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh: run the vres selftests and print TAP, kselftest style. Meant
# to run inside the test VM (selftests/vmtest.sh runs it by default) with
# vres loaded; the programs find the module's path in VRES_KO.
#
#   selftests/run_tests.sh [--group GROUP | TEST ...]
#
# Without TESTs it runs the group of the Makefile that the VM's clock is
# for (VMTEST_CLOCK, see vmtest.sh): TIMING_PROGS on the instruction-
# counting clock, CONCURRENCY_PROGS on multi-threaded TCG, all of them
# (TEST_PROGS) on KVM or outside the test VM; --group names another
# (VM_TIMING_PROGS, KVM_TIMING_PROGS).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 2

group=""
if [ "${1:-}" = --group ]; then
	group=${2:?run_tests.sh: --group needs a group name}
	shift 2
fi
if [ $# -eq 0 ]; then
	[ -n "$group" ] ||
	case "${VMTEST_CLOCK:-}" in
	icount:*) group=TIMING_PROGS ;;
	mttcg) group=CONCURRENCY_PROGS ;;
	*) group=TEST_PROGS ;;
	esac
	echo "# run_tests: clock ${VMTEST_CLOCK:-none}, running $group"
	read -r -a progs <<< "$(make -s --no-print-directory -f - print <<MK
include Makefile
print: ; @echo \$($group)
MK
)"
	if [ ${#progs[@]} -eq 0 ]; then
		echo "run_tests: no tests in group '$group'" >&2
		exit 2
	fi
	set -- "${progs[@]}"
fi
export VRES_KO=${VRES_KO:-${VMTEST_MODULE:-}}
exec ./tap_run.sh "selftests: vres: " "${@/#/./}"
