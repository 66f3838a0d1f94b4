// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_plan.c - vresctl plan: budgets and periods that make a task set
 * schedulable.
 *
 *   --bandwidth B   the exact set of feasible periods at bandwidth B
 *   --period T      the minimum budget at period T
 *   (neither)       the bandwidth/period trade-off curve and the server
 *                   with the least bandwidth
 *
 * Every answer is one the module takes (uapi/linux/vres.h): a period of
 * VRES_PERIOD_MIN_NS to VRES_PERIOD_MAX_NS and a budget of at least
 * VRES_BUDGET_MIN_NS, unless --ignore-limits asks for analysis beyond
 * them. A task set the guest guard would refuse (more than
 * VRES_GUEST_TASKS_MAX tasks on a vCPU, a task period over
 * VRES_PERIOD_MAX_NS) is planned with a warning: apply and attach refuse
 * to install it.
 *
 * The options, their defaults and their checks are plan_args.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vres.h>

#include "cmdline.h"
#include "duration.h"
#include "overhead.h"
#include "plan_args.h"
#include "plan_recommend.h"
#include "plot.h"

/* ---- the overhead ---------------------------------------------------- */

/* Where the overhead came from: a line of text, keys of JSON. */
static void print_overhead_origin(struct out *o, const struct plan_args *pa)
{
	char why[256], s1[DURATION_STR_MAX];

	if (pa->x.given) {
		out_str(o, OUT_JSON, "overhead_origin", NULL, "option");
		return;
	}
	if (!pa->x.ns) {
		out_str(o, OUT_JSON, "overhead_origin", NULL, "none");
		return;
	}
	out_str(o, OUT_JSON, "overhead_origin", NULL,
		pa->x.measured ? "measured" : "default");
	if (pa->x.measured) {
		out_u64(o, OUT_JSON, "measured_resumes", NULL, pa->x.resumes);
		out_dur(o, OUT_JSON, "measured_resume_max_ns", NULL,
			pa->x.measured_ns);
	}
	out_text(o, "overhead %s: %s\n", duration_str(pa->x.ns, s1),
		 overhead_origin(&pa->x, why, sizeof(why)));
}

/* ---- the module's limits ----------------------------------------------- */

/*
 * The least budget the module takes, if the tasks need less (@c, with
 * tasks) and the limits hold: a larger budget at the same period only
 * adds supply, so the tasks still meet their deadlines.
 */
static u64 module_budget(const struct plan_args *pa, u64 c)
{
	return !pa->ignore_limits && c && c < VRES_BUDGET_MIN_NS ?
	       VRES_BUDGET_MIN_NS : c;
}

/*
 * What the guest guard will not take: apply and attach give each vCPU's
 * tasks to its server's guest_tasks; they refuse more than
 * VRES_GUEST_TASKS_MAX themselves, and the module refuses a period over
 * VRES_PERIOD_MAX_NS. Said on stderr; the plan itself stands.
 */
static void warn_guest_guard(const struct taskset *ts)
{
	char s1[DURATION_STR_MAX];
	unsigned int v, k;

	for (v = 0; v < ts->vcpus; v++)
		if (taskset_vcpu_len(ts, v) > VRES_GUEST_TASKS_MAX)
			fprintf(stderr, "vresctl plan: warning: %s: vCPU %u has %u tasks, more than the %d of one server's guest guard: vresctl apply and attach will refuse this plan\n",
				ts->file, v, taskset_vcpu_len(ts, v),
				VRES_GUEST_TASKS_MAX);
	for (k = 0; k < ts->n; k++)
		if (ts->tasks[k].period_ns > VRES_PERIOD_MAX_NS)
			fprintf(stderr, "vresctl plan: warning: %s: task '%s' has a period over %s, which the guest guard does not take: vresctl apply and attach will refuse this plan\n",
				ts->file, ts->tasks[k].name,
				duration_str(VRES_PERIOD_MAX_NS, s1));
}

/* ---- --period -------------------------------------------------------- */

static int plan_period(struct out *o, const struct taskset *ts,
		       const struct plan_args *pa)
{
	char frac[48], s1[DURATION_STR_MAX];
	unsigned int v;
	u64 need, c;
	int ret;

	ret = plan_min_budget(ts, VCPU_ALL, &pa->po, pa->period, &need);
	if (ret && ret != -ERANGE)
		return ret;
	out_dur(o, OUT_ANY, "period_ns", "period %s: ", pa->period);
	if (!ret) {
		c = module_budget(pa, need);
		out_dur(o, OUT_ANY, "min_budget_ns", "minimum budget %s", c);
		out_double(o, OUT_JSON, "bandwidth", NULL,
			   (double)c / (double)pa->period);
		out_text(o, " (bandwidth %s)",
			 fraction_str(c, pa->period, frac, sizeof(frac)));
		if (c != need)
			out_text(o, ", the module's least budget; the tasks need %s",
				 duration_str(need, s1));
		out_text(o, "\n");
	} else {
		out_null(o, OUT_ANY, "min_budget_ns", "%s\n",
			 "no budget up to the period makes the set schedulable");
		out_null(o, OUT_JSON, "bandwidth", NULL, NULL);
	}

	out_open_array(o, "vcpus");
	for (v = 0; v < ts->vcpus; v++) {
		u64 cv;
		int r = plan_min_budget(ts, v, &pa->po, pa->period, &cv);

		if (r && r != -ERANGE)
			return r;
		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "vcpu", "  vcpu %llu", v);
		out_u64(o, OUT_JSON, "tasks", NULL, taskset_vcpu_len(ts, v));
		out_text(o, " (%u task%s): ", taskset_vcpu_len(ts, v),
			 taskset_vcpu_len(ts, v) == 1 ? "" : "s");
		if (!r)
			out_dur(o, OUT_ANY, "min_budget_ns", "%s\n",
				module_budget(pa, cv));
		else
			out_null(o, OUT_ANY, "min_budget_ns", "%s\n", "none");
		out_close_object(o);
	}
	out_close_array(o);
	return ret ? EXIT_NO : EXIT_YES;
}

/* ---- --bandwidth ----------------------------------------------------- */

static int print_max_period(struct out *o, const struct taskset *ts,
			    unsigned int vcpu, const struct plan_args *pa,
			    const struct ivlist *l, const char *indent)
{
	unsigned int crit;
	u64 tmax, c;
	int ret;

	if (!l->n) {
		out_null(o, OUT_ANY, "max_period_ns", "%s", indent);
		out_text(o, "no feasible period in the range\n");
		out_null(o, OUT_JSON, "budget_at_max_period_ns", NULL, NULL);
		out_null(o, OUT_JSON, "critical_task", NULL, NULL);
		return 0;
	}
	tmax = l->iv[l->n - 1][1];
	ret = vres_budget_for(&pa->bw, tmax, &c);
	if (!ret)
		ret = plan_critical(ts, vcpu, &pa->po, &pa->bw, tmax, &crit);
	if (ret)
		return ret;
	out_text(o, "%s", indent);
	out_dur(o, OUT_ANY, "max_period_ns", "max period %s", tmax);
	out_dur(o, OUT_ANY, "budget_at_max_period_ns", " (budget %s)", c);
	out_str(o, OUT_ANY, "critical_task", ", critical task %s",
		ts->tasks[ts->vt_task[crit]].name);
	out_text(o, "\n");
	return 0;
}

/*
 * The shortest period at which bandwidth @bw gives the module's least
 * budget: floor(T num / den) >= B when T >= ceil(B den / num).
 */
static u64 least_period(const struct vres_bandwidth *bw)
{
	unsigned __int128 t = ((unsigned __int128)VRES_BUDGET_MIN_NS * bw->den +
			       bw->num - 1) / bw->num;

	return t > VRES_TIME_MAX ? VRES_TIME_MAX : (u64)t;
}

/*
 * The bandwidth and the periods searched, from @lo; @none when no period
 * in the range gives the module's least budget.
 */
static void print_bandwidth_head(struct out *o, const struct plan_args *pa,
				 u64 lo, bool none)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];

	out_str(o, OUT_TEXT, NULL, "bandwidth %s", pa->bw_text);
	out_double(o, OUT_JSON, "bandwidth", NULL,
		   (double)pa->bw.num / (double)pa->bw.den);
	out_open_array(o, "bandwidth_fraction");
	out_u64(o, OUT_JSON, NULL, NULL, pa->bw.num);
	out_u64(o, OUT_JSON, NULL, NULL, pa->bw.den);
	out_close_array(o);
	out_text(o, " (budget = floor(%s x period)), periods ", pa->bw_text);
	out_open_array(o, "range_ns");
	out_dur(o, OUT_ANY, NULL, "%s", lo);
	out_dur(o, OUT_ANY, NULL, " .. %s\n", pa->max_period);
	out_close_array(o);
	if (none)
		out_text(o, "no period up to %s gives a budget of at least %s, the module's least\n",
			 duration_str(pa->max_period, s1),
			 duration_str(VRES_BUDGET_MIN_NS, s2));
	else if (lo != pa->min_period)
		out_text(o, "(from %s: a shorter period gives a budget under %s, the module's least)\n",
			 duration_str(lo, s1),
			 duration_str(VRES_BUDGET_MIN_NS, s2));
}

/*
 * Each vCPU's feasible periods at the bandwidth; @all, the whole set's,
 * is the answer when there is one vCPU.
 */
static int print_vcpu_periods(struct out *o, const struct taskset *ts,
			      const struct plan_args *pa, u64 lo, bool none,
			      const struct ivlist *all)
{
	unsigned int v;
	int ret = 0;

	out_text(o, "\n");
	out_open_array(o, "vcpus");
	for (v = 0; v < ts->vcpus; v++) {
		struct ivlist one = { 0 };

		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "vcpu", "vcpu %llu", v);
		out_u64(o, OUT_JSON, "tasks", NULL, taskset_vcpu_len(ts, v));
		out_text(o, " (%u task%s)", taskset_vcpu_len(ts, v),
			 taskset_vcpu_len(ts, v) == 1 ? "" : "s");
		if (!taskset_vcpu_len(ts, v)) {
			out_bool(o, OUT_ANY, "idle", ": idle %s\n", true);
			out_close_object(o);
			continue;
		}
		out_text(o, ":\n");
		/* One vCPU: its set is the whole set, already known. */
		if (ts->vcpus > 1) {
			if (!none)
				ret = plan_feasible(ts, v, &pa->po, &pa->bw,
						    lo, pa->max_period,
						    &one, NULL, NULL);
			if (!ret) {
				out_text(o, "  feasible periods:\n");
				print_intervals(o, "feasible_periods_ns", &one,
						"    ", true);
			}
		} else {
			print_intervals(o, "feasible_periods_ns", all,
					NULL, false);
		}
		if (!ret)
			ret = print_max_period(o, ts, v, pa,
					       ts->vcpus > 1 ? &one : all,
					       "  ");
		ivlist_free(&one);
		if (ret)
			return ret;
		print_prediction(o, ts, v, pa->bw.num, pa->bw.den,
				 pa->po.overhead_ns);
		out_close_object(o);
	}
	out_close_array(o);
	return 0;
}

static int plan_bandwidth(struct out *o, const struct taskset *ts,
			  const struct plan_args *pa)
{
	struct ivlist all = { 0 };
	u64 nodes = 0, analyses = 0, lo = pa->min_period;
	bool none = false;
	int ret = 0;

	/* Periods whose budget is under the module's least are left out. */
	if (!pa->ignore_limits && least_period(&pa->bw) > lo) {
		lo = least_period(&pa->bw);
		none = lo > pa->max_period;
		if (none)
			lo = pa->min_period;
	}
	print_bandwidth_head(o, pa, lo, none);

	if (!none)
		ret = plan_feasible(ts, VCPU_ALL, &pa->po, &pa->bw, lo,
				    pa->max_period, &all, &nodes, &analyses);
	if (ret)
		goto out;
	if (pa->plot_f) {
		ret = plan_plot(pa->plot_f, ts, &pa->po, &pa->bw, &all,
				lo, pa->max_period, pa->have_max);
		if (ret)
			goto out;
	}
	out_text(o, "feasible periods:\n");
	print_intervals(o, "feasible_periods_ns", &all, "  ", true);
	ret = print_max_period(o, ts, VCPU_ALL, pa, &all, "");
	if (ret)
		goto out;
	out_open_object(o, "search");
	out_u64(o, OUT_JSON, "ranges_examined", NULL, nodes);
	out_u64(o, OUT_JSON, "analyses", NULL, analyses);
	out_close_object(o);

	ret = print_vcpu_periods(o, ts, pa, lo, none, &all);
	if (ret)
		goto out;
	ret = all.n ? EXIT_YES : EXIT_NO;
out:
	ivlist_free(&all);
	return ret;
}

/* ---- neither: trade-off curve and recommendation ---------------------- */

/*
 * Round periods for the curve: the R10 series 1, 1.25, 1.6, 2, 2.5, 3.15,
 * 4, 5, 6.3, 8 times a power of ten, plus the ends of the range and the
 * recommended period.
 */
static size_t curve_periods(u64 lo, u64 hi, u64 extra, u64 *out, size_t max)
{
	static const unsigned int r10[] = {
		100, 125, 160, 200, 250, 315, 400, 500, 630, 800,
	};
	size_t n = 0, i, j;
	u64 decade, t;

	out[n++] = lo;
	for (decade = 1; decade <= hi && n < max - 2; decade *= 10) {
		for (i = 0; i < sizeof(r10) / sizeof(r10[0]); i++) {
			t = decade * r10[i];
			if (t % 100)
				continue;
			t /= 100;
			if (t > lo && t < hi && n < max - 2)
				out[n++] = t;
		}
		if (decade > VRES_TIME_MAX / 10)
			break;
	}
	if (hi != lo)
		out[n++] = hi;
	/* Insert the recommended period in order, once. */
	for (i = 0; i < n && out[i] < extra; i++)
		;
	if (extra && (i == n || out[i] != extra)) {
		for (j = n; j > i; j--)
			out[j] = out[j - 1];
		out[i] = extra;
		n++;
	}
	return n;
}

#define CURVE_MAX	256

/*
 * The least-bandwidth server over the period range (plan_best()); if its
 * budget is under the module's least, the cheapest server with a budget of
 * at least that found from there: plan_best_floor() from the module's
 * least budget at the same period, then the round periods of the curve
 * (so that none is cheaper), and plan_best_floor() again from one of them
 * if it was. Sets @floored in that case. Returns 0, -ERANGE if no period
 * works, or a negative errno.
 */
static int best_server(const struct taskset *ts, unsigned int vcpu,
		       const struct plan_args *pa, struct vres_resource *best,
		       bool *floored)
{
	u64 periods[CURVE_MAX];
	bool cheaper = false;
	size_t n, i;
	int ret;

	*floored = false;
	ret = plan_best(ts, vcpu, &pa->po, pa->min_period, pa->max_period,
			best);
	if (ret || pa->ignore_limits || best->budget_ns >= VRES_BUDGET_MIN_NS)
		return ret;
	*floored = true;
	/* The range starts at VRES_PERIOD_MIN_NS or later: this fits. */
	best->budget_ns = VRES_BUDGET_MIN_NS;
	ret = plan_best_floor(ts, vcpu, &pa->po, pa->min_period,
			      pa->max_period, VRES_BUDGET_MIN_NS, best);
	if (ret)
		return ret;
	n = curve_periods(pa->min_period, pa->max_period, 0, periods,
			  CURVE_MAX);
	for (i = 0; i < n; i++) {
		ret = plan_floor_probe(ts, vcpu, &pa->po, VRES_BUDGET_MIN_NS,
				       periods[i], best);
		if (ret < 0)
			return ret;
		cheaper |= ret;
	}
	if (!cheaper)
		return 0;
	return plan_best_floor(ts, vcpu, &pa->po, pa->min_period,
			       pa->max_period, VRES_BUDGET_MIN_NS, best);
}

/* The reason for the least-bandwidth server, without margins. */
static void least_reason(const struct plan_args *pa, bool floored,
			 char *reason, size_t len)
{
	char lo[DURATION_STR_MAX], hi[DURATION_STR_MAX];
	char least[DURATION_STR_MAX];

	if (floored)
		snprintf(reason, len,
			 "the least bandwidth found in %s..%s with a budget of at least %s, the module's least%s (the least-bandwidth server needs less budget, which the module does not take)",
			 duration_str(pa->min_period, lo),
			 duration_str(pa->max_period, hi),
			 duration_str(VRES_BUDGET_MIN_NS, least),
			 pa->po.overhead_ns ? ", overhead included" : "");
	else
		snprintf(reason, len,
			 "no period in %s..%s needs less bandwidth%s, and no longer period needs as little",
			 duration_str(pa->min_period, lo),
			 duration_str(pa->max_period, hi),
			 pa->po.overhead_ns ? " (overhead included)" : "");
}

/*
 * The minimum budget at each period of the curve; @rec_period (0 for
 * none) is marked as the recommended one.
 */
static int print_curve(struct out *o, const struct taskset *ts,
		       const struct plan_args *pa, u64 rec_period)
{
	u64 periods[CURVE_MAX], budgets[CURVE_MAX], c;
	char frac[48];
	size_t n, i;
	int ret;

	n = curve_periods(pa->min_period, pa->max_period, rec_period,
			  periods, CURVE_MAX);
	out_text(o, "\n%12s %12s  %s\n", "period", "min budget", "bandwidth");
	out_open_array(o, "curve");
	ret = plan_min_budgets(ts, VCPU_ALL, &pa->po, periods, n, budgets);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		out_open_object(o, NULL);
		out_dur(o, OUT_ANY, "period_ns", "%12s", periods[i]);
		if (budgets[i]) {
			c = module_budget(pa, budgets[i]);
			out_dur(o, OUT_ANY, "min_budget_ns", " %12s", c);
			out_double(o, OUT_JSON, "bandwidth", NULL,
				   (double)c / (double)periods[i]);
			out_text(o, "  %s",
				 fraction_str(c, periods[i], frac,
					      sizeof(frac)));
		} else {
			out_null(o, OUT_ANY, "min_budget_ns", " %12s", "none");
			out_null(o, OUT_JSON, "bandwidth", NULL, NULL);
		}
		out_text(o, "%s\n", rec_period && periods[i] == rec_period ?
			 "  <- recommended period" : "");
		out_close_object(o);
	}
	out_close_array(o);
	return 0;
}

/*
 * Each vCPU's own least-bandwidth server; @best (when @found) is the
 * answer for a vCPU that has every task.
 */
static int print_vcpu_servers(struct out *o, const struct taskset *ts,
			      const struct plan_args *pa, bool found,
			      const struct vres_resource *best)
{
	struct vres_resource own;
	bool floored;
	unsigned int v;
	int r;

	out_text(o, "\n");
	out_open_array(o, "vcpus");
	for (v = 0; v < ts->vcpus; v++) {
		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "vcpu", "vcpu %llu", v);
		out_u64(o, OUT_JSON, "tasks", NULL, taskset_vcpu_len(ts, v));
		out_text(o, " (%u task%s)", taskset_vcpu_len(ts, v),
			 taskset_vcpu_len(ts, v) == 1 ? "" : "s");
		if (!taskset_vcpu_len(ts, v)) {
			out_bool(o, OUT_ANY, "idle", ": idle %s\n", true);
			out_close_object(o);
			continue;
		}
		/* A vCPU with every task asks the question answered above. */
		if (taskset_vcpu_len(ts, v) == ts->n) {
			r = found ? 0 : -ERANGE;
			own = *best;
		} else {
			r = best_server(ts, v, pa, &own, &floored);
		}
		if (r && r != -ERANGE)
			return r;
		out_text(o, ": own best ");
		if (!r)
			print_server(o, "recommended", &own);
		else
			out_null(o, OUT_ANY, "recommended", "%s", "none");
		out_text(o, "\n");
		out_close_object(o);
	}
	out_close_array(o);
	return 0;
}

static int plan_curve(struct out *o, const struct taskset *ts,
		      const struct plan_args *pa)
{
	struct recommend r = {
		.ts = ts, .po = &pa->po, .margin = &pa->margin,
		.lo = pa->min_period, .hi = pa->max_period,
		.min_budget = pa->ignore_limits ? 0 : VRES_BUDGET_MIN_NS,
	};
	struct vres_resource best, rec;
	struct slack_problem sp;
	struct slack_server ss;
	bool proven = false;
	char why[320];
	bool floored;
	int ret, found, mret = 0;

	out_open_array(o, "range_ns");
	out_dur(o, OUT_ANY, NULL, "periods %s", pa->min_period);
	out_dur(o, OUT_ANY, NULL, " .. %s\n", pa->max_period);
	out_close_array(o);

	ret = best_server(ts, VCPU_ALL, pa, &best, &floored);
	if (ret && ret != -ERANGE)
		return ret;
	found = !ret;
	rec = best;
	if (found && recommend_has_margin(&r)) {
		mret = recommend_margin(&r, &best, &rec, &proven, &sp, &ss);
		if (mret == -ERANGE)
			rec = best;
		else if (mret)
			return mret;
	}

	ret = print_curve(o, ts, pa, found ? rec.period_ns : 0);
	if (ret)
		return ret;

	if (found && pa->plot_f) {
		ret = plan_margin_plot(pa->plot_f, ts, &pa->po, &pa->margin,
				       &rec, &best, pa->min_period,
				       pa->max_period);
		if (ret)
			return ret;
	}
	if (found) {
		least_reason(pa, floored, why, sizeof(why));
		print_recommendation(o, &r, &best, why, &rec, proven, mret, &sp,
				     &ss);
	} else {
		out_text(o, "\nrecommended: ");
		out_null(o, OUT_ANY, "recommended", "%s\n",
			 "none: no period in the range has a budget that works");
	}

	ret = print_vcpu_servers(o, ts, pa, found, &best);
	if (ret)
		return ret;
	return found ? EXIT_YES : EXIT_NO;
}

/*
 * JSON only: the tasks, so that "vresctl apply --plan" can give each
 * vCPU's server its guest tasks without the task set file.
 */
static void print_plan_tasks(struct out *o, const struct taskset *ts)
{
	unsigned int k;

	out_open_array(o, "tasks");
	for (k = 0; k < ts->n; k++) {
		out_open_object(o, NULL);
		print_task(o, OUT_JSON, &ts->tasks[ts->vt_task[k]]);
		out_close_object(o);
	}
	out_close_array(o);
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args pa;
	struct taskset ts;
	FILE *report;
	struct out o;
	int ret;

	ret = plan_parse_args(argc, argv, &pa);
	if (ret)
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	if (taskset_load(argv[optind], &ts))
		return EXIT_ERROR;
	warn_guest_guard(&ts);
	/* Before any output: a plot that cannot be written is an input error. */
	if (pa.plot && !strcmp(pa.plot, "-")) {
		/* The figure on standard output, instead of the report. */
		pa.plot_f = stdout;
	} else if (pa.plot) {
		pa.plot_f = fopen(pa.plot, "w");
		if (!pa.plot_f) {
			cmd_error("plan", "--plot: cannot create '%s': %s",
				  pa.plot, strerror(errno));
			taskset_free(&ts);
			return EXIT_ERROR;
		}
	}

	/* With --plot -, the report goes nowhere: stdout has the figure. */
	report = stdout;
	if (pa.plot_f == stdout && !(report = fopen("/dev/null", "w"))) {
		cmd_error("plan", "cannot open /dev/null: %s", strerror(errno));
		taskset_free(&ts);
		return EXIT_ERROR;
	}
	out_init(&o, pa.json, report);
	out_open_object(&o, NULL);
	print_header(&o, &ts, &pa.po);
	print_overhead_origin(&o, &pa);
	print_plan_tasks(&o, &ts);
	if (pa.have_period)
		ret = plan_period(&o, &ts, &pa);
	else if (pa.have_bw)
		ret = plan_bandwidth(&o, &ts, &pa);
	else
		ret = plan_curve(&o, &ts, &pa);
	out_close_object(&o);
	if (ret < 0) {
		out_abort(&o);
		cmd_error("plan", "internal error: %s", strerror(-ret));
		if (pa.plot_f)
			fclose(pa.plot_f);
		taskset_free(&ts);
		return EXIT_ERROR;
	}
	if (out_finish(&o)) {
		cmd_error("plan", "cannot write the output");
		ret = EXIT_ERROR;
	}
	if (pa.plot_f && fclose(pa.plot_f)) {
		cmd_error("plan", "--plot: cannot write '%s'", pa.plot);
		ret = EXIT_ERROR;
	}
	if (report != stdout)
		fclose(report);
	taskset_free(&ts);
	return ret;
}
