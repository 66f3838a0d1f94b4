/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vres: periodic CPU servers for KVM vCPU threads.
 *
 * Definitions shared by the vres kernel module and its user space
 * (vresctl, selftests). The module is configured through sysfs under
 * VRES_SYSFS_ROOT; this header gives the limits it enforces and the
 * keywords it reads and prints, so that both sides agree on them.
 * See Documentation/ABI/testing/sysfs-kernel-vres.
 */
#ifndef _UAPI_LINUX_VRES_H
#define _UAPI_LINUX_VRES_H

#include <linux/types.h>

#define VRES_SYSFS_ROOT		"/sys/kernel/vres"

/* Server names: 1 to VRES_NAME_MAX characters from VRES_NAME_CHARS. */
#define VRES_NAME_MAX		31
#define VRES_NAME_CHARS		"abcdefghijklmnopqrstuvwxyz0123456789_.-"

/* Limits on a server's parameters, in nanoseconds. */
#define VRES_PERIOD_MIN_NS	100000ULL	/* 100 us */
#define VRES_PERIOD_MAX_NS	10000000000ULL	/* 10 s */
#define VRES_BUDGET_MIN_NS	10000ULL	/* 10 us */

/* Largest overhead_ns a server may carry. */
#define VRES_OVERHEAD_MAX_NS	VRES_PERIOD_MAX_NS

/* guest_tasks: at most this many "PERIOD_NS WCET_NS [DEADLINE_NS]" lines. */
#define VRES_GUEST_TASKS_MAX	64

/*
 * The most work the module spends on one admission or guest-guard analysis,
 * in steps of the response-time iterations (terms of the interference sums):
 * about 25 ms of one core's time. Their number grows with the ratio of the
 * longest deadline to the shortest period; a set that needs more is refused
 * (E2BIG) rather than analysed for minutes. Realistic sets need far fewer:
 * 64 tasks with periods from 100 us to 10 s about 20,000.
 */
#define VRES_ANALYSIS_STEPS_MAX	(1ULL << 22)

/*
 * servers/NAME/refusal and the root's refusal: at most this many bytes,
 * one line "KEYWORD key=value ..." (see the ABI document for the keywords).
 */
#define VRES_REFUSAL_MAX	256

/* Default of the module parameter max_servers. */
#define VRES_SERVERS_MAX_DEFAULT	1024

/* Parts per million: the unit of cpus/cpuN/utilization. */
#define VRES_PPM		1000000ULL

/*
 * Module parameters prio_min and prio_max (SCHED_FIFO priorities of the
 * servers on one CPU, Rate Monotonic) lie in [VRES_PRIO_LOWEST,
 * VRES_PRIO_HIGHEST]. Priority VRES_PRIO_HIGHEST + 1 is taken by the
 * per-CPU worker that demotes and restores soft-mode threads.
 */
#define VRES_PRIO_LOWEST	1
#define VRES_PRIO_HIGHEST	98

/* What happens when a server's budget is exhausted (servers/NAME/mode). */
enum vres_mode {
	VRES_MODE_HARD = 0,	/* thread does not run before the next period */
	VRES_MODE_SOFT = 1,	/* thread keeps running at background priority */
	VRES_MODE_NR,
};

#define VRES_MODE_NAMES		{ "hard", "soft" }

/* servers/NAME/state */
enum vres_state {
	VRES_STATE_UNATTACHED = 0,	/* no thread */
	VRES_STATE_IDLE = 1,		/* thread attached, not running */
	VRES_STATE_RUNNING = 2,		/* thread on the CPU, within budget */
	VRES_STATE_THROTTLED = 3,	/* budget exhausted in this period */
	VRES_STATE_NR,
};

#define VRES_STATE_NAMES	{ "unattached", "idle", "running", "throttled" }

/*
 * servers/NAME/stats: one "KEY VALUE" line per key, in this order.
 * Writing "0" resets every counter.
 */
enum vres_stat {
	VRES_STAT_PERIODS = 0,		/* period boundaries passed */
	VRES_STAT_THROTTLES,		/* periods whose budget ran out */
	VRES_STAT_CONSUMED_NS,		/* CPU time charged to the server */
	VRES_STAT_OVERRUN_MAX_NS,	/* worst time run past the budget in one period */
	VRES_STAT_OVERRUN_TOTAL_NS,	/* all time run past the budget */
	VRES_STAT_SHORTFALLS,		/* periods runnable at the end with budget left */
	VRES_STAT_REPLENISH_LATENCY_MAX_NS, /* worst lateness of the period timer */
	VRES_STAT_MISSED_BOUNDARIES,	/* boundaries passed without a timer expiry */
	VRES_STAT_REVOCATIONS,		/* threads let go: moved or policy changed by others */
	VRES_STAT_FORKS,		/* children of the thread given their mask back */
	VRES_STAT_RESUMES,		/* throttles the thread came back from at a boundary */
	VRES_STAT_RESUME_MAX_NS,	/* worst budget paid to come back from one */
	VRES_STAT_RESUME_TOTAL_NS,	/* all budget paid to come back */
	VRES_STAT_NR,
};

#define VRES_STAT_NAMES	{ "periods", "throttles", "consumed_ns",	\
			  "overrun_max_ns", "overrun_total_ns",		\
			  "shortfalls", "replenish_latency_max_ns",	\
			  "missed_boundaries", "revocations", "forks",	\
			  "resumes", "resume_max_ns", "resume_total_ns" }

#endif /* _UAPI_LINUX_VRES_H */
