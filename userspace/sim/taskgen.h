/* SPDX-License-Identifier: GPL-2.0 */
/*
 * taskgen.h - random task sets as Paper III's simulation studies draw them
 * (thesis Sections 4.6 and 4.8.3).
 *
 * Periods are integers uniform in [period_min, period_max] time units; each
 * WCET is first an integer uniform in [wcet_min, T_i], then all WCETs are
 * scaled by one factor so that the utilisation is u. A time unit is
 * unit_ns nanoseconds (vres-sim's --unit). Tasks are in rate
 * monotonic order (shorter period first, ties in draw order), D_i = T_i.
 */
#ifndef VRESCTL_TASKGEN_H
#define VRESCTL_TASKGEN_H

#include "prng.h"

/* Most tasks in a generated set. */
#define TASKGEN_MAX_TASKS	1000

struct taskgen_params {
	unsigned int n;
	u64 period_min;		/* time units */
	u64 period_max;
	u64 wcet_min;
	u64 unit_ns;
};

/* The draws before scaling, in time units, in rate monotonic order. */
struct taskgen_raw {
	unsigned int n;
	u64 period[TASKGEN_MAX_TASKS];
	u64 wcet[TASKGEN_MAX_TASKS];
};

u64 taskgen_stream(u64 seed, unsigned int study, unsigned int n,
		   unsigned int set);
int taskgen_draw(const struct taskgen_params *gp, u64 stream,
		 struct taskgen_raw *raw);
int taskgen_scale(const struct taskgen_raw *raw, double util, u64 unit_ns,
		  struct vres_task *tasks);

#endif /* VRESCTL_TASKGEN_H */
