/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan_args.h - vresctl plan's options (plan_args.c), as cmd_plan.c
 * answers them.
 */
#ifndef VRESCTL_PLAN_ARGS_H
#define VRESCTL_PLAN_ARGS_H

#include <stdio.h>

#include "margin.h"
#include "overhead.h"
#include "planner.h"

struct plan_args {
	struct plan_opts po;
	bool json;
	bool have_bw, have_period, have_min, have_max;
	bool ignore_limits;
	struct vres_bandwidth bw;
	const char *bw_text;
	u64 period;
	u64 min_period;
	u64 max_period;
	const char *plot;
	FILE *plot_f;
	struct margin margin;	/* of the recommendation; 0, 0: none */
	bool no_margin, have_budget_margin, have_period_margin;
	struct overhead_choice x;	/* where po.overhead_ns came from */
};

int plan_parse_args(int argc, char **argv, struct plan_args *pa);

#endif /* VRESCTL_PLAN_ARGS_H */
