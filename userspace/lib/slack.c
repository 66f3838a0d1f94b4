// SPDX-License-Identifier: GPL-2.0
/*
 * slack.c - sensitivity analysis of a verdict (Bini & Buttazzo's question,
 * over the periodic resource model): how far each of the server's budget,
 * overhead and period, and each task's WCET, can move, the others fixed.
 *
 * Every limit is found exactly, with integer arithmetic only, and by one of
 * two means:
 *
 *  - where schedulability is monotone in the parameter (budget, overhead,
 *    the period at a fixed budget, one WCET, all WCETs scaled together), a
 *    binary search over the integers, whose invariant is "schedulable at
 *    ok, not at bad": the answer is ok when bad = ok + 1;
 *  - for the period at a fixed bandwidth, where schedulability is NOT
 *    monotone (the feasible periods are a union of intervals, with isolated
 *    points), the engine's exact interval search, vres_feasible_periods(),
 *    over windows [T - d, T] and [T, T + d] whose width d doubles until the
 *    interval around T ends inside the window. Never a bisection.
 *
 * See slack.h and Documentation/analysis.rst, "Slack".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "slack.h"

/**
 * slack_schedulable() - does every task meet its deadline on (C, T, X)?
 * @p: the problem (tasks and supply model).
 * @budget: C.
 * @period: T.
 * @overhead: X.
 *
 * A server the analysis does not take (C = 0, C > T, X >= C) is not
 * schedulable.
 * Return: true if every task of every vCPU meets its deadline.
 */
bool slack_schedulable(const struct slack_problem *p, u64 budget,
		       u64 period, u64 overhead)
{
	struct vres_resource srv = {
		.supply = p->supply, .budget_ns = budget, .period_ns = period,
		.overhead_ns = overhead,
	};

	if (vres_check_server(&srv))
		return false;
	return vres_rta(p->tasks, p->n, &srv, NULL) == 0;
}

/* ---- monotone parameters: binary search ------------------------------ */

/* The largest X' < C that works; the set is monotone in X. */
static void max_overhead(const struct slack_problem *p, bool sched,
			 struct slack_server *s)
{
	u64 ok = p->overhead, bad = p->budget, mid;

	s->have_max_overhead = false;
	if (p->supply == VRES_SUPPLY_PAPER)
		return;		/* Eq 4 has no overhead term */
	if (!sched) {
		if (!slack_schedulable(p, p->budget, p->period, 0))
			return;
		ok = 0;
		bad = p->overhead;
	}
	/* Invariant: schedulable at ok, not at bad (or bad = C, invalid). */
	while (bad - ok > 1) {
		mid = ok + (bad - ok) / 2;
		if (slack_schedulable(p, p->budget, p->period, mid))
			ok = mid;
		else
			bad = mid;
	}
	s->have_max_overhead = true;
	s->max_overhead = ok;
}

/*
 * The longest period T' >= C that works with the budget C: the supply of a
 * fixed budget only shrinks as its period grows, so the set is monotone in
 * T' and the shorter periods down to C all work. Upwards the search
 * gallops (steps doubling from T/64) to the first failure or the range's
 * end, then bisects.
 */
static void max_period(const struct slack_problem *p, bool sched,
		       struct slack_server *s)
{
	u64 c = p->budget, x = p->overhead;
	u64 hi = p->range_hi > p->period ? p->range_hi : p->period;
	u64 ok = p->period, bad, d = p->period / 64 + 1, mid;

	s->have_max_period = false;
	s->max_period_at_range = false;
	if (sched) {
		for (;;) {
			bad = hi - ok > d ? ok + d : hi;
			if (bad == ok || !slack_schedulable(p, c, bad, x))
				break;
			ok = bad;
			d *= 2;
		}
		if (bad == ok) {
			s->max_period_at_range = true;
			bad = ok + 1;
		}
	} else {
		if (!slack_schedulable(p, c, c, x))
			return;
		ok = c;
		bad = p->period;
	}
	while (bad - ok > 1) {
		mid = ok + (bad - ok) / 2;
		if (slack_schedulable(p, c, mid, x))
			ok = mid;
		else
			bad = mid;
	}
	s->have_max_period = true;
	s->max_period = ok;
}

/**
 * slack_wcet_scaled() - every WCET scaled by @ppm parts per million.
 * @tasks: the tasks.
 * @n: how many.
 * @ppm: the scale k: C_i' = ceil(k C_i / 10^6), the safe rounding (the set
 *	is then schedulable for every WCET up to the exact k C_i / 10^6).
 * @out: the scaled tasks.
 *
 * Return: 0, or -ERANGE if some C_i' would exceed D_i (or be 0).
 */
int slack_wcet_scaled(const struct vres_task *tasks, unsigned int n,
		      u64 ppm, struct vres_task *out)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned __int128 c = (unsigned __int128)tasks[i].wcet_ns * ppm;

		c = (c + SLACK_PPM - 1) / SLACK_PPM;
		out[i] = tasks[i];
		if (!c || c > tasks[i].deadline_ns)
			return -ERANGE;
		out[i].wcet_ns = (u64)c;
	}
	return 0;
}

/* The scaled set on the problem's server. */
static bool scaled_ok(const struct slack_problem *p, u64 ppm,
		      struct vres_task *scratch)
{
	struct slack_problem q = *p;

	if (slack_wcet_scaled(p->tasks, p->n, ppm, scratch))
		return false;
	q.tasks = scratch;
	return slack_schedulable(&q, p->budget, p->period, p->overhead);
}

/**
 * slack_scale() - the largest scale of all WCETs together.
 * @p: the problem.
 * @s: receives have_scale, scale_ppm and scale_at_deadline.
 *
 * The largest k (ppm) such that the set with every C_i' = ceil(k C_i /
 * 10^6) is schedulable; k + 1 is not, or some C_i' would pass its D_i
 * (scale_at_deadline). Monotone in k: binary search over [1, kmax],
 * kmax = min_i floor(D_i 10^6 / C_i). k < 10^6 for an unschedulable set:
 * the WCETs must shrink.
 *
 * Return: 0 or -ENOMEM.
 */
int slack_scale(const struct slack_problem *p, struct slack_server *s)
{
	struct vres_task *scratch = calloc(p->n ? p->n : 1, sizeof(*scratch));
	u64 kmax = U64_MAX, k, ok, bad, mid;
	unsigned int i;

	if (!scratch)
		return -ENOMEM;
	for (i = 0; i < p->n; i++) {
		if (!vres_mul_div(p->tasks[i].deadline_ns, SLACK_PPM,
				  p->tasks[i].wcet_ns, &k))
			k = U64_MAX;
		if (k < kmax)
			kmax = k;
	}
	s->have_scale = false;
	s->scale_at_deadline = false;
	if (kmax && scaled_ok(p, 1, scratch)) {
		s->have_scale = true;
		ok = 1;
		bad = kmax;
		if (scaled_ok(p, kmax, scratch)) {
			ok = kmax;
			s->scale_at_deadline = true;
		}
		while (bad > ok && bad - ok > 1) {
			mid = ok + (bad - ok) / 2;
			if (scaled_ok(p, mid, scratch))
				ok = mid;
			else
				bad = mid;
		}
		s->scale_ppm = ok;
	}
	free(scratch);
	return 0;
}

/* ---- the period at a fixed bandwidth: interval search --------------- */

struct window {
	bool first_only;
	bool any;
	u64 first[2];
	u64 last[2];
};

static int window_fn(void *ctx, u64 lo, u64 hi)
{
	struct window *w = ctx;

	if (!w->any) {
		w->first[0] = lo;
		w->first[1] = hi;
	}
	w->any = true;
	w->last[0] = lo;
	w->last[1] = hi;
	/* A negative errno stops the search; window() maps it back. */
	return w->first_only ? -ECANCELED : 0;
}

/* The feasible periods of bandwidth C/T in [a, b]: first and last. */
static int window(const struct slack_problem *p, struct vres_search *ws,
		  u64 a, u64 b, bool first_only, struct window *w)
{
	struct vres_bandwidth bw = { .num = p->budget, .den = p->period };
	int ret;

	memset(w, 0, sizeof(*w));
	w->first_only = first_only;
	ret = vres_feasible_periods(p->tasks, p->n, p->supply, p->overhead,
				    &bw, a, b, ws, window_fn, w);
	return ret == -ECANCELED && w->any ? 0 : ret;
}

/*
 * Below T: the start of the interval of feasible periods ending at T
 * (@sched), or the nearest feasible period under T. The window [T - d, T]
 * grows until the interval starts inside it or it reaches the range.
 */
static int side_below(const struct slack_problem *p, struct vres_search *ws,
		      bool sched, struct slack_side *sd)
{
	u64 t = p->period, lo = p->range_lo < t ? p->range_lo : t;
	u64 d = t / 64 + 1, a;
	struct window w;
	int ret;

	memset(sd, 0, sizeof(*sd));
	if (!sched && t == lo)
		return 0;
	for (;;) {
		a = t - lo > d ? t - d : lo;
		ret = window(p, ws, a, sched ? t : t - 1, false, &w);
		if (ret)
			return ret;
		if (sched && (!w.any || w.last[1] != t))
			return -EDEADLK;	/* the engine disagrees with RTA */
		if (sched && w.last[0] > a) {
			sd->found = true;
			sd->period = w.last[0];
			return 0;
		}
		if (!sched && w.any) {
			sd->found = true;
			sd->period = w.last[1];
			return 0;
		}
		if (a == lo) {
			sd->found = sched;
			sd->at_range = sched;
			sd->period = lo;
			return 0;
		}
		d *= 2;
	}
}

/* Above T: the end of the interval from T, or the nearest one over T. */
static int side_above(const struct slack_problem *p, struct vres_search *ws,
		      bool sched, struct slack_side *sd)
{
	u64 t = p->period, hi = p->range_hi > t ? p->range_hi : t;
	u64 d = t / 64 + 1, b;
	struct window w;
	int ret;

	memset(sd, 0, sizeof(*sd));
	if (!sched && t == hi)
		return 0;
	for (;;) {
		b = hi - t > d ? t + d : hi;
		ret = window(p, ws, sched ? t : t + 1, b, true, &w);
		if (ret)
			return ret;
		if (sched && (!w.any || w.first[0] != t))
			return -EDEADLK;
		if (sched && w.first[1] < b) {
			sd->found = true;
			sd->period = w.first[1];
			return 0;
		}
		if (!sched && w.any) {
			sd->found = true;
			sd->period = w.first[0];
			return 0;
		}
		if (b == hi) {
			sd->found = sched;
			sd->at_range = sched;
			sd->period = hi;
			return 0;
		}
		d *= 2;
	}
}

/* ---- the whole server -------------------------------------------------- */

/**
 * slack_server() - the limits of the server's parameters and of the WCETs.
 * @p: the problem; range_lo <= range_hi within [1, VRES_TIME_MAX].
 * @s: the answer.
 *
 * Return: 0, -ENOMEM, or -EINVAL/-EDEADLK if the engine refuses the input
 * or contradicts itself.
 */
int slack_server(const struct slack_problem *p, struct slack_server *s)
{
	struct vres_search *ws;
	int ret;

	memset(s, 0, sizeof(*s));
	s->schedulable = slack_schedulable(p, p->budget, p->period,
					   p->overhead);
	ret = vres_min_budget(p->tasks, p->n, p->supply, p->period,
			      p->overhead, &s->min_budget);
	if (ret && ret != -ERANGE)
		return ret;
	s->have_min_budget = !ret;
	max_overhead(p, s->schedulable, s);
	max_period(p, s->schedulable, s);
	ws = search_kept(p->tasks, p->n);
	if (!ws)
		return -ENOMEM;
	ret = side_below(p, ws, s->schedulable, &s->below);
	if (!ret)
		ret = side_above(p, ws, s->schedulable, &s->above);
	if (ret)
		return ret;
	return slack_scale(p, s);
}

/* ---- each task's WCET --------------------------------------------------- */

/*
 * The largest WCET of slice[i] keeping the slice (one vCPU) schedulable.
 * @room: min over j >= i of D_j - R_j, if the slice is schedulable: C_i
 * + delta adds at least delta to every R_j, j >= i (one more job's worth
 * of demand, and inverse(w + delta) >= inverse(w) + delta), so C_i + room
 * + 1 misses and bounds the search.
 */
static void max_wcet(const struct slack_problem *q, struct vres_task *slice,
		     unsigned int i, u64 room, struct slack_task *st)
{
	u64 c = slice[i].wcet_ns, ok, bad, mid;
	bool sched = slack_schedulable(q, q->budget, q->period, q->overhead);

	st->have_max_wcet = false;
	if (sched) {
		ok = c;
		bad = slice[i].deadline_ns + 1;
		if (room < bad - c - 1)
			bad = c + room + 1;
	} else {
		slice[i].wcet_ns = 1;
		if (!slack_schedulable(q, q->budget, q->period, q->overhead)) {
			slice[i].wcet_ns = c;
			return;
		}
		ok = 1;
		bad = c;
	}
	while (bad - ok > 1) {
		mid = ok + (bad - ok) / 2;
		slice[i].wcet_ns = mid;
		if (slack_schedulable(q, q->budget, q->period, q->overhead))
			ok = mid;
		else
			bad = mid;
	}
	slice[i].wcet_ns = c;
	st->have_max_wcet = true;
	st->max_wcet = ok;
}

/**
 * slack_tasks() - each task's response time and largest WCET.
 * @p: the problem.
 * @st: @p->n entries, in the order of @p->tasks.
 *
 * The largest WCET of task i is the largest C_i' in [1, D_i] with which
 * every task of its vCPU (group) meets its deadline, the other WCETs
 * fixed; a longer WCET only adds interference, so this is monotone and
 * found by binary search. Beyond D_i the task itself misses. Left out
 * (computed false) on a vCPU of more than @p->tasks_max tasks.
 *
 * Return: 0, -ENOMEM or -EINVAL.
 */
int slack_tasks(const struct slack_problem *p, struct slack_task *st)
{
	struct vres_resource srv = {
		.supply = p->supply, .budget_ns = p->budget,
		.period_ns = p->period, .overhead_ns = p->overhead,
	};
	struct vres_task *slice;
	u64 *resp;
	unsigned int g0, g1, i;
	int ret = -ENOMEM;

	slice = calloc(p->n ? p->n : 1, sizeof(*slice));
	resp = calloc(p->n ? p->n : 1, sizeof(*resp));
	if (!slice || !resp)
		goto out;
	ret = vres_rta(p->tasks, p->n, &srv, resp);
	if (ret < 0)
		goto out;
	ret = 0;
	for (g0 = 0; g0 < p->n; g0 = g1) {
		struct slack_problem q = *p;
		u64 room = U64_MAX;

		for (g1 = g0 + 1; g1 < p->n &&
		     p->tasks[g1].group == p->tasks[g0].group; g1++)
			;
		memcpy(slice, p->tasks + g0, (g1 - g0) * sizeof(*slice));
		q.tasks = slice;
		q.n = g1 - g0;
		for (i = g1; i-- > g0;) {
			u64 r = resp[i];

			if (r <= p->tasks[i].deadline_ns &&
			    p->tasks[i].deadline_ns - r < room)
				room = p->tasks[i].deadline_ns - r;
			st[i].response = r;
			st[i].computed = !p->tasks_max ||
					 g1 - g0 <= p->tasks_max;
			st[i].have_max_wcet = false;
			if (st[i].computed)
				max_wcet(&q, slice, i - g0, room, &st[i]);
		}
	}
out:
	free(slice);
	free(resp);
	return ret;
}
