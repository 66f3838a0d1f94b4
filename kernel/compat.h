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

/*
 * Threads the kernel runs on a process's behalf: io_uring workers
 * (PF_IO_WORKER) and, from 6.4, also vhost workers share PF_USER_WORKER.
 * In 6.1 vhost workers are kernel threads (PF_KTHREAD).
 */
#ifdef PF_USER_WORKER
#define VRES_PF_KERNEL_WORKER	(PF_USER_WORKER | PF_IO_WORKER)
#else
#define VRES_PF_KERNEL_WORKER	PF_IO_WORKER
#endif

/*
 * Not a version test, a note for porters: vres_sched.c relies on the
 * sched_switch prototype (preempt, prev, next, prev_state) and on
 * sched_process_exit(p) firing after PF_EXITING is set and before
 * exit_task_work(), as in 6.1 and 6.12. Later kernels move
 * sched_process_exit and give it a group_dead argument; check both
 * before adding a version here.
 */

#endif /* _VRES_COMPAT_H */
