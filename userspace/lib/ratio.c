// SPDX-License-Identifier: GPL-2.0
/*
 * ratio.c - how far a task set is from its deadlines on a server: the
 * largest R_i/D_i, followed above 1 up to a cap, as the thesis's curves
 * of Section 4.8 and vresctl plan --plot draw it.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "ratio.h"

/**
 * rta_worst_ratio() - max R_i/D_i of a task set on a server, capped.
 * @tasks: the tasks, in priority order, one group.
 * @n: number of tasks.
 * @srv: the server; a budget not above the overhead leaves no useful
 *	supply and gives @cap.
 * @cap: the largest ratio reported, >= 1: a response time above
 *	@cap * D_i, or none at all, counts as @cap.
 * @scratch: room for @n tasks.
 * @resp: room for @n response times (overwritten).
 * @ratio: where to store min(max_i R_i/D_i, @cap).
 *
 * The engine stops at the deadline, but the thesis's curves go on above 1
 * (Figures 4.12-4.15). A task's own response time does not depend on its
 * own period, so a missed task is analysed again as the last of a copy of
 * its prefix whose deadline (and period) is @cap * D_i.
 * Return: the number of tasks that miss their deadline (0: schedulable), or
 * a negative errno.
 */
int rta_worst_ratio(const struct vres_task *tasks, unsigned int n,
		    const struct vres_resource *srv, double cap,
		    struct vres_task *scratch, u64 *resp, double *ratio)
{
	double worst = 0, lifted;
	unsigned int i;
	int misses, ret;

	if (cap < 1)
		return -EINVAL;
	if (srv->supply != VRES_SUPPLY_FULL &&
	    srv->budget_ns <= srv->overhead_ns) {
		*ratio = cap;
		return (int)n;
	}
	misses = vres_rta(tasks, n, srv, resp);
	if (misses < 0)
		return misses;
	for (i = 0; i < n; i++)
		if (resp[i] != VRES_TIME_INF)
			worst = fmax(worst, (double)resp[i] /
					    (double)tasks[i].deadline_ns);
	for (i = 0; misses && i < n && worst < cap; i++) {
		if (resp[i] != VRES_TIME_INF)
			continue;
		memcpy(scratch, tasks, (i + 1) * sizeof(*tasks));
		lifted = ceil(cap * (double)tasks[i].deadline_ns);
		scratch[i].deadline_ns = lifted >= (double)VRES_TIME_MAX ?
					 VRES_TIME_MAX : (u64)lifted;
		scratch[i].period_ns = scratch[i].deadline_ns;
		ret = vres_rta(scratch, i + 1, srv, resp);
		if (ret < 0)
			return ret;
		worst = resp[i] == VRES_TIME_INF ? cap :
			fmax(worst, (double)resp[i] /
				    (double)tasks[i].deadline_ns);
	}
	*ratio = fmin(worst, cap);
	return misses;
}
