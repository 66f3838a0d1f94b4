/* SPDX-License-Identifier: GPL-2.0 */
/*
 * study.h - Paper III's two simulation studies, on the analysis engine.
 *
 * Study 1 (thesis Sections 4.6-4.7): for random task sets, the longest
 * server period T_VM at which a bandwidth C/T makes the set schedulable,
 * relative to the shortest task period T_1, against the upper bound
 * 1 / (2(1 - C/T)) of Figure 4.3.
 *
 * Study 2 (Section 4.8.3): with an overhead X per server period, the
 * largest R_i/T_i of a set as a function of T_VM (Figures 4.13-4.15),
 * averaged over the sets, with the prediction model's lines (4.8.2).
 *
 * Everything here is computation; vres-sim (simulate.c) prints
 * and draws it. Times in the configuration are thesis time units, each
 * unit_ns nanoseconds; the analysis runs in integer nanoseconds.
 */
#ifndef VRESCTL_STUDY_H
#define VRESCTL_STUDY_H

#include <stdbool.h>

#include "stats.h"
#include "vres_search.h"
#include "taskgen.h"

#define STUDY_MAX_LIST	16	/* entries of each configuration list */
#define STUDY_SUPPLIES	2	/* paper and exact, in that order */

/* Index of a supply model in the result arrays. */
enum study_model {
	STUDY_PAPER = 0,	/* Eq 4 (X = 0) / Eq 6 (X > 0) as printed */
	STUDY_EXACT = 1,	/* the exact inverse (Shin & Lee) */
};

enum vres_supply study_supply(enum study_model m, u64 overhead_ns);
double study_upper_bound(double bw);
double study_bw(const struct vres_bandwidth *bw);

int study_max_period(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, const struct vres_bandwidth *bw,
		     struct vres_search *ws, u64 *tmax);

/* ---- Study 1 --------------------------------------------------------- */

struct max_period_cfg {
	u64 seed;
	unsigned int sets;
	struct taskgen_params gen;	/* gen.n is ignored: see ns */
	unsigned int n_ns;
	unsigned int ns[STUDY_MAX_LIST];
	unsigned int n_us;
	double us[STUDY_MAX_LIST];
	unsigned int n_bws;
	struct vres_bandwidth bws[STUDY_MAX_LIST];
	bool model[STUDY_SUPPLIES];	/* which models to run */
};

/* One (n, u, C/T, model): the sets' T_VM / T_1, 0 where unschedulable. */
struct max_period_point {
	double *ratio;		/* per set */
	u64 *tmax_ns;		/* per set, 0: no feasible period */
	u64 *t1_ns;		/* per set, shortest task period */
	unsigned int schedulable;
	struct stats st;
};

/* Where the two models' longest periods differ, per (n, u, C/T). */
struct max_period_diff {
	unsigned int differ;	/* sets whose T_VM differs */
	unsigned int only_exact;	/* schedulable under exact only */
	double mean_rel;	/* mean of (exact - paper) / exact over them */
	double max_rel;
};

struct max_period_study {
	struct max_period_cfg cfg;
	/* [n][u][bw][model], flattened: see max_period_at() */
	struct max_period_point *pts;
	struct max_period_diff *diff;	/* [n][u][bw] */
	u64 analyses;			/* response-time analyses run */
};

int max_period_run(const struct max_period_cfg *cfg,
		   struct max_period_study *s);
void max_period_free(struct max_period_study *s);
struct max_period_point *max_period_at(const struct max_period_study *s,
				       unsigned int in, unsigned int iu,
				       unsigned int ib, enum study_model m);
struct max_period_diff *max_period_diff_at(const struct max_period_study *s,
					   unsigned int in, unsigned int iu,
					   unsigned int ib);

/* ---- Study 2 --------------------------------------------------------- */

struct overhead_study_cfg {
	u64 seed;
	unsigned int sets;
	struct taskgen_params gen;
	unsigned int n_grid;			/* (u, C/T) pairs */
	double grid_u[STUDY_MAX_LIST];
	struct vres_bandwidth grid_bw[STUDY_MAX_LIST];
	unsigned int n_xs;
	u64 xs[STUDY_MAX_LIST];			/* overheads, time units */
	u64 tvm_max;				/* T_VM = 1 .. tvm_max units */
	double cap;				/* R/T above this counts as cap */
	bool model[STUDY_SUPPLIES];
};

/* One (u, C/T, X, model): the curve over T_VM = 1 .. tvm_max. */
struct overhead_study_curve {
	double *mean;		/* [t - 1]: mean over sets of min(max R/T, cap) */
	unsigned int *sched;	/* [t - 1]: sets with max R_i/T_i <= 1 */
	unsigned int *capped;	/* [t - 1]: sets at the cap (or no budget) */
	unsigned int sets_ok;	/* sets schedulable at some T_VM */
	/* prediction model, averaged over the sets (thesis units) */
	double left_bound;	/* T >= X / (C/T - u); < 0: none */
	double lower_slope;	/* mean of 2(1 - C/T) / T_1 */
	double lower_offset;	/* mean of (C_1 + X) / T_1 */
};

struct overhead_study_diff {
	unsigned long points_differ;	/* (set, T_VM) with other max R/T */
	unsigned int sets_differ;	/* sets whose schedulable T differ */
};

struct overhead_study {
	struct overhead_study_cfg cfg;
	struct overhead_study_curve *curves;	/* [grid][x][model] */
	struct overhead_study_diff *diff;	/* [grid][x] */
	u64 analyses;
};

int overhead_study_run(const struct overhead_study_cfg *cfg,
		       struct overhead_study *s);
void overhead_study_free(struct overhead_study *s);
struct overhead_study_curve *overhead_study_at(const struct overhead_study *s,
					       unsigned int ig, unsigned int ix,
					       enum study_model m);
struct overhead_study_diff *
overhead_study_diff_at(const struct overhead_study *s, unsigned int ig,
		       unsigned int ix);

#endif /* VRESCTL_STUDY_H */
