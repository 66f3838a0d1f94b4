/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plot.h - the figures of vresctl plan --plot: max R_i/D_i against the
 * period at one bandwidth (plan_plot.c), and the least bandwidth with the
 * recommended server and its margins (margin_plot.c).
 */
#ifndef VRESCTL_PLOT_H
#define VRESCTL_PLOT_H

#include <stdio.h>

#include "planner.h"

int plan_plot(FILE *f, const struct taskset *ts,
	      const struct plan_opts *po, const struct vres_bandwidth *bw,
	      const struct ivlist *feasible, u64 min_period, u64 max_period,
	      bool have_max);
struct margin;
int plan_margin_plot(FILE *f, const struct taskset *ts,
		     const struct plan_opts *po, const struct margin *m,
		     const struct vres_resource *rec,
		     const struct vres_resource *least, u64 lo, u64 hi);

#endif /* VRESCTL_PLOT_H */
