#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Userspace unit tests for vresctl: runs every test program and script in
# this directory and prints TAP. Each test prints its own kselftest
# "# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N" line; those are
# renamed "# <test> totals: ..." here and summed into the one final
# "# Totals:" line, so that a caller summing Totals lines counts each case
# once. A test that exits without a Totals line counts as one error, one
# that exits 4 (kselftest skip) without one as one skip. Exit status is
# non-zero if any test failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 2

tests=()
for t in tests/*_test tests/*_test.sh; do
	[ -x "$t" ] && tests+=("$t")
done

declare -A sum=([pass]=0 [fail]=0 [xfail]=0 [xpass]=0 [skip]=0 [error]=0)

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	out=$("$t" 2>&1)
	rc=$?
	totals=$(printf '%s\n' "$out" | grep -E '^# Totals: ' | tail -n 1)
	printf '%s\n' "$out" |
		sed -e "s|^# Totals: |# $t totals: |" -e 's/^/# /'
	if [ -n "$totals" ]; then
		for k in "${!sum[@]}"; do
			v=$(printf '%s\n' "$totals" | sed -n "s/.* $k:\([0-9]*\).*/\1/p")
			sum[$k]=$((sum[$k] + ${v:-0}))
		done
	elif [ $rc -eq 4 ]; then
		sum[skip]=$((sum[skip] + 1))
	else
		sum[error]=$((sum[error] + 1))
	fi
	if [ $rc -eq 0 ]; then
		echo "ok $n $t"
	elif [ $rc -eq 4 ]; then
		echo "ok $n $t # SKIP"
	else
		echo "not ok $n $t"
		failed=$((failed + 1))
	fi
done
echo "# Totals: pass:${sum[pass]} fail:${sum[fail]} xfail:${sum[xfail]} xpass:${sum[xpass]} skip:${sum[skip]} error:${sum[error]}"
[ $failed -eq 0 ]
