/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/sort.h> in userspace: sort() as qsort(). kernel/ passes no swap
 * function. Servers sort in a total order (period, then name), the same
 * in both sorts; guest tasks tie when deadline and period are equal, and
 * the two sorts may order such tasks differently, which changes no
 * verdict (the last of them sees all of them, with the same deadline).
 */
#ifndef _VRES_SHIM_LINUX_SORT_H
#define _VRES_SHIM_LINUX_SORT_H

#include <stdlib.h>

#define sort(base, num, size, cmp, swap)	qsort(base, num, size, cmp)

#endif /* _VRES_SHIM_LINUX_SORT_H */
