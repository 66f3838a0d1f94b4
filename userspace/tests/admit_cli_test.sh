#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# admit_cli_test.sh - vresctl admit --dry-run against a fake sysfs tree
# (VRES_SYSFS_ROOT, with the module's parameters and the online CPUs
# beside it, as in /sys): where each vCPU would go, the module's reason
# when it would be refused, each CPU's bandwidth before and after, and
# that nothing in the tree changes. selftests/vres/vresctl_test.sh checks
# the answers against the module itself.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

echo "TAP version 13"

sys=$tmp/sys
root=$sys/kernel/vres
export VRES_SYSFS_ROOT=$root

# server NAME CPU BUDGET PERIOD: a configured, unattached server.
server() {
	local d=$root/servers/$1 k

	mkdir -p "$d"
	echo "$3 $4" >"$d/params"
	echo "$2" >"$d/cpu"
	echo 50 >"$d/priority"
	echo 0 >"$d/overhead_ns"
	echo 0 >"$d/tid"
	echo hard >"$d/mode"
	echo unattached >"$d/state"
	: >"$d/guest_tasks"
	: >"$d/stats"
	for k in periods throttles consumed_ns overrun_max_ns overrun_total_ns \
		 shortfalls replenish_latency_max_ns missed_boundaries \
		 revocations forks; do
		echo "$k 0" >>"$d/stats"
	done
}

mkdir -p "$root/servers" "$sys/module/vres/parameters" "$sys/devices/system/cpu"
echo 0.test >"$root/version"
echo 0-2 >"$sys/devices/system/cpu/online"
echo 1 >"$sys/module/vres/parameters/prio_min"
echo 50 >"$sys/module/vres/parameters/prio_max"
for c in 0 1 2; do
	mkdir -p "$root/cpus/cpu$c"
	echo "rt_runtime_ns 950000000 rt_period_ns 1000000000 fair_runtime_ns 0 fair_period_ns 0 fair_from parameters" \
		>"$root/cpus/cpu$c/host_limits"
done
server a 0 60000000 100000000
server b 1 20000000 100000000
"$vresctl" plan --json "$here/../../selftests/kvm/two-vcpus.json" --period 20ms \
	>"$tmp/plan.json" || echo "# vresctl plan failed"
tree_sum() { find "$sys" -type f -exec md5sum {} + | sort; }
before=$(tree_sum)

# ---- accepted: the least loaded CPUs, each after the one before -----------
run admit --dry-run --json "$tmp/plan.json"
if [ $rc -eq 0 ] && [ -z "$err" ]; then
	ok "a plan that fits: exit 0"
else
	not_ok "a plan that fits: exit 0 (rc=$rc, $err)"
fi
json_is "each vCPU on the least loaded CPU that accepts it" \
	'[d["accepted"]] + [[v["server"], v["admitted"], v["cpu"], v["reason"]] for v in d["vcpus"]]' \
	'[true,["plan.0",true,2,null],["plan.1",true,1,null]]'
json_is "each CPU's servers and bandwidth before and after, and what is left" \
	'[[c["cpu"], c["servers_before"], c["servers_after"], c["utilization_before_ppm"], c["utilization_after_ppm"], c["free_ppm"]] for c in d["cpus"]]' \
	'[[0,1,1,600000,600000,350000],[1,1,2,200000,827343,122657],[2,0,1,0,627343,322657]]'

# ---- refused: the module's reason, in its words and as its refusal line ---
run admit --dry-run -j --cpus 0 "$tmp/plan.json"
json_is "--cpus 0: refused, server a would miss (exit status $rc)" \
	'[d["accepted"], d["vcpus"][0]["refusal"], d["vcpus"][0]["reason"]]' \
	'[false,"miss cpu=0 server=a period_ns=100000000","admission control on cpu0: server a would miss its period of 100ms"]'
[ $rc -eq 1 ] && ok "refused: exit status 1" || not_ok "refused: exit status 1 (rc=$rc)"

run admit --dry-run --cpus 0 "$tmp/plan.json"
if [ $rc -eq 1 ] && [[ $out == *"this host would refuse it"* ]] &&
   [[ $out == *"vCPU 0 (server plan.0): refused: admission control on cpu0: server a would miss its period of 100ms"* ]]; then
	ok "refused, in text: the reason per vCPU"
else
	echo "# rc=$rc stdout: $out"
	not_ok "refused, in text: the reason per vCPU"
fi

# One priority in the band: a second server on a CPU leaves the lowest
# priority one (b, period 100ms) without.
echo 1 >"$sys/module/vres/parameters/prio_max"
run admit --dry-run --json --cpus 1 "$tmp/plan.json"
json_is "prio_min = prio_max: no priority for a second server on cpu1" \
	'd["vcpus"][0]["reason"]' \
	'"admission control on cpu1: server b would get no priority (2 servers, 1 priorities in prio_min..prio_max)"'
echo 50 >"$sys/module/vres/parameters/prio_max"

# A server that already has a plan server's name counts as replaced.
server plan.0 2 90000000 100000000
run admit --dry-run --json --cpus 2,1 "$tmp/plan.json"
json_is "an existing plan.0 (90% of cpu2) is replaced, not added to" \
	'[d["accepted"], d["cpus"][2]["servers_before"], d["cpus"][2]["servers_after"]]' \
	'[true,0,1]'
rm -r "$root/servers/plan.0"

[ "$(tree_sum)" = "$before" ] && ok "nothing in the tree changed" ||
	not_ok "nothing in the tree changed"

# ---- bad input: one line, exit 2 --------------------------------------------
expect_error "admit without --dry-run" "only --dry-run is supported" -- \
	admit "$tmp/plan.json"
expect_error "admit with no plan" "give one PLAN file" -- admit --dry-run
expect_error "admit --cpus x" "--cpus: 'x' is not a CPU list" -- \
	admit --dry-run --cpus x "$tmp/plan.json"
expect_error "admit --name-prefix with a bad character" "--name-prefix: 'A/b'" -- \
	admit --dry-run --name-prefix A/b "$tmp/plan.json"
rm "$sys/module/vres/parameters/prio_min"
expect_error "admit, module parameters unreadable" "cannot read the module's prio_min and prio_max" -- \
	admit --dry-run "$tmp/plan.json"

echo "1..$n"
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
