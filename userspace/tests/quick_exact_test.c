// SPDX-License-Identifier: GPL-2.0
/*
 * quick_exact_test.c - the searches with their quick tests against the
 * same engine without them, on random task sets, small and large.
 *
 * The searches (lib/vres_quick.c, vres_budget.c, vres_periods.c) decide
 * most "does task i meet its deadline?" questions with O(1) bounds before
 * the response-time iteration (see "Quick tests" in lib/vres_quick.c), in the feasible-period search, in the
 * minimum budgets that the least-bandwidth search probes and in
 * vres_min_budgets(); vres_min_budget() has no room for the tests' values
 * and runs without them, so it is the reference for vres_min_budgets().
 * The bounds may only save work: every answer
 * must be the one the plain iteration gives. tests/plain/ are the
 * same searches built with -DVRES_NO_QUICK_TEST and their functions
 * renamed plain_*; tests/eager/ have the quick tests but
 * not the lazy split of the searches (-DVRES_EAGER_SEARCH, eager_*: a
 * range that one task splits asks the others only the quick tests, see
 * visit()). This test asks all three the same questions and wants the
 * same answers, bit for bit; the eager and the plain engine must also
 * search alike: as many ranges examined and as many task analyses counted
 * (a verdict that differed would steer the branch and bound elsewhere).
 * The lazy split changes the path, not the answers. A workspace kept from
 * one search to the next (@keep_sums) must give the answers of a fresh
 * one. The sets are random but seeded: set VRES_TEST_SEED to reproduce a
 * run; the seed is printed.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vres_analysis.h"
#include "vres_search.h"
#define TEST_SEED_DEFAULT	0x901cULL
#include "test_util.h"
#include "analysis_plain.h"

#define US	1000ULL
#define MS	1000000ULL

/*
 * n tasks in @groups groups: periods 1..10 ms, utilisation about
 * @util_pct% per group, deadlines from half the period to the period,
 * a quarter of the tasks with release jitter, so that every term of the
 * bounds is exercised; deadline monotonic, or with @any_order half of the
 * time in draw order.
 */
static void random_set(struct rng *r, struct vres_task *t, unsigned int n,
		       unsigned int groups, u64 util_pct, bool any_order)
{
	bool dm = !any_order || (rng_next(r) & 1);
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].group = (u64)i * groups / n;
		t[i].period_ns = rng_range(r, 1000, 10000) * US;
		/* Mean C/T is util / (tasks per group). */
		t[i].wcet_ns = t[i].period_ns * util_pct * groups /
			       (50 * n) * rng_range(r, 1, 99) / 100 + 1;
		t[i].deadline_ns = rng_range(r, t[i].period_ns / 2,
					     t[i].period_ns);
		if (rng_next(r) % 4 == 0)
			t[i].jitter_ns = rng_range(r, 0, t[i].period_ns / 4);
	}
	for (i = 1; dm && i < n; i++) {
		struct vres_task x = t[i];
		unsigned int k = i;

		while (k && t[k - 1].group == x.group &&
		       t[k - 1].deadline_ns > x.deadline_ns) {
			t[k] = t[k - 1];
			k--;
		}
		t[k] = x;
	}
}

static struct vres_search *ws_alloc(unsigned int n)
{
	struct vres_search *ws = calloc(1, sizeof(*ws));

	if (!ws)
		return NULL;
	ws->order = calloc(n, sizeof(*ws->order));
	ws->start = calloc(VRES_SEARCH_STARTS(n), sizeof(*ws->start));
	ws->n_order = n;
	return ws;
}

static void ws_free(struct vres_search *ws)
{
	free(ws->order);
	free(ws->start);
	free(ws);
}

#define MAX_IVALS	4096

struct ivals {
	unsigned int n;
	u64 iv[MAX_IVALS][2];
};

static int collect(void *ctx, u64 lo, u64 hi)
{
	struct ivals *l = ctx;

	if (l->n == MAX_IVALS)
		return -ENOSPC;
	l->iv[l->n][0] = lo;
	l->iv[l->n][1] = hi;
	l->n++;
	return 0;
}

static const enum vres_supply supplies[] = {
	VRES_SUPPLY_EXACT, VRES_SUPPLY_PAPER, VRES_SUPPLY_SLOT,
};

static bool same_ivals(const struct ivals *a, const struct ivals *b)
{
	return a->n == b->n &&
	       !memcmp(a->iv, b->iv, sizeof(a->iv[0]) * a->n);
}

/*
 * One feasible-period search three ways: the same intervals, and the
 * same work for the eager engine and the plain one. @kept, if not NULL,
 * is a workspace kept (@keep_sums) from the last search of these tasks:
 * it must answer the same.
 */
static void compare_feasible(struct __test_metadata *_metadata,
			     const struct vres_task *t, unsigned int n,
			     enum vres_supply s, u64 x,
			     const struct vres_bandwidth *bw, u64 lo, u64 hi,
			     struct vres_search *kept, unsigned int *found)
{
	struct vres_search *wa = ws_alloc(n), *wb = ws_alloc(n);
	struct vres_search *wc = ws_alloc(n);
	struct ivals *la = calloc(1, sizeof(*la)), *lb = calloc(1, sizeof(*lb));
	struct ivals *lc = calloc(1, sizeof(*lc));
	int ra, rb, rc;

	ASSERT_TRUE(wa && wb && wc && la && lb && lc);
	ra = vres_feasible_periods(t, n, s, x, bw, lo, hi, wa, collect, la);
	rb = plain_vres_feasible_periods(t, n, s, x, bw, lo, hi, wb, collect,
					 lb);
	rc = eager_vres_feasible_periods(t, n, s, x, bw, lo, hi, wc, collect,
					 lc);
	EXPECT_EQ(rb, ra);
	EXPECT_EQ(rb, rc);
	EXPECT_TRUE(same_ivals(lb, la));
	EXPECT_TRUE(same_ivals(lb, lc));
	EXPECT_EQ(wb->nodes, wc->nodes);
	EXPECT_EQ(wb->rta_calls, wc->rta_calls);
	if (kept) {
		lc->n = 0;
		rc = vres_feasible_periods(t, n, s, x, bw, lo, hi, kept,
					   collect, lc);
		EXPECT_EQ(ra, rc);
		EXPECT_TRUE(same_ivals(la, lc));
	}
	*found += la->n > 0;
	free(la);
	free(lb);
	free(lc);
	ws_free(wa);
	ws_free(wb);
	ws_free(wc);
}

/* One least-bandwidth search three ways, as compare_feasible(). */
static void compare_best(struct __test_metadata *_metadata,
			 const struct vres_task *t, unsigned int n,
			 enum vres_supply s, u64 x, u64 lo, u64 hi,
			 unsigned int *found)
{
	struct vres_search *wa = ws_alloc(n), *wb = ws_alloc(n);
	struct vres_search *wc = ws_alloc(n);
	struct vres_resource a = { 0 }, b = { 0 }, c = { 0 };
	int ra, rb, rc;

	ASSERT_TRUE(wa && wb && wc);
	ra = vres_best_server(t, n, s, x, lo, hi, wa, &a);
	rb = plain_vres_best_server(t, n, s, x, lo, hi, wb, &b);
	rc = eager_vres_best_server(t, n, s, x, lo, hi, wc, &c);
	EXPECT_EQ(rb, ra);
	EXPECT_EQ(rb, rc);
	EXPECT_EQ(b.period_ns, a.period_ns);
	EXPECT_EQ(b.budget_ns, a.budget_ns);
	EXPECT_EQ(b.period_ns, c.period_ns);
	EXPECT_EQ(b.budget_ns, c.budget_ns);
	EXPECT_EQ(wb->nodes, wc->nodes);
	EXPECT_EQ(wb->rta_calls, wc->rta_calls);
	*found += !ra;
	ws_free(wa);
	ws_free(wb);
	ws_free(wc);
}

/*
 * vres_min_budgets() at many periods, with the quick tests, against
 * vres_min_budget() at each, which runs without them: the same budgets,
 * 0 where there is none. Periods from 10 us (where most sets have no
 * budget) to 20 ms, in random order, so that the witnesses kept from one
 * period meet very different servers at the next.
 */
TEST(min_budgets_same)
{
	struct rng r = { test_seed() + 4 };
	struct vres_search *ws = ws_alloc(40);
	u64 periods[32], got[32], want;
	struct vres_task t[40];
	unsigned int set, k, n, found = 0, none = 0;

	ASSERT_NE(NULL, ws);
	for (set = 0; set < 300 && _metadata->passed; set++) {
		enum vres_supply s = supplies[set % 3];
		u64 x = s == VRES_SUPPLY_PAPER ? 0 : rng_range(&r, 0, 20) * US;
		int ret;

		n = rng_range(&r, 1, 40);
		random_set(&r, t, n, rng_range(&r, 1, 3), rng_range(&r, 5, 80),
			   true);
		for (k = 0; k < 32; k++)
			periods[k] = rng_range(&r, 10, 20000) * US;
		ASSERT_EQ(0, vres_min_budgets(t, n, s, periods, 32, x, ws,
					      got));
		for (k = 0; k < 32; k++) {
			ret = vres_min_budget(t, n, s, periods[k], x, &want);
			ASSERT_TRUE(ret == 0 || ret == -ERANGE);
			if (ret)
				want = 0;
			EXPECT_EQ(want, got[k])
				TH_LOG("set %u: %u tasks, supply %u, X %llu, T %llu",
				       set, n, s, x, periods[k]);
			found += !!want;
			none += !want;
		}
	}
	EXPECT_GE(found, set * 32 / 6);
	EXPECT_GE(none, set * 32 / 20);
	ws_free(ws);
}

/*
 * A sixth of the questions at least must have an answer (a feasible
 * period, a server): comparing "none" with "none" proves little.
 */
TEST(feasible_periods_same)
{
	struct rng r = { test_seed() + 1 };
	struct vres_search *kept = ws_alloc(40);
	struct vres_task t[40];
	unsigned int set, n, found = 0;

	ASSERT_NE(NULL, kept);
	kept->keep_sums = true;
	TH_LOG("seed %#llx", test_seed());
	for (set = 0; set < 600 && _metadata->passed; set++) {
		enum vres_supply s = supplies[set % 3];
		struct vres_bandwidth bw = {
			rng_range(&r, 20, 100), 100,
		};
		u64 x = s == VRES_SUPPLY_PAPER ? 0 : rng_range(&r, 0, 20) * US;

		n = rng_range(&r, 1, 40);
		random_set(&r, t, n, rng_range(&r, 1, 3), rng_range(&r, 5, 60),
			   true);
		/* New tasks in the same array: what a caller must do. */
		kept->sums_of = NULL;
		compare_feasible(_metadata, t, n, s, x, &bw, 10 * US, 20 * MS,
				 kept, &found);
		/* A second bandwidth with the values and witnesses kept. */
		bw.num = rng_range(&r, 20, 100);
		compare_feasible(_metadata, t, n, s, x, &bw, 10 * US, 20 * MS,
				 kept, &found);
		if (!_metadata->passed)
			TH_LOG("set %u: %u tasks, supply %u, X %llu, bw %llu%%",
			       set, n, s, x, bw.num);
	}
	EXPECT_GE(found, set / 6);
	ws_free(kept);
}

TEST(best_server_same)
{
	struct rng r = { test_seed() + 2 };
	struct vres_task t[24];
	unsigned int set, n, found = 0;

	for (set = 0; set < 300 && _metadata->passed; set++) {
		enum vres_supply s = supplies[set % 3];
		u64 x = s == VRES_SUPPLY_PAPER ? 0 : rng_range(&r, 0, 20) * US;

		n = rng_range(&r, 1, 24);
		random_set(&r, t, n, rng_range(&r, 1, 2), rng_range(&r, 5, 80),
			   true);
		compare_best(_metadata, t, n, s, x, 100 * US, 100 * MS, &found);
		if (!_metadata->passed)
			TH_LOG("set %u: %u tasks, supply %u, X %llu", set, n,
			       s, x);
	}
	EXPECT_GE(found, set / 6);
}

/*
 * Large sets, where the quick tests decide most questions: the feasible
 * periods of 1000 tasks on one vCPU and of 3000 on three, the least
 * bandwidth of 300 (the plain engine takes seconds for each).
 */
TEST(large_sets_same)
{
	struct rng r = { test_seed() + 3 };
	static struct vres_task t[3000];
	struct vres_bandwidth bw = { 1, 2 };
	unsigned int found = 0;

	random_set(&r, t, 1000, 1, 30, false);
	compare_feasible(_metadata, t, 1000, VRES_SUPPLY_EXACT, 10 * US, &bw,
			 10 * US, 10 * MS, NULL, &found);
	random_set(&r, t, 3000, 3, 30, false);
	bw.num = 3;
	bw.den = 4;
	compare_feasible(_metadata, t, 3000, VRES_SUPPLY_SLOT, 0, &bw,
			 100 * US, 100 * MS, NULL, &found);
	random_set(&r, t, 300, 2, 40, false);
	compare_best(_metadata, t, 300, VRES_SUPPLY_EXACT, 10 * US, 100 * US,
		     20 * MS, &found);
	EXPECT_EQ(3U, found);
}

TEST_HARNESS_MAIN
