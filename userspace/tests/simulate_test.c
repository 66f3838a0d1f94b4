// SPDX-License-Identifier: GPL-2.0
/*
 * simulate_test.c - vres-sim's generator, statistics and studies.
 *
 * Sources of the expected values:
 *  - the published reference outputs of splitmix64 (seed 0: e220a8397b1dcdaf,
 *    6e789e6aa1b965f4, ...) and, for xoshiro256**, a separate Python
 *    transcription of Blackman and Vigna's reference code;
 *  - Student's t table; a sample worked by hand;
 *  - the thesis's Section 4.5 example (maximal T_VM = 10 at C/T = 0.4 and
 *    14 at 0.5);
 *  - the brute-force oracle of tests/oracle.c, which shares no code with
 *    the engine: every integer period scanned, every response time found
 *    by simulating the worst-case supply (or, for Eq 4 as printed, by the
 *    oracle's own iteration). The studies' numbers for small
 *    configurations must equal what the oracle gives for the same sets.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "oracle.h"
#include "planner.h"
#include "ratio.h"
#include "study.h"

/* ---- the random numbers ------------------------------------------------ */

TEST(prng_reference_outputs)
{
	static const u64 state[4] = {
		0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
		0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL,
	};
	static const u64 out[3] = {
		0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL,
		0x1a5f849d4933e6e0ULL,
	};
	struct prng p;
	unsigned int i;

	prng_seed(&p, 0);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(state[i], p.s[i]);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(out[i], prng_next(&p));
}

TEST(prng_range_bounds)
{
	bool seen[7] = { false };
	struct prng p;
	unsigned int i;
	u64 v;

	prng_seed(&p, 42);
	for (i = 0; i < 2000; i++) {
		v = prng_range(&p, 10, 16);
		ASSERT_GE(v, 10ULL);
		ASSERT_LE(v, 16ULL);
		seen[v - 10] = true;
	}
	for (i = 0; i < 7; i++)
		ASSERT_TRUE(seen[i]);
	ASSERT_EQ(5ULL, prng_range(&p, 5, 5));
	for (i = 0; i < 1000; i++) {
		double u = prng_unit(&p);

		ASSERT_TRUE(u >= 0 && u < 1);
	}
}

/* ---- the generator ----------------------------------------------------- */

static const struct taskgen_params thesis_gen = {
	.n = 10, .period_min = 1000, .period_max = 10000, .wcet_min = 1000,
	.unit_ns = 1000,
};

TEST(taskgen_same_seed_same_set)
{
	struct taskgen_raw *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct vres_task ta[10], tb[10];

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, taskgen_draw(&thesis_gen, taskgen_stream(7, 1, 10, 3), a));
	ASSERT_EQ(0, taskgen_draw(&thesis_gen, taskgen_stream(7, 1, 10, 3), b));
	ASSERT_EQ(0, memcmp(a->period, b->period, sizeof(u64) * 10));
	ASSERT_EQ(0, memcmp(a->wcet, b->wcet, sizeof(u64) * 10));
	ASSERT_EQ(0, taskgen_scale(a, 0.3, 1000, ta));
	ASSERT_EQ(0, taskgen_scale(b, 0.3, 1000, tb));
	ASSERT_EQ(0, memcmp(ta, tb, sizeof(ta)));
	free(a);
	free(b);
}

TEST(taskgen_other_seed_other_set)
{
	struct taskgen_raw *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	u64 streams[4] = {
		taskgen_stream(8, 1, 10, 3),	/* other seed */
		taskgen_stream(7, 1, 10, 4),	/* other set */
		taskgen_stream(7, 2, 10, 3),	/* other study */
		taskgen_stream(7, 1, 11, 3),	/* other n */
	};
	unsigned int i;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, taskgen_draw(&thesis_gen, taskgen_stream(7, 1, 10, 3), a));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, taskgen_draw(&thesis_gen, streams[i], b));
		ASSERT_NE(0, memcmp(a->period, b->period, sizeof(u64) * 10));
	}
	free(a);
	free(b);
}

/* The thesis's distribution: ranges, rate monotonic order, utilisation u. */
TEST(taskgen_follows_the_thesis)
{
	struct taskgen_raw *raw = malloc(sizeof(*raw));
	struct vres_task t[30];
	unsigned int k, i;

	ASSERT_NE(NULL, raw);
	for (k = 0; k < 50; k++) {
		struct taskgen_params g = thesis_gen;
		double u = 0;

		g.n = 30;
		ASSERT_EQ(0, taskgen_draw(&g, taskgen_stream(1, 1, 30, k), raw));
		for (i = 0; i < 30; i++) {
			ASSERT_GE(raw->period[i], 1000ULL);
			ASSERT_LE(raw->period[i], 10000ULL);
			ASSERT_GE(raw->wcet[i], 1000ULL);
			ASSERT_LE(raw->wcet[i], raw->period[i]);
			if (i)
				ASSERT_LE(raw->period[i - 1], raw->period[i]);
		}
		ASSERT_EQ(0, taskgen_scale(raw, 0.2, 1000, t));
		for (i = 0; i < 30; i++) {
			ASSERT_EQ(raw->period[i] * 1000, t[i].period_ns);
			ASSERT_EQ(t[i].period_ns, t[i].deadline_ns);
			u += (double)t[i].wcet_ns / (double)t[i].period_ns;
		}
		/* rounding to 1 ns: at most 30 * 0.5 ns / 1 ms */
		ASSERT_LT(fabs(u - 0.2), 30 * 0.5 / 1e6);
	}
	free(raw);
}

/* ---- statistics -------------------------------------------------------- */

TEST(stats_by_hand)
{
	const double x[4] = { 1, 2, 3, 4 };
	struct stats s;

	/* mean 2.5, sd sqrt(5/3), half width t(3) sd / 2 */
	stats_of(x, 4, &s);
	ASSERT_EQ(4UL, s.n);
	ASSERT_LT(fabs(s.mean - 2.5), 1e-12);
	ASSERT_LT(fabs(s.sd - sqrt(5.0 / 3)), 1e-12);
	ASSERT_LT(fabs(s.ci_half - 3.182446 * sqrt(5.0 / 3) / 2), 1e-6);
	ASSERT_LT(fabs(s.min - 1), 1e-12);
	ASSERT_LT(fabs(s.max - 4), 1e-12);
	stats_of(x, 1, &s);
	ASSERT_LT(fabs(s.sd), 1e-12);
	ASSERT_LT(fabs(s.ci_half), 1e-12);
}

TEST(stats_t_quantiles)
{
	/* Student's t, 0.975: df = 9 (the thesis's 10 sets), 99 (100 sets) */
	ASSERT_LT(fabs(stats_t975(9) - 2.262157), 1e-6);
	ASSERT_LT(fabs(stats_t975(31) - 2.039513), 1e-5);
	ASSERT_LT(fabs(stats_t975(99) - 1.984217), 1e-5);
	ASSERT_LT(fabs(stats_t975(1000) - 1.962339), 1e-5);
}

/* ---- the longest period ------------------------------------------------ */

static void set_task(struct vres_task *t, u64 period, u64 wcet)
{
	memset(t, 0, sizeof(*t));
	t->period_ns = period;
	t->deadline_ns = period;
	t->wcet_ns = wcet;
}

/* Thesis 4.5: (16, 2), (24, 1), (36, 4): T_VM = 10 at 0.4, 14 at 0.5. */
TEST(max_period_thesis_4_5)
{
	struct vres_bandwidth b4 = { 2, 5 }, b5 = { 1, 2 };
	struct vres_search *ws = search_alloc(3);
	struct vres_task t[3];
	u64 tmax;

	ASSERT_NE(NULL, ws);
	set_task(&t[0], 16, 2);
	set_task(&t[1], 24, 1);
	set_task(&t[2], 36, 4);
	ASSERT_EQ(0, study_max_period(t, 3, VRES_SUPPLY_EXACT, &b4, ws, &tmax));
	ASSERT_EQ(10ULL, tmax);
	ASSERT_EQ(0, study_max_period(t, 3, VRES_SUPPLY_EXACT, &b5, ws, &tmax));
	ASSERT_EQ(14ULL, tmax);
	search_free(ws);
}

/* The oracle's answers for one set: is period t feasible at num/den? */
static bool oracle_feasible(const struct vres_task *t, unsigned int n,
			    enum study_model m, u64 num, u64 den, u64 period)
{
	struct oracle_task o[8];
	struct oracle_server srv = { ORACLE_EXACT, period, period * num / den, 0 };
	unsigned int i;

	if (!srv.budget)
		return false;
	for (i = 0; i < n; i++)
		o[i] = (struct oracle_task){ t[i].period_ns, t[i].wcet_ns,
					     t[i].deadline_ns, 0, 0 };
	if (m == STUDY_EXACT)
		return oracle_schedulable(o, n, &srv);
	for (i = 0; i < n; i++)
		if (oracle_paper_response(o, i, period, srv.budget) == ORACLE_MISS)
			return false;
	return true;
}

/* Longest feasible period by scanning every one up to 4 D_max. */
static u64 oracle_max_period(const struct vres_task *t, unsigned int n,
			     enum study_model m, u64 num, u64 den)
{
	u64 p, best = 0, dmax = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (t[i].deadline_ns > dmax)
			dmax = t[i].deadline_ns;
	/* 4 D_max is past every bound below C/T = 7/8 */
	for (p = 1; p <= 4 * dmax; p++)
		if (oracle_feasible(t, n, m, num, den, p))
			best = p;
	return best;
}

/* Small sets in integer units, so that the oracle can scan them. */
static const struct taskgen_params small_gen = {
	.n = 3, .period_min = 10, .period_max = 40, .wcet_min = 1,
	.unit_ns = 1,
};

static void small_set(unsigned int study, unsigned int n, unsigned int k,
		      double u, struct vres_task *t)
{
	struct taskgen_raw *raw = malloc(sizeof(*raw));
	struct taskgen_params g = small_gen;

	g.n = n;
	if (!raw || taskgen_draw(&g, taskgen_stream(5, study, n, k), raw) ||
	    taskgen_scale(raw, u, 1, t))
		abort();
	free(raw);
}

/*
 * The max-period study on small sets against the oracle: every set's
 * longest period under both models, the means, and the disagreement
 * table.
 */
TEST(max_period_matches_oracle)
{
	struct max_period_cfg c = {
		.seed = 5, .sets = 6, .gen = small_gen,
		.n_ns = 2, .ns = { 2, 3 }, .n_us = 2, .us = { 0.2, 0.4 },
		.n_bws = 4, .bws = { { 3, 10 }, { 1, 2 }, { 7, 10 }, { 5, 6 } },
		.model = { true, true },
	};
	unsigned int in, iu, ib, k, m, checked = 0, differ_total = 0;
	struct vres_task t[3];
	struct max_period_study s;

	ASSERT_EQ(0, max_period_run(&c, &s));
	for (in = 0; in < c.n_ns; in++)
	for (iu = 0; iu < c.n_us; iu++)
	for (ib = 0; ib < c.n_bws; ib++) {
		u64 want[STUDY_SUPPLIES][6];
		unsigned int differ = 0;

		for (m = 0; m < STUDY_SUPPLIES; m++) {
			struct max_period_point *p =
				max_period_at(&s, in, iu, ib, m);
			double sum = 0, bound = study_upper_bound(
				(double)c.bws[ib].num / c.bws[ib].den);
			unsigned int sched = 0;

			for (k = 0; k < c.sets; k++) {
				small_set(1, c.ns[in], k, c.us[iu], t);
				want[m][k] = oracle_max_period(t, c.ns[in], m,
							       c.bws[ib].num,
							       c.bws[ib].den);
				ASSERT_EQ(want[m][k], p->tmax_ns[k]);
				ASSERT_EQ(t[0].period_ns, p->t1_ns[k]);
				sum += (double)want[m][k] / t[0].period_ns;
				sched += want[m][k] != 0;
				/* Figure 4.3's bound holds for every set */
				ASSERT_LT(p->ratio[k], bound);
				checked++;
			}
			ASSERT_EQ(sched, p->schedulable);
			ASSERT_LT(fabs(sum / c.sets - p->st.mean), 1e-12);
		}
		for (k = 0; k < c.sets; k++) {
			/* Eq 4 as printed is never less pessimistic */
			ASSERT_LE(want[STUDY_PAPER][k], want[STUDY_EXACT][k]);
			differ += want[STUDY_PAPER][k] != want[STUDY_EXACT][k];
		}
		ASSERT_EQ(differ, max_period_diff_at(&s, in, iu, ib)->differ);
		differ_total += differ;
	}
	ASSERT_EQ(2U * 2 * 4 * 2 * 6, checked);
	/* integer units: the knife edge of Eq 4 is hit somewhere */
	ASSERT_GT(differ_total, 0U);
	max_period_free(&s);
}

/* ---- max R/T and the overhead study ------------------------------------ */

/* min(max_i R_i/D_i, cap) by the oracle, cap an integer; *sched if all met. */
static double oracle_ratio(const struct vres_task *t, unsigned int n,
			   enum study_model m, u64 period, u64 budget, u64 x,
			   u64 cap, bool *sched)
{
	struct oracle_task o[8];
	struct oracle_server srv = { ORACLE_EXACT, period, budget, x };
	double worst = 0;
	unsigned int i;
	u64 r;

	*sched = false;
	if (budget <= x)
		return (double)cap;
	*sched = true;
	for (i = 0; i < n; i++)
		o[i] = (struct oracle_task){ t[i].period_ns, t[i].wcet_ns,
					     cap * t[i].deadline_ns, 0, 0 };
	for (i = 0; i < n; i++) {
		r = m == STUDY_PAPER && !x ?
		    oracle_paper_response(o, i, period, budget) :
		    oracle_response(o, i, &srv);
		if (r == ORACLE_MISS || r > t[i].deadline_ns)
			*sched = false;
		worst = fmax(worst, r == ORACLE_MISS ? (double)cap :
				    (double)r / t[i].deadline_ns);
	}
	return fmin(worst, (double)cap);
}

TEST(worst_ratio_matches_oracle)
{
	struct vres_task t[4], scratch[4];
	unsigned int k, n = 4, above = 0;
	u64 resp[4], period, x;
	bool sched;
	double r;
	int ret;

	for (k = 0; k < 40; k++) {
		small_set(9, n, k, 0.3, t);
		for (x = 0; x <= 2; x++)
		for (period = 1; period <= 40; period++) {
			struct vres_resource srv = {
				VRES_SUPPLY_EXACT, period, period * 11 / 20, x,
			};

			ret = rta_worst_ratio(t, n, &srv, 3, scratch, resp, &r);
			ASSERT_GE(ret, 0);
			ASSERT_EQ(oracle_ratio(t, n, STUDY_EXACT, period,
					       srv.budget_ns, x, 3, &sched), r);
			ASSERT_EQ(sched, ret == 0);
			above += r > 1 && r < 3;
		}
	}
	/* the lifted analysis was exercised, not just the cap */
	ASSERT_GT(above, 100U);
}

/*
 * The overhead study on small sets against the oracle: each curve's mean,
 * schedulable and capped counts, the sets schedulable somewhere, and the
 * paper/exact disagreement (which exists only at X = 0).
 */
TEST(overhead_study_matches_oracle)
{
	struct overhead_study_cfg c = {
		.seed = 5, .sets = 4, .gen = small_gen,
		.n_grid = 2, .grid_u = { 0.2, 0.3 },
		.grid_bw = { { 3, 10 }, { 1, 2 } },
		.n_xs = 3, .xs = { 0, 1, 2 }, .tvm_max = 30, .cap = 3,
		.model = { true, true },
	};
	unsigned int ig, ix, k, m;
	struct vres_task t[3];
	const struct overhead_study_diff *d;
	struct overhead_study s;
	u64 p;

	ASSERT_EQ(0, overhead_study_run(&c, &s));
	for (ig = 0; ig < c.n_grid; ig++)
	for (ix = 0; ix < c.n_xs; ix++) {
		double sum[STUDY_SUPPLIES][30] = { { 0 } };
		unsigned int sched[STUDY_SUPPLIES][30] = { { 0 } };
		unsigned int capped[STUDY_SUPPLIES][30] = { { 0 } };
		unsigned int ok[STUDY_SUPPLIES] = { 0 }, sets_differ = 0;
		unsigned long points_differ = 0;

		for (k = 0; k < c.sets; k++) {
			bool any[STUDY_SUPPLIES] = { false }, sd = false;

			small_set(2, 3, k, c.grid_u[ig], t);
			for (p = 1; p <= c.tvm_max; p++) {
				u64 budget = p * c.grid_bw[ig].num /
					     c.grid_bw[ig].den;
				double r[STUDY_SUPPLIES];
				bool sc[STUDY_SUPPLIES];

				for (m = 0; m < STUDY_SUPPLIES; m++) {
					r[m] = oracle_ratio(t, 3, m, p, budget,
							    c.xs[ix], 3, &sc[m]);
					sum[m][p - 1] += r[m];
					sched[m][p - 1] += sc[m];
					capped[m][p - 1] += r[m] >= 3;
					any[m] |= sc[m];
				}
				points_differ += r[0] != r[1];
				sd |= sc[0] != sc[1];
			}
			for (m = 0; m < STUDY_SUPPLIES; m++)
				ok[m] += any[m];
			sets_differ += sd;
		}
		for (m = 0; m < STUDY_SUPPLIES; m++) {
			struct overhead_study_curve *cv =
				overhead_study_at(&s, ig, ix, m);

			for (p = 0; p < c.tvm_max; p++) {
				ASSERT_LT(fabs(sum[m][p] / c.sets - cv->mean[p]),
					  1e-12);
				ASSERT_EQ(sched[m][p], cv->sched[p]);
				ASSERT_EQ(capped[m][p], cv->capped[p]);
			}
			ASSERT_EQ(ok[m], cv->sets_ok);
		}
		d = overhead_study_diff_at(&s, ig, ix);
		ASSERT_EQ(points_differ, d->points_differ);
		ASSERT_EQ(sets_differ, d->sets_differ);
		/* Eq 6 is the exact inverse: paper = exact whenever X > 0 */
		if (c.xs[ix])
			ASSERT_EQ(0UL, points_differ);
	}
	overhead_study_free(&s);
}

/*
 * The prediction model on the thesis-sized study: the averaged lower bound
 * is below the averaged curve wherever no set is capped, and the left
 * bound is X / (C/T - u).
 */
TEST(overhead_study_prediction_lines)
{
	struct overhead_study_cfg c = {
		.seed = 1, .sets = 10,
		.gen = { .n = 10, .period_min = 100, .period_max = 1000,
			 .wcet_min = 100, .unit_ns = 1000 },
		.n_grid = 1, .grid_u = { 0.3 }, .grid_bw = { { 54, 100 } },
		.n_xs = 2, .xs = { 1, 16 }, .tvm_max = 500, .cap = 3,
		.model = { false, true },
	};
	unsigned int ix, compared = 0;
	struct overhead_study s;
	u64 t;

	ASSERT_EQ(0, overhead_study_run(&c, &s));
	for (ix = 0; ix < c.n_xs; ix++) {
		struct overhead_study_curve *cv =
			overhead_study_at(&s, 0, ix, STUDY_EXACT);

		ASSERT_LT(fabs(cv->left_bound - c.xs[ix] / (0.54 - 0.3)), 1e-9);
		for (t = 1; t <= c.tvm_max; t++) {
			if (cv->capped[t - 1])
				continue;
			ASSERT_LE(cv->lower_slope * t + cv->lower_offset,
				  cv->mean[t - 1] + 1e-9);
			compared++;
		}
		/* the thesis's 4.8.3.3: C/T = 0.54 works for some T_VM */
		ASSERT_GT(cv->sets_ok, 0U);
	}
	ASSERT_GT(compared, 500U);
	overhead_study_free(&s);
}

TEST_HARNESS_MAIN
