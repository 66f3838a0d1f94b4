#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-vm.sh: the part of "make demo" that runs inside the test VM, with
# vres loaded (scripts/demo.sh starts it through selftests/vmtest.sh).
#
# Plans the thesis's example, then runs selftests/vres/deadline_test with
# a real QEMU guest as the competing server: guest_rm under vres next to
# CPU hogs and that QEMU (served through "vresctl attach --qmp"), then the
# same workload under cgroup cpu.max and SCHED_DEADLINE. Prints the plan,
# "vresctl status" during the vres run, the deadline results and a summary
# of what was shown. Results are kept in .build/demo/.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
vresctl=$top/userspace/vresctl/vresctl
ts=$top/selftests/vres/thesis10.json
out=$top/.build/demo
kver=$(uname -r)
mkdir -p "$out"

say() { printf '\n== %s\n\n' "$*"; }

say "vres $(cat /sys/kernel/vres/version) on Linux $kver, in a QEMU (TCG) virtual machine with $(nproc) CPUs"
cat <<EOF
The guest is a real-time task set inside a one-vCPU VM: the worked example
of the thesis's Paper III, section 4.5, with every time multiplied by 10 so
that it is measurable under emulation. It is run by guest_rm, which behaves
like that guest's Rate Monotonic kernel: it releases jobs on the clock and
executes them by consuming its own thread's CPU time, so it progresses only
when the host runs it, exactly like a vCPU thread.
EOF

say "1. The plan: vresctl plan thesis10.json --bandwidth 0.4 --overhead 0 (the thesis's model: switching is free)"
"$vresctl" plan "$ts" --bandwidth 0.4 --overhead 0 --min-period 10ms --max-period 1s
cat <<EOF

As in the thesis (C/T = 0.4 gives a longest period of 10, tau3 critical),
the server is 40ms every 100ms, and 100ms is an isolated feasible period.
The analysed worst-case response times on that server:
EOF
"$vresctl" check "$ts" --budget 40ms --period 100ms | sed -n '/^vcpu.*rank/,/^$/p'

say "2. The run (about two minutes)"
cat <<EOF
On the served CPU (CPU 0 of this one-CPU VM), in every run: 3 CPU hogs
(SCHED_OTHER) and a real QEMU guest whose vCPU spins, served by vres at
10ms every 50ms (shorter period, so higher priority than the real-time
guest) through 'vresctl attach --qmp'.
guest_rm keeps its server busy between jobs and releases its first jobs at
the moment its server is throttled, the worst phasing it can arrange.
Runs: vres with the plan (guest guard set), vres with a period and a budget
the analysis rejects, cgroup cpu.max 40ms/100ms, SCHED_DEADLINE 40ms/100ms.

EOF
VRES_RESULTS_DIR=$out "$top/selftests/vres/deadline_test" \
	--rival-qemu "$top/selftests/vres/spin.rom" --show-status \
	>"$out/run-$kver.log" 2>&1 &
test_pid=$!
# Progress as it comes: what was attached, each run's verdict, the status.
tail -n +1 -f --pid=$test_pid "$out/run-$kver.log" 2>/dev/null | awk '
	function say(s) { print s; fflush() }
	/^# vresctl status/ { show = 1; sub(/^# /, ""); say(""); say("   " $0); next }
	show && /^#   / { sub(/^#   /, "   "); say($0); next }
	{ if (show) say(""); show = 0 }
	/^#   (QEMU|attached|applied rival)/ { sub(/^#   /, "   "); say($0); next }
	/^ok [0-9]/ { sub(/^ok [0-9]+ /, "   done: "); say($0) }
	/^not ok [0-9]/ { sub(/^not ok [0-9]+ /, "   FAILED: "); say($0) }
'
wait $test_pid
rc=$?

say "3. Deadline results (misses / jobs, worst observed response, analysed bound in parentheses)"
if [ -r "$out/deadline-$kver.txt" ]; then
	sed -n '5,$p' "$out/deadline-$kver.txt"
else
	echo "no results: see $out/run-$kver.log"
fi

say "Summary"
python3 - "$out/deadline-$kver.json" "$rc" <<'EOF'
import json, sys, textwrap

try:
    d = json.load(open(sys.argv[1]))
except OSError:
    print("The run did not complete; its log is in .build/demo/.")
    sys.exit(0)
runs = {r["id"]: r for r in d["runs"]}

def misses(r):
    return sum(t["misses"] for t in r["guest_rm"]["tasks"])

def jobs(r):
    return sum(t["jobs"] for t in r["guest_rm"]["tasks"])

def worst(r, name="tau3"):
    for t in r["guest_rm"]["tasks"]:
        if t["name"] == name:
            return t["worst_response_ns"] / 1e6
    return 0

def within(r, tol=0):
    return all(t["worst_response_ns"] <= b + tol
               for t, b in zip(r["guest_rm"]["tasks"], r["analysed_bounds_ns"])
               if b is not None)

def bounds_text(r):
    if within(r):
        return "within its analysed bound"
    tol = d["response_tolerance_ns"]
    if within(r, tol):
        return f"within its analysed bound plus the {tol // 10**6} ms allowed for emulation"
    return "NOT within its analysed bound"

parts = []
p = runs.get("planned")
if p:
    rc = p["scheduler_counters"]["rival"]
    share = rc["consumed_ns"] / max(1, rc["periods"]) / 1e6
    parts.append(
        "vresctl planned the thesis's server for the example (40 ms every 100 ms, "
        "tau3 critical at exactly its deadline), and under vres the emulated guest "
        f"met {jobs(p) - misses(p)} of its {jobs(p)} deadlines "
        f"({'every one' if misses(p) == 0 else 'NOT all'}) next to three CPU hogs "
        f"and a real QEMU guest that vres held to {share:.1f} ms of every 50 ms; "
        f"every response time stayed {bounds_text(p)} "
        f"(tau3: worst {worst(p):.0f} ms, bound 360 ms).")
rej = [runs[k] for k in ("period_rejected", "budget_below_min") if k in runs]
if rej:
    parts.append(
        "With parameters the analysis rejects (and the kernel's guest guard refused "
        "for the planned tasks) the same guest missed "
        + " and ".join(f"{misses(r)} deadlines at {r['budget_ns'] // 10**6}/{r['period_ns'] // 10**6} ms"
                       for r in rej)
        + ": what the analysis rejects can really fail, when the phasing is bad.")
c, s = runs.get("cpu_max"), runs.get("sched_deadline")
if c:
    parts.append(
        f"cgroup cpu.max with the same 40 ms quota per 100 ms missed {misses(c)} deadlines "
        f"(tau3 worst {worst(c):.0f} ms): a quota caps a group but guarantees it nothing "
        "against the hogs and the QEMU guest.")
if s:
    parts.append(
        f"SCHED_DEADLINE with runtime 40 ms and period 100 ms missed {misses(s)} "
        f"(tau3 worst {worst(s):.0f} ms); it needs a CPU partition of its own to be "
        "pinned, and runs above every SCHED_FIFO thread, the served QEMU guest included.")
stalled = [r["label"] for r in d["runs"] if not r.get("valid", True)]
if stalled:
    parts.append("NOTE: the host was so busy that it stalled this VM for more than "
                 "50 ms during " + ", ".join(stalled) + "; those numbers say nothing "
                 "about the schedulers. Run make demo on a quieter machine.")
if sys.argv[2] != "0":
    parts.append("NOTE: a check of the run failed; see .build/demo/run-*.log.")
print(textwrap.fill(" ".join(parts), 76))
EOF
echo
echo "Logs and results: .build/demo/ (run-$kver.log, deadline-$kver.{txt,json})"
exit $rc
