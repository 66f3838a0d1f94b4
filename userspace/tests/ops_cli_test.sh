#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ops_cli_test.sh - vresctl apply, attach, status and destroy from the
# outside, as far as they go without the module: every bad option, name,
# CPU list or plan file is exit status 2 with one line on stderr naming
# the option or the file and field, and nothing on stdout, before vres is
# touched. What they do to the module is tested in the VM
# (selftests/vres/vresctl_test.sh, qemu_test.sh); the QMP client in
# qmp_test.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

echo "TAP version 13"

cat >"$tmp/set.json" <<'JSON'
{"tasks": [{"name": "tau1", "period": "160ms", "wcet": "20ms"},
           {"name": "tau2", "period": "240ms", "wcet": "10ms"},
           {"name": "tau3", "period": "360ms", "wcet": "40ms"}]}
JSON
cat >"$tmp/two.json" <<'JSON'
{"vcpus": 2, "tasks": [{"name": "a", "period": "100ms", "wcet": "5ms", "vcpu": 0},
                       {"name": "b", "period": "100ms", "wcet": "5ms", "vcpu": 1}]}
JSON
"$vresctl" plan "$tmp/set.json" --period 100ms --json >"$tmp/plan.json"
"$vresctl" plan "$tmp/two.json" --period 100ms --json >"$tmp/plan2.json"
"$vresctl" plan "$tmp/set.json" --bandwidth 0.1 --json >"$tmp/none.json"
"$vresctl" check "$tmp/set.json" --budget 10ms --period 100ms --json >"$tmp/unsched.json"
# A plan of another version: no "tasks".
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); del d["tasks"]
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1])); d["tasks"][1]["wcet_ns"] = -5
json.dump(d, open(sys.argv[3], "w"))' "$tmp/plan.json" "$tmp/notasks.json" "$tmp/badtask.json"
printf '{"file": "x", "supply": "exact",\n "recommended": }\n' >"$tmp/syntax.json"

# ---- apply ------------------------------------------------------------
expect_error "apply: --name required" "--name is required" -- apply --budget 1ms --period 10ms
expect_error "apply: bad name" "--name" "'Big Name'" -- apply --name "Big Name" --budget 1ms --period 10ms
expect_error "apply: name too long" "not a server name" -- apply --name "$(printf 'x%.0s' {1..32})" --budget 1ms --period 10ms
expect_error "apply: budget without period" "go together" -- apply --name a --budget 1ms
expect_error "apply: budget > period" "--budget 20ms is longer than --period 10ms" -- apply --name a --budget 20ms --period 10ms
expect_error "apply: bad duration" "--period" "'10'" -- apply --name a --budget 1ms --period 10
expect_error "apply: plan and budget" "not both" -- apply --name a --plan "$tmp/plan.json" --budget 1ms --period 10ms
expect_error "apply: --vcpu without plan" "--plan only" -- apply --name a --vcpu 1 --budget 1ms --period 10ms
expect_error "apply: bad mode" "unknown mode 'medium'" -- apply --name a --mode medium
expect_error "apply: bad cpu" "--cpu: 'one'" -- apply --name a --cpu one
expect_error "apply: negative tid" "--tid: '-1'" -- apply --name a --tid -1
expect_error "apply: stray argument" "unexpected argument 'extra'" -- apply --name a extra
expect_error "apply: unknown option" "'--bogus'" -- apply --name a --bogus 1ms
expect_error "apply: missing plan file" "$tmp/nope.json" -- apply --name a --cpu 1 --plan "$tmp/nope.json"
expect_error "apply: plan syntax error" "$tmp/syntax.json:2:" -- apply --name a --cpu 1 --plan "$tmp/syntax.json"
expect_error "apply: a plan from standard input names it" "(standard input):2:" -- apply --name a --cpu 1 --plan - <"$tmp/syntax.json"
expect_error "apply: task set needs --period" "$tmp/set.json" "needs --period" -- apply --name a --cpu 1 --plan "$tmp/set.json"
expect_error "apply: bad task set names the task" "$tmp/badset.json" "task 't'" -- apply --name a --cpu 1 --period 10ms --plan "$(printf '{"tasks": [{"name": "t", "period": "1ms", "wcet": "2ms"}]}' >"$tmp/badset.json"; echo "$tmp/badset.json")"
expect_error "apply: plan without a server" "$tmp/none.json" "found no server" -- apply --name a --cpu 1 --plan "$tmp/none.json"
expect_error "apply: check that failed" "not schedulable" -- apply --name a --cpu 1 --plan "$tmp/unsched.json"
expect_error "apply: plan without tasks" "$tmp/notasks.json" "no 'tasks' array" -- apply --name a --cpu 1 --plan "$tmp/notasks.json"
expect_error "apply: plan with a bad task" "$tmp/badtask.json" "tasks[1]" -- apply --name a --cpu 1 --plan "$tmp/badtask.json"
expect_error "apply: multi-vCPU plan needs --vcpu" "for 2 vCPUs" "--vcpu" -- apply --name a --cpu 1 --plan "$tmp/plan2.json"
expect_error "apply: --vcpu out of range" "--vcpu 2, but the plan has 2 vCPUs" -- apply --name a --cpu 1 --plan "$tmp/plan2.json" --vcpu 2
expect_error "apply: --period against a plan's" "--period 50ms differs from the plan's period 100ms" -- apply --name a --cpu 1 --plan "$tmp/plan.json" --period 50ms

# ---- attach -----------------------------------------------------------
expect_error "attach: no target" "--qmp SOCKET or --pid" -- attach --name-prefix vm --budget 1ms --period 10ms
expect_error "attach: two targets" "--qmp SOCKET or --pid" -- attach --qmp /x --pid 1 --name-prefix vm --budget 1ms --period 10ms
expect_error "attach: no prefix" "--name-prefix is required" -- attach --pid 1 --budget 1ms --period 10ms
expect_error "attach: long prefix" "--name-prefix" -- attach --pid 1 --name-prefix "$(printf 'p%.0s' {1..27})" --budget 1ms --period 10ms
expect_error "attach: no server" "--plan FILE or --budget" -- attach --pid 1 --name-prefix vm
expect_error "attach: bad cpu list" "--cpus: '1,,2'" -- attach --pid 1 --name-prefix vm --budget 1ms --period 10ms --cpus 1,,2
expect_error "attach: reversed cpu range" "--cpus: '3-1'" -- attach --pid 1 --name-prefix vm --budget 1ms --period 10ms --cpus 3-1
expect_error "attach: bad timeout" "--timeout" -- attach --pid 1 --name-prefix vm --budget 1ms --period 10ms --timeout 0ns
expect_error "attach: bad plan names the file" "$tmp/notasks.json" -- attach --pid 1 --name-prefix vm --plan "$tmp/notasks.json"
run attach --pid 999999999 --name-prefix vm --budget 10ms --period 50ms
if [ $rc -eq 1 ] && [[ $err == *"--pid 999999999: No such file or directory"* ]]; then
	ok "attach: no such process: exit 1"
else
	not_ok "attach: no such process: exit 1 (rc=$rc, $err)"
fi
# This shell's threads are not named "CPU N/...".
run attach --pid $$ --name-prefix vm --budget 10ms --period 50ms
if [ $rc -eq 1 ] && [[ $err == *"debug-threads=on"* ]]; then
	ok "attach --pid: a process without vCPU threads says how to name them"
else
	not_ok "attach --pid: a process without vCPU threads (rc=$rc, $err)"
fi

# ---- status, destroy ----------------------------------------------------
expect_error "status: --count without --watch" "--count goes with --watch" -- status --count 2
expect_error "status: interval too short" "--watch: '0.001'" -- status --watch 0.001
# The short options are the long ones.
tset=$here/../../selftests/kvm/two-vcpus.json
run plan -j -p 20ms "$tset"
short=$out
run plan --json --period 20ms "$tset"
[ -n "$short" ] && [ "$short" = "$out" ] && ok "plan -j -p is plan --json --period" ||
	not_ok "plan -j -p is plan --json --period"
run check -j -b 10ms -p 20ms "$tset"
short=$out
run check --json --budget 10ms --period 20ms "$tset"
[ -n "$short" ] && [ "$short" = "$out" ] && ok "check -j -b -p is check --json --budget --period" ||
	not_ok "check -j -b -p is check --json --budget --period"
"$vresctl" plan "$tset" --plot "$tmp/fig.svg" >/dev/null 2>&1
"$vresctl" plan "$tset" --plot - >"$tmp/fig-stdout.svg" 2>"$tmp/err"
if [ -s "$tmp/fig.svg" ] && cmp -s "$tmp/fig.svg" "$tmp/fig-stdout.svg" && [ ! -s "$tmp/err" ]; then
	ok "plan --plot -: the figure on standard output, the bytes of --plot FILE, nothing else"
else
	not_ok "plan --plot -: the figure on standard output"
fi
run destroy -h
[ $rc -eq 0 ] && [[ $out == "usage: vresctl destroy [-j|--json]"* ]] && ok "destroy -h: the usage, exit 0" ||
	not_ok "destroy -h: the usage, exit 0 (rc=$rc)"
expect_error "status: interval too short, as a duration" "--watch: '5ms' is shorter than 10ms" -- status -w 5ms
expect_error "status: systemd's months are no unit here" "--watch: cannot use '2M': unknown unit" -- status --watch 2M
expect_error "status: stray argument" "unexpected argument 'x'" -- status x
expect_error "destroy: nothing to destroy" "names or --all" -- destroy
expect_error "destroy: names and --all" "names or --all" -- destroy a --all
expect_error "destroy: bad name" "'A'" -- destroy A

if [ -d /sys/kernel/vres ]; then
	skip "status without the module" "vres is loaded here"
else
	run status
	if [ $rc -eq 1 ] && [[ $err == *"the vres module is not loaded"* ]] && [ -z "$out" ]; then
		ok "status without the module: exit 1, says so"
	else
		not_ok "status without the module (rc=$rc)"
	fi
fi

for cmd in apply attach status destroy; do
	run $cmd --help
	if [ $rc -eq 0 ] && [[ $out == "usage: vresctl $cmd"* ]]; then
		ok "$cmd --help"
	else
		not_ok "$cmd --help (rc=$rc)"
	fi
done

# ---- plan --json carries the tasks apply needs ---------------------------
out=$(cat "$tmp/plan.json")
json_is "plan --json lists the tasks in priority order" \
	'[[t["name"], t["vcpu"], t["priority_rank"], t["period_ns"], t["wcet_ns"], t["deadline_ns"]] for t in d["tasks"]]' \
	'[["tau1",0,1,160000000,20000000,160000000],["tau2",0,2,240000000,10000000,240000000],["tau3",0,3,360000000,40000000,360000000]]'
totals
