// SPDX-License-Identifier: GPL-2.0
/*
 * vres_analysis.c - fixed-priority response-time analysis of tasks running
 * on a periodic CPU server, and the searches built on it.
 *
 * Model (Paper III of the thesis vres implements, Sections 4.3-4.8, and
 * Shin & Lee, "Periodic resource model for compositional real-time
 * guarantees", RTSS 2003): periodic or sporadic tasks with constrained
 * deadlines, preemptive fixed priorities, on a server that guarantees C
 * time units every T. The server's worst-case supply is described by its
 * inverse: inverse(w) is the longest time it may take to receive w units of
 * service, from the worst moment on. Every supply model here has the form
 *
 *	inverse(w) = lead + w + chunks(w) * gap
 *
 * where eff = C - X is the useful budget of one period (X is the overhead
 * paid at the start of each period's execution), gap = T - eff is the time
 * without useful supply in each period, chunks(w) = ceil(w / eff) (floor for
 * the thesis's Eq 4) is the number of periods whose gap the work must wait
 * out, and lead is the extra blackout before the first chunk:
 *
 *	model	lead		chunks		source
 *	exact	T - C		ceil(w/eff)	Shin & Lee; thesis Eq 6
 *	paper	2(T - C)	floor(w/C)	thesis Eq 4 as printed (X = 0)
 *	slot	0		ceil(w/eff)	budget at a fixed offset
 *	full	inverse(w) = w			dedicated CPU
 *
 * The response time of task i is the least fixed point of
 *
 *	R = inverse(W_i(R)),  W_i(R) = C_i + sum_{j in hp(i)} ceil((R + J_j)/T_j) C_j
 *
 * found by iterating from inverse(C_i + sum C_j), a lower bound. inverse()
 * and W_i() are non-decreasing, so the iterates increase to the least fixed
 * point, which equals the least t with sbf(t) >= W_i(t); the iteration stops
 * as soon as R > D_i. The task meets its deadline iff R_i <= D_i.
 *
 * Everything is integer nanoseconds. Inputs are at most VRES_TIME_MAX
 * (2^60), so sums of two inputs cannot overflow; every other addition or
 * multiplication saturates at VRES_TIME_INF, which exceeds every deadline,
 * so an overflowed response time reads as "misses its deadline", which it
 * does. Products of two large values (budget rules, ratio comparisons) use a
 * 128-bit intermediate built from 64-bit operations.
 *
 * This file is what the module runs (admission). The searches built on it
 * (minimum budget, feasible periods, best server) serve vresctl only and
 * live in user space (userspace/lib/vres_quick.c, vres_budget.c,
 * vres_periods.c); they share this code through vres_analysis_core.h.
 */
#include "vres_analysis_core.h"

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

/*
 * floor((u1 * 2^64 + u0) / v) for u1 < v, so that the quotient fits in 64
 * bits: long division in base 2^32 with a normalised divisor (Knuth's
 * algorithm D as written in Hacker's Delight, "divlu"). Each estimated
 * quotient digit is at most 2 too large and the inner loops correct it.
 */
u64 vres_div128(u64 u1, u64 u0, u64 v)
{
	const u64 b = 1ULL << 32;
	u64 vn1, vn0, un32, un21, un10, un1, un0, q1, q0, rhat;
	unsigned int s;

	s = vres_clz64(v);
	v <<= s;
	vn1 = v >> 32;
	vn0 = v & 0xffffffffULL;
	un32 = s ? (u1 << s) | (u0 >> (64 - s)) : u1;
	un10 = u0 << s;
	un1 = un10 >> 32;
	un0 = un10 & 0xffffffffULL;

	q1 = vres_div64(un32, vn1);
	rhat = un32 - q1 * vn1;
	while (q1 >= b || q1 * vn0 > b * rhat + un1) {
		q1--;
		rhat += vn1;
		if (rhat >= b)
			break;
	}
	/* The partial remainder is below v, so the wrap-around cancels. */
	un21 = un32 * b + un1 - q1 * v;

	q0 = vres_div64(un21, vn1);
	rhat = un21 - q0 * vn1;
	while (q0 >= b || q0 * vn0 > b * rhat + un0) {
		q0--;
		rhat += vn1;
		if (rhat >= b)
			break;
	}
	return q1 * b + q0;
}

/**
 * vres_mul_div() - floor(a * b / d) without intermediate overflow.
 * @a: first factor.
 * @b: second factor.
 * @d: divisor.
 * @q: where to store the quotient.
 *
 * Context: any; does not sleep.
 * Return: true and *@q set if @d > 0 and the quotient fits in 64 bits,
 * false otherwise (*@q untouched).
 */
bool vres_mul_div(u64 a, u64 b, u64 d, u64 *q)
{
	u64 hi, lo;

	if (!d)
		return false;
	mul128(a, b, &hi, &lo);
	if (hi >= d)
		return false;
	*q = hi ? vres_div128(hi, lo, d) : vres_div64(lo, d);
	return true;
}

/* ------------------------------------------------------------------ */
/* Supply models                                                       */
/* ------------------------------------------------------------------ */

/*
 * Fill @s for a server whose period has blackout @slack = T - C and useful
 * budget @eff = C - X > 0, with overhead @x.
 */
void vres_shape_set(struct vres_shape *s, enum vres_supply supply,
		    u64 slack, u64 eff, u64 x)
{
	s->supply = supply;
	s->eff = eff;
	s->gap = sat_add(slack, x);
	switch (supply) {
	case VRES_SUPPLY_EXACT:
		/*
		 * Worst case (thesis Figure 4.10): the budget came as early as
		 * possible in the previous period and comes as late as possible
		 * from now on, so useful supply starts after (T - C) + (T - C + X).
		 */
		s->lead = slack;
		break;
	case VRES_SUPPLY_PAPER:
		s->lead = sat_add(slack, slack);
		break;
	default:
		s->lead = 0;
		break;
	}
	s->up_num = 0;
	s->up_den = 0;
	s->lo_num = 0;
	s->lo_den = 0;
}

static void shape_of_server(struct vres_shape *s, const struct vres_resource *srv)
{
	if (srv->supply == VRES_SUPPLY_FULL) {
		vres_shape_set(s, VRES_SUPPLY_FULL, 0, 1, 0);
		return;
	}
	vres_shape_set(s, srv->supply, srv->period_ns - srv->budget_ns,
		       srv->budget_ns - srv->overhead_ns, srv->overhead_ns);
}

u64 vres_shape_inverse(const struct vres_shape *s, u64 work)
{
	bool ceiling = s->supply != VRES_SUPPLY_PAPER;
	u64 chunks, extra, bound;

	if (s->supply == VRES_SUPPLY_FULL)
		return work;
	chunks = ceiling ? div_ceil(work, s->eff) : vres_div64(work, s->eff);
	extra = sat_mul(chunks, s->gap);
	/* Rate bounds: see vres_search_bounds() (vres_periods.c) for why. */
	if (s->up_num) {
		if (!vres_mul_div(work, s->up_num, s->up_den, &bound))
			bound = VRES_TIME_INF;
		if (ceiling)
			bound = sat_add(bound, s->gap);
		extra = min_u64(extra, bound);
	}
	if (s->lo_num && vres_mul_div(work, s->lo_num, s->lo_den, &bound))
		extra = max_u64(extra, bound);
	return sat_add(sat_add(s->lead, work), extra);
}

/* ------------------------------------------------------------------ */
/* Response-time analysis                                              */
/* ------------------------------------------------------------------ */

/*
 * Is the utilisation of tasks[first..i-1] at least the long-term rate of
 * supply @s (no rate bounds), eff / (eff + gap)? Then tasks[i] has no
 * response time: inverse(w) >= w / rate for every shape, and the demand
 * C_i + sum ceil((R + J_j) / T_j) C_j >= C_i + R * rate, so no R is a fixed
 * point. The tasks' utilisations are taken in parts per billion rounded
 * down, so that rounding never declares a miss that is not one.
 */
#define VRES_PPB	1000000000ULL

static bool hp_saturates(const struct vres_task *tasks, unsigned int first,
			 unsigned int i, const struct vres_shape *s)
{
	u64 sum = 0, q, lhi, llo, rhi, rlo;
	unsigned int j;

	for (j = first; j < i; j++) {
		if (!vres_mul_div(tasks[j].wcet_ns, VRES_PPB,
				  tasks[j].period_ns, &q))
			return true;	/* far above any rate */
		sum = sat_add(sum, q);
	}
	if (s->supply == VRES_SUPPLY_FULL)
		return sum >= VRES_PPB;
	/* sum / 10^9 >= eff / (eff + gap), exactly, in 128 bits. */
	mul128(sum, s->eff + s->gap, &lhi, &llo);
	mul128(s->eff, VRES_PPB, &rhi, &rlo);
	return lhi > rhi || (lhi == rhi && llo >= rlo);
}

/* Iterations of vres_task_rta() before it checks hp_saturates(). */
#define VRES_RTA_SATURATION_CHECK	64

/*
 * Take @n steps from the allowance *@steps; false (and *@steps = 0) if
 * fewer are left. Yields the CPU every VRES_STEPS_PER_RESCHED steps.
 */
static bool vres_take_steps(u64 *steps, u64 n)
{
	if (*steps < n) {
		*steps = 0;
		return false;
	}
	if ((*steps & ~(VRES_STEPS_PER_RESCHED - 1)) !=
	    ((*steps - n) & ~(VRES_STEPS_PER_RESCHED - 1)))
		vres_cond_resched();
	*steps -= n;
	return true;
}

/*
 * ceil((t + J_j)/T_j) C_j, the demand of tasks[j] in a window of t > 0.
 * Within a response time most tasks above release one job or two, and a
 * comparison says so without the division (the most expensive step of the
 * analysis; inputs are at most 2^60, so 2 T_j does not overflow).
 */
u64 vres_hp_demand(const struct vres_task *tj, u64 t)
{
	u64 x = t + tj->jitter_ns;

	if (x <= tj->period_ns)
		return tj->wcet_ns;
	if (x <= 2 * tj->period_ns)
		return sat_add(tj->wcet_ns, tj->wcet_ns);
	return sat_mul(div_ceil(x, tj->period_ns), tj->wcet_ns);
}

/*
 * Response time of tasks[i] under supply @s: true and *@resp = R_i if
 * R_i <= D_i, else false and *@resp = VRES_TIME_INF.
 *
 * @steps is NULL (no limit) or the work still allowed, in terms of the
 * interference sum: each iteration takes one per task in it, and when
 * fewer are left the analysis gives up with *@steps == 0 (a miss).
 *
 * On success *@demand, if not NULL, is W_i(R_i).
 *
 * @start is 0 or a known lower bound on R_i (e.g. R_i under a supply that
 * is never slower): iterating from any value at or below the least fixed
 * point R* still climbs to R*, because below R* the iteration function is
 * above the identity (f(t) > t for t < R*, or R* would not be least).
 */
bool vres_task_rta(const struct vres_task *tasks, unsigned int i,
		   const struct vres_shape *s, u64 start, u64 *resp,
		   u64 *demand, u64 *steps)
{
	const struct vres_task *ti = &tasks[i];
	unsigned int first = i, j, iter = 0;
	u64 work, r, next;

	while (first > 0 && tasks[first - 1].group == ti->group)
		first--;

	/* W_i(0+) >= C_i + sum C_j: a lower bound to start from. */
	work = ti->wcet_ns;
	for (j = first; j < i; j++)
		work = sat_add(work, tasks[j].wcet_ns);
	r = max_u64(vres_shape_inverse(s, work), start);

	while (r <= ti->deadline_ns) {
		if (steps && !vres_take_steps(steps, i - first + 1))
			break;
		/*
		 * A long climb: if the tasks above use up the supply it never
		 * ends (but at the deadline, maybe 2^60 ns away).
		 */
		if (++iter == VRES_RTA_SATURATION_CHECK && !s->up_num &&
		    !s->lo_num && hp_saturates(tasks, first, i, s))
			break;
		work = ti->wcet_ns;
		for (j = first; j < i && work <= ti->deadline_ns; j++)
			work = sat_add(work, vres_hp_demand(&tasks[j], r));
		/* inverse(w) >= w, so work > D_i already means a miss. */
		next = vres_shape_inverse(s, work);
		if (next == r) {
			*resp = r;
			if (demand)
				*demand = work;
			return true;
		}
		/* Both functions are non-decreasing: the iterates can only grow. */
		if (VRES_WARN_ON_ONCE(next < r))
			break;
		r = next;
	}
	*resp = VRES_TIME_INF;
	return false;
}

/**
 * vres_check_tasks() - validate a task array for the analysis.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks.
 *
 * Context: any; does not sleep.
 * Return: 0 if every task has 0 < C_i, 0 < D_i <= T_i <= VRES_TIME_MAX,
 * J_i <= VRES_TIME_MAX and the groups are non-decreasing; -EINVAL otherwise.
 * A task with C_i > D_i is valid (and misses its deadline).
 */
int vres_check_tasks(const struct vres_task *tasks, unsigned int n)
{
	unsigned int i;

	if (n && !tasks)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		const struct vres_task *t = &tasks[i];

		if (!t->period_ns || t->period_ns > VRES_TIME_MAX ||
		    !t->wcet_ns || t->wcet_ns > VRES_TIME_MAX ||
		    !t->deadline_ns || t->deadline_ns > t->period_ns ||
		    t->jitter_ns > VRES_TIME_MAX)
			return -EINVAL;
		if (i && t->group < tasks[i - 1].group)
			return -EINVAL;
	}
	return 0;
}

/**
 * vres_check_server() - validate a server.
 * @srv: the server.
 *
 * Context: any; does not sleep.
 * Return: 0 if @srv->supply is a known model and, unless it is
 * VRES_SUPPLY_FULL, 0 < budget <= period <= VRES_TIME_MAX and
 * overhead < budget (overhead == 0 for VRES_SUPPLY_PAPER); -EINVAL otherwise.
 */
int vres_check_server(const struct vres_resource *srv)
{
	if (!srv || srv->supply >= VRES_SUPPLY_NR)
		return -EINVAL;
	if (srv->supply == VRES_SUPPLY_FULL)
		return 0;
	if (!srv->period_ns || srv->period_ns > VRES_TIME_MAX ||
	    !srv->budget_ns || srv->budget_ns > srv->period_ns ||
	    srv->overhead_ns >= srv->budget_ns)
		return -EINVAL;
	if (srv->supply == VRES_SUPPLY_PAPER && srv->overhead_ns)
		return -EINVAL;
	return 0;
}

/**
 * vres_supply_inverse() - the longest time a server may take to supply work.
 * @srv: a valid server (see vres_check_server()).
 * @work_ns: useful service wanted, > 0.
 *
 * Context: any; does not sleep.
 * Return: the inverse supply of @srv at @work_ns (see enum vres_supply),
 * saturated at VRES_TIME_INF; VRES_TIME_INF if @srv is invalid.
 */
u64 vres_supply_inverse(const struct vres_resource *srv, u64 work_ns)
{
	struct vres_shape s;

	if (vres_check_server(srv))
		return VRES_TIME_INF;
	shape_of_server(&s, srv);
	return vres_shape_inverse(&s, work_ns);
}

static int rta(const struct vres_task *tasks, unsigned int n,
	       const struct vres_resource *srv, u64 *resp_ns, u64 *steps)
{
	struct vres_shape s;
	unsigned int i;
	int ret, misses = 0;
	u64 r;

	ret = vres_check_tasks(tasks, n);
	if (ret)
		return ret;
	ret = vres_check_server(srv);
	if (ret)
		return ret;
	shape_of_server(&s, srv);

	for (i = 0; i < n; i++) {
		bool ok = vres_task_rta(tasks, i, &s, 0, &r, NULL, steps);

		if (steps && !*steps)
			return -E2BIG;
		if (resp_ns)
			resp_ns[i] = r;
		if (!ok) {
			misses++;
			if (!resp_ns)
				break;
		}
	}
	return misses;
}

/**
 * vres_rta() - worst-case response times of tasks on a server.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks.
 * @srv: the server every group runs on (one per group, same parameters).
 * @resp_ns: NULL, or n entries: R_i, or VRES_TIME_INF where R_i > D_i.
 *
 * With @resp_ns NULL the analysis stops at the first task that misses its
 * deadline, which is all an admission test needs.
 *
 * Context: any; does not sleep. Time is O(n * hp * iterations), and the
 * iterations of a task grow with D_i over the shortest period above it:
 * bound the work with vres_rta_limited() where the input is not trusted.
 * Return: the number of tasks that miss their deadline (at most 1 when
 * @resp_ns is NULL), so 0 means schedulable; -EINVAL for invalid input.
 */
int vres_rta(const struct vres_task *tasks, unsigned int n,
	     const struct vres_resource *srv, u64 *resp_ns)
{
	return rta(tasks, n, srv, resp_ns, NULL);
}

/**
 * vres_rta_limited() - vres_rta() with a bound on the work.
 * @tasks: as for vres_rta().
 * @n: as for vres_rta().
 * @srv: as for vres_rta().
 * @resp_ns: as for vres_rta().
 * @steps: in: the work allowed, in terms of the interference sums (each
 *	fixed-point iteration of task i costs one per task of priority i or
 *	higher in its group); out: what was left.
 *
 * The same answers as vres_rta() when the allowance suffices. In the
 * kernel it yields the CPU (cond_resched()) every VRES_STEPS_PER_RESCHED
 * steps.
 *
 * Context: in the kernel, process context that may sleep; in user space,
 * any.
 * Return: as vres_rta(), or -E2BIG if the allowance ran out first.
 */
int vres_rta_limited(const struct vres_task *tasks, unsigned int n,
		     const struct vres_resource *srv, u64 *resp_ns,
		     u64 *steps)
{
	return rta(tasks, n, srv, resp_ns, steps);
}
