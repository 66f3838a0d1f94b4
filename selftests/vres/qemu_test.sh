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
#  5. the libvirt hook (userspace/libvirt-hook-qemu) at "started", which
#     runs attach --pid (vCPU threads by name) with a task set planned at
#     the domain's PERIOD, serves the same thread again, 20% again;
#  6. QEMU killed while attached: the module detaches it, the server
#     stays, "unattached" with no thread; the hook at "release" destroys
#     it.
#
# A timing test: it runs on the icount clock only (see vmtest.sh
# --icount), in the one-CPU VM of check.sh's icount stage, where the guest's
# time is instructions and the host cannot stall it (stall_probe, which
# the shares were measured with under TCG, is then only a timer).
#
# SHARE_TOL (override: VRES_SHARE_TOL, a fraction) is arithmetic, not a
# measured allowance: a window of W = MEASURE_S seconds holds W/T periods
# cut at arbitrary points at both ends, so the thread's CPU time in it is
# between (W/T - 2) C and (W/T + 2) C, plus the overrun o of each period:
# SHARE +- 2C/W + o/T = 0.20 +- 0.004 (+ 0.0004 for o = 20 us at icount
# shift 2). SHARE_TOL = 0.005. Measured (6.12.95, --icount=2): 0.2017 and
# 0.1978. A server that did not throttle gives about 1.0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vresctl=$top/userspace/vresctl/vresctl
rom=$here/spin.rom
MEASURE_S=5
SHARE=0.20
SHARE_TOL=${VRES_SHARE_TOL:-0.005}

n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
totals() {
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
}

echo "TAP version 13"
case "${VMTEST_CLOCK:-}" in
icount:*) ;;
*)
	echo "1..0 # SKIP timing tests need the icount clock (selftests/vmtest.sh --icount), their tolerances are derived on it"
	skip=1
	totals
	exit 4
	;;
esac
if [ ! -d /sys/kernel/vres ]; then
	echo "1..0 # SKIP vres not loaded"
	skip=1
	totals
	exit 4
fi
for f in "$vresctl" "$rom" "$here/stall_probe"; do
	if [ ! -e "$f" ]; then
		echo "1..0 # $f not built (make selftests userspace)"
		fail=1
		totals
		exit 1
	fi
done
echo "1..8"

# The served CPU (vres_util.h: served_cpu()): CPU 1, or CPU 0 of a one-CPU VM.
served=$(( $(nproc) > 1 ? 1 : 0 ))
tmp=$(mktemp -d /tmp/vres-qemu-XXXXXX)
qpid=""
cleanup() {
	[ -n "$qpid" ] && kill -9 "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
	"$vresctl" destroy vm.0 _vres_test.0 >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# CPU time of thread $2 of process $1, in ns (schedstat: first field).
cputime() { cut -d' ' -f1 "/proc/$1/task/$2/schedstat" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }
bytes() { stat -c %s "$tmp/serial" 2>/dev/null || echo 0; }

# share PID TID SECONDS: prints "SHARE GUEST_BYTES_PER_S STALLED", the
# CPU share of thread TID over SECONDS, the guest's progress, and whether
# the host stalled this VM meanwhile (stall_probe, see stall.h) longer
# than a timing result tolerates: then the share says nothing about vres.
share() {
	local c0 t0 b0 c1 t1 b1 stall
	c0=$(cputime "$1" "$2") t0=$(now_ns) b0=$(bytes)
	stall=$("$here/stall_probe" "$3")
	c1=$(cputime "$1" "$2") t1=$(now_ns) b1=$(bytes)
	awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" -v b="$((b1 - b0))" \
		-v st="${stall% *}" -v max="${stall#* }" \
		'BEGIN { printf "%.4f %.1f %d\n", c / t, b * 1e9 / t, (st + 0 > max + 0) }'
}

# measure LABEL SECONDS: $s (share), $rate, $stalled for the vCPU thread,
# measured again, at most 3 times, while the host stalls the VM.
measure() {
	local i
	for i in 1 2 3; do
		read -r s rate stalled <<< "$(share "$qpid" "$vcpu" "$2")"
		echo "# $1: vCPU thread CPU share $s over $2 s (guest progress $rate bytes/s)"
		[ "$stalled" = 0 ] && return
		echo "# the host stalled this VM for more than 50 ms meanwhile: not a measurement of vres"
	done
}

# check_share NAME: the share is $SHARE within $SHARE_TOL, or a skip if
# every measurement was stalled.
check_share() {
	if [ "$stalled" != 0 ]; then
		n=$((n + 1)) skip=$((skip + 1))
		echo "ok $n $1 # SKIP the host starved the VM in every measurement"
		return
	fi
	check "$1 (got $s)" \
		"awk -v s=$s 'BEGIN { exit !(s >= $SHARE - $SHARE_TOL && s <= $SHARE + $SHARE_TOL) }'"
}

# A file of a server's sysfs directory.
field() { cat "/sys/kernel/vres/servers/$1/$2" 2>/dev/null; }

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
# QEMU opens the QMP socket before it creates the vCPU threads: wait for
# the thread too (once it was not there yet, and every check of its
# share read 0).
vcpu=""
for _ in $(seq 600); do
	vcpu=$(grep -l '^CPU 0/TCG$' /proc/"$qpid"/task/*/comm 2>/dev/null |
	       cut -d/ -f5)
	[ -n "$vcpu" ] && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.1
done
echo "# vCPU thread (named CPU 0/TCG): $vcpu after $(( ($(now_ns) - start) / 1000000 )) ms"
if [ -z "$vcpu" ]; then
	not_ok "QEMU's vCPU thread appears"
	totals
	exit 1
fi

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
out=$("$vresctl" attach --qmp "$tmp/qmp" --name-prefix vm --budget 10ms --period 50ms --cpus $served 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
tid=$(field vm.0 tid 2>/dev/null)
check "attach --qmp serves thread-id $vcpu on CPU $served" \
	'[ $rc -eq 0 ] && [ "$tid" = "$vcpu" ] && [ "$(field vm.0 cpu)" = $served ]'

# 3. 20% of a CPU.
measure served "$MEASURE_S"
"$vresctl" status | sed 's/^/#   /'
check_share "served vCPU gets $SHARE of a CPU within $SHARE_TOL"

# 4. Detached, it runs freely again.
out=$("$vresctl" apply --name vm.0 --tid 0 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
measure detached 3
check "detached vCPU goes back above 0.5 of a CPU (got $s)" \
	"[ $rc -eq 0 ] && awk -v s=$s 'BEGIN { exit !(s > 0.5) }'"

# 5. Serve it again through the libvirt hook, as libvirt would call it at
#    "started": attach --pid (vCPU threads by name), a task set planned at
#    the PERIOD of the domain's .conf with plan's default overhead X (vres's
#    measurement, at least 50us). (100ms, 10ms) at 50ms needs 10ms + X.
out=$("$vresctl" destroy vm.0 2>&1)
echo "$out" | sed 's/^/#   /'
mkdir -p "$tmp/hooks" "$tmp/pids"
echo '{"tasks": [{"name": "t", "period": "100ms", "wcet": "10ms"}]}' >"$tmp/hooks/VresTest.json"
printf 'PERIOD=50ms\nCPUS=%d\n' "$served" >"$tmp/hooks/VresTest.conf"
echo "$qpid" >"$tmp/pids/VresTest.pid"
hook() {
	echo "<domain/>" | VRES_HOOK_DIR=$tmp/hooks VRES_HOOK_PIDDIR=$tmp/pids \
		VRESCTL=$vresctl "$top/userspace/libvirt-hook-qemu" VresTest "$1" begin - 2>&1
}
out=$(hook started)
rc=$?
echo "$out" | sed 's/^/#   /'
# The hook names the servers of domain VresTest _vres_test.N.
S=/sys/kernel/vres/servers/_vres_test.0
x=$(cat $S/overhead_ns 2>/dev/null)
want=$("$vresctl" plan "$tmp/hooks/VresTest.json" --period 50ms --overhead "${x:-0}ns" --json |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["min_budget_ns"])')
echo "# the hook's overhead: $x ns; plan's budget with it at 50ms: $want ns"
check "libvirt hook at 'started' serves the vCPU found by name (10ms + X every 50ms, X >= 50us, guest guard)" \
	'[ $rc -eq 0 ] && [ "$(cat $S/tid)" = "$vcpu" ] && [ "$x" -ge 50000 ] && [ "$(cat $S/params)" = "$want 50000000" ] && [ "$(grep -c . $S/guest_tasks)" = 1 ]'
# The share of that budget, 0.201 with X = 50us.
SHARE=$(awk -v c="${want:-10000000}" 'BEGIN { printf "%.4f", c / 50000000 }')
measure "served again" "$MEASURE_S"
check_share "served again: $SHARE within $SHARE_TOL"

# 6. QEMU dies while served.
kill -9 "$qpid"
wait "$qpid" 2>/dev/null
qpid=""
state=$(field _vres_test.0 state) t=$(field _vres_test.0 tid)
echo "# after kill -9 of QEMU: _vres_test.0 state $state, tid $t"
check "QEMU killed while attached: the server stays, unattached" \
	'[ "$state" = unattached ] && [ "$t" = 0 ]'
out=$(hook release)
rc=$?
echo "$out" | sed 's/^/#   /'
check "libvirt hook at 'release' destroys the domain's servers" \
	'[ $rc -eq 0 ] && [ ! -e $S ]'
totals
[ $fail -eq 0 ]
