// SPDX-License-Identifier: GPL-2.0
/*
 * plan_recommend.c - plan's recommended server: the least bandwidth with a
 * budget and a period margin (margin.c), checked with its exact slack
 * (slack.c), printed with one line on why; see plan_recommend.h.
 */
#include <errno.h>
#include <stdio.h>

#include "duration.h"
#include "plan_recommend.h"
#include "slack_print.h"

/* budget, period and bandwidth of a server, in the current object. */
void print_server_fields(struct out *o, const struct vres_resource *s)
{
	char frac[48];

	out_dur(o, OUT_ANY, "budget_ns", "budget %s", s->budget_ns);
	out_dur(o, OUT_ANY, "period_ns", " every %s", s->period_ns);
	out_double(o, OUT_JSON, "bandwidth", NULL,
		   (double)s->budget_ns / (double)s->period_ns);
	out_text(o, " (bandwidth %s)",
		 fraction_str(s->budget_ns, s->period_ns, frac, sizeof(frac)));
}

/* A server as the object @key. */
void print_server(struct out *o, const char *key,
		  const struct vres_resource *s)
{
	out_open_object(o, key);
	print_server_fields(o, s);
	out_close_object(o);
}

/**
 * recommend_margin() - the recommended server with the margins.
 * @r: the question.
 * @least: the least-bandwidth server (plan_best(), with the module's floor).
 * @rec: the answer: margin_best(), raised to the module's least budget if
 *	it needs less (more budget keeps both margins).
 * @least_proven: set if @rec is proven the least bandwidth to 2^-40
 *	(margin_best()), before any raise to the module's least budget.
 * @sp: the answer as a slack problem (the whole analysis range).
 * @ss: its exact slack, with which both margins are checked.
 *
 * Return: 0, -ERANGE if no server in the range has the margins, -EDEADLK
 * if the search and the slack disagree, or a negative errno.
 */
int recommend_margin(const struct recommend *r,
		     const struct vres_resource *least,
		     struct vres_resource *rec, bool *least_proven,
		     struct slack_problem *sp, struct slack_server *ss)
{
	int ret;

	*rec = *least;
	ret = margin_best(r->ts, r->po, r->lo, r->hi, r->margin, rec,
			  least_proven);
	if (ret)
		return ret;
	if (rec->budget_ns < r->min_budget)
		rec->budget_ns = r->min_budget;
	*sp = (struct slack_problem) {
		.tasks = r->ts->vt, .n = r->ts->n, .supply = r->po->supply,
		.budget = rec->budget_ns, .period = rec->period_ns,
		.overhead = r->po->overhead_ns, .range_lo = 1,
		.range_hi = VRES_TIME_MAX,
	};
	ret = slack_server(sp, ss);
	if (!ret && !margin_holds(sp, ss, r->margin))
		ret = -EDEADLK;
	return ret;
}

/* "10.0022% (3.484us) and 5.1% (-100us/+2ms)": the margins it has. */
static void print_margin_have(struct out *o, const struct slack_problem *sp,
			      const struct slack_server *ss)
{
	struct margin_have h;
	char pct[32];

	margin_of(sp, ss, &h);
	out_open_object(o, "margin");
	out_u64(o, OUT_JSON, "budget_ppm", NULL, h.budget_ppm);
	out_text(o, "it has %s", margin_str(h.budget_ppm, pct, sizeof(pct)));
	out_dur(o, OUT_ANY, "budget_ns", " (%s)", sp->budget - ss->min_budget);
	out_u64(o, OUT_JSON, "period_ppm", NULL, h.period_ppm);
	out_text(o, " and %s", margin_str(h.period_ppm, pct, sizeof(pct)));
	out_dur(o, OUT_ANY, "period_down_ns", " (-%s",
		sp->period - ss->below.period);
	out_dur(o, OUT_ANY, "period_up_ns", "/+%s)",
		ss->above.period - sp->period);
	out_close_object(o);
}

/**
 * print_recommendation() - the recommended server, and one line on why.
 * @o: output.
 * @r: the question.
 * @least: the least-bandwidth server.
 * @least_why: why it has the least bandwidth.
 * @rec: the recommended server (@least without margins, or when none has
 *	them).
 * @proven: recommend_margin()'s @least_proven.
 * @mret: recommend_margin()'s return: 0, or -ERANGE if no server has the
 *	margins.
 * @sp: @rec as a slack problem (with margins and @mret 0).
 * @ss: its slack.
 *
 * With margins, also the least bandwidth without them, and the slack of
 * the recommended server.
 */
void print_recommendation(struct out *o, const struct recommend *r,
			  const struct vres_resource *least,
			  const char *least_why, const struct vres_resource *rec,
			  bool proven, int mret, const struct slack_problem *sp,
			  const struct slack_server *ss)
{
	char lo[DURATION_STR_MAX];
	char reason[320], mb[48], mp[48];

	out_text(o, "\nrecommended: ");
	if (!recommend_has_margin(r)) {
		print_server(o, "recommended", least);
		out_str(o, OUT_ANY, "reason", ": %s\n", least_why);
		return;
	}
	out_open_object(o, "margins");
	out_u64(o, OUT_JSON, "budget_ppm", NULL, r->margin->budget_ppm);
	out_u64(o, OUT_JSON, "period_ppm", NULL, r->margin->period_ppm);
	out_close_object(o);
	margin_str(r->margin->budget_ppm, mb, sizeof(mb));
	margin_str(r->margin->period_ppm, mp, sizeof(mp));
	if (mret) {
		/* -ERANGE: recommend the least bandwidth, and say why. */
		print_server(o, "recommended", least);
		out_str(o, OUT_ANY, "reason", ": %s\n", least_why);
		out_text(o, "  (no server in the range has a %s budget margin and a %s period margin: this one has no margin)\n",
			 mb, mp);
		out_null(o, OUT_JSON, "margin", NULL, NULL);
		return;
	}
	if (proven && rec->budget_ns == sp->budget)
		snprintf(reason, sizeof(reason),
			 "the least bandwidth (to 2^-40) with a %s budget margin and a %s period margin (either way, at its bandwidth); ",
			 mb, mp);
	else
		snprintf(reason, sizeof(reason),
			 "the least bandwidth to within 1ns per %s of period with a %s budget margin and a %s period margin (either way, at its bandwidth); ",
			 duration_str(r->lo, lo), mb, mp);
	out_open_object(o, "recommended");
	print_server_fields(o, rec);
	out_text(o, ": %s", reason);
	print_margin_have(o, sp, ss);
	out_close_object(o);
	out_str(o, OUT_JSON, "reason", NULL, reason);
	out_text(o, "\nleast bandwidth without margin: ");
	print_server(o, "least_bandwidth", least);
	out_str(o, OUT_ANY, "least_bandwidth_reason", ": %s\n\n", least_why);
	print_server_slack(o, sp, ss);
}
