/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_util.h - what vresctl's C tests share: a seeded random generator
 * that a run can be repeated with (VRES_TEST_SEED), and a task builder.
 *
 * A test that uses test_seed() defines TEST_SEED_DEFAULT, its seed when
 * VRES_TEST_SEED is not set, before including this file.
 */
#ifndef VRESCTL_TEST_UTIL_H
#define VRESCTL_TEST_UTIL_H

#include <stdlib.h>

#include "vres_analysis.h"

struct rng {
	u64 s;
};

static inline u64 rng_next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

/* Uniform in [lo, hi]. */
static inline u64 rng_range(struct rng *r, u64 lo, u64 hi)
{
	return lo + rng_next(r) % (hi - lo + 1);
}

#ifdef TEST_SEED_DEFAULT
static inline u64 test_seed(void)
{
	const char *env = getenv("VRES_TEST_SEED");

	return env ? strtoull(env, NULL, 0) : TEST_SEED_DEFAULT;
}
#endif

/* An implicit-deadline task of vCPU 0 with no jitter. */
static inline void set_task(struct vres_task *t, u64 period, u64 wcet)
{
	t->period_ns = period;
	t->wcet_ns = wcet;
	t->deadline_ns = period;
	t->jitter_ns = 0;
	t->group = 0;
}

#endif /* VRESCTL_TEST_UTIL_H */
