/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres: parsers for the text written to /sys/kernel/vres. Pure functions
 * on NUL-terminated strings (sysfs guarantees the terminator), so that
 * KUnit can test them (vres_parse_kunit.c). Each returns 0 or a negative
 * errno from the ABI's contract: -EINVAL for malformed text, -ERANGE for
 * well-formed values outside the limits in <linux/vres.h>.
 */
#ifndef _VRES_PARSE_H
#define _VRES_PARSE_H

#include <linux/types.h>
#include <linux/vres.h>

/**
 * struct vres_guest_task - one task of the guest's task set (guest guard)
 * @period_ns:   period T_i
 * @wcet_ns:     worst-case execution time C_i
 * @deadline_ns: relative deadline D_i (= T_i when not given)
 */
struct vres_guest_task {
	u64 period_ns;
	u64 wcet_ns;
	u64 deadline_ns;
};

extern const char * const vres_mode_names[VRES_MODE_NR];
extern const char * const vres_state_names[VRES_STATE_NR];
extern const char * const vres_stat_names[VRES_STAT_NR];

int vres_parse_name(const char *buf, char *name);
int vres_parse_params(const char *buf, u64 *budget_ns, u64 *period_ns);
int vres_check_params(u64 budget_ns, u64 period_ns);
int vres_parse_overhead(const char *buf, u64 *overhead_ns);
int vres_parse_cpu(const char *buf, unsigned int nr_cpus,
		   unsigned int *cpu);
int vres_parse_mode(const char *buf, enum vres_mode *mode);
int vres_parse_tid(const char *buf, int *tid);
int vres_parse_stats_reset(const char *buf);
int vres_parse_guest_tasks(const char *buf, struct vres_guest_task *tasks,
			   unsigned int max, unsigned int *nr);

#endif /* _VRES_PARSE_H */
