#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh: the benchmarks' side inside the test VM (selftests/vmtest.sh
# runs it; selftests/bench/run.sh says how).
#
#   selftests/bench/guest.sh enforce OUTDIR   sections 1-3 and 6 (one CPU on
#                                             the icount clock, else 2)
#   selftests/bench/guest.sh overhead OUTDIR  section 4 (enough CPUs for 256
#                                             servers besides CPU 0)
#   selftests/bench/guest.sh scale OUTDIR     sections 4 and 5 (enough CPUs for
#                                             BENCH_SERVERS servers)
#
# Raw results go to OUTDIR (under .build, the VM's writable directory);
# report.py turns them into the report on the host. Sizes come from the
# environment (run.sh passes them through vmtest's command line):
#
#   BENCH_PERIODS   periods traced per enforcement run (default 200)
#   BENCH_CONFIGS   "C:T ..." in ms (default "2:10 10:50 20:100")
#   BENCH_MECHS     mechanisms (default "vres vres-soft dl cpumax dl-hrtick")
#   BENCH_REPS      overhead rounds (default 5)
#   BENCH_ROUNDTRIPS ping-pong round trips per measurement (default 20000)
#   BENCH_SERVERS   servers of the scale benchmark (default 1000)
#   BENCH_DEADLINE  1: also run selftests/vres/deadline_test when it is
#                   built, its results into OUTDIR/deadline (default 1)
#
# A failed step is recorded in OUTDIR/failures and the others still run;
# the exit status is 1 if any step failed. A step whose results exist is
# skipped, so that run.sh can boot the VM again after the emulator
# crashed it and go on where it stopped.
set -u
phase=${1:?usage: guest.sh enforce|overhead|scale OUTDIR}
out=${2:?usage: guest.sh enforce|overhead|scale OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export VRES_KO=${VRES_KO:-${VMTEST_MODULE:-}}

periods=${BENCH_PERIODS:-200}
configs=${BENCH_CONFIGS:-"2:10 10:50 20:100"}
mechs=${BENCH_MECHS:-"vres vres-soft dl cpumax dl-hrtick"}
reps=${BENCH_REPS:-5}
roundtrips=${BENCH_ROUNDTRIPS:-20000}
servers=${BENCH_SERVERS:-1000}
# The SCHED_FIFO band overhead and scale reload the module with: 98
# servers per CPU.
params="prio_min=1 prio_max=98"

mkdir -p "$out" || exit 2
failed=0
step() {
	local name=$1 done=$2 start rc
	shift 2
	if [ -e "$done" ]; then
		echo "bench: $name: done in an earlier boot"
		return 0
	fi
	start=$(date +%s.%N)
	echo "bench: $name"
	"$@" > "$out/$name.log" 2>&1
	rc=$?
	printf 'bench: %s: status %d, %.1f s\n' "$name" "$rc" \
		"$(echo "$(date +%s.%N) - $start" | bc)"
	# Failures of this step in an earlier boot are superseded.
	if [ -e "$out/failures" ]; then
		grep -v "^$name " "$out/failures" > "$out/failures.new"
		mv "$out/failures.new" "$out/failures"
	fi
	if [ $rc -ne 0 ]; then
		echo "$name $rc" >> "$out/failures"
		sed 's/^/bench:   /' "$out/$name.log" | tail -n 5
		failed=1
	fi
}

# What the report says about the VM: kernel, CPUs, clock, tick, features.
vm_info() {
	local kver
	kver=$(uname -r)
	{
		echo "kernel $kver"
		echo "clock ${VMTEST_CLOCK:-wall}"
		echo "cpus $(nproc)"
		echo "cpu_model $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
		echo "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
		echo "hz $(sed -n 's/^CONFIG_HZ=//p' "${VMTEST_KROOT:-}/boot/config-$kver")"
		echo "sched_features $(cat /sys/kernel/debug/sched/features 2>/dev/null)"
		echo "rt_runtime_us $(cat /proc/sys/kernel/sched_rt_runtime_us)"
		echo "rt_period_us $(cat /proc/sys/kernel/sched_rt_period_us)"
		echo "tsc_unstable $(dmesg | grep -c -i 'tsc.*unstable')"
		echo "vres_params prio_min=$(cat /sys/module/vres/parameters/prio_min 2>/dev/null) prio_max=$(cat /sys/module/vres/parameters/prio_max 2>/dev/null)"
	} > "$out/vm-$phase.txt"
}

case "$phase" in
enforce)
	vm_info
	mkdir -p "$out/enforce"
	# One trace instance for all runs: events are enabled once.
	"$here/enforce" --open || exit 1
	for load in 0 1; do
		for cfg in $configs; do
			c=${cfg%%:*} t=${cfg#*:}
			for m in $mechs; do
				name=$m-$c-$t-$load
				args=(--mech "$m" --budget $((c * 1000000))
				      --period $((t * 1000000)) --periods "$periods"
				      --out "$out/enforce/$name")
				[ "$load" = 1 ] && args+=(--load)
				step "enforce/$name" "$out/enforce/$name.json" \
					"$here/enforce" "${args[@]}"
			done
		done
	done
	"$here/enforce" --close
	# The guest deadline comparison of selftests/vres, when built.
	if [ "${BENCH_DEADLINE:-1}" = 1 ] && [ -x "$top/selftests/vres/deadline_test" ]; then
		mkdir -p "$out/deadline"
		step deadline "$out/deadline/deadline-$(uname -r).txt" \
			env VRES_RESULTS_DIR="$out/deadline" \
			"$top/selftests/vres/deadline_test"
	fi
	;;
overhead|scale)
	vm_info
	mkdir -p "$out/overhead"
	step overhead/overhead "$out/overhead/overhead.json" \
		"$here/overhead" --out "$out/overhead/overhead" \
		--reps "$reps" --roundtrips "$roundtrips" --params "$params"
	if [ "$phase" = scale ]; then
		mkdir -p "$out/scale"
		step scale/scale "$out/scale/scale.json" \
			"$here/scale" --out "$out/scale/scale" \
			--servers "$servers" --params "$params"
	fi
	;;
*)
	echo "guest.sh: unknown phase '$phase'" >&2
	exit 2
	;;
esac
exit $failed
