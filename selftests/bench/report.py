#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py: the benchmark report of "make bench" (python3 stdlib only).

    selftests/bench/report.py OUTDIR

reads what selftests/bench/run.sh and guest.sh left in OUTDIR (host.txt,
CLOCK/KVER/vm-*.txt, CLOCK/KVER/enforce/*.{json,trace},
CLOCK/KVER/overhead/*, CLOCK/KVER/scale/*, analysis.txt; CLOCK is
icount-SHIFT or mttcg) and writes OUTDIR/report.md with SVG figures
beside it. Every number comes from the traces and files of that one run,
computed by metrics.py; Documentation/benchmarks.rst says how.
"""
import csv
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgplot  # noqa: E402
from metrics import (  # noqa: E402
    HERE, MS, US, Supply, pct, tolerance, read_kv, Kernel, grid_supply,
    sbf_points, sbf_at, timer_stats, fit_exponent)

TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
MECH_LABEL = {"vres": "vres (hard)", "vres-soft": "vres (soft)",
              "dl": "SCHED_DEADLINE", "cpumax": "cgroup cpu.max",
              "dl-hrtick": "SCHED_DEADLINE + HRTICK_DL"}
MECH_COLOR = {"vres": "#1f77b4", "vres-soft": "#9467bd", "dl": "#d62728",
              "cpumax": "#2ca02c", "dl-hrtick": "#ff7f0e"}
MECH_DASH = {"dl-hrtick": "5,3", "vres-soft": "2,2"}

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


# ---- sections ---------------------------------------------------------------

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


def overhead(k, fig_dir, md, head):
    md.append(f"### {k.name}\n")
    path = os.path.join(k.dir, "overhead", "overhead.json")
    try:
        with open(path) as f:
            o = json.load(f)
    except (OSError, ValueError):
        md.append("No overhead results (see failures below).\n")
        return
    switches(k, o, fig_dir, md, head)
    timers(k, o, md, head)


def switches(k, o, fig_dir, md, head):
    """The ping-pong: ns per context switch in each configuration."""
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


def timers(k, o, md, head):
    """The servers' period timers: the work of one expiry."""
    instr = k.icount
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

def measured(section):
    """One place explains each number: Documentation/benchmarks.rst."""
    return (f"How each number of this section is measured: "
            f"Documentation/benchmarks.rst, \"{section}\".\n")


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


def sections(out, kernels, heads, body):
    """Sections 1-7, each kernel's results in turn."""

    body.append("## 1. Enforcement precision\n")
    body.append(measured("1. Enforcement precision"))
    for k in kernels:
        precision(k, out, body, heads[k.tag])

    body.append("## 2. Guarantee under load\n")
    body.append(measured("2. Guarantee under load"))
    for k in kernels:
        guarantee(k, out, body, heads[k.tag])

    body.append("## 3. Supply against the periodic resource model\n")
    body.append(measured("3. Supply against the periodic resource model"))
    for k in kernels:
        supply_check(k, out, body, heads[k.tag])

    body.append("## 4. Overhead\n")
    body.append(measured("4. Overhead"))
    for k in kernels:
        overhead(k, out, body, heads[k.tag])

    body.append("## 5. Scale\n")
    body.append(measured("5. Scale"))
    for k in kernels:
        if os.path.exists(os.path.join(k.dir, "vm-scale.txt")):
            scale(k, out, body, heads[k.tag])

    body.append("## 6. Deadlines of a real-time guest (selftests/vres)\n")
    body.append(measured("6. Deadlines of a real-time guest"))
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
        body.append("Not run (`--no-analysis`): see `make -C selftests/bench "
                    "run-analysis` and Documentation/analysis.rst.\n")


def problems(kernels, body):
    """What went wrong in the run: VM crashes, failures, skips."""
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
            "\nWhy the emulator kills the VM now and then, and why that is "
            "not vres: Documentation/benchmarks.rst, \"Running it\".\n")
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


def front(host, kernels, ick, wall, heads):
    """The title, the clocks, the headline tables and the machine."""
    md = ["# vres benchmark report\n"]
    md.append(f"Run {host.get('date', '?')} by `{host.get('command', '?')}`"
              f" (commit {host.get('commit', '?')}), "
              f"{host.get('elapsed', '?')} s.\n")
    hz = kernels[0].vm.get("hz", "250") if kernels else "250"
    if not hz.isdigit() or not int(hz):
        hz = "250"
    md.append(
        "Every number here was measured inside QEMU with TCG (software "
        "emulation, no KVM) on the host below, on two clocks: **icount** "
        "(`vmtest.sh --icount=SHIFT`: guest time is the instructions "
        "executed, 2^SHIFT ns each, and nothing the host does shows in "
        "it) and **multi-threaded TCG** (guest time is the host's, and "
        "the host's stalls set every maximum). What each clock is and is "
        "not, and how every number below is computed: "
        "Documentation/benchmarks.rst.\n")
    if ick:
        md.append("## Headline: icount clock\n")
        headline_icount(ick, heads, md)
        md.append("")
        md.append(
            f"SCHED_DEADLINE and cpu.max notice an exhausted budget at the "
            f"next tick (HZ = {hz}: every {1000 / int(hz):g} ms); vres and "
            "SCHED_DEADLINE with HRTICK_DL at an hrtimer: "
            "Documentation/benchmarks.rst, \"The clocks\".\n")
        md.append("### What scales with instruction speed\n")
        scaling(ick, heads, md)
        md.append("")
    if wall:
        md.append("## Headline: multi-threaded TCG (wall clock, bound by "
                  "host noise)\n")
        headline(wall, heads, md)
        md.append("")
        md.append(
            "The maxima of this table are the host's: "
            "Documentation/benchmarks.rst, \"Multi-threaded TCG: the wall "
            "clock\".\n")
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
    return md


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
    sections(out, kernels, heads, body)
    problems(kernels, body)
    md = front(host, kernels, ick, wall, heads)
    md += body
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print(f"report: {os.path.join(out, 'report.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
