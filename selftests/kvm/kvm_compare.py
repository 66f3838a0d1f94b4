#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kvm_compare.py: one real KVM guest under vres, cpu.max and SCHED_DEADLINE.

The comparison of "make demo" (and of the KVM test's measurements): the
real-time guest of kvm_test.py (Linux running rtguest on the thesis's
example x10, selftests/vres/thesis10.json) boots once and runs its task set
once under each of:

  vres-plan      vres with the plan "vresctl plan --period 100ms --overhead
                 X" gives (kvm_test.py: KVM_OVERHEAD_NS), attached with
                 "vresctl attach --qmp --plan" (the guest guard holds the
                 task set);
  vres-rejected  vres with a budget the analysis rejects: the plan's budget
                 less 15%, attached without the guard (which refuses it:
                 shown first);
  cpu.max        cgroup v2 cpu.max with the plan's budget and period on a
                 threaded cgroup holding only the vCPU thread (what
                 libvirt's <vcpu_quota>/<vcpu_period> write), SCHED_OTHER;
  deadline       SCHED_DEADLINE on the vCPU thread, runtime = the plan's
                 budget, deadline = period.

Every run has the same competition: 3 CPU hogs (SCHED_OTHER) and a second
KVM guest (spin.rom, never halts) served by vres 10 ms every 50 ms, all on
the served CPU; the guest's tasks are released at a throttle gap of its
vCPU (--sync-gap), so the phasing is the same. Prints one table (misses
and worst response per task, against the analysed bound) and writes the
runs to --json FILE.

Needs nested KVM and the icount clock (selftests/vmtest.sh -s 1
--icount=2), like kvm_test.py; on other clocks it says so and exits 4.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvmlib  # noqa: E402
from kvmlib import vresctl  # noqa: E402
from kvm_test import (TASKSET, NR_HOGS, PERIOD, RIVAL_BUDGET,  # noqa: E402
                      RIVAL_PERIOD, KVM_OVERHEAD_NS, MS, clock_shift)

CG = "/sys/fs/cgroup"
CG_QEMU = os.path.join(CG, "vres-kvm-compare")
CG_VCPU = os.path.join(CG_QEMU, "vcpu0")
REJECT_FACTOR = 0.85
CONFIGS = ("vres-plan", "vres-rejected", "cpu.max", "deadline")


def write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


class Compare:
    def __init__(self, args):
        self.args = args
        self.dir = kvmlib.workdir()
        self.scale = 1 << (clock_shift() or 0)
        self.cpu = kvmlib.served_cpu()
        self.guests = []
        self.hogs = None
        self.runs = {}

    def say(self, text):
        print(text, flush=True)

    def plan(self):
        self.overhead = KVM_OVERHEAD_NS * self.scale
        self.plan_file = os.path.join(self.dir, "plan.json")
        rc, out = vresctl("plan", TASKSET, "--period", PERIOD, "--overhead",
                          f"{self.overhead}ns", "--json", check=True)
        with open(self.plan_file, "w") as f:
            f.write(out)
        plan = json.loads(out)
        self.budget, self.period = plan["min_budget_ns"], plan["period_ns"]
        self.bounds = self.check(self.budget)
        self.rejected = int(self.budget * REJECT_FACTOR) // 1000 * 1000
        self.rejected_bounds = self.check(self.rejected)

    def check(self, budget):
        rc, out = vresctl("check", TASKSET, "--budget", f"{budget}ns",
                          "--period", f"{self.period}ns", "--overhead",
                          f"{self.overhead}ns", "--json")
        chk = json.loads(out)
        return {t["name"]: t.get("response_time_ns") for t in chk["tasks"]}

    def start(self):
        self.guest = kvmlib.RtGuest(
            "guest", self.dir, TASKSET, rounds=len(CONFIGS),
            rtguest_args=["--background", "--sync-gap", "20ms",
                          "--sync-timeout", "10s", "--jobs",
                          str(self.args.jobs)])
        self.guests.append(self.guest)
        self.hogs = kvmlib.Hogs(NR_HOGS, self.cpu)
        self.rival = kvmlib.SpinGuest("rival", self.dir)
        self.guests.append(self.rival)
        vresctl("attach", "--qmp", self.rival.qmp, "--name-prefix", "rival",
                "--budget", RIVAL_BUDGET, "--period", RIVAL_PERIOD,
                "--cpus", self.cpu, check=True)

    # Each setup returns a line saying what was done; undo() reverses it.
    def setup_vres_plan(self, tid):
        rc, out = vresctl("attach", "--qmp", self.guest.qmp, "--name-prefix",
                          "guest", "--plan", self.plan_file, "--cpus",
                          self.cpu, check=True)
        return out.strip().split("\n")[-1]

    def setup_vres_rejected(self, tid):
        # The server with the plan's guard, then the rejected budget.
        vresctl("apply", "--name", "guest.0", "--cpu", self.cpu, "--plan",
                self.plan_file, check=True)
        rc, out = vresctl("apply", "--name", "guest.0", "--budget",
                          f"{self.rejected}ns", "--period",
                          f"{self.period}ns")
        refused = f"with the plan's guest guard: exit {rc}: {out.strip()}"
        vresctl("destroy", "guest.0")
        rc, out = vresctl("attach", "--qmp", self.guest.qmp, "--name-prefix",
                          "guest", "--budget", f"{self.rejected}ns",
                          "--period", f"{self.period}ns", "--cpus", self.cpu,
                          check=True)
        return refused + "\nwithout it: " + out.strip().split("\n")[-1]

    def setup_cpu_max(self, tid):
        os.makedirs(CG_QEMU, exist_ok=True)
        write(os.path.join(CG, "cgroup.subtree_control"), "+cpu")
        write(os.path.join(CG_QEMU, "cgroup.procs"), self.guest.pid)
        write(os.path.join(CG_QEMU, "cgroup.subtree_control"), "+cpu")
        os.makedirs(CG_VCPU, exist_ok=True)
        write(os.path.join(CG_VCPU, "cgroup.type"), "threaded")
        write(os.path.join(CG_VCPU, "cgroup.threads"), tid)
        write(os.path.join(CG_VCPU, "cpu.max"),
              f"{self.budget // 1000} {self.period // 1000}")
        subprocess.run(["taskset", "-pc", str(self.cpu), str(tid)],
                       stdout=subprocess.DEVNULL, check=True)
        with open(os.path.join(CG_VCPU, "cpu.max")) as f:
            return f"vCPU thread {tid} alone in {CG_VCPU}, cpu.max " \
                   f"'{f.read().strip()}', SCHED_OTHER"

    def setup_deadline(self, tid):
        subprocess.run(["taskset", "-pc", str(self.cpu), str(tid)],
                       stdout=subprocess.DEVNULL, check=True)
        p = subprocess.run(["chrt", "-d", "--sched-runtime", str(self.budget),
                            "--sched-deadline", str(self.period),
                            "--sched-period", str(self.period), "-p", "0",
                            str(tid)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            raise RuntimeError(f"chrt -d on {tid}: {p.stdout.strip()}")
        return f"vCPU thread {tid} SCHED_DEADLINE runtime " \
               f"{self.budget / MS:g} ms, deadline = period = " \
               f"{self.period / MS:g} ms"

    def undo(self, config, tid):
        if config.startswith("vres"):
            vresctl("destroy", "guest.0")
        elif config == "cpu.max":
            write(os.path.join(CG_QEMU, "cgroup.procs"), self.guest.pid)
            write(os.path.join(CG, "cgroup.procs"), self.guest.pid)
            os.rmdir(CG_VCPU)
            os.rmdir(CG_QEMU)
        elif config == "deadline":
            subprocess.run(["chrt", "-o", "-p", "0", str(tid)], check=True)

    def run(self, config):
        self.guest.wait_ready()
        tid = self.guest.vcpu_tids()[0]
        what = getattr(self, "setup_" + config.replace("-", "_")
                       .replace(".", "_"))(tid)
        self.say(f"\n== {config}: {what}")
        try:
            self.guest.go()
            res = self.guest.results(timeout=120 + 20 * self.args.jobs)
        finally:
            self.undo(config, tid)
        bounds = self.rejected_bounds if config == "vres-rejected" \
            else self.bounds
        rows = [{"name": t["name"], "jobs": t["jobs"], "misses": t["misses"],
                 "worst_response_ns": t["worst_response_ns"],
                 "bound_ns": bounds.get(t["name"])} for t in res["tasks"]]
        for r in rows:
            b = r["bound_ns"]
            self.say(f"   {r['name']:6} jobs {r['jobs']:4}  misses "
                     f"{r['misses']:4}  worst {r['worst_response_ns'] / MS:9.3f}"
                     f" ms  bound " + (f"{b / MS:.3f} ms" if b else "none"))
        self.runs[config] = {"setup": what, "tasks": rows,
                             "summary": res.get("summary")}

    def table(self):
        self.say(f"\nThe same guest and competition under each mechanism "
                 f"(kernel {os.uname().release}, clock "
                 f"{os.environ.get('VMTEST_CLOCK', '?')}, {self.args.jobs} "
                 f"periods of tau3; budget {self.budget / MS:g} ms, rejected "
                 f"{self.rejected / MS:g} ms, period {self.period / MS:g} ms,"
                 f" overhead X {self.overhead / 1000:g} us):\n")
        names = [t["name"] for t in next(iter(self.runs.values()))["tasks"]]
        head = f"{'':14}" + "".join(f"{n + ' misses/worst ms':>26}"
                                     for n in names)
        self.say(head)
        for config, r in self.runs.items():
            cells = "".join(f"{t['misses']:>10}/{t['jobs']:<4} "
                            f"{t['worst_response_ns'] / MS:>10.1f}"
                            for t in r["tasks"])
            self.say(f"{config:14}{cells}")
        self.say(f"{'bound (plan)':14}" + "".join(
            f"{'':>16}{self.bounds[n] / MS:>10.1f}" for n in names))

    def main(self):
        if clock_shift() is None:
            print("kvm_compare: needs the icount clock (selftests/vmtest.sh "
                  "-s 1 --icount=2)")
            return 4
        why = kvmlib.kvm_unavailable()
        if why:
            print(f"kvm_compare: no real KVM guest here: {why}")
            return 4
        thp = kvmlib.thp_off()
        try:
            self.plan()
            self.say(f"plan: budget {self.budget / MS:g} ms every "
                     f"{self.period / MS:g} ms with overhead X "
                     f"{self.overhead / 1000:g} us; bounds " +
                     ", ".join(f"{k} {v / MS:.3f} ms"
                               for k, v in self.bounds.items()))
            self.start()
            for config in CONFIGS:
                self.run(config)
            self.table()
        finally:
            for g in self.guests:
                g.kill()
            if self.hogs:
                self.hogs.stop()
            kvmlib.destroy_servers("guest.0", "rival.0")
            kvmlib.thp_restore(thp)
            kvmlib.cleanup(self.dir)
        if self.args.json:
            with open(self.args.json, "w") as f:
                json.dump({"kernel": os.uname().release,
                           "clock": os.environ.get("VMTEST_CLOCK", ""),
                           "budget_ns": self.budget,
                           "rejected_budget_ns": self.rejected,
                           "period_ns": self.period,
                           "overhead_ns": self.overhead,
                           "runs": self.runs}, f, indent=1)
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--json")
    return Compare(ap.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
