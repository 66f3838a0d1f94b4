// SPDX-License-Identifier: GPL-2.0
/*
 * taskgen.c - random task sets for the simulation studies; see taskgen.h.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "taskgen.h"

/**
 * taskgen_stream() - the seed of one generated set.
 * @seed: the run's seed (--seed).
 * @study: which study (1: Section 4.6, 2: Section 4.8.3).
 * @n: number of tasks.
 * @set: index of the set, from 0.
 *
 * A set depends on these four values only: the same set is scaled to every
 * utilisation and analysed at every bandwidth and under every supply model
 * (paired comparisons), and asking for more sets, other task counts or
 * other utilisations leaves the sets already drawn as they were.
 * Return: the seed for taskgen_draw().
 */
u64 taskgen_stream(u64 seed, unsigned int study, unsigned int n,
		   unsigned int set)
{
	return prng_mix(prng_mix(prng_mix(seed, study), n), set);
}

/**
 * taskgen_draw() - draw the periods and unscaled WCETs of one set.
 * @gp: the distribution: n tasks, periods in [period_min, period_max],
 *	WCETs in [wcet_min, T_i] (the thesis's ranges, in time units).
 * @stream: the set's seed, from taskgen_stream().
 * @raw: where to store the set, sorted rate monotonic.
 *
 * Each task draws its period, then its WCET, in that order.
 * Return: 0, or -EINVAL for an empty range or too many tasks.
 */
int taskgen_draw(const struct taskgen_params *gp, u64 stream,
		 struct taskgen_raw *raw)
{
	struct prng p;
	unsigned int i, j;

	if (!gp->n || gp->n > TASKGEN_MAX_TASKS || !gp->period_min ||
	    gp->period_min > gp->period_max || !gp->wcet_min ||
	    gp->wcet_min > gp->period_min)
		return -EINVAL;
	prng_seed(&p, stream);
	raw->n = gp->n;
	for (i = 0; i < gp->n; i++) {
		u64 t = prng_range(&p, gp->period_min, gp->period_max);
		u64 c = prng_range(&p, gp->wcet_min, t);

		/* Insertion sort; equal periods keep draw order. */
		for (j = i; j > 0 && raw->period[j - 1] > t; j--) {
			raw->period[j] = raw->period[j - 1];
			raw->wcet[j] = raw->wcet[j - 1];
		}
		raw->period[j] = t;
		raw->wcet[j] = c;
	}
	return 0;
}

/**
 * taskgen_scale() - scale a drawn set to a utilisation, in nanoseconds.
 * @raw: the drawn set.
 * @util: the total utilisation u, in (0, 1].
 * @unit_ns: nanoseconds per time unit.
 * @tasks: raw->n entries: the tasks for the analysis engine.
 *
 * C_i = round(c_i * unit_ns * u / U_raw) ns, at least 1 ns, where U_raw is
 * the drawn utilisation sum c_j / T_j: the thesis scales real numbers, the
 * engine wants integer nanoseconds, so the utilisation is u to within the
 * rounding, n / 2 ns over the shortest period at worst. Periods are exact
 * (T_i * unit_ns), deadlines equal periods.
 * Return: 0, or -EINVAL for a utilisation outside (0, 1] or a period that
 * overflows.
 */
int taskgen_scale(const struct taskgen_raw *raw, double util, u64 unit_ns,
		  struct vres_task *tasks)
{
	double raw_util = 0, factor, c;
	unsigned int i;

	if (!(util > 0 && util <= 1) || !unit_ns)
		return -EINVAL;
	for (i = 0; i < raw->n; i++)
		raw_util += (double)raw->wcet[i] / (double)raw->period[i];
	factor = util / raw_util;
	for (i = 0; i < raw->n; i++) {
		struct vres_task *t = &tasks[i];

		memset(t, 0, sizeof(*t));
		if (raw->period[i] > VRES_TIME_MAX / unit_ns)
			return -EINVAL;
		t->period_ns = raw->period[i] * unit_ns;
		t->deadline_ns = t->period_ns;
		c = nearbyint((double)raw->wcet[i] * (double)unit_ns * factor);
		t->wcet_ns = c < 1 ? 1 : (u64)c;
	}
	return 0;
}
