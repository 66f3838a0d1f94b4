#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tap_run.sh: run test programs and print TAP, kselftest style.
#
#   selftests/tap_run.sh PREFIX PROG...
#
# Each PROG prints TAP (kselftest_harness.h, or a script that prints the same
# "# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N" line); its output
# is indented as a subtest. Exit 4 from a program is a skip. The last line
# sums the test cases of every program:
#
#   # vres-totals: pass:N fail:N skip:N
#
# Exit status 1 if any case or program failed.
set -u
prefix=$1
shift

field() { sed -n "s/.* $1:\([0-9]*\).*/\1/p" <<< "$2"; }

echo "TAP version 13"
echo "1..$#"
n=0 pass=0 fail=0 skip=0 bad=0
for t in "$@"; do
	n=$((n + 1))
	if [ ! -x "$t" ]; then
		echo "not ok $n $prefix$t # not built"
		fail=$((fail + 1)) bad=1
		continue
	fi
	out=$(mktemp)
	"$t" 2>&1 | tee "$out" | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	totals=$(grep -aE '^# Totals: ' "$out" | tail -n 1)
	rm -f "$out"
	f=0
	if [ -n "$totals" ]; then
		f=$(($(field fail "$totals") + $(field error "$totals")))
		pass=$((pass + $(field pass "$totals")))
		skip=$((skip + $(field skip "$totals")))
		fail=$((fail + f))
	fi
	case $rc in
	0)	echo "ok $n $prefix$t" ;;
	4)	echo "ok $n $prefix$t # SKIP"
		[ -n "$totals" ] || skip=$((skip + 1)) ;;
	*)	echo "not ok $n $prefix$t # exit status $rc"
		bad=1
		# A program that failed without reporting a failed case (it
		# crashed, or never printed its totals) counts as one failure.
		[ "$f" -gt 0 ] || fail=$((fail + 1)) ;;
	esac
done
echo "# vres-totals: pass:$pass fail:$fail skip:$skip"
[ $bad -eq 0 ] && [ $fail -eq 0 ]
