/* SPDX-License-Identifier: GPL-2.0 */
/*
 * analysis_plain.h - the searches built without their quick tests
 * (tests/plain/: -DVRES_NO_QUICK_TEST, functions renamed plain_*), and
 * with them but without their lazy split (tests/eager/:
 * -DVRES_EAGER_SEARCH, eager_*), for tests/quick_exact_test.c to compare
 * against.
 */
#ifndef VRES_TESTS_ANALYSIS_PLAIN_H
#define VRES_TESTS_ANALYSIS_PLAIN_H

#include "vres_analysis.h"
#include "vres_search.h"

#define ANALYSIS_VARIANT(p)						\
int p##_vres_feasible_periods(const struct vres_task *tasks,		\
			      unsigned int n, enum vres_supply supply,	\
			      u64 overhead_ns,				\
			      const struct vres_bandwidth *bw, u64 lo_ns, \
			      u64 hi_ns, struct vres_search *ws,	\
			      vres_interval_fn fn, void *ctx);		\
int p##_vres_best_server(const struct vres_task *tasks, unsigned int n, \
			 enum vres_supply supply, u64 overhead_ns,	\
			 u64 lo_ns, u64 hi_ns, struct vres_search *ws,	\
			 struct vres_resource *best)

ANALYSIS_VARIANT(plain);
ANALYSIS_VARIANT(eager);

#endif /* VRES_TESTS_ANALYSIS_PLAIN_H */
