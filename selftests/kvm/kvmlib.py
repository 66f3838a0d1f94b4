# SPDX-License-Identifier: GPL-2.0
"""kvmlib: real KVM guests for the vres selftests, demo and benchmarks.

Runs inside the test VM (selftests/vmtest.sh), which is the KVM host: the
VM's kernel has vres loaded and, with nested virtualisation, a working
/dev/kvm. The guests are QEMU processes with -accel kvm whose vCPU threads
('CPU n/KVM') are what vres serves:

  RtGuest   Linux (the test VM's own kernel) booted from an initramfs made
            by mkguest.sh, running rtguest: a task set file executed as
            SCHED_FIFO threads at rate-monotonic priorities, each job a
            calibrated amount of computation; every job's release and
            completion are reported over a second serial port when the run
            is over (see rtguest.c for the protocol).
  SpinGuest the firmware selftests/vres/spin.rom: a vCPU that never halts.

Everything here reads the clock of the test VM (CLOCK_MONOTONIC), which
under vmtest.sh --icount counts the VM's instructions; the guests report
in their own CLOCK_MONOTONIC.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
VRESCTL = os.path.join(TOP, "userspace", "vresctl", "vresctl")
MKGUEST = os.path.join(HERE, "mkguest.sh")
SPIN_ROM = os.path.join(TOP, "selftests", "vres", "spin.rom")
TRACEFS = "/sys/kernel/tracing"
# The guest kernel's command line: console on the first serial port (a
# file), rtguest's protocol on the second. From 7.0 also noxsave: the
# XSAVE area size that KVM reports under QEMU 7.2's TCG disagrees with the
# features it reports ("XSAVE consistency problem: size 2696 !=
# kernel_size 576"), and 7.3 oopses turning XSAVE off at boot for it
# (x86_task_fpu() of the boot task is NULL then; 6.1 and 6.12 boot, and
# keep the command line they were measured with). rtguest uses no vector
# state.
GUEST_APPEND = "console=ttyS0 quiet panic=-1 nokaslr" + (
    " noxsave" if int(os.uname().release.split(".")[0]) >= 7 else "")
VRES = "/sys/kernel/vres"


class Tap:
    """kselftest-style TAP: ok/not ok lines, diagnostics, a totals line."""

    def __init__(self, plan):
        self.n = self.passed = self.failed = self.skipped = 0
        print("TAP version 13")
        print(f"1..{plan}", flush=True)

    def diag(self, text):
        for line in str(text).rstrip("\n").split("\n"):
            print(f"# {line}", flush=True)

    def result(self, ok, desc):
        self.n += 1
        if ok:
            self.passed += 1
            print(f"ok {self.n} {desc}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} {desc}", flush=True)
        return ok

    def skip(self, desc, why):
        self.n += 1
        self.skipped += 1
        print(f"ok {self.n} {desc} # SKIP {why}", flush=True)

    def totals(self):
        print(f"# Totals: pass:{self.passed} fail:{self.failed} xfail:0 "
              f"xpass:0 skip:{self.skipped} error:0", flush=True)


def run(cmd, check=False, timeout=600):
    """Run a command; (status, stdout + stderr).

    The timeout is long: on the icount clock, time spent waiting for the
    host (9p reads of modules and binaries) passes at once in the VM.
    """
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout)
    if check and p.returncode:
        raise RuntimeError(f"{' '.join(cmd)}: status {p.returncode}: "
                           f"{p.stdout.strip()}")
    return p.returncode, p.stdout


def vresctl(*args, check=False):
    return run([VRESCTL] + [str(a) for a in args], check=check)


def kvm_unavailable():
    """None if /dev/kvm works here, else why not (nested virtualisation)."""
    if not os.path.exists("/dev/kvm"):
        why = []
        for mod in ("kvm_amd", "kvm_intel"):
            rc, out = run(["modprobe", mod])
            if rc == 0 and os.path.exists("/dev/kvm"):
                break
            why.append(f"modprobe {mod}: {out.strip() or f'status {rc}'}")
        else:
            return ("no /dev/kvm: this machine gives the test VM no "
                    "virtualisation (" + "; ".join(why) + ")")
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        return f"/dev/kvm cannot be opened: {e}"
    return None


def kernel_image():
    """The kernel the guests boot: the test VM's own."""
    root = os.environ.get("VMTEST_KROOT", "/")
    kver = os.environ.get("VMTEST_KVER") or os.uname().release
    path = os.path.join(root, "boot", f"vmlinuz-{kver}")
    if not os.path.exists(path):
        raise RuntimeError(f"no kernel image {path} for the guests")
    return path


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class Qemu:
    """A QEMU process with -accel kvm, a QMP socket and named threads."""

    def __init__(self, name, workdir, args, vcpus=1, smp=None):
        self.name = name
        self.vcpus = vcpus
        self.qmp = os.path.join(workdir, f"{name}.qmp")
        self.console = os.path.join(workdir, f"{name}.console")
        self.log = os.path.join(workdir, f"{name}.log")
        cmd = ["qemu-system-x86_64", "-nodefaults", "-no-reboot",
               "-display", "none", "-accel", "kvm", "-cpu", "host",
               "-smp", smp or str(vcpus), "-name", f"{name},debug-threads=on",
               "-qmp", f"unix:{self.qmp},server=on,wait=off",
               "-serial", f"file:{self.console}"] + args
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.pid = self.proc.pid
        self._wait_path(self.qmp, 60)

    def _wait_path(self, path, timeout):
        end = time.monotonic() + timeout
        while not os.path.exists(path):
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: QEMU exited with "
                                   f"{self.proc.returncode}: {self.log_text()}")
            if time.monotonic() > end:
                raise RuntimeError(f"{self.name}: no {path} after {timeout} s")
            time.sleep(0.05)

    def log_text(self):
        try:
            with open(self.log) as f:
                return f.read().strip()
        except OSError:
            return ""

    def console_text(self):
        try:
            with open(self.console, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def vcpu_tids(self):
        """Thread ids of 'CPU n/KVM', by n."""
        tids = {}
        for tid in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{tid}/comm") as f:
                    m = re.match(r"CPU (\d+)/KVM", f.read())
            except OSError:
                continue
            if m:
                tids[int(m.group(1))] = int(tid)
        return tids

    def wait_vcpus(self, timeout=30):
        end = time.monotonic() + timeout
        while len(self.vcpu_tids()) < self.vcpus:
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError(f"{self.name}: vCPU threads did not appear")
            time.sleep(0.05)
        return self.vcpu_tids()

    def threads(self):
        return len(os.listdir(f"/proc/{self.pid}/task"))

    def fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def qmp_command(self, command, args=None, timeout=10):
        """One QMP command on a fresh connection; (reply, seconds taken)."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.qmp)
        f = s.makefile("rw")
        json.loads(f.readline())                       # greeting
        f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
        f.flush()
        json.loads(f.readline())
        t0 = time.monotonic()
        msg = {"execute": command}
        if args:
            msg["arguments"] = args
        f.write(json.dumps(msg) + "\n")
        f.flush()
        while True:
            reply = json.loads(f.readline())
            if "return" in reply or "error" in reply:
                break
        took = time.monotonic() - t0
        s.close()
        return reply, took

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout=30):
        """Let the guest power off; kill it if it does not."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


class SpinGuest(Qemu):
    """spin.rom under KVM: one vCPU that never halts."""

    def __init__(self, name, workdir):
        super().__init__(name, workdir,
                         ["-machine", "pc", "-m", "16", "-bios", SPIN_ROM])
        self.wait_vcpus()


class RtGuest(Qemu):
    """Linux running rtguest on a task set (see mkguest.sh, rtguest.c)."""

    def __init__(self, name, workdir, taskset, vcpus=1, rtguest_args=(),
                 mem=128, extra=(), smp=None, rounds=1, append=None):
        initrd = os.path.join(workdir, f"{name}.cpio.gz")
        try:
            rc, out = run([MKGUEST, initrd, taskset, "--rounds", str(rounds),
                           "--"] + list(rtguest_args))
        except subprocess.TimeoutExpired as e:
            raise RuntimeError(f"mkguest.sh timed out: {e}")
        if rc:
            raise RuntimeError(f"mkguest.sh failed: {out}")
        self.data = os.path.join(workdir, f"{name}.data")
        super().__init__(name, workdir, [
            "-machine", "q35", "-m", str(mem),
            "-kernel", kernel_image(), "-initrd", initrd,
            "-append", append or GUEST_APPEND,
            "-chardev", f"socket,id=data,path={self.data},server=on,wait=off",
            "-serial", "chardev:data"] + list(extra), vcpus=vcpus, smp=smp)
        # Connect at once: what the guest writes before that is lost.
        self._wait_path(self.data, 60)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.data)
        self.buf = b""
        self.lines = []
        self.ready = None

    def readline(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no line from the guest in "
                                   f"{timeout} s; console:\n"
                                   f"{self.console_text()[-2000:]}")
            self.sock.settimeout(min(left, 1.0))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name}: QEMU exited; console:\n"
                                       f"{self.console_text()[-2000:]}")
                continue
            if not chunk:
                raise RuntimeError(f"{self.name}: the guest closed its port; "
                                   f"console:\n{self.console_text()[-2000:]}")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode(errors="replace").rstrip("\r")
        self.lines.append(line)
        return line

    def wait_ready(self, timeout=300):
        """Wait for 'rtguest ready ...'; returns its key=value fields."""
        end = time.monotonic() + timeout
        while True:
            line = self.readline(max(1, end - time.monotonic()))
            if line.startswith("rtguest error"):
                raise RuntimeError(f"{self.name}: {line}")
            if line.startswith("rtguest ready"):
                self.ready = dict(kv.split("=", 1)
                                  for kv in line.split()[2:] if "=" in kv)
                self.wait_vcpus()
                return self.ready

    def supply(self, duration_ns, gap_ns, timeout):
        """rtguest's "supply" measurement: one dict per vCPU."""
        self.sock.sendall(f"supply {duration_ns} {gap_ns}\n".encode())
        out = []
        end = time.monotonic() + timeout
        while len(out) < self.vcpus:
            line = self.readline(max(1, end - time.monotonic()))
            if line.startswith("rtguest error"):
                raise RuntimeError(f"{self.name}: {line}")
            if line.startswith("supply "):
                out.append(json.loads(line[7:]))
        return out

    def go(self, duration_ns=None):
        msg = "go" if duration_ns is None else f"go {duration_ns}"
        self.sock.sendall((msg + "\n").encode())

    def results(self, timeout):
        """The run's report: {'tasks': [...], 'summary': {...}, 'status': S}."""
        res = {"tasks": []}
        end = time.monotonic() + timeout
        while True:
            line = self.readline(max(1, end - time.monotonic()))
            if line.startswith("task "):
                res["tasks"].append(json.loads(line[5:]))
            elif line.startswith("summary "):
                res["summary"] = json.loads(line[8:])
            elif line.startswith("rtguest error"):
                raise RuntimeError(f"{self.name}: {line}")
            elif line.startswith("rtguest done"):
                res["status"] = int(line.split("status=")[1])
                return res


class Hogs:
    """CPU hogs at SCHED_OTHER pinned to a CPU."""

    def __init__(self, n, cpu):
        self.procs = [subprocess.Popen(
            ["taskset", "-c", str(cpu), "sh", "-c", "while :; do :; done"],
            start_new_session=True) for _ in range(n)]

    def stop(self):
        for p in self.procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


class Trace:
    """A tracefs instance of its own, on CLOCK_MONOTONIC."""

    def __init__(self, name, events, buffer_kb=8192):
        self.dir = os.path.join(TRACEFS, "instances", name)
        if os.path.isdir(self.dir):
            os.rmdir(self.dir)
        os.mkdir(self.dir)
        self._w("tracing_on", "0")
        self._w("trace_clock", "mono")
        self._w("buffer_size_kb", str(buffer_kb))
        for ev, filt in events:
            if filt:
                self._w(f"events/{ev}/filter", filt)
            self._w(f"events/{ev}/enable", "1")

    def _w(self, f, v):
        with open(os.path.join(self.dir, f), "w") as fh:
            fh.write(v)

    def start(self):
        self._w("trace", "")
        self._w("tracing_on", "1")

    def stop(self):
        self._w("tracing_on", "0")

    def lines(self):
        with open(os.path.join(self.dir, "trace"), errors="replace") as f:
            return [l for l in f if not l.startswith("#")]

    def remove(self):
        self.stop()
        for ev in os.listdir(os.path.join(self.dir, "events")):
            p = os.path.join(self.dir, "events", ev, "enable")
            if os.path.exists(p):
                self._w(f"events/{ev}/enable", "0")
        os.rmdir(self.dir)


TRACE_LINE = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]"
                        r"\s+\S+\s+(?P<ts>\d+\.\d+): (?P<event>\w+): "
                        r"(?P<rest>.*)$")


def parse_trace(lines):
    """[(ts_ns, event, {field: value})] from 'trace' text."""
    out = []
    for line in lines:
        m = TRACE_LINE.match(line)
        if not m:
            continue
        sec, usec = m.group("ts").split(".")
        ts = int(sec) * 1000000000 + int(usec.ljust(6, "0")[:6]) * 1000
        fields = dict(kv.split("=", 1) for kv in m.group("rest").split()
                      if "=" in kv)
        out.append((ts, m.group("event"), fields))
    return out


def throttle_latencies(events, server, tid, budget_ns):
    """Per throttle of @tid: (exhausted -> off the CPU, boundary -> back on).

    The budget runs out at the throttle event's time minus what it charged
    past the budget (used - budget: the enforcement timer's lateness); the
    thread leaves at the next sched_switch away from it. It comes back at
    the first sched_switch to it after the unthrottle at the boundary.
    A period in which the thread exited to QEMU (a kvm_userspace_exit
    event, if traced) goes to the third list instead of the second: the
    thread may then be waiting for QEMU's big lock at the boundary, not for
    vres. A boundary that comes while the thread is still on the CPU, on
    its way to the throttle (the budget ran out just before it), wakes
    nothing: the thread never left, and the next switch to it may be a
    whole preemption later. Those are counted in the fourth value, not
    measured. Boundaries before the trace saw the thread switch are
    neither. A return that comes from a thread of higher priority (lower
    prio in the trace) waited for it, as fixed priorities say it must: a
    boundary that finds a higher-priority server running its budget. It
    goes to the fifth list, to be judged against that budget, not as a
    wake-up latency.
    Trace timestamps have microsecond resolution.
    """
    off, back, back_qemu, behind = [], [], [], []
    overtaken = 0
    pending_throttle = pending_unthrottle = None
    exited = False
    on_cpu = None       # unknown until the first switch of @tid
    for ts, ev, f in events:
        if ev == "kvm_userspace_exit":
            exited = True
        elif ev == "vres_throttle" and f.get("server") == server:
            late = max(0, int(f.get("used", budget_ns)) - budget_ns)
            pending_throttle = ts - late
        elif ev == "vres_unthrottle" and f.get("server") == server:
            if on_cpu is False:
                pending_unthrottle = (ts, exited)
            elif on_cpu:
                overtaken += 1
            exited = False
        elif ev == "sched_switch":
            if int(f.get("prev_pid", -1)) == tid:
                on_cpu = False
                if pending_throttle is not None:
                    off.append(ts - pending_throttle)
                    pending_throttle = None
            if int(f.get("next_pid", -1)) == tid:
                on_cpu = True
                if pending_unthrottle is not None:
                    t, via_qemu = pending_unthrottle
                    higher = int(f.get("prev_prio", 1000)) < \
                        int(f.get("next_prio", 0))
                    (back_qemu if via_qemu else
                     behind if higher else back).append(ts - t)
                    pending_unthrottle = None
    return off, back, back_qemu, overtaken, behind


def supply_per_period(segments, budget_ns, period_ns):
    """Useful supply the guest saw in each whole server period.

    @segments are rtguest's [start, end, useful] of one vCPU. A period's
    supply ends with the throttle: a gap of at least (T - C) / 2 (shorter
    gaps are preemptions by higher-priority servers within the period).
    The first and last groups are partial and left out.
    """
    groups, cur, last_end = [], [], None
    for start, end, useful in segments:
        if last_end is not None and start - last_end >= \
                (period_ns - budget_ns) // 2:
            groups.append(cur)
            cur = []
        cur.append((start, end, useful))
        last_end = end
    groups.append(cur)
    return [sum(u for _, _, u in g) for g in groups[1:-1]]


def distribution(values):
    """min, median, p99, max of a list (None if empty)."""
    if not values:
        return None
    v = sorted(values)
    return {"n": len(v), "min": v[0], "median": v[len(v) // 2],
            "p99": v[min(len(v) - 1, (len(v) * 99) // 100)], "max": v[-1]}


def fmt_dist(d, unit=1000, suffix="us"):
    if not d:
        return "none"
    return (f"n {d['n']}, min {d['min'] / unit:.1f}, median "
            f"{d['median'] / unit:.1f}, p99 {d['p99'] / unit:.1f}, max "
            f"{d['max'] / unit:.1f} {suffix}")


def server_file(name, f):
    with open(os.path.join(VRES, "servers", name, f)) as fh:
        return fh.read().strip()


def served_cpu():
    """The CPU the tests serve on: 1 when the test VM has two, else 0."""
    return 1 if os.cpu_count() > 1 else 0


def wait_state(server, state, timeout=10):
    """True once servers/@server/state reads @state, within @timeout s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if server_file(server, "state") == state:
                return True
        except OSError:
            return False
        time.sleep(0.001)
    return False


def server_stats(name):
    out = {}
    for line in server_file(name, "stats").split("\n"):
        k, v = line.split()
        out[k] = int(v)
    return out


def destroy_servers(*names):
    for n in names:
        if os.path.isdir(os.path.join(VRES, "servers", n)):
            vresctl("destroy", n)


def workdir():
    return tempfile.mkdtemp(prefix="vres-kvm-", dir="/tmp")


THP = "/sys/kernel/mm/transparent_hugepage/enabled"


def thp_off():
    """Turn transparent huge pages off, as a real-time KVM host does
    (Documentation/kvm.rst, "Rules"); returns the setting to restore.

    khugepaged (nice 19) collapses a guest's memory into huge pages with
    the mmap lock of QEMU's process held for writing; preempted by the
    hogs, it held it for 2.3 s while the served vCPU thread, faulting on
    a page the collapse had unmapped, waited for it (7.3: 5 of 14 runs of
    kvm_test missed deadlines). None where THP is not built in."""
    try:
        with open(THP) as f:
            prev = re.search(r"\[(\w+)\]", f.read()).group(1)
        with open(THP, "w") as f:
            f.write("never")
    except (OSError, AttributeError):
        return None
    return prev


def thp_restore(prev):
    if prev:
        with open(THP, "w") as f:
            f.write(prev)


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)
