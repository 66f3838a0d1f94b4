/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres_search_internal.h - what the searches' files share: the quick tests
 * (vres_quick.c), the least budget (vres_budget.c) and the period searches
 * (vres_periods.c). Not part of the search API (vres_search.h).
 */
#ifndef _VRES_SEARCH_INTERNAL_H
#define _VRES_SEARCH_INTERNAL_H

#include "vres_analysis_core.h"
#include "vres_search.h"

/*
 * The quick tests (vres_quick.c) decide most of the searches' questions
 * without an analysis. Built with -DVRES_NO_QUICK_TEST
 * (userspace/tests/quick_exact_test.c) the searches run without them, to
 * compare the two.
 */
#ifdef VRES_NO_QUICK_TEST
#define VRES_QUICK_TEST		0
#else
#define VRES_QUICK_TEST		1
#endif

/* Points p_k at which W_i is kept (VRES_SEARCH_STARTS counts them). */
#define VRES_QUICK_POINTS	4

/*
 * Per task i, saturated at VRES_TIME_INF: @work: sum C_j over hp(i);
 * @util: sum 2^VRES_UTIL_SHIFT C_j / T_j over hp(i), each rounded down;
 * @at[k]: W_i(quick_point(D_i, k)), or a partial sum above D_i;
 * @seen_t, @seen_w: the witness (struct vres_witness) of the task's last
 * pass by analysis in this search, @seen_t 0 if none yet; vres_task_meets()
 * writes them.
 */
struct vres_hp_sums {
	u64 *work;
	u64 *util;
	u64 *at[VRES_QUICK_POINTS];
	u64 *seen_t;
	u64 *seen_w;
};

/*
 * A pass of task i comes with a witness: a time t <= D_i and a demand
 * w >= W_i(t). Any supply with inverse(w) <= t passes the task too
 * (f(t) <= inverse(w) <= t).
 */
struct vres_witness {
	u64 t;
	u64 w;
};

enum vres_quick {
	VRES_QUICK_PASS,
	VRES_QUICK_MISS,
	VRES_QUICK_OPEN,
};

/* Compare a/b with c/d (b, d > 0): negative, zero or positive. */
static inline int ratio_cmp(u64 a, u64 b, u64 c, u64 d)
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

bool vres_quick_pass(const struct vres_task *tasks, unsigned int i,
		     const struct vres_shape *s,
		     const struct vres_hp_sums *sums,
		     struct vres_witness *wit);

enum vres_quick vres_quick_verdict(const struct vres_task *tasks,
				   unsigned int i,
				   const struct vres_shape *s,
				   const struct vres_hp_sums *sums,
				   u64 start, u64 *low,
				   struct vres_witness *wit);

bool vres_task_meets(const struct vres_task *tasks, unsigned int i,
		     const struct vres_shape *s,
		     const struct vres_hp_sums *sums, u64 start, u64 *low,
		     struct vres_witness *wit);

int vres_check_search_args(const struct vres_task *tasks, unsigned int n,
			   enum vres_supply supply, u64 overhead);

void vres_hp_sums_of(struct vres_search *ws, const struct vres_task *tasks,
		     unsigned int n, struct vres_hp_sums *sums);

int vres_min_budget_hint(const struct vres_task *tasks, unsigned int n,
			 const struct vres_hp_sums *sums,
			 enum vres_supply supply, u64 period, u64 overhead,
			 u64 *budget, unsigned int *hint);

#endif /* _VRES_SEARCH_INTERNAL_H */
