/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres_analysis_core.h - what the searches share with the response-time
 * analysis, not part of its API.
 *
 * The module compiles vres_analysis.c only: the response-time test its
 * admission control runs. vresctl compiles it too, with the searches built
 * on it (userspace/lib/vres_quick.c, vres_budget.c and vres_periods.c),
 * which need its arithmetic, its supply shapes and the analysis of one
 * task. Everything is explained where it is defined, in vres_analysis.c.
 */
#ifndef _VRES_ANALYSIS_CORE_H
#define _VRES_ANALYSIS_CORE_H

#include "vres_analysis.h"

/* Saturating arithmetic: an overflowed time is VRES_TIME_INF. */
static inline u64 sat_add(u64 a, u64 b)
{
	u64 r;

	return vres_add_overflow(a, b, &r) ? VRES_TIME_INF : r;
}

static inline u64 sat_mul(u64 a, u64 b)
{
	u64 r;

	return vres_mul_overflow(a, b, &r) ? VRES_TIME_INF : r;
}

static inline u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static inline u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

/* ceil(a / b) for b > 0, without the overflow of (a + b - 1) / b. */
static inline u64 div_ceil(u64 a, u64 b)
{
	u64 rem, q;

	q = vres_div64_rem(a, b, &rem);
	return q + (rem != 0);
}

/* The 128-bit product a * b as two 64-bit halves. */
static inline void mul128(u64 a, u64 b, u64 *hi, u64 *lo)
{
	u64 a0 = a & 0xffffffffULL, a1 = a >> 32;
	u64 b0 = b & 0xffffffffULL, b1 = b >> 32;
	u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	u64 mid = (p00 >> 32) + (p01 & 0xffffffffULL) + (p10 & 0xffffffffULL);

	*lo = (mid << 32) | (p00 & 0xffffffffULL);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/*
 * A supply model reduced to the numbers of inverse(): see the table at the
 * top of vres_analysis.c. For the period searches a shape can also bound the
 * inverse over a whole range of periods; rate_up and rate_lo then bound
 * chunks(w) * gap from above and below as w * num / den (+ gap for the
 * ceiling models, see vres_search_bounds() in userspace/lib/vres_periods.c).
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

u64 vres_div128(u64 u1, u64 u0, u64 v);
void vres_shape_set(struct vres_shape *s, enum vres_supply supply,
		    u64 slack, u64 eff, u64 x);
u64 vres_shape_inverse(const struct vres_shape *s, u64 work);
u64 vres_hp_demand(const struct vres_task *tj, u64 t);
bool vres_task_rta(const struct vres_task *tasks, unsigned int i,
		   const struct vres_shape *s, u64 start, u64 *resp,
		   u64 *demand, u64 *steps);

#endif /* _VRES_ANALYSIS_CORE_H */
