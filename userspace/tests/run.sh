#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Userspace unit tests for vresctl: runs every test program and script in
# this directory and prints TAP. Exit status is non-zero if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 2

tests=()
for t in tests/*_test tests/*_test.sh; do
	[ -x "$t" ] && tests+=("$t")
done

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 fail=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok $n $t"
	elif [ $rc -eq 4 ]; then
		echo "ok $n $t # SKIP"
	else
		echo "not ok $n $t"
		fail=$((fail + 1))
	fi
done
[ $fail -eq 0 ]
