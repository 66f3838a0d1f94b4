#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Userspace unit tests for vresctl: every *_test program and *_test.sh
# script in this directory, run through the shared TAP runner.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 2

tests=()
for t in tests/*_test tests/*_test.sh; do
	[ -e "$t" ] && tests+=("./$t")
done
exec ../selftests/tap_run.sh "userspace: " "${tests[@]}"
