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
# The plan file it was given (after --plan, or admit's last argument) is
# copied to $STUB_LOG.plan; $STUB_OUT, if set, is printed on stdout.
{ printf '%s' "$1"; printf ' %s' "${@:2}"; echo; } >>"$STUB_LOG"
prev=""
for a in "$@"; do
	[ "$prev" = --plan ] && cp "$a" "$STUB_LOG.plan"
	prev=$a
done
[ "$1" = admit ] && cp "${!#}" "$STUB_LOG.plan"
[ -z "${STUB_OUT:-}" ] || echo "$STUB_OUT"
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

# hook DOMAIN OP: run the hook as libvirt does, with $XML (default an
# empty domain) on stdin; sets $rc, $out, $err and $calls (the stub's log
# of this run).
hook() {
	: >"$STUB_LOG"
	rm -f "$STUB_LOG.plan"
	out=$(printf '%s' "${XML:-<domain/>}" | "$hook_bin" "$1" "$2" begin - 2>"$tmp/err")
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
if [ $rc -eq 0 ] && [ "$calls" = "attach --pid 4242 --name-prefix vm1 --plan $tmp/domains/vm1.json --cpus 2,3 --mode soft --origin libvirt:vm1" ]; then
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
hook bad migrate
if [ $rc -eq 1 ] && [ -z "$out" ]; then
	ok "migrate with a broken .conf, REQUIRED=yes: exit 1 (the migration is refused), nothing on stdout"
else
	not_ok "migrate with a broken .conf, REQUIRED=yes: exit 1, nothing on stdout (rc=$rc, '$out')"
fi
for op in attach restore stopped release prepare start; do
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

# ---- the plan in the domain XML's metadata ------------------------------
plan='{"vcpus": [{"vcpu": 0}], "note": "a < b & c"}'
xml_of() {	# xml_of ATTRIBUTES: a domain whose metadata holds $plan
	printf '<domain type="kvm"><name>md</name><metadata><vres:plan xmlns:vres="urn:vres:plan:1" %s>%s</vres:plan></metadata></domain>' \
		"$1" "$(printf '%s' "$plan" | sed 's/&/\&amp;/g; s/</\&lt;/g')"
}
echo 4242 >"$tmp/pids/md.pid"
XML=$(xml_of 'cpus="2,3" overhead="50us" mode="soft"')
hook md started
if [ $rc -eq 0 ] &&
   [[ $calls == "attach --pid 4242 --name-prefix md --plan /"*" --cpus 2,3 --overhead 50us --mode soft --origin libvirt:md" ]] &&
   [ "$(cat "$STUB_LOG.plan" 2>/dev/null)" = "$plan" ]; then
	ok "started: the plan and the host's choices come from the domain XML's metadata"
else
	echo "# rc=$rc calls: $calls; plan: $(cat "$STUB_LOG.plan" 2>/dev/null)"
	not_ok "started: the plan and the host's choices come from the domain XML's metadata"
fi
given=$(sed -n 's/.*--plan \([^ ]*\).*/\1/p' "$STUB_LOG")
[ -n "$given" ] && [ ! -e "$given" ] && ok "the plan's temporary file is removed" ||
	not_ok "the plan's temporary file is removed ($given)"

domain md $'CPUS=7\n'
hook md started
if [[ $calls == *"--cpus 2,3"* ]] && [[ $calls != *"--cpus 7"* ]]; then
	ok "metadata wins over $VRES_HOOK_DIR/DOMAIN.json and .conf"
else
	not_ok "metadata wins over the domain's files (calls: $calls)"
fi
rm "$tmp/domains/md.json" "$tmp/domains/md.conf"

hook md migrate
if [ $rc -eq 0 ] && [[ $calls == "admit --dry-run --name-prefix md --cpus 2,3 --overhead 50us "* ]] &&
   [ "$(cat "$STUB_LOG.plan" 2>/dev/null)" = "$plan" ] && [ -z "$out" ]; then
	ok "migrate: admit --dry-run of the plan; accepted: exit 0, nothing on stdout"
else
	echo "# rc=$rc out='$out' calls: $calls"
	not_ok "migrate: admit --dry-run of the plan; accepted: exit 0"
fi
STUB_RC=1
export STUB_OUT="  vCPU 0 (server md.0): refused: admission control on cpu2: server x would miss its period of 10ms"
hook md migrate
if [ $rc -eq 1 ] && [ -z "$out" ] &&
   [[ $err == *"refusing the incoming migration: this host cannot guarantee the plan: admission control on cpu2: server x would miss its period of 10ms (REQUIRED=yes)"* ]]; then
	ok "migrate: refused by admission control: exit 1 with the reason on stderr"
else
	echo "# rc=$rc out='$out' err: $err"
	not_ok "migrate: refused by admission control: exit 1 with the reason on stderr"
fi
XML=$(xml_of 'required="no"')
hook md migrate
if [ $rc -eq 0 ] && [[ $err == *"running without vres servers"* ]]; then
	ok "migrate: refused, required=\"no\": exit 0, logged"
else
	not_ok "migrate: refused, required=\"no\": exit 0 (rc=$rc, $err)"
fi
STUB_RC=0 STUB_OUT=""

XML=$(xml_of 'cpus="1;reboot"')
hook md started
if [ $rc -eq 1 ] && [ -z "$calls" ] && [[ $err == *'<plan cpus="1;reboot">: not a value vresctl takes'* ]]; then
	ok "an attribute that is no value vresctl takes: refused before vresctl runs"
else
	not_ok "a bad attribute is refused (rc=$rc, calls: $calls, $err)"
fi
XML='<domain><metadata><vres:plan xmlns:vres="urn:vres:plan:1">{</metadata></domain>'
hook md started
if [ $rc -eq 1 ] && [ -z "$calls" ] && [[ $err == *"the domain XML does not parse"* ]]; then
	ok "XML that does not parse: a clear refusal"
else
	not_ok "XML that does not parse: a clear refusal (rc=$rc, $err)"
fi
XML='<domain><name>md</name><metadata><other xmlns="urn:vres:plan:1:not"/></metadata></domain>'
hook md started
if [ $rc -eq 0 ] && [ -z "$calls" ]; then
	ok "metadata of another namespace and no file: left alone"
else
	not_ok "metadata of another namespace: left alone (rc=$rc, $calls, $err)"
fi
XML=""

totals
