#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hook_test.sh - the libvirt hook (libvirt-hook-qemu) from the outside:
# which vresctl commands it runs and its exit status, with a stub vresctl
# on PATH that records its arguments and fails on demand, and a fake
# sysfs tree (VRES_SYSFS_ROOT) for release. libvirt kills a running guest
# whose hook fails at reconnect, so only "started" may fail (REQUIRED=yes);
# distinct domain names must give distinct server prefixes, or one
# domain's release destroys the other's servers.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

echo "TAP version 13"

hook_bin=$here/../libvirt-hook-qemu
mkdir -p "$tmp/bin" "$tmp/domains" "$tmp/pids" "$tmp/vres/servers"
cat >"$tmp/bin/vresctl" <<'STUB'
#!/bin/bash
# A stand-in for vresctl: one line per call in $STUB_LOG, exit $STUB_RC.
{ printf '%s' "$1"; shift; printf ' %s' "$@"; echo; } >>"$STUB_LOG"
if [ "${STUB_RC:-0}" -ne 0 ]; then
	echo "vresctl: refused by the stub" >&2
	exit "$STUB_RC"
fi
echo "attached by the stub"
STUB
chmod +x "$tmp/bin/vresctl"

export PATH=$tmp/bin:$PATH STUB_LOG=$tmp/calls STUB_RC=0
export VRES_HOOK_DIR=$tmp/domains VRES_HOOK_PIDDIR=$tmp/pids
export VRES_SYSFS_ROOT=$tmp/vres
unset VRESCTL

# domain NAME [CONF]: a served domain with a plan, a pid file and CONF.
domain() {
	echo '{"tasks": []}' >"$tmp/domains/$1.json"
	echo 4242 >"$tmp/pids/$1.pid"
	printf '%s' "${2:-}" >"$tmp/domains/$1.conf"
}

# hook DOMAIN OP: run the hook as libvirt does; sets $rc, $out, $err and
# $calls (the stub's log of this run).
hook() {
	: >"$STUB_LOG"
	out=$(echo "<domain/>" | "$hook_bin" "$1" "$2" begin - 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	calls=$(cat "$STUB_LOG")
}

# prefix DOMAIN: the --name-prefix the hook's "started" gives vresctl.
prefix() {
	hook "$1" started >/dev/null
	sed -n 's/.*--name-prefix \([^ ]*\).*/\1/p' "$STUB_LOG"
}

# ---- started -----------------------------------------------------------
domain vm1 $'CPUS=2,3\nMODE=soft\n'
hook vm1 started
if [ $rc -eq 0 ] && [ "$calls" = "attach --pid 4242 --name-prefix vm1 --plan $tmp/domains/vm1.json --cpus 2,3 --mode soft" ]; then
	ok "started: vresctl attach --pid with the domain's plan and options"
else
	echo "# rc=$rc calls: $calls"
	not_ok "started: vresctl attach --pid with the domain's plan and options"
fi
if [ -z "$out" ]; then
	ok "started: nothing on stdout"
else
	not_ok "started: nothing on stdout ($out)"
fi

STUB_RC=1
hook vm1 started
if [ $rc -eq 1 ] && [[ $err == *"refused by the stub"* ]]; then
	ok "started, attach fails, REQUIRED=yes (default): exit 1, the refusal logged"
else
	not_ok "started, attach fails, REQUIRED=yes: exit 1 (rc=$rc, $err)"
fi
domain vm2 $'REQUIRED=no\n'
hook vm2 started
if [ $rc -eq 0 ] && [[ $err == *"refused by the stub"* ]]; then
	ok "started, attach fails, REQUIRED=no: exit 0, the refusal logged"
else
	not_ok "started, attach fails, REQUIRED=no: exit 0 (rc=$rc, $err)"
fi

# ---- a running guest: never exit non-zero --------------------------------
hook vm1 reconnect
if [ $rc -eq 0 ] && [[ $calls == "attach --pid 4242 "* ]] &&
   [[ $err == *"refused by the stub"* ]]; then
	ok "reconnect, attach fails, REQUIRED=yes: exit 0, the refusal logged"
else
	echo "# rc=$rc calls: $calls"
	not_ok "reconnect, attach fails, REQUIRED=yes: exit 0, the refusal logged"
fi
STUB_RC=0
rm "$tmp/pids/vm1.pid"
hook vm1 reconnect
if [ $rc -eq 0 ] && [[ $err == *"no QEMU pid"* ]] && [ -z "$calls" ]; then
	ok "reconnect without a pid file, REQUIRED=yes: exit 0, logged"
else
	not_ok "reconnect without a pid file, REQUIRED=yes: exit 0 (rc=$rc, $err)"
fi
domain bad $'CPUS=$NO_SUCH_VARIABLE\n'
hook bad reconnect
if [ $rc -eq 0 ]; then
	ok "reconnect with a broken .conf: exit 0"
else
	not_ok "reconnect with a broken .conf: exit 0 (rc=$rc, $err)"
fi
hook bad started
if [ $rc -eq 1 ]; then
	ok "started with a broken .conf, REQUIRED=yes: exit 1"
else
	not_ok "started with a broken .conf, REQUIRED=yes: exit 1 (rc=$rc, $err)"
fi
for op in attach migrate restore stopped release prepare start; do
	hook bad $op
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		ok "$op with a broken .conf: exit 0, nothing on stdout"
	else
		not_ok "$op with a broken .conf: exit 0, nothing on stdout (rc=$rc, '$out')"
	fi
done

# ---- server prefixes -------------------------------------------------------
long=abcdefghijklmnopqrstuvwxyz0123456789
names=(vm1 VM1 Vm1 vM1 "a b" a-b a_b a__b a.b "a:b" .a _a -a
       VresTest vrestest "Üml" "ümL" "x$long" "x${long}X" "X${long}x"
       "$long$long" "$long${long}Z")
declare -A seen=()
fails=0
for d in "${names[@]}"; do
	domain "$d"
	p=$(prefix "$d")
	if [ -z "$p" ] || [ ${#p} -gt 26 ] || [[ $p == *[!a-z0-9_.-]* ]] ||
	   [[ $p == [.-]* ]]; then
		echo "# domain '$d': prefix '$p' is not 1 to 26 of a-z 0-9 _ . -, not starting with '.' or '-'"
		fails=$((fails + 1))
	elif "$vresctl" attach --pid 999999999 --name-prefix "$p" \
		--budget 10ms --period 50ms >/dev/null 2>&1; [ $? -ne 1 ]; then
		echo "# domain '$d': vresctl attach refuses the prefix '$p'"
		fails=$((fails + 1))
	elif [ -n "${seen[$p]:-}" ]; then
		echo "# domains '${seen[$p]}' and '$d' share the prefix '$p'"
		fails=$((fails + 1))
	fi
	seen[$p]=$d
	echo "# '$d' -> '$p'"
done
if [ $fails -eq 0 ]; then
	ok "prefix: ${#names[@]} domain names, ${#names[@]} distinct valid prefixes"
else
	not_ok "prefix: ${#names[@]} domain names, ${#names[@]} distinct valid prefixes"
fi
p=$(prefix vm1)
if [ "$p" = vm1 ]; then
	ok "prefix: a lowercase name is its own prefix"
else
	not_ok "prefix: a lowercase name is its own prefix (got '$p')"
fi
p1=$(prefix "$long$long") p2=$(prefix "$long$long")
if [ "$p1" = "$p2" ]; then
	ok "prefix: the same long name gives the same prefix"
else
	not_ok "prefix: the same long name gives the same prefix ('$p1', '$p2')"
fi

# ---- release -----------------------------------------------------------
# VM and vm ran side by side; VM's release destroys VM's servers only.
domain VM
domain vm
upper=$(prefix VM) lower=$(prefix vm)
mkdir -p "$tmp/vres/servers/$upper.0" "$tmp/vres/servers/$upper.1" \
	 "$tmp/vres/servers/$lower.0" "$tmp/vres/servers/$lower.1" \
	 "$tmp/vres/servers/$upper.x"
hook VM release
if [ $rc -eq 0 ] && [ "$calls" = "destroy $upper.0 $upper.1" ]; then
	ok "release of VM destroys VM's servers, not vm's"
else
	echo "# prefixes VM '$upper', vm '$lower'; rc=$rc calls: $calls"
	not_ok "release of VM destroys VM's servers, not vm's"
fi
STUB_RC=1
hook vm release
if [ $rc -eq 0 ] && [ "$calls" = "destroy $lower.0 $lower.1" ] &&
   [[ $err == *"refused by the stub"* ]]; then
	ok "release, destroy fails: exit 0, logged"
else
	echo "# rc=$rc calls: $calls"
	not_ok "release, destroy fails: exit 0, logged"
fi
STUB_RC=0
hook nothere started
if [ $rc -eq 0 ] && [ -z "$calls" ]; then
	ok "a domain without a plan is left alone"
else
	not_ok "a domain without a plan is left alone (rc=$rc, $calls)"
fi

totals
