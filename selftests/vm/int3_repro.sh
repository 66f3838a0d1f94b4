#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# int3_repro.sh: reproduce multi-threaded TCG's stale translation of
# live-patched kernel text (see guest.sh, "The tracepoint guard"). Runs
# inside the test VM, with the guard off:
#
#   VMTEST_TP_GUARD=0 selftests/vmtest.sh -s 2 --no-module -t 900 -- \
#           selftests/vm/int3_repro.sh online|offline [TOGGLES]
#
# hackbench keeps every CPU switching tasks while sched_switch is enabled
# and disabled in a trace instance of its own, TOGGLES times (default
# 2000): each change patches the tracepoint's call site in __schedule().
# "online" keeps every CPU online: on QEMU 7.2's multi-threaded TCG, 6.12
# panics ("Oops: int3") or 6.1 hangs within a few hundred toggles.
# "offline" takes the other CPUs offline for the toggles, as guest.sh does
# for the guard's own patches: no crash expected. Not part of make check
# (the "online" run is meant to crash the VM).
set -u

mode=${1:-} n=${2:-2000}
case "$mode" in
online|offline) ;;
*) echo "usage: int3_repro.sh online|offline [TOGGLES]" >&2; exit 2 ;;
esac
[ "${VMTEST:-}" = 1 ] || { echo "int3_repro: run it in the test VM (selftests/vmtest.sh)" >&2; exit 2; }

t=/sys/kernel/tracing
mkdir "$t/instances/int3-repro" || exit 1
e=$t/instances/int3-repro/events/sched/sched_switch/enable

hackbench -l 100000000 -g 2 -f 4 >/dev/null 2>&1 &
load=$!
sleep 1

offlined=""
if [ "$mode" = offline ]; then
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ "$(cat "$c")" = 1 ] || continue
		echo 0 > "$c" && offlined+=" $c"
	done
fi

start=$(date +%s.%N)
for ((i = 1; i <= n; i++)); do
	echo 1 > "$e" && echo 0 > "$e" || exit 1
	((i % 200 == 0)) && echo "int3_repro: $mode, $i toggles"
done
for c in $offlined; do
	echo 1 > "$c"
done
printf 'int3_repro: %s, %d toggles without a crash in %.0f s\n' "$mode" "$n" \
	"$(echo "$(date +%s.%N) - $start" | bc)"
kill "$load"
rmdir "$t/instances/int3-repro"
