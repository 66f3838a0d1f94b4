// SPDX-License-Identifier: GPL-2.0
/*
 * taskset_fuzz: libFuzzer target for vresctl's task set reader
 * (userspace/lib/taskset.c), through taskset_load_buffer(), which parses and
 * validates exactly as taskset_load() does for a file.
 *
 * Checked, on top of AddressSanitizer, UndefinedBehaviorSanitizer and
 * LeakSanitizer (every task set is freed):
 *  - a refused set printed one message "PROGRAM: fuzz.json: ...\n",
 *    and no "internal error" of the analysis;
 *  - a loaded set printed nothing and respects the limits of taskset.h and
 *    Documentation/vresctl.8: 1 <= vcpus <= TASKSET_VCPUS_MAX, at least one
 *    task, names non-empty and distinct, 0 < wcet <= deadline <= period <=
 *    VRES_TIME_MAX, a priority on every task or none, vcpu < vcpus;
 *  - its analysis view is consistent: vt is a permutation of the tasks,
 *    sorted by vCPU then priority order, vcpu_start delimits the vCPUs,
 *    ranks count from 1 on each vCPU, and vres_check_tasks() accepts it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "taskset.h"

#define NAME	"fuzz.json"

/* Priority order of by_vcpu_then_priority() in taskset.c: a before b. */
static bool runs_before(const struct ts_task *a, const struct ts_task *b)
{
	if (a->vcpu != b->vcpu)
		return a->vcpu < b->vcpu;
	if (a->has_priority && a->priority != b->priority)
		return a->priority > b->priority;
	if (a->deadline_ns != b->deadline_ns)
		return a->deadline_ns < b->deadline_ns;
	if (a->period_ns != b->period_ns)
		return a->period_ns < b->period_ns;
	return a->index < b->index;
}

static void check_taskset(const struct taskset *ts)
{
	unsigned int i, j, v;
	bool *seen;

	check(ts->vcpus >= 1 && ts->vcpus <= TASKSET_VCPUS_MAX);
	check(ts->n >= 1 && ts->tasks && ts->name);
	for (i = 0; i < ts->n; i++) {
		const struct ts_task *t = &ts->tasks[i];

		check(t->index == i);
		check(t->name && t->name[0]);
		check(t->wcet_ns > 0 && t->wcet_ns <= t->deadline_ns);
		check(t->deadline_ns <= t->period_ns);
		check(t->period_ns <= VRES_TIME_MAX);
		check(t->has_priority == ts->tasks[0].has_priority);
		check(t->vcpu < ts->vcpus);
		check(t->rank >= 1);
		for (j = 0; j < i; j++)
			check(strcmp(t->name, ts->tasks[j].name));
	}

	check(ts->vcpu_start[0] == 0 && ts->vcpu_start[ts->vcpus] == ts->n);
	seen = calloc(ts->n, sizeof(*seen));
	check(seen);
	for (v = 0; v < ts->vcpus; v++) {
		check(ts->vcpu_start[v] <= ts->vcpu_start[v + 1]);
		for (i = ts->vcpu_start[v]; i < ts->vcpu_start[v + 1]; i++) {
			const struct ts_task *t = &ts->tasks[ts->vt_task[i]];

			check(ts->vt_task[i] < ts->n && !seen[ts->vt_task[i]]);
			seen[ts->vt_task[i]] = true;
			check(t->vcpu == v && ts->vt[i].group == v);
			check(t->rank == i - ts->vcpu_start[v] + 1);
			check(ts->vt[i].period_ns == t->period_ns);
			check(ts->vt[i].wcet_ns == t->wcet_ns);
			check(ts->vt[i].deadline_ns == t->deadline_ns);
			check(ts->vt[i].jitter_ns == 0);
			if (i > ts->vcpu_start[v])
				check(runs_before(&ts->tasks[ts->vt_task[i - 1]],
						  t));
		}
	}
	free(seen);
	check(vres_check_tasks(ts->vt, ts->n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture cap;
	struct taskset ts;
	char prefix[256], *text;
	size_t len;
	int ret;

	capture_begin(&cap);
	ret = taskset_load_buffer(NAME, (const char *)data, size, &ts);
	text = capture_end(&cap);
	len = cap.len;
	check(ret == 0 || ret == -1);
	snprintf(prefix, sizeof(prefix), "%s: " NAME ":",
		 program_invocation_short_name);
	check_message(ret, text, len, prefix);
	free(text);
	if (!ret)
		check_taskset(&ts);
	taskset_free(&ts);
	return 0;
}
