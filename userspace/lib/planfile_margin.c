// SPDX-License-Identifier: GPL-2.0
/*
 * planfile_margin.c - the margin of the server apply and attach install
 * from a plan: its slack (slack.c) for the tasks the plan holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "duration.h"
#include "margin.h"
#include "planfile.h"

static void describe(const struct slack_problem *p,
		     const struct slack_server *s, char *buf, size_t len)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX], c[DURATION_STR_MAX];
	char pb[32], pp[32];
	struct margin_have h;

	if (!s->schedulable) {
		snprintf(buf, len, "margin: none, the plan's tasks miss a deadline on this server (see vresctl check)");
		return;
	}
	margin_of(p, s, &h);
	snprintf(buf, len,
		 "margin: budget -%s (%s), period -%s/+%s (%s) at its bandwidth, WCETs x%llu.%06llu",
		 duration_str(p->budget - s->min_budget, a),
		 margin_str(h.budget_ppm, pb, sizeof(pb)),
		 duration_str(p->period - s->below.period, b),
		 duration_str(s->above.period - p->period, c),
		 margin_str(h.period_ppm, pp, sizeof(pp)),
		 s->have_scale ? s->scale_ppm / SLACK_PPM : 0,
		 s->have_scale ? s->scale_ppm % SLACK_PPM : 0);
}

/**
 * planfile_margin() - one line: the margin of a plan's server.
 * @sp: the loaded plan (its tasks in priority order per vCPU, as plan and
 *	check write them).
 * @buf: where to write the line.
 * @len: its size.
 *
 * The margins are those of "vresctl plan" (Documentation/analysis.rst,
 * "Margins"), measured on the server as it is: how far its budget can
 * drop and its period move at its bandwidth, and the WCET scale.
 *
 * Return: 0, or a negative errno (the line then says the margin is
 * unknown).
 */
int planfile_margin(const struct plan_server *sp, char *buf, size_t len)
{
	struct vres_task *t = calloc(sp->n_tasks ? sp->n_tasks : 1, sizeof(*t));
	struct slack_problem p = {
		.tasks = t, .n = sp->n_tasks, .supply = sp->supply,
		.budget = sp->budget_ns, .period = sp->period_ns,
		.overhead = sp->overhead_ns, .range_lo = 1,
		.range_hi = VRES_TIME_MAX,
	};
	struct slack_server s;
	unsigned int i;
	int ret = -ENOMEM;

	if (t) {
		for (i = 0; i < sp->n_tasks; i++)
			t[i] = (struct vres_task) {
				.period_ns = sp->tasks[i].period_ns,
				.wcet_ns = sp->tasks[i].wcet_ns,
				.deadline_ns = sp->tasks[i].deadline_ns,
				.group = sp->tasks[i].vcpu,
			};
		ret = sp->n_tasks ? vres_check_tasks(t, sp->n_tasks) : -EINVAL;
	}
	if (!ret && sp->overhead_ns >= sp->budget_ns)
		ret = -EINVAL;
	if (!ret)
		ret = slack_server(&p, &s);
	if (!ret)
		describe(&p, &s, buf, len);
	else
		snprintf(buf, len, "margin: unknown (%s)",
			 sp->n_tasks ? "the plan's tasks cannot be analysed" :
			 "the plan holds no tasks");
	free(t);
	return ret;
}
