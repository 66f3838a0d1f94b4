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

/* Parts per million: the unit of cpus/cpuN/utilization. */
#define VRES_PPM		1000000ULL

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

#endif /* _UAPI_LINUX_VRES_H */
