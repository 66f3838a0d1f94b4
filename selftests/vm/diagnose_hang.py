#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# diagnose_hang.py: where is each virtual CPU of a hung test VM?
#
#   selftests/vm/diagnose_hang.py MONITOR RUNDIR
#
# Run by selftests/vmtest.sh's watchdog before it kills a VM that did not
# finish in time; prints a report (vmtest.sh saves it as RUNDIR/hang.txt)
# and writes the full register dumps to RUNDIR/hang-regs.txt.
#
# From QEMU's monitor (MONITOR, a unix socket), five samples of every
# vCPU's registers show whether it still moves. For each vCPU in the
# kernel: its RIP, whether interrupts are on (RFLAGS.IF), and the kernel
# text addresses found on its stack, newest first (a stack scan, not an
# unwind: stale words show up too). Symbols come from the guest's
# /proc/kallsyms as guest.sh saved it at boot (Debian's System.map is a
# stub; the VM boots nokaslr). vres may sit elsewhere after a reload: the
# tests log "vmtest: vres .text ADDR" at each load, and the last such line
# of the console relocates its symbols.
#
# One hang has a cause outside the guest, and the report names it: a vCPU
# that keeps taking an INT3 at an address where memory holds no INT3 runs a
# stale translation of code the kernel has live-patched (text_poke_bp()
# puts a temporary INT3 on the instruction it rewrites). QEMU 7.2's
# multi-threaded TCG can keep such a translation (seemingly when a vCPU
# translates the block while another vCPU writes the last byte of the
# patch); 6.1's INT3 handler then finds no INT3 in memory, backs up and
# retries (kprobe_int3_handler()), for ever, with interrupts off if the
# site is in __schedule(). (6.12 oopses instead: "Oops: int3".) If gdb is installed, the report then confirms it: through
# QEMU's gdbstub, a breakpoint and a single step make QEMU drop its
# translations and change nothing in the guest; if the guest's console
# moves again within seconds, the hang was the emulator's. The run fails
# anyway.
import bisect
import os
import re
import shutil
import socket
import subprocess
import sys
import time

INT3 = 0xCC


class Monitor:
    """QEMU's human monitor on a unix socket, one command at a time."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(5)
        self.s.connect(path)
        self.read()  # banner and first prompt

    def read(self):
        data, end = b"", time.time() + 10
        while time.time() < end and not data.endswith(b"(qemu) "):
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
        return data.decode(errors="replace").replace("\r", "")

    def cmd(self, c):
        self.s.sendall((c + "\n").encode())
        out = self.read()
        # Drop the echoed command line and the trailing prompt.
        out = out.split("\n", 1)[1] if "\n" in out else out
        return out.rsplit("(qemu) ", 1)[0]

    def byte(self, addr):
        m = re.search(r":\s+0x([0-9a-f]{2})", self.cmd(f"x /1bx {addr:#x}"))
        return int(m.group(1), 16) if m else None


def load(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


class Symbols:
    def __init__(self, run):
        self.syms, self.note = [], None
        for line in load(run + "/kallsyms").splitlines():
            f = line.split()
            if len(f) >= 3 and f[1] in "tTwW":
                name = f[2] + (" " + f[3] if len(f) > 3 else "")
                self.syms.append([int(f[0], 16), name])
        boot = load(run + "/vres.text").strip()
        last = re.findall(r"vmtest: vres \.text (0x[0-9a-f]+)",
                          load(run + "/console.log"))
        if boot and last:
            delta = int(last[-1], 16) - int(boot, 16)
            for s in self.syms:
                if s[1].endswith("[vres]"):
                    s[0] += delta
            self.note = (f"vres .text at {last[-1]} (last load), symbols "
                         f"relocated from {boot}")
        self.syms.sort()
        self.keys = [a for a, _ in self.syms]

    def name(self, addr):
        i = bisect.bisect_right(self.keys, addr) - 1
        if i >= 0 and addr - self.syms[i][0] < 0x10000:
            return f"{self.syms[i][1]}+{addr - self.syms[i][0]:#x}"
        return None


def registers(out):
    cpus = {}
    for block in re.split(r"(?=CPU#\d+)", out):
        m = re.match(r"CPU#(\d+)", block)
        if not m:
            continue
        r = dict(re.findall(r"\b([A-Z]{2,3})=([0-9a-f]{8,16})\b", block))
        cpl = re.search(r"CPL=(\d)", block)
        r["CPL"] = cpl.group(1) if cpl else "?"
        cpus[int(m.group(1))] = r
    return cpus


def stale_int3(mon, syms, rips):
    """Addresses a vCPU alternates on with asm_exc_int3 whose byte is no INT3."""
    names = {a: syms.name(a) or "?" for a in rips}
    if not any(n.startswith("asm_exc_int3+") for n in names.values()):
        return []
    return [(a, b) for a, n in names.items()
            if not n.startswith("asm_exc_int3+")
            and (b := mon.byte(a)) is not None and b != INT3]


def confirm_by_flush(mon, run):
    """Flush QEMU's translations via its gdbstub; did the guest move?"""
    gdb = shutil.which("gdb")
    if not gdb:
        return "not confirmed: no gdb to make QEMU flush its translations"
    port = 20000 + os.getpid() % 20000
    mon.cmd(f"gdbserver tcp:127.0.0.1:{port}")
    console = run + "/console.log"
    before = os.path.getsize(console) if os.path.exists(console) else 0
    # Inserting a breakpoint and single-stepping make QEMU drop its
    # translations (7.2 flushes them on breakpoint changes; a single step
    # translates afresh); the guest only executes one more instruction,
    # and detaching lets it run on.
    subprocess.run([gdb, "-q", "-batch", "-nx",
                    "-ex", "set architecture i386:x86-64",
                    "-ex", f"target remote 127.0.0.1:{port}",
                    "-ex", "set breakpoint always-inserted on",
                    "-ex", "break *0", "-ex", "delete", "-ex", "stepi",
                    "-ex", "detach"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60, check=False)
    for _ in range(20):
        time.sleep(1)
        if os.path.exists(console) and os.path.getsize(console) > before:
            return ("confirmed: the guest ran on (its console moved) as soon "
                    "as QEMU had flushed its translations")
    return "not confirmed: the console stayed still after QEMU's flush"


def main():
    mon_path, run = sys.argv[1], sys.argv[2]
    syms = Symbols(run)
    try:
        mon = Monitor(mon_path)
    except OSError as e:
        print(f"cannot reach the QEMU monitor: {e}")
        return
    samples = []
    with open(run + "/hang-regs.txt", "w") as full:
        for n in range(5):
            out = mon.cmd("info registers -a")
            full.write(f"=== sample {n}\n{out}\n")
            samples.append(registers(out))
            time.sleep(0.4)

    if syms.note:
        print(syms.note)
    stale = {}
    for cpu in sorted(samples[0]):
        r = samples[0][cpu]
        rips = [int(s[cpu]["RIP"], 16) for s in samples
                if "RIP" in s.get(cpu, {})]
        irq = "on" if int(r.get("RFL", "0"), 16) & 0x200 else "OFF"
        rip = int(r.get("RIP", "0"), 16)
        print(f"CPU{cpu}: RIP {rip:016x} {syms.name(rip) or '?'} "
              f"CPL {r['CPL']} IRQs {irq} RSP {r.get('RSP')}")
        print("  RIP in 5 samples: " +
              ", ".join(syms.name(a) or f"{a:x}" for a in rips))
        if r["CPL"] == "0":
            found = stale_int3(mon, syms, set(rips))
            if found:
                stale[cpu] = found
            mon.cmd(f"cpu {cpu}")
            out = mon.cmd(f"x /512gx 0x{r['RSP']}")
            seen = 0
            for addr, words in re.findall(r"^([0-9a-f]+):((?: 0x[0-9a-f]+)+)",
                                          out, re.M):
                for i, w in enumerate(words.split()):
                    s = syms.name(int(w, 16))
                    if s:
                        print(f"    {int(addr, 16) + 8 * i:016x}: {s}")
                        seen += 1
                if seen >= 40:
                    break

    if stale:
        print("VERDICT: emulator, not guest: these vCPUs keep taking an INT3 "
              "where memory holds none (a stale QEMU translation of "
              "live-patched code; see selftests/vm/diagnose_hang.py):")
        for cpu, found in sorted(stale.items()):
            for addr, byte in found:
                print(f"  CPU{cpu}: {addr:016x} {syms.name(addr)}: memory "
                      f"has {byte:#04x}, the vCPU executes 0xcc")
        print(confirm_by_flush(mon, run))


if __name__ == "__main__":
    main()
