#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vresctl_test.sh: vresctl apply, status and destroy against the loaded
# module, inside the test VM. Every refusal must be exit status 1 with one
# sentence naming what was refused and why, taken from the module's
# errno and, for admission control and the guest guard, from the reason
# it leaves in servers/NAME/refusal; and it must leave the servers exactly
# as they were.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vresctl=$top/userspace/vresctl/vresctl
V=/sys/kernel/vres

n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
totals() {
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
}

echo "TAP version 13"
if [ ! -d $V ]; then
	echo "1..0 # SKIP vres not loaded"
	skip=1
	totals
	exit 4
fi
if [ ! -x "$vresctl" ]; then
	echo "1..0 # $vresctl not built"
	fail=1
	totals
	exit 1
fi

tmp=$(mktemp -d /tmp/vres-vresctl-XXXXXX)
spinner=""
cleanup() {
	[ -n "$spinner" ] && kill -9 "$spinner" 2>/dev/null
	"$vresctl" destroy --all >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# run ARGS: $rc, $out (stdout), $err (stderr)
run() {
	out=$("$vresctl" "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	# JSON is checked, not shown; text is shown.
	[ -n "$out" ] && [ "${out:0:1}" != "{" ] && printf '%s\n' "$out" | sed 's/^/#   /'
	[ -n "$err" ] && printf '%s\n' "$err" | sed 's/^/#   stderr: /'
	return 0
}

# A snapshot of every server's files, to show a refusal changed nothing
# (one process: forks are slow under TCG).
snapshot() {
	ls $V/servers
	grep -rH . $V/servers --include=params --include=cpu \
		--include=overhead_ns --include=mode --include=tid \
		--include=guest_tasks 2>/dev/null | sort
}

# refused NAME PATTERN... -- ARGS: exit 1, one stderr line with every
# PATTERN, and no server changed.
refused() {
	local name=$1 pats=() p before after
	shift
	while [ "$1" != "--" ]; do pats+=("$1"); shift; done
	shift
	before=$(snapshot)
	run "$@"
	after=$(snapshot)
	if [ $rc -ne 1 ] || [ "$(printf '%s' "$err" | grep -c '')" -ne 1 ]; then
		not_ok "$name (status $rc)"
		return
	fi
	for p in "${pats[@]}"; do
		if [[ $err != *"$p"* ]]; then
			echo "# missing: '$p'"
			not_ok "$name"
			return
		fi
	done
	if [ "$before" != "$after" ]; then
		echo "# servers before:"; printf '%s\n' "$before" | sed 's/^/#   /'
		echo "# servers after:"; printf '%s\n' "$after" | sed 's/^/#   /'
		not_ok "$name: a refused command changed a server"
		return
	fi
	ok "$name"
}

expect() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

cat >"$tmp/thesis10.json" <<'EOF'
{"tasks": [{"name": "tau1", "period": "160ms", "wcet": "20ms"},
           {"name": "tau2", "period": "240ms", "wcet": "10ms"},
           {"name": "tau3", "period": "360ms", "wcet": "40ms"}]}
EOF
"$vresctl" plan "$tmp/thesis10.json" --period 100ms --overhead 0 --json >"$tmp/plan.json"
echo '{"tasks": [{"name": "big", "period": "100ms", "wcet": "60ms"}]}' >"$tmp/big.json"
"$vresctl" plan "$tmp/big.json" --period 100ms --overhead 0 --json >"$tmp/big-plan.json"

echo "1..25"

run apply --name a --cpu 1 --budget 10ms --period 100ms
expect "apply creates a server" \
	'[ $rc -eq 0 ] && [ "$(cat $V/servers/a/params)" = "10000000 100000000" ] && [ "$(cat $V/servers/a/cpu)" = 1 ]'

run apply --name g --cpu 1 --plan "$tmp/plan.json"
expect "apply --plan sets params and the guest guard from plan --json" \
	'[ $rc -eq 0 ] && [ "$(cat $V/servers/g/params)" = "40000000 100000000" ] && [ "$(grep -c . $V/servers/g/guest_tasks)" = 3 ]'

refused "admission refusal names the reason from the server's refusal file" \
	"vres refused budget 60ms every 100ms for server 'b'" "admission control on cpu1:" "would" \
	-- apply --name b --cpu 1 --budget 60ms --period 100ms
expect "refused new server b does not exist" '[ ! -e $V/servers/b ]'

refused "admission refusal of a change keeps the old params" \
	"server 'a'" "admission control on cpu1" \
	-- apply --name a --budget 70ms --period 100ms

refused "guest guard refusal names the task that would miss" \
	"the guest guard says the guest's task with period" "would miss its deadline of" \
	-- apply --name g --budget 30ms --period 100ms

refused "a thread that does not exist" "no such thread" \
	-- apply --name c --cpu 1 --budget 5ms --period 100ms --tid 999999
expect "refused new server c does not exist" '[ ! -e $V/servers/c ]'

refused "a kernel thread cannot be attached" "kernel thread" \
	-- apply --name a --tid 2

refused "an offline CPU" "not online" -- apply --name a --cpu 63

# admit --dry-run is the module's own admission control: where it says
# no, apply is refused for the same reason; where it says yes, apply
# succeeds on the CPU it named; and it changes nothing.
before=$(snapshot)
run admit --dry-run --json --cpus 1 --name-prefix b "$tmp/big-plan.json"
why=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["vcpus"][0]["reason"] or "")')
dry_rc=$rc
refused "admit --dry-run refuses cpu1 (exit $dry_rc) for the reason apply is refused" \
	"$why" -- apply --name b.0 --cpu 1 --plan "$tmp/big-plan.json"
run admit --dry-run --json --name-prefix b "$tmp/big-plan.json"
cpu=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["vcpus"][0]["cpu"] if d["accepted"] else "")')
dry_rc=$rc
after=$(snapshot)
run apply --name b.0 --cpu "${cpu:-0}" --plan "$tmp/big-plan.json"
expect "admit --dry-run accepts it on cpu${cpu:-?} (exit $dry_rc), and apply does" \
	'[ $dry_rc -eq 0 ] && [ "$cpu" = 0 ] && [ $rc -eq 0 ] && [ "$(cat $V/servers/b.0/cpu)" = 0 ]'
"$vresctl" destroy b.0 >/dev/null
expect "admit --dry-run changed no server" '[ "$before" = "$after" ] && [ -n "$why" ]'

sleep 1000 &
spinner=$!
disown
run apply --name a --tid "$spinner"
expect "apply --tid attaches a thread" \
	'[ $rc -eq 0 ] && [ "$(cat $V/servers/a/tid)" = "$spinner" ]'
refused "moving a served server to another CPU" "detach" \
	-- apply --name a --cpu 0

run status --json
expect "status --json lists every server with its fields" \
	'printf "%s" "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
s = {x[\"name\"]: x for x in d[\"servers\"]}
a, g = s[\"a\"], s[\"g\"]
assert a[\"cpu\"] == 1 and a[\"budget_ns\"] == 10**7 and a[\"period_ns\"] == 10**8, a
assert a[\"tid\"] == $spinner and a[\"state\"] in (\"idle\", \"running\", \"throttled\"), a
assert g[\"guest_tasks\"] == 3 and g[\"state\"] == \"unattached\", g
# The thesis at bandwidth 0.4: tau3 meets its deadline with equality.
assert g[\"guest_slack\"] == {\"deadline_ns\": 360000000, \"response_ns\": 360000000, \"slack_ns\": 0}, g
assert \"guest_slack\" not in a, a
assert a[\"priority\"] == g[\"priority\"] + 1, (a, g)  # equal periods: by name
assert set(a[\"stats\"]) >= {\"periods\", \"throttles\", \"consumed_ns\", \"shortfalls\"}
assert [c[\"cpu\"] for c in d[\"cpus\"]] == [1] and d[\"cpus\"][0][\"utilization_ppm\"] == 500000
"'

run status --json --watch 0.3 --count 2
expect "status --watch --count 2 prints two reports, the second with shares" \
	'printf "%s" "$out" | python3 -c "
import json, sys
dec, text, docs = json.JSONDecoder(), sys.stdin.read(), []
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i == len(text): break
    d, i = dec.raw_decode(text, i); docs.append(d)
assert len(docs) == 2, len(docs)
assert all(\"share\" in s for s in docs[1][\"servers\"]) and \"interval_s\" in docs[1]
assert not any(\"share\" in s for s in docs[0][\"servers\"])
"'

refused "destroy of a server that does not exist" "there is no server 'nope'" \
	-- destroy nope

# -j on apply and destroy: what the server now is, what went and what not.
run apply -j --name j --cpu 0 --budget 1ms --period 100ms
expect "apply -j: the server as JSON, in status's keys" \
	'[ $rc -eq 0 ] && printf "%s" "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
s = d[\"servers\"]
assert d[\"plan\"] is None and len(s) == 1, d
assert (s[0][\"name\"], s[0][\"cpu\"], s[0][\"budget_ns\"], s[0][\"period_ns\"], s[0][\"state\"]) == (\"j\", 0, 10**6, 10**8, \"unattached\"), s
"'
run destroy -j j nope
expect "destroy -j: destroyed and failed, exit 1 for the one that failed" \
	'[ $rc -eq 1 ] && [ ! -e $V/servers/j ] && printf "%s" "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d[\"destroyed\"] == [\"j\"], d
assert [f[\"name\"] for f in d[\"failed\"]] == [\"nope\"] and \"no server\" in d[\"failed\"][0][\"error\"], d
"'

# apply --config: the servers of configuration files, all or none, with
# their origin; a file vres refuses leaves nothing of the others.
"$vresctl" destroy --all >/dev/null 2>&1
mkdir -p "$tmp/servers.d" "$tmp/run"
export VRES_RUN_DIR=$tmp/run
python3 - "$tmp/plan.json" "$tmp/servers.d" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for name, cpus in (("a1", "0"), ("b1", "1")):
    plan["vres"] = {"cpus": cpus}
    json.dump(plan, open("%s/%s.json" % (sys.argv[2], name), "w"))
PY
run apply -j --config "$tmp/servers.d"
expect "apply --config DIR: one server per file, on its CPU" \
	'[ $rc -eq 0 ] && [ "$(cat $V/servers/a1.0/cpu)" = 0 ] && [ "$(cat $V/servers/b1.0/cpu)" = 1 ] && [ "$(cat $V/servers/a1.0/params)" = "40000000 100000000" ]'
run status --json
expect "status shows each server's origin: the configuration file" \
	'printf "%s" "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
o = {s[\"name\"]: s[\"origin\"] for s in d[\"servers\"]}
assert o == {\"a1.0\": \"config:$tmp/servers.d/a1.json\", \"b1.0\": \"config:$tmp/servers.d/b1.json\"}, o
"'
"$vresctl" destroy a1.0 b1.0 >/dev/null
# c1 asks for 60% on cpu1 next to b1's 40% plus a's: refused, so none.
python3 - "$tmp/big-plan.json" "$tmp/servers.d" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
plan["vres"] = {"cpus": "1", "name_prefix": "c1"}
json.dump(plan, open("%s/c1.json" % sys.argv[2], "w"))
PY
refused "apply --config: vres refuses one server, none is made" \
	"c1.json: server c1.0:" "nothing applied" -- apply --config "$tmp/servers.d"
expect "apply --config: the servers before the refused one were undone" \
	'[ ! -e $V/servers/a1.0 ] && [ ! -e $V/servers/b1.0 ] && [ ! -e $V/servers/c1.0 ]'
unset VRES_RUN_DIR

run destroy --all
expect "destroy --all removes every server and restores the thread" \
	'[ $rc -eq 0 ] && [ -z "$(ls $V/servers)" ] && [ "$(cut -d" " -f41 /proc/$spinner/stat)" = 0 ]'

totals
[ $fail -eq 0 ]
