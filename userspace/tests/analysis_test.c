// SPDX-License-Identifier: GPL-2.0
/*
 * analysis_test.c - known answers for the analysis engine.
 *
 * The table of known answers is ../kernel/vres_analysis_vectors.h, which
 * the module's KUnit suite checks too; here each vector runs in integer
 * units and again with 1 unit = 1 ms, since every model is homogeneous
 * (scaling all times scales all results). The searches below work the
 * thesis's examples (Paper III, "Scheduling Tasks with Hard Deadlines in
 * Virtualized Software Systems", Sections 4.4 and 4.5) further.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "test_util.h"
#include "vres_analysis.h"
#include "vres_search.h"
#include "vres_analysis_vectors.h"

#define MS	1000000ULL

static u64 scaled(u64 t, u64 unit)
{
	return t == VRES_TIME_INF ? t : t * unit;
}

/*
 * Vector @c with every time multiplied by @u: its tasks into @t, its
 * resource into *@s. Return: how many of its tasks miss their deadline.
 */
static int scale_vector(const struct vres_rta_vector *c, u64 u,
			struct vres_task *t, struct vres_resource *s)
{
	unsigned int k;
	int misses = 0;

	*s = (struct vres_resource){ c->srv.supply, c->srv.period_ns * u,
				     c->srv.budget_ns * u,
				     c->srv.overhead_ns * u };
	for (k = 0; k < c->n; k++) {
		t[k] = c->tasks[k];
		t[k].period_ns *= u;
		t[k].wcet_ns *= u;
		t[k].deadline_ns *= u;
		t[k].jitter_ns *= u;
		misses += c->want[k] == VRES_TIME_INF;
	}
	return misses;
}

/* The shared known answers, in integer units and in milliseconds. */
FIXTURE(vectors) {
	struct vres_task t[VRES_VECTOR_TASKS];
	u64 resp[VRES_VECTOR_TASKS];
};

FIXTURE_VARIANT(vectors) {
	u64 unit;
};

FIXTURE_VARIANT_ADD(vectors, units) {
	.unit = 1,
};

FIXTURE_VARIANT_ADD(vectors, ms) {
	.unit = MS,
};

FIXTURE_SETUP(vectors)
{
}

FIXTURE_TEARDOWN(vectors)
{
}

/*
 * vres_rta() gives each vector's response times; without a response array
 * it stops at the first miss.
 */
TEST_F(vectors, response_times)
{
	const u64 u = variant->unit;
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(vres_rta_vectors); i++) {
		const struct vres_rta_vector *c = &vres_rta_vectors[i];
		struct vres_resource s;
		int misses = scale_vector(c, u, self->t, &s);

		TH_LOG("%s", c->name);
		ASSERT_EQ(misses, vres_rta(self->t, c->n, &s, self->resp));
		for (k = 0; k < c->n; k++)
			EXPECT_EQ(scaled(c->want[k], u), self->resp[k]);
		EXPECT_EQ(misses ? 1 : 0, vres_rta(self->t, c->n, &s, NULL));
	}
}

/*
 * The least budget at each vector's period agrees with its answer: it is
 * at most the vector's budget where every task meets its deadline, above
 * it where one misses; with it no task misses, with one nanosecond (unit)
 * less one does.
 */
TEST_F(vectors, min_budget_is_least)
{
	const u64 u = variant->unit;
	unsigned int i, checked = 0;

	for (i = 0; i < ARRAY_SIZE(vres_rta_vectors); i++) {
		const struct vres_rta_vector *c = &vres_rta_vectors[i];
		struct vres_resource s;
		int misses = scale_vector(c, u, self->t, &s), ret;
		u64 least;

		if (s.supply == VRES_SUPPLY_FULL)
			continue;	/* no budget to search for */
		TH_LOG("%s", c->name);
		ret = vres_min_budget(self->t, c->n, s.supply, s.period_ns,
				      s.overhead_ns, &least);
		checked++;
		if (ret == -ERANGE) {
			ASSERT_NE(0, misses);
			continue;
		}
		ASSERT_EQ(0, ret);
		if (misses) {
			EXPECT_GT(least, s.budget_ns);
		} else {
			EXPECT_LE(least, s.budget_ns);
		}
		s.budget_ns = least;
		EXPECT_EQ(0, vres_rta(self->t, c->n, &s, NULL));
		if (least - 1 > s.overhead_ns) {
			s.budget_ns = least - 1;
			EXPECT_EQ(1, vres_rta(self->t, c->n, &s, NULL));
		}
	}
	ASSERT_LT(4U, checked);
}

/* vres_supply_inverse() evaluates each model's formula exactly. */
TEST_F(vectors, supply_inverses)
{
	const u64 u = variant->unit;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vres_inverse_vectors); i++) {
		const struct vres_inverse_vector *c = &vres_inverse_vectors[i];
		struct vres_resource s = { c->supply, VRES_INVERSE_PERIOD * u,
			VRES_INVERSE_BUDGET * u, c->overhead * u };

		TH_LOG("%s", c->name);
		EXPECT_EQ(c->want * u, vres_supply_inverse(&s, c->work * u));
	}
}

/* Thesis 4.5: (16, 2), (24, 1), (36, 4). */
static void thesis_4_5(struct vres_task *t, u64 unit)
{
	set_task(&t[0], 16 * unit, 2 * unit);
	set_task(&t[1], 24 * unit, 1 * unit);
	set_task(&t[2], 36 * unit, 4 * unit);
}

struct ivals {
	unsigned int n;
	u64 lo[64];
	u64 hi[64];
};

static int collect(void *ctx, u64 lo, u64 hi)
{
	struct ivals *iv = ctx;

	if (iv->n == 64)
		return -ENOSPC;
	iv->lo[iv->n] = lo;
	iv->hi[iv->n] = hi;
	iv->n++;
	return 0;
}

static int feasible(const struct vres_task *t, unsigned int n,
		    enum vres_supply supply, u64 num, u64 den, u64 lo, u64 hi,
		    struct ivals *iv)
{
	struct vres_bandwidth bw = { num, den };
	struct vres_search *ws = calloc(1, sizeof(*ws));
	u64 start[VRES_SEARCH_STARTS(8)];
	u32 order[8];
	int ret;

	if (!ws)
		return -ENOMEM;
	ws->order = order;
	ws->start = start;
	ws->n_order = 8;
	iv->n = 0;
	ret = vres_feasible_periods(t, n, supply, 0, &bw, lo, hi, ws, collect,
				    iv);
	free(ws);
	return ret;
}

/* Does the set meet every deadline at period T with budget floor(T b)? */
static bool ok_at(const struct vres_task *t, unsigned int n,
		  enum vres_supply supply, u64 num, u64 den, u64 period)
{
	struct vres_bandwidth bw = { num, den };
	struct vres_resource s = { supply, period, 0, 0 };

	if (vres_budget_for(&bw, period, &s.budget_ns) || !s.budget_ns)
		return false;
	return vres_rta(t, n, &s, NULL) == 0;
}

/*
 * Maximal T_VM 10 at C/T = 0.4 with tau3 critical, with the exact supply.
 * In ms the longest feasible period is exactly 10 ms, and it is an isolated
 * point: 10 ms + 1 ns already fails (tau3), while shorter periods fail in
 * gaps below it. That is why the search never bisects on T.
 */
TEST(thesis_4_5_bandwidth_0_4_ms)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, 10 * MS + 1, 4 * MS, 0 };
	struct vres_task t[3];
	struct ivals iv;
	u64 resp[3];

	thesis_4_5(t, MS);
	ASSERT_EQ(0, feasible(t, 3, VRES_SUPPLY_EXACT, 2, 5, 100000,
			      100 * MS, &iv));
	ASSERT_GE(iv.n, 2U);
	EXPECT_EQ(10 * MS, iv.lo[iv.n - 1]);
	EXPECT_EQ(10 * MS, iv.hi[iv.n - 1]);
	/* Not monotone: 9.5 ms fails between feasible periods. */
	EXPECT_FALSE(ok_at(t, 3, VRES_SUPPLY_EXACT, 2, 5, 9500000));
	EXPECT_TRUE(ok_at(t, 3, VRES_SUPPLY_EXACT, 2, 5, 9000000));
	/* tau3 is the task that fails just above: R3 = 36 exactly at 10. */
	ASSERT_EQ(1, vres_rta(t, 3, &s, resp));
	EXPECT_NE(VRES_TIME_INF, resp[0]);
	EXPECT_NE(VRES_TIME_INF, resp[1]);
	EXPECT_EQ(VRES_TIME_INF, resp[2]);
	s.period_ns = 10 * MS;
	ASSERT_EQ(0, vres_rta(t, 3, &s, resp));
	EXPECT_EQ(36 * MS, resp[2]);
}

/* In integer units, as the thesis: feasible periods {3, 5, 10}. */
TEST(thesis_4_5_bandwidth_0_4_units)
{
	struct vres_task t[3];
	struct ivals iv;

	thesis_4_5(t, 1);
	ASSERT_EQ(0, feasible(t, 3, VRES_SUPPLY_EXACT, 2, 5, 1, 100, &iv));
	ASSERT_EQ(3U, iv.n);
	EXPECT_EQ(3ULL, iv.lo[0]);
	EXPECT_EQ(3ULL, iv.hi[0]);
	EXPECT_EQ(5ULL, iv.lo[1]);
	EXPECT_EQ(5ULL, iv.hi[1]);
	EXPECT_EQ(10ULL, iv.lo[2]);
	EXPECT_EQ(10ULL, iv.hi[2]);
}

/* Maximal T_VM 14 at C/T = 0.5, tau1 critical: 2 + 2(T - C) <= 16. */
TEST(thesis_4_5_bandwidth_0_5)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, 14 * MS + 1, 7 * MS, 0 };
	struct vres_task t[3];
	struct ivals iv;
	u64 resp[3];

	thesis_4_5(t, MS);
	ASSERT_EQ(0, feasible(t, 3, VRES_SUPPLY_EXACT, 1, 2, 100000,
			      100 * MS, &iv));
	ASSERT_EQ(1U, iv.n);
	EXPECT_EQ(100000ULL, iv.lo[0]);
	EXPECT_EQ(14 * MS, iv.hi[0]);
	ASSERT_EQ(1, vres_rta(t, 3, &s, resp));
	EXPECT_EQ(VRES_TIME_INF, resp[0]);

	thesis_4_5(t, 1);
	ASSERT_EQ(0, feasible(t, 3, VRES_SUPPLY_EXACT, 1, 2, 1, 100, &iv));
	ASSERT_EQ(1U, iv.n);
	EXPECT_EQ(14ULL, iv.hi[0]);
}

/*
 * Eq 4 as printed does not reproduce the thesis's 10 at 0.4: at T = 10,
 * C = 4 it gives tau3 inverse(12) = 12 + 12 + 3 * 6 = 42 > 36, because
 * C divides the demand 12. The exact inverse gives 36.
 */
TEST(thesis_4_5_paper_is_pessimistic)
{
	struct vres_resource s = { VRES_SUPPLY_PAPER, 10 * MS, 4 * MS, 0 };
	struct vres_task t[3];
	struct ivals iv;
	u64 resp[3];

	thesis_4_5(t, MS);
	ASSERT_EQ(1, vres_rta(t, 3, &s, resp));
	EXPECT_EQ(VRES_TIME_INF, resp[2]);
	EXPECT_EQ(42 * MS, vres_supply_inverse(&s, 12 * MS));
	ASSERT_EQ(0, feasible(t, 3, VRES_SUPPLY_PAPER, 2, 5, 100000,
			      100 * MS, &iv));
	ASSERT_GE(iv.n, 1U);
	EXPECT_EQ(9166666ULL, iv.hi[iv.n - 1]);
}

/* Minimum budget for T = 10 ms in the thesis example: exactly 4 ms. */
TEST(min_budget_thesis)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, 10 * MS, 4 * MS - 1, 0 };
	struct vres_task t[3];
	u64 c = 0;

	thesis_4_5(t, MS);
	ASSERT_EQ(0, vres_min_budget(t, 3, VRES_SUPPLY_EXACT, 10 * MS, 0, &c));
	EXPECT_EQ(4 * MS, c);
	/* One nanosecond less misses. */
	EXPECT_EQ(1, vres_rta(t, 3, &s, NULL));
	/* Eq 4 needs more. */
	ASSERT_EQ(0, vres_min_budget(t, 3, VRES_SUPPLY_PAPER, 10 * MS, 0, &c));
	EXPECT_GT(c, 4 * MS);
	/* A period longer than 2(T - C) + C1 <= 16 allows for any C < T... */
	ASSERT_EQ(0, vres_min_budget(t, 3, VRES_SUPPLY_EXACT, 100 * MS, 0, &c));
	EXPECT_EQ(93 * MS, c);	/* tau1: 2 + 2(100 - C) <= 16 */
	/* ...and with an overhead a period can have no budget at all. */
	EXPECT_EQ(-ERANGE, vres_min_budget(t, 3, VRES_SUPPLY_EXACT, 100 * MS,
					   15 * MS, &c));
}

/*
 * A deferrable server seen as a task on a dedicated CPU (the module's
 * admission control): J = T - C. Servers (10, 3) and (20, 5):
 * R2 = 5 + ceil((R2 + 7)/10) * 3 = 11.
 */
TEST(admission_with_jitter)
{
	struct vres_resource full = { VRES_SUPPLY_FULL, 0, 0, 0 };
	struct vres_task t[2];
	u64 resp[2];

	set_task(&t[0], 10, 3);
	t[0].jitter_ns = 7;
	set_task(&t[1], 20, 5);
	t[1].jitter_ns = 15;
	ASSERT_EQ(0, vres_rta(t, 2, &full, resp));
	EXPECT_EQ(3ULL, resp[0]);
	EXPECT_EQ(11ULL, resp[1]);
	/* Without jitter the second server would see one job less. */
	t[0].jitter_ns = 0;
	ASSERT_EQ(0, vres_rta(t, 2, &full, resp));
	EXPECT_EQ(8ULL, resp[1]);
	/* Groups are independent CPUs: alone, the server needs its C only. */
	t[1].group = 1;
	ASSERT_EQ(0, vres_rta(t, 2, &full, resp));
	EXPECT_EQ(5ULL, resp[1]);
}

/* Huge values saturate into "misses its deadline", never wrap. */
TEST(overflow_saturates)
{
	struct vres_bandwidth bw = { (1ULL << 62) - 1, 1ULL << 62 };
	struct vres_resource s = { VRES_SUPPLY_EXACT, VRES_TIME_MAX, 1, 0 };
	struct vres_task t[4];
	u64 resp[4], c;
	unsigned int i;

	for (i = 0; i < 4; i++)
		set_task(&t[i], VRES_TIME_MAX, VRES_TIME_MAX / 2);
	/* Demand 2^59 with 1 ns per 2^60 ns: far beyond 2^64. */
	EXPECT_EQ(VRES_TIME_INF, vres_supply_inverse(&s, VRES_TIME_MAX / 2));
	ASSERT_EQ(4, vres_rta(t, 4, &s, resp));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(VRES_TIME_INF, resp[i]);
	/* Sum of C = 2^61 > D on a dedicated CPU: a miss, not a wrap. */
	s.supply = VRES_SUPPLY_FULL;
	ASSERT_EQ(2, vres_rta(t, 4, &s, resp));
	EXPECT_EQ(VRES_TIME_MAX / 2, resp[0]);
	EXPECT_EQ(VRES_TIME_MAX, resp[1]);
	EXPECT_EQ(VRES_TIME_INF, resp[2]);
	/* Largest period: the minimum budget is still exact. */
	ASSERT_EQ(0, vres_min_budget(t, 1, VRES_SUPPLY_EXACT, VRES_TIME_MAX,
				     0, &c));
	/* T/2 + 2(T - C) <= T  <=>  C >= 3T/4 */
	EXPECT_EQ(VRES_TIME_MAX / 4 * 3, c);
	/* Budgets of huge periods at fine bandwidths, exactly. */
	ASSERT_EQ(0, vres_budget_for(&bw, VRES_TIME_MAX, &c));
	EXPECT_EQ(VRES_TIME_MAX - 1, c);
}

/* Invalid input is rejected, not analysed. */
TEST(validation)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, 10, 4, 0 };
	struct vres_task t[2];
	u64 c;

	set_task(&t[0], 10, 1);
	set_task(&t[1], 20, 1);
	EXPECT_EQ(0, vres_check_tasks(t, 2));
	t[1].deadline_ns = 21;			/* D > T */
	EXPECT_EQ(-EINVAL, vres_check_tasks(t, 2));
	EXPECT_EQ(-EINVAL, vres_rta(t, 2, &s, NULL));
	t[1].deadline_ns = 20;
	t[0].group = 1;				/* groups out of order */
	EXPECT_EQ(-EINVAL, vres_check_tasks(t, 2));
	t[0].group = 0;
	t[0].period_ns = 0;
	EXPECT_EQ(-EINVAL, vres_check_tasks(t, 2));
	t[0].period_ns = VRES_TIME_MAX + 1;
	EXPECT_EQ(-EINVAL, vres_check_tasks(t, 2));
	t[0].period_ns = 10;

	s.budget_ns = 11;			/* C > T */
	EXPECT_EQ(-EINVAL, vres_check_server(&s));
	s.budget_ns = 4;
	s.overhead_ns = 4;			/* X >= C */
	EXPECT_EQ(-EINVAL, vres_check_server(&s));
	s.overhead_ns = 1;
	s.supply = VRES_SUPPLY_PAPER;		/* Eq 4 has no X */
	EXPECT_EQ(-EINVAL, vres_check_server(&s));
	s.supply = VRES_SUPPLY_NR;
	EXPECT_EQ(-EINVAL, vres_check_server(&s));
	EXPECT_EQ(VRES_TIME_INF, vres_supply_inverse(&s, 1));
	EXPECT_EQ(-EINVAL, vres_min_budget(t, 2, VRES_SUPPLY_FULL, 10, 0, &c));
	EXPECT_EQ(-EINVAL, vres_min_budget(t, 0, VRES_SUPPLY_EXACT, 10, 0, &c));
}

TEST_HARNESS_MAIN
