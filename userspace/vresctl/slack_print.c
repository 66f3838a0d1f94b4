// SPDX-License-Identifier: GPL-2.0
/*
 * slack_print.c - the slack of a verdict, text and JSON through the one
 * output path (output.h). The numbers are slack.c's; see slack_print.h.
 */
#include "duration.h"
#include "slack_print.h"

static void print_limit(struct out *o, const char *key, const char *what,
			bool have, u64 limit, u64 now, const char *none)
{
	out_open_object(o, key);
	out_text(o, "  %-9s %10s: ", key, what);
	if (have) {
		out_dur(o, OUT_ANY, "limit_ns", "largest %s", limit);
		out_sdur(o, OUT_ANY, "slack_ns", ", slack %s", limit, now);
	} else {
		out_null(o, OUT_ANY, "limit_ns", "%s", none);
		out_null(o, OUT_JSON, "slack_ns", NULL, NULL);
	}
	out_close_object(o);
	out_text(o, "\n");
}

static void print_budget(struct out *o, const struct slack_problem *p,
			 const struct slack_server *s)
{
	char a[DURATION_STR_MAX];

	duration_str(p->budget, a);
	/* The slack of a budget is C - Cmin: the limit is a least value. */
	out_open_object(o, "budget");
	out_text(o, "  %-9s %10s: ", "budget", a);
	if (s->have_min_budget) {
		out_dur(o, OUT_ANY, "limit_ns", "least %s", s->min_budget);
		out_sdur(o, OUT_ANY, "slack_ns", ", slack %s", p->budget,
			 s->min_budget);
	} else {
		out_null(o, OUT_ANY, "limit_ns", "%s",
			 "none: even budget = period misses a deadline");
		out_null(o, OUT_JSON, "slack_ns", NULL, NULL);
	}
	out_close_object(o);
	out_text(o, "\n");
}

static void print_period_budget(struct out *o, const struct slack_problem *p,
				const struct slack_server *s)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];

	duration_str(p->period, a);
	out_open_object(o, "period_at_budget");
	out_text(o, "  %-9s %10s at budget %s: ", "period", a,
		 duration_str(p->budget, b));
	if (s->have_max_period) {
		out_dur(o, OUT_ANY, "limit_ns", "longest %s", s->max_period);
		out_sdur(o, OUT_ANY, "slack_ns", ", slack %s", s->max_period,
			 p->period);
		out_str(o, OUT_JSON, "limited_by", NULL,
			s->max_period_at_range ? "range" : "deadline");
		if (s->max_period_at_range)
			out_text(o, " (or more: the range ends there)");
	} else {
		out_null(o, OUT_ANY, "limit_ns", "%s",
			 "none: even period = budget misses a deadline");
		out_null(o, OUT_JSON, "slack_ns", NULL, NULL);
		out_null(o, OUT_JSON, "limited_by", NULL, NULL);
	}
	out_close_object(o);
	out_text(o, "\n");
}

/* One side at the fixed bandwidth: the period and its distance from T. */
static void print_side(struct out *o, const char *key, const char *fmt,
		       const struct slack_side *sd, u64 t, bool below)
{
	out_open_object(o, key);
	if (sd->found) {
		out_dur(o, OUT_ANY, "period_ns", fmt, sd->period);
		out_dur(o, OUT_ANY, "distance_ns", below ? " (-%s" : " (+%s",
			below ? t - sd->period : sd->period - t);
		out_str(o, OUT_JSON, "limited_by", NULL,
			sd->at_range ? "range" : "deadline");
		out_text(o, "%s)", sd->at_range ? ", or more: the range ends" :
			 "");
	} else {
		out_null(o, OUT_ANY, "period_ns", fmt, "none in the range");
		out_null(o, OUT_JSON, "distance_ns", NULL, NULL);
		out_null(o, OUT_JSON, "limited_by", NULL, NULL);
	}
	out_close_object(o);
}

static void print_period_bandwidth(struct out *o,
				   const struct slack_problem *p,
				   const struct slack_server *s)
{
	char a[DURATION_STR_MAX], frac[48];

	out_open_object(o, "period_at_bandwidth");
	out_text(o, "  %-9s %10s at bandwidth %s: ", "period",
		 duration_str(p->period, a),
		 fraction_str(p->budget, p->period, frac, sizeof(frac)));
	out_open_array(o, "bandwidth_fraction");
	out_u64(o, OUT_JSON, NULL, NULL, p->budget);
	out_u64(o, OUT_JSON, NULL, NULL, p->period);
	out_close_array(o);
	out_text(o, "%s", s->schedulable ? "feasible from " :
		 "nearest feasible ");
	print_side(o, "below", "%s", &s->below, p->period, true);
	out_text(o, s->schedulable ? " to " : " and ");
	print_side(o, "above", "%s", &s->above, p->period, false);
	out_close_object(o);
	out_text(o, "\n");
}

static void print_scale(struct out *o, const struct slack_server *s)
{
	out_open_object(o, "wcet_scale");
	out_text(o, "  %-9s %10s: ", "WCETs", "all");
	if (s->have_scale) {
		out_u64(o, OUT_ANY, "limit_ppm", "scale by %llu ppm",
			s->scale_ppm);
		out_text(o, " (x%llu.%06llu)", s->scale_ppm / SLACK_PPM,
			 s->scale_ppm % SLACK_PPM);
		out_str(o, OUT_JSON, "limited_by", NULL,
			s->scale_at_deadline ? "wcet_reaches_deadline" :
			"deadline");
		if (s->scale_at_deadline)
			out_text(o, ", where a WCET reaches its deadline");
	} else {
		out_null(o, OUT_ANY, "limit_ppm", "%s",
			 "none: a deadline is missed at any WCET");
		out_null(o, OUT_JSON, "limited_by", NULL, NULL);
	}
	out_close_object(o);
	out_text(o, "\n");
}

/**
 * print_server_slack() - the server's limits, as the "slack" object.
 * @o: output.
 * @p: the problem.
 * @s: slack_server()'s answer.
 */
void print_server_slack(struct out *o, const struct slack_problem *p,
			const struct slack_server *s)
{
	char a[DURATION_STR_MAX];

	out_open_object(o, "slack");
	out_text(o, "%s", s->schedulable ?
		 "slack (the limit of each value, the others fixed; past it a deadline is missed):\n" :
		 "needed (the limit of each value, the others fixed, within which every deadline is met):\n");
	print_budget(o, p, s);
	if (p->supply == VRES_SUPPLY_PAPER) {
		out_null(o, OUT_ANY, "overhead", "  %s\n",
			 "overhead: does not apply to --supply paper");
	} else {
		duration_str(p->overhead, a);
		print_limit(o, "overhead", a, s->have_max_overhead,
			    s->max_overhead, p->overhead,
			    "none: even no overhead misses a deadline");
	}
	print_period_budget(o, p, s);
	print_period_bandwidth(o, p, s);
	print_scale(o, s);
	out_open_array(o, "range_ns");
	out_dur(o, OUT_ANY, NULL, "  (periods searched: %s", p->range_lo);
	out_dur(o, OUT_ANY, NULL, " .. %s)\n", p->range_hi);
	out_close_array(o);
	out_close_object(o);
}

/**
 * print_task_slack() - a task's deadline slack and WCET limit: two text
 *	columns and JSON fields of the task's object.
 * @o: output, inside the task's object.
 * @t: the task (engine view).
 * @st: slack_tasks()'s answer for it.
 */
void print_task_slack(struct out *o, const struct vres_task *t,
		      const struct slack_task *st)
{
	if (st->response != VRES_TIME_INF && st->response <= t->deadline_ns)
		out_dur(o, OUT_ANY, "deadline_slack_ns", " %10s",
			t->deadline_ns - st->response);
	else
		out_null(o, OUT_ANY, "deadline_slack_ns", " %10s", "-");
	if (!st->computed) {
		out_null(o, OUT_ANY, "max_wcet_ns", " %10s", "n/c");
		out_null(o, OUT_ANY, "wcet_slack_ns", " %11s", "-");
		out_str(o, OUT_JSON, "max_wcet", NULL, "not computed");
	} else if (st->have_max_wcet) {
		out_dur(o, OUT_ANY, "max_wcet_ns", " %10s", st->max_wcet);
		out_sdur(o, OUT_ANY, "wcet_slack_ns", " %11s", st->max_wcet,
			 t->wcet_ns);
	} else {
		out_null(o, OUT_ANY, "max_wcet_ns", " %10s", "none");
		out_null(o, OUT_ANY, "wcet_slack_ns", " %11s", "-");
	}
}
