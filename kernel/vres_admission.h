/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres: admission control, as pure arithmetic on integer nanoseconds.
 *
 * The configuration code (vres_control.c) builds the list of servers a CPU
 * would have after a change, reads the host's limits, and asks vres_admit()
 * whether every server would still meet its period. The response-time
 * analysis itself is the shared engine's (vres_analysis.h), which callers
 * include themselves: this header only needs the servers' parameters.
 */
#ifndef _VRES_ADMISSION_H
#define _VRES_ADMISSION_H

#include <linux/types.h>

#include "vres_parse.h"

/* "No limit" for vres_adm_limits.rt_runtime_ns (RUNTIME_INF). */
#define VRES_ADM_INF	U64_MAX

/**
 * struct vres_adm_server - a server as admission control sees it
 * @name:        for the log line and for ordering ties
 * @budget_ns:   budget C
 * @period_ns:   period T (= deadline)
 * @overhead_ns: overhead X charged per activation: the server is analysed
 *               with C' = C + X
 * @priv:        the caller's pointer, carried along by vres_adm_sort()
 */
struct vres_adm_server {
	const char *name;
	u64 budget_ns;
	u64 period_ns;
	u64 overhead_ns;
	void *priv;
};

/**
 * struct vres_adm_limits - what the host leaves to SCHED_FIFO on one CPU
 * @rt_period_ns:    RT throttling period P (sched_rt_period_us)
 * @rt_runtime_ns:   RT runtime Q per P (sched_rt_runtime_us), or
 *                   VRES_ADM_INF when RT throttling is off
 * @fair_period_ns:  period of the fair deadline server (6.12+), 0 if none
 * @fair_runtime_ns: runtime of the fair deadline server, 0 if none
 * @nr_prio:         SCHED_FIFO priorities in the band (prio_max - prio_min + 1)
 */
struct vres_adm_limits {
	u64 rt_period_ns;
	u64 rt_runtime_ns;
	u64 fair_period_ns;
	u64 fair_runtime_ns;
	unsigned int nr_prio;
};

/**
 * enum vres_adm_result - why a set was refused
 * @VRES_ADM_OK:          admitted
 * @VRES_ADM_MISS:        server @index misses its period @limit (@value is
 *                        VRES_TIME_INF, "more than the period")
 * @VRES_ADM_RT_WINDOW:   demand @value in one RT period > RT runtime @limit
 * @VRES_ADM_FAIR_WINDOW: demand @value in the fair server's window leaves
 *                        it less than its runtime (@limit is the most the
 *                        servers may take)
 * @VRES_ADM_UTIL:        utilisation @value ppb > RT share @limit ppb
 * @VRES_ADM_PRIO:        @value servers but only @limit priorities
 * @VRES_ADM_GUEST_MISS:  guest task @index misses its deadline @limit
 * @VRES_ADM_COST:        the analysis needs more than @limit steps
 *                        (VRES_ANALYSIS_STEPS_MAX); @index is the last entry
 */
enum vres_adm_result {
	VRES_ADM_OK,
	VRES_ADM_MISS,
	VRES_ADM_RT_WINDOW,
	VRES_ADM_FAIR_WINDOW,
	VRES_ADM_UTIL,
	VRES_ADM_PRIO,
	VRES_ADM_GUEST_MISS,
	VRES_ADM_COST,
};

/**
 * struct vres_adm_verdict - the answer, with what the log line needs
 * @result: see enum vres_adm_result
 * @index:  the server (or guest task) that would miss, in the sorted
 *          array; when admitted, the one with the least slack
 * @value:  the offending quantity (demand, utilisation); when admitted,
 *          the response time of @index
 * @limit:  the bound it exceeds; when admitted, the period (deadline) of
 *          @index
 */
struct vres_adm_verdict {
	enum vres_adm_result result;
	unsigned int index;
	u64 value;
	u64 limit;
};

void vres_adm_sort(struct vres_adm_server *srv, unsigned int n);
int vres_admit(const struct vres_adm_server *srv, unsigned int n,
	       const struct vres_adm_limits *lim, struct vres_adm_verdict *v);
int vres_guest_admit(u64 budget_ns, u64 period_ns,
		     struct vres_guest_task *tasks, unsigned int n,
		     struct vres_adm_verdict *v);
u64 vres_adm_demand(const struct vres_adm_server *srv, unsigned int n,
		    u64 window_ns);
u64 vres_adm_utilization_ppm(const struct vres_adm_server *srv,
			     unsigned int n);

#endif /* _VRES_ADMISSION_H */
