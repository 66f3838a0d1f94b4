#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh: run the vres selftests and print TAP, kselftest style. Meant
# to run inside the test VM (selftests/vmtest.sh runs it by default) with
# vres loaded; the programs find the module's path in VRES_KO.
#
#   selftests/run_tests.sh [TEST ...]     default: TEST_PROGS of the Makefile
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 2

if [ $# -eq 0 ]; then
	read -r -a progs <<< "$(make -s --no-print-directory -f - print <<'MK'
include Makefile
print: ; @echo $(TEST_PROGS)
MK
)"
	set -- "${progs[@]}"
fi
export VRES_KO=${VRES_KO:-${VMTEST_MODULE:-}}
exec ./tap_run.sh "selftests: vres: " "${@/#/./}"
