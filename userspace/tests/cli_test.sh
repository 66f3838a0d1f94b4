#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli_test.sh - vresctl plan/check from the outside: every input error is
# exit status 2 with exactly one line on stderr naming the file, the task
# (or option) and the problem, and nothing on stdout; exit statuses 0/1;
# the JSON keys of the command-line contract and their values for the
# thesis's examples. Prints TAP and a kselftest "# Totals:" line. The JSON
# checks use python3's json module; without python3 they are skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

cat >"$tmp/thesis.json" <<'EOF'
{"name": "thesis 4.5",
 "tasks": [{"name": "tau1", "period": "16ms", "wcet": "2ms"},
           {"name": "tau2", "period": "24ms", "wcet": "1ms"},
           {"name": "tau3", "period": "36ms", "wcet": "4ms"}],
 "vcpus": 1}
EOF
good=$tmp/thesis.json

# plan's default overhead reads vres's measured_overhead: no module here,
# unless a test makes one (see "the default overhead" below).
export VRES_SYSFS_ROOT=$tmp/no-vres

# One file per broken task set; the name of the file is in the message.
bad() {
	printf '%s\n' "$2" >"$tmp/$1.json"
	echo "$tmp/$1.json"
}

echo "TAP version 13"

# ---- errors in task set files ------------------------------------------
f=$(bad unknown '{"tasks": [{"name": "t1", "period": "10ms", "wcet": "1ms"},
  {"name": "t2", "period": "10ms", "wcet": "1ms", "wcte": "1ms"}]}')
expect_error "unknown task field" "$f" "task 't2'" "unknown field 'wcte'" \
	-- check "$f" --budget 5ms --period 10ms
expect_error "unknown field, plan" "$f" "task 't2'" "unknown field" \
	-- plan "$f" --period 10ms

f=$(bad toplevel '{"tasks": [{"name": "t1", "period": "10ms", "wcet": "1ms"}], "vcpu": 2}')
expect_error "unknown top-level field" "$f" "unknown field 'vcpu'" \
	-- plan "$f"

f=$(bad nowcet '{"tasks": [{"name": "t1", "period": "10ms"}]}')
expect_error "missing wcet" "$f" "task 't1'" "missing field 'wcet'" \
	-- check "$f" --budget 5ms --period 10ms

f=$(bad noname '{"tasks": [{"period": "10ms", "wcet": "1ms"}]}')
expect_error "missing name" "$f" "tasks[0]" "missing field 'name'" \
	-- plan "$f"

f=$(bad wcetgt '{"tasks": [{"name": "big", "period": "10ms", "wcet": "11ms"}]}')
expect_error "wcet > period" "$f" "task 'big'" "wcet 11ms is longer than the period 10ms" \
	-- check "$f" --budget 5ms --period 10ms

f=$(bad zeroper '{"tasks": [{"name": "z", "period": 0, "wcet": "1ms"}]}')
expect_error "zero period" "$f" "task 'z'" "period must be greater than zero" \
	-- plan "$f" --bandwidth 0.5

f=$(bad negstr '{"tasks": [{"name": "n", "period": "-10ms", "wcet": "1ms"}]}')
expect_error "negative duration (text)" "$f" "task 'n'" "period" "negative duration" \
	-- plan "$f"

f=$(bad negint '{"tasks": [{"name": "n", "period": "10ms", "wcet": -1000}]}')
expect_error "negative duration (ns)" "$f" "task 'n'" "wcet" "negative duration" \
	-- plan "$f"

f=$(bad unparse '{"tasks": [{"name": "u", "period": "10 ms", "wcet": "1ms"}]}')
expect_error "unparseable duration" "$f" "task 'u'" "cannot use '10 ms'" \
	-- check "$f" --budget 5ms --period 10ms

f=$(bad float '{"tasks": [{"name": "u", "period": 2.5, "wcet": "1ms"}]}')
expect_error "duration as a JSON real" "$f" "task 'u'" "period" \
	-- check "$f" --budget 5ms --period 10ms

f=$(bad halfns '{"tasks": [{"name": "h", "period": "10ms", "wcet": "1.5ns"}]}')
expect_error "fraction of a nanosecond" "$f" "task 'h'" "whole number of nanoseconds" \
	-- plan "$f"

f=$(bad deadline '{"tasks": [{"name": "d", "period": "10ms", "wcet": "1ms", "deadline": "12ms"}]}')
expect_error "deadline > period" "$f" "task 'd'" "deadline 12ms is longer than the period" \
	-- plan "$f"

f=$(bad dup '{"tasks": [{"name": "a", "period": "10ms", "wcet": "1ms"},
  {"name": "a", "period": "20ms", "wcet": "1ms"}]}')
expect_error "duplicate task name" "$f" "task 'a' (tasks[1])" \
	"duplicate name" "also tasks[0]" -- plan "$f"

# The first repeat in file order is named, with the first task of its name.
f=$(bad dup2 '{"tasks": [{"name": "a", "period": "10ms", "wcet": "1ms"},
  {"name": "b", "period": "10ms", "wcet": "1ms"},
  {"name": "c", "period": "10ms", "wcet": "1ms"},
  {"name": "c", "period": "10ms", "wcet": "1ms"},
  {"name": "b", "period": "10ms", "wcet": "1ms"},
  {"name": "a", "period": "10ms", "wcet": "1ms"}]}')
expect_error "first duplicate in file order" "$f" "task 'c' (tasks[3])" \
	"also tasks[2]" -- check "$f" --budget 5ms --period 10ms

# 100,000 tasks, the last one repeating an early name: refused, and
# named. (The pairwise name check took 51 s here; its speed is measured
# by "make -C selftests/bench run-analysis", not asserted.)
awk 'BEGIN {
	printf "{\"vcpus\": 1024, \"tasks\": [\n";
	for (i = 0; i < 99999; i++)
		printf "{\"name\": \"t%d\", \"period\": \"10ms\", \"wcet\": 1000},\n", i;
	printf "{\"name\": \"t5\", \"period\": \"10ms\", \"wcet\": 1000}]}\n";
}' >"$tmp/dup100k.json"
expect_error "duplicate name among 100000 tasks" "$tmp/dup100k.json" \
	"task 't5' (tasks[99999])" "duplicate name" "also tasks[5]" \
	-- check "$tmp/dup100k.json" --budget 5ms --period 10ms

f=$(bad overload '{"tasks": [{"name": "a", "period": "10ms", "wcet": "6ms"},
  {"name": "b", "period": "10ms", "wcet": "5ms"}]}')
expect_error "unschedulable on a dedicated CPU" "$f" "task 'b'" "even on a dedicated" \
	-- plan "$f" --bandwidth 1
expect_error "unschedulable on a dedicated CPU, check" "$f" "task 'b'" "even on a dedicated" \
	-- check "$f" --budget 10ms --period 10ms

f=$(bad wcetgtd '{"tasks": [{"name": "w", "period": "10ms", "wcet": "5ms", "deadline": "4ms"}]}')
expect_error "wcet > deadline" "$f" "task 'w'" "longer than its deadline" \
	-- plan "$f"

f=$(bad vcpu '{"vcpus": 2, "tasks": [{"name": "v", "period": "10ms", "wcet": "1ms", "vcpu": 2}]}')
expect_error "vcpu out of range" "$f" "task 'v'" "vcpu 2 does not exist" \
	-- plan "$f"

f=$(bad syntax '{"tasks": [{"name": "s", "period": "10ms", "wcet": "1ms"}
]')
expect_error "JSON syntax error" "$f:3:" "expected" -- plan "$f"

expect_error "missing file" "$tmp/none.json" -- plan "$tmp/none.json"

# ---- errors in options -------------------------------------------------
for b in 0 1.5 -0.4 abc 0.4x; do
	expect_error "bandwidth '$b' rejected" "--bandwidth" "'$b'" \
		-- plan "$good" --bandwidth "$b"
done
expect_error "overhead >= budget" "--overhead 1ms" "--budget 1ms" \
	-- check "$good" --budget 1ms --period 10ms --overhead 1ms
expect_error "budget > period" "--budget 11ms is longer than --period 10ms" \
	-- check "$good" --budget 11ms --period 10ms
expect_error "zero period" "--period must be greater than zero" \
	-- check "$good" --budget 0ns --period 0ns
expect_error "check needs budget and period" "--budget and --period" \
	-- check "$good" --period 10ms
expect_error "unknown supply" "--supply" "'full'" \
	-- check "$good" --budget 4ms --period 10ms --supply full
expect_error "overhead with paper" "--overhead" "paper" \
	-- plan "$good" --supply paper --overhead 1us
expect_error "unknown option" "'--bogus'" -- plan "$good" --bogus
expect_error "bandwidth and period" "not both" \
	-- plan "$good" --bandwidth 0.4 --period 10ms
expect_error "range reversed" "--min-period 2s is longer than --max-period 1s" \
	-- plan "$good" --min-period 2s --max-period 1s
expect_error "bad duration option" "--period" "'10'" "unit" \
	-- plan "$good" --period 10
expect_error "no file" "task set FILE" -- check --budget 1ms --period 2ms

# ---- exit statuses and text ---------------------------------------------
# A task below one that takes all the supply has no response time: the
# analysis used to climb to the deadline a few ns at a time (74 s for
# 10 s; a 2^60 ns deadline never ended). Found while fuzzing.
printf '%s\n' '{"tasks": [{"name": "a", "period": 1, "wcet": 1},' \
	'{"name": "b", "period": 1152921504606846976, "wcet": 1}]}' \
	>"$tmp/saturated.json"
out=$(timeout 20 "$vresctl" check "$tmp/saturated.json" --budget 5ms \
	--period 10ms 2>&1)
rc=$?
if [ $rc -eq 2 ] && printf '%s' "$out" | grep -q "task 'b': misses its deadline.*unschedulable at any budget"; then
	ok "check: a task under a saturating one is refused at once"
else
	echo "# rc=$rc (124: timed out) ${out:0:200}"
	not_ok "check: a task under a saturating one is refused at once"
fi
run check "$good" --budget 4ms --period 10ms
if [ $rc -eq 0 ] && printf '%s' "$out" | grep -q "schedulable: yes"; then
	ok "check schedulable: exit 0"
else
	not_ok "check schedulable: exit 0 (rc=$rc)"
fi
run check "$good" --budget 4ms --period 10ms --supply paper
if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q "schedulable: no"; then
	ok "check Eq 4 at (4ms, 10ms): exit 1"
else
	not_ok "check Eq 4 at (4ms, 10ms): exit 1 (rc=$rc)"
fi
run plan "$good" --bandwidth 0.1
if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q "no feasible period"; then
	ok "plan with too little bandwidth: exit 1"
else
	not_ok "plan with too little bandwidth: exit 1 (rc=$rc)"
fi
for cmd in plan check; do
	run $cmd --help
	if [ $rc -eq 0 ] && printf '%s' "$out" | grep -q "^usage: vresctl $cmd"; then
		ok "$cmd --help"
	else
		not_ok "$cmd --help (rc=$rc)"
	fi
done
run --version
if [ $rc -eq 0 ] && printf '%s' "$out" | grep -qE '^vresctl [0-9]'; then
	ok "--version"
else
	not_ok "--version"
fi

# ---- JSON contract ------------------------------------------------------
run check "$good" --budget 4ms --period 10ms --json
json_is "check json: schedulable" 'd["schedulable"]' 'true'
json_is "check json: tasks" \
	'[[t["name"], t["response_time_ns"], t["deadline_ns"]] for t in d["tasks"]]' \
	'[["tau1",14000000,16000000],["tau2",15000000,24000000],["tau3",36000000,36000000]]'

run check "$good" --budget 4ms --period 10100us --json
[ $rc -eq 1 ] && ok "check json: exit 1 when not schedulable" ||
	not_ok "check json: exit 1 when not schedulable (rc=$rc)"
json_is "check json: missed response is null" \
	'[d["schedulable"], d["tasks"][2]["response_time_ns"], d["tasks"][2]["schedulable"]]' \
	'[false,null,false]'

run plan "$good" --bandwidth 0.4 --overhead 0 --json
json_is "plan --bandwidth 0.4: thesis max period 10ms, tau3" \
	'[d["max_period_ns"], d["critical_task"]]' '[10000000,"tau3"]'
json_is "plan --bandwidth 0.4: 10ms is an isolated point" \
	'd["feasible_periods_ns"][-1]' '[10000000,10000000]'
json_is "plan --bandwidth 0.4: disjoint [lo, hi] pairs in order" \
	'all(len(p) == 2 and p[0] <= p[1] for p in d["feasible_periods_ns"]) and all(a[1] + 1 < b[0] for a, b in zip(d["feasible_periods_ns"], d["feasible_periods_ns"][1:]))' \
	'true'
json_is "plan --bandwidth 0.4: prediction lines" \
	'[d["vcpus"][0]["prediction"][k] for k in ("left_bound_period_ns", "lower_bound_period_ns", "schedulability_limit")] + [d["vcpus"][0]["prediction"]["lower_bound"]["task"]]' \
	'[0,11666666,1,"tau1"]'

# The thesis's integer time units, as integer nanoseconds.
cat >"$tmp/units.json" <<'EOF'
{"tasks": [{"name": "tau1", "period": 16, "wcet": 2},
           {"name": "tau2", "period": 24, "wcet": 1},
           {"name": "tau3", "period": 36, "wcet": 4}]}
EOF
run plan "$tmp/units.json" --bandwidth 0.4 --min-period 1ns --max-period 100ns --ignore-limits --json
json_is "plan in thesis units at 0.4: {3, 5, 10}, tau3 critical" \
	'[d["feasible_periods_ns"], d["max_period_ns"], d["critical_task"]]' \
	'[[[3,3],[5,5],[10,10]],10,"tau3"]'

run plan "$good" --bandwidth 0.5 --overhead 0 --json
json_is "plan --bandwidth 0.5: thesis max period 14ms, tau1" \
	'[d["max_period_ns"], d["critical_task"], d["feasible_periods_ns"]]' \
	'[14000000,"tau1",[[100000,14000000]]]'

run plan "$good" --bandwidth 0.4 --supply paper --json
json_is "plan Eq 4 at 0.4 loses the thesis's 10ms" 'd["max_period_ns"]' '9166666'

run plan "$good" --period 10ms --overhead 0 --json
json_is "plan --period 10ms: minimum budget 4ms" \
	'[d["period_ns"], d["min_budget_ns"]]' \
	'[10000000,4000000]'

run plan "$good" --no-margin --json
json_is "plan: recommended has period and budget" \
	'[type(d["recommended"][k]).__name__ for k in ("period_ns", "budget_ns")]' \
	'["int","int"]'
json_is "plan: curve points have period and min budget" \
	'len(d["curve"]) > 10 and all("period_ns" in p and "min_budget_ns" in p for p in d["curve"])' \
	'true'
json_is "plan: recommended is on the curve" \
	'[p["min_budget_ns"] for p in d["curve"] if p["period_ns"] == d["recommended"]["period_ns"]] == [d["recommended"]["budget_ns"]]' \
	'true'
json_is "plan: no curve point needs less bandwidth" \
	'all(p["min_budget_ns"] * d["recommended"]["period_ns"] >= d["recommended"]["budget_ns"] * p["period_ns"] for p in d["curve"] if p["min_budget_ns"] is not None)' \
	'true'

run plan "$good" --overhead 100us --min-period 1ms --max-period 20ms --json
json_is "plan with overhead: optimum inside the range" \
	'[1000000 < d["recommended"]["period_ns"] < 20000000, d["overhead_ns"]]' \
	'[true,100000]'

cat >"$tmp/multi.json" <<'EOF'
{"name": "two vcpus", "vcpus": 2,
 "tasks": [{"name": "a", "period": "10ms", "wcet": "3ms", "vcpu": 1},
           {"name": "b", "period": "20ms", "wcet": "2ms"},
           {"name": "c", "period": "40ms", "wcet": "4ms"}]}
EOF
run check "$tmp/multi.json" --budget 6ms --period 10ms --json
json_is "multi-vCPU: per-task vCPU (b, c placed on the idle vCPU 0)" \
	'[[t["name"], t["vcpu"]] for t in d["tasks"]]' '[["b",0],["c",0],["a",1]]'
json_is "multi-vCPU: per-vCPU results" '[[v["vcpu"], v["tasks"]] for v in d["vcpus"]]' \
	'[[0,2],[1,1]]'
run plan "$tmp/multi.json" --period 10ms --json
json_is "multi-vCPU: common budget is the largest vCPU minimum" \
	'd["min_budget_ns"] == max(v["min_budget_ns"] for v in d["vcpus"])' 'true'

# ---- the recommendation with a margin --------------------------------------
# Default margins: 10% of the budget, 5% of the period (at the bandwidth).
# The thesis's set over 5ms..20ms: without a margin 2ms every 5.666666ms
# (no slack at all); with the default margins 2.222223ms every 5.666666ms.
# By hand: (B) needs Cmin(T) <= floor(0.9 C), so C/T >= Cmin(T)/(0.9 T) >=
# b0/0.9 for every T, b0 = 2ms/5.666666ms the least bandwidth; at T =
# 5.666666ms the least such C is ceil(2ms / 0.9) = 2.222223ms
# (floor(0.9 x 2222223) = 2000000, floor(0.9 x 2222222) = 1999999), 1ns
# over the bound b0/0.9 T = 2222222.2ns; and at its bandwidth every period
# of 5.666666ms -+ floor(5% x 5.666666ms) = 5.383333ms .. 5.949999ms works.
run plan "$good" --min-period 5ms --max-period 20ms --overhead 0 --json
json_is "plan, default margins: the thesis's set gets 2.222223ms every 5.666666ms" \
	'[d["recommended"]["budget_ns"], d["recommended"]["period_ns"], d["margins"]]' \
	'[2222223,5666666,{"budget_ppm":100000,"period_ppm":50000}]'
json_is "plan, default margins: the least bandwidth without them is 2ms every 5.666666ms" \
	'[d["least_bandwidth"]["budget_ns"], d["least_bandwidth"]["period_ns"]]' \
	'[2000000,5666666]'
json_is "plan, default margins: the margin it has, from its exact slack" \
	'[d["recommended"]["margin"]["budget_ns"], d["slack"]["budget"]["limit_ns"], d["recommended"]["margin"]["budget_ppm"] >= 100000, d["recommended"]["margin"]["period_ppm"] >= 50000]' \
	'[222223,2000000,true,true]'
rec=$(printf '%s' "$out" | python3 -c 'import json, sys; r = json.load(sys.stdin)["recommended"]; print("%dns %dns %dns" % (r["budget_ns"] * 9 // 10, r["period_ns"], r["budget_ns"]))' 2>/dev/null)
set -- $rec
if [ -n "$rec" ] && "$vresctl" check "$good" --budget "$1" --period "$2" >/dev/null &&
   ! "$vresctl" check "$good" --budget "$((${3%ns} - 1))ns" --period "$2" --json |
	python3 -c 'import json, sys; d = json.load(sys.stdin); sys.exit(0 if d["slack"]["budget"]["slack_ns"] * 10 >= d["budget_ns"] else 1)'; then
	ok "plan, default margins: 90% of the budget passes check, and 1ns less budget has under 10% slack"
else
	not_ok "plan, default margins: 90% of the budget passes check, and 1ns less budget has under 10% slack ($rec)"
fi
run plan "$good" --min-period 5ms --max-period 20ms --overhead 0 --no-margin --json
json_is "plan --no-margin: today's least bandwidth, no margins object" \
	'[d["recommended"]["budget_ns"], d["recommended"]["period_ns"], "margins" in d]' \
	'[2000000,5666666,false]'
run plan "$good" --min-period 5ms --max-period 20ms --overhead 0 --budget-margin 0 --period-margin 0 --json
json_is "plan with margins 0: the least bandwidth" \
	'[d["recommended"]["budget_ns"], d["recommended"]["period_ns"]]' '[2000000,5666666]'
run plan "$good" --min-period 5ms --max-period 20ms --budget-margin 20 --period-margin 2.5
if [ $rc -eq 0 ] && [[ $out == *"with a 20% budget margin and a 2.5% period margin"* ]]; then
	ok "plan --budget-margin 20 --period-margin 2.5: one line says why"
else
	not_ok "plan --budget-margin 20 --period-margin 2.5: one line says why (rc=$rc)"
fi
expect_error "plan --budget-margin 100" "--budget-margin" "'100'" "under 100%" \
	-- plan "$good" --budget-margin 100
expect_error "plan --period-margin abc" "--period-margin" "'abc'" "percentage" \
	-- plan "$good" --period-margin abc
expect_error "plan --budget-margin 1.23456" "--budget-margin" "at most 4 decimals" \
	-- plan "$good" --budget-margin 1.23456
expect_error "plan --no-margin with --budget-margin" "--no-margin" "not both" \
	-- plan "$good" --no-margin --budget-margin 5
expect_error "plan --budget-margin with --period" "--budget-margin" "not with --period" \
	-- plan "$good" --period 10ms --budget-margin 5
run check "$good" --budget 4ms --period 10ms --json
json_is "check: the thesis's 4ms every 10ms has no slack at all" \
	'[d["slack"][k]["slack_ns"] for k in ("budget", "overhead", "period_at_budget")] + [d["slack"]["period_at_bandwidth"][k]["distance_ns"] for k in ("below", "above")] + [d["slack"]["wcet_scale"]["limit_ppm"]] + [t["wcet_slack_ns"] for t in d["tasks"]]' \
	'[0,0,0,0,0,1000000,0,0,0]'
run check "$good" --budget 4ms --period 10100us --json
json_is "check, a miss: 100us more budget, or 100us shorter period, or WCETs x0.966666" \
	'[d["slack"]["budget"]["slack_ns"], d["slack"]["period_at_budget"]["slack_ns"], d["slack"]["wcet_scale"]["limit_ppm"], d["tasks"][2]["deadline_slack_ns"]]' \
	'[-100000,-100000,966666,null]'

# ---- check's slack on big sets (cmd_check.c, CHECK_SLACK_TASKS_MAX) --------
python3 -c 'import json; print(json.dumps({"vcpus": 101, "tasks": [{"name": "t%d" % i, "period": "%dms" % (50 + i % 50), "wcet": "10us"} for i in range(10001)]}))' >"$tmp/big.json"
run check "$tmp/big.json" --budget 5ms --period 10ms
[ $rc -eq 0 ] && [[ $out == *"slack: left out for 10001 tasks (over 10000; --slack computes it)"* ]] &&
	ok "check, 10001 tasks: the slack is left out by default, and it says so" ||
	not_ok "check, 10001 tasks: the slack is left out by default, and it says so (rc=$rc)"
run check "$tmp/big.json" --budget 5ms --period 10ms --slack --json
json_is "check --slack, 10001 tasks: the slack is there" \
	'[d["schedulable"], "slack" in d, d["slack"]["budget"]["slack_ns"] > 0]' '[true,true,true]'
run check "$good" --budget 4ms --period 10ms --no-slack --json
json_is "check --no-slack: no slack" '"slack" in d' 'false'

# ---- the default overhead (userspace/lib/overhead.c) -----------------------
run plan "$good" --period 10ms --json
json_is "plan without --overhead, no module: the 50us default" \
	'[d["overhead_ns"], d["overhead_origin"], d["min_budget_ns"]]' '[50000,"default",4050000]'
run plan "$good" --period 10ms
[[ $out == *"overhead 50us: default: vres has measured nothing on this host; --overhead 0 plans without one"* ]] &&
	ok "plan: the text says where the overhead came from" ||
	not_ok "plan: the text says where the overhead came from"
mkdir -p "$tmp/vres"
printf 'resumes 87\nresume_max_ns 73401\nresume_total_ns 700528\n' >"$tmp/vres/measured_overhead"
VRES_SYSFS_ROOT=$tmp/vres run plan "$good" --period 10ms --json
json_is "plan, vres measured 73.401us: X is that, rounded up to 74us" \
	'[d["overhead_ns"], d["overhead_origin"], d["measured_resumes"], d["measured_resume_max_ns"]]' \
	'[74000,"measured",87,73401]'
printf 'resumes 87\nresume_max_ns 8764\nresume_total_ns 700528\n' >"$tmp/vres/measured_overhead"
VRES_SYSFS_ROOT=$tmp/vres run plan "$good" --period 10ms --json
json_is "plan, vres measured 8.764us: X is the 50us floor" \
	'[d["overhead_ns"], d["overhead_origin"]]' '[50000,"measured"]'
printf 'resumes 0\nresume_max_ns 0\nresume_total_ns 0\n' >"$tmp/vres/measured_overhead"
VRES_SYSFS_ROOT=$tmp/vres run plan "$good" --period 10ms --json
json_is "plan, vres loaded but nothing measured: the default" \
	'[d["overhead_ns"], d["overhead_origin"]]' '[50000,"default"]'
printf 'garbage\n' >"$tmp/vres/measured_overhead"
VRES_SYSFS_ROOT=$tmp/vres run plan "$good" --period 10ms --json
json_is "plan, an unreadable measured_overhead: the default" \
	'[d["overhead_ns"], d["overhead_origin"]]' '[50000,"default"]'
run plan "$good" --period 10ms --overhead 0 --json
json_is "plan --overhead 0: no overhead, as before" \
	'[d["overhead_ns"], d["overhead_origin"], d["min_budget_ns"]]' '[0,"option",4000000]'
run plan "$good" --period 10ms --supply paper --json
json_is "plan --supply paper: Eq 4 has no overhead term, none by default" \
	'[d["overhead_ns"], d["overhead_origin"]]' '[0,"none"]'
run plan "$good" --period 20s --ignore-limits --json
json_is "plan --ignore-limits: the thesis's units, no default overhead" \
	'[d["overhead_ns"], d["overhead_origin"]]' '[0,"none"]'
# Before: the least bandwidth at the shortest period, 31.348us every
# 100.098us. With the default X it moves to a period where switching
# costs less than the bandwidth it saves.
run plan "$good" --no-margin --json
json_is "plan, default overhead: the least bandwidth is no longer at 100us" \
	'[d["recommended"]["period_ns"] > 1000000, d["overhead_ns"]]' '[true,50000]'

# ---- the module's limits (uapi/linux/vres.h) -------------------------------
# plan recommends only what the module takes: periods 100us to 10s,
# budgets of at least 10us; beyond them only with --ignore-limits.
expect_error "plan --period above the module's 10s" "--period 20s" "the module's limits" "100us to 10s" \
	-- plan "$good" --period 20s
expect_error "plan --period below the module's 100us" "--period 50us" "the module's limits" \
	-- plan "$good" --period 50us
expect_error "plan --max-period above the module's 10s" "--max-period 20s" "the module's limits" \
	-- plan "$good" --max-period 20s
expect_error "plan --min-period below the module's 100us" "--min-period 1us" "the module's limits" \
	-- plan "$good" --bandwidth 0.4 --min-period 1us
run plan "$good" --period 20s --ignore-limits --json
json_is "plan --period 20s --ignore-limits: planned, for analysis" \
	'[d["period_ns"], d["min_budget_ns"] > 0]' '[20000000000,true]'

# A task that needs a few nanoseconds of budget: the module's least
# budget is 10us.
printf '%s\n' '{"tasks": [{"name": "t", "period": "1ms", "wcet": "1us"}]}' >"$tmp/tiny.json"
# in_limits: the server {budget_ns, period_ns} S is one the module takes.
in_limits='100000 <= S["period_ns"] <= 10000000000 and 10000 <= S["budget_ns"] <= S["period_ns"]'
run plan "$tmp/tiny.json" --no-margin --json
json_is "plan: the recommended server is within the module's limits" \
	"(lambda S: $in_limits)(d['recommended'])" 'true'
json_is "plan: the own best server of each vCPU is within the module's limits" \
	"all((lambda S: $in_limits)(v['recommended']) for v in d['vcpus'])" 'true'
json_is "plan: no curve point needs a budget under 10us" \
	'all(p["min_budget_ns"] >= 10000 for p in d["curve"])' 'true'
json_is "plan: no curve point needs less bandwidth than the recommended" \
	'all(p["min_budget_ns"] * d["recommended"]["period_ns"] >= d["recommended"]["budget_ns"] * p["period_ns"] for p in d["curve"] if p["min_budget_ns"] is not None)' \
	'true'
rec=$(printf '%s' "$out" | python3 -c 'import json, sys; r = json.load(sys.stdin)["recommended"]; print("%dns %dns" % (r["budget_ns"], r["period_ns"]))' 2>/dev/null)
if [ -n "$rec" ] && "$vresctl" check "$tmp/tiny.json" --budget "${rec% *}" --period "${rec#* }" >/dev/null; then
	ok "plan: the recommended server passes check ($rec)"
else
	not_ok "plan: the recommended server passes check ($rec)"
fi
run plan "$tmp/tiny.json" --period 100us --json
json_is "plan --period: the minimum budget is at least the module's 10us" \
	'[d["min_budget_ns"] >= 10000, all(v["min_budget_ns"] >= 10000 for v in d["vcpus"])]' '[true,true]'
run plan "$tmp/tiny.json" --bandwidth 0.02 --overhead 0 --json
json_is "plan --bandwidth 0.02: only periods whose budget is at least 10us" \
	'[d["range_ns"][0], d["feasible_periods_ns"][0][0], d["budget_at_max_period_ns"] >= 10000]' \
	'[500000,500000,true]'
run plan "$tmp/tiny.json" --bandwidth 0.0000005
if [ $rc -eq 1 ] && [[ $out == *"budget of at least 10us"* ]]; then
	ok "plan --bandwidth too small for a 10us budget at 10s: exit 1, says why"
else
	echo "# rc=$rc: $(printf '%s' "$out" | head -3)"
	not_ok "plan --bandwidth too small for a 10us budget at 10s: exit 1, says why"
fi

# The guest guard takes at most 64 tasks per server (VRES_GUEST_TASKS_MAX),
# with periods up to 10s; apply and attach refuse a plan beyond that.
python3 -c '
import json
print(json.dumps({"tasks": [{"name": "t%d" % i, "period": "%dms" % (100 + i), "wcet": "10us"} for i in range(65)]}))' >"$tmp/many.json"
run plan "$tmp/many.json" --period 10ms
if [ $rc -eq 0 ] && [ -n "$out" ] && [[ $err == *"vCPU 0 has 65 tasks"* ]] &&
   [[ $err == *"64"* ]] && [[ $err == *"apply"* ]]; then
	ok "plan: more than 64 guest tasks on a vCPU: planned, with a warning that apply will refuse it"
else
	echo "# rc=$rc stderr: $err"
	not_ok "plan: more than 64 guest tasks on a vCPU: planned, with a warning that apply will refuse it"
fi
printf '%s\n' '{"tasks": [{"name": "slow", "period": "20s", "wcet": "1ms"}]}' >"$tmp/long.json"
run plan "$tmp/long.json" --period 1s
if [ $rc -eq 0 ] && [[ $err == *"task 'slow'"* ]] && [[ $err == *"10s"* ]]; then
	ok "plan: a guest task with a period over 10s: warned"
else
	echo "# rc=$rc stderr: $err"
	not_ok "plan: a guest task with a period over 10s: warned"
fi
run plan "$good" --period 10ms
if [ $rc -eq 0 ] && [ -z "$err" ]; then
	ok "plan: no warning for a task set the guest guard takes"
else
	not_ok "plan: no warning for a task set the guest guard takes ($err)"
fi


# "-" reads the task set from standard input; messages call it so.
run plan "$good" --period 10ms --json
from_file=$(printf '%s' "$out" | grep -v '"file"')
run plan - --period 10ms --json <"$good"
if [ $rc -eq 0 ] && [ "$(printf '%s' "$out" | grep -v '"file"')" = "$from_file" ] &&
   [[ $out == *'"file": "(standard input)"'* ]]; then
	ok "plan -: the task set from standard input, the same answer"
else
	echo "# rc=$rc stderr: $err"
	not_ok "plan -: the task set from standard input, the same answer"
fi
run check - --budget 4ms --period 10ms <"$good"
if [ $rc -eq 0 ]; then
	ok "check -: the task set from standard input"
else
	echo "# rc=$rc stderr: $err"
	not_ok "check -: the task set from standard input"
fi
expect_error "plan -: a syntax error names standard input, line and column" \
	"(standard input):2:" -- plan - <<<'{"tasks": ['

totals
