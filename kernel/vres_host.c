// SPDX-License-Identifier: GPL-2.0
/*
 * vres: what the host leaves to SCHED_FIFO on a CPU, for admission control.
 *
 * Two mechanisms of the kernel can take a CPU away from SCHED_FIFO, and
 * admission control models the ones this kernel has (vres_admission.c):
 *
 *  - RT throttling (sched_rt_{period,runtime}_us): SCHED_FIFO runs at most
 *    the runtime in every period. Since 6.12 the kernel enforces it only
 *    in RT_GROUP_SCHED configurations (without them the fair server
 *    replaced it and the sysctls only cap SCHED_DEADLINE's bandwidth), so
 *    whether it exists is known when vres is built (VRES_HAVE_RT_THROTTLE).
 *  - The fair deadline server (6.12+): CFS gets its runtime in every
 *    period, ahead of SCHED_FIFO if need be.
 *
 * Their settings live in kernel variables that are not exported to
 * modules (sysctl_sched_rt_*, the runqueues' fair_server), so they are
 * module parameters here, defaulting to the kernel's own defaults. An
 * administrator who changes the sysctls or the debugfs files
 * (sched/fair_server/cpuN/{runtime,period}) writes the same values to
 * /sys/module/vres/parameters/. vres reads no files (a path would resolve
 * in the writer's mount namespace, and kernel code has no business opening
 * them). See Documentation/vres.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/time64.h>

#include "compat.h"
#include "vres.h"
#include "vres_admission.h"

#if VRES_HAVE_RT_THROTTLE
static int vres_rt_period_us = 1000000;
module_param_named(rt_period_us, vres_rt_period_us, int, 0644);
MODULE_PARM_DESC(rt_period_us, "RT throttling period, as in sched_rt_period_us (default 1000000)");

static int vres_rt_runtime_us = 950000;
module_param_named(rt_runtime_us, vres_rt_runtime_us, int, 0644);
MODULE_PARM_DESC(rt_runtime_us, "RT throttling runtime per period, as in sched_rt_runtime_us (default 950000; -1: no throttling)");
#endif

static ulong vres_fair_runtime_ns = VRES_HAVE_FAIR_SERVER ? 50 * NSEC_PER_MSEC : 0;
module_param_named(fair_runtime_ns, vres_fair_runtime_ns, ulong, 0644);
MODULE_PARM_DESC(fair_runtime_ns, "runtime of the fair deadline server, as in debugfs sched/fair_server (6.12+: default 50000000; 0: none)");

static ulong vres_fair_period_ns = 1000 * NSEC_PER_MSEC;
module_param_named(fair_period_ns, vres_fair_period_ns, ulong, 0644);
MODULE_PARM_DESC(fair_period_ns, "period of the fair deadline server, as in debugfs sched/fair_server (default 1000000000)");

/**
 * vres_host_limits() - the host's limits on SCHED_FIFO for a CPU
 * @cpu: the CPU
 * @lim: filled in, except @lim->nr_prio
 *
 * Context: any.
 */
void vres_host_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	lim->rt_period_ns = 0;
	lim->rt_runtime_ns = VRES_ADM_INF;
#if VRES_HAVE_RT_THROTTLE
	{
		int period = READ_ONCE(vres_rt_period_us);
		int runtime = READ_ONCE(vres_rt_runtime_us);

		/* What sched_rt_handler() would refuse counts as "none". */
		if (period > 0 && runtime >= 0 && runtime <= period) {
			lim->rt_period_ns = (u64)period * NSEC_PER_USEC;
			lim->rt_runtime_ns = (u64)runtime * NSEC_PER_USEC;
		}
	}
#endif
	lim->fair_period_ns = READ_ONCE(vres_fair_period_ns);
	lim->fair_runtime_ns = READ_ONCE(vres_fair_runtime_ns);
}
