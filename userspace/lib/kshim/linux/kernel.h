/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/kernel.h> in userspace: what kernel/vres_parse.c takes from it,
 * INT_MAX and the kstrto*() of <linux/kstrtox.h>. The functions are in
 * lib.c, copied from the kernel's lib/kstrtox.c.
 */
#ifndef _VRES_SHIM_LINUX_KERNEL_H
#define _VRES_SHIM_LINUX_KERNEL_H

#include <limits.h>

#include <linux/types.h>

int kstrtoull(const char *s, unsigned int base, unsigned long long *res);

/* As in <linux/kstrtox.h>: u64 is unsigned long long on every arch. */
static inline int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	return kstrtoull(s, base, res);
}

#endif /* _VRES_SHIM_LINUX_KERNEL_H */
