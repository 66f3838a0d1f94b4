// SPDX-License-Identifier: GPL-2.0
/*
 * vres_quick.c - the quick tests of the searches: bounds on the demand of
 * a task, kept per task, that decide most of the questions "does task i
 * meet its deadline under this server?" without a response-time analysis.
 *
 * Part of the searches built on kernel/vres_analysis.c (vres_search.h);
 * the algorithms are explained below and in Documentation/analysis.rst.
 */
#include "vres_search_internal.h"

/* ------------------------------------------------------------------ */
/* Quick tests                                                         */
/* ------------------------------------------------------------------ */

/*
 * The searches ask "does task i meet its deadline under shape s?" of every
 * task at every node, and vres_task_rta() costs O(i) per iteration: O(n^2) and
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
 *    last one is where vres_task_rta() starts.
 *
 * Where none decides, vres_task_rta() runs, and from any start at or below R_i
 * it finds R_i. So every verdict, and with them every search and its
 * answer, is the same as without these tests; only the response time of a
 * task that passed without vres_task_rta() is not computed. The minimum budget
 * also uses a pass's witness to skip budgets: see task_min_budget().
 *
 * Built with -DVRES_NO_QUICK_TEST (userspace/tests/quick_exact_test.c)
 * the engine runs without them, to compare the two.
 */
/* Utilisations in the sums are multiples of 2^-VRES_UTIL_SHIFT. */
#define VRES_UTIL_SHIFT		40
/* Most steps of the climb on g; each is O(1). */
#define VRES_CLIMB_STEPS	32
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
		w = sat_add(w, vres_hp_demand(&tasks[j], t));
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
	u64 x = max_u64(vres_shape_inverse(s, base), start), next;
	unsigned int k;

	for (k = 0; k < VRES_CLIMB_STEPS && x <= ti->deadline_ns; k++) {
		next = vres_shape_inverse(s, demand_below(tasks, i, sums, x));
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
 * test of vres_task_rta() after VRES_RTA_SATURATION_CHECK steps, in O(1) and
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

/* f(p_k) <= p_k for some k under @s: tasks[i] meets its deadline. */
bool vres_quick_pass(const struct vres_task *tasks, unsigned int i,
		     const struct vres_shape *s,
		     const struct vres_hp_sums *sums,
		     struct vres_witness *wit)
{
	unsigned int k;
	u64 p;

	for (k = 0; k < VRES_QUICK_POINTS; k++) {
		p = quick_point(tasks[i].deadline_ns, k);
		if (p && vres_shape_inverse(s, sums->at[k][i]) <= p) {
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
	if (p && vres_shape_inverse(s, sums->seen_w[i]) <= p) {
		wit->t = p;
		wit->w = sums->seen_w[i];
		return true;
	}
	return false;
}

/*
 * The quick tests alone, in O(1): a pass (with a witness in *@wit), a miss,
 * or neither, with *@low a lower bound on R_i to start an analysis from
 * (@start, or the climb's last value). After a pass *@low is @start.
 */
enum vres_quick vres_quick_verdict(const struct vres_task *tasks,
				   unsigned int i,
				   const struct vres_shape *s,
				   const struct vres_hp_sums *sums,
				   u64 start, u64 *low,
				   struct vres_witness *wit)
{
	*low = start;
	if (vres_quick_pass(tasks, i, s, sums, wit))
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
 * vres_task_rta()'s verdict for the searches, the quick tests first (@sums may
 * be NULL: vres_task_rta() only). *@low is R_i, or a lower bound on R_i when a
 * quick test decided a pass: either way a start for later iterations. On
 * a pass *@wit, if not NULL, is a witness.
 */
bool vres_task_meets(const struct vres_task *tasks, unsigned int i,
		     const struct vres_shape *s,
		     const struct vres_hp_sums *sums, u64 start, u64 *low,
		     struct vres_witness *wit)
{
	struct vres_witness dummy;
	bool ok;

	if (!wit)
		wit = &dummy;
	if (VRES_QUICK_TEST && sums) {
		switch (vres_quick_verdict(tasks, i, s, sums, start, low,
					   wit)) {
		case VRES_QUICK_PASS:
			return true;
		case VRES_QUICK_MISS:
			return false;
		case VRES_QUICK_OPEN:
			start = *low;
			break;
		}
	}
	ok = vres_task_rta(tasks, i, s, start, low, &wit->w, NULL);
	wit->t = *low;
	if (ok && sums) {
		sums->seen_t[i] = wit->t;
		sums->seen_w[i] = wit->w;
	}
	return ok;
}


int vres_check_search_args(const struct vres_task *tasks, unsigned int n,
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

/* The quick tests' values, kept in @ws after the per-depth starts. */
void vres_hp_sums_of(struct vres_search *ws, const struct vres_task *tasks,
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
