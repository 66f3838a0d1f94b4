/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/math64.h> in userspace: the 64-bit divisions kernel/ uses, done
 * as the kernel's generic C versions do (mul_u64_u64_div_u64 through a
 * 128-bit product, which is exact where the kernel's is).
 */
#ifndef _VRES_SHIM_LINUX_MATH64_H
#define _VRES_SHIM_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 mul_u64_u64_div_u64(u64 a, u64 mul, u64 div)
{
	return (u64)((unsigned __int128)a * mul / div);
}

#endif /* _VRES_SHIM_LINUX_MATH64_H */
