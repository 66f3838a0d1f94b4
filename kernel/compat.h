/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions vres builds against (Debian 12's
 * 6.1 and bookworm-backports' 6.12). Every LINUX_VERSION_CODE test in vres
 * lives in this file.
 */
#ifndef _VRES_COMPAT_H
#define _VRES_COMPAT_H

#include <linux/version.h>

/*
 * 6.12 runs CFS from a deferred deadline server on every CPU (runtime
 * 50 ms every 1 s by default, debugfs sched/fair_server/cpuN/). It can
 * boost CFS above SCHED_FIFO, so admission control must account for it.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define VRES_HAVE_FAIR_SERVER	1
#else
#define VRES_HAVE_FAIR_SERVER	0
#endif

#endif /* _VRES_COMPAT_H */
