// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - summary statistics; see stats.h.
 */
#include <math.h>

#include "stats.h"

/**
 * stats_t975() - the 0.975 quantile of Student's t distribution.
 * @df: degrees of freedom, >= 1.
 *
 * Exact table values for df <= 30 (any statistics table); above, the
 * Cornish-Fisher expansion around the normal quantile z = 1.959964
 * (Abramowitz and Stegun 26.7.5), which is within 1e-5 of the true value
 * from df = 30 on.
 * Return: the quantile, or 0 for df = 0.
 */
double stats_t975(size_t df)
{
	static const double table[] = {
		0, 12.706205, 4.302653, 3.182446, 2.776445, 2.570582,
		2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985,
		2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816,
		2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658,
		2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230,
		2.042272,
	};
	const double z = 1.959963985, z2 = z * z;
	double d = (double)df;

	if (df < sizeof(table) / sizeof(table[0]))
		return table[df];
	return z + z * (z2 + 1) / (4 * d) +
	       z * ((5 * z2 + 16) * z2 + 3) / (96 * d * d) +
	       z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * d * d * d);
}

/**
 * stats_of() - summarise a sample.
 * @x: the values.
 * @n: how many.
 * @s: where to store the summary (all zero for n = 0).
 *
 * Two passes (mean, then squared deviations), in index order, so the
 * result does not depend on anything but the values and their order.
 */
void stats_of(const double *x, size_t n, struct stats *s)
{
	double sum = 0, sq = 0;
	size_t i;

	s->n = n;
	s->mean = s->sd = s->ci_half = s->min = s->max = 0;
	if (!n)
		return;
	s->min = s->max = x[0];
	for (i = 0; i < n; i++) {
		sum += x[i];
		s->min = fmin(s->min, x[i]);
		s->max = fmax(s->max, x[i]);
	}
	s->mean = sum / (double)n;
	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		sq += (x[i] - s->mean) * (x[i] - s->mean);
	s->sd = sqrt(sq / (double)(n - 1));
	s->ci_half = stats_t975(n - 1) * s->sd / sqrt((double)n);
}
