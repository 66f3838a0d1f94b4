// SPDX-License-Identifier: GPL-2.0
/*
 * prng.c - xoshiro256** seeded by splitmix64; see prng.h.
 */
#include "prng.h"

/* One step of splitmix64: advance *x and return the scrambled value. */
static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 rotl(u64 x, unsigned int k)
{
	return (x << k) | (x >> (64 - k));
}

/**
 * prng_mix() - derive a seed from another and a value.
 * @h: the seed so far.
 * @v: the value to fold in (a study number, a task count, a set index).
 *
 * splitmix64 of @h ^ @v. Chained, it gives every (seed, study, n, set)
 * its own stream, so that a set does not change when other sets, task
 * counts or utilisations are added to or removed from a run.
 * Return: the derived seed.
 */
u64 prng_mix(u64 h, u64 v)
{
	u64 x = h ^ v;

	return splitmix64(&x);
}

/**
 * prng_seed() - start a stream.
 * @p: the generator.
 * @seed: any 64-bit value.
 *
 * The state is four successive outputs of splitmix64 started at @seed, as
 * the xoshiro authors recommend; it is never all zero.
 */
void prng_seed(struct prng *p, u64 seed)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p->s[i] = splitmix64(&seed);
}

/**
 * prng_next() - the next 64 random bits (xoshiro256**).
 * @p: the generator.
 *
 * Return: a value uniform over all 64-bit integers.
 */
u64 prng_next(struct prng *p)
{
	u64 *s = p->s;
	u64 result = rotl(s[1] * 5, 7) * 9;
	u64 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/**
 * prng_range() - an integer uniform in [lo, hi], without modulo bias.
 * @p: the generator.
 * @lo: smallest value.
 * @hi: largest value, >= @lo.
 *
 * Rejection: with r = hi - lo + 1 values, outputs below 2^64 mod r are
 * drawn again, so each of the r residues has the same number of
 * preimages (the method of OpenBSD's arc4random_uniform()).
 * Return: the value.
 */
u64 prng_range(struct prng *p, u64 lo, u64 hi)
{
	u64 r = hi - lo + 1, threshold, x;

	if (!r)		/* the whole 64-bit range */
		return prng_next(p);
	threshold = (0 - r) % r;
	do {
		x = prng_next(p);
	} while (x < threshold);
	return lo + x % r;
}

/**
 * prng_unit() - a double uniform in [0, 1).
 * @p: the generator.
 *
 * Return: the top 53 bits of the next output times 2^-53.
 */
double prng_unit(struct prng *p)
{
	return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}
