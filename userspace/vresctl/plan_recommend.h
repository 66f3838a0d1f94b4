/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan_recommend.h - plan's recommended server with a margin (margin.c),
 * checked with its exact slack (slack.c), and how plan prints it.
 */
#ifndef VRESCTL_PLAN_RECOMMEND_H
#define VRESCTL_PLAN_RECOMMEND_H

#include "margin.h"
#include "output.h"

/* What the recommendation is asked for. */
struct recommend {
	const struct taskset *ts;
	const struct plan_opts *po;
	const struct margin *margin;	/* 0, 0: the least bandwidth */
	u64 lo;				/* the range of periods */
	u64 hi;
	u64 min_budget;			/* the module's least, or 0 */
};

static inline bool recommend_has_margin(const struct recommend *r)
{
	return r->margin->budget_ppm || r->margin->period_ppm;
}

int recommend_margin(const struct recommend *r,
		     const struct vres_resource *least,
		     struct vres_resource *rec, bool *least_proven,
		     struct slack_problem *sp, struct slack_server *ss);
void print_server_fields(struct out *o, const struct vres_resource *s);
void print_server(struct out *o, const char *key,
		  const struct vres_resource *s);
void print_recommendation(struct out *o, const struct recommend *r,
			  const struct vres_resource *least,
			  const char *least_why, const struct vres_resource *rec,
			  bool proven, int mret, const struct slack_problem *sp,
			  const struct slack_server *ss);

#endif /* VRESCTL_PLAN_RECOMMEND_H */
