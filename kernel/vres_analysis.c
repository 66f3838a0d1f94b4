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
 * The searches (minimum budget, feasible periods, best server) are in the
 * second half of this file and are explained there.
 */
#include "vres_analysis.h"

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

static u64 sat_add(u64 a, u64 b)
{
	u64 r;

	return vres_add_overflow(a, b, &r) ? VRES_TIME_INF : r;
}

static u64 sat_mul(u64 a, u64 b)
{
	u64 r;

	return vres_mul_overflow(a, b, &r) ? VRES_TIME_INF : r;
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

/* ceil(a / b) for b > 0, without the overflow of (a + b - 1) / b. */
static u64 div_ceil(u64 a, u64 b)
{
	u64 rem, q;

	q = vres_div64_rem(a, b, &rem);
	return q + (rem != 0);
}

/* The 128-bit product a * b as two 64-bit halves. */
static void mul128(u64 a, u64 b, u64 *hi, u64 *lo)
{
	u64 a0 = a & 0xffffffffULL, a1 = a >> 32;
	u64 b0 = b & 0xffffffffULL, b1 = b >> 32;
	u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	u64 mid = (p00 >> 32) + (p01 & 0xffffffffULL) + (p10 & 0xffffffffULL);

	*lo = (mid << 32) | (p00 & 0xffffffffULL);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/*
 * floor((u1 * 2^64 + u0) / v) for u1 < v, so that the quotient fits in 64
 * bits: long division in base 2^32 with a normalised divisor (Knuth's
 * algorithm D as written in Hacker's Delight, "divlu"). Each estimated
 * quotient digit is at most 2 too large and the inner loops correct it.
 */
static u64 div128(u64 u1, u64 u0, u64 v)
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
	*q = hi ? div128(hi, lo, d) : vres_div64(lo, d);
	return true;
}

/* Compare a/b with c/d (b, d > 0): negative, zero or positive. */
static int ratio_cmp(u64 a, u64 b, u64 c, u64 d)
{
	u64 lh, ll, rh, rl;

	mul128(a, d, &lh, &ll);
	mul128(c, b, &rh, &rl);
	if (lh != rh)
		return lh < rh ? -1 : 1;
	if (ll != rl)
		return ll < rl ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Supply models                                                       */
/* ------------------------------------------------------------------ */

/*
 * A supply model reduced to the numbers of inverse(): see the table at the
 * top of this file. For the period searches a shape can also bound the
 * inverse over a whole range of periods; rate_up and rate_lo then bound
 * chunks(w) * gap from above and below as w * num / den (+ gap for the
 * ceiling models, see vres_search_bounds()).
 */
struct vres_shape {
	enum vres_supply supply;
	u64 lead;
	u64 eff;
	u64 gap;
	u64 up_num;	/* 0: no upper rate bound */
	u64 up_den;
	u64 lo_num;	/* 0: no lower rate bound */
	u64 lo_den;
};

/*
 * Fill @s for a server whose period has blackout @slack = T - C and useful
 * budget @eff = C - X > 0, with overhead @x.
 */
static void shape_set(struct vres_shape *s, enum vres_supply supply,
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
		shape_set(s, VRES_SUPPLY_FULL, 0, 1, 0);
		return;
	}
	shape_set(s, srv->supply, srv->period_ns - srv->budget_ns,
		  srv->budget_ns - srv->overhead_ns, srv->overhead_ns);
}

static u64 shape_inverse(const struct vres_shape *s, u64 work)
{
	bool ceiling = s->supply != VRES_SUPPLY_PAPER;
	u64 chunks, extra, bound;

	if (s->supply == VRES_SUPPLY_FULL)
		return work;
	chunks = ceiling ? div_ceil(work, s->eff) : vres_div64(work, s->eff);
	extra = sat_mul(chunks, s->gap);
	/* Rate bounds: see vres_search_bounds() for why they hold. */
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

/* Iterations of task_rta() before it checks hp_saturates(). */
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
static u64 hp_demand(const struct vres_task *tj, u64 t)
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
static bool task_rta(const struct vres_task *tasks, unsigned int i,
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
	r = max_u64(shape_inverse(s, work), start);

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
			work = sat_add(work, hp_demand(&tasks[j], r));
		/* inverse(w) >= w, so work > D_i already means a miss. */
		next = shape_inverse(s, work);
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

/* ------------------------------------------------------------------ */
/* Quick tests                                                         */
/* ------------------------------------------------------------------ */

/*
 * The searches ask "does task i meet its deadline under shape s?" of every
 * task at every node, and task_rta() costs O(i) per iteration: O(n^2) and
 * more per question for a group of n tasks (a 10,000-task least-bandwidth
 * plan spent 96% of its time there). Bounds on the demand, each O(1) with
 * values kept per task (struct vres_hp_sums), decide most questions
 * first. The demand
 *
 *	W_i(t) = C_i + sum ceil((t + J_j)/T_j) C_j
 *
 * does not depend on the server, so at a few points p_k = D_i - k D_i / 4,
 * k = 0..3, it is computed once per search. It never decreases, so
 *
 *	W-(t) = max(C_i + max(sum C_j, t sum U_j), W_i(p_k) for p_k <= t)
 *
 * is below it (ceil(x) >= x, and every hp task has released a job by
 * t > 0; U_j = C_j/T_j, the sum rounded down). With f(t) =
 * inverse(W_i(t)) and R_i its least fixed point:
 *
 *  - pass: if inverse(w) <= t for a witness, a time t <= D_i and a w >=
 *    W_i(t), then f(t) <= t and R_i <= t <= D_i: f is non-decreasing, so
 *    iterating it from below never passes a point where f(t) <= t. The
 *    witnesses tried are (p_k, W_i(p_k)) and (R_i, W_i(R_i)) of the
 *    task's last analysis that passed, under another server: the searches
 *    ask about neighbouring servers one after the other;
 *  - saturated: if sum U_j is at least the supply's long-run rate, f(t) >
 *    t everywhere and there is no R_i (quick_saturated());
 *  - climb: g(t) = inverse(W-(t)) <= f(t), so iterating g from a lower
 *    bound on R_i gives lower bounds on R_i (x <= R_i implies g(x) <=
 *    f(x) <= f(R_i) = R_i). One above D_i proves a miss; otherwise the
 *    last one is where task_rta() starts.
 *
 * Where none decides, task_rta() runs, and from any start at or below R_i
 * it finds R_i. So every verdict, and with them every search and its
 * answer, is the same as without these tests; only the response time of a
 * task that passed without task_rta() is not computed. The minimum budget
 * also uses a pass's witness to skip budgets: see task_min_budget().
 *
 * Built with -DVRES_NO_QUICK_TEST (userspace/tests/quick_exact_test.c)
 * the engine runs without them, to compare the two.
 */
#ifdef VRES_NO_QUICK_TEST
#define VRES_QUICK_TEST		0
#else
#define VRES_QUICK_TEST		1
#endif

/* Utilisations in the sums are multiples of 2^-VRES_UTIL_SHIFT. */
#define VRES_UTIL_SHIFT		40
/* Most steps of the climb on g; each is O(1). */
#define VRES_CLIMB_STEPS	32
/* Points p_k at which W_i is kept (VRES_SEARCH_STARTS counts them). */
#define VRES_QUICK_POINTS	4

/*
 * Per task i, saturated at VRES_TIME_INF: @work: sum C_j over hp(i);
 * @util: sum 2^VRES_UTIL_SHIFT C_j / T_j over hp(i), each rounded down;
 * @at[k]: W_i(quick_point(D_i, k)), or a partial sum above D_i;
 * @seen_t, @seen_w: the witness (struct vres_witness) of the task's last
 * pass by analysis in this search, @seen_t 0 if none yet; task_meets()
 * writes them.
 */
struct vres_hp_sums {
	u64 *work;
	u64 *util;
	u64 *at[VRES_QUICK_POINTS];
	u64 *seen_t;
	u64 *seen_w;
};

/* p_k = D - k D / 4: D, 3D/4, D/2, D/4 (roughly), decreasing in k. */
static u64 quick_point(u64 deadline, unsigned int k)
{
	return deadline - k * (deadline / VRES_QUICK_POINTS);
}

/* a * b / d rounded down; saturated. */
static u64 mul_div_down(u64 a, u64 b, u64 d)
{
	u64 q;

	return vres_mul_div(a, b, d, &q) ? q : VRES_TIME_INF;
}

/* W_i(t) from tasks[first] on, stopped once above D_i. */
static u64 demand_at(const struct vres_task *tasks, unsigned int first,
		     unsigned int i, u64 t)
{
	u64 w = tasks[i].wcet_ns;
	unsigned int j;

	for (j = first; j < i && w <= tasks[i].deadline_ns; j++)
		w = sat_add(w, hp_demand(&tasks[j], t));
	return w;
}

/* O(n^2) for a group of n, once per search; the searches are far slower. */
static void hp_sums_init(const struct vres_task *tasks, unsigned int n,
			 const struct vres_hp_sums *sums)
{
	unsigned int i, k, first = 0;

	for (i = 0; i < n; i++) {
		if (i && tasks[i].group != tasks[i - 1].group)
			first = i;
		if (i == first) {
			sums->work[i] = 0;
			sums->util[i] = 0;
		} else {
			const struct vres_task *p = &tasks[i - 1];

			sums->work[i] = sat_add(sums->work[i - 1], p->wcet_ns);
			sums->util[i] = sat_add(sums->util[i - 1],
						mul_div_down(p->wcet_ns,
							     BIT_ULL(VRES_UTIL_SHIFT),
							     p->period_ns));
		}
		for (k = 0; k < VRES_QUICK_POINTS; k++)
			sums->at[k][i] = demand_at(tasks, first, i,
						   quick_point(tasks[i].deadline_ns,
							       k));
		sums->seen_t[i] = 0;
	}
}

/* W-(t) of tasks[i] for t > 0. */
static u64 demand_below(const struct vres_task *tasks, unsigned int i,
			const struct vres_hp_sums *sums, u64 t)
{
	u64 w = max_u64(sums->work[i],
			mul_div_down(t, sums->util[i],
				     BIT_ULL(VRES_UTIL_SHIFT)));
	unsigned int k;

	w = sat_add(tasks[i].wcet_ns, w);
	/* The largest point at or below t has the largest demand. */
	for (k = 0; k < VRES_QUICK_POINTS; k++) {
		if (quick_point(tasks[i].deadline_ns, k) <= t)
			return max_u64(w, sums->at[k][i]);
	}
	return w;
}

/*
 * Climb g from max(@start, g(0+)): returns a lower bound on R_i, which is
 * above D_i if the task misses its deadline for sure.
 */
static u64 quick_climb(const struct vres_task *tasks, unsigned int i,
		       const struct vres_shape *s,
		       const struct vres_hp_sums *sums, u64 start)
{
	const struct vres_task *ti = &tasks[i];
	u64 base = sat_add(ti->wcet_ns, sums->work[i]);
	u64 x = max_u64(shape_inverse(s, base), start), next;
	unsigned int k;

	for (k = 0; k < VRES_CLIMB_STEPS && x <= ti->deadline_ns; k++) {
		next = shape_inverse(s, demand_below(tasks, i, sums, x));
		/* Converged, or @start was above g's fixed point. */
		if (next <= x)
			break;
		x = next;
	}
	return x;
}

/*
 * Is the utilisation of hp(i), @util / 2^VRES_UTIL_SHIFT, at least the
 * long-run rate of supply @s? Every shape has inverse(w) >= w (1 + a)
 * with a = max(lo, min(gap/eff, up)) (its rate bounds where it has them;
 * for "paper" the lead of 2 gap makes up for the floor), so then f(t) >=
 * (C_i + t U)(1 + a) > t for every t: task i has no response time. The
 * test of task_rta() after VRES_RTA_SATURATION_CHECK steps, in O(1) and
 * for every shape.
 */
static bool quick_saturated(const struct vres_shape *s, u64 util)
{
	u64 num = s->gap, den = s->eff, h1, l1, h2, l2, rh, rl, h, l;

	if (s->supply == VRES_SUPPLY_FULL) {
		num = 0;
		den = 1;
	}
	if (s->up_num && ratio_cmp(s->up_num, s->up_den, num, den) < 0) {
		num = s->up_num;
		den = s->up_den;
	}
	if (s->lo_num && ratio_cmp(s->lo_num, s->lo_den, num, den) > 0) {
		num = s->lo_num;
		den = s->lo_den;
	}
	/* util (num + den) >= 2^VRES_UTIL_SHIFT den, in 129 bits. */
	mul128(util, num, &h1, &l1);
	mul128(util, den, &h2, &l2);
	l = l1 + l2;
	h = h1 + h2 + (l < l1);
	if (h < h1)
		return true;
	mul128(BIT_ULL(VRES_UTIL_SHIFT), den, &rh, &rl);
	return h > rh || (h == rh && l >= rl);
}

/*
 * A pass of task i comes with a witness: a time t <= D_i and a demand
 * w >= W_i(t). Any supply with inverse(w) <= t passes the task too
 * (f(t) <= inverse(w) <= t).
 */
struct vres_witness {
	u64 t;
	u64 w;
};

/* f(p_k) <= p_k for some k under @s: tasks[i] meets its deadline. */
static bool quick_pass(const struct vres_task *tasks, unsigned int i,
		       const struct vres_shape *s,
		       const struct vres_hp_sums *sums,
		       struct vres_witness *wit)
{
	unsigned int k;
	u64 p;

	for (k = 0; k < VRES_QUICK_POINTS; k++) {
		p = quick_point(tasks[i].deadline_ns, k);
		if (p && shape_inverse(s, sums->at[k][i]) <= p) {
			wit->t = p;
			wit->w = sums->at[k][i];
			return true;
		}
	}
	/*
	 * The searches ask about neighbouring servers one after the other:
	 * the response time of the last pass often still proves this one.
	 */
	p = sums->seen_t[i];
	if (p && shape_inverse(s, sums->seen_w[i]) <= p) {
		wit->t = p;
		wit->w = sums->seen_w[i];
		return true;
	}
	return false;
}

enum vres_quick {
	VRES_QUICK_PASS,
	VRES_QUICK_MISS,
	VRES_QUICK_OPEN,
};

/*
 * The quick tests alone, in O(1): a pass (with a witness in *@wit), a miss,
 * or neither, with *@low a lower bound on R_i to start an analysis from
 * (@start, or the climb's last value). After a pass *@low is @start.
 */
static enum vres_quick quick_verdict(const struct vres_task *tasks,
				     unsigned int i,
				     const struct vres_shape *s,
				     const struct vres_hp_sums *sums,
				     u64 start, u64 *low,
				     struct vres_witness *wit)
{
	*low = start;
	if (quick_pass(tasks, i, s, sums, wit))
		return VRES_QUICK_PASS;
	*low = VRES_TIME_INF;
	if (quick_saturated(s, sums->util[i]))
		return VRES_QUICK_MISS;
	*low = quick_climb(tasks, i, s, sums, start);
	if (*low > tasks[i].deadline_ns) {
		*low = VRES_TIME_INF;
		return VRES_QUICK_MISS;
	}
	return VRES_QUICK_OPEN;
}

/*
 * task_rta()'s verdict for the searches, the quick tests first (@sums may
 * be NULL: task_rta() only). *@low is R_i, or a lower bound on R_i when a
 * quick test decided a pass: either way a start for later iterations. On
 * a pass *@wit, if not NULL, is a witness.
 */
static bool task_meets(const struct vres_task *tasks, unsigned int i,
		       const struct vres_shape *s,
		       const struct vres_hp_sums *sums, u64 start, u64 *low,
		       struct vres_witness *wit)
{
	struct vres_witness dummy;
	bool ok;

	if (!wit)
		wit = &dummy;
	if (VRES_QUICK_TEST && sums) {
		switch (quick_verdict(tasks, i, s, sums, start, low, wit)) {
		case VRES_QUICK_PASS:
			return true;
		case VRES_QUICK_MISS:
			return false;
		case VRES_QUICK_OPEN:
			start = *low;
			break;
		}
	}
	ok = task_rta(tasks, i, s, start, low, &wit->w, NULL);
	wit->t = *low;
	if (ok && sums) {
		sums->seen_t[i] = wit->t;
		sums->seen_w[i] = wit->w;
	}
	return ok;
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
	return shape_inverse(&s, work_ns);
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
		bool ok = task_rta(tasks, i, &s, 0, &r, NULL, steps);

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

/* ------------------------------------------------------------------ */
/* Minimum budget for a period                                         */
/* ------------------------------------------------------------------ */

/*
 * Does tasks[i] meet its deadline with budget C? If so, a lower bound on
 * R_i in *@low and a witness in *@wit (see task_meets()); @sums may be
 * NULL, @wit too.
 */
static bool task_ok_with(const struct vres_task *tasks, unsigned int i,
			 const struct vres_hp_sums *sums,
			 enum vres_supply supply, u64 period, u64 budget,
			 u64 overhead, u64 start, u64 *low,
			 struct vres_witness *wit)
{
	struct vres_shape s;

	shape_set(&s, supply, period - budget, budget - overhead, overhead);
	return task_meets(tasks, i, &s, sums, start, low, wit);
}

/*
 * The least budget in [lo, hi] that supplies @wit's demand within its
 * time, given that hi does: with it, and with every budget up to hi, the
 * task passes (inverse() never grows with C at a fixed period). Each step
 * is O(1), where a step of task_min_budget() is an analysis.
 */
static u64 witness_budget(enum vres_supply supply, u64 period, u64 overhead,
			  u64 lo, u64 hi, const struct vres_witness *wit)
{
	struct vres_shape s;
	u64 mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		shape_set(&s, supply, period - mid, mid - overhead, overhead);
		if (shape_inverse(&s, wit->w) <= wit->t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return hi;
}

static int check_search_args(const struct vres_task *tasks, unsigned int n,
			     enum vres_supply supply, u64 overhead)
{
	int ret = vres_check_tasks(tasks, n);

	if (ret)
		return ret;
	if (!n || supply == VRES_SUPPLY_FULL || supply >= VRES_SUPPLY_NR ||
	    overhead > VRES_TIME_MAX)
		return -EINVAL;
	if (supply == VRES_SUPPLY_PAPER && overhead)
		return -EINVAL;
	return 0;
}

/*
 * Smallest budget in [*budget, period] for tasks[i], given that *budget - 1
 * is known to fail (or is the overhead): binary search. R_i never grows
 * with C, so a lower bound on the response time at a passing budget is one
 * for every smaller budget and a good place to start their iterations.
 * A pass at C also proves every budget down to witness_budget() of its
 * witness, which hi moves to at once.
 */
static int task_min_budget(const struct vres_task *tasks, unsigned int i,
			   const struct vres_hp_sums *sums,
			   enum vres_supply supply, u64 period, u64 overhead,
			   u64 *budget)
{
	u64 lo = *budget, hi = period, mid, r, r_hi;
	struct vres_witness wit;

	if (!task_ok_with(tasks, i, sums, supply, period, period, overhead,
			  0, &r_hi, &wit))
		return -ERANGE;
	hi = witness_budget(supply, period, overhead, lo, hi, &wit);
	/* Invariant: fails at lo - 1, passes at hi, R_i(hi) >= r_hi. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (task_ok_with(tasks, i, sums, supply, period, mid, overhead,
				 r_hi, &r, &wit)) {
			hi = witness_budget(supply, period, overhead, lo, mid,
					    &wit);
			r_hi = r;
		} else {
			lo = mid + 1;
		}
	}
	*budget = lo;
	return 0;
}

/*
 * For a fixed period every inverse is non-increasing in C (fewer chunks,
 * shorter gaps), so each task's test is monotone in C and the set's minimum
 * budget is the largest of the tasks' minima. Tasks that pass at the
 * running maximum need no search, so the order matters for speed only:
 * *hint, if not NULL, names a task to examine first (the one that set the
 * answer last time, at a nearby period) and is updated; then the others
 * from the lowest priority up, since the tasks that suffer the most
 * interference usually need the most budget (at 1000 tasks and short
 * periods this is 20 times faster than the other way round).
 */
static int min_budget(const struct vres_task *tasks, unsigned int n,
		      const struct vres_hp_sums *sums,
		      enum vres_supply supply, u64 period, u64 overhead,
		      u64 *budget, unsigned int *hint)
{
	unsigned int i, k, first = hint && *hint < n ? *hint : n - 1;
	u64 best, r;
	int ret;

	/* C - X must be at least 1 ns for the server to do any work. */
	if (overhead >= period)
		return -ERANGE;
	best = overhead + 1;

	for (k = 0; k < n; k++) {
		/* first, then n - 1, n - 2, ..., 0 skipping first */
		if (k == 0)
			i = first;
		else
			i = n - k > first ? n - k : n - k - 1;
		if (task_ok_with(tasks, i, sums, supply, period, best,
				 overhead, 0, &r, NULL))
			continue;
		best++;
		ret = task_min_budget(tasks, i, sums, supply, period, overhead,
				      &best);
		if (ret)
			return ret;
		if (hint)
			*hint = i;
	}
	*budget = best;
	return 0;
}

/**
 * vres_min_budget() - the smallest budget that makes a task set schedulable.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks, > 0.
 * @supply: supply model, not VRES_SUPPLY_FULL.
 * @period_ns: the server period T, 0 < T <= VRES_TIME_MAX.
 * @overhead_ns: the overhead X per period (0 for VRES_SUPPLY_PAPER).
 * @budget_ns: where to store the answer.
 *
 * The answer is exact: the smallest integer C (overhead included) with
 * which every task meets its deadline, every group on its own server with
 * these parameters. Binary search per task, skipping tasks that pass at
 * the largest minimum found so far: O(n log T) task analyses at worst.
 *
 * Context: any; does not sleep.
 * Return: 0 on success; -ERANGE if even C = T misses a deadline; -EINVAL
 * for invalid input.
 */
int vres_min_budget(const struct vres_task *tasks, unsigned int n,
		    enum vres_supply supply, u64 period_ns, u64 overhead_ns,
		    u64 *budget_ns)
{
	int ret = check_search_args(tasks, n, supply, overhead_ns);

	if (ret)
		return ret;
	if (!period_ns || period_ns > VRES_TIME_MAX || !budget_ns)
		return -EINVAL;
	return min_budget(tasks, n, NULL, supply, period_ns, overhead_ns,
			  budget_ns, NULL);
}

/* The quick tests' values, kept in @ws after the per-depth starts. */
static void hp_sums_of(struct vres_search *ws, const struct vres_task *tasks,
		       unsigned int n, struct vres_hp_sums *sums)
{
	u64 *base = ws->start + (size_t)VRES_SEARCH_DEPTH * ws->n_order;
	unsigned int k;

	sums->work = base;
	sums->util = base + ws->n_order;
	for (k = 0; k < VRES_QUICK_POINTS; k++)
		sums->at[k] = base + (2 + k) * (size_t)ws->n_order;
	sums->seen_t = base + (2 + k) * (size_t)ws->n_order;
	sums->seen_w = base + (3 + k) * (size_t)ws->n_order;
	/*
	 * Kept values are still right, the witnesses of the last passes too:
	 * a witness depends on the tasks, not on the server.
	 */
	if (ws->keep_sums && ws->sums_of == tasks && ws->sums_n == n)
		return;
	hp_sums_init(tasks, n, sums);
	ws->sums_of = tasks;
	ws->sums_n = n;
}

/**
 * vres_min_budgets() - vres_min_budget() at several periods.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks, > 0.
 * @supply: supply model, not VRES_SUPPLY_FULL.
 * @periods_ns: @count periods, each 0 < T <= VRES_TIME_MAX.
 * @count: number of periods.
 * @overhead_ns: the overhead X per period (0 for VRES_SUPPLY_PAPER).
 * @ws: workspace for at least @n tasks; only its @start is used.
 * @budgets_ns: @count entries: the answer of vres_min_budget() at each
 *	period, or 0 where that is -ERANGE (even C = T misses a deadline).
 *
 * The same answers, with the quick tests of the period searches
 * (Documentation/analysis.rst), whose values are computed once for all
 * the periods: for a large task set, much faster than one call per period.
 *
 * Context: any; does not sleep.
 * Return: 0, or -EINVAL for invalid input.
 */
int vres_min_budgets(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, const u64 *periods_ns,
		     unsigned int count, u64 overhead_ns,
		     struct vres_search *ws, u64 *budgets_ns)
{
	struct vres_hp_sums sums;
	unsigned int k, hint = n;
	int ret = check_search_args(tasks, n, supply, overhead_ns);

	if (ret)
		return ret;
	if ((count && (!periods_ns || !budgets_ns)) || !ws || !ws->start ||
	    ws->n_order < n)
		return -EINVAL;
	for (k = 0; k < count; k++)
		if (!periods_ns[k] || periods_ns[k] > VRES_TIME_MAX)
			return -EINVAL;
	hp_sums_of(ws, tasks, n, &sums);
	for (k = 0; k < count; k++) {
		ret = min_budget(tasks, n, &sums, supply, periods_ns[k],
				 overhead_ns, &budgets_ns[k], &hint);
		if (ret == -ERANGE)
			budgets_ns[k] = 0;
		else if (ret)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Feasible periods for a budget rule                                  */
/* ------------------------------------------------------------------ */

/*
 * A budget rule gives the budget for every period T:
 *
 *	C(T) = floor((num * T - sub) / den),   0 < num <= den, sub in {0, 1}
 *
 * sub = 0 is "bandwidth num/den"; sub = 1 is "strictly less than num/den",
 * used by vres_best_server(). Both C(T) and the blackout T - C(T) =
 * ceil(((den - num) T + sub) / den) are non-decreasing in T.
 */
struct vres_rule {
	u64 num;
	u64 den;
	u64 sub;
};

static u64 rule_budget(const struct vres_rule *rule, u64 t)
{
	u64 hi, lo;

	mul128(rule->num, t, &hi, &lo);
	if (lo < rule->sub) {
		if (!hi)
			return 0;
		hi--;
	}
	lo -= rule->sub;
	/* num <= den, so the quotient is at most t and hi < den. */
	return hi ? div128(hi, lo, rule->den) : vres_div64(lo, rule->den);
}

/**
 * vres_budget_for() - the budget a bandwidth gives a period.
 * @bw: the bandwidth, 0 < num <= den.
 * @period_ns: the period T.
 * @budget_ns: where to store floor(T * num / den).
 *
 * Context: any; does not sleep.
 * Return: 0, or -EINVAL for an invalid bandwidth.
 */
int vres_budget_for(const struct vres_bandwidth *bw, u64 period_ns,
		    u64 *budget_ns)
{
	struct vres_rule rule;

	if (!bw || !bw->num || bw->num > bw->den || !budget_ns)
		return -EINVAL;
	rule.num = bw->num;
	rule.den = bw->den;
	rule.sub = 0;
	*budget_ns = rule_budget(&rule, period_ns);
	return 0;
}

struct vres_search_args {
	const struct vres_task *tasks;
	enum vres_supply supply;
	u64 overhead;
	struct vres_rule rule;
	/* rule->num / den, rounded down to a multiple of 2^-VRES_RATE_SHIFT */
	u64 rate_fixed;
	const struct vres_hp_sums *sums;
};

#define VRES_RATE_SHIFT		20

/*
 * Bounds on the inverse over a range of periods [lo, hi].
 *
 * For T in [lo, hi], C(T) lies in [C(lo), C(hi)] and the blackout T - C(T)
 * in [lo - C(lo), hi - C(hi)]. Every inverse is non-increasing in C and
 * non-decreasing in T - C, so
 *
 *	pess: eff = C(lo) - X, blackout = hi - C(hi)	(inverse >= every T's)
 *	opt:  eff = C(hi) - X, blackout = lo - C(lo)	(inverse <= every T's)
 *
 * When the range is wide, chunks(w) * gap in "pess" is far from the truth
 * (few chunks at hi, long gaps at lo are combined), so both also get a
 * bound through the rate gap/eff = T / (C - X) - 1:
 *
 *   upper: with b' = rate_fixed / 2^S <= num/den, C(T) >= b' T - 2, so
 *	T / (C - X) <= 2^S T / (rate_fixed T - 2^S (X + 2)), which decreases
 *	in T and is largest at T = lo. Then ceil(w/eff) gap <= w gap/eff + gap
 *	<= w * up_num/up_den + gap (floor(w/eff) gap <= w * up_num/up_den).
 *   lower: C(T) <= T num/den, so gap/eff >= T/C - 1 >= (den - num)/num and
 *	ceil(w/eff) gap >= w (den - num)/num (ceiling models only).
 *
 * Each bound holds for every T in the range, so if a task meets its
 * deadline under "pess" it does for every T, and if it misses under "opt"
 * it does for every T. For lo == hi both shapes are the exact one.
 */
static void vres_search_bounds(const struct vres_search_args *a, u64 lo,
			       u64 hi, struct vres_shape *pess,
			       struct vres_shape *opt, bool *have_pess)
{
	u64 c_lo = rule_budget(&a->rule, lo);
	u64 c_hi = rule_budget(&a->rule, hi);
	u64 x = a->overhead;
	u64 k, scaled, num, den;

	shape_set(opt, a->supply, lo - c_lo, c_hi - x, x);
	if (a->supply != VRES_SUPPLY_PAPER && a->rule.num < a->rule.den) {
		opt->lo_num = a->rule.den - a->rule.num;
		opt->lo_den = a->rule.num;
	}

	*have_pess = c_lo > x;
	if (!*have_pess)
		return;
	shape_set(pess, a->supply, hi - c_hi, c_lo - x, x);
	if (lo == hi || !a->rate_fixed)
		return;
	/* num = 2^S lo - rate lo + K, den = rate lo - K, K = 2^S (X + 2). */
	if (vres_mul_overflow(x + 2, BIT_ULL(VRES_RATE_SHIFT), &k) ||
	    vres_mul_overflow(a->rate_fixed, lo, &scaled) || scaled <= k)
		return;
	den = scaled - k;
	if (vres_mul_overflow(lo, BIT_ULL(VRES_RATE_SHIFT), &num) ||
	    vres_add_overflow(num - scaled, k, &num))
		return;
	pess->up_num = num;
	pess->up_den = den;
}

enum vres_node {
	VRES_NODE_INFEASIBLE,
	VRES_NODE_FEASIBLE,
	VRES_NODE_SPLIT,
};

static void swap_u32(u32 *a, u32 *b)
{
	u32 t = *a;

	*a = *b;
	*b = t;
}

/*
 * A range that one task splits (it passes "opt" but not "pess") cannot be
 * feasible as a whole any more. Analysing the other tasks there would only
 * tell which of them the halves need not look at again, and whether one
 * of them sinks the whole range; the halves find both out anyway, where
 * the bounds are closer. So from then on the range asks the others only
 * the quick tests: a quick pass under "pess" drops a task, a quick miss
 * under "opt" sinks the range, and a task neither decides goes on to the
 * halves with the climb's lower bound as its start. A range without
 * "pess" (the budget at its shortest period does not exceed the overhead)
 * is not split by a task: there every "opt" analysis runs, as they are
 * all that can sink it.
 *
 * A single period is always analysed in full, so no answer changes, only
 * the work: most of a search's analyses were of tasks failing "pess" in
 * ranges already split (a 10,000-task least-bandwidth plan with an
 * overhead: 31 s before, 4.5 s after; Documentation/benchmarks.rst).
 * Built with -DVRES_EAGER_SEARCH, or without the quick tests, every task
 * is analysed in every range (userspace/tests/quick_exact_test.c compares
 * the three builds).
 */
#if VRES_QUICK_TEST && !defined(VRES_EAGER_SEARCH)
#define VRES_LAZY_SPLIT		1
#else
#define VRES_LAZY_SPLIT		0
#endif

/*
 * Decide tasks[i] in a range already split (VRES_LAZY_SPLIT), which has a
 * "pess": true and *@low a start for the halves, or false if the task
 * sinks the range; *@drop if it passes for every period of the range.
 */
static bool visit_quick(const struct vres_search_args *a, unsigned int i,
			const struct vres_shape *pess,
			const struct vres_shape *opt, u64 from, u64 *low,
			bool *drop)
{
	struct vres_witness wit;

	*low = from;
	*drop = quick_pass(a->tasks, i, pess, a->sums, &wit);
	return *drop || quick_verdict(a->tasks, i, opt, a->sums, from, low,
				      &wit) != VRES_QUICK_MISS;
}

/*
 * Decide the period range [lo, hi] at depth @depth for the tasks
 * ws->order[0 .. *active). Tasks proven to meet their deadline for every
 * period in the range move to the end of that prefix, which shrinks
 * *active: the subranges need not look at them again. Only entries inside
 * the prefix are permuted, so the prefix still holds the same set of tasks
 * when the caller examines a sibling range.
 *
 * A task's response time under "opt" is a lower bound on its response
 * time under every shape of a subrange (theirs are never faster), so it is
 * kept in ws->start[depth] to start the subranges' iterations from.
 * ws->start[depth - 1] still holds the parent's values: depth-first, the
 * parent was the last range examined at its depth.
 */
static enum vres_node visit(const struct vres_search_args *a,
			    struct vres_search *ws, u64 lo, u64 hi,
			    unsigned int depth, unsigned int *active)
{
	u64 *start = depth ? ws->start + (size_t)(depth - 1) * ws->n_order :
			     NULL;
	u64 *keep = ws->start + (size_t)depth * ws->n_order;
	struct vres_shape pess, opt;
	unsigned int k = 0, m = *active;
	bool have_pess, split = false, drop;
	u64 r;

	if (rule_budget(&a->rule, hi) <= a->overhead)
		return VRES_NODE_INFEASIBLE;
	vres_search_bounds(a, lo, hi, &pess, &opt, &have_pess);

	while (k < m) {
		u32 i = ws->order[k];
		u64 from = start ? start[i] : 0;

		if (VRES_LAZY_SPLIT && split && a->sums) {
			ws->rta_calls++;
			if (!visit_quick(a, i, &pess, &opt, from, &r, &drop))
				goto sink;
			if (drop) {
				swap_u32(&ws->order[k], &ws->order[--m]);
			} else {
				keep[i] = r;
				k++;
			}
			continue;
		}
		if (have_pess) {
			ws->rta_calls++;
			if (task_meets(a->tasks, i, &pess, a->sums, from, &r,
				       NULL)) {
				swap_u32(&ws->order[k], &ws->order[--m]);
				continue;
			}
		}
		/* At a single period "pess" is exact: no need to ask "opt". */
		if (lo != hi) {
			ws->rta_calls++;
			if (task_meets(a->tasks, i, &opt, a->sums, from, &r,
				       NULL)) {
				keep[i] = r;
				split = have_pess;
				k++;
				continue;
			}
		}
sink:
		/* A task that sinks a range is likely to sink the next one. */
		swap_u32(&ws->order[k], &ws->order[0]);
		return VRES_NODE_INFEASIBLE;
	}
	*active = m;
	return m ? VRES_NODE_SPLIT : VRES_NODE_FEASIBLE;
}

/* Extend the current feasible run, or report it and start a new one. */
static int run_add(struct vres_search *ws, u64 lo, u64 hi,
		   vres_interval_fn fn, void *ctx)
{
	int ret;

	if (ws->have_run && ws->run_hi + 1 == lo) {
		ws->run_hi = hi;
		return 0;
	}
	if (ws->have_run) {
		ret = fn(ctx, ws->run_lo, ws->run_hi);
		if (ret)
			return ret;
	}
	ws->run_lo = lo;
	ws->run_hi = hi;
	ws->have_run = true;
	return 0;
}

/*
 * Branch and bound over the period: examine [lo, hi]; if every remaining
 * task passes under the pessimistic bound the whole range is feasible, if
 * one fails under the optimistic bound it is infeasible, otherwise split it
 * in halves. Single periods are always decided, so the result is exact at
 * every integer period; the bounds only decide how much is skipped.
 * Depth-first, left half first, so feasible ranges come out in order.
 */
static int search(const struct vres_search_args *a, unsigned int n, u64 lo,
		  u64 hi, struct vres_search *ws, vres_interval_fn fn,
		  void *ctx)
{
	unsigned int top = 0, i, active, depth;
	u64 mid;
	int ret;

	ws->nodes = 0;
	ws->rta_calls = 0;
	ws->have_run = false;
	for (i = 0; i < n; i++)
		ws->order[i] = i;

	ws->stack[top].lo = lo;
	ws->stack[top].hi = hi;
	ws->stack[top].active = n;
	ws->stack[top].depth = 0;
	top++;
	while (top) {
		top--;
		lo = ws->stack[top].lo;
		hi = ws->stack[top].hi;
		active = ws->stack[top].active;
		depth = ws->stack[top].depth;
		ws->nodes++;

		switch (visit(a, ws, lo, hi, depth, &active)) {
		case VRES_NODE_INFEASIBLE:
			break;
		case VRES_NODE_FEASIBLE:
			ret = run_add(ws, lo, hi, fn, ctx);
			if (ret)
				return ret;
			break;
		case VRES_NODE_SPLIT:
			/* Each level leaves at most one sibling waiting. */
			if (VRES_WARN_ON_ONCE(lo == hi ||
					      depth + 1 >= VRES_SEARCH_DEPTH ||
					      top + 2 > VRES_SEARCH_DEPTH + 1))
				return -EOVERFLOW;
			mid = lo + (hi - lo) / 2;
			ws->stack[top].lo = mid + 1;
			ws->stack[top].hi = hi;
			ws->stack[top].active = active;
			ws->stack[top].depth = depth + 1;
			top++;
			ws->stack[top].lo = lo;
			ws->stack[top].hi = mid;
			ws->stack[top].active = active;
			ws->stack[top].depth = depth + 1;
			top++;
			break;
		}
	}
	if (ws->have_run) {
		ws->have_run = false;
		return fn(ctx, ws->run_lo, ws->run_hi);
	}
	return 0;
}

static void search_args_init(struct vres_search_args *a,
			     const struct vres_task *tasks,
			     const struct vres_hp_sums *sums,
			     enum vres_supply supply, u64 overhead, u64 num,
			     u64 den, u64 sub)
{
	a->tasks = tasks;
	a->sums = sums;
	a->supply = supply;
	a->overhead = overhead;
	a->rule.num = num;
	a->rule.den = den;
	a->rule.sub = sub;
	if (!vres_mul_div(num, BIT_ULL(VRES_RATE_SHIFT), den, &a->rate_fixed))
		a->rate_fixed = 0;
}

static int check_range(u64 lo, u64 hi, struct vres_search *ws, unsigned int n)
{
	if (!lo || lo > hi || hi > VRES_TIME_MAX || !ws || !ws->order ||
	    !ws->start || ws->n_order < n)
		return -EINVAL;
	return 0;
}

/**
 * vres_feasible_periods() - every period at which a bandwidth suffices.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks, > 0.
 * @supply: supply model, not VRES_SUPPLY_FULL.
 * @overhead_ns: the overhead X per period, part of the budget.
 * @bw: the bandwidth; the budget at period T is floor(T * num / den).
 * @lo_ns: first period to consider, > 0.
 * @hi_ns: last period to consider, <= VRES_TIME_MAX.
 * @ws: workspace for at least @n tasks.
 * @fn: called with each maximal interval of feasible periods, in order.
 * @ctx: passed to @fn.
 *
 * Finds, exactly, the set of integer periods T in [@lo_ns, @hi_ns] at which
 * every task meets its deadline with budget floor(T * bw). The set is not
 * an interval in general (schedulability is not monotone in T), so it is
 * computed by branch and bound over T, never by bisection: see search().
 *
 * Context: any; does not sleep. Time grows with the number of boundaries
 * of the set times log(@hi_ns - @lo_ns), not with the size of the range.
 * Return: 0, a negative errno returned by @fn, or -EINVAL.
 */
int vres_feasible_periods(const struct vres_task *tasks, unsigned int n,
			  enum vres_supply supply, u64 overhead_ns,
			  const struct vres_bandwidth *bw, u64 lo_ns,
			  u64 hi_ns, struct vres_search *ws,
			  vres_interval_fn fn, void *ctx)
{
	struct vres_search_args a;
	struct vres_hp_sums sums;
	int ret;

	ret = check_search_args(tasks, n, supply, overhead_ns);
	if (ret)
		return ret;
	ret = check_range(lo_ns, hi_ns, ws, n);
	if (ret)
		return ret;
	if (!bw || !bw->num || bw->num > bw->den || !fn)
		return -EINVAL;
	hp_sums_of(ws, tasks, n, &sums);
	search_args_init(&a, tasks, &sums, supply, overhead_ns, bw->num,
			 bw->den, 0);
	return search(&a, n, lo_ns, hi_ns, ws, fn, ctx);
}

/* ------------------------------------------------------------------ */
/* The server with the least bandwidth                                 */
/* ------------------------------------------------------------------ */

/* Bandwidths as fixed-point fractions of 2^VRES_BW_SHIFT. */
#define VRES_BW_SHIFT		62
#define VRES_BW_ONE		BIT_ULL(VRES_BW_SHIFT)
/* Periods at which one search evaluates Cmin(T) at most. */
#define VRES_BEST_PROBES	32
/* Upper bound on improvement rounds; each strictly lowers the bandwidth. */
#define VRES_BEST_ROUNDS	4096

struct vres_best {
	const struct vres_task *tasks;
	unsigned int n;
	const struct vres_hp_sums *sums;
	enum vres_supply supply;
	u64 overhead;
	/* best (budget, period) found so far; period 0 when none */
	u64 budget;
	u64 period;
	/* feasible periods reported by the current search */
	bool found;
	u64 last_hi;
	unsigned int probes;
	/* the task that set the last Cmin probed */
	unsigned int hint;
	/* stop the search at the first feasible interval */
	bool first_only;
};

static int best_probe(struct vres_best *b, u64 t)
{
	int ret, cmp;
	u64 c;

	if (b->probes >= VRES_BEST_PROBES)
		return 0;
	b->probes++;
	ret = min_budget(b->tasks, b->n, b->sums, b->supply, t, b->overhead,
			 &c, &b->hint);
	/* t is feasible with some budget <= t, so Cmin(t) exists. */
	if (VRES_WARN_ON_ONCE(ret))
		return ret;
	cmp = b->period ? ratio_cmp(c, t, b->budget, b->period) : -1;
	if (cmp < 0 || (cmp == 0 && t > b->period)) {
		b->budget = c;
		b->period = t;
	}
	return 0;
}

/*
 * Within an interval of periods where a bandwidth rule suffices, Cmin(T) is
 * a non-decreasing step function, so Cmin(T)/T is lowest at the right end
 * of a step: the interval's right end is usually one. The left end catches
 * optima at the start of the range (no overhead: the shortest period needs
 * the least bandwidth). Any period of the set lowers the bandwidth, so which
 * ones are probed affects only the speed.
 */
static int best_interval(void *p, u64 lo, u64 hi)
{
	struct vres_best *b = p;
	int ret;

	b->found = true;
	b->last_hi = hi;
	ret = best_probe(b, hi);
	if (!ret && lo != hi)
		ret = best_probe(b, lo);
	/* A positive value stops the search; best_search() maps it to 0. */
	return ret ? ret : b->first_only;
}

/*
 * Periods where bandwidth num/den (sub = 1: strictly less) suffices: all of
 * them, or with @first_only the first interval only.
 */
static int best_search(struct vres_best *b, u64 num, u64 den, u64 sub,
		       bool first_only, u64 lo, u64 hi, struct vres_search *ws)
{
	struct vres_search_args a;
	int ret;

	search_args_init(&a, b->tasks, b->sums, b->supply, b->overhead, num,
			 den, sub);
	b->found = false;
	b->probes = 0;
	b->first_only = first_only;
	ret = search(&a, b->n, lo, hi, ws, best_interval, b);
	return ret > 0 ? 0 : ret;
}

/* floor(2^62 * budget / period): the best bandwidth, rounded down. */
static u64 best_fixed(const struct vres_best *b)
{
	u64 q = 0;

	vres_mul_div(b->budget, VRES_BW_ONE, b->period, &q);
	return q;
}

/*
 * A bandwidth every server must exceed, in 2^-62 units: C - X >= U T is
 * needed in the long run, so C/T >= U, the utilisation of the busiest
 * group; minus one to make the bound strict.
 */
static u64 best_floor(const struct vres_task *tasks, unsigned int n)
{
	u64 sum = 0, most = 0, q;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (i && tasks[i].group != tasks[i - 1].group)
			sum = 0;
		if (!vres_mul_div(tasks[i].wcet_ns, VRES_BW_ONE,
				  tasks[i].period_ns, &q))
			q = VRES_BW_ONE;
		sum = sat_add(sum, q);
		most = max_u64(most, sum);
	}
	return most ? min_u64(most, VRES_BW_ONE) - 1 : 0;
}

/**
 * vres_best_server() - the server with the least bandwidth over a period range.
 * @tasks: the tasks, sorted by group, then by decreasing priority.
 * @n: number of tasks, > 0.
 * @supply: supply model, not VRES_SUPPLY_FULL.
 * @overhead_ns: the overhead X per period, part of the budget.
 * @lo_ns: shortest period to consider, > 0.
 * @hi_ns: longest period to consider, <= VRES_TIME_MAX.
 * @ws: workspace for at least @n tasks.
 * @best: where to store the answer (supply and overhead filled in too).
 *
 * Finds the integer period T in [@lo_ns, @hi_ns] minimising Cmin(T)/T, where
 * Cmin(T) is vres_min_budget()'s answer (overhead included), and among the
 * periods achieving that minimum the longest. Exact: the only primitive is
 * the feasible-period search of vres_feasible_periods(), for a bandwidth
 * rule (struct vres_rule), and "some period is feasible at bandwidth b" is
 * monotone in b. It keeps the best ratio found, c/t, and a bandwidth lo
 * known to be too small (at first just below the utilisation), and
 * repeats:
 *
 *  - check: search the periods where a bandwidth strictly below c/t
 *    suffices (a Dinkelbach step). None means c/t is optimal; otherwise
 *    probing Cmin in the first interval found strictly lowers c/t;
 *  - bisect, if the check did not halve the gap between lo and c/t: search
 *    at the midpoint m, in 2^-62 units. None sets lo = m; otherwise probing
 *    lowers c/t below m.
 *
 * Each round at least halves the gap until lo and c/t are one unit apart;
 * from there each check strictly lowers c/t among the finitely many ratios
 * left, so the rounds end.
 *
 * Every search except the last stops at its first feasible interval; a
 * search that finds nothing has examined the whole range. Finally the
 * feasible set of the optimal bandwidth itself is searched in full, and
 * its largest period is the answer.
 *
 * Context: any; does not sleep.
 * Return: 0; -ERANGE if no period in the range has a budget at all;
 * -EINVAL for invalid input; -EDEADLK if the improvement did not converge
 * within VRES_BEST_ROUNDS rounds (not expected).
 */
int vres_best_server(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, u64 overhead_ns, u64 lo_ns,
		     u64 hi_ns, struct vres_search *ws,
		     struct vres_resource *best)
{
	struct vres_best b = {
		.tasks = tasks, .n = n, .supply = supply,
		.overhead = overhead_ns,
	};
	struct vres_hp_sums sums;
	unsigned int round;
	u64 floor_bw, before, after, mid;
	int ret;

	ret = check_search_args(tasks, n, supply, overhead_ns);
	if (ret)
		return ret;
	ret = check_range(lo_ns, hi_ns, ws, n);
	if (ret)
		return ret;
	if (!best)
		return -EINVAL;
	hp_sums_of(ws, tasks, n, &sums);
	b.sums = &sums;

	/* Bandwidth 1 (C = T) finds the periods that have a budget at all. */
	ret = best_search(&b, 1, 1, 0, true, lo_ns, hi_ns, ws);
	if (ret)
		return ret;
	if (!b.period)
		return -ERANGE;
	floor_bw = best_floor(tasks, n);

	for (round = 0;; round++) {
		u64 budget = b.budget, period = b.period;

		if (round == VRES_BEST_ROUNDS)
			return -EDEADLK;
		before = best_fixed(&b);
		ret = best_search(&b, budget, period, 1, true, lo_ns, hi_ns,
				  ws);
		if (ret)
			return ret;
		if (!b.found)
			break;
		/* Every period found has a strictly smaller ratio. */
		if (VRES_WARN_ON_ONCE(ratio_cmp(b.budget, b.period, budget,
						period) >= 0))
			return -EDEADLK;

		after = best_fixed(&b);
		if (after <= floor_bw + 1 ||
		    after - floor_bw <= (before - floor_bw) / 2)
			continue;
		mid = floor_bw + (after - floor_bw) / 2;
		ret = best_search(&b, mid, VRES_BW_ONE, 0, true, lo_ns, hi_ns,
				  ws);
		if (ret)
			return ret;
		if (!b.found)
			floor_bw = mid;
	}

	/* The periods achieving the optimum; keep the longest. */
	ret = best_search(&b, b.budget, b.period, 0, false, lo_ns, hi_ns, ws);
	if (ret)
		return ret;
	if (VRES_WARN_ON_ONCE(!b.found || b.last_hi < b.period))
		return -EDEADLK;
	if (b.last_hi != b.period) {
		/* Same ratio, longer period: its Cmin is exactly c/t * T. */
		ret = min_budget(tasks, n, &sums, supply, b.last_hi,
				 overhead_ns, &b.budget, &b.hint);
		if (VRES_WARN_ON_ONCE(ret))
			return ret;
		b.period = b.last_hi;
	}

	best->supply = supply;
	best->period_ns = b.period;
	best->budget_ns = b.budget;
	best->overhead_ns = overhead_ns;
	return 0;
}
