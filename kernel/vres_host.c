// SPDX-License-Identifier: GPL-2.0
/*
 * vres: what the host leaves to SCHED_FIFO on a CPU, for admission control.
 *
 * RT throttling lives in kernel variables that are not exported to modules
 * (sysctl_sched_rt_period/runtime), so it is read through the files the
 * administrator sets it with, at every admission decision (process
 * context, the sysfs writer; the path resolves in the writer's mount
 * namespace):
 *
 *   /proc/sys/kernel/sched_rt_period_us, sched_rt_runtime_us   (-1: off)
 *
 * When they cannot be read the kernel's default (950 ms of every 1 s) is
 * assumed and the fallback is logged once.
 *
 * The fair deadline server of 6.12+ is configured in debugfs
 * (sched/fair_server/cpuN/{runtime,period}), whose files do not support
 * kernel_read(). Its values are therefore module parameters, defaulting
 * to the kernel's defaults (50 ms every 1 s); an administrator who changes
 * the debugfs files writes the same values to
 * /sys/module/vres/parameters/fair_{runtime,period}_ns (0 runtime: no fair
 * server). See Documentation/vres.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/time64.h>

#include "compat.h"
#include "vres.h"
#include "vres_admission.h"

#define VRES_RT_PERIOD_DEFAULT_NS	(1000ULL * NSEC_PER_MSEC)
#define VRES_RT_RUNTIME_DEFAULT_NS	(950ULL * NSEC_PER_MSEC)

static ulong vres_fair_runtime_ns = VRES_HAVE_FAIR_SERVER ? 50 * NSEC_PER_MSEC : 0;
module_param_named(fair_runtime_ns, vres_fair_runtime_ns, ulong, 0644);
MODULE_PARM_DESC(fair_runtime_ns, "runtime of the fair deadline server, as in debugfs sched/fair_server (6.12+: default 50000000; 0: none)");

static ulong vres_fair_period_ns = 1000 * NSEC_PER_MSEC;
module_param_named(fair_period_ns, vres_fair_period_ns, ulong, 0644);
MODULE_PARM_DESC(fair_period_ns, "period of the fair deadline server, as in debugfs sched/fair_server (default 1000000000)");
/* Context: process. Read one decimal (signed) integer from @path. */
static int vres_read_s64(const char *path, s64 *val)
{
	char buf[32];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return kstrtos64(strim(buf), 10, val);
}

/**
 * vres_host_limits() - read the host's limits on SCHED_FIFO for a CPU
 * @cpu: the CPU
 * @lim: filled in, except @lim->nr_prio
 *
 * Context: process; sleeps (reads procfs files).
 */
void vres_host_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	static bool warned_rt;
	s64 period, runtime;

	if (!vres_read_s64("/proc/sys/kernel/sched_rt_period_us", &period) &&
	    !vres_read_s64("/proc/sys/kernel/sched_rt_runtime_us", &runtime) &&
	    period > 0) {
		lim->rt_period_ns = period * NSEC_PER_USEC;
		lim->rt_runtime_ns = runtime < 0 ? VRES_ADM_INF :
						   runtime * NSEC_PER_USEC;
	} else {
		if (!warned_rt)
			pr_notice("cannot read sched_rt_{period,runtime}_us; assuming 950000/1000000\n");
		warned_rt = true;
		lim->rt_period_ns = VRES_RT_PERIOD_DEFAULT_NS;
		lim->rt_runtime_ns = VRES_RT_RUNTIME_DEFAULT_NS;
	}

	lim->fair_period_ns = READ_ONCE(vres_fair_period_ns);
	lim->fair_runtime_ns = READ_ONCE(vres_fair_runtime_ns);
}
