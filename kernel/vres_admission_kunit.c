// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for admission control (vres_admission.c), with answers
 * worked out by hand in the comments (and, for the guest guard, the
 * numbers of the thesis' examples, Paper III sections 4.4 and 4.5). The
 * response times come from the shared engine; what is tested here is the
 * task list admission builds for it (order, C + X, jitter T - C) and the
 * window checks.
 */
#include <kunit/test.h>

#include "vres_admission.h"
#include "vres_analysis.h"

#define MS(x)	((u64)(x) * 1000000ULL)

/* Kernel defaults: RT 950 ms per 1 s, no fair server, a band of 41. */
static const struct vres_adm_limits vres_rt_default = {
	.rt_period_ns = MS(1000),
	.rt_runtime_ns = MS(950),
	.nr_prio = 41,
};

static const struct vres_adm_limits vres_unlimited = {
	.rt_period_ns = MS(1000),
	.rt_runtime_ns = VRES_ADM_INF,
	.nr_prio = 41,
};

#define SRV(n, c, t, x) { .name = (n), .budget_ns = MS(c), \
			  .period_ns = MS(t), .overhead_ns = (x) }

/* Rate Monotonic order: shorter period first, ties by name. */
static void vres_adm_sort_test(struct kunit *test)
{
	struct vres_adm_server s[] = {
		SRV("c", 10, 100, 0), SRV("b", 10, 100, 0),
		SRV("z", 1, 20, 0), SRV("a", 10, 1000, 0),
	};

	vres_adm_sort(s, ARRAY_SIZE(s));
	KUNIT_EXPECT_STREQ(test, s[0].name, "z");
	KUNIT_EXPECT_STREQ(test, s[1].name, "b");
	KUNIT_EXPECT_STREQ(test, s[2].name, "c");
	KUNIT_EXPECT_STREQ(test, s[3].name, "a");
}

static void vres_adm_single_test(struct kunit *test)
{
	struct vres_adm_server s[] = { SRV("a", 20, 100, 0) };
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 1, &vres_rt_default, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_OK);
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 0, &vres_rt_default, &v));
}

/*
 * Deferrable jitter: a (50, 100) may run 50 at the end of one period and
 * 50 at the start of the next. b (40, 100) below it:
 * R = 40 + ceil((R + 50) / 100) * 50: 40 -> 90 -> 140 > 100: refused,
 * although the utilisation is only 0.9. In fact any b below a with the
 * same period is refused: R = C_b + 50, then the second burst gives
 * C_b + 100 > 100 (b (10, 100): 10 -> 60 -> 110).
 */
static void vres_adm_jitter_test(struct kunit *test)
{
	struct vres_adm_server s[] = {
		SRV("a", 50, 100, 0), SRV("b", 40, 100, 0),
	};
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 2, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 1U);
	KUNIT_EXPECT_EQ(test, v.value, VRES_TIME_INF);
	KUNIT_EXPECT_EQ(test, v.limit, MS(100));

	s[1].budget_ns = MS(10);
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 2, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.index, 1U);
}

/*
 * Different periods: a (10, 40), b (20, 100), J_a = 30.
 * R_b = 20 + ceil((R + 30)/40) * 10: 20 -> 40 -> 40: admitted.
 * b (60, 100): 60 -> 90 -> 90 (ceil(120/40) = 3): admitted, R_b = 90.
 * b (61, 100): 61 -> 91 -> 101 (ceil(121/40) = 4) > 100: refused.
 */
static void vres_adm_rta_test(struct kunit *test)
{
	struct vres_adm_server s[] = {
		SRV("a", 10, 40, 0), SRV("b", 20, 100, 0),
	};
	struct vres_adm_verdict v;

	/* Slack: a 40 - 10 = 30, b 100 - 40 = 60: a is the critical one. */
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 2, &vres_rt_default, &v));
	KUNIT_EXPECT_EQ(test, v.index, 0U);
	KUNIT_EXPECT_EQ(test, v.value, MS(10));
	s[1].budget_ns = MS(60);
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 2, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.index, 1U);
	KUNIT_EXPECT_EQ(test, v.value, MS(90));
	KUNIT_EXPECT_EQ(test, v.limit, MS(100));
	s[1].budget_ns = MS(61);
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 2, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 1U);
}

/* Overhead X counts as C' = C + X, for the server and those below. */
static void vres_adm_overhead_test(struct kunit *test)
{
	struct vres_adm_server s[] = { SRV("a", 50, 100, MS(50)) };
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 1, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.value, MS(100));	/* R = C + X */
	s[0].overhead_ns = MS(50) + 1;
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &vres_unlimited, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_MISS);
}

/*
 * RT throttling: (95, 100) alone meets its period, but in one RT period
 * of 1 s it can demand ceil((1000 + 5)/100) * 95 = 1045 ms > 950 ms.
 * (86, 100): ceil(1014/100) * 86 = 946 <= 950, utilisation 0.86: fits.
 */
static void vres_adm_rt_window_test(struct kunit *test)
{
	struct vres_adm_server s[] = { SRV("a", 95, 100, 0) };
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &vres_rt_default, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_RT_WINDOW);
	KUNIT_EXPECT_EQ(test, v.value, MS(1045));
	KUNIT_EXPECT_EQ(test, v.limit, MS(950));
	KUNIT_EXPECT_EQ(test, vres_adm_demand(s, 1, MS(1000)), MS(1045));
	/* RT throttling off: no window check. */
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 1, &vres_unlimited, &v));
	s[0].budget_ns = MS(86);
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 1, &vres_rt_default, &v));
	s[0].budget_ns = MS(87);	/* 11 * 87 = 957 > 950 */
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &vres_rt_default, &v));
}

/*
 * D(w) counts ceil((w + J) / T) jobs: exactly at a multiple of T, one job
 * more just past it. (1000, 10000): J = 9 s; w = 41 s spans 50 s, five
 * periods, 5 s; one ns less is still five, one ns more is six, 6 s. T and
 * w above 2^32 ns: 32-bit kernels divide them with div64_u64_rem()'s own
 * algorithm, not a hardware divide.
 */
static void vres_adm_demand_ceil_test(struct kunit *test)
{
	struct vres_adm_server s[] = { SRV("a", 1000, 10000, 0) };

	KUNIT_EXPECT_EQ(test, vres_adm_demand(s, 1, MS(41000) - 1), MS(5000));
	KUNIT_EXPECT_EQ(test, vres_adm_demand(s, 1, MS(41000)), MS(5000));
	KUNIT_EXPECT_EQ(test, vres_adm_demand(s, 1, MS(41000) + 1), MS(6000));
}

/*
 * The 6.12 fair server (50 ms every 1 s, deferred): in every window of
 * L = 950 ms the servers must leave 50 ms, i.e. demand at most 900 ms.
 * (90, 100): ceil((950 + 10)/100) * 90 = 900: fits. (91, 100): 910.
 */
static void vres_adm_fair_window_test(struct kunit *test)
{
	struct vres_adm_limits lim = vres_unlimited;
	struct vres_adm_server s[] = { SRV("a", 90, 100, 0) };
	struct vres_adm_verdict v;

	lim.fair_period_ns = MS(1000);
	lim.fair_runtime_ns = MS(50);
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 1, &lim, &v));
	s[0].budget_ns = MS(91);
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &lim, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_FAIR_WINDOW);
	KUNIT_EXPECT_EQ(test, v.value, MS(910));
	KUNIT_EXPECT_EQ(test, v.limit, MS(900));
	/* A fair server that takes half or more leaves nothing. */
	lim.fair_runtime_ns = MS(500);
	s[0].budget_ns = MS(1);
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &lim, &v));
}

static void vres_adm_prio_test(struct kunit *test)
{
	struct vres_adm_limits lim = vres_unlimited;
	struct vres_adm_server s[] = {
		SRV("a", 1, 100, 0), SRV("b", 1, 100, 0), SRV("c", 1, 100, 0),
	};
	struct vres_adm_verdict v;

	lim.nr_prio = 2;
	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 3, &lim, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_PRIO);
	KUNIT_EXPECT_EQ(test, 0, vres_admit(s, 2, &lim, &v));
}

static void vres_adm_utilization_test(struct kunit *test)
{
	struct vres_adm_server s[] = {
		SRV("a", 10, 40, 0), SRV("b", 20, 100, 0), SRV("c", 1, 3, 0),
	};

	/* 250000 + 200000 + 333333 */
	KUNIT_EXPECT_EQ(test, vres_adm_utilization_ppm(s, 3), 783333ULL);
}

/*
 * Guest guard, exact supply sbf^-1(t) = t + (ceil(t/C) + 1)(T - C).
 * Thesis 4.4: tasks (8, 1), (15, 3) on (T, C) = (6, 3): R1 = 7, R2 = 14.
 * Both have slack 1 (the first is reported); with D2 = 14, tau2 has none.
 */
static void vres_guest_thesis_44_test(struct kunit *test)
{
	struct vres_guest_task t[] = {
		{ MS(15), MS(3), MS(15) }, { MS(8), MS(1), MS(8) },
	};
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 0, vres_guest_admit(MS(3), MS(6), t, 2, &v));
	KUNIT_EXPECT_EQ(test, t[0].period_ns, MS(8));	/* sorted */
	KUNIT_EXPECT_EQ(test, v.index, 0U);
	KUNIT_EXPECT_EQ(test, v.value, MS(7));
	t[1].deadline_ns = MS(14);
	KUNIT_EXPECT_EQ(test, 0, vres_guest_admit(MS(3), MS(6), t, 2, &v));
	KUNIT_EXPECT_EQ(test, v.index, 1U);
	KUNIT_EXPECT_EQ(test, v.value, MS(14));
	t[1].deadline_ns = MS(14) - 1;
	KUNIT_EXPECT_EQ(test, 1, vres_guest_admit(MS(3), MS(6), t, 2, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_GUEST_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 1U);
}

/*
 * Thesis 4.5: tasks (16, 2), (24, 1), (36, 4). C/T = 0.4: T = 10 fits
 * with tau3 critical (R3 = 36 = D3). C/T = 0.5: T = 14 fits with tau1
 * critical (R1 = 2 + 2 * 7 = 16 = D1); T = 15 (C = 7.5) does not
 * (R1 = 17).
 */
static void vres_guest_thesis_45_test(struct kunit *test)
{
	struct vres_guest_task t[] = {
		{ MS(16), MS(2), MS(16) }, { MS(24), MS(1), MS(24) },
		{ MS(36), MS(4), MS(36) },
	};
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 0, vres_guest_admit(MS(4), MS(10), t, 3, &v));
	KUNIT_EXPECT_EQ(test, v.index, 2U);	/* tau3 critical */
	KUNIT_EXPECT_EQ(test, v.value, MS(36));

	KUNIT_EXPECT_EQ(test, 0, vres_guest_admit(MS(7), MS(14), t, 3, &v));
	KUNIT_EXPECT_EQ(test, v.index, 0U);	/* tau1 critical */
	KUNIT_EXPECT_EQ(test, v.value, MS(16));
	KUNIT_EXPECT_EQ(test, 1, vres_guest_admit(7500000, MS(15), t, 3, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_GUEST_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 0U);
	/* No tasks: no guard. */
	KUNIT_EXPECT_EQ(test, 0, vres_guest_admit(MS(1), MS(1000), t, 0, &v));
}

/* Absurd values refuse instead of wrapping. */
static void vres_adm_overflow_test(struct kunit *test)
{
	struct vres_adm_server s[] = {
		{ .name = "a", .budget_ns = 1, .period_ns = 1,
		  .overhead_ns = U64_MAX },
	};
	struct vres_adm_verdict v;

	KUNIT_EXPECT_EQ(test, 1, vres_admit(s, 1, &vres_rt_default, &v));
	KUNIT_EXPECT_EQ(test, vres_adm_demand(s, 1, MS(1000)), U64_MAX);
}

/*
 * Issue 17: a hostile guest set is refused at once. Utilisation above C/T
 * (1.1 > 0.9) names the lowest-priority task without analysis; in the
 * report's set, a (1000, 1000) task above 63 ten-second tasks on a full
 * server, the tasks below the first have no response time (the first
 * takes all the supply), which the analysis sees after 64 iterations
 * instead of climbing 20 million steps each to their deadlines; a set
 * that needs 25 million steps on (9 ms, 10 ms) is refused as too costly.
 */
static void vres_guest_hostile_test(struct kunit *test)
{
	struct vres_guest_task *t;
	struct vres_adm_verdict v;
	unsigned int i;

	t = kunit_kcalloc(test, VRES_GUEST_TASKS_MAX, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t[0] = (struct vres_guest_task){ 1000, 600, 1000 };
	t[1] = (struct vres_guest_task){ 2000, 1000, 2000 };
	KUNIT_EXPECT_EQ(test, 1, vres_guest_admit(MS(9), MS(10), t, 2, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_GUEST_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 1U);

	for (i = 1; i < VRES_GUEST_TASKS_MAX; i++)
		t[i] = (struct vres_guest_task){ 10 * NSEC_PER_SEC, 1,
						 10 * NSEC_PER_SEC };
	t[0] = (struct vres_guest_task){ 1000, 1000, 1000 };
	KUNIT_EXPECT_EQ(test, 1, vres_guest_admit(10 * NSEC_PER_SEC,
						  10 * NSEC_PER_SEC, t,
						  VRES_GUEST_TASKS_MAX, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_GUEST_MISS);
	KUNIT_EXPECT_EQ(test, v.index, 1U);

	t[0] = (struct vres_guest_task){ 10000, 8999, 10000 };
	KUNIT_EXPECT_EQ(test, 1, vres_guest_admit(MS(9), MS(10), t,
						  VRES_GUEST_TASKS_MAX, &v));
	KUNIT_EXPECT_EQ(test, v.result, VRES_ADM_COST);
	KUNIT_EXPECT_EQ(test, v.limit, VRES_ANALYSIS_STEPS_MAX);
}

/*
 * A task below others that take all the supply has no response time:
 * found after VRES_RTA_SATURATION_CHECK iterations, not at a deadline
 * 2^60 ns away (found by fuzzing vresctl's task set reader: 74 s).
 */
static void vres_rta_saturated_test(struct kunit *test)
{
	const struct vres_resource srv = {
		.supply = VRES_SUPPLY_EXACT,
		.period_ns = MS(10), .budget_ns = MS(5),
	};
	const struct vres_resource full = { .supply = VRES_SUPPLY_FULL };
	struct vres_task t[2] = {
		{ .period_ns = 2, .wcet_ns = 1, .deadline_ns = 2 },
		{ .period_ns = VRES_TIME_MAX, .wcet_ns = 1,
		  .deadline_ns = VRES_TIME_MAX },
	};
	u64 resp[2], steps = 10000;

	/*
	 * Half the CPU above, half the supply: no response time (the task
	 * above misses too: its deadline is shorter than the blackout).
	 */
	KUNIT_EXPECT_EQ(test, 2, vres_rta_limited(t, 2, &srv, resp, &steps));
	KUNIT_EXPECT_EQ(test, resp[1], VRES_TIME_INF);
	KUNIT_EXPECT_GT(test, steps, 0ULL);
	/* All of a dedicated CPU above. */
	t[0].wcet_ns = 2;
	steps = 10000;
	KUNIT_EXPECT_EQ(test, 1, vres_rta_limited(t, 2, &full, resp, &steps));
	KUNIT_EXPECT_GT(test, steps, 0ULL);
	/* Just below the supply: a fixed point exists and is found. */
	t[0] = (struct vres_task){ .period_ns = MS(100), .wcet_ns = MS(40),
				   .deadline_ns = MS(100) };
	t[1] = (struct vres_task){ .period_ns = NSEC_PER_SEC, .wcet_ns = MS(1),
				   .deadline_ns = NSEC_PER_SEC };
	KUNIT_EXPECT_EQ(test, 0, vres_rta(t, 2, &srv, resp));
}

/* vres_rta_limited() answers as vres_rta() when the allowance suffices. */
static void vres_rta_limited_test(struct kunit *test)
{
	const struct vres_resource srv = {
		.supply = VRES_SUPPLY_EXACT,
		.period_ns = MS(6), .budget_ns = MS(3),
	};
	struct vres_task t[2] = {
		{ .period_ns = MS(8), .wcet_ns = MS(1), .deadline_ns = MS(8) },
		{ .period_ns = MS(20), .wcet_ns = MS(2), .deadline_ns = MS(20) },
	};
	u64 r1[2], r2[2], steps = 1000;

	KUNIT_EXPECT_EQ(test, 0, vres_rta(t, 2, &srv, r1));
	KUNIT_EXPECT_EQ(test, 0, vres_rta_limited(t, 2, &srv, r2, &steps));
	KUNIT_EXPECT_EQ(test, r1[0], r2[0]);
	KUNIT_EXPECT_EQ(test, r1[1], r2[1]);
	KUNIT_EXPECT_LT(test, steps, 1000ULL);
	steps = 1;
	KUNIT_EXPECT_EQ(test, -E2BIG, vres_rta_limited(t, 2, &srv, r2, &steps));
	KUNIT_EXPECT_EQ(test, steps, 0ULL);
}

static struct kunit_case vres_admission_cases[] = {
	KUNIT_CASE(vres_adm_sort_test),
	KUNIT_CASE(vres_adm_single_test),
	KUNIT_CASE(vres_adm_jitter_test),
	KUNIT_CASE(vres_adm_rta_test),
	KUNIT_CASE(vres_adm_overhead_test),
	KUNIT_CASE(vres_adm_rt_window_test),
	KUNIT_CASE(vres_adm_demand_ceil_test),
	KUNIT_CASE(vres_adm_fair_window_test),
	KUNIT_CASE(vres_adm_prio_test),
	KUNIT_CASE(vres_adm_utilization_test),
	KUNIT_CASE(vres_guest_thesis_44_test),
	KUNIT_CASE(vres_guest_thesis_45_test),
	KUNIT_CASE(vres_adm_overflow_test),
	KUNIT_CASE(vres_guest_hostile_test),
	KUNIT_CASE(vres_rta_limited_test),
	KUNIT_CASE(vres_rta_saturated_test),
	{}
};

static struct kunit_suite vres_admission_suite = {
	.name = "vres_admission",
	.test_cases = vres_admission_cases,
};

kunit_test_suite(vres_admission_suite);
