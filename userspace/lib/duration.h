/* SPDX-License-Identifier: GPL-2.0 */
/*
 * duration.h - exact parsing and printing of durations and fractions.
 *
 * Durations are a decimal number and a unit (ns, us, ms, s), such as
 * "2.5ms"; the value must be a whole number of nanoseconds. Fractions are
 * decimals such as "0.4", kept as an exact ratio of integers. No floating
 * point is involved anywhere.
 */
#ifndef VRESCTL_DURATION_H
#define VRESCTL_DURATION_H

#include "vres_analysis.h"

/* Longest text duration_str() writes, with the terminating NUL. */
#define DURATION_STR_MAX	32

int duration_parse(const char *s, u64 *ns, const char **why);
const char *duration_str(u64 ns, char buf[DURATION_STR_MAX]);

int fraction_parse(const char *s, u64 *num, u64 *den, const char **why);
const char *fraction_str(u64 num, u64 den, char *buf, size_t len);

#endif /* VRESCTL_DURATION_H */
