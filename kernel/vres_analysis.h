/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres_analysis.h - fixed-priority response-time analysis of tasks running
 * on a periodic CPU server (budget C every period T).
 *
 * One engine, compiled into the kernel module (admission control) and into
 * vresctl (plan, check). See vres_analysis.c for the algorithms and
 * Documentation/analysis.rst for the models and their sources. The
 * searches built on it, which only vresctl runs, are declared in
 * userspace/lib/vres_search.h.
 *
 * All times are integer nanoseconds. Inputs are at most VRES_TIME_MAX; a
 * computed time that would exceed U64_MAX saturates to VRES_TIME_INF, which
 * is larger than every valid deadline.
 */
#ifndef _VRES_ANALYSIS_H
#define _VRES_ANALYSIS_H

#include "vres_port.h"

/* vres_rta_limited() yields the CPU once per this many steps (a power of 2). */
#define VRES_STEPS_PER_RESCHED	4096

/* Largest accepted input time (about 36 years). */
#define VRES_TIME_MAX		BIT_ULL(60)
/* "Later than any deadline": a response time the analysis gave up on. */
#define VRES_TIME_INF		U64_MAX

/**
 * enum vres_supply - the worst-case supply of a server, as an inverse.
 * @VRES_SUPPLY_FULL: a dedicated CPU. inverse(w) = w. The server's period,
 *	budget and overhead are ignored. The module's admission control uses
 *	it with the servers of one CPU as the tasks.
 * @VRES_SUPPLY_EXACT: the periodic resource model (Shin & Lee, RTSS 2003):
 *	the budget may come anywhere in each period, so the worst case starts
 *	with a blackout of 2(T - C). inverse(w) = w + (ceil(w/C) + 1)(T - C).
 *	With an overhead X > 0 at the start of each period's execution this
 *	is the thesis's Eq 6: (T - C) + w + ceil(w/(C - X))(T - C + X).
 * @VRES_SUPPLY_PAPER: Eq 4 of the thesis as printed:
 *	2(T - C) + w + floor(w/C)(T - C). Equal to EXACT except where C
 *	divides w, where it is T - C larger (safe but pessimistic). Kept to
 *	reproduce the thesis. Does not take an overhead.
 * @VRES_SUPPLY_SLOT: the budget is delivered at the same offset in every
 *	period, so the blackout is T - C only:
 *	inverse(w) = w + ceil(w/(C - X))(T - C + X).
 * @VRES_SUPPLY_NR: number of supply models.
 */
enum vres_supply {
	VRES_SUPPLY_FULL = 0,
	VRES_SUPPLY_EXACT = 1,
	VRES_SUPPLY_PAPER = 2,
	VRES_SUPPLY_SLOT = 3,
	VRES_SUPPLY_NR,
};

#define VRES_SUPPLY_NAMES	{ "full", "exact", "paper", "slot" }

/**
 * struct vres_task - one periodic (or sporadic) task, or one server seen as
 *	a task by the admission control.
 * @period_ns: minimum inter-arrival time T_i, 0 < T_i <= VRES_TIME_MAX.
 * @wcet_ns: worst-case execution time C_i > 0. Any per-job overhead the
 *	caller wants charged (e.g. a server's switch cost X) must be included.
 * @deadline_ns: relative deadline D_i, 0 < D_i <= T_i.
 * @jitter_ns: release jitter J_i <= VRES_TIME_MAX. It enlarges the
 *	interference the task causes on lower-priority tasks to
 *	ceil((R + J_i)/T_i) C_i; the task's own response time R_i is measured
 *	from its release and compared with D_i as is. A deferrable server
 *	analysed as a task has J = T - C.
 * @group: the CPU (vCPU, or physical CPU for the admission control) the
 *	task runs on. Tasks interfere only with tasks of the same group.
 *
 * Arrays of tasks are sorted by group, and within a group by decreasing
 * priority: tasks[i] is preempted by exactly the tasks[j], j < i, of its
 * group. The engine does not choose priorities; vresctl's rule is in
 * Documentation/analysis.rst.
 */
struct vres_task {
	u64 period_ns;
	u64 wcet_ns;
	u64 deadline_ns;
	u64 jitter_ns;
	u32 group;
};

/**
 * struct vres_resource - a periodic resource (the analysis's view of a
 *	server): budget_ns every period_ns.
 * @supply: how the budget is delivered within the period.
 * @period_ns: T, 0 < T <= VRES_TIME_MAX (ignored for VRES_SUPPLY_FULL).
 * @budget_ns: C, 0 < C <= T, including the overhead.
 * @overhead_ns: X < C, time lost at the start of each period's execution
 *	(switching to the VM); only C - X does useful work.
 */
struct vres_resource {
	enum vres_supply supply;
	u64 period_ns;
	u64 budget_ns;
	u64 overhead_ns;
};

int vres_check_tasks(const struct vres_task *tasks, unsigned int n);
int vres_check_server(const struct vres_resource *srv);

u64 vres_supply_inverse(const struct vres_resource *srv, u64 work_ns);
int vres_rta(const struct vres_task *tasks, unsigned int n,
	     const struct vres_resource *srv, u64 *resp_ns);
int vres_rta_limited(const struct vres_task *tasks, unsigned int n,
		     const struct vres_resource *srv, u64 *resp_ns,
		     u64 *steps);
bool vres_mul_div(u64 a, u64 b, u64 d, u64 *q);

#endif /* _VRES_ANALYSIS_H */
