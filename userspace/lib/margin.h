/* SPDX-License-Identifier: GPL-2.0 */
/*
 * margin.h - plan's recommendation with a margin: the least bandwidth
 * whose server keeps every deadline when its budget drops by the budget
 * margin, and at every period within the period margin of its own at its
 * bandwidth. See margin.c and Documentation/analysis.rst, "Margins".
 */
#ifndef VRESCTL_MARGIN_H
#define VRESCTL_MARGIN_H

#include <stddef.h>

#include "planner.h"
#include "slack.h"

/* Margins in parts per million of the budget and of the period. */
#define MARGIN_BUDGET_DEFAULT_PPM	100000	/* 10% */
#define MARGIN_PERIOD_DEFAULT_PPM	50000	/* 5% */

/* The bandwidth grid of the search: 2^-40. */
#define MARGIN_BW_SHIFT			40

struct margin {
	u64 budget_ppm;		/* m_b < 10^6 */
	u64 period_ppm;		/* m_p < 10^6 */
};

/* The margins a server has (as ppm, rounded down), from its slack. */
struct margin_have {
	u64 budget_ppm;		/* (C - Cmin) / C */
	u64 period_ppm;		/* min(T - lo, hi - T) / T at bandwidth C/T */
	bool period_at_range;	/* the interval runs to the range's end */
};

int margin_parse(const char *s, u64 *ppm, const char **why);
const char *margin_str(u64 ppm, char *buf, size_t len);
u64 margin_delta(u64 period, u64 ppm);
bool margin_holds(const struct slack_problem *p, const struct slack_server *s,
		  const struct margin *m);
void margin_of(const struct slack_problem *p, const struct slack_server *s,
	       struct margin_have *h);
int margin_best(const struct taskset *ts, const struct plan_opts *po,
		u64 lo, u64 hi, const struct margin *m,
		struct vres_resource *best, bool *least);

#endif /* VRESCTL_MARGIN_H */
