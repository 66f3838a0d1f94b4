#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: "make bench". Builds the benchmarks, runs them inside the test VM
# (selftests/vmtest.sh) on one or more kernels, runs the analysis benchmark
# on the host, and writes a Markdown report with SVG figures.
# Documentation/benchmarks.rst describes what is measured and how.
usage() {
	cat <<USAGE
usage: selftests/bench/run.sh [-k KVER]... [--all-kernels] [--quick]
                              [--shifts "S ..."] [--no-mttcg] [-j N]
                              [--no-analysis] [--smp N] [-o DIR]

  -k KVER         a kernel to run on (repeatable; default: the newest
                  installed kernel with headers, Debian 12's 6.12 from
                  bookworm-backports once "make deps" has run)
  --all-kernels   every installed kernel with headers (6.1 and 6.12)
  --quick         small sizes, to check that everything works; the
                  numbers are not worth reading
  --shifts LIST   the icount SHIFTs to measure at (default "0 2"; "" for
                  none): each instruction is 2^SHIFT ns of guest time.
                  Precision, guarantee and supply on a one-vCPU VM,
                  overhead on the fewest vCPUs that hold 256 servers
                  besides the measured CPU 0
  --no-mttcg      skip the wall-clock phase on multi-threaded TCG (today's
                  numbers before icount: host-noise bound, second table)
  -j N            icount VMs to run at once (default 1). Their results do
                  not depend on the host's load; the wall-clock phase
                  always runs alone, after them
  --no-analysis   skip "make -C selftests/bench run-analysis" (2-3 min)
  --smp N         vCPUs of the wall-clock VM for overhead and scale
                  (default 12: 1000 servers need ceil(1000/98) = 11 CPUs)
  -o DIR          where to write (default .build/bench; must be under .build,
                  the VM's only writable directory)

Sizes (environment): BENCH_PERIODS (200), BENCH_CONFIGS ("2:10 10:50
20:100", C:T in ms), BENCH_MECHS ("vres vres-soft dl cpumax dl-hrtick";
the wall-clock phase leaves out vres-soft unless set), BENCH_REPS (5),
BENCH_ROUNDTRIPS (20000), BENCH_SERVERS (1000), BENCH_DEADLINE (1: the
guest deadline comparison, once per kernel at the largest SHIFT).
Results go to DIR/CLOCK/KVER (CLOCK: icount-SHIFT or mttcg), the report
to DIR/report.md; exit status 1 if a step failed (the report lists it),
2 on bad usage.
USAGE
}
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cmdline="make bench${*:+ (run.sh $*)}"
kernels=() all=0 quick=0 analysis=1 smp=12 out="$top/.build/bench"
shifts="0 2" mttcg=1 jobs=1

while [ $# -gt 0 ]; do
	case "$1" in
	-k) kernels+=("$2"); shift 2 ;;
	--all-kernels) all=1; shift ;;
	--quick) quick=1; shift ;;
	--shifts) shifts=$2; shift 2 ;;
	--no-mttcg) mttcg=0; shift ;;
	-j) jobs=$2; shift 2 ;;
	--no-analysis) analysis=0; shift ;;
	--smp) smp=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
for s in $shifts; do
	case "$s" in
	[0-9]|10) ;;
	*) usage >&2; exit 2 ;;
	esac
done
case "$jobs" in
[1-9]) ;;
*) usage >&2; exit 2 ;;
esac

log() { echo "bench: $*"; }
die() { echo "bench: $*" >&2; exit 2; }

mkdir -p "$out" && out=$(cd "$out" && pwd) || die "cannot create $out"
case "$out/" in
"$top/.build/"*) ;;
*) die "-o must be under $top/.build (the VM writes only there)" ;;
esac

# The kernels vmtest.sh can boot and build the module for: those
# scripts/kernels.sh unpacked (make deps).
installed() {
	"$top/scripts/kernels.sh" list
}
if [ ${#kernels[@]} -eq 0 ]; then
	if [ $all -eq 1 ]; then
		mapfile -t kernels < <(installed)
	else
		mapfile -t kernels < <(installed | tail -n 1)
	fi
fi
[ ${#kernels[@]} -gt 0 ] || die "no test kernel unpacked (make deps)"

if [ $quick -eq 1 ]; then
	: "${BENCH_PERIODS:=30}" "${BENCH_REPS:=2}" "${BENCH_ROUNDTRIPS:=4000}"
	: "${BENCH_SERVERS:=200}" "${BENCH_DEADLINE:=0}"
	analysis=0
fi
env_args=()
for v in BENCH_PERIODS BENCH_CONFIGS BENCH_MECHS BENCH_REPS \
	 BENCH_ROUNDTRIPS BENCH_SERVERS; do
	[ -n "${!v:-}" ] && env_args+=("$v=${!v}")
done
# The wall-clock phase measures what it did before icount: no soft mode
# (unless asked for), and no deadline comparison (deadline_test is a
# timing test, it runs on icount only).
mttcg_env=("${env_args[@]}" BENCH_DEADLINE=0)
[ -n "${BENCH_MECHS:-}" ] || mttcg_env+=("BENCH_MECHS=vres dl cpumax dl-hrtick")
deadline_shift=""
if [ "${BENCH_DEADLINE:-1}" = 1 ]; then
	for s in $shifts; do
		[ -z "$deadline_shift" ] || [ "$s" -gt "$deadline_shift" ] &&
			deadline_shift=$s
	done
fi
# The icount VMs: one vCPU for precision, guarantee and supply (with more,
# QEMU's round robin makes the measured CPU's interrupts wait for the
# others' turns, see Documentation/benchmarks.rst); for overhead, CPU 0
# plus the fewest CPUs that hold 256 servers, 98 per CPU (guest.sh's
# prio_min=1 prio_max=98).
icount_overhead_smp=$((1 + (256 + 97) / 98))

start=$(date +%s)
# Results of an earlier run would mix with these: start afresh.
find "$out" -mindepth 1 -maxdepth 1 ! -name dev -exec rm -rf {} +
{
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "command $cmdline"
	echo "commit $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "host_cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "host_cpus $(nproc)"
	echo "host_kernel $(uname -r)"
	echo "qemu $(qemu-system-x86_64 --version | head -n 1)"
	echo "kernels ${kernels[*]}"
	echo "clocks$(for s in $shifts; do printf ' icount-%s' "$s"; done)$([ $mttcg -eq 1 ] && echo ' mttcg')"
	echo "uptime_before $(uptime)"
} > "$out/host.txt"

log "building the benchmarks"
make -s -C "$here" || die "building selftests/bench failed"
# The guest deadline comparison (selftests/vres/deadline_test) when this
# tree has it: it needs the selftests and vresctl built.
if [ "${BENCH_DEADLINE:-1}" = 1 ] && [ -e "$top/selftests/vres/deadline_test.c" ]; then
	make -s -C "$top/selftests" && make -s -C "$top/userspace" ||
		log "building deadline_test failed; that section will be empty"
fi

# One VM run, its output shown live, each line after TAG, and kept in
# LOG. (vmtest.sh's watchdog keeps its output open for the timeout: never
# pipe it.) vmtest.sh builds vres.ko for the kernel in one directory per
# kernel: VMs started side by side (-j) take turns until theirs boots.
vm() {
	local log=$1 tag=$2 lock pid fd
	shift 2
	lock=$out/.vm-build.lock
	exec {fd}> "$lock"
	flock "$fd"
	: > "$log"
	"$top/selftests/vmtest.sh" "$@" > "$log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null && ! grep -q '^vmtest: booting' "$log"; do
		sleep 1
	done
	flock -u "$fd"
	exec {fd}>&-
	tail -n +1 -f --pid=$pid "$log" 2>/dev/null | sed -u "s|^|  $tag |"
	wait $pid
}

# The tracepoints the benchmarks trace besides sched_switch (which vmtest
# guards anyway): under TCG, enabling and disabling them live-patches the
# timer interrupt's text, which the emulator can leave a stale int3 in
# (see selftests/vm/guest.sh); vmtest's guard keeps them patched for the
# whole boot. vres's own events are not guarded: the module comes and goes.
tp_events="timer/hrtimer_expire_entry timer/hrtimer_expire_exit"
tp_events+=" irq_vectors/local_timer_entry irq_vectors/local_timer_exit"
export VMTEST_TP_GUARD_EVENTS=$tp_events

# One phase of guest.sh on clock CLK (icount-SHIFT or mttcg) in a VM of
# SMP vCPUs, with the environment after "--" (BENCH_* sizes). A VM that
# died or hung (the emulator's cross-modifying code now and then leaves a
# stale int3 that panics the guest, e.g. when the kernel marks sched_clock
# stable while booting 12 vCPUs) is booted again, at most twice; guest.sh
# goes on where it stopped. Each death is noted in CLK/KVER/vm-crashes for
# the report.
phase() {
	local clk=$1 k=$2 ph=$3 smp=$4 try rc log d
	local clock_opt=()
	shift 5
	d=$out/$clk/$k
	mkdir -p "$d"
	case $clk in
	icount-*) clock_opt=(--icount="${clk#icount-}") ;;
	esac
	for try in 1 2 3; do
		log=$d/vm-$ph.log
		[ $try -gt 1 ] && log=$d/vm-$ph-$try.log
		vm "$log" "[$clk $k $ph]" -k "$k" -s "$smp" "${clock_opt[@]}" \
			-t 5400 -- env "$@" selftests/bench/guest.sh "$ph" \
			"${d#"$top/"}"
		rc=$?
		case $rc in
		124|125) ;;
		*) break ;;
		esac
		echo "$ph $rc $(grep -m 1 -E 'Oops|BUG|panic|hung' "$log" |
			sed 's/^vmtest: *//')" >> "$d/vm-crashes"
		[ $try -lt 3 ] &&
			log "$clk $k: the VM died (status $rc); booting it again"
	done
	[ $rc -eq 0 ] && return 0
	echo "vm-$ph $rc" >> "$d/failures"
	return 1
}

# Whether kernel KVER boots with more than one vCPU on the icount clock.
# Debian's 6.1 does not on QEMU 7.2: its second vCPU spins in
# wait_for_master_cpu() while guest time stands still, until the timeout.
# Probed once per kernel and QEMU (a 2-vCPU boot at SHIFT 2, 180 s at
# most), the answer cached in .build/vm.
icount_smp_ok() {
	local k=$1 q cache
	q=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
	cache=$top/.build/vm/icount-smp-$k-qemu-$q
	if [ ! -e "$cache" ]; then
		mkdir -p "$top/.build/vm"
		log "$k: does it boot with 2 vCPUs on icount? (once per kernel)"
		if "$top/selftests/vmtest.sh" -k "$k" -s 2 --icount=2 --no-module \
			-t 180 -- true > "$cache.log" 2>&1; then
			echo yes > "$cache"
		else
			echo no > "$cache"
		fi
	fi
	[ "$(cat "$cache")" = yes ]
}

# The icount phases, -j at a time: what they measure is instructions, so
# running them side by side changes how long they take, not their results.
# A kernel that cannot boot several vCPUs on icount skips the overhead
# phase there (CLOCK/KVER/skipped says why; the report lists it).
failed=0
running=0
smp_ok=()
if [ -n "$shifts" ]; then
	for k in "${kernels[@]}"; do
		if icount_smp_ok "$k"; then smp_ok+=("$k"); fi
	done
fi
for s in $shifts; do
	for k in "${kernels[@]}"; do
		dl=0
		[ "$s" = "$deadline_shift" ] && dl=1
		for job in "enforce 1" "overhead $icount_overhead_smp"; do
			set -- $job
			if [ "$1" = overhead ] && [[ " ${smp_ok[*]} " != *" $k "* ]]; then
				mkdir -p "$out/icount-$s/$k"
				echo "overhead: $k does not boot with more than one vCPU on the icount clock ($(qemu-system-x86_64 --version | head -n 1); probe: .build/vm/icount-smp-$k-*.log)" \
					>> "$out/icount-$s/$k/skipped"
				log "icount SHIFT $s, $k: overhead skipped (no SMP boot on icount)"
				continue
			fi
			if [ $running -ge "$jobs" ]; then
				wait -n || failed=1
				running=$((running - 1))
			fi
			log "icount SHIFT $s, $k: $1 ($2 vCPUs)"
			phase "icount-$s" "$k" "$1" "$2" -- "${env_args[@]}" \
				BENCH_DEADLINE=$dl &
			running=$((running + 1))
		done
	done
done
while [ $running -gt 0 ]; do
	wait -n || failed=1
	running=$((running - 1))
done

if [ $mttcg -eq 1 ]; then
	for k in "${kernels[@]}"; do
		log "multi-threaded TCG (wall clock), $k: precision, guarantee, supply (2 vCPUs)"
		phase mttcg "$k" enforce 2 -- "${mttcg_env[@]}" || failed=1
		log "multi-threaded TCG (wall clock), $k: overhead and scale ($smp vCPUs)"
		phase mttcg "$k" scale "$smp" -- "${mttcg_env[@]}" || failed=1
	done
fi

if [ $analysis -eq 1 ]; then
	log "analysis benchmark (host)"
	make -s -C "$top/selftests/bench" run-analysis > "$out/analysis.txt" 2>&1 ||
		{ failed=1; log "run-analysis failed (see $out/analysis.txt)"; }
fi

{
	echo "uptime_after $(uptime)"
	echo "elapsed $(( $(date +%s) - start ))"
} >> "$out/host.txt"
python3 "$here/report.py" "$out" || die "report.py failed"
log "report: $out/report.md"
exit $failed
