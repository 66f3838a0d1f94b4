#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu_test.sh: vres and vresctl attach on a real QEMU, inside the test VM.
#
# The guest is spin.rom (spin.S): firmware that never halts, so its one
# vCPU thread always wants the CPU, and that writes a byte to the serial
# port every 2^18 loop iterations (its progress, recorded). QEMU runs it
# under TCG with a QMP socket.
#
#  1. attach --qmp with the plan of a 2-vCPU task set is refused (exit 2)
#     and creates nothing;
#  2. attach --qmp --budget 10ms --period 50ms --cpus 1 serves the vCPU
#     thread (server vm.0 on CPU 1, thread-id from query-cpus-fast = the
#     thread named "CPU 0/TCG");
#  3. over MEASURE_S seconds the thread's CPU time, from
#     /proc/PID/task/TID/schedstat (the scheduler's, not vres's), is 20%
#     of the elapsed time within SHARE_TOL;
#  4. detached (apply --tid 0), it goes back above 50%;
#  5. attach --pid (thread names) serves the same thread again;
#  6. QEMU killed while attached: the module detaches it, the server
#     stays, "unattached" with no thread.
#
# SHARE_TOL (override: VRES_SHARE_TOL, a fraction): measured in this VM
# under TCG, 2-core host, 10 runs per kernel (Documentation/guest_rm.rst,
# "Real QEMU"): the served vCPU's share over 5 s ranged over 0.200..0.238
# on 6.1 and 0.199..0.226 on 6.12, the excess being the enforcement timer's
# lateness under TCG (overrun_max_ns up to ~10 ms per 50 ms period shows
# in vresctl status). SHARE_TOL = 0.06 is that worst excess with ~50%
# margin; a server that did not throttle would give ~1.0, one that lost
# budget far less than 0.14.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vresctl=$top/userspace/vresctl
rom=$here/spin.rom
MEASURE_S=5
SHARE=0.20
SHARE_TOL=${VRES_SHARE_TOL:-0.06}

n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
totals() {
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
}

echo "TAP version 13"
if [ ! -d /sys/kernel/vres ]; then
	echo "1..0 # SKIP vres not loaded"
	skip=1
	totals
	exit 4
fi
for f in "$vresctl" "$rom"; do
	if [ ! -e "$f" ]; then
		echo "1..0 # $f not built (make selftests userspace)"
		fail=1
		totals
		exit 1
	fi
done
echo "1..8"

tmp=$(mktemp -d /tmp/vres-qemu-XXXXXX)
qpid=""
cleanup() {
	[ -n "$qpid" ] && kill -9 "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
	"$vresctl" destroy vm.0 >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# CPU time of thread $2 of process $1, in ns (schedstat: first field).
cputime() { cut -d' ' -f1 "/proc/$1/task/$2/schedstat" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }
bytes() { stat -c %s "$tmp/serial" 2>/dev/null || echo 0; }

# share PID TID SECONDS: prints "SHARE GUEST_BYTES_PER_S".
share() {
	local c0 t0 b0 c1 t1 b1
	c0=$(cputime "$1" "$2") t0=$(now_ns) b0=$(bytes)
	sleep "$3"
	c1=$(cputime "$1" "$2") t1=$(now_ns) b1=$(bytes)
	awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" -v b="$((b1 - b0))" \
		'BEGIN { printf "%.4f %.1f\n", c / t, b * 1e9 / t }'
}

# The server's field, from vresctl status --json.
field() {
	"$vresctl" status --json | python3 -c '
import json, sys
for s in json.load(sys.stdin)["servers"]:
    if s["name"] == sys.argv[1]:
        print(s[sys.argv[2]])' "$1" "$2"
}

start=$(now_ns)
qemu-system-x86_64 -nodefaults -display none -machine pc -accel tcg \
	-smp 1 -m 16 -bios "$rom" -name vrestest,debug-threads=on \
	-qmp "unix:$tmp/qmp,server=on,wait=off" -serial "file:$tmp/serial" \
	>"$tmp/qemu.log" 2>&1 &
qpid=$!
for _ in $(seq 600); do
	[ -S "$tmp/qmp" ] && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.1
done
if [ ! -S "$tmp/qmp" ]; then
	echo "# QEMU did not start:"; sed 's/^/#   /' "$tmp/qemu.log"
	not_ok "QEMU starts"
	totals
	exit 1
fi
echo "# QEMU $qpid up after $(( ($(now_ns) - start) / 1000000 )) ms"
vcpu=$(grep -l '^CPU 0/TCG$' /proc/"$qpid"/task/*/comm | cut -d/ -f5)
echo "# vCPU thread (named CPU 0/TCG): $vcpu"

# 1. A plan for two vCPUs does not fit a one-vCPU QEMU.
cat >"$tmp/two.json" <<'EOF'
{"tasks": [{"name": "a", "period": "100ms", "wcet": "5ms", "vcpu": 0},
           {"name": "b", "period": "100ms", "wcet": "5ms", "vcpu": 1}],
 "vcpus": 2}
EOF
out=$("$vresctl" attach --qmp "$tmp/qmp" --name-prefix vm --plan "$tmp/two.json" --period 50ms 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "attach with a 2-vCPU plan is refused, nothing created" \
	'[ $rc -eq 2 ] && [[ $out == *"plan is for 2 vCPUs, QEMU has 1"* ]] && [ ! -e /sys/kernel/vres/servers/vm.0 ]'

# 2. Serve the vCPU over QMP.
out=$("$vresctl" attach --qmp "$tmp/qmp" --name-prefix vm --budget 10ms --period 50ms --cpus 1 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
tid=$(field vm.0 tid 2>/dev/null)
check "attach --qmp serves thread-id $vcpu on CPU 1" \
	'[ $rc -eq 0 ] && [ "$tid" = "$vcpu" ] && [ "$(field vm.0 cpu)" = 1 ]'

# 3. 20% of a CPU.
read -r s rate <<< "$(share "$qpid" "$vcpu" "$MEASURE_S")"
echo "# served: vCPU thread CPU share $s over ${MEASURE_S}s (guest progress $rate bytes/s)"
"$vresctl" status | sed 's/^/#   /'
check "served vCPU gets $SHARE of a CPU within $SHARE_TOL (got $s)" \
	"awk -v s=$s 'BEGIN { exit !(s >= $SHARE - $SHARE_TOL && s <= $SHARE + $SHARE_TOL) }'"

# 4. Detached, it runs freely again.
out=$("$vresctl" apply --name vm.0 --tid 0 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
read -r s2 rate2 <<< "$(share "$qpid" "$vcpu" 3)"
echo "# detached: vCPU thread CPU share $s2 over 3s (guest progress $rate2 bytes/s)"
check "detached vCPU goes back above 0.5 of a CPU (got $s2)" \
	"[ $rc -eq 0 ] && awk -v s=$s2 'BEGIN { exit !(s > 0.5) }'"

# 5. Serve it again, finding it by its thread name.
out=$("$vresctl" attach --pid "$qpid" --name-prefix vm --budget 10ms --period 50ms --cpus 1 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "attach --pid finds the same thread by name" \
	'[ $rc -eq 0 ] && [ "$(field vm.0 tid)" = "$vcpu" ]'
read -r s3 _ <<< "$(share "$qpid" "$vcpu" 2)"
echo "# served again: share $s3 over 2s"
check "served again: $SHARE within $SHARE_TOL (got $s3)" \
	"awk -v s=$s3 'BEGIN { exit !(s >= $SHARE - $SHARE_TOL && s <= $SHARE + $SHARE_TOL) }'"

# 6. QEMU dies while served.
kill -9 "$qpid"
wait "$qpid" 2>/dev/null
qpid=""
state=$(field vm.0 state) t=$(field vm.0 tid)
echo "# after kill -9 of QEMU: vm.0 state $state, tid $t"
check "QEMU killed while attached: the server stays, unattached" \
	'[ "$state" = unattached ] && [ "$t" = 0 ]'
out=$("$vresctl" destroy vm.0 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "destroy vm.0" '[ $rc -eq 0 ] && [ ! -e /sys/kernel/vres/servers/vm.0 ]'
totals
[ $fail -eq 0 ]
