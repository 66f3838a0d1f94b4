#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# status_cli_test.sh - vresctl status against a fake sysfs tree
# (VRES_SYSFS_ROOT): what it reads from each server's files, and a server
# whose files cannot be read -- an unparsable stats file, a file missing --
# which is one error line naming the server and the file, exit status 1,
# the other servers still reported, and each sample freed once (it was
# freed twice; under ASan or glibc's checks that is an abort, not exit 1).
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

echo "TAP version 13"

root=$tmp/vres
export VRES_SYSFS_ROOT=$root

# server NAME CPU PRIO BUDGET PERIOD TID: a server directory as the module
# shows it, with every counter N of stats set to N + 1.
server() {
	local d=$root/servers/$1 i=1 k

	mkdir -p "$d"
	echo "$4 $5" >"$d/params"
	echo "$2" >"$d/cpu"
	echo "$3" >"$d/priority"
	echo 0 >"$d/overhead_ns"
	echo "$6" >"$d/tid"
	echo hard >"$d/mode"
	if [ "$6" = 0 ]; then echo unattached; else echo idle; fi >"$d/state"
	printf '160000000 20000000\n240000000 10000000\n' >"$d/guest_tasks"
	: >"$d/stats"
	for k in periods throttles consumed_ns overrun_max_ns overrun_total_ns \
		 shortfalls replenish_latency_max_ns missed_boundaries \
		 revocations forks; do
		echo "$k $i" >>"$d/stats"
		i=$((i + 1))
	done
}

mkdir -p "$root/servers" "$root/cpus/cpu1" "$root/cpus/cpu2"
echo 0.test >"$root/version"
echo 300000 >"$root/cpus/cpu1/utilization"
echo 100000 >"$root/cpus/cpu2/utilization"
server a 1 50 10000000 100000000 4242
server b 1 40 20000000 200000000 0
server c 2 50 10000000 100000000 0
# The guard's margin: a module that shows it (a), one that analysed
# nothing (b), and one from before guest_slack (c: no file).
echo "task_period_ns 240000000 task_wcet_ns 10000000 task_deadline_ns 240000000 response_ns 190000000 slack_ns 50000000" \
	>"$root/servers/a/guest_slack"
echo none >"$root/servers/b/guest_slack"

# ---- a readable tree ------------------------------------------------------
run status --json
if [ $rc -eq 0 ] && [ -z "$err" ]; then
	ok "status of a readable tree: exit 0, nothing on stderr"
else
	not_ok "status of a readable tree: exit 0 (rc=$rc, $err)"
fi
json_is "status --json reads each server's files" \
	'[[s["name"], s["cpu"], s["priority"], s["budget_ns"], s["period_ns"], s["tid"], s["state"], s["guest_tasks"], s["stats"]["missed_boundaries"]] for s in d["servers"]]' \
	'[["a",1,50,10000000,100000000,4242,"idle",2,8],["b",1,40,20000000,200000000,0,"unattached",2,8],["c",2,50,10000000,100000000,0,"unattached",2,8]]'
json_is "status --json: the guest guard's least slack where the module shows one" \
	'[s.get("guest_slack") for s in d["servers"]]' \
	'[{"deadline_ns":240000000,"response_ns":190000000,"slack_ns":50000000},null,null]'
json_is "status --json: each CPU's admitted bandwidth" \
	'[[c["cpu"], c["servers"], c["utilization_ppm"]] for c in d["cpus"]]' \
	'[[1,2,300000],[2,1,100000]]'
run status
# Every counter has its label (the five newest printed "(null)").
if [ $rc -eq 0 ] && [[ $out != *"(null)"* ]] &&
   [[ $out == *"revocations 9, forks 10, resumes 0, resume max 0ns, resume total 0ns"* ]]; then
	ok "status: every counter of stats with its label"
else
	echo "# rc=$rc stdout: $out"
	not_ok "status: every counter of stats with its label"
fi
if [ $rc -eq 0 ] && [[ $out == *"guest guard: least slack 50ms (response 190ms of deadline 240ms)"* ]] &&
   [ "$(printf '%s\n' "$out" | grep -c 'guest guard')" -eq 1 ]; then
	ok "status: one line for a's guest guard, none for b and c"
else
	echo "# rc=$rc stdout: $out"
	not_ok "status: one line for a's guest guard, none for b and c"
fi

# ---- a server that cannot be read ------------------------------------------
printf 'periods 1\nthrottles many\n' >"$root/servers/b/stats"

# check_bad NAME FILE ARGS...: status ARGS exits 1 with one line on stderr
# naming server b and FILE, and still reports a and c.
check_bad() {
	local name=$1 file=$2 lines
	shift 2

	run status "$@"
	lines=$(printf '%s' "$err" | grep -c '')
	if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] &&
	   [[ $err == *"server 'b'"* ]] && [[ $err == *"$root/servers/b/$file"* ]]; then
		ok "$name: exit 1, one line naming the server and the file"
	else
		echo "# rc=$rc stderr: $err"
		not_ok "$name: exit 1, one line naming the server and the file"
	fi
}

check_bad "status, stats unparsable" stats
if [[ $out == *$'\na '* ]] && [[ $out == *$'\nc '* ]] && [[ $out != *$'\nb '* ]]; then
	ok "status, stats unparsable: the other servers are reported"
else
	echo "# stdout: $out"
	not_ok "status, stats unparsable: the other servers are reported"
fi
check_bad "status --json, stats unparsable" stats --json
json_is "status --json, stats unparsable: a and c reported, b left out" \
	'([s["name"] for s in d["servers"]], d["server_count"])' '[["a","c"],2]'

# With --watch the unreadable server is skipped in every report; the
# samples change hands between reports, where a double free would show.
run status --watch 0.01 --count 3
reports=$(printf '%s\n' "$out" | grep -c '^vres 0.test: 2 servers')
lines=$(printf '%s' "$err" | grep -c "server 'b'")
if [ $rc -eq 1 ] && [ "$reports" -eq 3 ] && [ "$lines" -eq 3 ]; then
	ok "status --watch, stats unparsable: three reports of a and c, b named each time"
else
	echo "# rc=$rc reports=$reports stderr: $err"
	not_ok "status --watch, stats unparsable: three reports of a and c, b named each time"
fi

# With --watch --json: one JSON object per line (JSON Lines), each a
# whole report; from the second on with the interval and the shares.
run status --watch 0.01 --count 3 --json
nlines=$(printf '%s\n' "$out" | grep -c '')
if [ -z "$have_python" ]; then
	skip "status --watch --json: three reports, one JSON object per line" \
		"python3 not installed"
elif [ $rc -eq 1 ] && [ "$nlines" -eq 3 ] &&
     printf '%s\n' "$out" | python3 -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin]
assert [d["server_count"] for d in docs] == [2, 2, 2]
assert "interval_s" not in docs[0] and all("interval_s" in d for d in docs[1:])
'; then
	ok "status --watch --json: three reports, one JSON object per line"
else
	echo "# rc=$rc lines=$nlines stdout: ${out:0:300}"
	not_ok "status --watch --json: three reports, one JSON object per line"
fi

# Who made each server: vresctl's records in VRES_RUN_DIR/origin.
export VRES_RUN_DIR=$tmp/run
mkdir -p "$tmp/run/origin"
echo "config:/etc/vres/servers.d/rt.json" >"$tmp/run/origin/a"
echo "libvirt:rt1" >"$tmp/run/origin/c"
server m 2 40 10000000 200000000 0
run status --json
json_is "status --json: each server's origin (config, libvirt, manual)" \
	'{s["name"]: s["origin"] for s in d["servers"]}' \
	'{"a":"config:/etc/vres/servers.d/rt.json","c":"libvirt:rt1","m":"manual"}'
run status
[[ $out == *"libvirt:rt1"* ]] && ok "status: the origin in the text" ||
	not_ok "status: the origin in the text"
unset VRES_RUN_DIR
rm -r "$root/servers/m"

# A served QEMU vCPU thread is shown as its VM and vCPU: a process whose
# command line has "-name guest=rt9,..." and whose thread is named
# "CPU 1/KVM", as QEMU names it.
if [ -n "$have_python" ]; then
	# A thread can rename only itself (PR_SET_NAME).
	python3 -c '
import ctypes, sys, time
ctypes.CDLL(None).prctl(15, b"CPU 1/KVM")
print("named", flush=True)
time.sleep(60)' -name guest=rt9,debug-threads=on >"$tmp/qemu.out" &
	qpid=$!
	for i in $(seq 50); do grep -q named "$tmp/qemu.out" && break; sleep 0.1; done
	server q 2 30 10000000 200000000 "$qpid"
	run status --json
	json_is "status --json: a QEMU vCPU thread as its VM and vCPU" \
		'[s.get("vm") for s in d["servers"] if s["name"] == "q"]' \
		"[{\"qemu_pid\":$qpid,\"name\":\"rt9\",\"vcpu\":1}]"
	run status
	[[ $out == *" $qpid rt9/vCPU 1 "* ]] && ok "status: the thread as rt9/vCPU 1" ||
		{ echo "# $out" | head -20; not_ok "status: the thread as rt9/vCPU 1"; }
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	rm -r "$root/servers/q"
else
	skip "status --json: a QEMU vCPU thread as its VM and vCPU" "python3 not installed"
	skip "status: the thread as rt9/vCPU 1" "python3 not installed"
fi

# The short options, and --watch as a duration (systemd.time's words).
run status -j -w 15msec -c 2
nlines=$(printf '%s\n' "$out" | grep -c '')
# interval_s is measured: at least the 15ms asked for.
if [ -z "$have_python" ]; then
	skip "status -j -w 15msec -c 2: two JSON lines 15ms apart" \
		"python3 not installed"
elif [ $rc -eq 1 ] && [ "$nlines" -eq 2 ] &&
     printf '%s\n' "$out" | python3 -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin]
assert 0.015 <= docs[1]["interval_s"] < 5, docs[1]["interval_s"]
'; then
	ok "status -j -w 15msec -c 2: two JSON lines, at least 15ms apart"
else
	echo "# rc=$rc lines=$nlines stdout: ${out:0:300}"
	not_ok "status -j -w 15msec -c 2: two JSON lines, at least 15ms apart"
fi

# A guest_slack that does not read as the ABI says is an error.
server b 1 40 20000000 200000000 0
echo "task_period_ns 1 task_wcet_ns 1 task_deadline_ns 5 response_ns 9 slack_ns 0" \
	>"$root/servers/b/guest_slack"
check_bad "status, guest_slack unparsable" guest_slack
rm "$root/servers/b/guest_slack"

# A missing file of a server whose directory is there is an error, not a
# server destroyed meanwhile.
server b 1 40 20000000 200000000 0
rm "$root/servers/b/mode"
check_bad "status, mode missing" mode

totals
