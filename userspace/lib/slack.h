/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slack.h - sensitivity analysis of a verdict: for a task set on a server
 * (C, T, X), how far each parameter can move, the others fixed, before a
 * deadline is missed (or, for a set that misses one, how far it must move
 * before none is). Exact, in integer nanoseconds (and parts per million
 * for the WCET scale); the definitions are in Documentation/analysis.rst,
 * "Slack".
 *
 * Every answer is a limit: the value of the parameter at the boundary,
 * with which the set is still schedulable and one step beyond which it is
 * not. The slack is the limit minus the current value: >= 0 for a
 * schedulable set, < 0 (the change needed) for one that is not.
 */
#ifndef VRESCTL_SLACK_H
#define VRESCTL_SLACK_H

#include <stdbool.h>

#include "planner.h"

/* The resolution of the WCET scale: one part per million. */
#define SLACK_PPM	1000000ULL

/*
 * One side of the period at a fixed bandwidth C/T. For a schedulable set,
 * @period is the last feasible period of the maximal interval of feasible
 * periods around T, on that side; for an unschedulable one, the nearest
 * feasible period on that side.
 */
struct slack_side {
	bool found;	/* false: no such period in the range */
	bool at_range;	/* schedulable: the interval runs to the range's end */
	u64 period;
};

struct slack_server {
	bool schedulable;
	/* budget: Cmin(T) at this overhead; none if even C = T misses */
	bool have_min_budget;
	u64 min_budget;
	/* overhead: the largest X' < C that keeps every deadline */
	bool have_max_overhead;
	u64 max_overhead;
	/* period at the fixed budget C: the longest T' >= C that works */
	bool have_max_period;
	bool max_period_at_range;
	u64 max_period;
	/* period at the fixed bandwidth C/T */
	struct slack_side below;
	struct slack_side above;
	/* all WCETs: the largest k with every C_i' = ceil(k C_i / 10^6) */
	bool have_scale;
	bool scale_at_deadline;	/* k is capped where some C_i' reaches D_i */
	u64 scale_ppm;
};

struct slack_task {
	u64 response;		/* R_i, VRES_TIME_INF if the task misses */
	bool computed;		/* false: the vCPU has over tasks_max tasks */
	bool have_max_wcet;	/* false: even C_i = 1 ns misses */
	u64 max_wcet;		/* largest C_i' keeping its vCPU schedulable */
};

/* The problem: the engine's view of the tasks, the server, the range. */
struct slack_problem {
	const struct vres_task *tasks;	/* sorted, as vres_rta() wants */
	unsigned int n;
	enum vres_supply supply;
	u64 budget;
	u64 period;
	u64 overhead;
	u64 range_lo;	/* periods the searches consider */
	u64 range_hi;
	/*
	 * slack_tasks() leaves out the WCET limits of the tasks of a vCPU
	 * with more tasks than this (0: no limit): each costs ~log2(D)
	 * analyses of the whole vCPU.
	 */
	unsigned int tasks_max;
};

bool slack_schedulable(const struct slack_problem *p, u64 budget,
		       u64 period, u64 overhead);
int slack_server(const struct slack_problem *p, struct slack_server *s);
int slack_tasks(const struct slack_problem *p, struct slack_task *st);
int slack_scale(const struct slack_problem *p, struct slack_server *s);
int slack_wcet_scaled(const struct vres_task *tasks, unsigned int n,
		      u64 ppm, struct vres_task *out);

#endif /* VRESCTL_SLACK_H */
