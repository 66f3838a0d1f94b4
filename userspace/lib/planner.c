// SPDX-License-Identifier: GPL-2.0
/*
 * planner.c - the planning questions for a whole task set; see planner.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "planner.h"

static const char *const supply_names[] = VRES_SUPPLY_NAMES;

const char *supply_name(enum vres_supply supply)
{
	return supply < VRES_SUPPLY_NR ? supply_names[supply] : "?";
}

/* The models offered on the command line: not "full". */
int supply_parse(const char *s, enum vres_supply *supply)
{
	unsigned int i;

	for (i = VRES_SUPPLY_EXACT; i < VRES_SUPPLY_NR; i++) {
		if (!strcmp(s, supply_names[i])) {
			*supply = (enum vres_supply)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The engine's view of one vCPU, or of all. */
static void slice(const struct taskset *ts, unsigned int vcpu,
		  const struct vres_task **tasks, unsigned int *n)
{
	if (vcpu == VCPU_ALL) {
		*tasks = ts->vt;
		*n = ts->n;
	} else {
		*tasks = ts->vt + ts->vcpu_start[vcpu];
		*n = taskset_vcpu_len(ts, vcpu);
	}
}

/**
 * search_alloc() - a workspace for the engine's period searches.
 * @n: the most tasks it will search for.
 *
 * Return: the workspace, or NULL when out of memory.
 */
struct vres_search *search_alloc(unsigned int n)
{
	struct vres_search *ws = calloc(1, sizeof(*ws));

	if (!ws)
		return NULL;
	ws->order = calloc(n ? n : 1, sizeof(*ws->order));
	ws->start = calloc(VRES_SEARCH_STARTS(n ? n : 1), sizeof(*ws->start));
	if (!ws->order || !ws->start) {
		free(ws->order);
		free(ws->start);
		free(ws);
		return NULL;
	}
	ws->n_order = n;
	return ws;
}

void search_free(struct vres_search *ws)
{
	if (ws) {
		free(ws->order);
		free(ws->start);
	}
	free(ws);
}

/*
 * One workspace kept between the questions of a run: a plan asks dozens of
 * searches about the same tasks, and each would otherwise compute the
 * quick tests' values again, O(n^2) for a vCPU of n tasks (a fifth of the
 * time of a 10,000-task plan). It is reused only for the same tasks, byte
 * for byte (struct vres_search, @keep_sums), and lives until the process
 * ends.
 */
static struct {
	struct vres_search *ws;
	struct vres_task *copy;
	unsigned int n;
} kept;

/**
 * search_kept() - the kept workspace, ready for a search of @tasks.
 * @tasks: the tasks the search will be about.
 * @n: their number.
 *
 * Return: the workspace (do not free it; the next call may reuse it), or
 * NULL when out of memory.
 */
struct vres_search *search_kept(const struct vres_task *tasks, unsigned int n)
{
	struct vres_task *copy;
	struct vres_search *ws;

	if (kept.ws && kept.n == n &&
	    !memcmp(kept.copy, tasks, n * sizeof(*tasks)))
		return kept.ws;
	if (kept.ws && kept.n == n) {
		/* The same slot with other contents: compute them again. */
		memcpy(kept.copy, tasks, n * sizeof(*tasks));
		kept.ws->sums_of = NULL;
		return kept.ws;
	}
	ws = search_alloc(n);
	copy = malloc((n ? n : 1) * sizeof(*copy));
	if (!ws || !copy) {
		search_free(ws);
		free(copy);
		return NULL;
	}
	memcpy(copy, tasks, n * sizeof(*tasks));
	ws->keep_sums = true;
	search_free(kept.ws);
	free(kept.copy);
	kept.ws = ws;
	kept.copy = copy;
	kept.n = n;
	return ws;
}

/**
 * plan_min_budget() - smallest budget at a period.
 * @ts: the task set.
 * @vcpu: one vCPU, or VCPU_ALL for the budget every vCPU can share.
 * @po: supply model and overhead.
 * @period: the period.
 * @budget: where to store the answer; 0 for a vCPU without tasks.
 *
 * Return: 0, -ERANGE if no budget up to the period works, or another
 * negative errno.
 */
int plan_min_budget(const struct taskset *ts, unsigned int vcpu,
		    const struct plan_opts *po, u64 period, u64 *budget)
{
	const struct vres_task *tasks;
	unsigned int n;

	slice(ts, vcpu, &tasks, &n);
	if (!n) {
		*budget = 0;
		return 0;
	}
	return vres_min_budget(tasks, n, po->supply, period, po->overhead_ns,
			       budget);
}

/**
 * plan_min_budgets() - plan_min_budget() at several periods at once.
 * @ts: the task set.
 * @vcpu: one vCPU, or VCPU_ALL for the budget every vCPU can share.
 * @po: supply model and overhead.
 * @periods: @count periods.
 * @count: number of periods.
 * @budgets: where to store the answers: 0 where no budget up to the
 *	period works, and everywhere for a vCPU without tasks.
 *
 * The engine's quick tests make this much faster than one call per period
 * for large task sets (vres_min_budgets()).
 * Return: 0 or a negative errno.
 */
int plan_min_budgets(const struct taskset *ts, unsigned int vcpu,
		     const struct plan_opts *po, const u64 *periods,
		     size_t count, u64 *budgets)
{
	const struct vres_task *tasks;
	struct vres_search *ws;
	unsigned int n;
	int ret;

	slice(ts, vcpu, &tasks, &n);
	if (!n) {
		memset(budgets, 0, count * sizeof(*budgets));
		return 0;
	}
	ws = search_kept(tasks, n);
	if (!ws)
		return -ENOMEM;
	ret = vres_min_budgets(tasks, n, po->supply, periods,
			       (unsigned int)count, po->overhead_ns, ws,
			       budgets);
	return ret;
}

/**
 * ivlist_add() - append the interval [@lo, @hi] to @l.
 * @l: the list.
 * @lo: first period.
 * @hi: last period.
 *
 * Return: 0, or -ENOMEM.
 */
int ivlist_add(struct ivlist *l, u64 lo, u64 hi)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		void *p = realloc(l->iv, cap * sizeof(*l->iv));

		if (!p)
			return -ENOMEM;
		l->iv = p;
		l->cap = cap;
	}
	l->iv[l->n][0] = lo;
	l->iv[l->n][1] = hi;
	l->n++;
	return 0;
}

/* vres_interval_fn: collect each feasible interval into an ivlist. */
static int collect(void *ctx, u64 lo, u64 hi)
{
	return ivlist_add(ctx, lo, hi);
}

/*
 * The engine's feasible-period search on a slice, each maximal interval to
 * @fn (which may stop it); a vCPU without tasks is feasible everywhere.
 */
static int feasible(const struct taskset *ts, unsigned int vcpu,
		    const struct plan_opts *po, const struct vres_bandwidth *bw,
		    u64 lo, u64 hi, vres_interval_fn fn, void *ctx,
		    u64 *nodes, u64 *analyses)
{
	const struct vres_task *tasks;
	struct vres_search *ws;
	unsigned int n;
	int ret;

	slice(ts, vcpu, &tasks, &n);
	if (!n)
		return fn(ctx, lo, hi);
	ws = search_kept(tasks, n);
	if (!ws)
		return -ENOMEM;
	ret = vres_feasible_periods(tasks, n, po->supply, po->overhead_ns, bw,
				    lo, hi, ws, fn, ctx);
	if (nodes)
		*nodes = ws->nodes;
	if (analyses)
		*analyses = ws->rta_calls;
	return ret;
}

/**
 * plan_feasible() - the feasible periods of a bandwidth.
 * @ts: the task set.
 * @vcpu: one vCPU, or VCPU_ALL (periods feasible on every vCPU).
 * @po: supply model and overhead.
 * @bw: the bandwidth.
 * @lo: first period of the range.
 * @hi: last period of the range.
 * @out: receives the intervals (empty on entry).
 * @nodes: NULL, or where to store the ranges the search examined.
 * @analyses: NULL, or where to store the analyses the search ran.
 *
 * A vCPU without tasks is feasible everywhere.
 * Return: 0 or a negative errno.
 */
int plan_feasible(const struct taskset *ts, unsigned int vcpu,
		  const struct plan_opts *po, const struct vres_bandwidth *bw,
		  u64 lo, u64 hi, struct ivlist *out, u64 *nodes,
		  u64 *analyses)
{
	return feasible(ts, vcpu, po, bw, lo, hi, collect, out, nodes,
			analyses);
}

struct first_iv {
	u64 lo;
	u64 hi;
};

/* vres_interval_fn: keep the first interval and stop the search. */
static int first_only(void *ctx, u64 lo, u64 hi)
{
	struct first_iv *f = ctx;

	f->lo = lo;
	f->hi = hi;
	return 1;
}

/**
 * plan_feasible_first() - the first interval of feasible periods only.
 * @ts: the task set.
 * @vcpu: one vCPU, or VCPU_ALL.
 * @po: supply model and overhead.
 * @bw: the bandwidth.
 * @lo: first period of the range.
 * @hi: last period of the range.
 * @first_lo: where to store the interval's first period.
 * @first_hi: and its last.
 *
 * The search stops there: the periods after it are not examined. The
 * interval is maximal within [@lo, @hi] (the search reports a run of
 * feasible periods once it has ended).
 * Return: 1 with the interval, 0 if no period is feasible, or a negative
 * errno.
 */
int plan_feasible_first(const struct taskset *ts, unsigned int vcpu,
			const struct plan_opts *po,
			const struct vres_bandwidth *bw, u64 lo, u64 hi,
			u64 *first_lo, u64 *first_hi)
{
	struct first_iv f = { 0 };
	int ret;

	ret = feasible(ts, vcpu, po, bw, lo, hi, first_only, &f, NULL, NULL);
	if (ret == 1) {
		*first_lo = f.lo;
		*first_hi = f.hi;
	}
	return ret;
}

/**
 * plan_best() - the least-bandwidth server over a period range.
 * @ts: the task set.
 * @vcpu: one vCPU (must have tasks), or VCPU_ALL.
 * @po: supply model and overhead.
 * @lo: shortest period.
 * @hi: longest period.
 * @best: where to store the answer.
 *
 * Return: 0, -ERANGE if no period in the range works, or a negative errno.
 */
int plan_best(const struct taskset *ts, unsigned int vcpu,
	      const struct plan_opts *po, u64 lo, u64 hi,
	      struct vres_resource *best)
{
	const struct vres_task *tasks;
	struct vres_search *ws;
	unsigned int n;
	int ret;

	slice(ts, vcpu, &tasks, &n);
	ws = search_kept(tasks, n);
	if (!ws)
		return -ENOMEM;
	ret = vres_best_server(tasks, n, po->supply, po->overhead_ns, lo, hi,
			       ws, best);
	return ret;
}

/* Improvement rounds and Cmin probes per round of plan_best_floor(). */
#define FLOOR_ROUNDS	64
#define FLOOR_PROBES	512

/* c/t below b/p, exactly; or equal and t longer. */
static bool cheaper(u64 c, u64 t, u64 b, u64 p)
{
	unsigned __int128 l = (unsigned __int128)c * p;
	unsigned __int128 r = (unsigned __int128)b * t;

	return l < r || (l == r && t > p);
}

/**
 * plan_floor_probe() - consider one period for a server with a budget floor.
 * @ts: the task set.
 * @vcpu: one vCPU (with tasks), or VCPU_ALL.
 * @po: supply model and overhead.
 * @min_budget: the least budget allowed.
 * @period: the period.
 * @best: the best server so far; replaced if max(Cmin(@period),
 *	@min_budget) / @period is lower (or equal at a longer period).
 *
 * Return: 1 if @best was replaced, 0 if not, or a negative errno.
 */
int plan_floor_probe(const struct taskset *ts, unsigned int vcpu,
		     const struct plan_opts *po, u64 min_budget, u64 period,
		     struct vres_resource *best)
{
	u64 c;
	int ret;

	ret = plan_min_budget(ts, vcpu, po, period, &c);
	if (ret == -ERANGE)
		return 0;
	if (ret)
		return ret;
	if (c < min_budget)
		c = min_budget;
	if (c > period || !cheaper(c, period, best->budget_ns, best->period_ns))
		return 0;
	best->budget_ns = c;
	best->period_ns = period;
	return 1;
}

/**
 * plan_best_floor() - lower a server's bandwidth, its budget kept above a floor.
 * @ts: the task set.
 * @vcpu: one vCPU (with tasks), or VCPU_ALL.
 * @po: supply model and overhead.
 * @lo: shortest period.
 * @hi: longest period.
 * @min_budget: the least budget allowed (the module's VRES_BUDGET_MIN_NS).
 * @best: on entry a schedulable server in [@lo, @hi] with a budget of at
 *	least @min_budget; on return one with no more bandwidth.
 *
 * With a floor B on the budget, period T costs max(Cmin(T), B) / T. Where
 * B suffices, Cmin(T) <= B, the cost B / T falls with T: first the longest
 * period from @best's on at which B suffices is found by bisection (a fixed
 * budget supplies less over a longer period, so B suffices on an interval
 * of periods; each answer is checked, so the bisection can only fall short
 * if that does not hold). Then, a period that costs at most the current
 * c/t has Cmin(T) <= c T / t, so it
 * is feasible at bandwidth c/t, and B <= c T / t, so T >= B t / c: each
 * round searches the periods of [max(@lo, ceil(B t / c)), @hi] feasible at
 * c/t and probes both ends of every interval found (Cmin is a step
 * function there, lowest in cost at the right end of a step), and stops
 * when none is cheaper. A cheaper period inside an interval whose ends are
 * not cheaper is missed: the answer is schedulable, with a budget of at
 * least B, but is not proven to have the least bandwidth, unlike
 * plan_best()'s.
 *
 * Return: 0 or a negative errno.
 */
int plan_best_floor(const struct taskset *ts, unsigned int vcpu,
		    const struct plan_opts *po, u64 lo, u64 hi,
		    u64 min_budget, struct vres_resource *best)
{
	unsigned int round, probes;
	u64 ok = best->period_ns, bad = hi + 1, mid, c;
	bool better = true;
	size_t i;
	int ret = 0;

	ret = plan_min_budget(ts, vcpu, po, ok, &c);
	if (ret && ret != -ERANGE)
		return ret;
	if (ret || c > min_budget)
		bad = ok + 1;	/* B does not suffice at @best's period */
	/* B suffices at ok; find the last period before bad where it does. */
	while (bad - ok > 1) {
		mid = ok + (bad - ok) / 2;
		ret = plan_min_budget(ts, vcpu, po, mid, &c);
		if (ret && ret != -ERANGE)
			return ret;
		if (!ret && c <= min_budget)
			ok = mid;
		else
			bad = mid;
	}
	ret = plan_floor_probe(ts, vcpu, po, min_budget, ok, best);
	if (ret < 0)
		return ret;

	for (round = 0; round < FLOOR_ROUNDS && better; round++) {
		struct vres_bandwidth bw = {
			.num = best->budget_ns, .den = best->period_ns,
		};
		struct ivlist l = { 0 };
		unsigned __int128 from;

		better = false;
		from = ((unsigned __int128)min_budget * bw.den + bw.num - 1) /
		       bw.num;
		if (from < lo)
			from = lo;
		if (from > hi)
			break;
		ret = plan_feasible(ts, vcpu, po, &bw, (u64)from, hi, &l, NULL,
				    NULL);
		/* Right ends first, from the longest period down. */
		for (i = l.n, probes = 0; !ret && i-- && probes < FLOOR_PROBES;) {
			unsigned int end;

			for (end = 2; !ret && end--; probes++) {
				if (!end && l.iv[i][0] == l.iv[i][1])
					break;
				ret = plan_floor_probe(ts, vcpu, po, min_budget,
						       l.iv[i][end], best);
				if (ret > 0) {
					better = true;
					ret = 0;
				}
			}
		}
		ivlist_free(&l);
		if (ret)
			return ret;
	}
	return 0;
}

/* R_a/D_a > R_b/D_b, exactly. */
static bool tighter(u64 ra, u64 da, u64 rb, u64 db)
{
	return (unsigned __int128)ra * db > (unsigned __int128)rb * da;
}

/**
 * plan_critical() - the task that limits the longest feasible period.
 * @ts: the task set.
 * @vcpu: one vCPU, or VCPU_ALL.
 * @po: supply model and overhead.
 * @bw: the bandwidth.
 * @period: the longest feasible period, T*.
 * @task: where to store the index into ts->vt of the critical task.
 *
 * The critical task is the one with the least slack relative to its
 * deadline at T*, the largest R/D (compared exactly), the highest-priority
 * one on ties (lowest vCPU first). In the thesis's examples it meets its
 * deadline with equality there: tau3 (R = D = 36) at C/T = 0.4 and tau1
 * (R = D = 16) at 0.5. Unlike "the first task to fail at T* + 1 ns" this
 * does not depend on the time unit.
 *
 * Return: 0 or a negative errno.
 */
int plan_critical(const struct taskset *ts, unsigned int vcpu,
		  const struct plan_opts *po, const struct vres_bandwidth *bw,
		  u64 period, unsigned int *task)
{
	const struct vres_task *tasks;
	struct vres_resource srv = {
		.supply = po->supply, .period_ns = period,
		.overhead_ns = po->overhead_ns,
	};
	unsigned int n, i, worst = 0;
	u64 *resp;
	int ret;

	slice(ts, vcpu, &tasks, &n);
	if (!n)
		return -EINVAL;
	resp = calloc(n, sizeof(*resp));
	if (!resp)
		return -ENOMEM;
	ret = vres_budget_for(bw, period, &srv.budget_ns);
	if (!ret)
		ret = vres_rta(tasks, n, &srv, resp);
	/* T* is feasible: a miss here would be an inconsistency. */
	if (ret > 0)
		ret = -EINVAL;
	if (!ret) {
		for (i = 1; i < n; i++)
			if (tighter(resp[i], tasks[i].deadline_ns, resp[worst],
				    tasks[worst].deadline_ns))
				worst = i;
		*task = worst + (vcpu == VCPU_ALL ? 0 : ts->vcpu_start[vcpu]);
	}
	free(resp);
	return ret;
}

void ivlist_free(struct ivlist *l)
{
	free(l->iv);
	memset(l, 0, sizeof(*l));
}

/**
 * plan_prediction() - the thesis's prediction-model lines (Section 4.8.2).
 * @ts: the task set.
 * @vcpu: the vCPU (with tasks).
 * @bw_num: bandwidth numerator.
 * @bw_den: bandwidth denominator.
 * @overhead_ns: X.
 * @pr: where to store the lines.
 *
 * Plot guides, not part of any decision, so computed in floating point:
 * left bound (C - X)/T >= U, i.e. T >= X / (b - U); lower bound
 * (2(T - C) + C_1 + X) / D_1, a line in T with slope 2(1 - b)/D_1, for the
 * vCPU's highest-priority task; schedulability limit 1. The lower bound
 * reaches the limit at T = (D_1 - C_1 - X) / (2(1 - b)).
 */
void plan_prediction(const struct taskset *ts, unsigned int vcpu,
		     u64 bw_num, u64 bw_den, u64 overhead_ns,
		     struct prediction *pr)
{
	const struct vres_task *first = &ts->vt[ts->vcpu_start[vcpu]];
	double b = (double)bw_num / (double)bw_den, x = (double)overhead_ns;
	unsigned int i;

	pr->task = ts->vt_task[ts->vcpu_start[vcpu]];
	pr->utilization = 0;
	for (i = ts->vcpu_start[vcpu]; i < ts->vcpu_start[vcpu + 1]; i++)
		pr->utilization += (double)ts->vt[i].wcet_ns /
				   (double)ts->vt[i].period_ns;
	pr->left = b > pr->utilization ? x / (b - pr->utilization) : -1;
	pr->slope = 2 * (1 - b) / (double)first->deadline_ns;
	pr->offset = ((double)first->wcet_ns + x) / (double)first->deadline_ns;
	pr->lower = -1;
	if (b < 1 && first->deadline_ns > first->wcet_ns + overhead_ns)
		pr->lower = (double)(first->deadline_ns - first->wcet_ns -
				     overhead_ns) / (2 * (1 - b));
}

/**
 * print_prediction() - the thesis's prediction-model lines (Section 4.8.2).
 * @o: output.
 * @ts: the task set.
 * @vcpu: the vCPU (with tasks).
 * @bw_num: bandwidth numerator.
 * @bw_den: bandwidth denominator.
 * @overhead_ns: X.
 *
 * See plan_prediction().
 */
void print_prediction(struct out *o, const struct taskset *ts,
		      unsigned int vcpu, u64 bw_num, u64 bw_den,
		      u64 overhead_ns)
{
	struct prediction pr;
	double left, lower;

	plan_prediction(ts, vcpu, bw_num, bw_den, overhead_ns, &pr);
	left = pr.left;
	lower = pr.lower;
	out_open_object(o, "prediction");
	out_double(o, OUT_ANY, "utilization", "    utilisation %.6f",
		   pr.utilization);
	if (left >= 0)
		out_dur(o, OUT_ANY, "left_bound_period_ns",
			", left bound T >= %s", (u64)(left + 0.999999));
	else
		out_null(o, OUT_ANY, "left_bound_period_ns", "%s",
			 ", left bound: none (bandwidth <= utilisation)");
	out_open_object(o, "lower_bound");
	out_str(o, OUT_ANY, "task", ", lower bound from %s",
		ts->tasks[pr.task].name);
	out_double(o, OUT_JSON, "slope_per_ns", NULL, pr.slope);
	out_double(o, OUT_JSON, "offset", NULL, pr.offset);
	out_close_object(o);
	if (lower >= 0)
		out_dur(o, OUT_ANY, "lower_bound_period_ns", ": T <= %s",
			(u64)lower);
	else
		out_null(o, OUT_ANY, "lower_bound_period_ns", "%s",
			 ": no limit");
	out_u64(o, OUT_JSON, "schedulability_limit", NULL, 1);
	if (left >= 0 && (lower < 0 || left <= lower)) {
		out_open_array(o, "predicted_range_ns");
		out_u64(o, OUT_JSON, NULL, NULL, (u64)(left + 0.999999));
		if (lower >= 0)
			out_u64(o, OUT_JSON, NULL, NULL, (u64)lower);
		else
			out_null(o, OUT_JSON, NULL, NULL, NULL);
		out_close_array(o);
	} else {
		out_null(o, OUT_JSON, "predicted_range_ns", NULL, NULL);
	}
	out_close_object(o);
	out_text(o, "\n");
}

/**
 * print_intervals() - a list of period intervals.
 * @o: output.
 * @key: JSON key of the list.
 * @l: the intervals.
 * @indent: text indentation.
 * @text: false to print the list in JSON only.
 *
 * JSON: [[lo, hi], ...]. Text: one interval per line, "lo .. hi", or the
 * single period of an isolated point.
 */
void print_intervals(struct out *o, const char *key, const struct ivlist *l,
		     const char *indent, bool text)
{
	enum out_mode any = text ? OUT_ANY : OUT_JSON;
	size_t i;

	if (!text)
		indent = NULL;

	out_open_array(o, key);
	for (i = 0; i < l->n; i++) {
		if (indent)
			out_text(o, "%s", indent);
		out_open_array(o, NULL);
		out_dur(o, any, NULL, "%s", l->iv[i][0]);
		if (l->iv[i][1] != l->iv[i][0])
			out_dur(o, any, NULL, " .. %s", l->iv[i][1]);
		else
			out_dur(o, OUT_JSON, NULL, NULL, l->iv[i][1]);
		out_close_array(o);
		if (indent)
			out_text(o, "%s\n", l->iv[i][1] == l->iv[i][0] ?
				 "  (isolated)" : "");
	}
	if (!l->n && indent)
		out_text(o, "%s(none)\n", indent);
	out_close_array(o);
}
