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
 *  - From 7.x (VRES_HAVE_DL_SERVER_TP), also the sched_ext server: the
 *    same for tasks of a BPF scheduler, while one is loaded.
 *
 * Their settings live in kernel variables that are not exported to
 * modules (sysctl_sched_rt_*, the runqueues' servers), so they are module
 * parameters here, defaulting to the kernel's own defaults. An
 * administrator who changes the sysctls or the debugfs files
 * (sched/fair_server/cpuN/{runtime,period}) writes the same values to
 * /sys/module/vres/parameters/. vres reads no files (a path would resolve
 * in the writer's mount namespace, and kernel code has no business opening
 * them).
 *
 * Where the kernel exports the deadline servers' tracepoints (7.x), it
 * tells vres itself: every start and every replenishment (once a period
 * while it runs) of a CPU's fair or ext server passes the server, whose
 * runtime and period vres records. From the first on a CPU, admission uses
 * what the kernel showed there, not the parameters; a server once seen
 * counts until unload (the ext server stays counted after
 * its BPF scheduler is gone: a refusal too many, never a guarantee
 * broken). See Documentation/vres.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/seqlock.h>
#include <linux/time64.h>
#include <linux/tracepoint.h>
#include <trace/events/sched.h>

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

#if VRES_HAVE_DL_SERVER_TP
/* What the kernel showed of a CPU's deadline servers (0: not seen). */
struct vres_dl_seen {
	seqcount_t seq;
	u64 fair_runtime_ns;
	u64 fair_period_ns;
	u64 ext_runtime_ns;
	u64 ext_period_ns;
};

static DEFINE_PER_CPU(struct vres_dl_seen, vres_dl_seen);

/*
 * Context: sched_dl_server_start or sched_dl_replenish tracepoint: the
 * entity's runqueue lock held, IRQs off, so the writers of one CPU's record
 * are serialised.
 */
static void vres_probe_dl(void *data, struct sched_dl_entity *dl_se, int cpu,
			  u8 type)
{
	struct vres_dl_seen *seen;

	if (type != DL_SERVER_FAIR && type != DL_SERVER_EXT)
		return;
	seen = per_cpu_ptr(&vres_dl_seen, cpu);
	write_seqcount_begin(&seen->seq);
	if (type == DL_SERVER_FAIR) {
		seen->fair_runtime_ns = dl_se->dl_runtime;
		seen->fair_period_ns = dl_se->dl_period;
	} else {
		seen->ext_runtime_ns = dl_se->dl_runtime;
		seen->ext_period_ns = dl_se->dl_period;
	}
	write_seqcount_end(&seen->seq);
}

/*
 * The fair and ext servers the kernel showed on @cpu, as one deferred
 * server for vres_admit(): both runtimes within the shorter period, which
 * leaves each of them at least its own. Returns false if neither was seen.
 */
static bool vres_dl_seen_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	struct vres_dl_seen *seen = per_cpu_ptr(&vres_dl_seen, cpu);
	u64 fr, fp, er, ep;
	unsigned int start;

	do {
		start = read_seqcount_begin(&seen->seq);
		fr = seen->fair_runtime_ns;
		fp = seen->fair_period_ns;
		er = seen->ext_runtime_ns;
		ep = seen->ext_period_ns;
	} while (read_seqcount_retry(&seen->seq, start));

	if (!fp && !ep)
		return false;
	lim->fair_runtime_ns = fr + er;
	lim->fair_period_ns = fp && ep ? min(fp, ep) : fp | ep;
	return true;
}

/**
 * vres_host_init() - start watching the kernel's deadline servers
 *
 * Context: process (module init).
 * Return: 0 or the registration error.
 */
int vres_host_init(void)
{
	unsigned int cpu;
	int ret;

	for_each_possible_cpu(cpu)
		seqcount_init(&per_cpu_ptr(&vres_dl_seen, cpu)->seq);
	ret = register_trace_sched_dl_server_start_tp(vres_probe_dl, NULL);
	if (ret)
		return ret;
	ret = register_trace_sched_dl_replenish_tp(vres_probe_dl, NULL);
	if (ret) {
		unregister_trace_sched_dl_server_start_tp(vres_probe_dl, NULL);
		tracepoint_synchronize_unregister();
	}
	return ret;
}

/**
 * vres_host_exit() - stop watching; no probe runs after it returns
 *
 * Context: process (module exit, or init failing after vres_host_init()).
 */
void vres_host_exit(void)
{
	unregister_trace_sched_dl_replenish_tp(vres_probe_dl, NULL);
	unregister_trace_sched_dl_server_start_tp(vres_probe_dl, NULL);
	tracepoint_synchronize_unregister();
}
#else
static bool vres_dl_seen_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	return false;
}

int vres_host_init(void)
{
	return 0;
}

void vres_host_exit(void)
{
}
#endif /* VRES_HAVE_DL_SERVER_TP */

/**
 * vres_host_limits() - the host's limits on SCHED_FIFO for a CPU
 * @cpu: the CPU
 * @lim: filled in, except @lim->nr_prio
 *
 * Context: any.
 * Return: true if the deadline servers' values are what the kernel showed
 * on @cpu, false if they are the module parameters.
 */
bool vres_host_limits(unsigned int cpu, struct vres_adm_limits *lim)
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
	if (vres_dl_seen_limits(cpu, lim))
		return true;
	lim->fair_period_ns = READ_ONCE(vres_fair_period_ns);
	lim->fair_runtime_ns = READ_ONCE(vres_fair_runtime_ns);
	return false;
}
