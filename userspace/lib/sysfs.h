/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs.h - the vres module's sysfs tree seen from user space: reading
 * servers, writing one file at a time, and turning a refused write into a
 * sentence that says what was refused and why.
 *
 * The ABI is Documentation/ABI/testing/sysfs-kernel-vres.
 */
#ifndef VRESCTL_SYSFS_H
#define VRESCTL_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/vres.h>

#include "vres_analysis.h"

/* One server, as its sysfs directory shows it. */
struct vsys_server {
	char name[VRES_NAME_MAX + 1];
	unsigned int cpu;
	unsigned int priority;
	u64 budget_ns;
	u64 period_ns;
	u64 overhead_ns;
	enum vres_mode mode;
	enum vres_state state;
	pid_t tid;
	unsigned int guest_tasks;	/* lines in guest_tasks */
	/* guest_slack: the guard's least-slack task, if it analysed one */
	bool have_guest_slack;
	u64 guest_deadline_ns;
	u64 guest_response_ns;
	u64 stats[VRES_STAT_NR];
};

/* Longest explanation vsys_write() produces. */
#define VSYS_MSG_MAX	1024

const char *vsys_root(void);
int vsys_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsys_check_loaded(const char *cmd);
bool vsys_name_valid(const char *name);
bool vsys_exists(const char *name);
int vsys_read_file(const char *path, char *buf, size_t len);
int vsys_list(char (**names)[VRES_NAME_MAX + 1], size_t *n);
int vsys_get(const char *name, struct vsys_server *srv, const char **file);
int vsys_cpu_utilization(unsigned int cpu, u64 *ppm);
int vsys_refusal_text(const char *line, char *buf, size_t len);
int vsys_online_cpus(bool **online, unsigned int *nr);
int vsys_measured_overhead(u64 *resumes, u64 *max_ns);
int vsys_write(const char *name, const char *file, const char *value,
	       char msg[VSYS_MSG_MAX]);
int vsys_create(const char *name, char msg[VSYS_MSG_MAX]);
int vsys_destroy(const char *name, char msg[VSYS_MSG_MAX]);

const char *vsys_mode_name(enum vres_mode mode);
const char *vsys_state_name(enum vres_state state);
const char *vsys_stat_name(enum vres_stat stat);

#endif /* VRESCTL_SYSFS_H */
