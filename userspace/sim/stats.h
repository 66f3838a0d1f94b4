/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - summary statistics of the simulation studies: mean, sample
 * standard deviation, coefficient of variation and a two-sided 95%
 * confidence interval of the mean (Student's t).
 */
#ifndef VRESCTL_STATS_H
#define VRESCTL_STATS_H

#include <stddef.h>

struct stats {
	size_t n;
	double mean;
	double sd;		/* sample (n - 1); 0 for n < 2 */
	double ci_half;		/* t(0.975, n - 1) sd / sqrt(n); 0 for n < 2 */
	double min;
	double max;
};

double stats_t975(size_t df);
void stats_of(const double *x, size_t n, struct stats *s);

#endif /* VRESCTL_STATS_H */
