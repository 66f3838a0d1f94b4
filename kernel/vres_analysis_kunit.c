// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the analysis engine (vres_analysis.c), inside the kernel
 * build: the same source vresctl links, here compiled with the kernel's
 * headers through vres_port.h.
 *
 * Known answers come from the thesis (Paper III, Sections 4.4 and 4.5, in
 * integer time units), from Burns & Wellings' response-time example and
 * from the supply formulas evaluated by hand. An independent oracle, a
 * unit-step simulation of each model's worst-case supply pattern, checks
 * the response times of a few hundred generated task sets.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "vres_analysis.h"

#define INF	VRES_TIME_INF
#define MAX_TASKS	4

/* ---- response times, known answers ---------------------------------- */

struct rta_case {
	const char *name;
	struct vres_resource srv;
	unsigned int n;
	struct vres_task tasks[MAX_TASKS];
	u64 want[MAX_TASKS];
};

/* Tasks below are { T, C, D, J, group }. */

static const struct rta_case rta_cases[] = {
	{
		/* Thesis 4.4: R1 = f^-1(1, 6, 3) = 7, R2 = 14. */
		.name = "thesis 4.4, exact supply",
		.srv = { VRES_SUPPLY_EXACT, 6, 3, 0 },
		.n = 2, .tasks = { { 8, 1, 8, 0, 0 }, { 15, 3, 15, 0, 0 } },
		.want = { 7, 14 },
	}, {
		/* Eq 4 as printed agrees here: C = 3 divides no demand. */
		.name = "thesis 4.4, Eq 4 as printed",
		.srv = { VRES_SUPPLY_PAPER, 6, 3, 0 },
		.n = 2, .tasks = { { 8, 1, 8, 0, 0 }, { 15, 3, 15, 0, 0 } },
		.want = { 7, 14 },
	}, {
		/* Thesis 4.5 at its answer T = 10, C = 0.4 T: tau3 just fits. */
		.name = "thesis 4.5, T=10 C=4, exact",
		.srv = { VRES_SUPPLY_EXACT, 10, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 }, { 36, 4, 36, 0, 0 } },
		.want = { 14, 15, 36 },
	}, {
		/* Eq 4: inverse(12) = 12 + 12 + 3 * 6 = 42 > 36. */
		.name = "thesis 4.5, T=10 C=4, Eq 4 misses tau3",
		.srv = { VRES_SUPPLY_PAPER, 10, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 }, { 36, 4, 36, 0, 0 } },
		.want = { 14, 15, INF },
	}, {
		/*
		 * One unit longer: tau1 2 + 2 * 7 = 16 still fits; tau2's
		 * demand 1 + 2 * 2 = 5 then needs 5 + 3 * 7 = 26 > 24.
		 */
		.name = "thesis 4.5, T=11 C=4, exact",
		.srv = { VRES_SUPPLY_EXACT, 11, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 }, { 36, 4, 36, 0, 0 } },
		.want = { 16, INF, INF },
	}, {
		.name = "Burns & Wellings, dedicated CPU",
		.srv = { VRES_SUPPLY_FULL, 0, 0, 0 },
		.n = 3, .tasks = { { 7, 3, 7, 0, 0 }, { 12, 3, 12, 0, 0 }, { 20, 5, 20, 0, 0 } },
		.want = { 3, 6, 20 },
	}, {
		/* Admission: servers as tasks, J = T - C (deferrable). */
		.name = "deferrable servers as tasks, J = T - C",
		.srv = { VRES_SUPPLY_FULL, 0, 0, 0 },
		.n = 2, .tasks = { { 10, 3, 10, 7, 0 }, { 20, 5, 20, 15, 0 } },
		.want = { 3, 11 },
	}, {
		/* Eq 6: (T-C) + w + ceil(w/(C-X))(T-C+X) = 5 + 2 + 1 * 6. */
		.name = "Eq 6 overhead, T=10 C=5 X=1",
		.srv = { VRES_SUPPLY_EXACT, 10, 5, 1 },
		.n = 1, .tasks = { { 16, 2, 16, 0, 0 } },
		.want = { 13 },
	}, {
		/* slot: w + ceil(w/C)(T - C) = 2 + 6. */
		.name = "fixed-offset slot, T=10 C=4",
		.srv = { VRES_SUPPLY_SLOT, 10, 4, 0 },
		.n = 1, .tasks = { { 16, 2, 16, 0, 0 } },
		.want = { 8 },
	},
};

static void rta_case_desc(const struct rta_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rta, rta_cases, rta_case_desc);

/* vres_rta() gives each case's published or hand-computed response times. */
static void vres_rta_known_answers(struct kunit *test)
{
	const struct rta_case *c = test->param_value;
	u64 resp[MAX_TASKS];
	int misses = 0;
	unsigned int i;

	for (i = 0; i < c->n; i++)
		misses += c->want[i] == INF;
	KUNIT_ASSERT_EQ(test, vres_rta(c->tasks, c->n, &c->srv, resp), misses);
	for (i = 0; i < c->n; i++)
		KUNIT_EXPECT_EQ_MSG(test, resp[i], c->want[i], "task %u", i);
	/* Without a response array it stops at the first miss. */
	KUNIT_EXPECT_EQ(test, vres_rta(c->tasks, c->n, &c->srv, NULL),
			misses ? 1 : 0);
}

/* ---- supply inverses ------------------------------------------------- */

struct inverse_case {
	const char *name;
	enum vres_supply supply;
	u64 overhead;
	u64 work;
	u64 want;
};

/* T = 10, C = 4 throughout. */
static const struct inverse_case inverse_cases[] = {
	{ "exact w=4: w + 2(T-C)", VRES_SUPPLY_EXACT, 0, 4, 16 },
	{ "exact w=5: w + 3(T-C)", VRES_SUPPLY_EXACT, 0, 5, 23 },
	{ "Eq 4 w=4: C | w costs T-C more", VRES_SUPPLY_PAPER, 0, 4, 22 },
	{ "Eq 4 w=5: same as exact", VRES_SUPPLY_PAPER, 0, 5, 23 },
	{ "Eq 6 X=1 w=3: 6 + 3 + 7", VRES_SUPPLY_EXACT, 1, 3, 16 },
	{ "Eq 6 X=1 w=4: 6 + 4 + 14", VRES_SUPPLY_EXACT, 1, 4, 24 },
	{ "slot w=4: w + (T-C)", VRES_SUPPLY_SLOT, 0, 4, 10 },
	{ "slot X=2 w=2: w + (T-C+X)", VRES_SUPPLY_SLOT, 2, 2, 10 },
	{ "full w=5: w", VRES_SUPPLY_FULL, 0, 5, 5 },
};

static void inverse_case_desc(const struct inverse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(inverse, inverse_cases, inverse_case_desc);

/* vres_supply_inverse() evaluates each model's formula exactly. */
static void vres_supply_inverse_formulas(struct kunit *test)
{
	const struct inverse_case *c = test->param_value;
	struct vres_resource s = { c->supply, 10, 4, c->overhead };

	KUNIT_EXPECT_EQ(test, vres_supply_inverse(&s, c->work), c->want);
}

/* ---- minimum budget and feasible periods ------------------------------ */

static void thesis_4_5(struct vres_task *t, u64 unit)
{
	static const u64 tc[3][2] = { { 16, 2 }, { 24, 1 }, { 36, 4 } };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		t[i].period_ns = tc[i][0] * unit;
		t[i].wcet_ns = tc[i][1] * unit;
		t[i].deadline_ns = t[i].period_ns;
		t[i].jitter_ns = 0;
		t[i].group = 0;
	}
}

/* The minimum budget is exact to the nanosecond: 4 ms at T = 10 ms. */
static void vres_min_budget_thesis(struct kunit *test)
{
	const u64 ms = 1000000;
	struct vres_resource s = { VRES_SUPPLY_EXACT, 10 * ms, 4 * ms - 1, 0 };
	struct vres_task t[3];
	u64 c = 0;

	thesis_4_5(t, ms);
	KUNIT_ASSERT_EQ(test, vres_min_budget(t, 3, VRES_SUPPLY_EXACT, 10 * ms,
					      0, &c), 0);
	KUNIT_EXPECT_EQ(test, c, 4 * ms);
	KUNIT_EXPECT_EQ(test, vres_rta(t, 3, &s, NULL), 1);
	/* With X = 15 ms even C = T leaves tau1 2 + 15 > 16: no budget. */
	KUNIT_EXPECT_EQ(test, vres_min_budget(t, 3, VRES_SUPPLY_EXACT,
					      100 * ms, 15 * ms, &c), -ERANGE);
}

struct intervals {
	unsigned int n;
	u64 lo[8];
	u64 hi[8];
};

static int collect(void *ctx, u64 lo, u64 hi)
{
	struct intervals *iv = ctx;

	if (iv->n == ARRAY_SIZE(iv->lo))
		return -ENOSPC;
	iv->lo[iv->n] = lo;
	iv->hi[iv->n] = hi;
	iv->n++;
	return 0;
}

static struct vres_search *alloc_search(struct kunit *test, unsigned int n)
{
	struct vres_search *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws);
	ws->order = kunit_kcalloc(test, n, sizeof(*ws->order), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws->order);
	ws->start = kunit_kcalloc(test, VRES_SEARCH_STARTS(n),
				  sizeof(*ws->start), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ws->start);
	ws->n_order = n;
	return ws;
}

/*
 * Thesis 4.5: maximal T_VM 10 at C/T = 0.4 and 14 at 0.5. In integer units
 * the feasible set at 0.4 is {3, 5, 10}: not an interval, so never bisect.
 */
static void vres_feasible_periods_thesis(struct kunit *test)
{
	struct vres_bandwidth bw40 = { 2, 5 }, bw50 = { 1, 2 };
	struct vres_search *ws = alloc_search(test, 3);
	struct intervals iv = { 0 };
	struct vres_task t[3];

	thesis_4_5(t, 1);
	KUNIT_ASSERT_EQ(test, vres_feasible_periods(t, 3, VRES_SUPPLY_EXACT, 0,
						    &bw40, 1, 100, ws, collect,
						    &iv), 0);
	KUNIT_ASSERT_EQ(test, iv.n, 3U);
	KUNIT_EXPECT_EQ(test, iv.lo[0], 3ULL);
	KUNIT_EXPECT_EQ(test, iv.hi[0], 3ULL);
	KUNIT_EXPECT_EQ(test, iv.lo[1], 5ULL);
	KUNIT_EXPECT_EQ(test, iv.hi[1], 5ULL);
	KUNIT_EXPECT_EQ(test, iv.lo[2], 10ULL);
	KUNIT_EXPECT_EQ(test, iv.hi[2], 10ULL);

	iv.n = 0;
	KUNIT_ASSERT_EQ(test, vres_feasible_periods(t, 3, VRES_SUPPLY_EXACT, 0,
						    &bw50, 1, 100, ws, collect,
						    &iv), 0);
	KUNIT_ASSERT_EQ(test, iv.n, 1U);
	KUNIT_EXPECT_EQ(test, iv.lo[0], 2ULL);	/* C(1) = 0 */
	KUNIT_EXPECT_EQ(test, iv.hi[0], 14ULL);
}

/* ---- overflow edges ---------------------------------------------------- */

/* Times near 2^60 saturate into "misses its deadline", never wrap. */
static void vres_rta_saturates(struct kunit *test)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, VRES_TIME_MAX, 1, 0 };
	struct vres_task t[3];
	u64 resp[3], c;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		t[i].period_ns = VRES_TIME_MAX;
		t[i].wcet_ns = VRES_TIME_MAX / 2;
		t[i].deadline_ns = VRES_TIME_MAX;
		t[i].jitter_ns = VRES_TIME_MAX;
		t[i].group = 0;
	}
	KUNIT_EXPECT_EQ(test, vres_supply_inverse(&s, VRES_TIME_MAX / 2), INF);
	KUNIT_EXPECT_EQ(test, vres_rta(t, 3, &s, resp), 3);
	s.supply = VRES_SUPPLY_FULL;
	/* tau2 sees ceil((R + J)/T) = 2 jobs of tau1: 2^59 + 2^60 > D. */
	KUNIT_EXPECT_EQ(test, vres_rta(t, 3, &s, resp), 2);
	KUNIT_EXPECT_EQ(test, resp[0], VRES_TIME_MAX / 2);
	KUNIT_EXPECT_EQ(test, resp[1], INF);
	KUNIT_EXPECT_EQ(test, vres_min_budget(t, 1, VRES_SUPPLY_EXACT,
					      VRES_TIME_MAX, 0, &c), 0);
	KUNIT_EXPECT_EQ(test, c, VRES_TIME_MAX / 4 * 3);
}

/* floor(a * b / d) through 128 bits, refusing quotients above 2^64 - 1. */
static void vres_mul_div_edges(struct kunit *test)
{
	u64 q = 0;

	KUNIT_EXPECT_TRUE(test, vres_mul_div(U64_MAX, U64_MAX, U64_MAX, &q));
	KUNIT_EXPECT_EQ(test, q, U64_MAX);
	KUNIT_EXPECT_TRUE(test, vres_mul_div(U64_MAX, 3, 4, &q));
	KUNIT_EXPECT_EQ(test, q, U64_MAX / 4 * 3 + 2);	/* 3(2^64-1)/4 */
	KUNIT_EXPECT_TRUE(test, vres_mul_div(1ULL << 63, 3, 1ULL << 62, &q));
	KUNIT_EXPECT_EQ(test, q, 6ULL);
	KUNIT_EXPECT_FALSE(test, vres_mul_div(1ULL << 63, 4, 2, &q));
	KUNIT_EXPECT_FALSE(test, vres_mul_div(1, 1, 0, &q));
	KUNIT_EXPECT_TRUE(test, vres_mul_div(0, U64_MAX, 1, &q));
	KUNIT_EXPECT_EQ(test, q, 0ULL);
}

/* Invalid input is refused rather than analysed. */
static void vres_rejects_invalid(struct kunit *test)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, 10, 4, 0 };
	struct vres_task t[2] = { { 10, 1, 10, 0, 0 }, { 20, 1, 20, 0, 0 } };
	u64 c;

	KUNIT_EXPECT_EQ(test, vres_check_tasks(t, 2), 0);
	t[1].deadline_ns = 21;
	KUNIT_EXPECT_EQ(test, vres_rta(t, 2, &s, NULL), -EINVAL);
	t[1].deadline_ns = 20;
	t[0].group = 1;
	KUNIT_EXPECT_EQ(test, vres_check_tasks(t, 2), -EINVAL);
	t[0].group = 0;
	s.overhead_ns = 4;
	KUNIT_EXPECT_EQ(test, vres_check_server(&s), -EINVAL);
	s.overhead_ns = 1;
	s.supply = VRES_SUPPLY_PAPER;
	KUNIT_EXPECT_EQ(test, vres_check_server(&s), -EINVAL);
	s.supply = VRES_SUPPLY_EXACT;
	s.budget_ns = 11;
	KUNIT_EXPECT_EQ(test, vres_check_server(&s), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_min_budget(t, 2, VRES_SUPPLY_FULL, 10, 0,
					      &c), -EINVAL);
}

/* ---- independent oracle ------------------------------------------------ */

/*
 * Worst-case supply patterns from the critical instant t = 0 (the thesis's
 * Figures 4.1 and 4.10; see also userspace/tests/oracle.c):
 * exact: period k >= 1 is [kT - C, (k+1)T - C) with its budget at the end,
 * the first X units of it overhead; slot: slot k >= 1 is [kT - C, kT).
 */
static bool sim_supplies(const struct vres_resource *s, u64 u)
{
	u64 t = s->period_ns, c = s->budget_ns, x = s->overhead_ns, k;

	switch (s->supply) {
	case VRES_SUPPLY_EXACT:
		k = div64_u64(u + c, t);
		return k && u >= (k + 1) * t - 2 * c + x && u < (k + 1) * t - c;
	case VRES_SUPPLY_SLOT:
		k = div64_u64(u + t, t);
		return u >= k * t - c + x && u < k * t;
	default:
		return true;
	}
}

/* Completion of tasks[i]'s first job, unit by unit, or INF past D_i. */
static u64 sim_response(const struct vres_task *tasks, unsigned int i,
			const struct vres_resource *s)
{
	u64 left[MAX_TASKS] = { 0 }, u;
	unsigned int j;

	for (u = 0; u < tasks[i].deadline_ns; u++) {
		for (j = 0; j <= i; j++) {
			/* Releases at 0 and at every multiple of T (J = 0). */
			if (j == i ? u == 0 :
			    !(u - div64_u64(u, tasks[j].period_ns) *
			      tasks[j].period_ns))
				left[j] += tasks[j].wcet_ns;
		}
		if (!sim_supplies(s, u))
			continue;
		for (j = 0; j <= i; j++) {
			if (left[j]) {
				left[j]--;
				break;
			}
		}
		if (!left[i])
			return u + 1;
	}
	return INF;
}

static u32 next_rand(u64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/*
 * vres_rta() equals the simulation of the worst case on 400 generated task
 * sets (fixed seed) across the exact, slot and dedicated models.
 */
static void vres_rta_matches_simulation(struct kunit *test)
{
	static const enum vres_supply models[] = {
		VRES_SUPPLY_EXACT, VRES_SUPPLY_SLOT, VRES_SUPPLY_FULL,
	};
	unsigned int iter, i, n, met = 0, total = 0;
	u64 seed = 20240601, resp[MAX_TASKS];

	for (iter = 0; iter < 400; iter++) {
		struct vres_task t[MAX_TASKS];
		struct vres_resource s;
		u32 period, budget;

		/* 32-bit arithmetic only: no 64-bit division on any arch. */
		n = 1 + next_rand(&seed) % MAX_TASKS;
		for (i = 0; i < n; i++) {
			u32 period = 3 + next_rand(&seed) % 30;
			u32 wcet = 1 + next_rand(&seed) % (period / 3);

			t[i].period_ns = period;
			t[i].wcet_ns = wcet;
			t[i].deadline_ns = wcet + next_rand(&seed) %
						  (period - wcet + 1);
			t[i].jitter_ns = 0;
			t[i].group = 0;
		}
		s.supply = models[iter % ARRAY_SIZE(models)];
		period = 1 + next_rand(&seed) % 12;
		budget = 1 + next_rand(&seed) % period;
		s.period_ns = period;
		s.budget_ns = budget;
		s.overhead_ns = s.supply == VRES_SUPPLY_FULL ? 0 :
				next_rand(&seed) % budget;

		KUNIT_ASSERT_GE(test, vres_rta(t, n, &s, resp), 0);
		for (i = 0; i < n; i++) {
			u64 want = sim_response(t, i, &s);

			KUNIT_EXPECT_EQ_MSG(test, resp[i], want,
					    "set %u task %u model %d", iter, i,
					    s.supply);
			met += want != INF;
			total++;
		}
	}
	/* Both outcomes must occur for the comparison to mean anything. */
	KUNIT_EXPECT_GT(test, met, total / 5);
	KUNIT_EXPECT_LT(test, met, total - total / 5);
}

static struct kunit_case vres_analysis_cases[] = {
	KUNIT_CASE_PARAM(vres_rta_known_answers, rta_gen_params),
	KUNIT_CASE_PARAM(vres_supply_inverse_formulas, inverse_gen_params),
	KUNIT_CASE(vres_min_budget_thesis),
	KUNIT_CASE(vres_feasible_periods_thesis),
	KUNIT_CASE(vres_rta_saturates),
	KUNIT_CASE(vres_mul_div_edges),
	KUNIT_CASE(vres_rejects_invalid),
	KUNIT_CASE(vres_rta_matches_simulation),
	{}
};

static struct kunit_suite vres_analysis_suite = {
	.name = "vres_analysis",
	.test_cases = vres_analysis_cases,
};

kunit_test_suites(&vres_analysis_suite);

MODULE_LICENSE("GPL");
