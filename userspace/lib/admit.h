/* SPDX-License-Identifier: GPL-2.0 */
/*
 * admit.h - would this host accept a plan? Admission control's answer,
 * read-only (admit.c).
 */
#ifndef VRES_ADMIT_H
#define VRES_ADMIT_H

#include <stdbool.h>

#include "planfile.h"
#include "sysfs.h"

/* One vCPU of the plan: where it would go, or why it could not. */
struct admit_vcpu {
	char name[VRES_NAME_MAX + 1];
	bool admitted;
	unsigned int cpu;		/* admitted: its CPU; else the last tried */
	char refusal[VRES_REFUSAL_MAX];	/* the module's refusal line */
	u64 resp_ns, deadline_ns;	/* admitted: the CPU's least-slack server */
	char least[VRES_NAME_MAX + 1];
};

/* One online CPU vres knows: its servers before and after the plan. */
struct admit_cpu {
	unsigned int cpu;
	unsigned int servers_before, servers_after;
	u64 util_before_ppm, util_after_ppm;
	u64 cap_ppm;			/* what RT throttling leaves SCHED_FIFO */
};

struct admit_result {
	bool accepted;
	unsigned int nr_vcpus, nr_cpus;
	struct admit_vcpu *vcpus;
	struct admit_cpu *cpus;
};

int admit_dry_run(const struct plan_server *sp, const char *prefix,
		  const unsigned int *cpus, unsigned int nr_cpus,
		  struct admit_result *res, char msg[VSYS_MSG_MAX]);
void admit_free(struct admit_result *res);

#endif /* VRES_ADMIT_H */
