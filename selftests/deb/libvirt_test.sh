#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libvirt_test.sh: a real libvirtd serves a domain from the plan in its
# XML metadata through the installed hook, and refuses an incoming
# migration this host cannot guarantee. Run as root in a root where the
# vresctl package is installed and vres is loaded (install_test.sh runs
# it in its throwaway root), with nested KVM.
#
#   selftests/deb/libvirt_test.sh PLAN_JSON
#
#  1. libvirtd starts (qemu.conf for a root without libvirt's users,
#     cgroups or namespaces) and finds the hook
#     /etc/libvirt/hooks/qemu.d/vres;
#  2. virsh define: domain rt1, 2 vCPUs, -accel kvm, no disk (SeaBIOS
#     finds nothing to boot and waits: the vCPU threads exist), with
#     PLAN_JSON in <metadata> as <vres:plan xmlns:vres="urn:vres:plan:1"
#     cpus="0,1">; virsh dumpxml shows it back;
#  3. virsh start: servers rt1.0 and rt1.1 appear with the plan's budget
#     and period, on CPUs 0 and 1, each attached to QEMU's thread "CPU
#     i/KVM" of the domain's QEMU;
#  4. a second libvirtd, in mount and UTS namespaces of its own with its
#     own /etc/libvirt (no hook, another host UUID) and /run/libvirt, runs
#     rt2, a copy of rt1 with the same plan: the "other host";
#  5. virsh migrate --live rt2 from it to the first libvirtd is refused,
#     and the error virsh prints is the hook's: this host cannot
#     guarantee the plan, with admission control's reason; rt2 still
#     runs on the other host, and no rt2 server was made here;
#  6. virsh destroy rt1: the hook's release destroys rt1.0 and rt1.1.
#
# Output is TAP (no plan line: install_test.sh nests it); the last line
# is "# libvirt-totals: pass:N fail:N skip:N". Without /dev/kvm every
# step is skipped, never passed.
set -u
plan=$1
kver=$(uname -r)
V=/sys/kernel/vres
work=/tmp/libvirt_test
lv2=$work/lv2

n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
diag() { sed 's/^/# /' "$@"; }
totals() { echo "# libvirt-totals: pass:$pass fail:$fail skip:$skip"; }

mkdir -p "$work" "$lv2"/{etc,run,lib,log,cache}
[ -e /dev/kvm ] || modprobe kvm_amd >/dev/null 2>&1 || modprobe kvm_intel >/dev/null 2>&1
if [ ! -e /dev/kvm ]; then
	for s in libvirtd define start migrate destroy; do
		n=$((n + 1)) skip=$((skip + 1))
		echo "ok $n $s # SKIP no /dev/kvm: no nested virtualisation in this VM"
	done
	totals
	exit 0
fi

# A root without libvirt's packaged configuration: QEMU as root, no
# cgroup controllers, no per-domain mount namespace, logs to files.
qemu_conf='user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
stdio_handler = "file"
namespaces = []
cgroup_controllers = []
'
mkdir -p /etc/libvirt /var/lib/libvirt/qemu /var/log/libvirt/qemu /var/cache/libvirt
# libvirtd looks its QEMU user up before it reads qemu.conf; Debian's
# libvirt-daemon-system would have made it.
getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
getent passwd libvirt-qemu >/dev/null ||
	useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
printf '%s' "$qemu_conf" >/etc/libvirt/qemu.conf
printf '%s\n' 'host_uuid = "7ac2a2b4-9b0e-4bd0-9d5c-00000000a001"' \
	'log_outputs = "2:stderr"' >/etc/libvirt/libvirtd.conf

# wait_for TIMEOUT CMD...: poll CMD every 0.5 s.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt "$end" ] || return 1
		sleep 0.5
	done
}

virsh1() { virsh -q -c qemu:///system "$@"; }
virsh2() { virsh -q -c "qemu:///system?socket=$lv2/run/libvirt-sock" "$@"; }

# In the background, not -d: its errors go to libvirtd.out.
libvirtd >"$work/libvirtd.out" 2>&1 &
if wait_for 120 virsh1 version && [ -x /etc/libvirt/hooks/qemu.d/vres ]; then
	up=1
	ok "libvirtd $(libvirtd --version | awk '{print $NF}') runs, the hook /etc/libvirt/hooks/qemu.d/vres is installed"
else
	not_ok "libvirtd runs"
	diag "$work/libvirtd.out"
	totals
	exit 1
fi

# domain NAME: the domain's XML, with the plan in its metadata.
domain() {
	cat <<XML
<domain type='kvm'>
  <name>$1</name>
  <memory unit='MiB'>32</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <cpu mode='host-passthrough' migratable='on'/>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <memballoon model='none'/>
  </devices>
  <metadata>
    <vres:plan xmlns:vres="urn:vres:plan:1" cpus="0,1">$(sed 's/&/\&amp;/g; s/</\&lt;/g' "$plan")</vres:plan>
  </metadata>
</domain>
XML
}
domain rt1 >"$work/rt1.xml"
if virsh1 define "$work/rt1.xml" >"$work/out" 2>&1 &&
   virsh1 dumpxml rt1 | grep -q 'plan xmlns:vres="urn:vres:plan:1" cpus="0,1"'; then
	ok "virsh define rt1: the plan is in its <metadata>"
else
	not_ok "virsh define rt1 with the plan in its metadata"
	diag "$work/out"
fi

budget=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("min_budget_ns") or d["budget_ns"])' "$plan" 2>/dev/null)
period=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["period_ns"])' "$plan" 2>/dev/null)
# served NAME: both servers have the plan and QEMU's vCPU threads.
served() {
	local pid i tid comm
	pid=$(cat "/run/libvirt/qemu/$1.pid" 2>/dev/null) || return 1
	for i in 0 1; do
		[ "$(cat $V/servers/"$1.$i"/params 2>/dev/null)" = "$budget $period" ] || return 1
		[ "$(cat $V/servers/"$1.$i"/cpu)" = "$i" ] || return 1
		tid=$(cat $V/servers/"$1.$i"/tid)
		comm=$(cat "/proc/$pid/task/$tid/comm" 2>/dev/null)
		[ "$comm" = "CPU $i/KVM" ] || return 1
	done
}
if virsh1 start rt1 >"$work/out" 2>&1 && wait_for 60 served rt1; then
	ok "virsh start rt1: servers rt1.0 and rt1.1 ($budget ns every $period ns, cpu 0 and 1) serve its threads CPU 0/KVM and CPU 1/KVM"
	vresctl status | diag
else
	not_ok "virsh start rt1 is served from its metadata"
	diag "$work/out"
	ls $V/servers | diag
	tail -n 20 /var/log/libvirt/qemu/rt1.log 2>/dev/null | diag
fi

# The other host: a libvirtd of its own (unshare: its own mounts and
# hostname), its own configuration without the hook, and a host UUID of
# its own (libvirt refuses a migration between equal UUIDs).
printf '%s' "$qemu_conf" >"$lv2/etc/qemu.conf"
printf '%s\n' 'host_uuid = "7ac2a2b4-9b0e-4bd0-9d5c-00000000a002"' \
	'log_outputs = "2:stderr"' >"$lv2/etc/libvirtd.conf"
unshare -m -u sh -c "
	mount --make-rprivate / &&
	hostname otherhost &&
	mount --bind $lv2/etc /etc/libvirt &&
	mount --bind $lv2/run /run/libvirt &&
	mount --bind $lv2/lib /var/lib/libvirt &&
	mount --bind $lv2/log /var/log/libvirt &&
	mount --bind $lv2/cache /var/cache/libvirt &&
	exec libvirtd --pid-file $lv2/libvirtd.pid" >"$work/libvirtd2.out" 2>&1 &
domain rt2 >"$work/rt2.xml"
if wait_for 120 virsh2 version && virsh2 define "$work/rt2.xml" >"$work/out" 2>&1 &&
   virsh2 start rt2 >>"$work/out" 2>&1; then
	# It must not be served here: its host has no vres hook.
	[ ! -e $V/servers/rt2.0 ] && ok "the other host's libvirtd runs rt2 (same plan), unserved" ||
		not_ok "the other host's rt2 is not served (no hook there)"
else
	not_ok "the other host's libvirtd runs rt2"
	diag "$work/libvirtd2.out" "$work/out"
fi

virsh2 migrate --live rt2 qemu:///system >"$work/migrate.out" 2>&1
rc=$?
diag "$work/migrate.out"
if [ $rc -ne 0 ] &&
   grep -q "refusing the incoming migration: this host cannot guarantee the plan: admission control on cpu" "$work/migrate.out" &&
   [ "$(virsh2 domstate rt2 2>/dev/null)" = running ] && [ ! -e $V/servers/rt2.0 ]; then
	ok "virsh migrate rt2 here is refused with admission control's reason; rt2 runs on where it was"
else
	not_ok "virsh migrate rt2 here is refused with the hook's reason (virsh exit $rc)"
fi
virsh2 destroy rt2 >/dev/null 2>&1

released() { [ ! -e $V/servers/rt1.0 ] && [ ! -e $V/servers/rt1.1 ]; }
if virsh1 destroy rt1 >"$work/out" 2>&1 && wait_for 30 released; then
	ok "virsh destroy rt1: the hook's release destroyed rt1.0 and rt1.1"
else
	not_ok "virsh destroy rt1 releases its servers"
	diag "$work/out"
	ls $V/servers | diag
fi
virsh1 undefine rt1 >/dev/null 2>&1
virsh2 undefine rt2 >/dev/null 2>&1
pkill -x libvirtd
wait_for 20 sh -c '! pgrep -x libvirtd'
totals
[ "$fail" -eq 0 ]
