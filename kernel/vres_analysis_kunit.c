// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the analysis engine (vres_analysis.c), inside the kernel
 * build: the same source vresctl links, here compiled with the kernel's
 * headers through vres_port.h.
 *
 * The known answers are vres_analysis_vectors.h, the table vresctl's unit
 * tests check too: the thesis (Paper III, Sections 4.4 and 4.5, in integer
 * time units), Burns & Wellings' response-time example and the supply
 * formulas evaluated by hand. An independent oracle, a
 * unit-step simulation of each model's worst-case supply pattern, checks
 * the response times of a few hundred generated task sets.
 *
 * The searches built on the analysis (least budget, feasible periods, best
 * server) run only in vresctl and are tested there
 * (userspace/tests/analysis_test.c and the tests beside it).
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "vres_analysis.h"
#include "vres_analysis_vectors.h"

#define INF	VRES_TIME_INF
#define MAX_TASKS	4

/* ---- response times, known answers ---------------------------------- */

static void rta_case_desc(const struct vres_rta_vector *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rta, vres_rta_vectors, rta_case_desc);

/* vres_rta() gives each case's published or hand-computed response times. */
static void vres_rta_known_answers(struct kunit *test)
{
	const struct vres_rta_vector *c = test->param_value;
	u64 resp[VRES_VECTOR_TASKS];
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

static void inverse_case_desc(const struct vres_inverse_vector *c,
			      char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(inverse, vres_inverse_vectors, inverse_case_desc);

/* vres_supply_inverse() evaluates each model's formula exactly. */
static void vres_supply_inverse_formulas(struct kunit *test)
{
	const struct vres_inverse_vector *c = test->param_value;
	struct vres_resource s = { c->supply, VRES_INVERSE_PERIOD,
				   VRES_INVERSE_BUDGET, c->overhead };

	KUNIT_EXPECT_EQ(test, vres_supply_inverse(&s, c->work), c->want);
}

/* ---- overflow edges ---------------------------------------------------- */

/* Times near 2^60 saturate into "misses its deadline", never wrap. */
static void vres_rta_saturates(struct kunit *test)
{
	struct vres_resource s = { VRES_SUPPLY_EXACT, VRES_TIME_MAX, 1, 0 };
	struct vres_task t[3];
	u64 resp[3];
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
