/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simulate.h - what vres-sim's files share: the reports and CSV files of
 * the two studies (sim_report.c) and their figures (sim_figures.c).
 */
#ifndef VRES_SIM_SIMULATE_H
#define VRES_SIM_SIMULATE_H

#include "planner.h"
#include "study.h"

int sim_run(int argc, char **argv);

extern const char *const study_model_names[STUDY_SUPPLIES];

FILE *sim_open(const char *dir, const char *name, const char *suffix);
int sim_close(FILE *f, const char *dir, const char *name,
	      const char *suffix);

void max_period_print(struct out *o, const struct max_period_study *s);
void overhead_study_print(struct out *o, const struct overhead_study *s);
int max_period_csv(const struct max_period_study *s, const char *dir);
int overhead_study_csv(const struct overhead_study *s, const char *dir);

int max_period_figures(const struct max_period_study *s, const char *dir);
int overhead_study_figures(const struct overhead_study *s, const char *dir);

#endif /* VRES_SIM_SIMULATE_H */
