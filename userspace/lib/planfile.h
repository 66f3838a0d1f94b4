/* SPDX-License-Identifier: GPL-2.0 */
/*
 * planfile.h - what apply and attach configure from a --plan FILE: the
 * server (C, T, X) and each vCPU's guest tasks for the kernel's guest
 * guard. FILE is either the JSON output of "vresctl plan --json" (or
 * "vresctl check --json") or a task set file, planned on the spot (the
 * minimum budget at a given period).
 */
#ifndef VRESCTL_PLANFILE_H
#define VRESCTL_PLANFILE_H

#include <stdbool.h>

#include "planner.h"

struct guest_task {
	u64 period_ns;
	u64 wcet_ns;
	u64 deadline_ns;
	unsigned int vcpu;
};

struct plan_server {
	u64 budget_ns;
	u64 period_ns;
	u64 overhead_ns;
	enum vres_supply supply;	/* the plan's analysis model */
	unsigned int vcpus;
	unsigned int n_tasks;
	struct guest_task *tasks;
	const char *origin;	/* which answer of the plan was used */
};

/* How to plan a task set file on the spot. */
struct plan_request {
	struct plan_opts po;
	u64 period_ns;		/* required for a task set file */
	bool have_overhead;	/* po.overhead_ns was given */
};

int planfile_load(const char *cmd, const char *file,
		  const struct plan_request *req, struct plan_server *sp);
int planfile_load_buffer(const char *cmd, const char *name, const char *buf,
			 size_t len, const struct plan_request *req,
			 struct plan_server *sp);
void planfile_free(struct plan_server *sp);
int planfile_margin(const struct plan_server *sp, char *buf, size_t len);
int planfile_guest_tasks(const struct plan_server *sp, unsigned int vcpu,
			 char *buf, size_t len);

#endif /* VRESCTL_PLANFILE_H */
