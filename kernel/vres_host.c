// SPDX-License-Identifier: GPL-2.0
/*
 * vres: what the host leaves to SCHED_FIFO on a CPU, for admission control.
 *
 * The limits live in kernel variables that are not exported to modules
 * (sysctl_sched_rt_period/runtime, the per-CPU fair server), so they are
 * read through the files the administrator uses to set them, at every
 * admission decision (process context, the sysfs writer; paths resolve in
 * the writer's mount namespace):
 *
 *   /proc/sys/kernel/sched_rt_period_us, sched_rt_runtime_us   (-1: off)
 *   /sys/kernel/debug/sched/fair_server/cpuN/{period,runtime}  (6.12+, ns)
 *
 * When a file cannot be read the kernel's default is assumed (950 ms of
 * every 1 s for RT; 50 ms of every 1 s for the fair server) and the
 * fallback is logged once. Documentation/vres.rst says what the
 * administrator should set.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/time64.h>

#include "compat.h"
#include "vres.h"
#include "vres_admission.h"

#define VRES_RT_PERIOD_DEFAULT_NS	(1000ULL * NSEC_PER_MSEC)
#define VRES_RT_RUNTIME_DEFAULT_NS	(950ULL * NSEC_PER_MSEC)
#define VRES_FAIR_PERIOD_DEFAULT_NS	(1000ULL * NSEC_PER_MSEC)
#define VRES_FAIR_RUNTIME_DEFAULT_NS	(50ULL * NSEC_PER_MSEC)

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
 * Context: process; sleeps (reads procfs and debugfs files).
 */
void vres_host_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	static bool warned_rt, warned_fair;
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

	lim->fair_period_ns = 0;
	lim->fair_runtime_ns = 0;
	if (VRES_HAVE_FAIR_SERVER) {
		char path[64];

		snprintf(path, sizeof(path),
			 "/sys/kernel/debug/sched/fair_server/cpu%u/period",
			 cpu);
		if (!vres_read_s64(path, &period)) {
			snprintf(path, sizeof(path),
				 "/sys/kernel/debug/sched/fair_server/cpu%u/runtime",
				 cpu);
			if (!vres_read_s64(path, &runtime) && period > 0 &&
			    runtime >= 0) {
				lim->fair_period_ns = period;
				lim->fair_runtime_ns = runtime;
				return;
			}
		}
		if (!warned_fair)
			pr_notice("cannot read debugfs sched/fair_server; assuming 50 ms every 1 s\n");
		warned_fair = true;
		lim->fair_period_ns = VRES_FAIR_PERIOD_DEFAULT_NS;
		lim->fair_runtime_ns = VRES_FAIR_RUNTIME_DEFAULT_NS;
	}
}
