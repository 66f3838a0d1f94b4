/* SPDX-License-Identifier: GPL-2.0 */
/*
 * server.h - create or change one server through sysfs as one step that
 * either succeeds whole or is undone (apply and attach).
 *
 * A server appears in user space in one struct per layer, each named
 * LAYER_server or server_ROLE, never "srv": vsys_server (what sysfs says
 * of it, sysfs.h), plan_server (a plan file's, planfile.h), slack_server
 * (the slack analysis's, slack.h), server_config and server_undo (a
 * change and its undo record, here), server_args (vresctl's options that
 * describe one), and the analysis's struct vres_resource.
 */
#ifndef VRESCTL_SERVER_H
#define VRESCTL_SERVER_H

#include "output.h"
#include "sysfs.h"

/* Longest guest_tasks text: VRES_GUEST_TASKS_MAX lines of three numbers. */
#define GUEST_TEXT_MAX	(VRES_GUEST_TASKS_MAX * 64)

/* What to set; fields without their have_ flag are left as they are. */
struct server_config {
	const char *name;
	bool have_cpu, have_params, have_overhead, have_guest, have_mode;
	bool have_tid;
	unsigned int cpu;
	u64 budget_ns;
	u64 period_ns;
	u64 overhead_ns;
	const char *guest;	/* guest_tasks text; "" removes the guard */
	enum vres_mode mode;
	pid_t tid;		/* 0 detaches */
};

/* What server_apply() changed, so that server_undo() can take it back. */
struct server_undo {
	char name[VRES_NAME_MAX + 1];
	bool created;
	bool existed_unconfigured;
	struct vsys_server old;
	char old_guest[GUEST_TEXT_MAX];
	u64 new_overhead_ns;
	unsigned int done;	/* SRV_STEP_* bits */
};

int server_apply(const struct server_config *cfg, struct server_undo *undo,
		 char msg[VSYS_MSG_MAX]);
int server_undo(struct server_undo *undo, char msg[VSYS_MSG_MAX]);
int print_server_summary(struct out *o, const char *verb, const char *name);

#endif /* VRESCTL_SERVER_H */
