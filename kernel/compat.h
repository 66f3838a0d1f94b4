/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions vres builds against (Debian 12's
 * 6.1, bookworm-backports' 6.12, trixie-backports' 7.3, and the PREEMPT_RT
 * flavours). Every LINUX_VERSION_CODE test in vres lives in this file; a
 * feature the kernel lets us test for directly is tested that way.
 */
#ifndef _VRES_COMPAT_H
#define _VRES_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/kthread.h>
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
 * The deadline servers' tracepoints, exported to modules (7.x): vres
 * learns the fair and ext servers' parameters from them (vres_host.c).
 * DL_SERVER_FAIR comes with them. They are exported and typed: calling
 * register_trace_*() checks the probe's prototype.
 */
#include <trace/events/sched.h>
#ifdef DL_SERVER_FAIR
#define VRES_HAVE_DL_SERVER_TP	1
#else
#define VRES_HAVE_DL_SERVER_TP	0
#endif

/*
 * RT throttling: the same release ("sched/rt: Remove default bandwidth
 * control") left it to RT_GROUP_SCHED configurations; the fair server
 * does its job in the others (Debian's).
 */
#define VRES_HAVE_RT_THROTTLE \
	(!VRES_HAVE_FAIR_SERVER || IS_ENABLED(CONFIG_RT_GROUP_SCHED))

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
 * hrtimer_setup() (6.13) initialises a timer together with its callback;
 * hrtimer_init() and assigning ->function went away in 6.15. The kernel
 * offers nothing to test but its version.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/*
 * The kthread_worker rework that added kthread_run_worker() (6.13) made
 * kthread_create_worker_on_cpu() leave the worker asleep and fill in the
 * CPU number itself ("name/%u"); kthread_run_worker_on_cpu() creates and
 * wakes. Before it, kthread_create_worker_on_cpu() did both and took the
 * format's arguments.
 */
#ifndef kthread_run_worker
static inline struct kthread_worker *
kthread_run_worker_on_cpu(int cpu, unsigned int flags, const char namefmt[])
{
	return kthread_create_worker_on_cpu(cpu, flags, namefmt, cpu);
}
#endif

/*
 * The scheduler tracepoints vres probes are not exported, so their typed
 * register_trace_*() helpers cannot be called; vres_sched.c checks each
 * probe against them instead (VRES_PROBE_TYPE()), so that a prototype
 * change is a build error. sched_process_exit gained a group_dead argument
 * in 2025; both prototypes are known there, any third fails the build.
 * What vres_sched.c relies on besides: sched_switch's (preempt, prev,
 * next, prev_state), and sched_process_exit firing after PF_EXITING is set
 * and before exit_task_work(), as in 6.1, 6.12 and 7.3.
 */

#endif /* _VRES_COMPAT_H */
