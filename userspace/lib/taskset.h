/* SPDX-License-Identifier: GPL-2.0 */
/*
 * taskset.h - task set files: loading, validation, priority order and the
 * assignment of tasks to vCPUs.
 *
 *	{"name": "example",
 *	 "tasks": [{"name": "t1", "period": "16ms", "wcet": "2ms"},
 *		   {"name": "t2", "period": "24ms", "wcet": "1ms",
 *		    "deadline": "20ms", "priority": 5, "vcpu": 0}],
 *	 "vcpus": 1}
 */
#ifndef VRESCTL_TASKSET_H
#define VRESCTL_TASKSET_H

#include <stdbool.h>
#include <stddef.h>

#include "vres_analysis.h"

struct json_t;

/* Most vCPUs a task set may ask for. */
#define TASKSET_VCPUS_MAX	1024

struct ts_task {
	char *name;
	u64 period_ns;
	u64 wcet_ns;
	u64 deadline_ns;
	long long priority;	/* larger runs first, like sched_priority */
	bool has_priority;
	bool pinned;		/* "vcpu" given in the file */
	unsigned int vcpu;	/* given or assigned */
	unsigned int index;	/* position in the file */
	unsigned int rank;	/* 1 = highest priority on its vCPU */
};

struct taskset {
	const char *file;
	char *name;
	unsigned int vcpus;
	unsigned int n;
	struct ts_task *tasks;		/* in file order */
	/*
	 * The analysis view: vt sorted by vCPU, then by decreasing priority;
	 * vt[k] describes tasks[vt_task[k]]; vCPU v owns
	 * vt[vcpu_start[v] .. vcpu_start[v + 1]).
	 */
	struct vres_task *vt;
	unsigned int *vt_task;
	unsigned int *vcpu_start;
};

int taskset_load(const char *file, struct taskset *ts);
int taskset_load_buffer(const char *name, const char *buf, size_t len,
			struct taskset *ts);
int taskset_load_json(const char *file, struct json_t *root,
		      struct taskset *ts);
void taskset_free(struct taskset *ts);

static inline unsigned int taskset_vcpu_len(const struct taskset *ts,
					    unsigned int v)
{
	return ts->vcpu_start[v + 1] - ts->vcpu_start[v];
}

#endif /* VRESCTL_TASKSET_H */
