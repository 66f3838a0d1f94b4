#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh: run a command inside a virtual machine booting one of the
# host's Debian kernels, with the vres module freshly built for it and
# loaded. Modelled on tools/testing/selftests/bpf/vmtest.sh.
#
# The VM sees the host's root file system read-only over 9p (so every host
# binary and this work tree are at the same paths), tmpfs on /tmp and /run,
# and this tree's .build directory read-write. The command's output is
# printed live; the kernel console goes to a log file that is kept. The run
# fails, whatever the command's status, if the kernel log shows an oops, a
# WARN, a lockdep, KASAN or hung-task report, or if the VM hangs.
set -u

usage() {
	cat <<USAGE
usage: selftests/vmtest.sh [-k KVER] [-s SMP] [-m MEM] [-t TIMEOUT] [--icount[=SHIFT]]
                           [--stall SECONDS] [--no-module] [-- CMD ...]

  -k KVER       kernel to boot: one unpacked by scripts/kernels.sh, else
                /boot/vmlinuz-KVER (default: the one the module was built
                for, else the one "make" would build for, else the newest
                unpacked one)
  -s SMP        virtual CPUs (default 2)
  -m MEM        memory in MiB (default 2048)
  -t TIMEOUT    seconds before the VM counts as hung (default 1800)
  --stall SECONDS
                the VM also counts as hung when the command prints nothing
                for SECONDS (default: only TIMEOUT applies)
  --icount[=SHIFT]
                the instruction-counting clock: QEMU's single-threaded TCG
                with -icount shift=SHIFT,sleep=off (default SHIFT 0). The
                guest's time advances by 2^SHIFT ns per instruction its
                vCPUs execute, and jumps over time when all of them are
                idle, so nothing the host does (load, stalls) shows in the
                guest's clocks. The clock for timing tests. Without it the
                VM runs on multi-threaded TCG (vCPUs truly in parallel,
                wall-clock time: the clock for concurrency tests), or KVM.
  --no-module   do not build or load vres.ko
  CMD           command to run in the work tree (default: selftests/run_tests.sh)

Environment: VMTEST_ACCEL=kvm|tcg forces an accelerator (default: KVM when
/dev/kvm is usable, else TCG). VMTEST_QEMU is the QEMU binary (default:
qemu-system-x86_64 on PATH; the KVM tests use the one scripts/qemu.sh
builds). VMTEST_MODULE_FLAGS are make variables for building vres.ko
(e.g. "VRES_DEBUG=y KCFLAGS=-fno-optimize-sibling-calls": the
fault-injection build, see kernel/Kbuild). VMTEST_TP_GUARD=0 turns off, =1 forces, the
guard against QEMU TCG's stale translations of live-patched kernel text
(on by default under TCG; see selftests/vm/guest.sh); VMTEST_TP_GUARD_EVENTS
adds tracepoints (SYSTEM/EVENT, space-separated) that CMD will trace to the
ones it guards.
The command sees VMTEST_CLOCK: "icount:SHIFT", "mttcg" or "kvm".
Exit status: CMD's status; 1 if CMD succeeded but the kernel log shows a
kernel bug; 124 if the VM hung; 125 if the VM could not run CMD.
USAGE
}

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/.build"
args=("$@")
qemu=${VMTEST_QEMU:-qemu-system-x86_64}
kver="" smp=2 mem=2048 timeout=1800 load_module=1 icount="" stall=""

while [ $# -gt 0 ]; do
	case "$1" in
	-k) kver=$2; shift 2 ;;
	-s) smp=$2; shift 2 ;;
	-m) mem=$2; shift 2 ;;
	-t) timeout=$2; shift 2 ;;
	--icount) icount=0; shift ;;
	--icount=*) icount=${1#--icount=}; shift
		[ -n "$icount" ] || { echo "vmtest: --icount=SHIFT: SHIFT is 0 to 10" >&2; exit 2; } ;;
	--stall) stall=$2; shift 2 ;;
	--no-module) load_module=0; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || set -- selftests/run_tests.sh
case "$icount" in
""|[0-9]|10) ;;
*) echo "vmtest: --icount=SHIFT: SHIFT is 0 to 10" >&2; exit 2 ;;
esac
case "$stall" in
""|[1-9]|[1-9][0-9]*) ;;
*) echo "vmtest: --stall SECONDS: a positive number of seconds" >&2; exit 2 ;;
esac

die() { echo "vmtest: $*" >&2; exit 125; }

# Default kernel: the one kernel/vres.ko was built for, else make's KDIR,
# else the newest kernel scripts/kernels.sh unpacked.
if [ -z "$kver" ] && [ -e "$top/kernel/vres.ko" ]; then
	kver=$(modinfo -F vermagic "$top/kernel/vres.ko" | cut -d' ' -f1)
fi
if [ -z "$kver" ]; then
	kdir=$(make -s -C "$top" --no-print-directory -f - print-kdir <<-'MK'
	include Makefile
	print-kdir: ; @echo $(KDIR)
	MK
	)
	[ -n "$kdir" ] && kver=$(make -s -C "$kdir" --no-print-directory kernelrelease 2>/dev/null)
fi
[ -n "$kver" ] || kver=$("$top/scripts/kernels.sh" list | tail -n 1)
[ -n "$kver" ] || die "no kernel to boot (make deps unpacks 6.1 and 6.12)"

# Where the kernel lives: unpacked by scripts/kernels.sh (what make check
# uses; never installed), else installed in /boot and /lib/modules.
if kroot=$("$top/scripts/kernels.sh" root "$kver"); then
	kdir=$kroot/usr/src/linux-headers-$kver
else
	kroot=/
	kdir=/lib/modules/$kver/build
fi
vmlinuz=$kroot/boot/vmlinuz-$kver
kconfig=$kroot/boot/config-$kver
[ -r "$vmlinuz" ] || die "no kernel image $vmlinuz (make deps unpacks 6.1 and 6.12)"
[ -d "$kroot/lib/modules/$kver/kernel" ] || die "no modules for $kver in $kroot/lib/modules/$kver"

# Build vres.ko for this kernel in a directory of its own, so that builds
# for different kernels do not overwrite each other.
module=""
if [ $load_module -eq 1 ]; then
	[ -d "$kdir" ] || die "no headers for $kver ($kdir); install linux-headers-$kver"
	# A build with other flags keeps its objects in a directory of its own.
	read -r -a modflags <<< "${VMTEST_MODULE_FLAGS:-}"
	moddir="$build/kmod/$kver"
	[ ${#modflags[@]} -eq 0 ] ||
		moddir+="-$(printf '%s' "${modflags[*]}" | md5sum | cut -c1-8)"
	mkdir -p "$moddir"
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' --exclude=modules.order \
		"$top/Kbuild" "$top/kernel" "$top/uapi" "$moddir/src.new/" ||
		die "cannot copy the module sources"
	# Keep objects between runs: sync the sources over the previous copy.
	mkdir -p "$moddir/src"
	rsync -a --checksum "$moddir/src.new/" "$moddir/src/" &&
		rm -rf "$moddir/src.new"
	# A kernel of another Debian release is built for in that release's
	# root (its kbuild tools and compiler; scripts/buildroot.sh).
	kmake=(make)
	rel=$("$top/scripts/kernels.sh" release "$kver" 2>/dev/null) || rel=""
	[ -z "$rel" ] || [ "$rel" = "$(. /etc/os-release && echo "$VERSION_CODENAME")" ] ||
		kmake=("$top/scripts/buildroot.sh" run "$rel" make)
	echo "vmtest: building vres.ko for $kver${modflags[*]:+ with ${modflags[*]}}${rel:+ ($rel)}"
	"${kmake[@]}" -s -C "$kdir" M="$moddir/src" W=1 "${modflags[@]}" modules ||
		die "building vres.ko for $kver failed"
	module="$moddir/src/kernel/vres.ko"
fi

# The initramfs: busybox, /init, and the modules needed to mount 9p, in
# dependency order, uncompressed (6.12's modules are .ko.xz).
initrd="$build/vm/$kver/initramfs.cpio.gz"
if [ ! -e "$initrd" ] || [ "$top/selftests/vm/init" -nt "$initrd" ] ||
   [ "$0" -nt "$initrd" ]; then
	echo "vmtest: building the initramfs for $kver"
	stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,dev,proc,sys,modules,newroot}
	cp /bin/busybox "$stage/bin/busybox" || die "busybox-static missing"
	ln -s busybox "$stage/bin/sh"
	cp "$top/selftests/vm/init" "$stage/init"
	for m in virtio_pci 9pnet_virtio 9p; do
		modprobe -d "$kroot" -S "$kver" --show-depends "$m" ||
			die "modprobe cannot resolve $m for $kver"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' > "$stage/list"
	: > "$stage/modules/order"
	while read -r path; do
		name=$(basename "$path")
		case "$name" in
		*.xz) xz -dc "$path" > "$stage/modules/${name%.xz}"; name=${name%.xz} ;;
		*.zst) zstd -qdc "$path" > "$stage/modules/${name%.zst}"; name=${name%.zst} ;;
		*) cp "$path" "$stage/modules/$name" ;;
		esac
		echo "$name" >> "$stage/modules/order"
	done < "$stage/list"
	rm "$stage/list"
	mkdir -p "$(dirname "$initrd")"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd.tmp" &&
		mv "$initrd.tmp" "$initrd"
	rm -rf "$stage"
fi

# Boot the uncompressed kernel through its PVH entry point when it has one
# (Debian's do, CONFIG_PVH=y): under TCG this saves the seconds that the
# bzImage's own decompressor takes. Falls back to the bzImage.
extract_vmlinux() {
	local img=$1 out=$2 magic tool off
	for magic in 'xz:\3757zXZ' 'zstd:(\265/\375'; do
		tool=${magic%%:*}
		for off in $(LC_ALL=C grep -abo "$(printf '%b' "${magic#*:}")" "$img" 2>/dev/null |
			     cut -d: -f1 | head -n 5); do
			tail -c +$((off + 1)) "$img" | "$tool" -dc > "$out.tmp" 2>/dev/null
			if [ "$(head -c 4 "$out.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
				mv "$out.tmp" "$out"
				return 0
			fi
		done
	done
	rm -f "$out.tmp"
	return 1
}
kernel="$build/vm/$kver/vmlinux"
if [ ! -e "$kernel" ] || [ "$vmlinuz" -nt "$kernel" ]; then
	grep -q '^CONFIG_PVH=y' "$kconfig" 2>/dev/null &&
		extract_vmlinux "$vmlinuz" "$kernel" || kernel=$vmlinuz
fi

# One directory per run, kept for diagnosis.
run="$build/vm/runs/$(date +%Y%m%d-%H%M%S)-$kver-$$${VMTEST_REBOOTED:+-again}"
mkdir -p "$run" || die "cannot create $run"
nonce=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
cp "$top/selftests/vm/guest.sh" "$run/guest.sh"
{
	printf 'VMTEST_NONCE=%q\n' "$nonce"
	printf 'VMTEST_MODULE=%q\n' "$module"
	printf 'VMTEST_WORKDIR=%q\n' "$top"
	printf 'VMTEST_KROOT=%q\n' "$kroot"
	printf 'VMTEST_KVER=%q\n' "$kver"
} > "$run/env"
printf '%q ' "$@" > "$run/cmd"
echo >> "$run/cmd"

# KVM where /dev/kvm exists and really boots this kernel (nested KVM can
# exist and hang); the probe's answer is cached per host kernel.
probe_kvm() {
	local cache="$build/vm/kvm-probe-$(uname -r)-$kver" out
	if [ ! -e "$cache" ]; then
		out=$(timeout 30 "$qemu" -nodefaults -no-reboot -display none \
			-machine q35 -accel kvm -cpu host -smp 1 -m 512 \
			-kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS1 panic=-1 vmtest.probe=1" \
			-serial null -serial stdio < /dev/null 2>&1)
		case "$out" in
		*vmtest-probe-ok*) echo kvm > "$cache" ;;
		*) echo tcg > "$cache" ;;
		esac
	fi
	cat "$cache"
}
accel=${VMTEST_ACCEL:-}
if [ -n "$icount" ]; then
	[ "${accel:-tcg}" = tcg ] || die "--icount needs TCG (VMTEST_ACCEL=$accel)"
	accel=tcg
elif [ -z "$accel" ]; then
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then accel=$(probe_kvm); else accel=tcg; fi
fi
clock_opts=()
case "$accel" in
kvm) cpu=host clock=kvm ;;
tcg)
	cpu=max
	# KVM refuses to load on PREEMPT_RT without a constant TSC ("kvm: RT
	# requires X86_FEATURE_CONSTANT_TSC"), which TCG's CPU does not
	# announce, though its TSC does tick at a constant rate. Debian's
	# QEMU 7.2 cannot announce it; the one scripts/qemu.sh builds can
	# (tcg-invtsc.patch). Only for rt kernels, so that the others keep
	# the CPU they were measured on.
	if grep -q '^CONFIG_PREEMPT_RT=y' "$kconfig" 2>/dev/null; then
		cpu+=,+invtsc
		if [ -z "${VMTEST_QEMU:-}" ]; then
			qemu=$("$top/scripts/qemu.sh" path) ||
				die "a PREEMPT_RT kernel's KVM needs the QEMU that scripts/qemu.sh builds (make deps)"
		fi
	fi
	if [ -n "$icount" ]; then
		clock=icount:$icount
		clock_opts=(-icount "shift=$icount,sleep=off")
	else
		clock=mttcg
	fi
	;;
*) die "VMTEST_ACCEL must be kvm or tcg" ;;
esac
{
	printf 'VMTEST_ACCEL=%q\n' "$accel"
	printf 'VMTEST_CLOCK=%q\n' "$clock"
	printf 'VMTEST_TP_GUARD=%q\n' "${VMTEST_TP_GUARD:-}"
	printf 'VMTEST_TP_GUARD_EVENTS=%q\n' "${VMTEST_TP_GUARD_EVENTS:-}"
} >> "$run/env"

console="$run/console.log"
output="$run/output.log"
qemu_note=""
[ "$qemu" = qemu-system-x86_64 ] || qemu_note=", QEMU $qemu"
echo "vmtest: booting $kver ($accel, clock $clock, $smp CPUs, $mem MiB$qemu_note); console log: $console"
monitor="$run/monitor.sock"
start=$(date +%s.%N)
"$qemu" -nodefaults -no-reboot -display none \
	-machine q35 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem" \
	"${clock_opts[@]}" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 loglevel=7 nokaslr vmtest.run=$run vmtest.build=$build vmtest.top=$top" \
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
	-virtfs "local,path=$build,mount_tag=buildrw,security_model=none,multidevs=remap" \
	-chardev "file,id=console,path=$console" -serial chardev:console \
	-chardev "stdio,id=output,signal=off,logfile=$output" -serial chardev:output \
	-monitor "unix:$monitor,server=on,wait=off" \
	< /dev/null &
qemu_pid=$!
# The watchdog: on a hang, record where every virtual CPU is before
# killing the VM (hang.txt in the run directory; selftests/vm/
# diagnose_hang.py says what it looks at). Killed when the VM exits, it
# kills its sleep too, and none of it writes to our output: a sleep left
# behind holding it open would keep a reader of this script's output
# (check.sh's tee) waiting for the whole timeout.
(
	exec > /dev/null 2>&1
	trap 'kill "$sleeper"; exit 0' TERM
	if [ -n "$stall" ]; then
		# Every 5 s: has the output grown in the last $stall seconds?
		deadline=$((SECONDS + timeout)) size=-1 quiet=0
		while [ $SECONDS -lt $deadline ] && [ $quiet -lt "$stall" ]; do
			sleep 5 &
			sleeper=$!
			wait "$sleeper"
			now=$(stat -c %s "$output" 2>/dev/null || echo 0)
			if [ "$now" = "$size" ]; then
				quiet=$((quiet + 5))
			else
				size=$now quiet=0
			fi
		done
		[ $quiet -ge "$stall" ] && echo "$stall" > "$run/stalled"
	else
		sleep "$timeout" &
		sleeper=$!
		wait "$sleeper"
	fi
	touch "$run/timed-out"
	python3 "$top/selftests/vm/diagnose_hang.py" "$monitor" "$run" \
		> "$run/hang.txt" 2>&1
	kill "$qemu_pid" 2>/dev/null
	sleep 10
	kill -9 "$qemu_pid" 2>/dev/null
) &
watchdog=$!
wait "$qemu_pid"
qemu_rc=$?
kill "$watchdog" 2>/dev/null
wait "$watchdog" 2>/dev/null
elapsed=$(echo "$(date +%s.%N) - $start" | bc)

rc=$(sed -n "s/^vmtest-$nonce: exit \([0-9]*\).*/\1/p" "$output" 2>/dev/null | tail -n 1)
if [ -e "$run/stalled" ]; then
	echo "vmtest: FAIL: the VM hung (no output for $stall s); console log: $console"
elif [ -e "$run/timed-out" ]; then
	echo "vmtest: FAIL: the VM hung (no exit within $timeout s); console log: $console"
fi
if [ -e "$run/timed-out" ]; then
	echo "vmtest: where the CPUs were ($run/hang.txt):"
	sed 's/^/vmtest:   /' "$run/hang.txt"
	rc=124
elif [ -z "$rc" ]; then
	echo "vmtest: FAIL: the VM stopped before the command finished (qemu status $qemu_rc); console log: $console"
	rc=125
fi

# Anything in the kernel log that looks like a kernel bug fails the run.
bugs='(------------\[ cut here \]|WARNING: |BUG: |Oops|kernel BUG|general protection fault|Call Trace:|KASAN|UBSAN|possible (recursive|circular) locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|rcu: INFO|soft lockup|hard LOCKUP|Kernel panic|refcount_t: |list_(add|del) corruption|unreferenced object)'
found=$(cat "$console" "$run/dmesg.log" 2>/dev/null | tr -d "\r" | grep -E "$bugs" | sort -u | head -n 20)
if [ -n "$found" ]; then
	echo "vmtest: FAIL: the kernel log shows a kernel bug:"
	printf '%s\n' "$found" | sed 's/^/vmtest:   /'
	echo "vmtest: full console log: $console"
	[ "$rc" -eq 0 ] && rc=1
fi

printf 'vmtest: %s (clock %s) finished in %.1f s with status %s; logs in %s\n' \
	"$kver" "$clock" "$elapsed" "$rc" "$run"

# QEMU 7.2's multi-threaded TCG can run a stale INT3 of the kernel's own
# text patching during boot (README, "Testing": the guard covers only what
# the tests patch). A VM that died of it before guest.sh even started, so
# before CMD ran, is booted once more; a failure of CMD never is.
if [ "$rc" -eq 125 ] && [ -z "${VMTEST_REBOOTED:-}" ] &&
   grep -q 'Oops: int3' "$console" 2>/dev/null &&
   ! grep -q ', up [0-9.]* s' "$output" 2>/dev/null; then
	echo "vmtest: the boot died of the emulator's stale INT3 before the command started: booting once more"
	VMTEST_REBOOTED=1 exec "$0" "${args[@]}"
fi
exit "$rc"
