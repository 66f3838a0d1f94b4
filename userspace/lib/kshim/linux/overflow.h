/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/overflow.h> in userspace: the checked arithmetic kernel/ uses,
 * on the compiler built-ins the kernel's own definitions wrap.
 */
#ifndef _VRES_SHIM_LINUX_OVERFLOW_H
#define _VRES_SHIM_LINUX_OVERFLOW_H

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

#endif /* _VRES_SHIM_LINUX_OVERFLOW_H */
