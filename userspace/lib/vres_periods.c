// SPDX-License-Identifier: GPL-2.0
/*
 * vres_periods.c - the period searches: every period at which a bandwidth
 * suffices (vres_feasible_periods()), and the server with the least
 * bandwidth (vres_best_server()), by branch and bound over the period.
 *
 * Part of the searches built on kernel/vres_analysis.c (vres_search.h).
 */
#include "vres_search_internal.h"

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
	return hi ? vres_div128(hi, lo, rule->den) : vres_div64(lo, rule->den);
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

	vres_shape_set(opt, a->supply, lo - c_lo, c_hi - x, x);
	if (a->supply != VRES_SUPPLY_PAPER && a->rule.num < a->rule.den) {
		opt->lo_num = a->rule.den - a->rule.num;
		opt->lo_den = a->rule.num;
	}

	*have_pess = c_lo > x;
	if (!*have_pess)
		return;
	vres_shape_set(pess, a->supply, hi - c_hi, c_lo - x, x);
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
	*drop = vres_quick_pass(a->tasks, i, pess, a->sums, &wit);
	return *drop || vres_quick_verdict(a->tasks, i, opt, a->sums, from,
					   low, &wit) != VRES_QUICK_MISS;
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
			if (vres_task_meets(a->tasks, i, &pess, a->sums, from,
					    &r, NULL)) {
				swap_u32(&ws->order[k], &ws->order[--m]);
				continue;
			}
		}
		/* At a single period "pess" is exact: no need to ask "opt". */
		if (lo != hi) {
			ws->rta_calls++;
			if (vres_task_meets(a->tasks, i, &opt, a->sums, from,
					    &r, NULL)) {
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

	ret = vres_check_search_args(tasks, n, supply, overhead_ns);
	if (ret)
		return ret;
	ret = check_range(lo_ns, hi_ns, ws, n);
	if (ret)
		return ret;
	if (!bw || !bw->num || bw->num > bw->den || !fn)
		return -EINVAL;
	vres_hp_sums_of(ws, tasks, n, &sums);
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
	ret = vres_min_budget_hint(b->tasks, b->n, b->sums, b->supply, t,
				   b->overhead, &c, &b->hint);
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

	ret = vres_check_search_args(tasks, n, supply, overhead_ns);
	if (ret)
		return ret;
	ret = check_range(lo_ns, hi_ns, ws, n);
	if (ret)
		return ret;
	if (!best)
		return -EINVAL;
	vres_hp_sums_of(ws, tasks, n, &sums);
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
		ret = vres_min_budget_hint(tasks, n, &sums, supply, b.last_hi,
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
