// SPDX-License-Identifier: GPL-2.0
/*
 * oracle.c - brute-force reference for the analysis engine: see oracle.h.
 *
 * The worst-case supply patterns, with t = 0 the critical instant:
 *
 * exact: the budget may sit anywhere in its period. The worst case is the
 *   previous period's budget delivered as early as possible, ending at 0,
 *   and every later budget as late as possible. Periods are [kT - C,
 *   (k+1)T - C); period k >= 1 runs its budget in [(k+1)T - 2C, (k+1)T - C),
 *   the first X units of which are overhead (thesis Figure 4.10).
 *
 *     |<-- T-C -->|<------ T-C ------>|XX####|<--- T-C --->|XX####| ...
 *     0                          2T-2C  2T-C
 *
 * slot: the budget sits at the same offset every period. The worst case
 *   starts right after one ends; later slots are [kT - C, kT), k >= 1.
 *
 * full: every unit supplies.
 */
#include "oracle.h"

bool oracle_supplies(const struct oracle_server *srv, unsigned long long s)
{
	unsigned long long t = srv->period, c = srv->budget, x = srv->overhead;
	unsigned long long k, start;

	switch (srv->supply) {
	case ORACLE_FULL:
		return true;
	case ORACLE_EXACT:
		/* Shift by C so that period k starts at k * T. */
		k = (s + c) / t;
		if (k == 0)
			return false;
		start = (k + 1) * t - 2 * c + x;
		return s >= start && s < (k + 1) * t - c;
	case ORACLE_SLOT:
		/* Slot k >= 1 is [kT - C, kT): unit s is in slot ceil((s+1)/T). */
		k = (s + t) / t;
		start = k * t - c + x;
		return s >= start && s < k * t;
	}
	return false;
}

unsigned long long oracle_response(const struct oracle_task *tasks, unsigned int i,
			 const struct oracle_server *srv)
{
	unsigned int first = i, j;
	unsigned long long left[64] = { 0 };	/* remaining work of each task's jobs */
	unsigned long long s;

	while (first > 0 && tasks[first - 1].group == tasks[i].group)
		first--;
	if (i - first >= 63)
		return ORACLE_MISS;

	for (s = 0; s < tasks[i].deadline; s++) {
		/*
		 * Releases at time s: a task with jitter J releases its k-th job
		 * (k >= 0) at max(0, kT - J).
		 */
		for (j = first; j < i; j++) {
			const struct oracle_task *tj = &tasks[j];
			unsigned long long k;

			for (k = 0; k * tj->period <= s + tj->jitter; k++) {
				unsigned long long rel = k * tj->period > tj->jitter ?
					       k * tj->period - tj->jitter : 0;

				if (rel == s)
					left[j - first] += tj->wcet;
			}
		}
		if (s == 0)
			left[i - first] = tasks[i].wcet;

		if (!oracle_supplies(srv, s))
			continue;
		/* Highest priority pending work runs for this unit. */
		for (j = first; j <= i; j++) {
			if (left[j - first]) {
				left[j - first]--;
				break;
			}
		}
		if (!left[i - first])
			return s + 1;
	}
	return ORACLE_MISS;
}

bool oracle_schedulable(const struct oracle_task *tasks, unsigned int n,
			const struct oracle_server *srv)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (oracle_response(tasks, i, srv) == ORACLE_MISS)
			return false;
	return true;
}

unsigned long long oracle_min_budget(const struct oracle_task *tasks, unsigned int n,
			   enum oracle_supply supply, unsigned long long period,
			   unsigned long long overhead)
{
	struct oracle_server srv = { supply, period, 0, overhead };

	for (srv.budget = overhead + 1; srv.budget <= period; srv.budget++)
		if (oracle_schedulable(tasks, n, &srv))
			return srv.budget;
	return 0;
}

static unsigned long long paper_inverse(unsigned long long w, unsigned long long t, unsigned long long c)
{
	return 2 * (t - c) + w + (w / c) * (t - c);
}

unsigned long long oracle_paper_response(const struct oracle_task *tasks,
			       unsigned int i, unsigned long long period, unsigned long long budget)
{
	unsigned int first = i, j;
	unsigned long long r = 1, next, w;

	while (first > 0 && tasks[first - 1].group == tasks[i].group)
		first--;
	/*
	 * Plain iteration as in the thesis's Section 4.4, from r = 1: with
	 * integer parameters the demand at t = 1 equals the demand just after
	 * the critical instant, and every response time is at least 1.
	 */
	for (;;) {
		w = tasks[i].wcet;
		for (j = first; j < i; j++)
			w += ((r + tasks[j].jitter + tasks[j].period - 1) /
			      tasks[j].period) * tasks[j].wcet;
		next = paper_inverse(w, period, budget);
		if (next > tasks[i].deadline)
			return ORACLE_MISS;
		if (next == r)
			return r;
		r = next;
	}
}
