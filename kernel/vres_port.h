/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres_port.h - the few things vres_analysis.c needs from its environment.
 *
 * The analysis engine (vres_analysis.c) is one source file compiled twice:
 * into the kernel module (and its KUnit suite) and into vresctl. This header
 * is the only place that differs between the two builds. It provides:
 *
 *  - u32, u64 and bool, U64_MAX, BIT_ULL();
 *  - the negative errno values the engine returns;
 *  - vres_add_overflow() and vres_mul_overflow(): store a + b (a * b) in *d
 *    and return true if it did not fit;
 *  - vres_div64() and vres_div64_rem(): 64-bit unsigned division, which a
 *    32-bit kernel cannot do with the / operator;
 *  - vres_clz64(): count of leading zero bits of a non-zero u64;
 *  - VRES_WARN_ON_ONCE(): report a broken internal invariant and recover.
 *
 * Nothing here allocates memory, and the engine uses no floating point.
 */
#ifndef _VRES_PORT_H
#define _VRES_PORT_H

#ifdef __KERNEL__

#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/types.h>

#define vres_add_overflow(a, b, d)	check_add_overflow(a, b, d)
#define vres_mul_overflow(a, b, d)	check_mul_overflow(a, b, d)
#define VRES_WARN_ON_ONCE(cond)		WARN_ON_ONCE(cond)
#define vres_cond_resched()		cond_resched()

static inline u64 vres_div64(u64 a, u64 b)
{
	return div64_u64(a, b);
}

static inline u64 vres_div64_rem(u64 a, u64 b, u64 *rem)
{
	return div64_u64_rem(a, b, rem);
}

/* fls64() is 1-based: fls64(1) == 1, so clz64(x) == 64 - fls64(x). */
static inline unsigned int vres_clz64(u64 x)
{
	return 64 - fls64(x);
}

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The kernel's definitions on every architecture. */
typedef unsigned int u32;
typedef unsigned long long u64;

#ifndef U64_MAX
#define U64_MAX		(~0ULL)
#endif
#ifndef BIT_ULL
#define BIT_ULL(nr)	(1ULL << (nr))
#endif

#define vres_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define vres_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

static inline bool vres_warn_on(bool cond, const char *what, const char *file,
				int line)
{
	if (cond)
		fprintf(stderr, "vres: internal error: %s at %s:%d\n", what,
			file, line);
	return cond;
}

/* Nothing to yield to in user space. */
#define vres_cond_resched()		do { } while (0)

/* Userspace reports every occurrence; the kernel reports the first only. */
#define VRES_WARN_ON_ONCE(cond) \
	vres_warn_on(!!(cond), #cond, __FILE__, __LINE__)

static inline u64 vres_div64(u64 a, u64 b)
{
	return a / b;
}

static inline u64 vres_div64_rem(u64 a, u64 b, u64 *rem)
{
	*rem = a % b;
	return a / b;
}

static inline unsigned int vres_clz64(u64 x)
{
	return (unsigned int)__builtin_clzll(x);
}

#endif /* __KERNEL__ */

#endif /* _VRES_PORT_H */
