// SPDX-License-Identifier: GPL-2.0
/*
 * vres_budget.c - the least budget that makes a task set schedulable at a
 * period: vres_min_budget() and, at many periods, vres_min_budgets().
 *
 * Part of the searches built on kernel/vres_analysis.c (vres_search.h).
 */
#include "vres_search_internal.h"

/* ------------------------------------------------------------------ */
/* Minimum budget for a period                                         */
/* ------------------------------------------------------------------ */

/*
 * Does tasks[i] meet its deadline with budget C? If so, a lower bound on
 * R_i in *@low and a witness in *@wit (see vres_task_meets()); @sums may be
 * NULL, @wit too.
 */
static bool task_ok_with(const struct vres_task *tasks, unsigned int i,
			 const struct vres_hp_sums *sums,
			 enum vres_supply supply, u64 period, u64 budget,
			 u64 overhead, u64 start, u64 *low,
			 struct vres_witness *wit)
{
	struct vres_shape s;

	vres_shape_set(&s, supply, period - budget, budget - overhead,
		       overhead);
	return vres_task_meets(tasks, i, &s, sums, start, low, wit);
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
		vres_shape_set(&s, supply, period - mid, mid - overhead,
			       overhead);
		if (vres_shape_inverse(&s, wit->w) <= wit->t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return hi;
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
int vres_min_budget_hint(const struct vres_task *tasks, unsigned int n,
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
	int ret = vres_check_search_args(tasks, n, supply, overhead_ns);

	if (ret)
		return ret;
	if (!period_ns || period_ns > VRES_TIME_MAX || !budget_ns)
		return -EINVAL;
	return vres_min_budget_hint(tasks, n, NULL, supply, period_ns,
				    overhead_ns, budget_ns, NULL);
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
	int ret = vres_check_search_args(tasks, n, supply, overhead_ns);

	if (ret)
		return ret;
	if ((count && (!periods_ns || !budgets_ns)) || !ws || !ws->start ||
	    ws->n_order < n)
		return -EINVAL;
	for (k = 0; k < count; k++)
		if (!periods_ns[k] || periods_ns[k] > VRES_TIME_MAX)
			return -EINVAL;
	vres_hp_sums_of(ws, tasks, n, &sums);
	for (k = 0; k < count; k++) {
		ret = vres_min_budget_hint(tasks, n, &sums, supply,
					   periods_ns[k], overhead_ns,
					   &budgets_ns[k], &hint);
		if (ret == -ERANGE)
			budgets_ns[k] = 0;
		else if (ret)
			return ret;
	}
	return 0;
}
