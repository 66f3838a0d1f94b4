// SPDX-License-Identifier: GPL-2.0
/*
 * slack_test.c - the slack of a verdict (slack.c): known answers worked
 * out by hand, the thesis's isolated point, and a property test against
 * the brute-force oracle (tests/oracle.c, which shares no code with the
 * engine): every limit reported is schedulable and one step past it is
 * not.
 *
 * The hand-worked cases use the exact supply (Shin & Lee; thesis Eq 6):
 *	inverse(w) = (T - C) + w + ceil(w / (C - X)) (T - C + X)
 * and one task per set, so R = inverse(C_1).
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#define TEST_SEED_DEFAULT	0x51ac4ULL
#include "test_util.h"
#include "oracle.h"
#include "prng.h"
#include "slack.h"

#define MS	1000000ULL

static struct slack_problem problem(const struct vres_task *t, unsigned int n,
				    u64 c, u64 period, u64 x)
{
	return (struct slack_problem) {
		.tasks = t, .n = n, .supply = VRES_SUPPLY_EXACT, .budget = c,
		.period = period, .overhead = x, .range_lo = 1,
		.range_hi = VRES_TIME_MAX,
	};
}

/*
 * One task (T = D = 10, C = 2) on the server C = 4, T = 6, X = 0.
 *  R = 2 + 2 + 1 * 2 = 6, so D - R = 4.
 *  budget: at T = 6, C = 2 gives 4 + 2 + 1 * 4 = 10 <= 10, C = 1 gives
 *	5 + 2 + 2 * 5 = 17: least 2, slack 2.
 *  overhead: 2 + 2 + ceil(2/(4 - X))(2 + X): X = 2 gives 8, X = 3 gives
 *	2 + 2 + 2 * 5 = 14: largest 2.
 *  period at C = 4: (T - 4) + 2 + (T - 4) = 2T - 6 <= 10 iff T <= 8.
 *  bandwidth 2/3, C(T) = floor(2T/3), R(T) = 2 + 2 (T - C(T)) for C >= 2:
 *	T = 12: C = 8, R = 10 (ok); T = 13: C = 8, R = 12 (miss), and T - C
 *	only grows after; T = 2: C = 1, R = 1 + 2 + 2 * 1 = 5 (ok); T = 1:
 *	C = 0, no supply. Feasible from 2 to 12.
 *  WCET: C_1 + 2 + ceil(C_1/4) 2 <= 10: C_1 = 4 gives 8, 5 gives 11: 4.
 *  scale: C_1' = ceil(2k/10^6) <= 4 iff k <= 2000000.
 */
TEST(one_task_by_hand)
{
	struct vres_task t[1];
	struct slack_problem p;
	struct slack_server s;
	struct slack_task st[1];

	set_task(&t[0], 10, 2);
	p = problem(t, 1, 4, 6, 0);
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_TRUE(s.schedulable);
	EXPECT_TRUE(s.have_min_budget);
	EXPECT_EQ(2ULL, s.min_budget);
	EXPECT_TRUE(s.have_max_overhead);
	EXPECT_EQ(2ULL, s.max_overhead);
	EXPECT_TRUE(s.have_max_period);
	EXPECT_FALSE(s.max_period_at_range);
	EXPECT_EQ(8ULL, s.max_period);
	EXPECT_TRUE(s.below.found);
	EXPECT_FALSE(s.below.at_range);
	EXPECT_EQ(2ULL, s.below.period);
	EXPECT_TRUE(s.above.found);
	EXPECT_FALSE(s.above.at_range);
	EXPECT_EQ(12ULL, s.above.period);
	EXPECT_TRUE(s.have_scale);
	EXPECT_FALSE(s.scale_at_deadline);
	EXPECT_EQ(2000000ULL, s.scale_ppm);
	ASSERT_EQ(0, slack_tasks(&p, st));
	EXPECT_EQ(6ULL, st[0].response);
	EXPECT_TRUE(st[0].have_max_wcet);
	EXPECT_EQ(4ULL, st[0].max_wcet);
}

/*
 * The same task on C = 4, T = 9: R = 5 + 2 + 1 * 5 = 12 > 10, a miss.
 *  budget: C = 5 gives 4 + 2 + 4 = 10: least 5 (1 ns to add).
 *  overhead: X = 0 already misses: none.
 *  period at C = 4: 2T - 6 <= 10 iff T <= 8 (1 ns shorter).
 *  bandwidth 4/9, C(T) = floor(4T/9): T = 8: C = 3, R = 5 + 2 + 5 = 12;
 *	T = 7: C = 3, R = 4 + 2 + 4 = 10: nearest below 7. Above 9, T - C(T)
 *	>= 6 and C(T) >= 4 > C_1 = 2, so R >= 14: none.
 *  WCET: C_1 = 1 gives 5 + 1 + 5 = 11 > 10: none, and no scale.
 */
TEST(one_task_miss_by_hand)
{
	struct vres_task t[1];
	struct slack_problem p;
	struct slack_server s;
	struct slack_task st[1];

	set_task(&t[0], 10, 2);
	p = problem(t, 1, 4, 9, 0);
	p.range_hi = 1000;
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_FALSE(s.schedulable);
	EXPECT_EQ(5ULL, s.min_budget);
	EXPECT_FALSE(s.have_max_overhead);
	EXPECT_TRUE(s.have_max_period);
	EXPECT_EQ(8ULL, s.max_period);
	EXPECT_TRUE(s.below.found);
	EXPECT_EQ(7ULL, s.below.period);
	EXPECT_FALSE(s.above.found);
	EXPECT_FALSE(s.have_scale);
	ASSERT_EQ(0, slack_tasks(&p, st));
	EXPECT_EQ(VRES_TIME_INF, st[0].response);
	EXPECT_FALSE(st[0].have_max_wcet);
}

/*
 * With an overhead: one task (T = D = 20, C = 3), server C = 6, T = 10,
 * X = 1: R = 4 + 3 + ceil(3/5) * 5 = 12, D - R = 8.
 *  overhead: 4 + 3 + ceil(3/(6 - X))(4 + X): X = 3 gives 7 + 1 * 7 = 14,
 *	X = 4 gives 7 + ceil(3/2) * 8 = 23: largest 3.
 *  budget: C = 5 gives 5 + 3 + 1 * 6 = 14; C = 4: 6 + 3 + 1 * 7 = 16;
 *	C = 3: 7 + 3 + 2 * 8 = 26: least 4.
 *  period at C = 6: (T - 6) + 3 + (T - 5) = 2T - 8 <= 20 iff T <= 14.
 *  WCET: (4 + C_1 + ceil(C_1/5) 5) <= 20: C_1 = 5 gives 14, C_1 = 6 gives
 *	4 + 6 + 10 = 20, C_1 = 7 gives 21: 6. Scale: ceil(3k/10^6) <= 6 iff
 *	k <= 2000000.
 */
TEST(overhead_by_hand)
{
	struct vres_task t[1];
	struct slack_problem p;
	struct slack_server s;
	struct slack_task st[1];

	set_task(&t[0], 20, 3);
	p = problem(t, 1, 6, 10, 1);
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_TRUE(s.schedulable);
	EXPECT_EQ(3ULL, s.max_overhead);
	EXPECT_EQ(4ULL, s.min_budget);
	EXPECT_EQ(14ULL, s.max_period);
	EXPECT_EQ(2000000ULL, s.scale_ppm);
	ASSERT_EQ(0, slack_tasks(&p, st));
	EXPECT_EQ(12ULL, st[0].response);
	EXPECT_EQ(6ULL, st[0].max_wcet);
}

/* Thesis 4.5: (16, 2), (24, 1), (36, 4). */
static void thesis_4_5(struct vres_task *t, u64 unit)
{
	set_task(&t[0], 16 * unit, 2 * unit);
	set_task(&t[1], 24 * unit, 1 * unit);
	set_task(&t[2], 36 * unit, 4 * unit);
}

/*
 * 4 ms every 10 ms (bandwidth 0.4, the thesis's maximal T_VM 10): R3 = 36
 * = D3, and 10 ms is an isolated feasible period of 0.4. One nanosecond
 * less budget, one more of overhead or of period (at the budget, or at the
 * bandwidth, either way) and tau3 misses: every slack is 0, and no WCET
 * can grow at all (tau3's own, or any above it, which delays tau3).
 */
TEST(thesis_isolated_point)
{
	struct vres_task t[3];
	struct slack_problem p;
	struct slack_server s;
	struct slack_task st[3];
	unsigned int i;

	thesis_4_5(t, MS);
	p = problem(t, 3, 4 * MS, 10 * MS, 0);
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_TRUE(s.schedulable);
	EXPECT_EQ(4 * MS, s.min_budget);
	EXPECT_TRUE(s.have_max_overhead);
	EXPECT_EQ(0ULL, s.max_overhead);
	EXPECT_EQ(10 * MS, s.max_period);
	EXPECT_EQ(10 * MS, s.below.period);
	EXPECT_EQ(10 * MS, s.above.period);
	EXPECT_FALSE(s.below.at_range);
	EXPECT_FALSE(s.above.at_range);
	EXPECT_EQ(SLACK_PPM, s.scale_ppm);
	ASSERT_EQ(0, slack_tasks(&p, st));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(t[i].wcet_ns, st[i].max_wcet);
	EXPECT_EQ(36 * MS, st[2].response);
	/* And one step past each limit misses. */
	EXPECT_FALSE(slack_schedulable(&p, 4 * MS - 1, 10 * MS, 0));
	EXPECT_FALSE(slack_schedulable(&p, 4 * MS, 10 * MS, 1));
	EXPECT_FALSE(slack_schedulable(&p, 4 * MS, 10 * MS + 1, 0));
	EXPECT_FALSE(slack_schedulable(&p, 4 * MS - 1, 10 * MS - 1, 0));
}

/*
 * In the thesis's integer units 0.4 is feasible at {3, 5, 10} only: the
 * sides of 5 are 5 and 5, and from 4 (not schedulable) the nearest
 * feasible periods are 3 and 5.
 */
TEST(thesis_units_sides)
{
	struct vres_task t[3];
	struct slack_problem p;
	struct slack_server s;

	thesis_4_5(t, 1);
	p = problem(t, 3, 2, 5, 0);
	p.range_hi = 100;
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_TRUE(s.schedulable);
	EXPECT_EQ(5ULL, s.below.period);
	EXPECT_EQ(5ULL, s.above.period);
	/* 0.4 at T = 4 is C = 1.6: not an integer budget; use 2/5 at 10. */
	p = problem(t, 3, 4, 10, 0);
	p.range_hi = 100;
	ASSERT_EQ(0, slack_server(&p, &s));
	EXPECT_EQ(10ULL, s.below.period);
	EXPECT_EQ(10ULL, s.above.period);
}

/* ---- property test against the oracle ------------------------------- */

#define PROP_SETS	2000
#define PROP_TASKS	3
#define PROP_TMAX	40
#define PROP_RANGE	200

/* The set under test, said when a check fails. */
static char cur_set[256];

#define YES(x)		ASSERT_TRUE(x) TH_LOG("%s", cur_set)
#define NO(x)		ASSERT_FALSE(x) TH_LOG("%s", cur_set)
#define SAME(a, b)	ASSERT_EQ(a, b) TH_LOG("%s", cur_set)

struct pset {
	unsigned int n;
	struct vres_task v[PROP_TASKS];
	struct oracle_task o[PROP_TASKS];
};

static void random_pset(struct prng *r, struct pset *s)
{
	unsigned int i;

	s->n = prng_range(r, 1, PROP_TASKS);
	for (i = 0; i < s->n; i++) {
		u64 t = prng_range(r, 4, PROP_TMAX);

		set_task(&s->v[i], t, prng_range(r, 1, 1 + t / (s->n + 1)));
		s->v[i].deadline_ns = prng_range(r, s->v[i].wcet_ns, t);
	}
	/* Rate monotonic: shorter deadline first (ties in index order). */
	for (i = 1; i < s->n; i++) {
		unsigned int j = i;

		while (j && s->v[j].deadline_ns < s->v[j - 1].deadline_ns) {
			struct vres_task x = s->v[j];

			s->v[j] = s->v[j - 1];
			s->v[--j] = x;
		}
	}
	for (i = 0; i < s->n; i++)
		s->o[i] = (struct oracle_task) {
			.period = s->v[i].period_ns, .wcet = s->v[i].wcet_ns,
			.deadline = s->v[i].deadline_ns,
		};
}

static void set_str(const struct pset *s, unsigned int k,
		    const struct slack_problem *p)
{
	size_t off;
	unsigned int i;

	off = snprintf(cur_set, sizeof(cur_set), "set %u: C %llu T %llu X %llu:",
		       k, p->budget, p->period, p->overhead);
	for (i = 0; i < s->n && off < sizeof(cur_set); i++)
		off += snprintf(cur_set + off, sizeof(cur_set) - off,
				" (T%llu C%llu D%llu)", s->o[i].period,
				s->o[i].wcet, s->o[i].deadline);
}

/* The oracle's verdict on (C, T, X); false for an invalid server. */
static bool oracle_ok(const struct pset *s, u64 c, u64 t, u64 x)
{
	struct oracle_server os = { ORACLE_EXACT, t, c, x };

	if (!c || c > t || x >= c)
		return false;
	return oracle_schedulable(s->o, s->n, &os);
}

static bool oracle_bw(const struct pset *s, u64 c, u64 t, u64 x, u64 tp)
{
	return oracle_ok(s, tp * c / t, tp, x);
}

/* The sides at bandwidth C/T, every period between checked. */
static void check_sides(struct __test_metadata *_metadata,
			const struct pset *s, const struct slack_problem *p,
			const struct slack_server *ss)
{
	u64 c = p->budget, t = p->period, x = p->overhead, tp;

	if (ss->schedulable) {
		for (tp = ss->below.period; tp <= ss->above.period; tp++)
			YES(oracle_bw(s, c, t, x, tp));
		if (!ss->below.at_range)
			NO(oracle_bw(s, c, t, x,
					       ss->below.period - 1));
		if (!ss->above.at_range)
			NO(oracle_bw(s, c, t, x,
					       ss->above.period + 1));
		return;
	}
	for (tp = ss->below.found ? ss->below.period + 1 : 1; tp < t; tp++)
		NO(oracle_bw(s, c, t, x, tp));
	if (ss->below.found)
		YES(oracle_bw(s, c, t, x, ss->below.period));
	for (tp = t + 1; tp < (ss->above.found ? ss->above.period :
			       PROP_RANGE + 1); tp++)
		NO(oracle_bw(s, c, t, x, tp));
	if (ss->above.found)
		YES(oracle_bw(s, c, t, x, ss->above.period));
}

/* Each monotone limit: schedulable at it, not one step past it. */
static void check_limits(struct __test_metadata *_metadata,
			 const struct pset *s, const struct slack_problem *p,
			 const struct slack_server *ss)
{
	u64 c = p->budget, t = p->period, x = p->overhead;

	SAME(ss->schedulable, oracle_ok(s, c, t, x));
	if (ss->have_min_budget) {
		YES(oracle_ok(s, ss->min_budget, t, x));
		NO(oracle_ok(s, ss->min_budget - 1, t, x));
	} else {
		NO(oracle_ok(s, t, t, x));
	}
	if (ss->have_max_overhead) {
		YES(oracle_ok(s, c, t, ss->max_overhead));
		NO(oracle_ok(s, c, t, ss->max_overhead + 1));
	} else {
		NO(oracle_ok(s, c, t, 0));
	}
	if (ss->have_max_period) {
		YES(oracle_ok(s, c, ss->max_period, x));
		if (!ss->max_period_at_range)
			NO(oracle_ok(s, c, ss->max_period + 1, x));
	} else {
		NO(oracle_ok(s, c, c, x));
	}
}

/* The WCET scale and each task's WCET, against the oracle. */
static void check_wcets(struct __test_metadata *_metadata,
			const struct pset *s, const struct slack_problem *p,
			const struct slack_server *ss,
			const struct slack_task *st)
{
	struct oracle_server os = { ORACLE_EXACT, p->period, p->budget,
				    p->overhead };
	struct pset q = *s;
	unsigned int i;

	if (ss->have_scale) {
		SAME(0, slack_wcet_scaled(s->v, s->n, ss->scale_ppm, q.v));
		for (i = 0; i < s->n; i++)
			q.o[i].wcet = q.v[i].wcet_ns;
		YES(oracle_schedulable(q.o, q.n, &os));
		if (!ss->scale_at_deadline &&
		    !slack_wcet_scaled(s->v, s->n, ss->scale_ppm + 1, q.v)) {
			for (i = 0; i < s->n; i++)
				q.o[i].wcet = q.v[i].wcet_ns;
			NO(oracle_schedulable(q.o, q.n, &os));
		}
	}
	for (i = 0; i < s->n; i++) {
		q = *s;
		if (!st[i].have_max_wcet) {
			q.o[i].wcet = 1;
			NO(oracle_schedulable(q.o, q.n, &os));
			continue;
		}
		q.o[i].wcet = st[i].max_wcet;
		YES(oracle_schedulable(q.o, q.n, &os));
		q.o[i].wcet = st[i].max_wcet + 1;
		if (st[i].max_wcet < s->o[i].deadline)
			NO(oracle_schedulable(q.o, q.n, &os));
	}
}

TEST(property_against_oracle)
{
	unsigned int k, sched = 0;
	struct prng r;

	prng_seed(&r, test_seed());
	for (k = 0; k < PROP_SETS; k++) {
		struct slack_task st[PROP_TASKS];
		struct slack_server ss;
		struct slack_problem p;
		struct pset s;
		u64 t, c, x;

		random_pset(&r, &s);
		t = prng_range(&r, 2, 20);
		c = prng_range(&r, 1, t);
		x = prng_range(&r, 0, 3) ? 0 : prng_range(&r, 0, c - 1);
		p = problem(s.v, s.n, c, t, x);
		p.range_hi = PROP_RANGE;
		set_str(&s, k, &p);
		ASSERT_EQ(0, slack_server(&p, &ss));
		ASSERT_EQ(0, slack_tasks(&p, st));
		check_limits(_metadata, &s, &p, &ss);
		check_sides(_metadata, &s, &p, &ss);
		check_wcets(_metadata, &s, &p, &ss, st);
		sched += ss.schedulable;
	}
	TH_LOG("%u of %u sets schedulable", sched, PROP_SETS);
	/* Both kinds of verdict were exercised. */
	EXPECT_GT(sched, PROP_SETS / 10U);
	EXPECT_LT(sched, PROP_SETS - PROP_SETS / 10U);
}

TEST_HARNESS_MAIN
