/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres_search.h - searches for servers built on the response-time
 * analysis: the least budget for a period, every period at which a
 * bandwidth suffices, and the server with the least bandwidth.
 *
 * They run in vresctl (plan, check, the simulator), never in the module,
 * and share the analysis of kernel/vres_analysis.c through
 * vres_analysis_core.h. Documentation/analysis.rst explains them.
 */
#ifndef _VRES_SEARCH_H
#define _VRES_SEARCH_H

#include "vres_analysis.h"

/**
 * struct vres_bandwidth - a bandwidth C/T as an exact fraction.
 * @num: numerator, 0 < num <= den.
 * @den: denominator.
 *
 * For a period T the budget is floor(T * num / den), computed without
 * overflow (see vres_budget_for()).
 */
struct vres_bandwidth {
	u64 num;
	u64 den;
};

/*
 * Depth of the period search: each split halves a range of at most
 * VRES_TIME_MAX = 2^60 periods, so 61 levels, plus one for the root.
 */
#define VRES_SEARCH_DEPTH	62

/*
 * Entries of struct vres_search's @start for n tasks: response times per
 * depth, and eight values per task for the quick tests (vres_quick.c).
 */
#define VRES_SEARCH_STARTS(n)	((size_t)(n) * (VRES_SEARCH_DEPTH + 8))

/**
 * struct vres_search - caller-provided workspace for the period searches.
 * @order: n entries, one per task; the search permutes task indices here.
 * @start: VRES_SEARCH_STARTS(n) entries; the search keeps there, per depth
 *	and task, response times that bound those below from beneath, and per
 *	task the values of its quick tests (vres_min_budgets() uses only these).
 * @n_order: number of tasks @order and @start have room for.
 * @keep_sums: set by a caller that keeps @ws for several searches of the
 *	same tasks, unchanged: a search of the tasks @sums_of points to, @n
 *	of them, takes their quick tests' values from @start instead of
 *	computing them again (O(n^2)). A caller that changes the tasks in
 *	place must clear @sums_of. Zero: every search computes them.
 * @sums_of: the tasks whose values @start holds, set by the search.
 * @sums_n: their number.
 * @nodes: statistics: period ranges examined by the last search.
 * @rta_calls: statistics: task questions the last search asked, each
 *	decided by the quick tests or by a response-time analysis.
 * @stack: private: ranges still to examine.
 * @run_lo: private: start of the feasible interval being extended.
 * @run_hi: private: end of that interval.
 * @have_run: private: @run_lo and @run_hi are valid.
 *
 * The engine allocates nothing; this struct is about 2 KiB, too large for
 * a kernel stack frame, so allocate it.
 */
struct vres_search {
	u32 *order;
	u64 *start;
	unsigned int n_order;
	bool keep_sums;
	const struct vres_task *sums_of;
	unsigned int sums_n;
	u64 nodes;
	u64 rta_calls;
	struct {
		u64 lo;
		u64 hi;
		unsigned int active;
		unsigned int depth;
	} stack[VRES_SEARCH_DEPTH + 1];
	u64 run_lo;
	u64 run_hi;
	bool have_run;
};

/**
 * typedef vres_interval_fn - receives one maximal feasible interval.
 * @ctx: the caller's context pointer.
 * @lo_ns: first feasible period.
 * @hi_ns: last feasible period (inclusive; may equal @lo_ns).
 *
 * Intervals arrive in increasing order and never touch each other.
 * Return: 0 to continue, or a negative errno to stop the search with it.
 */
typedef int (*vres_interval_fn)(void *ctx, u64 lo_ns, u64 hi_ns);

int vres_min_budget(const struct vres_task *tasks, unsigned int n,
		    enum vres_supply supply, u64 period_ns, u64 overhead_ns,
		    u64 *budget_ns);

int vres_min_budgets(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, const u64 *periods_ns,
		     unsigned int count, u64 overhead_ns,
		     struct vres_search *ws, u64 *budgets_ns);

int vres_budget_for(const struct vres_bandwidth *bw, u64 period_ns,
		    u64 *budget_ns);
int vres_feasible_periods(const struct vres_task *tasks, unsigned int n,
			  enum vres_supply supply, u64 overhead_ns,
			  const struct vres_bandwidth *bw, u64 lo_ns,
			  u64 hi_ns, struct vres_search *ws,
			  vres_interval_fn fn, void *ctx);
int vres_best_server(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, u64 overhead_ns, u64 lo_ns,
		     u64 hi_ns, struct vres_search *ws,
		     struct vres_resource *best);

#endif /* _VRES_SEARCH_H */
