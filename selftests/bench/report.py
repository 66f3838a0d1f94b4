#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py: the benchmark report of "make bench" (python3 stdlib only).

    selftests/bench/report.py OUTDIR

reads what selftests/bench/run.sh and guest.sh left in OUTDIR (host.txt,
CLOCK/KVER/vm-*.txt, CLOCK/KVER/enforce/*.{json,trace},
CLOCK/KVER/overhead/*, CLOCK/KVER/scale/*, analysis.txt; CLOCK is
icount-SHIFT or mttcg) and writes OUTDIR/report.md with SVG figures
beside it. Every number comes from the traces and files of that one run;
Documentation/benchmarks.rst says how each is computed.
"""
import bisect
import csv
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgplot  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
MS = 1e6
US = 1e3
MECHS = ["vres", "vres-soft", "dl", "cpumax", "dl-hrtick"]
MECH_LABEL = {"vres": "vres (hard)", "vres-soft": "vres (soft)",
              "dl": "SCHED_DEADLINE", "cpumax": "cgroup cpu.max",
              "dl-hrtick": "SCHED_DEADLINE + HRTICK_DL"}
MECH_COLOR = {"vres": "#1f77b4", "vres-soft": "#9467bd", "dl": "#d62728",
              "cpumax": "#2ca02c", "dl-hrtick": "#ff7f0e"}
MECH_DASH = {"dl-hrtick": "5,3", "vres-soft": "2,2"}

LINE_RE = re.compile(r"^\s*(.*?)-(\d+)\s+\[(\d+)\]\s+(?:\S+\s+)?"
                     r"(\d+)\.(\d+):\s+(\w+):\s+(.*)$")


# ---- traces ---------------------------------------------------------------

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


# ---- formatting -----------------------------------------------------------

def ms(ns, digits=2):
    if ns is None or (isinstance(ns, float) and math.isnan(ns)):
        return "-"
    return f"{ns / MS:.{digits}f}"


def us(ns, digits=1):
    if ns is None or (isinstance(ns, float) and math.isnan(ns)):
        return "-"
    return f"{ns / US:.{digits}f}"


def ratio(a, b, digits=2):
    if a is None or b is None:
        return "-"
    if b == 0:
        return "∞ (÷ 0)" if a else "- (0 / 0)"
    return f"{a / b:.{digits}f}"


def cfg_label(C, T):
    return f"({C / MS:g} ms, {T / MS:g} ms)"


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


# ---- sections ---------------------------------------------------------------

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


def precision(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    if not k.runs:
        md.append("No enforcement runs (see failures below).\n")
        return
    md.append(f"Served CPU {next(iter(k.runs.values())).meta.get('cpu', '?')}"
              f" of {k.vm.get('cpus', '?')}. Overruns in µs.\n")
    md.append("| (C, T) | mechanism | periods | overrun median | p99 | max "
              "| max in any window T | max, stalls excluded | longest stall "
              "on CPU | its own count |")
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    fig = svgplot.Figure(f"Per-period overrun past the budget, alone, "
                         f"{k.name} (CDF)", cols=3)
    for C, T in k.configs:
        maxes = {}
        xmax = 0
        series = []
        for m in k.mechs:
            r = k.run(m, C, T, False)
            if not r:
                continue
            ov = r.overrun
            slide = r.sliding_max_overrun()
            own = "-"
            if m.startswith("vres") and "stats" in r.meta:
                own = (f"overrun_max {us(r.meta['stats'].get('overrun_max_ns'))}"
                       f" µs, period timer late by at most "
                       f"{us(r.meta['stats'].get('replenish_latency_max_ns'), 2)}"
                       f" µs")
                head.setdefault("latency", []).append(
                    r.meta['stats'].get('replenish_latency_max_ns'))
                if m == "vres-soft" and r.background:
                    own += (f"; background (nice 19) per period, median "
                            f"{us(pct(r.background, 50))} µs")
            elif m == "cpumax" and "cpu_stat" in r.meta:
                cs = r.meta["cpu_stat"]
                own = (f"{cs.get('nr_throttled', '?')} of "
                       f"{cs.get('nr_periods', '?')} periods throttled")
            elif m.startswith("dl"):
                own = "SCHED_DEADLINE" if r.meta.get("policy") == 6 else \
                    f"policy {r.meta.get('policy')} (not DEADLINE!)"
            net = max(r.overrun_net, default=None)
            md.append(f"| {cfg_label(C, T)} | {MECH_LABEL[m]} | {len(ov)} | "
                      f"{us(pct(ov, 50))} | {us(pct(ov, 99))} | "
                      f"{us(max(ov, default=None))} | {us(slide)} | "
                      f"{us(net)} | {us(r.longest_stall())} | {own} |")
            maxes[m] = max(ov, default=None)
            maxes[m + "/net"] = net
            maxes[m + "/p50"] = pct(ov, 50) if ov else None
            maxes[m + "/p99"] = pct(ov, 99) if ov else None
            maxes[m + "/slide"] = slide
            if ov:
                xmax = max(xmax, max(ov))
                series.append((m, sorted(ov)))
        p = fig.panel(cfg_label(C, T), "overrun per period (µs, log)",
                      "fraction of periods", (0.1, max(xmax / US * 1.5, 1)),
                      (0, 1.02), logx=True)
        for m, ov in series:
            xs = [0.1] + [max(v / US, 0.1) for v in ov]
            ys = [0] + [(i + 1) / len(ov) for i in range(len(ov))]
            p.line(xs, ys, MECH_LABEL[m], MECH_COLOR[m], MECH_DASH.get(m),
                   step=True)
        head.setdefault("overrun", {})[(C, T)] = maxes
    name = f"precision-{k.tag}.svg"
    fig.save(os.path.join(fig_dir, name))
    md.append(f"\n![overrun CDF]({name})\n")


def guarantee(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    if not any(r.load for r in k.runs.values()):
        md.append("No runs under load.\n")
        return
    md.append("| (C, T) | mechanism | periods short (own periods) | "
              "periods short (best fixed grid) | worst deficit | "
              "supply per period min / median | its own count |")
    md.append("|---|---|---:|---:|---:|---:|---|")
    fig = svgplot.Figure(f"Supply per period under load, {k.name} (CDF of "
                         f"supply / C)", cols=3)
    for C, T in k.configs:
        tol = tolerance(C)
        p = fig.panel(cfg_label(C, T), "supply in the period / C",
                      "fraction of periods", (0, 2.0), (0, 1.02))
        p.line([1, 1], [0, 1.02], None, "#000", "2,2", width=1)
        for m in k.mechs:
            r = k.run(m, C, T, True)
            if not r:
                continue
            gs, gn, gw = r.grid_shortfalls(tol)
            if m.startswith("vres"):
                os_, on, ow = r.own_shortfalls(tol)
                own_col = f"{os_} / {on}"
                worst = max(ow, gw)
                sup = r.supply
            else:
                own_col = "-"
                worst = gw
                sup = grid_supply(r)
            own = "-"
            if m.startswith("vres") and "stats" in r.meta:
                st = r.meta["stats"]
                own = (f"shortfalls {st.get('shortfalls')} of "
                       f"{st.get('periods')}")
                if "rival_stats" in r.meta:
                    own += (f"; rival overrun_max "
                            f"{us(r.meta['rival_stats'].get('overrun_max_ns'))}"
                            f" µs")
            md.append(f"| {cfg_label(C, T)} | {MECH_LABEL[m]} | {own_col} | "
                      f"{gs} / {gn} | {ms(worst)} ms | "
                      f"{ms(min(sup, default=None))} / "
                      f"{ms(pct(sup, 50) if sup else None)} ms | {own} |")
            head.setdefault("supply_p50", {}).setdefault((C, T), {})[m] = (
                pct(sup, 50) if sup else None)
            head.setdefault("short", {}).setdefault((C, T), {})[m] = (
                (os_, on) if m.startswith("vres") else (gs, gn))
            if sup:
                s = sorted(v / C for v in sup)
                p.line([0] + s, [0] + [(i + 1) / len(s)
                                       for i in range(len(s))],
                       MECH_LABEL[m], MECH_COLOR[m], MECH_DASH.get(m),
                       step=True)
    name = f"guarantee-{k.tag}.svg"
    fig.save(os.path.join(fig_dir, name))
    md.append(f"\n![supply per period under load]({name})\n")


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


def supply_check(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    if not k.runs:
        md.append("No runs.\n")
        return
    fig = svgplot.Figure(f"Minimum supply in any window of length t, under "
                         f"load, vs sbf(t), {k.name}", cols=3)
    md.append("| (C, T) | mechanism | largest deficit below sbf | "
              "at t = | periods traced |")
    md.append("|---|---|---:|---:|---:|")
    for C, T in k.configs:
        horizon = 4 * T
        try:
            pts = sbf_points(C, T, horizon)
        except (OSError, RuntimeError) as e:
            md.append(f"| {cfg_label(C, T)} | sbf failed: {e} | | | |")
            continue
        ts = sorted({int(horizon * i / 160) for i in range(161)} |
                    {x for x, _ in pts})
        p = fig.panel(cfg_label(C, T), "window length t (ms)",
                      "supply (ms)", (0, horizon / MS),
                      (0, 4 * C / MS * 1.5))
        p.line([x / MS for x, _ in pts], [y / MS for _, y in pts],
               "sbf(t), periodic resource model", "#000", width=2.2)
        for m in k.mechs:
            r = k.run(m, C, T, True)
            if not r:
                continue
            lo, hi = r.lo + T, r.hi
            curve = r.sup.min_curve(ts, lo, hi)
            deficit, at = 0, 0
            for t, v in zip(ts, curve):
                if v is None:
                    continue
                d = sbf_at(pts, t) - v
                if d > deficit:
                    deficit, at = d, t
            md.append(f"| {cfg_label(C, T)} | {MECH_LABEL[m]} | "
                      f"{us(deficit)} µs | "
                      f"{ms(at, 1) + ' ms' if deficit else '-'} | "
                      f"{int((hi - lo) / T)} |")
            head.setdefault("sbf", {}).setdefault((C, T), {})[m] = deficit
            p.line([t / MS for t, v in zip(ts, curve) if v is not None],
                   [v / MS for v in curve if v is not None], MECH_LABEL[m],
                   MECH_COLOR[m], MECH_DASH.get(m))
    name = f"supply-{k.tag}.svg"
    fig.save(os.path.join(fig_dir, name))
    md.append(f"\n![minimum supply vs sbf]({name})\n")


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


def overhead(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    path = os.path.join(k.dir, "overhead", "overhead.json")
    try:
        with open(path) as f:
            o = json.load(f)
    except (OSError, ValueError):
        md.append("No overhead results (see failures below).\n")
        return
    pp = o["pingpong"]
    base = statistics.median(pp[0]["p10_ns"])
    base50 = statistics.median(pp[0]["median_ns"])
    md.append(f"Ping-pong on CPU {o['cpu']} of {o['cpus']}: "
              f"{len(pp[0]['p10_ns'])} rounds; in each, every configuration "
              f"is measured once, {o['roundtrips']} round trips in "
              f"{o['batches']} batches timed one by one. *fast batches* is "
              f"the 10th percentile of a measurement's batches (under "
              f"multi-threaded TCG, the batches the host did not interrupt),"
              f" *median batch* its median; the table gives the median of "
              f"each over the rounds. Servers "
              f"({o['budget_ns'] / 1000:g} us, {o['period_ns'] / MS:g} ms), "
              f"sleeping threads attached, on the other CPUs. *Other CPUs* "
              f"is what CPUs other than {o['cpu']} did during the timed "
              f"batches of all rounds of a configuration: their tasks' run "
              f"time (/proc/schedstat) and their interrupts; a batch is "
              f"*disturbed* when it is more than 1% slower than its "
              f"measurement's 10th percentile (on icount an undisturbed "
              f"batch repeats to a few instructions).\n")
    instr = k.icount
    md.append("| configuration | ns per switch, fast batches | "
              + ("instructions | " if instr else "") +
              "ratio to not loaded | rounds min .. max | "
              "ns per switch, median batch | ratio | other CPUs: task time, "
              "interrupts |")
    md.append("|---|---:|" + ("---:|" if instr else "") +
              "---:|---:|---:|---:|---:|")
    fig = svgplot.Figure(f"Context switch cost, {k.name}", cols=1,
                         pw=520, ph=260)
    labels, meds = [], []
    ymax = 0
    others = []
    for c in pp:
        v, v50 = c["p10_ns"], c["median_ns"]
        med, med50 = statistics.median(v), statistics.median(v50)
        lab = ("not loaded" if not c["loaded"] else
               f"{c['servers']} servers")
        labels.append(lab)
        meds.append(med)
        ymax = max(ymax, max(v))
        oth = "-"
        if "other_cpus_task_ns" in c:
            # The timed batches of all rounds: roundtrips × 2 switches.
            dur = sum(2 * o["roundtrips"] * x for x in v50)
            oth = (f"{c['other_cpus_task_ns'] / MS:.2f} ms "
                   f"({c['other_cpus_task_ns'] / dur:.3%} of the "
                   f"{dur / 1e9:.2f} s measured), "
                   f"{c['other_cpus_irqs']} interrupts")
            nb = o["batches"] * len(v)
            dis = c.get("disturbed_batches")
            if dis is not None:
                oth += f"; {dis} of {nb} batches disturbed"
            others.append((c["other_cpus_task_ns"], c["other_cpus_irqs"],
                           c["other_cpus_task_ns"] / dur,
                           dis if dis is not None else -1, nb))
        md.append(f"| {lab} | {med:.0f} | "
                  + (f"{k.instr(med):.0f} | " if instr else "") +
                  f"{med / base:.3f} | "
                  f"{min(v):.0f} .. {max(v):.0f} | {med50:.0f} | "
                  f"{med50 / base50:.3f} | {oth} |")
        if c["loaded"]:
            head.setdefault("cs", {})[c["servers"]] = med / base
    head["cs_base_ns"] = base
    if others:
        head["cs_others"] = (max(x[0] for x in others),
                             max(x[1] for x in others),
                             max(x[2] for x in others),
                             max(x[3] for x in others), others[0][4])
    p = fig.panel("ns per context switch, fast batches (bars: median; "
                  "dots: rounds)", "", "ns", (-0.5, len(pp) - 0.5),
                  (0, ymax * 1.15))
    p.bars(list(range(len(pp))), meds, 0.6, "median of rounds", "#9ecae1")
    for i, c in enumerate(pp):
        p.points([i] * len(c["p10_ns"]), c["p10_ns"],
                 "rounds" if i == 0 else None, "#08519c")
    name = f"overhead-{k.tag}.svg"
    fig.save(os.path.join(fig_dir, name),
             xticklabels=[list(enumerate(labels))])
    md.append(f"\n![context switch cost]({name})\n")

    tm = o["timers"]
    idle = os.path.join(k.dir, "overhead", "overhead-timers-idle.trace")
    busy = os.path.join(k.dir, "overhead", "overhead-timers-servers.trace")
    try:
        a, b = timer_stats(idle), timer_stats(busy)
    except OSError:
        md.append("No timer traces.\n")
        return
    w = tm["trace_window_ns"]
    rate = tm["servers"] * 1e9 / tm["period_ns"]      # expiries wanted/s
    expected = rate * tm["window_ns"] / 1e9
    served = tm["boundaries"] - tm["missed_boundaries"]
    where = (f"on CPU {tm['cpu']}" if "cpu" in tm else
             f"over {o['cpus'] - 1} CPUs")
    md.append(f"\n{tm['servers']} servers of ({tm['budget_ns'] / 1000:g} us,"
              f" {tm['period_ns'] / MS:g} ms), sleeping threads attached, "
              f"{where}, {rate:.0f} period timer expiries per second "
              f"wanted:\n")

    def both(ns):
        if ns is None:
            return "-"
        if instr:
            return f"{ns:.0f} ns = {k.instr(ns):.0f} instructions"
        return f"{ns:.0f} ns"
    md.append("| measure | value |")
    md.append("|---|---:|")
    per_expiry = None
    if "spin_per_ns_idle" in tm:
        r0, r1 = tm["spin_per_ns_idle"], tm["spin_per_ns_servers"]
        lost = 1 - r1 / r0 if r0 else None
        if lost is not None:
            per_expiry = lost * 1e9 / rate
        md.append(f"| a spinning process on CPU {tm['cpu']}: loop iterations"
                  f" per µs without / with the servers | "
                  f"{r0 * 1e3:.3f} / {r1 * 1e3:.3f} |")
        md.append(f"| CPU time the servers' timers took from it | "
                  f"{'-' if lost is None else f'{lost:.2%}'} |")
        md.append(f"| **work per server per period** (one expiry, whole "
                  f"interrupt, untraced) | {both(per_expiry)} |")
    md.append(f"| boundaries in {tm['window_ns'] / 1e9:.1f} s (untraced) | "
              f"{tm['boundaries']} ({expected:.0f} expected) |")
    md.append(f"| of which a timer expiry ran for (the rest were passed "
              f"late, missed_boundaries) | {served} "
              f"({served / max(tm['boundaries'], 1):.1%}) |")
    md.append(f"| worst period timer lateness | "
              f"{both(tm['replenish_latency_max_ns'])} |")
    md.append(f"| vres callbacks traced in {w / MS:.0f} ms | "
              f"{b['n_cb']} ({b['n_cb'] * 1e9 / w:.0f}/s) in "
              f"{b['n_irq']} timer interrupts |")
    md.append(f"| time in one vres callback (traced), median / mean | "
              f"{both(b['cb_median'])} / {b['cb_mean']:.0f} ns |")
    md.append(f"| one timer interrupt (traced), median: no servers / "
              f"servers | {both(a['irq_median'])} / "
              f"{both(b['irq_median'])} |")
    # Trace timestamps have 1 µs resolution: the mean of many callbacks
    # resolves less than that, the median does not.
    head["timer"] = {"per_expiry_ns": per_expiry,
                     "cb_ns": b["cb_mean"],
                     "irq_ns": b["irq_median"],
                     "served": served / max(tm["boundaries"], 1),
                     "need": rate * b["cb_median"] / 1e9,
                     "per_period_us": b["cb_median"] / 1000}


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


def scale(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    try:
        with open(os.path.join(k.dir, "scale", "scale.json")) as f:
            sj = json.load(f)
        with open(os.path.join(k.dir, "scale", "scale.csv")) as f:
            rows = list(csv.DictReader(f))
    except (OSError, ValueError):
        md.append("No scale results (see failures below).\n")
        return
    ops = ["create", "cpu", "params", "admit", "mode", "rta_user", "attach",
           "destroy"]
    by_n = {}
    for r in rows:
        by_n.setdefault(int(r["n"]), []).append(r)
    ns = sorted(by_n)
    med = {op: [statistics.median(int(r[op + "_ns"]) for r in by_n[n])
                for n in ns] for op in ops}
    md.append(f"{sj['servers']} servers over {sj['cpus']} CPUs (up to "
              f"{sj['per_cpu_max']} per CPU; module parameters "
              f"`{sj['module_params']}`), periods "
              f"{sj['period_min_ns'] / MS:g}..{sj['period_max_ns'] / MS:g} ms,"
              f" budgets for {sj['util']:g} of each CPU. Wall time: "
              f"create and configure {sj['configure_wall_ns'] / 1e9:.2f} s "
              f"(with the repeated writes and userspace analyses), attach "
              f"{sj['attach_wall_ns'] / 1e9:.2f} s, destroy "
              f"{sj['destroy_wall_ns'] / 1e9:.2f} s.\n")
    md.append("| operation (one write) | n = 1 | n = "
              f"{ns[len(ns) // 2]} | n = {ns[-1]} | growth exponent a "
              "(time ~ n^a, n >= 8) |")
    md.append("|---|---:|---:|---:|---:|")
    big = [i for i, n in enumerate(ns) if n >= 8]
    exps = {}
    for op in ops:
        vals = med[op]
        a = fit_exponent([ns[i] for i in big], [vals[i] for i in big])
        if op == "admit":
            # The analysis inside the write: minus the floor of a write.
            a = fit_exponent([ns[i] for i in big],
                             [vals[i] - med["mode"][i] for i in big])
        exps[op] = a
        md.append(f"| {op}{' (minus mode)' if op == 'admit' else ''} | "
                  f"{vals[0] / 1000:.1f} us | "
                  f"{vals[len(ns) // 2] / 1000:.1f} us | "
                  f"{vals[-1] / 1000:.1f} us | "
                  f"{'-' if a is None else f'{a:.2f}'} |")
    head["scale"] = (exps, sj, med, ns)
    fig = svgplot.Figure(f"Cost of one sysfs write vs servers on the CPU "
                         f"(median over CPUs), {k.name}", cols=1, pw=560,
                         ph=320)
    ymin = max(min(min(v) for v in med.values() if min(v) > 0) / 2, 1)
    ymax = max(max(v) for v in med.values()) * 2
    p = fig.panel("time per operation (log-log)", "servers on the CPU (n)",
                  "ns", (1, max(ns) * 1.1), (ymin, ymax), logx=True,
                  logy=True)
    for i, op in enumerate(ops):
        p.line(ns, med[op], op, svgplot.PALETTE[i % 8])
    # n^2 reference through the analysis at n = max.
    ref = med["rta_user"][-1]
    p.line([ns[0], ns[-1]], [ref * (ns[0] / ns[-1]) ** 2, ref], "n^2",
           "#000", "2,3", width=1)
    name = f"scale-{k.tag}.svg"
    fig.save(os.path.join(fig_dir, name))
    md.append(f"\n![scale]({name})\n")


def deadline(k, md):
    here = os.path.join(k.dir, "deadline", f"deadline-{k.kver}.txt")
    older = os.path.join(TOP, ".build", "results", f"deadline-{k.kver}.txt")
    if os.path.exists(here):
        src = "measured in this run"
        path = here
    elif os.path.exists(older):
        src = ("**not from this run**: copied from an earlier "
               "selftests/vres/deadline_test run (" +
               f"{os.path.relpath(older, TOP)})")
        path = older
    else:
        md.append(f"### {k.name}\n")
        md.append("**Not available.** This section shows the guest "
                  "deadline comparison of `selftests/vres/deadline_test` "
                  "(guest_rm running the thesis's example under vres, "
                  "cgroup cpu.max and SCHED_DEADLINE). That test was not "
                  "built in this tree, and no earlier results file "
                  f"(`.build/results/deadline-{k.kver}.txt`) exists.\n")
        return
    with open(path) as f:
        text = f.read()
    md.append(f"### {k.name} ({src})\n")
    md.append("```\n" + text.rstrip() + "\n```\n")


# ---- the report -------------------------------------------------------------

def table(kernels, heads, md, cols):
    """A headline table: one column per kernel (and clock), and row()."""
    md.append("| measure | goal | " + " | ".join(cols) + " |")
    md.append("|---|---|" + "---:|" * len(cols))

    def row(label, goal, f):
        cells = []
        for k in kernels:
            try:
                cells.append(f(heads[k.tag], k))
            except (KeyError, TypeError, ZeroDivisionError, IndexError,
                    ValueError):
                cells.append("-")
        md.append(f"| {label} | {goal} | " + " | ".join(cells) + " |")
    return row


def headline_icount(kernels, heads, md):
    """The icount table: the targets of Documentation/benchmarks.rst."""
    row = table(kernels, heads, md,
                [f"{k.kver} SHIFT {k.shift}" for k in kernels])
    configs = sorted({c for k in kernels for c in k.configs},
                     key=lambda x: x[1])

    def ov(h, C, T, m, what=""):
        return h["overrun"][(C, T)][m + what]

    for C, T in configs:
        cl = cfg_label(C, T)
        row(f"max overrun per period {cl}, µs: vres hard · soft · "
            f"SCHED_DEADLINE · + HRTICK_DL · cpu.max", "",
            lambda h, k, C=C, T=T: " · ".join(
                us(ov(h, C, T, m)) for m in
                ("vres", "vres-soft", "dl", "dl-hrtick", "cpumax")))
        row(f"… vres hard ÷ SCHED_DEADLINE {cl}", "≤ 0.01",
            lambda h, k, C=C, T=T: ratio(ov(h, C, T, "vres"),
                                         ov(h, C, T, "dl"), 4))
        row(f"… vres hard ÷ SCHED_DEADLINE + HRTICK_DL {cl}", "≤ 1",
            lambda h, k, C=C, T=T: ratio(ov(h, C, T, "vres"),
                                         ov(h, C, T, "dl-hrtick")))
        row(f"… vres soft ÷ SCHED_DEADLINE + HRTICK_DL {cl}", "",
            lambda h, k, C=C, T=T: ratio(ov(h, C, T, "vres-soft"),
                                         ov(h, C, T, "dl-hrtick")))
    row("vres hard overrun median / p99 / max, µs (" +
        " · ".join(cfg_label(C, T).replace(" ms", "") for C, T in configs)
        + ")", "",
        lambda h, k: " · ".join(
            "/".join(us(ov(h, C, T, "vres", w)) for w in ("/p50", "/p99", ""))
            for C, T in configs))
    row("most in any window T minus C, µs: vres hard · SCHED_DEADLINE "
        "(each (C, T))", "",
        lambda h, k: " · ".join(
            f"{us(ov(h, C, T, 'vres', '/slide'))}/"
            f"{us(ov(h, C, T, 'dl', '/slide'))}" for C, T in configs))

    def short(h, m):
        return " · ".join("{}/{}".format(*h["short"][(C, T)][m])
                          for C, T in configs)
    cl = " · ".join(cfg_label(C, T).replace(" ms", "") for C, T in configs)
    row(f"periods short of budget under load, vres hard ({cl})", "0",
        lambda h, k: short(h, "vres"))
    row("… vres soft (time at its priority)", "0",
        lambda h, k: short(h, "vres-soft"))
    row("… SCHED_DEADLINE (best fixed grid)", "",
        lambda h, k: short(h, "dl"))
    row("… cgroup cpu.max (best fixed grid)", "",
        lambda h, k: short(h, "cpumax"))
    row("supply below sbf(t), worst, µs: vres hard · soft", "0",
        lambda h, k: " · ".join(
            f"{us(h['sbf'][(C, T)]['vres'])}/"
            f"{us(h['sbf'][(C, T)]['vres-soft'])}" for C, T in configs))
    row("… SCHED_DEADLINE · cpu.max", "",
        lambda h, k: " · ".join(
            f"{us(h['sbf'][(C, T)]['dl'])}/"
            f"{us(h['sbf'][(C, T)]['cpumax'])}" for C, T in configs))
    row("context switch, 256 servers ÷ not loaded", "≤ 1.02",
        lambda h, k: f"{h['cs'][256]:.4f}")
    row("… 16 · 1 · 0 servers (loaded) ÷ not loaded", "",
        lambda h, k: " · ".join(f"{h['cs'][n]:.4f}" for n in (16, 1, 0)))
    row("… not loaded: ns (instructions) per switch", "",
        lambda h, k: f"{h['cs_base_ns']:.0f} ({k.instr(h['cs_base_ns']):.0f})")
    row("other vCPUs during those measurements, worst configuration: "
        "task time (share of the measured time), interrupts; batches "
        "disturbed (> 1% over the 10th percentile)", "idle",
        lambda h, k: f"{h['cs_others'][0] / MS:.2f} ms "
                     f"({h['cs_others'][2]:.3%}), {h['cs_others'][1]}; "
                     + (f"{h['cs_others'][3]} of {h['cs_others'][4]}"
                        if h['cs_others'][3] >= 0 else "-"))
    row("timer work per server per period (whole interrupt, untraced): "
        "ns (instructions)", "stated",
        lambda h, k: f"{h['timer']['per_expiry_ns']:.0f} "
                     f"({k.instr(h['timer']['per_expiry_ns']):.0f})")
    row("… vres's period timer callback alone (traced, mean): ns "
        "(instructions)", "",
        lambda h, k: f"{h['timer']['cb_ns']:.0f} "
                     f"({k.instr(h['timer']['cb_ns']):.0f})")


def scaling(kernels, heads, md):
    """What the largest SHIFT took over the smallest, per kernel."""
    by = {}
    for k in kernels:
        by.setdefault(k.kver, []).append(k)
    pairs = []
    for kv, ks in by.items():
        ks = sorted(ks, key=lambda k: k.shift)
        if len(ks) > 1:
            pairs.append((kv, ks[0], ks[-1]))
    if not pairs:
        return
    md.append("| measure | " + " | ".join(
        f"{kv}: SHIFT {lo.shift} → {hi.shift} (instructions ×"
        f"{1 << (hi.shift - lo.shift)})" for kv, lo, hi in pairs) + " |")
    md.append("|---|" + "---:|" * len(pairs))

    def row(label, f):
        cells = []
        for _kv, lo, hi in pairs:
            try:
                a, b = f(heads[lo.tag]), f(heads[hi.tag])
                cells.append(f"{a:.4g} → {b:.4g} (×{b / a:.2f})")
            except (KeyError, TypeError, ZeroDivisionError, IndexError):
                cells.append("-")
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    row("context switch, not loaded (ns)", lambda h: h["cs_base_ns"])
    row("timer work per server per period (ns)",
        lambda h: h["timer"]["per_expiry_ns"])
    configs = sorted({c for _kv, lo, _hi in pairs for c in lo.configs},
                     key=lambda x: x[1])
    for m in ("vres", "vres-soft", "dl-hrtick", "dl", "cpumax"):
        for C, T in configs[:1]:
            row(f"{MECH_LABEL[m]}: max overrun {cfg_label(C, T)} (µs)",
                lambda h, m=m, C=C, T=T: h["overrun"][(C, T)][m] / US)
    for C, T in configs[:1]:
        row(f"vres hard: median supply per period under load "
            f"{cfg_label(C, T)} (µs)",
            lambda h, C=C, T=T: h["supply_p50"][(C, T)]["vres"] / US)


def headline(kernels, heads, md):
    row = table(kernels, heads, md, [k.kver for k in kernels])

    configs = sorted({c for k in kernels for c in k.configs},
                     key=lambda x: x[1])
    for C, T in configs:
        row(f"max overrun, vres ÷ SCHED_DEADLINE, {cfg_label(C, T)}",
            "≤ 0.10",
            lambda h, k, C=C, T=T: (
                f"{ratio(h['overrun'][(C, T)]['vres'], h['overrun'][(C, T)]['dl'])}"
                f" ({ms(h['overrun'][(C, T)]['vres'])} / "
                f"{ms(h['overrun'][(C, T)]['dl'])} ms)"))
    for C, T in configs:
        row(f"… the same, stalls of the vCPU excluded, {cfg_label(C, T)}",
            "",
            lambda h, k, C=C, T=T: (
                f"{ratio(h['overrun'][(C, T)]['vres/net'], h['overrun'][(C, T)]['dl/net'])}"
                f" ({ms(h['overrun'][(C, T)]['vres/net'])} / "
                f"{ms(h['overrun'][(C, T)]['dl/net'])} ms)"))
    row("median overrun, vres ÷ SCHED_DEADLINE "
        f"({' · '.join(cfg_label(C, T).replace(' ms', '') for C, T in configs)})",
        "", lambda h, k: " · ".join(
            ratio(h['overrun'][(C, T)]['vres/p50'],
                  h['overrun'][(C, T)]['dl/p50']) for C, T in configs))
    for C, T in configs:
        row(f"max overrun, vres ÷ cpu.max, {cfg_label(C, T)}", "",
            lambda h, k, C=C, T=T: (
                f"{ratio(h['overrun'][(C, T)]['vres'], h['overrun'][(C, T)]['cpumax'])}"
                f" ({ms(h['overrun'][(C, T)]['vres'])} / "
                f"{ms(h['overrun'][(C, T)]['cpumax'])} ms)"))

    def short(h, k, m):
        parts = []
        for C, T in configs:
            s, n = h["short"][(C, T)][m]
            parts.append(f"{s}/{n}")
        return " · ".join(parts)
    cl = " · ".join(cfg_label(C, T).replace(" ms", "") for C, T in configs)
    row(f"periods short of budget under load, vres ({cl})", "0",
        lambda h, k: short(h, k, "vres"))
    row("… SCHED_DEADLINE (best fixed grid)", "",
        lambda h, k: short(h, k, "dl"))
    row("… cgroup cpu.max (best fixed grid)", "",
        lambda h, k: short(h, k, "cpumax"))
    row("vres min supply below sbf(t), worst (ms)", "≤ overhead",
        lambda h, k: " · ".join(ms(h["sbf"][(C, T)]["vres"])
                                for C, T in configs))
    row("context switch, 256 servers ÷ not loaded", "< 1.05",
        lambda h, k: f"{h['cs'][256]:.3f}")
    row("context switch, loaded, 0 servers ÷ not loaded", "",
        lambda h, k: f"{h['cs'][0]:.3f}")
    row("vres period timer callback per server per period (traced)", "",
        lambda h, k: (f"{h['timer']['per_period_us']:.1f} us (TCG ran "
                      f"{h['timer']['served']:.0%} of the expiries)"))
    row("timer work per server per period (whole interrupt, untraced)", "",
        lambda h, k: f"{h['timer']['per_expiry_ns'] / 1000:.1f} us")
    row("admission check: growth exponent in n (n ≤ "
        "servers per CPU)", "≤ 2 (RTA O(n²·iter))",
        lambda h, k: (f"{h['scale'][0]['admit']:.2f} in the module, "
                      f"{h['scale'][0]['rta_user']:.2f} analysis alone"))


def main():
    if len(sys.argv) != 2:
        print("usage: report.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    host = read_kv(os.path.join(out, "host.txt"))
    kvers = host.get("kernels", "").split()
    clks = host.get("clocks", "icount-0 icount-2 mttcg").split()
    # icount first, each SHIFT in order, then the wall clock.
    kernels = [Kernel(out, c, kv) for c in clks for kv in kvers
               if os.path.isdir(os.path.join(out, c, kv))]
    ick = [k for k in kernels if k.icount]
    wall = [k for k in kernels if not k.icount]
    heads = {k.tag: {} for k in kernels}
    body = []

    body.append("## 1. Enforcement precision\n")
    body.append(
        "A CPU-bound process alone on the served CPU (CPU 0 of a one-vCPU "
        "VM on the icount clock, CPU 1 of two on the wall clock), given "
        "(C, T) by each mechanism. vres soft mode demotes the thread to "
        "nice 19 at exhaustion instead of stopping it: what it received "
        "at its server's priority is what counts (from its switch-out "
        "after `vres_throttle` to its switch-in after `vres_unthrottle` "
        "it ran as background; that time is shown apart). Its run intervals come from `sched_switch` events "
        "(tracefs, clock `mono`), the same way for every mechanism. A "
        "*period* is, for vres, the time between the boundaries of two "
        "`vres_replenish` events (the boundary each event names, not the "
        "event's own time, which a late timer delays) of its server; "
        "for SCHED_DEADLINE and cpu.max, the time "
        "between two resumptions after a throttle (the process back on the "
        "CPU after at least (T − C)/2 off it, which is when those "
        "mechanisms replenish it). The overrun of a period is what it "
        "received minus C (0 if less); the first period is dropped. "
        "\"Max in any window T\" is the most it received in any window of "
        "length T, minus C: the same sliding measure for all, independent "
        "of where a mechanism puts its period boundaries. SCHED_DEADLINE "
        "carries an overrun over as negative runtime (the next period is "
        "shorter), so its per-period overrun is measured against a budget "
        "it may not have had: an underestimate of its overrun. The process "
        "also notes each step of its own loop longer than 0.5 ms: where "
        "the trace has it on the CPU, that time went to interrupts or to "
        "the host not running the virtual CPU at all (the host is shared), "
        "which no mechanism can tell from the process running. \"Stalls "
        "excluded\" is the largest overrun after taking that time out of "
        "each period, the same way for every mechanism; \"longest stall\" "
        "is the longest such step.\n")
    for k in kernels:
        precision(k, out, body, heads[k.tag])

    body.append("## 2. Guarantee under load\n")
    body.append(
        "The same processes with three CPU hogs (SCHED_OTHER) on the same "
        "CPU and a second vres server of (C/2, T/2) — higher priority under "
        "Rate Monotonic — whose process spins. A period is *short* when "
        "the process, always runnable, received less than C − max(1% of C,"
        " 50 us). For vres the periods are its replenishments (the module's "
        "own `shortfalls` counter is shown beside it); SCHED_DEADLINE and "
        "cpu.max have no observable boundary under load, so their periods "
        "are a fixed grid of length T, at the phase (of 200 tried) that "
        "gives them the fewest short periods. Under SCHED_DEADLINE the "
        "process runs above every SCHED_FIFO thread, so the load cannot "
        "touch it; its short periods are the periods it pays back an "
        "overrun in.\n")
    for k in kernels:
        guarantee(k, out, body, heads[k.tag])

    body.append("## 3. Supply against the periodic resource model\n")
    body.append(
        "From the runs under load: for each window length t up to 4T, the "
        "least CPU time the process received in any window of that length "
        "(exact over the trace: the minimum of S(s + t) − S(s) lies where a "
        "window starts as the process stops or ends as it starts), against "
        "sbf(t) of the periodic resource model for the same (C, T): "
        "nothing for 2(T − C), then C per period. The sbf corners come "
        "from `selftests/bench/sbf`, which first checks them against the "
        "inverse the analysis engine (`kernel/vres_analysis.c`, supply "
        "model `exact`) computes. A deficit is how far a curve falls below "
        "sbf(t), at its worst.\n")
    for k in kernels:
        supply_check(k, out, body, heads[k.tag])

    body.append("## 4. Overhead\n")
    body.append(
        "Context switches: two processes pinned to one CPU pass a byte back "
        "and forth through pipes (as `perf bench sched pipe`); every round "
        "trip is two context switches, each of which runs vres's "
        "`sched_switch` probe (two hash-bucket loads). Configurations are "
        "measured in rounds, each going through all of them, so that the "
        "host's drift spreads over all. Timers: each attached server's "
        "period timer fires every period whether its thread runs or not. "
        "The work per expiry is measured untraced: a process spinning on "
        "the servers' CPU counts its loop's iterations with and without "
        "them, and the loop time it lost, divided by the expiries, is what "
        "one expiry took from the CPU, interrupt entry and exit included "
        "(on icount: instructions × 2^SHIFT ns). Beside it, traced: "
        "`hrtimer_expire_entry`/`exit` around vres's callbacks (the "
        "callback alone; trace timestamps have 1 µs resolution, so the "
        "mean of many is given) and `local_timer_entry`/`exit` (whole "
        "timer interrupts); the number of expiries that ran from the "
        "servers' own counters.\n")
    for k in kernels:
        overhead(k, out, body, heads[k.tag])

    body.append("## 5. Scale\n")
    body.append(
        "Servers are created, configured (CPU, then params: admission "
        "control of that CPU), attached to sleeping threads and destroyed, "
        "one write(2) timed at a time, spread round robin over the CPUs so "
        "that the servers per CPU, n, grow together. *admit* is the same "
        "params written again (admission control runs, nothing changes); "
        "*mode* a write with no analysis behind it (the floor of a sysfs "
        "write); *rta_user* the module's own response-time analysis "
        "(`vres_rta()` of `kernel/vres_analysis.c`) in userspace on the "
        "same n servers. Admission of a CPU with n servers sorts them "
        "(O(n log n)), runs the RTA with jitter — for each server i, a "
        "fixed-point iteration over its i − 1 higher-priority servers, "
        "O(n² · iterations) — and two window-demand sums (O(n)). With "
        "these server sets the iterations per server are few and do not "
        "grow with n, so the admission cost should grow at most like n².\n")
    for k in kernels:
        if os.path.exists(os.path.join(k.dir, "vm-scale.txt")):
            scale(k, out, body, heads[k.tag])

    body.append("## 6. Deadlines of a real-time guest (selftests/vres)\n")
    body.append(
        "Measured by `selftests/vres/deadline_test` (guest_rm running the "
        "thesis's worked example, its time ×10, next to CPU hogs and a "
        "higher-priority server); run by `make bench` when built.\n")
    for k in kernels:
        if os.path.isdir(os.path.join(k.dir, "deadline")):
            deadline(k, body)

    body.append("## 7. The analysis\n")
    ana = os.path.join(out, "analysis.txt")
    if os.path.exists(ana):
        with open(ana) as f:
            text = f.read()
        body.append("`make -C selftests/bench run-analysis` on the host, in this "
                    "run (Documentation/analysis.rst explains it):\n")
        body.append("```\n" + text.rstrip() + "\n```\n")
    else:
        body.append("Not run (`--no-analysis`): see `make -C userspace "
                    "run-analysis` and Documentation/analysis.rst.\n")

    crashes = []
    for k in kernels:
        try:
            with open(os.path.join(k.dir, "vm-crashes")) as f:
                crashes += [(k.name, l.strip()) for l in f if l.strip()]
        except OSError:
            pass
    body.append("## VM crashes\n")
    if crashes:
        body.append(
            "The test VM died and was booted again (guest.sh then went on "
            "where it had stopped, so no result mixes two boots):\n")
        for kv, c in crashes:
            body.append(f"- {kv}: phase {c}")
        body.append(
            "\nAn `Oops: int3` is, as far as we can tell, the emulator "
            "rather than vres (we saw it during boot, before vres was "
            "loaded, too): enabling or "
            "disabling a trace event, loading or unloading a module patches "
            "kernel text through int3 breakpoints, and QEMU's multi-threaded "
            "TCG now and then runs a stale breakpoint after the kernel has "
            "finished patching; the benchmarks therefore enable their events "
            "once per boot. A status of 124 or 125 with no kernel message "
            "is a VM that hung or was stopped from outside: Debian's 6.1 "
            "hangs in SMP bring-up on the icount clock with more than one "
            "vCPU (Documentation/benchmarks.rst; run.sh now probes for it "
            "and skips that phase).\n")
    else:
        body.append("None.\n")

    fails = [(k.name, f, os.path.relpath(k.dir, out)) for k in kernels
             for f in k.failures]
    body.append("## Failures\n")
    if fails:
        for kv, f, d in fails:
            body.append(f"- {kv}: {f} (log in {d}/{f.split()[0]}.log)")
        body.append("")
    else:
        body.append("None: every step ran.\n")

    skips = [(k.name, x) for k in kernels for x in k.skipped]
    if skips:
        body.append("## Skipped\n")
        for kv, x in skips:
            body.append(f"- {kv}: {x}")
        body.append("")

    md = ["# vres benchmark report\n"]
    md.append(f"Run {host.get('date', '?')} by `{host.get('command', '?')}`"
              f" (commit {host.get('commit', '?')}), "
              f"{host.get('elapsed', '?')} s.\n")
    hz = kernels[0].vm.get("hz", "250") if kernels else "250"
    if not hz.isdigit() or not int(hz):
        hz = "250"
    md.append(
        "Every number here was measured inside QEMU with TCG (software "
        "emulation, no KVM) on the host below, on two clocks "
        "(Documentation/benchmarks.rst explains both):\n")
    md.append(
        "- **icount** (`vmtest.sh --icount=SHIFT`, single-threaded TCG, "
        "`-icount shift=SHIFT,sleep=off`): the guest's time is the "
        "instructions its vCPUs execute, 2^SHIFT ns each, idle time "
        "skipped. Nothing the host does shows in it, so these numbers "
        "repeat; but it is a machine that executes one instruction per "
        "2^SHIFT ns, with no caches or memory latency modelled, and I/O "
        "that completes at host speed. With several vCPUs QEMU runs one "
        "at a time, round robin: work on one delays the others' "
        "interrupts and shows in their time. So precision, guarantee and "
        "supply run on a one-vCPU VM, and the overhead measurements on "
        "CPU 0 with the other vCPUs idle (the tables show what they did). "
        "Paths measured in instructions take 2^SHIFT times longer in "
        "guest time; period boundaries, budgets and the tick do not "
        "move.\n")
    md.append(
        "- **multi-threaded TCG, wall clock** (the second table): vCPUs "
        "run in parallel in host threads and guest time is the host's. "
        "The host shares its cores with other work and stalls the vCPUs "
        "for milliseconds: every maximum there is set by the host, not by "
        "the mechanisms.\n")
    if ick:
        md.append("## Headline: icount clock\n")
        headline_icount(ick, heads, md)
        md.append("")
        md.append(
            f"HRTICK is off by default, so SCHED_DEADLINE and cpu.max notice "
            f"an exhausted budget only at the next scheduler tick (HZ = {hz}:"
            f" every {1000 / int(hz):g} ms) and overrun by up to a tick; vres "
            "arms an hrtimer for the exact instant of exhaustion, and so "
            "does SCHED_DEADLINE with HRTICK_DL. On icount the remaining "
            "overrun is the enforcement path in instructions: interrupt "
            "delivery, the callback, and the way to the context switch.\n")
        md.append("### What scales with instruction speed\n")
        scaling(ick, heads, md)
        md.append("")
    if wall:
        md.append("## Headline: multi-threaded TCG (wall clock, bound by "
                  "host noise)\n")
        headline(wall, heads, md)
        md.append("")
        md.append(
            "Under multi-threaded TCG both the tick and vres's hrtimer are "
            "interrupts that the emulator delivers late, by up to "
            "milliseconds when the host deschedules a vCPU thread, so the "
            "maxima of this table are the host's.\n")
    md.append("## Machine\n")
    md.append(f"- Host: {host.get('host_cpu', '?')}, {host.get('host_cpus', '?')}"
              f" CPUs, {host.get('host_kernel', '?')}; "
              f"{host.get('qemu', '?')}")
    md.append(f"- Load on the host (uptime): before "
              f"`{host.get('uptime_before', '?')}`; after "
              f"`{host.get('uptime_after', '?')}`")
    for k in kernels:
        md.append(f"- Guest {k.kver}, clock {k.clock}: {k.vm.get('cpus', '?')}"
                  f" vCPUs for sections 1-3 and 6, "
                  f"{k.vm_scale.get('cpus', '?')} for "
                  f"4-5 ({k.vm.get('cpu_model', '?')}), clocksource "
                  f"{k.vm.get('clocksource', '?')}, HZ {k.vm.get('hz', '?')},"
                  f" TSC marked unstable: "
                  f"{'yes' if k.vm.get('tsc_unstable', '0') != '0' else 'no'}"
                  f", RT throttling {k.vm.get('rt_runtime_us', '?')} / "
                  f"{k.vm.get('rt_period_us', '?')} us")
    md.append("")
    md += body
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print(f"report: {os.path.join(out, 'report.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
