#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""metrics.py: what the benchmark report computes, from what "make bench"
left in OUTDIR (python3 stdlib only): the traces read, each enforcement
run's supply, periods and overruns (EnforceRun), one kernel's results on
one clock (Kernel), the sbf program's curve, the timer callbacks' cost
and the fit of the scaling exponent. report.py presents them;
Documentation/benchmarks.rst explains every number.
"""
import bisect
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MS = 1e6
US = 1e3
MECHS = ["vres", "vres-soft", "dl", "cpumax", "dl-hrtick"]
LINE_RE = re.compile(r"^\s*(.*?)-(\d+)\s+\[(\d+)\]\s+(?:\S+\s+)?"
                     r"(\d+)\.(\d+):\s+(\w+):\s+(.*)$")


def read_trace(path):
    """(ts_ns, cpu, event, fields) for each event line of a tracefs dump."""
    events = []
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = LINE_RE.match(line)
            if not m:
                continue
            frac = m.group(5)
            ts = int(m.group(4)) * 10**9 + int(frac.ljust(9, "0")[:9])
            events.append((ts, int(m.group(3)), m.group(6), m.group(7)))
    return events


def field(fields, name):
    m = re.search(r"(?:^|\s)" + name + r"=(\S+)", fields)
    return m.group(1) if m else None


class Supply:
    """The run intervals of one thread and its cumulative supply S(t)."""

    def __init__(self, intervals, lo, hi):
        self.iv = intervals
        self.lo, self.hi = lo, hi          # where the intervals are known
        self.starts = [s for s, _ in intervals]
        self.ends = [e for _, e in intervals]
        self.cum = [0]
        for s, e in intervals:
            self.cum.append(self.cum[-1] + e - s)

    def S(self, x):
        i = bisect.bisect_right(self.starts, x) - 1
        if i < 0:
            return 0
        s, e = self.iv[i]
        return self.cum[i] + min(x, e) - s

    def between(self, a, b):
        return self.S(b) - self.S(a)

    def extreme(self, t, lo, hi, want_max):
        """Max (or min) of S(s+t) - S(s) over lo <= s, s + t <= hi.

        g(s) = S(s+t) - S(s) is piecewise linear; its extrema lie where s
        or s + t is at an interval's start or end, or at lo or hi - t.
        """
        if hi - lo < t:
            return None
        cands = {lo, hi - t}
        for s, e in self.iv:
            for c in (s, e, s - t, e - t):
                if lo <= c <= hi - t:
                    cands.add(c)
        vals = (self.S(c + t) - self.S(c) for c in cands)
        return max(vals) if want_max else min(vals)

    def min_curve(self, ts, lo, hi):
        """Minimum supply in any window of length t, for each t of @ts."""
        cand_s = sorted({lo} | {e for _, e in self.iv if lo <= e <= hi})
        cand_e = sorted({hi} | {s for s, _ in self.iv if lo <= s <= hi})
        out = []
        for t in ts:
            best = None
            # Windows starting where the thread stops, or ending where it
            # starts again: one of them is a minimum.
            for c in cand_s:
                if c + t > hi:
                    break
                v = self.S(c + t) - self.S(c)
                best = v if best is None or v < best else best
            for c in cand_e:
                if c - t < lo:
                    continue
                v = self.S(c) - self.S(c - t)
                best = v if best is None or v < best else best
            out.append(best)
        return out


def run_intervals(events, pid, stop_ns):
    """Run intervals of @pid from sched_switch events, up to @stop_ns."""
    iv, start, first = [], None, None
    for ts, _cpu, ev, f in events:
        if ev != "sched_switch" or ts > stop_ns:
            continue
        nxt, prv = field(f, "next_pid"), field(f, "prev_pid")
        if prv == str(pid):
            if first is None:
                first = ts       # it was running before: start unknown
            elif start is not None:
                iv.append((start, ts))
            start = None
        if nxt == str(pid):
            if first is None:
                first = ts
            start = ts
    if start is not None:
        iv.append((start, stop_ns))
    return iv, first


def demoted_spans(events, pid, stop_ns):
    """Where a soft-mode server's thread ran below its priority.

    At exhaustion (vres_throttle) the module's worker preempts the thread
    and demotes it: a span starts at the thread's first switch-out after
    the event. At the boundary (vres_unthrottle) the worker preempts
    whatever runs and restores the priority: the span ends at the thread's
    first switch-in after that event.
    """
    spans, start = [], None
    want_out = want_in = False
    for ts, _cpu, ev, f in events:
        if ts > stop_ns:
            break
        if ev == "vres_throttle":
            want_out, want_in = True, False
        elif ev == "vres_unthrottle":
            if start is not None or want_out:
                want_in = True
            want_out = False
        elif ev == "sched_switch":
            if want_out and field(f, "prev_pid") == str(pid):
                start, want_out = ts, False
            if want_in and field(f, "next_pid") == str(pid):
                if start is not None:
                    spans.append((start, ts))
                start, want_in = None, False
    if start is not None:
        spans.append((start, stop_ns))
    return spans


def subtract(intervals, spans):
    """@intervals minus @spans, both sorted and disjoint."""
    out, j = [], 0
    for s, e in intervals:
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        k, cur = j, s
        while k < len(spans) and spans[k][0] < e:
            a, b = spans[k]
            if a > cur:
                out.append((cur, a))
            cur = max(cur, b)
            k += 1
        if cur < e:
            out.append((cur, e))
    return out


def pct(vals, p):
    """Nearest-rank percentile."""
    v = sorted(vals)
    if not v:
        return float("nan")
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


class EnforceRun:
    def __init__(self, prefix):
        with open(prefix + ".json") as f:
            self.meta = json.load(f)
        self.mech = self.meta["mech"]
        self.C = self.meta["budget_ns"]
        self.T = self.meta["period_ns"]
        self.load = self.meta["load"]
        ev = read_trace(prefix + ".trace")
        stop = self.meta["trace_stop_ns"]
        pid = self.meta["served_pid"]
        iv, first = run_intervals(ev, pid, stop)
        self.lo = first if first is not None else stop
        self.hi = stop
        # In soft mode what the server gives is the time at its priority:
        # the runs while demoted are background, like any SCHED_OTHER
        # task's, and are counted apart.
        self.all_sup = Supply(iv, self.lo, self.hi)
        if self.mech == "vres-soft":
            iv = subtract(iv, demoted_spans(ev, pid, stop))
        self.sup = Supply(iv, self.lo, self.hi)
        # vres's periods start at the boundaries the replenish events
        # name, not at the events: a late timer callback closes the period
        # at its boundary and charges what ran since to the new one.
        self.replenish = [int(field(f, "boundary")) for ts, _c, e, f in ev
                          if e == "vres_replenish" and ts <= stop
                          and field(f, "server") == "bench"]
        # Resumptions after a throttle: back on the CPU after being off it
        # for at least (T - C) / 2.
        gap = (self.T - self.C) / 2
        self.resumes = [s for (s, _), (_, pe) in zip(iv[1:], iv[:-1])
                        if s - pe >= gap]
        self.windows = self._windows()
        self.supply = [self.sup.between(a, b) for a, b in self.windows]
        self.background = [self.all_sup.between(a, b) - v for (a, b), v
                           in zip(self.windows, self.supply)]
        self.overrun = [max(0, s - self.C) for s in self.supply]
        # Stalls of the process's own loop while the trace has it on the
        # CPU: interrupts, or the host not running the virtual CPU.
        self.stalls = []
        try:
            with open(prefix + ".stalls") as f:
                for line in f:
                    a, b = (int(v) for v in line.split())
                    # Overlap of the stall with the run intervals; a
                    # step across a switch-out overlaps by microseconds.
                    got = sum(max(0, min(b, e) - max(a, s))
                              for s, e in iv if s < b and e > a)
                    if got >= 250000:
                        self.stalls.append((a, b, got))
        except OSError:
            pass
        st = Supply([(a, b) for a, b, _ in self.stalls], 0, 0)
        self.stolen = [self._on_cpu_stalls(a, b, st)
                       for a, b in self.windows]
        self.overrun_net = [max(0, s - x - self.C)
                            for s, x in zip(self.supply, self.stolen)]

    def _on_cpu_stalls(self, a, b, st):
        """Stalled time inside window [a, b) while on the CPU (stalls are
        nearly always wholly inside a run interval)."""
        return min(st.between(a, b), self.sup.between(a, b))

    def longest_stall(self):
        lo, hi = self.lo, self.hi
        return max((g for a, b, g in self.stalls if lo <= a and b <= hi),
                   default=0)

    def _windows(self):
        """The mechanism's own periods: vres's replenishments, else the
        resumptions after a throttle; the first one is dropped."""
        marks = (self.replenish if self.mech.startswith("vres")
                 else self.resumes)
        marks = [m for m in marks if self.lo <= m <= self.hi]
        return list(zip(marks[1:-1], marks[2:]))

    def sliding_max_overrun(self):
        v = self.sup.extreme(self.T, self.lo + self.T, self.hi, True)
        return None if v is None else max(0, v - self.C)

    def grid_shortfalls(self, tol, steps=200):
        """Fewest periods short of C - tol on a fixed grid of length T,
        over @steps phases (the phase most favourable to the mechanism)."""
        lo, hi = self.lo + self.T, self.hi
        best = None
        for k in range(steps):
            a = lo + k * self.T / steps
            n = short = 0
            worst = 0
            while a + self.T <= hi:
                got = self.sup.between(a, a + self.T)
                n += 1
                if got < self.C - tol:
                    short += 1
                    worst = max(worst, self.C - got)
                a += self.T
            if n and (best is None or short < best[0]):
                best = (short, n, worst)
        return best or (0, 0, 0)

    def own_shortfalls(self, tol):
        short = [self.C - s for s in self.supply if s < self.C - tol]
        return len(short), len(self.supply), max(short, default=0)


def tolerance(C):
    """What counts as "less than its budget": C - max(1% of C, 50 us)."""
    return max(C / 100, 50000)


def read_kv(path):
    d = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition(" ")
                d[k] = v
    except OSError:
        pass
    return d


class Kernel:
    """The results of one kernel on one clock (CLOCK/KVER in OUTDIR)."""

    def __init__(self, out, clk, kver):
        self.kver = kver
        self.clk = clk
        self.dir = os.path.join(out, clk, kver)
        self.vm = read_kv(os.path.join(self.dir, "vm-enforce.txt"))
        self.vm_scale = read_kv(os.path.join(self.dir, "vm-scale.txt")) or \
            read_kv(os.path.join(self.dir, "vm-overhead.txt"))
        # The clock the VM reported (VMTEST_CLOCK), else the directory's.
        self.clock = (self.vm.get("clock") or self.vm_scale.get("clock") or
                      clk.replace("icount-", "icount:"))
        self.icount = self.clock.startswith("icount:")
        self.shift = int(self.clock[7:]) if self.icount else None
        self.name = f"{kver}, {self.clock}"
        self.tag = f"{kver}-{clk}"
        self.runs = {}
        for js in sorted(glob.glob(os.path.join(self.dir, "enforce",
                                                "*.json"))):
            prefix = js[:-5]
            if not os.path.exists(prefix + ".trace"):
                continue
            try:
                r = EnforceRun(prefix)
            except (OSError, ValueError, KeyError) as e:
                print(f"report: skipping {prefix}: {e}", file=sys.stderr)
                continue
            self.runs[(r.mech, r.C, r.T, r.load)] = r
        self.configs = sorted({(C, T) for (_m, C, T, _l) in self.runs},
                              key=lambda x: x[1])
        self.mechs = [m for m in MECHS
                      if any(k[0] == m for k in self.runs)]
        self.failures = []
        try:
            with open(os.path.join(self.dir, "failures")) as f:
                self.failures = [l.strip() for l in f if l.strip()]
        except OSError:
            pass
        self.skipped = []
        try:
            with open(os.path.join(self.dir, "skipped")) as f:
                self.skipped = [l.strip() for l in f if l.strip()]
        except OSError:
            pass

    def run(self, mech, C, T, load):
        return self.runs.get((mech, C, T, load))

    def instr(self, ns):
        """@ns of guest time as instructions (icount only), else None."""
        return ns / (1 << self.shift) if self.icount else None


def grid_supply(r):
    """Supply per period on the fixed grid of the best phase."""
    tol = tolerance(r.C)
    lo, hi = r.lo + r.T, r.hi
    best, best_sup = None, []
    for k in range(200):
        a = lo + k * r.T / 200
        sup = []
        while a + r.T <= hi:
            sup.append(r.sup.between(a, a + r.T))
            a += r.T
        short = sum(1 for s in sup if s < r.C - tol)
        if sup and (best is None or short < best):
            best, best_sup = short, sup
    return best_sup


def sbf_points(C, T, horizon):
    """Corners of sbf(t) from the sbf program, which checks them against
    the analysis engine's inverse first."""
    prog = os.path.join(HERE, "sbf")
    res = subprocess.run([prog, str(C), str(T), str(int(horizon))],
                         capture_output=True, text=True)
    if res.returncode:
        raise RuntimeError(f"sbf {C} {T}: {res.stderr.strip()}")
    pts = [tuple(int(v) for v in line.split())
           for line in res.stdout.splitlines()]
    return pts


def sbf_at(pts, t):
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= t <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (t - x0) / (x1 - x0)
    return pts[-1][1]


def timer_stats(path):
    """Time in vres's timer callbacks and in timer interrupts."""
    ev = read_trace(path)
    open_irq, open_cb = {}, {}
    irqs, cbs = [], []
    for ts, cpu, e, f in ev:
        if e == "local_timer_entry":
            open_irq[cpu] = ts
        elif e == "local_timer_exit" and cpu in open_irq:
            irqs.append(ts - open_irq.pop(cpu))
        elif e == "hrtimer_expire_entry":
            fn = field(f, "function") or ""
            open_cb[cpu] = (ts, fn.startswith("vres_"))
        elif e == "hrtimer_expire_exit" and cpu in open_cb:
            t0, ours = open_cb.pop(cpu)
            if ours:
                cbs.append(ts - t0)
    return {"irq_ns": sum(irqs), "n_irq": len(irqs),
            "irq_median": statistics.median(irqs) if irqs else 0,
            "cb_ns": sum(cbs), "n_cb": len(cbs),
            "cb_median": statistics.median(cbs) if cbs else 0,
            "cb_mean": statistics.mean(cbs) if cbs else 0}


def fit_exponent(xs, ys):
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys)
           if x > 0 and y > 0]
    if len(pts) < 3:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if not sxx:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx
