/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prng.h - the random numbers of vres-sim: xoshiro256** seeded by
 * splitmix64 (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021; the reference code is public domain).
 *
 * Written out here instead of using rand()/random() so that a seed gives
 * the same task sets with every C library, on every machine.
 */
#ifndef VRESCTL_PRNG_H
#define VRESCTL_PRNG_H

#include "vres_analysis.h"

struct prng {
	u64 s[4];
};

u64 prng_mix(u64 h, u64 v);
void prng_seed(struct prng *p, u64 seed);
u64 prng_next(struct prng *p);
u64 prng_range(struct prng *p, u64 lo, u64 hi);
double prng_unit(struct prng *p);

#endif /* VRESCTL_PRNG_H */
