// SPDX-License-Identifier: GPL-2.0
/*
 * planfile_fuzz: libFuzzer target for the reader of "vresctl apply|attach
 * --plan FILE" (userspace/lib/planfile.c), through planfile_load_buffer(),
 * which parses and validates exactly as planfile_load() does for a file.
 * A plan file is either the JSON of "vresctl plan|check --json" or a task
 * set file, planned on the spot; each input is read twice, as apply reads
 * it without --period and with --period 10ms --overhead 50us.
 *
 * Checked, on top of AddressSanitizer, UndefinedBehaviorSanitizer and
 * LeakSanitizer:
 *  - a refusal printed one message ("vresctl apply: fuzz.json: ...\n", or
 *    the task set reader's "PROGRAM: fuzz.json: ...\n"), and no "internal
 *    error" of the analysis;
 *  - a loaded plan printed nothing and respects planfile.h: 0 < budget <=
 *    period, the requested period and overhead, 1 <= vcpus <=
 *    TASKSET_VCPUS_MAX, each guest task 0 < wcet <= deadline <= period on
 *    a vCPU < vcpus;
 *  - what apply writes to servers/NAME/guest_tasks for each vCPU
 *    (planfile_guest_tasks()) is read back by the kernel's own parser
 *    (kernel/vres_parse.c) as the same tasks, or refused with -ERANGE only
 *    for a period above VRES_PERIOD_MAX_NS; planfile_guest_tasks() refuses
 *    more than VRES_GUEST_TASKS_MAX tasks.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "planfile.h"
#include "server.h"
#include "vres_parse.h"

#define NAME	"fuzz.json"

static const struct plan_request requests[] = {
	{ .po = { .supply = VRES_SUPPLY_EXACT } },
	{ .po = { .supply = VRES_SUPPLY_EXACT, .overhead_ns = 50000 },
	  .period_ns = 10000000, .have_overhead = true },
};

/* The guest_tasks text of vCPU @v, read back by the kernel's parser. */
static void check_guest_text(const struct plan_server *sp, unsigned int v)
{
	struct vres_guest_task parsed[VRES_GUEST_TASKS_MAX];
	char text[GUEST_TEXT_MAX];
	unsigned int i, k = 0, nr, want = 0;
	bool too_long = false;
	int n, ret;

	for (i = 0; i < sp->n_tasks; i++)
		want += sp->tasks[i].vcpu == v;
	n = planfile_guest_tasks(sp, v, text, sizeof(text));
	/* 64 lines of at most 3 * 20 digits, 2 blanks, 1 newline fit. */
	if (want > VRES_GUEST_TASKS_MAX) {
		check(n == -ERANGE);
		return;
	}
	check(n >= 0 && (unsigned int)n == want);

	ret = vres_parse_guest_tasks(text, parsed, VRES_GUEST_TASKS_MAX, &nr);
	for (i = 0; i < sp->n_tasks; i++)
		if (sp->tasks[i].vcpu == v &&
		    sp->tasks[i].period_ns > VRES_PERIOD_MAX_NS)
			too_long = true;
	if (too_long) {
		check(ret == -ERANGE);
		return;
	}
	check(ret == 0 && nr == (unsigned int)n);
	for (i = 0; i < sp->n_tasks; i++) {
		const struct guest_task *t = &sp->tasks[i];

		if (t->vcpu != v)
			continue;
		check(parsed[k].period_ns == t->period_ns);
		check(parsed[k].wcet_ns == t->wcet_ns);
		check(parsed[k].deadline_ns == t->deadline_ns);
		k++;
	}
}

static void check_plan(const struct plan_request *req,
		       const struct plan_server *sp)
{
	unsigned int i;

	check(sp->origin);
	check(sp->budget_ns > 0 && sp->budget_ns <= sp->period_ns);
	if (req->period_ns)
		check(sp->period_ns == req->period_ns);
	if (req->have_overhead)
		check(sp->overhead_ns == req->po.overhead_ns);
	check(sp->vcpus >= 1 && sp->vcpus <= TASKSET_VCPUS_MAX);
	check(sp->tasks);
	for (i = 0; i < sp->n_tasks; i++) {
		const struct guest_task *t = &sp->tasks[i];

		check(t->wcet_ns > 0 && t->wcet_ns <= t->deadline_ns);
		check(t->deadline_ns <= t->period_ns);
		check(t->vcpu < sp->vcpus);
	}
	for (i = 0; i < sp->vcpus; i++)
		check_guest_text(sp, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char prefix[256], *text;
	struct plan_server sp;
	struct capture cap;
	unsigned int r;
	int ret;

	for (r = 0; r < sizeof(requests) / sizeof(requests[0]); r++) {
		capture_begin(&cap);
		ret = planfile_load_buffer("apply", NAME, (const char *)data,
					   size, &requests[r], &sp);
		text = capture_end(&cap);
		check(ret == 0 || ret == -1);
		if (text && !strncmp(text, "vresctl ", 8))
			snprintf(prefix, sizeof(prefix),
				 "vresctl apply: " NAME ":");
		else
			snprintf(prefix, sizeof(prefix), "%s: " NAME ":",
				 program_invocation_short_name);
		check_message(ret, text, cap.len, prefix);
		free(text);
		if (!ret)
			check_plan(&requests[r], &sp);
		planfile_free(&sp);
	}
	return 0;
}
