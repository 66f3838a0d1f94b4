// SPDX-License-Identifier: GPL-2.0
/*
 * analysis.c - time the planning questions, and the thesis's own method
 * side by side in the same run ("make -C selftests/bench run-analysis";
 * not a test).
 *
 * Task sets follow the thesis's simulation study (Section 4.6): periods
 * uniform in [1000, 10000] units with 1 unit = 1 us, WCETs uniform in
 * [1000, T_i] units scaled to a total utilisation of 0.3; 10, 100 and 1000
 * tasks; fixed seed. Server periods range over [10 us, 10 ms] (1000x).
 *
 * The thesis's method (Section 4.8.3) sweeps T_VM over a grid with a fixed
 * step and runs the response-time analysis at each point. Its answer equals
 * the exact one only with a 1 ns step, since the exact boundaries fall on
 * arbitrary nanoseconds. Each grid is run in an order that spreads the
 * points done evenly over the range (coarse strides first) until it is
 * complete or has used GRID_BUDGET_MS; an unfinished grid's time is its
 * measured time per point times its number of points, marked "extrap".
 * A finished 1 us grid also reports how its answer differs from the exact
 * one.
 *
 * Then the big inputs of issue 13, as files through the task set loader:
 * a check of 100,000 tasks on 1024 vCPUs (loading, validating, assigning
 * and analysing, what "vresctl check" does but print), next to the
 * pairwise duplicate-name check the loader used to run, sampled like a
 * grid; and the least-bandwidth server of 10,000 tasks on 10 vCPUs over
 * the module's period range (what "vresctl plan" asks first), next to the
 * 1 us grid of Cmin(T). These run once each ("--taskset N VCPUS" prints
 * the file, to time vresctl on it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/vres.h>

#include "duration.h"
#include "margin.h"
#include "planner.h"
#include "taskset.h"
#include "vres_analysis.h"
#include "vres_search.h"
#include "../tests/analysis_plain.h"

#define US		1000ULL
#define MS		1000000ULL
#define RANGE_LO	(10 * US)
#define RANGE_HI	(10 * MS)
#define GRID_BUDGET_MS	2000.0
/* Issue 13's big inputs: a check of 100,000 tasks, a plan of 10,000. */
#define BIG_CHECK_TASKS	100000
#define BIG_CHECK_VCPUS	1024
#define BIG_PLAN_TASKS	10000
#define BIG_PLAN_VCPUS	10

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static u64 rng_state = 0x243f6a8885a308d3ULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int by_period(const void *a, const void *b)
{
	const struct vres_task *x = a, *y = b;

	return x->period_ns < y->period_ns ? -1 : x->period_ns > y->period_ns;
}

/*
 * Thesis 4.6 task set, rate monotonic order, utilisation 0.3 per vCPU
 * (the WCETs are drawn for one vCPU and scaled by @vcpus).
 */
static struct vres_task *make_set(unsigned int n, unsigned int vcpus)
{
	struct vres_task *t = calloc(n, sizeof(*t));
	u64 *c = calloc(n, sizeof(*c));
	unsigned __int128 sum = 0;	/* sum of C_i/T_i in 2^-32 units */
	unsigned int i;

	if (!t || !c)
		exit(1);
	for (i = 0; i < n; i++) {
		u64 period = 1000 + rng() % 9001;	/* units of 1 us */

		c[i] = 1000 + rng() % (period - 1000 + 1);
		t[i].period_ns = period * US;
		sum += ((unsigned __int128)c[i] << 32) / period;
	}
	/* Scale C_i so that the utilisation is 0.3: C_i * 0.3 / sum. */
	for (i = 0; i < n; i++) {
		t[i].wcet_ns = (u64)(((unsigned __int128)c[i] * US * 3 *
				      vcpus << 32) / (sum * 10));
		if (!t[i].wcet_ns)
			t[i].wcet_ns = 1;
		t[i].deadline_ns = t[i].period_ns;
	}
	free(c);
	qsort(t, n, sizeof(*t), by_period);
	return t;
}

static struct vres_search *make_ws(unsigned int n)
{
	struct vres_search *ws = calloc(1, sizeof(*ws));

	if (!ws)
		exit(1);
	ws->order = calloc(n, sizeof(*ws->order));
	ws->start = calloc(VRES_SEARCH_STARTS(n), sizeof(*ws->start));
	if (!ws->order || !ws->start)
		exit(1);
	ws->n_order = n;
	return ws;
}

/* ---- exact answers ------------------------------------------------------ */

struct ivals {
	unsigned int n;
	u64 lo[4096];
	u64 hi[4096];
};

static int collect(void *ctx, u64 lo, u64 hi)
{
	struct ivals *iv = ctx;

	if (iv->n == 4096)
		return -ENOSPC;
	iv->lo[iv->n] = lo;
	iv->hi[iv->n] = hi;
	iv->n++;
	return 0;
}

static bool in_set(const struct ivals *iv, u64 t)
{
	unsigned int a = 0, b = iv->n;

	while (a < b) {
		unsigned int m = (a + b) / 2;

		if (iv->hi[m] < t)
			a = m + 1;
		else
			b = m;
	}
	return a < iv->n && iv->lo[a] <= t;
}

/* ---- the grid sweep ------------------------------------------------------ */

struct grid {
	u64 lo;
	u64 step;
	u64 points;
	u64 done;
	double ms;		/* measured */
	bool complete;
	unsigned char *value;	/* per point, when complete is possible */
};

/*
 * Visit the points of the grid coarse-to-fine (index 0, then odd multiples
 * of decreasing powers of two), calling eval() on each, until all are done
 * or the time budget is spent. With @keep, results are stored per point.
 */
/* One point; false once the time budget is spent. */
static bool grid_visit(struct grid *g, u64 i, bool (*eval)(void *, u64),
		       void *ctx, double t0)
{
	bool v = eval(ctx, g->lo + i * g->step);

	if (g->value)
		g->value[i] = v;
	g->done++;
	return (g->done & 15) || now_ms() - t0 <= GRID_BUDGET_MS;
}

static void grid_run(struct grid *g, bool keep,
		     bool (*eval)(void *ctx, u64 t), void *ctx)
{
	double t0 = now_ms();
	u64 top = 1, stride, i;

	while (top < g->points)
		top <<= 1;
	g->done = 0;
	g->value = keep ? calloc(g->points, 1) : NULL;
	/* Index 0, then the odd multiples of top/2, top/4, ..., 1. */
	if (!grid_visit(g, 0, eval, ctx, t0))
		goto out;
	for (stride = top / 2; stride; stride /= 2)
		for (i = stride; i < g->points; i += 2 * stride)
			if (!grid_visit(g, i, eval, ctx, t0))
				goto out;
out:
	g->ms = now_ms() - t0;
	g->complete = g->done == g->points;
}

static double grid_total_ms(const struct grid *g)
{
	return g->complete ? g->ms : g->ms / g->done * g->points;
}

struct rta_ctx {
	const struct vres_task *tasks;
	unsigned int n;
	struct vres_resource srv;
	struct vres_bandwidth bw;
};

/* The thesis's step: is the set schedulable at T with C = floor(bw T)? */
static bool eval_period(void *p, u64 t)
{
	struct rta_ctx *c = p;

	c->srv.period_ns = t;
	vres_budget_for(&c->bw, t, &c->srv.budget_ns);
	if (c->srv.budget_ns <= c->srv.overhead_ns)
		return false;
	return vres_rta(c->tasks, c->n, &c->srv, NULL) == 0;
}

/* Grid over C at a fixed T: schedulable with budget C? */
static bool eval_budget(void *p, u64 c)
{
	struct rta_ctx *x = p;

	x->srv.budget_ns = c;
	return vres_rta(x->tasks, x->n, &x->srv, NULL) == 0;
}

struct best_ctx {
	const struct vres_task *tasks;
	unsigned int n;
	u64 overhead;
	u64 budget;
	u64 period;
};

/* Grid over T for the least bandwidth: Cmin(T) at each point. */
static bool eval_best(void *p, u64 t)
{
	struct best_ctx *b = p;
	u64 c;

	if (vres_min_budget(b->tasks, b->n, VRES_SUPPLY_EXACT, t, b->overhead,
			    &c))
		return false;
	if (!b->period || c * b->period < b->budget * t ||
	    (c * b->period == b->budget * t && t > b->period)) {
		b->budget = c;
		b->period = t;
	}
	return true;
}

/* ---- printing ------------------------------------------------------------ */

static const char *fmt_ms(double ms, char *buf, size_t len)
{
	if (ms < 0.01)
		snprintf(buf, len, "%.2f us", ms * 1e3);
	else if (ms < 1e4)
		snprintf(buf, len, "%.2f ms", ms);
	else if (ms < 3.6e6)
		snprintf(buf, len, "%.1f s", ms / 1e3);
	else
		snprintf(buf, len, "%.1f h", ms / 3.6e6);
	return buf;
}

static void row(unsigned int n, const char *question, double exact_ms,
		const char *answer, const char *grid, const struct grid *g,
		const char *grid_answer)
{
	char a[32], b[32], sp[32] = "";
	double gms = g ? grid_total_ms(g) : 0;

	if (g)
		snprintf(sp, sizeof(sp), "%.0fx", gms / exact_ms);
	printf("%6u  %-27s %10s  %-30s %-12s %10s%-7s %8s  %s\n", n, question,
	       fmt_ms(exact_ms, a, sizeof(a)), answer, grid ? grid : "-",
	       g ? fmt_ms(gms, b, sizeof(b)) : "-",
	       g && !g->complete ? " extrap" : "", sp,
	       grid_answer ? grid_answer : "");
}

/* Run @fn until it took at least 50 ms in total; mean time of one run. */
#define TIMED(ms, stmt) do {						\
	double __t0 = now_ms(), __t;					\
	unsigned int __k = 0;						\
	do {								\
		stmt;							\
		__k++;							\
		__t = now_ms() - __t0;					\
	} while (__t < 50 && __k < 100000);				\
	(ms) = __t / __k;						\
} while (0)

/* Compare a finished 1 us grid with the exact set. */
static void grid_vs_exact(const struct grid *g, const struct ivals *iv,
			  char *out, size_t len)
{
	u64 i, gmax = 0, wrong = 0, isolated = 0;
	unsigned int k;

	for (i = 0; i < g->points; i++) {
		u64 t = g->lo + i * g->step;

		if (g->value[i])
			gmax = t;
		wrong += (bool)g->value[i] != in_set(iv, t);
	}
	for (k = 0; k < iv->n; k++)
		isolated += iv->hi[k] - iv->lo[k] < g->step;
	snprintf(out, len,
		 "max %lluns (exact %lluns), %llu grid errors, %llu of %u intervals narrower than the step",
		 gmax, iv->n ? iv->hi[iv->n - 1] : 0, wrong, isolated, iv->n);
}

/* The check, and the least budget at T = 500 us against the grid over C. */
static void bench_budget(unsigned int n, struct vres_task *t,
			 struct rta_ctx *rc)
{
	char ans[96], q[40];
	struct grid g;
	int misses, ret;
	u64 c = 0, x;
	double ms;

	TIMED(ms, misses = vres_rta(t, n, &rc->srv, NULL));
	snprintf(ans, sizeof(ans), "%s", misses ? "not schedulable" :
						   "schedulable");
	row(n, "check C=250us T=500us", ms, ans, NULL, NULL, NULL);

	for (x = 0; x <= 10 * US; x += 10 * US) {
		TIMED(ms, ret = vres_min_budget(t, n, VRES_SUPPLY_EXACT,
						500 * US, x, &c));
		snprintf(q, sizeof(q), "min budget T=500us X=%lluus",
			 x / US);
		snprintf(ans, sizeof(ans), ret ? "none" : "C=%lluns", c);
		rc->srv.period_ns = 500 * US;
		rc->srv.overhead_ns = x;
		/* Sweep C from X + 1 up to the answer: what a grid must do. */
		g = (struct grid){ .lo = x + 1, .step = 1,
				   .points = ret ? 500 * US - x : c - x };
		grid_run(&g, false, eval_budget, rc);
		row(n, q, ms, ans, "C: 1ns", &g, NULL);
	}
}

/* Feasible periods over [10 us, 10 ms] at bandwidth 0.5, and two grids. */
static void bench_periods(unsigned int n, struct vres_task *t,
			  struct vres_search *ws, struct rta_ctx *rc,
			  struct ivals *iv)
{
	char ans[96], gans[160], q[40];
	struct grid g;
	double ms;
	int ret;
	u64 x;

	for (x = 0; x <= 10 * US; x += 10 * US) {
		rc->srv.overhead_ns = x;
		TIMED(ms, iv->n = 0; ret = vres_feasible_periods(t, n,
				VRES_SUPPLY_EXACT, x, &rc->bw, RANGE_LO,
				RANGE_HI, ws, collect, iv));
		snprintf(q, sizeof(q), "feasible T, bw 0.5, X=%lluus",
			 x / US);
		if (ret)
			snprintf(ans, sizeof(ans), "error %d", ret);
		else
			snprintf(ans, sizeof(ans), "%u interval(s), max %lluns",
				 iv->n, iv->n ? iv->hi[iv->n - 1] : 0);
		g = (struct grid){ .lo = RANGE_LO, .step = 1,
				   .points = RANGE_HI - RANGE_LO + 1 };
		grid_run(&g, false, eval_period, rc);
		row(n, q, ms, ans, "T: 1ns", &g, NULL);
		g = (struct grid){ .lo = RANGE_LO, .step = US,
				   .points = (RANGE_HI - RANGE_LO) / US + 1 };
		grid_run(&g, true, eval_period, rc);
		gans[0] = 0;
		if (g.complete)
			grid_vs_exact(&g, iv, gans, sizeof(gans));
		row(n, "", ms, "", "T: 1us", &g, gans);
		free(g.value);
	}
}

/* The least-bandwidth server with X = 10 us, and two grids. */
static void bench_best(unsigned int n, struct vres_task *t,
		       struct vres_search *ws, struct best_ctx *bc)
{
	struct vres_resource best;
	char ans[96], gans[160];
	struct grid g;
	double ms;
	int ret;

	TIMED(ms, ret = vres_best_server(t, n, VRES_SUPPLY_EXACT, 10 * US,
					 RANGE_LO, RANGE_HI, ws, &best));
	if (ret)
		snprintf(ans, sizeof(ans), "error %d", ret);
	else
		snprintf(ans, sizeof(ans), "C=%lluns T=%lluns", best.budget_ns,
			 best.period_ns);
	g = (struct grid){ .lo = RANGE_LO, .step = 1,
			   .points = RANGE_HI - RANGE_LO + 1 };
	grid_run(&g, false, eval_best, bc);
	row(n, "least bandwidth, X=10us", ms, ans, "T: 1ns", &g, NULL);
	bc->budget = 0;
	bc->period = 0;
	g = (struct grid){ .lo = RANGE_LO, .step = US,
			   .points = (RANGE_HI - RANGE_LO) / US + 1 };
	grid_run(&g, false, eval_best, bc);
	gans[0] = 0;
	if (g.complete && !ret)
		snprintf(gans, sizeof(gans), "C=%lluns T=%lluns (%s)",
			 bc->budget, bc->period,
			 bc->budget * best.period_ns ==
			 best.budget_ns * bc->period ?
			 "same bandwidth" : "more bandwidth than exact");
	row(n, "", ms, "", "T: 1us", &g, gans);
}

static void bench(unsigned int n)
{
	struct vres_task *t = make_set(n, 1);
	struct vres_search *ws = make_ws(n);
	struct vres_bandwidth half = { 1, 2 };
	struct ivals *iv = calloc(1, sizeof(*iv));
	struct rta_ctx rc = { t, n, { VRES_SUPPLY_EXACT, 500 * US, 250 * US, 0 },
			      half };
	struct best_ctx bc = { t, n, 10 * US, 0, 0 };

	if (!iv)
		exit(1);
	bench_budget(n, t, &rc);
	bench_periods(n, t, ws, &rc, iv);
	bench_best(n, t, ws, &bc);
	free(iv);
	free(ws->order);
	free(ws->start);
	free(ws);
	free(t);
}

/* ---- big task set files ---------------------------------------------- */

/*
 * The text of a task set file: make_set(n, vcpus) from a seed of its own,
 * tasks named t0, t1, ... without "vcpu" fields, so that vresctl assigns
 * them (worst-fit decreasing). "analysis --taskset N VCPUS" prints
 * it, to time vresctl itself on the same file.
 */
static char *make_file(unsigned int n, unsigned int vcpus, size_t *len)
{
	size_t cap = 96 + (size_t)n * 80, off;
	struct vres_task *t;
	char *buf = malloc(cap);
	unsigned int i;

	rng_state = 0x243f6a8885a308d3ULL ^ ((u64)n << 16) ^ vcpus;
	t = make_set(n, vcpus);
	if (!buf)
		exit(1);
	off = snprintf(buf, cap,
		       "{\"name\": \"bench %u tasks\", \"vcpus\": %u, \"tasks\": [\n",
		       n, vcpus);
	for (i = 0; i < n; i++)
		off += snprintf(buf + off, cap - off,
				"%s{\"name\": \"t%u\", \"period\": %llu, \"wcet\": %llu}",
				i ? ",\n" : "", i, t[i].period_ns, t[i].wcet_ns);
	off += snprintf(buf + off, cap - off, "]}\n");
	free(t);
	*len = off;
	return buf;
}

static void load_file(unsigned int n, unsigned int vcpus, struct taskset *ts)
{
	size_t len;
	char *text = make_file(n, vcpus, &len);

	if (taskset_load_buffer("bench", text, len, ts))
		exit(1);
	free(text);
}

/* The duplicate-name check of before: task i's name against all before it. */
static bool eval_names(void *p, u64 i)
{
	const struct taskset *ts = p;
	u64 j;

	for (j = 0; j < i; j++)
		if (!strcmp(ts->tasks[i].name, ts->tasks[j].name))
			return true;
	return false;
}

/*
 * "vresctl check" of a big file without the printing: parse, validate,
 * assign, order (taskset_load_buffer()) and analyse. Next to it, the
 * pairwise name check that load used to run, sampled and extrapolated.
 */
static void bench_check_big(unsigned int n, unsigned int vcpus)
{
	struct vres_resource srv = { VRES_SUPPLY_EXACT, 500 * US, 250 * US, 0 };
	u64 *resp = calloc(n, sizeof(*resp));
	char q[40], ans[40], *text;
	struct taskset ts;
	struct grid g;
	double t0, ms;
	size_t len;
	int misses;

	text = make_file(n, vcpus, &len);
	if (!resp)
		exit(1);
	t0 = now_ms();
	if (taskset_load_buffer("bench", text, len, &ts))
		exit(1);
	misses = vres_rta(ts.vt, ts.n, &srv, resp);
	ms = now_ms() - t0;
	free(text);
	snprintf(q, sizeof(q), "check, %u vCPUs", vcpus);
	snprintf(ans, sizeof(ans), misses ? "%d misses" : "schedulable",
		 misses);
	g = (struct grid){ .lo = 0, .step = 1, .points = n };
	grid_run(&g, false, eval_names, &ts);
	row(n, q, ms, ans, "names: pairs", &g, NULL);
	taskset_free(&ts);
	free(resp);
}

/* X of vresctl plan when vres is not loaded (userspace/lib/overhead.h). */
#define BIG_OVERHEAD_NS		(50 * US)

static void answer_of(int ret, const struct vres_resource *r, char *ans,
		      size_t len)
{
	if (ret)
		snprintf(ans, len, "error %d", ret);
	else
		snprintf(ans, len, "C=%lluns T=%lluns", r->budget_ns,
			 r->period_ns);
}

/* plan_best() over the module's period range, timed. */
static int time_best(const struct taskset *ts, const struct plan_opts *po,
		     struct vres_resource *best, double *ms)
{
	double t0 = now_ms();
	int ret;

	ret = plan_best(ts, VCPU_ALL, po, VRES_PERIOD_MIN_NS,
			VRES_PERIOD_MAX_NS, best);
	*ms = now_ms() - t0;
	return ret;
}

/*
 * "vresctl plan" without --bandwidth or --period, its first question: the
 * least-bandwidth server for every vCPU at once, X = 0, over the module's
 * period range. Next to it, the 1 us grid of Cmin(T) over the same range.
 */
static void bench_best_big(unsigned int n, unsigned int vcpus)
{
	struct plan_opts po = { VRES_SUPPLY_EXACT, 0 };
	struct vres_resource best;
	struct taskset ts;
	struct best_ctx bc = { 0 };
	char q[40], ans[96];
	struct grid g;
	double ms;
	int ret;

	load_file(n, vcpus, &ts);
	ret = time_best(&ts, &po, &best, &ms);
	snprintf(q, sizeof(q), "least bandwidth, %u vCPUs", vcpus);
	answer_of(ret, &best, ans, sizeof(ans));
	bc.tasks = ts.vt;
	bc.n = ts.n;
	g = (struct grid){ .lo = VRES_PERIOD_MIN_NS, .step = US,
			   .points = (VRES_PERIOD_MAX_NS - VRES_PERIOD_MIN_NS) /
				     US + 1 };
	grid_run(&g, false, eval_best, &bc);
	row(n, q, ms, ans, "T: 1us", &g, NULL);
	taskset_free(&ts);
}

/*
 * The same least-bandwidth question with vresctl plan's default overhead,
 * X = 50 us, next to the engine without the lazy split of its searches
 * (tests/eager/, see visit() in lib/vres_periods.c); then
 * what plan recommends by default on top of it, the least bandwidth with
 * a 10% budget margin and a 5% period margin (margin.c), which has no
 * alternative to time here.
 */
static void bench_default_big(unsigned int n, unsigned int vcpus)
{
	struct plan_opts po = { VRES_SUPPLY_EXACT, BIG_OVERHEAD_NS };
	struct margin m = { MARGIN_BUDGET_DEFAULT_PPM,
			    MARGIN_PERIOD_DEFAULT_PPM };
	struct vres_resource best, eager;
	struct vres_search *ws;
	char q[40], ans[96], eans[96], a[32], b[32], sp[32];
	struct taskset ts;
	double t0, ms, ems;
	bool least;
	int ret;

	load_file(n, vcpus, &ts);
	ret = time_best(&ts, &po, &best, &ms);
	answer_of(ret, &best, ans, sizeof(ans));
	ws = search_alloc(ts.n);
	if (!ws)
		exit(1);
	t0 = now_ms();
	ret = eager_vres_best_server(ts.vt, ts.n, po.supply, po.overhead_ns,
				     VRES_PERIOD_MIN_NS, VRES_PERIOD_MAX_NS,
				     ws, &eager);
	ems = now_ms() - t0;
	search_free(ws);
	answer_of(ret, &eager, eans, sizeof(eans));
	snprintf(q, sizeof(q), "least bw, X=50us, %u vCPUs", vcpus);
	snprintf(sp, sizeof(sp), "%.1fx", ems / ms);
	printf("%6u  %-27s %10s  %-30s %-12s %10s%-7s %8s  %s\n", n, q,
	       fmt_ms(ms, a, sizeof(a)), ans, "eager", fmt_ms(ems, b, sizeof(b)),
	       "", sp, eans);

	ret = time_best(&ts, &po, &best, &ms);
	t0 = now_ms();
	if (!ret)
		ret = margin_best(&ts, &po, VRES_PERIOD_MIN_NS,
				  VRES_PERIOD_MAX_NS, &m, &best, &least);
	ms += now_ms() - t0;
	answer_of(ret, &best, ans, sizeof(ans));
	snprintf(q, sizeof(q), "  + margins 10%%/5%%");
	row(n, q, ms, ans, NULL, NULL, NULL);
	taskset_free(&ts);
}

static int print_file(const char *n, const char *vcpus)
{
	unsigned long tasks = strtoul(n, NULL, 10), v = strtoul(vcpus, NULL, 10);
	size_t len;
	char *text;

	if (!tasks || tasks > 1000000 || !v || v > TASKSET_VCPUS_MAX) {
		fprintf(stderr, "analysis: --taskset N VCPUS: 1 <= N <= 1000000, 1 <= VCPUS <= %d\n",
			TASKSET_VCPUS_MAX);
		return 2;
	}
	text = make_file(tasks, v, &len);
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 10, 100, 1000 };
	unsigned int i, last = 3;

	if (argc == 4 && !strcmp(argv[1], "--taskset"))
		return print_file(argv[2], argv[3]);
	if (argc > 1 && !strcmp(argv[1], "--quick"))
		last = 2;
	printf("vres analysis benchmark: thesis 4.6 task sets (periods 1-10 ms, U = 0.3, RM), exact supply\n"
	       "server periods %lluus..%llums (1000x); grids stop after %.0f ms and extrapolate (\"extrap\")\n\n",
	       RANGE_LO / US, RANGE_HI / MS, GRID_BUDGET_MS);
	printf("%6s  %-27s %10s  %-30s %-12s %17s %8s  %s\n", "tasks",
	       "question", "exact", "answer", "grid", "grid time", "speed-up",
	       "grid answer");
	for (i = 0; i < last; i++)
		bench(sizes[i]);
	if (last < 3)
		return 0;
	printf("\nbig task set files, thesis 4.6 sets at U = 0.3 per vCPU, through the task set loader:\n");
	bench_check_big(BIG_CHECK_TASKS, BIG_CHECK_VCPUS);
	bench_best_big(BIG_PLAN_TASKS, BIG_PLAN_VCPUS);
	bench_default_big(BIG_PLAN_TASKS, BIG_PLAN_VCPUS);
	return 0;
}
