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
 * Everything here is computation; vresctl simulate (cmd_simulate.c) prints
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
int study_worst_ratio(const struct vres_task *tasks, unsigned int n,
		      const struct vres_resource *srv, double cap,
		      struct vres_task *scratch, u64 *resp, double *ratio);

/* ---- Study 1 --------------------------------------------------------- */

struct study1_cfg {
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
struct study1_point {
	double *ratio;		/* per set */
	u64 *tmax_ns;		/* per set, 0: no feasible period */
	u64 *t1_ns;		/* per set, shortest task period */
	unsigned int schedulable;
	struct stats st;
};

/* Where the two models' longest periods differ, per (n, u, C/T). */
struct study1_diff {
	unsigned int differ;	/* sets whose T_VM differs */
	unsigned int only_exact;	/* schedulable under exact only */
	double mean_rel;	/* mean of (exact - paper) / exact over them */
	double max_rel;
};

struct study1 {
	struct study1_cfg cfg;
	/* [n][u][bw][model], flattened: see study1_at() */
	struct study1_point *pts;
	struct study1_diff *diff;	/* [n][u][bw] */
	u64 analyses;			/* response-time analyses run */
};

int study1_run(const struct study1_cfg *cfg, struct study1 *s);
void study1_free(struct study1 *s);
struct study1_point *study1_at(const struct study1 *s, unsigned int in,
			       unsigned int iu, unsigned int ib,
			       enum study_model m);
struct study1_diff *study1_diff_at(const struct study1 *s, unsigned int in,
				   unsigned int iu, unsigned int ib);

/* ---- Study 2 --------------------------------------------------------- */

struct study2_cfg {
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
struct study2_curve {
	double *mean;		/* [t - 1]: mean over sets of min(max R/T, cap) */
	unsigned int *sched;	/* [t - 1]: sets with max R_i/T_i <= 1 */
	unsigned int *capped;	/* [t - 1]: sets at the cap (or no budget) */
	unsigned int sets_ok;	/* sets schedulable at some T_VM */
	/* prediction model, averaged over the sets (thesis units) */
	double left_bound;	/* T >= X / (C/T - u); < 0: none */
	double lower_slope;	/* mean of 2(1 - C/T) / T_1 */
	double lower_offset;	/* mean of (C_1 + X) / T_1 */
};

struct study2_diff {
	unsigned long points_differ;	/* (set, T_VM) with other max R/T */
	unsigned int sets_differ;	/* sets whose schedulable T differ */
};

struct study2 {
	struct study2_cfg cfg;
	struct study2_curve *curves;	/* [grid][x][model] */
	struct study2_diff *diff;	/* [grid][x] */
	u64 analyses;
};

int study2_run(const struct study2_cfg *cfg, struct study2 *s);
void study2_free(struct study2 *s);
struct study2_curve *study2_at(const struct study2 *s, unsigned int ig,
			       unsigned int ix, enum study_model m);
struct study2_diff *study2_diff_at(const struct study2 *s, unsigned int ig,
				   unsigned int ix);

#endif /* VRESCTL_STUDY_H */
