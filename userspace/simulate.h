/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simulate.h - what vresctl simulate's files share: the reports and CSV
 * files of the two studies (sim_report.c), their figures (sim_figures.c)
 * and the single-set figure of plan --plot (plan_plot.c).
 */
#ifndef VRESCTL_SIMULATE_H
#define VRESCTL_SIMULATE_H

#include "planner.h"
#include "study.h"

extern const char *const study_model_names[STUDY_SUPPLIES];

FILE *sim_open(const char *dir, const char *name, const char *suffix);
int sim_close(FILE *f, const char *dir, const char *name,
	      const char *suffix);

void study1_print(struct out *o, const struct study1 *s);
void study2_print(struct out *o, const struct study2 *s);
int study1_csv(const struct study1 *s, const char *dir);
int study2_csv(const struct study2 *s, const char *dir);

int study1_figures(const struct study1 *s, const char *dir);
int study2_figures(const struct study2 *s, const char *dir);

int plan_plot(FILE *f, const struct taskset *ts,
	      const struct plan_opts *po, const struct vres_bandwidth *bw,
	      const struct ivlist *feasible, u64 min_period, u64 max_period,
	      bool have_max);
struct margin;
int plan_margin_plot(FILE *f, const struct taskset *ts,
		     const struct plan_opts *po, const struct margin *m,
		     const struct vres_resource *rec,
		     const struct vres_resource *least, u64 lo, u64 hi);

#endif /* VRESCTL_SIMULATE_H */
