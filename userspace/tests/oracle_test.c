// SPDX-License-Identifier: GPL-2.0
/*
 * oracle_test.c - the analysis engine against the brute-force oracle on
 * thousands of random task sets.
 *
 * Every question the engine answers is asked of both on small integer
 * parameters: response times (simulation of the worst-case supply pattern),
 * minimum budgets (linear scan over every budget), feasible periods (every
 * integer period in the range simulated), the least-bandwidth server (every
 * period and budget). The sets are random but seeded: set VRES_TEST_SEED to
 * reproduce a run; the seed is printed.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vres_analysis.h"
#include "vres_search.h"
#define TEST_SEED_DEFAULT	0x5eedULL
#include "test_util.h"
#include "oracle.h"

#define MAX_TASKS	8

struct rset {
	unsigned int n;
	struct oracle_task o[MAX_TASKS];
	struct vres_task v[MAX_TASKS];
};

/*
 * A random set: 1..max_n tasks in up to 2 groups, periods in [2, max_t],
 * any priority order (not necessarily rate monotonic), constrained
 * deadlines, sometimes release jitter.
 */
static void random_set(struct rng *r, struct rset *s, unsigned int max_n,
		       u64 max_t, bool jitter)
{
	unsigned int i, groups = rng_range(r, 1, 2);

	s->n = rng_range(r, 1, max_n);
	for (i = 0; i < s->n; i++) {
		struct oracle_task *o = &s->o[i];

		o->period = rng_range(r, 2, max_t);
		o->wcet = rng_range(r, 1, 1 + o->period / (s->n + 1));
		o->deadline = rng_range(r, o->wcet > 1 ? o->wcet - 1 : 1,
					o->period);
		if (!o->deadline)
			o->deadline = 1;
		o->jitter = jitter && rng_range(r, 0, 3) == 0 ?
			    rng_range(r, 0, o->period) : 0;
		o->group = groups > 1 ? (unsigned int)(i * groups / s->n) : 0;

		s->v[i].period_ns = o->period;
		s->v[i].wcet_ns = o->wcet;
		s->v[i].deadline_ns = o->deadline;
		s->v[i].jitter_ns = o->jitter;
		s->v[i].group = o->group;
	}
}

static const char *set_str(const struct rset *s, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < s->n && off < len; i++)
		off += snprintf(buf + off, len - off,
				"(T%llu C%llu D%llu"
				" J%llu g%u)", s->o[i].period,
				s->o[i].wcet, s->o[i].deadline,
				s->o[i].jitter, s->o[i].group);
	return buf;
}

static enum vres_supply to_vres(enum oracle_supply s)
{
	return s == ORACLE_FULL ? VRES_SUPPLY_FULL :
	       s == ORACLE_EXACT ? VRES_SUPPLY_EXACT : VRES_SUPPLY_SLOT;
}

/* Response times: engine == simulation, task by task, every model. */
TEST(rta_matches_simulation)
{
	struct rng r = { test_seed() };
	unsigned int iter, i, checked = 0, met = 0;
	char buf[512];

	for (iter = 0; iter < 6000; iter++) {
		struct oracle_server os;
		struct vres_resource vs;
		u64 resp[MAX_TASKS];
		struct rset s;
		int misses, want_misses = 0;

		random_set(&r, &s, 6, 60, true);
		os.supply = (enum oracle_supply)rng_range(&r, 0, 2);
		os.period = rng_range(&r, 1, 30);
		os.budget = rng_range(&r, 1, os.period);
		os.overhead = os.supply == ORACLE_FULL ? 0 :
			      rng_range(&r, 0, os.budget - 1);
		vs.supply = to_vres(os.supply);
		vs.period_ns = os.period;
		vs.budget_ns = os.budget;
		vs.overhead_ns = os.overhead;

		misses = vres_rta(s.v, s.n, &vs, resp);
		for (i = 0; i < s.n; i++) {
			u64 want = oracle_response(s.o, i, &os);

			if (want == ORACLE_MISS) {
				want = VRES_TIME_INF;
				want_misses++;
			} else {
				met++;
			}
			if (resp[i] != want)
				TH_LOG("set %s supply %d T%llu C%llu"
				       " X%llu task %u",
				       set_str(&s, buf, sizeof(buf)), os.supply,
				       os.period, os.budget, os.overhead, i);
			ASSERT_EQ(want, resp[i]);
			checked++;
		}
		ASSERT_EQ(want_misses, misses);
	}
	TH_LOG("%u response times compared, %u within deadline", checked,
	       met);
	/* The generator must exercise both outcomes. */
	ASSERT_GT(met, checked / 5);
	ASSERT_LT(met, checked - checked / 5);
}

/* Eq 4 ("paper"): engine == its own re-implementation; never below exact. */
TEST(paper_matches_formula_and_bounds_exact)
{
	struct rng r = { test_seed() + 1 };
	unsigned int iter, i, differ = 0;

	for (iter = 0; iter < 4000; iter++) {
		struct vres_resource paper, exact;
		u64 rp[MAX_TASKS], re[MAX_TASKS];
		struct rset s;

		random_set(&r, &s, 6, 60, true);
		paper.supply = VRES_SUPPLY_PAPER;
		paper.period_ns = rng_range(&r, 1, 30);
		paper.budget_ns = rng_range(&r, 1, paper.period_ns);
		paper.overhead_ns = 0;
		exact = paper;
		exact.supply = VRES_SUPPLY_EXACT;

		ASSERT_LE(0, vres_rta(s.v, s.n, &paper, rp));
		ASSERT_LE(0, vres_rta(s.v, s.n, &exact, re));
		for (i = 0; i < s.n; i++) {
			u64 want = oracle_paper_response(s.o, i,
							      paper.period_ns,
							      paper.budget_ns);

			ASSERT_EQ(want == ORACLE_MISS ? VRES_TIME_INF : want,
				  rp[i]);
			ASSERT_GE(rp[i], re[i]);
			differ += rp[i] != re[i];
		}
	}
	TH_LOG("paper above exact for %u tasks", differ);
	ASSERT_GT(differ, 0U);
}

/* Minimum budget: engine == smallest C found by trying every C. */
TEST(min_budget_matches_scan)
{
	struct rng r = { test_seed() + 2 };
	unsigned int iter, found = 0;
	char buf[512];

	for (iter = 0; iter < 1500; iter++) {
		enum oracle_supply sup = rng_range(&r, 0, 1) ? ORACLE_EXACT :
							       ORACLE_SLOT;
		u64 period, overhead, want, got = 0;
		struct rset s;
		int ret;

		random_set(&r, &s, 5, 50, true);
		period = rng_range(&r, 1, 25);
		overhead = rng_range(&r, 0, 3);
		want = oracle_min_budget(s.o, s.n, sup, period, overhead);
		ret = vres_min_budget(s.v, s.n, to_vres(sup), period, overhead,
				      &got);
		if ((want ? 0 : -ERANGE) != ret || (want && want != got))
			TH_LOG("set %s supply %d T%llu X%llu",
			       set_str(&s, buf, sizeof(buf)), sup, period,
			       overhead);
		ASSERT_EQ(want ? 0 : -ERANGE, ret);
		if (want) {
			ASSERT_EQ(want, got);
			found++;
		}
	}
	ASSERT_GT(found, 300U);
}

struct ivals {
	unsigned int n;
	u64 lo[512];
	u64 hi[512];
};

static int collect(void *ctx, u64 lo, u64 hi)
{
	struct ivals *iv = ctx;

	if (iv->n >= 512)
		return -ENOSPC;
	iv->lo[iv->n] = lo;
	iv->hi[iv->n] = hi;
	iv->n++;
	return 0;
}

/*
 * Feasible periods: engine intervals == every integer period simulated
 * with budget floor(T * p / q). Also checks that the intervals are maximal
 * and in order.
 */
TEST(feasible_periods_match_sweep)
{
	struct rng r = { test_seed() + 3 };
	unsigned int iter, gaps = 0, sets_with_points = 0;
	u32 order[MAX_TASKS];
	static u64 start[VRES_SEARCH_STARTS(MAX_TASKS)];
	struct vres_search *ws = calloc(1, sizeof(*ws));
	char buf[512];

	ASSERT_NE(NULL, ws);
	ws->order = order;
	ws->start = start;
	ws->n_order = MAX_TASKS;
	for (iter = 0; iter < 1200; iter++) {
		enum oracle_supply sup = rng_range(&r, 0, 1) ? ORACLE_EXACT :
							       ORACLE_SLOT;
		struct vres_bandwidth bw;
		struct ivals iv = { 0 };
		u64 lo, hi, t, overhead;
		unsigned int k = 0;
		struct rset s;
		bool isolated = false;

		random_set(&r, &s, 4, 60, true);
		bw.den = rng_range(&r, 1, 20);
		bw.num = rng_range(&r, 1, bw.den);
		overhead = rng_range(&r, 0, 1) ? 0 : rng_range(&r, 1, 3);
		lo = rng_range(&r, 1, 10);
		hi = rng_range(&r, lo, 90);
		ASSERT_EQ(0, vres_feasible_periods(s.v, s.n, to_vres(sup),
						   overhead, &bw, lo, hi, ws,
						   collect, &iv));
		for (t = lo; t <= hi; t++) {
			struct oracle_server os = { sup, t, t * bw.num / bw.den,
						    overhead };
			bool want = os.budget > overhead &&
				    oracle_schedulable(s.o, s.n, &os);
			bool got;

			while (k < iv.n && iv.hi[k] < t)
				k++;
			got = k < iv.n && iv.lo[k] <= t;
			if (want != got)
				TH_LOG("set %s supply %d bw %llu/%llu"
				       " X%llu T=%llu want %d",
				       set_str(&s, buf, sizeof(buf)), sup,
				       bw.num, bw.den, overhead, t, want);
			ASSERT_EQ(want, got);
		}
		for (k = 0; k < iv.n; k++) {
			ASSERT_LE(iv.lo[k], iv.hi[k]);
			if (k) /* maximal: a gap of at least one period */
				ASSERT_LT(iv.hi[k - 1] + 1, iv.lo[k]);
			if (iv.lo[k] == iv.hi[k])
				isolated = true;
		}
		gaps += iv.n > 1;
		sets_with_points += isolated;
	}
	TH_LOG("sets with a gap: %u, with an isolated period: %u", gaps,
	       sets_with_points);
	/* Non-monotone sets must actually occur for this to test anything. */
	ASSERT_GT(gaps, 8U);
	free(ws);
}

/* Least-bandwidth server: engine == exhaustive search over (T, C). */
TEST(best_server_matches_exhaustive)
{
	struct rng r = { test_seed() + 4 };
	unsigned int iter, none = 0;
	u32 order[MAX_TASKS];
	static u64 start[VRES_SEARCH_STARTS(MAX_TASKS)];
	struct vres_search *ws = calloc(1, sizeof(*ws));
	char buf[512];

	ASSERT_NE(NULL, ws);
	ws->order = order;
	ws->start = start;
	ws->n_order = MAX_TASKS;
	for (iter = 0; iter < 300; iter++) {
		enum oracle_supply sup = rng_range(&r, 0, 1) ? ORACLE_EXACT :
							       ORACLE_SLOT;
		u64 lo, hi, t, overhead, bc = 0, bt = 0;
		struct vres_resource best;
		struct rset s;
		int ret;

		random_set(&r, &s, 4, 50, false);
		overhead = rng_range(&r, 0, 1) ? 0 : rng_range(&r, 1, 2);
		lo = rng_range(&r, 1, 8);
		hi = rng_range(&r, lo, 40);
		for (t = lo; t <= hi; t++) {
			u64 c = oracle_min_budget(s.o, s.n, sup, t,
						       overhead);

			/* c/t < bc/bt, or equal and longer (t grows). */
			if (c && (!bt || c * bt <= bc * t)) {
				bc = c;
				bt = t;
			}
		}
		ret = vres_best_server(s.v, s.n, to_vres(sup), overhead, lo,
				       hi, ws, &best);
		if (!bt) {
			ASSERT_EQ(-ERANGE, ret);
			none++;
			continue;
		}
		if (ret || best.period_ns != bt || best.budget_ns != bc)
			TH_LOG("set %s supply %d X%llu range %llu"
			       "-%llu: want T%llu C%llu",
			       set_str(&s, buf, sizeof(buf)), sup, overhead,
			       lo, hi, bt, bc);
		ASSERT_EQ(0, ret);
		ASSERT_EQ(bt, best.period_ns);
		ASSERT_EQ(bc, best.budget_ns);
	}
	/* Both outcomes must be exercised. */
	TH_LOG("%u of 300 sets have no server in their range", none);
	ASSERT_GT(none, 20U);
	ASSERT_LT(none, 220U);
	free(ws);
}

/*
 * The same at nanosecond scale, where the search's rate bounds decide most
 * ranges: engine intervals == vres_rta() at every period of the range
 * (vres_rta() itself is checked against the simulation above).
 */
TEST(feasible_periods_match_rta_sweep_large)
{
	struct rng r = { test_seed() + 6 };
	unsigned int iter, i, gaps = 0;
	u32 order[MAX_TASKS];
	static u64 start[VRES_SEARCH_STARTS(MAX_TASKS)];
	struct vres_search *ws = calloc(1, sizeof(*ws));
	u64 swept = 0;

	ASSERT_NE(NULL, ws);
	ws->order = order;
	ws->start = start;
	ws->n_order = MAX_TASKS;
	for (iter = 0; iter < 150; iter++) {
		static const enum vres_supply sups[] = {
			VRES_SUPPLY_EXACT, VRES_SUPPLY_SLOT, VRES_SUPPLY_PAPER,
		};
		struct vres_resource srv;
		struct vres_bandwidth bw;
		struct ivals iv = { 0 };
		u64 lo, hi, t;
		unsigned int k = 0;
		struct rset s;

		random_set(&r, &s, 6, 20, true);
		/* Scale to microseconds-ish: periods 2000..20000 ns. */
		for (i = 0; i < s.n; i++) {
			s.v[i].period_ns *= 1000;
			s.v[i].wcet_ns = s.v[i].wcet_ns * 1000 -
					 rng_range(&r, 0, 999);
			s.v[i].deadline_ns = s.v[i].deadline_ns * 1000 -
					     rng_range(&r, 0, 999);
			if (s.v[i].deadline_ns < s.v[i].wcet_ns)
				s.v[i].deadline_ns = s.v[i].wcet_ns;
			s.v[i].jitter_ns *= 1000;
		}
		srv.supply = sups[iter % 3];
		bw.den = rng_range(&r, 2, 1000);
		bw.num = rng_range(&r, bw.den / 4 + 1, bw.den);
		srv.overhead_ns = srv.supply == VRES_SUPPLY_PAPER ? 0 :
				  rng_range(&r, 0, 50);
		lo = rng_range(&r, 1, 200);
		hi = lo + 30000;
		ASSERT_EQ(0, vres_feasible_periods(s.v, s.n, srv.supply,
						   srv.overhead_ns, &bw, lo,
						   hi, ws, collect, &iv));
		for (t = lo; t <= hi; t++) {
			bool want, got;

			srv.period_ns = t;
			ASSERT_EQ(0, vres_budget_for(&bw, t, &srv.budget_ns));
			want = srv.budget_ns > srv.overhead_ns &&
			       vres_rta(s.v, s.n, &srv, NULL) == 0;
			while (k < iv.n && iv.hi[k] < t)
				k++;
			got = k < iv.n && iv.lo[k] <= t;
			if (want != got)
				TH_LOG("iter %u T=%llu want %d", iter, t,
				       want);
			ASSERT_EQ(want, got);
			swept++;
		}
		gaps += iv.n > 1;
	}
	TH_LOG("%llu periods swept, %u sets with gaps", swept, gaps);
	ASSERT_GT(gaps, 1U);
	free(ws);
}

/* Least-bandwidth server at ns scale: == vres_min_budget() at every T. */
TEST(best_server_matches_min_budget_sweep_large)
{
	struct rng r = { test_seed() + 7 };
	unsigned int iter, i;
	u32 order[MAX_TASKS];
	static u64 start[VRES_SEARCH_STARTS(MAX_TASKS)];
	struct vres_search *ws = calloc(1, sizeof(*ws));

	ASSERT_NE(NULL, ws);
	ws->order = order;
	ws->start = start;
	ws->n_order = MAX_TASKS;
	for (iter = 0; iter < 24; iter++) {
		enum vres_supply sup = iter % 2 ? VRES_SUPPLY_EXACT :
						  VRES_SUPPLY_SLOT;
		u64 lo, hi, t, overhead, bc = 0, bt = 0, c;
		struct vres_resource best;
		struct rset s;

		random_set(&r, &s, 5, 20, false);
		for (i = 0; i < s.n; i++) {
			s.v[i].period_ns *= 1000;
			s.v[i].wcet_ns *= 1000;
			s.v[i].deadline_ns = s.v[i].period_ns;
		}
		overhead = iter % 3 ? rng_range(&r, 1, 300) : 0;
		lo = rng_range(&r, 300, 1500);
		hi = lo + 3000;
		for (t = lo; t <= hi; t++) {
			if (vres_min_budget(s.v, s.n, sup, t, overhead, &c))
				continue;
			if (!bt || c * bt <= bc * t) {
				bc = c;
				bt = t;
			}
		}
		if (!bt) {
			ASSERT_EQ(-ERANGE, vres_best_server(s.v, s.n, sup,
							    overhead, lo, hi,
							    ws, &best));
			continue;
		}
		ASSERT_EQ(0, vres_best_server(s.v, s.n, sup, overhead, lo, hi,
					      ws, &best));
		ASSERT_EQ(bt, best.period_ns);
		ASSERT_EQ(bc, best.budget_ns);
	}
	free(ws);
}

/* The 128-bit multiply-divide against the compiler's 128-bit arithmetic. */
TEST(mul_div_matches_int128)
{
	struct rng r = { test_seed() + 5 };
	unsigned int iter, fits = 0;

	for (iter = 0; iter < 200000; iter++) {
		/* Mix magnitudes so that every branch is taken. */
		u64 a = rng_next(&r) >> rng_range(&r, 0, 63);
		u64 b = rng_next(&r) >> rng_range(&r, 0, 63);
		u64 d = rng_next(&r) >> rng_range(&r, 0, 63);
		unsigned __int128 p = (unsigned __int128)a * b;
		u64 q = 0;
		bool want = d && p / d <= UINT64_MAX;

		ASSERT_EQ(want, vres_mul_div(a, b, d, &q));
		if (want) {
			ASSERT_EQ((u64)(p / d), q);
			fits++;
		}
	}
	ASSERT_GT(fits, 50000U);
}

TEST_HARNESS_MAIN
