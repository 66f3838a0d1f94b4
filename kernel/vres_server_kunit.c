// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the budget state machine (vres_server.c): charging,
 * depletion, overrun, replenishment on the t0 + k*T grid (timer overruns
 * of several periods included), parameter changes taking effect at the
 * boundary, zero-length runs and shortfalls. Time is given explicitly, so
 * every case is deterministic.
 */
#include <kunit/test.h>

#include "vres_server.h"

#define MS(x)	((u64)(x) * 1000000ULL)
#define T0	MS(1000)	/* an arbitrary first boundary */

static void start(struct vres_server_state *s, u64 c, u64 t, bool on_cpu)
{
	vres_server_init(s, c, t);
	vres_server_start(s, T0, on_cpu);
}

/* Running charges the budget; the timer asks for the rest. */
static void vres_server_charge_test(struct kunit *test)
{
	struct vres_server_state s;
	u64 left = 0;

	start(&s, MS(20), MS(100), false);
	KUNIT_ASSERT_TRUE(test, vres_server_switch_in(&s, T0 + MS(1), &left));
	KUNIT_EXPECT_EQ(test, left, MS(20));
	KUNIT_EXPECT_EQ(test, vres_server_switch_out(&s, T0 + MS(8)), 0ULL);
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(13));
	KUNIT_EXPECT_EQ(test, s.used_ns, MS(7));
	KUNIT_ASSERT_TRUE(test, vres_server_switch_in(&s, T0 + MS(50), &left));
	KUNIT_EXPECT_EQ(test, left, MS(13));
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS], MS(7));
}

/* Switching in and out at the same instant charges nothing. */
static void vres_server_zero_length_test(struct kunit *test)
{
	struct vres_server_state s;
	u64 left;
	int i;

	start(&s, MS(20), MS(100), false);
	for (i = 0; i < 1000; i++) {
		KUNIT_ASSERT_TRUE(test, vres_server_switch_in(&s, T0 + MS(5),
							      &left));
		KUNIT_EXPECT_EQ(test, vres_server_switch_out(&s, T0 + MS(5)),
				0ULL);
	}
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(20));
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS], 0ULL);
	/* A clock read that goes backwards is clamped, not wrapped. */
	vres_server_switch_in(&s, T0 + MS(6), &left);
	KUNIT_EXPECT_EQ(test, vres_server_switch_out(&s, T0 + MS(5)), 0ULL);
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(20));
}

/* The enforcement timer: early -> re-arm, on time -> throttle once. */
static void vres_server_deplete_test(struct kunit *test)
{
	struct vres_server_state s;
	u64 left;

	start(&s, MS(20), MS(100), true);
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(15), &left),
			VRES_DEPLETE_LATER);
	KUNIT_EXPECT_EQ(test, left, MS(5));
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(20), &left),
			VRES_DEPLETE_NOW);
	KUNIT_EXPECT_TRUE(test, s.exhausted);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_THROTTLES], 1ULL);
	/* A second expiry in the same period does nothing. */
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(21), &left),
			VRES_DEPLETE_NONE);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_THROTTLES], 1ULL);
	/* An exhausted thread that runs again needs no timer. */
	vres_server_switch_out(&s, T0 + MS(22));
	KUNIT_EXPECT_FALSE(test, vres_server_switch_in(&s, T0 + MS(30),
						       &left));
	/* Not on the CPU: nothing to do. */
	vres_server_switch_out(&s, T0 + MS(30));
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(31), &left),
			VRES_DEPLETE_NONE);
}

/* Time run past the budget is overrun: per period max and total. */
static void vres_server_overrun_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), true);
	/* The timer fires 300 us late; the thread stops 200 us after. */
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(20) + 300000,
						  &left), VRES_DEPLETE_NOW);
	KUNIT_EXPECT_EQ(test, vres_server_switch_out(&s, T0 + MS(20) + 500000),
			200000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_OVERRUN_MAX_NS], 500000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_OVERRUN_TOTAL_NS], 500000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS],
			MS(20) + 500000);
	/* Next period: 100 us overrun; max stays, total adds. */
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(100), true, &r);
	KUNIT_EXPECT_TRUE(test, r.was_exhausted);
	vres_server_switch_in(&s, T0 + MS(100), &left);
	vres_server_deplete(&s, T0 + MS(120), &left);
	vres_server_switch_out(&s, T0 + MS(120) + 100000);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_OVERRUN_MAX_NS], 500000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_OVERRUN_TOTAL_NS], 600000ULL);
}

/*
 * Back from a throttle: the budget the new period paid since the switch
 * in is the resume cost; per server count, max and total.
 */
static void vres_server_resumed_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), true);
	vres_server_deplete(&s, T0 + MS(20), &left);
	vres_server_switch_out(&s, T0 + MS(20));	/* asleep, throttled */
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(100), false, &r);
	KUNIT_ASSERT_TRUE(test, r.was_exhausted);
	/* Woken at the boundary, on the CPU 30 us later, out 12 us after. */
	vres_server_switch_in(&s, T0 + MS(100) + 30000, &left);
	KUNIT_EXPECT_EQ(test, vres_server_resumed(&s, T0 + MS(100) + 42000),
			12000ULL);
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(20) - 12000);
	/* Next period: preempted on the way out, 5 + 3 us of budget. */
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(120) + 30000,
						  &left), VRES_DEPLETE_NOW);
	vres_server_switch_out(&s, T0 + MS(120) + 30000);
	vres_server_replenish(&s, T0 + MS(200), T0 + MS(200), false, &r);
	vres_server_switch_in(&s, T0 + MS(200), &left);
	vres_server_switch_out(&s, T0 + MS(200) + 5000);
	vres_server_switch_in(&s, T0 + MS(201), &left);
	KUNIT_EXPECT_EQ(test, vres_server_resumed(&s, T0 + MS(201) + 3000),
			8000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_RESUMES], 2ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_RESUME_MAX_NS], 12000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_RESUME_TOTAL_NS], 20000ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS],
			2 * MS(20) + 8000);
}

/* A boundary refills to C (no accumulation) and the grid stays put. */
static void vres_server_replenish_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), false);
	vres_server_switch_in(&s, T0 + MS(10), &left);
	vres_server_switch_out(&s, T0 + MS(15));	/* 5 ms used, 15 left */
	/* Timer 2 ms late. */
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(102), false, &r);
	KUNIT_EXPECT_EQ(test, r.periods, 1ULL);
	KUNIT_EXPECT_EQ(test, r.latency_ns, MS(2));
	KUNIT_EXPECT_EQ(test, r.boundary_ns, T0 + MS(100));
	KUNIT_EXPECT_EQ(test, r.next_ns, T0 + MS(200));
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(20));	/* not 35 */
	KUNIT_EXPECT_FALSE(test, r.shortfall);	/* blocked: not runnable */
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_PERIODS], 1ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_REPLENISH_LATENCY_MAX_NS],
			MS(2));
}

/*
 * The thread is on the CPU at a late boundary: the old period is charged
 * up to the boundary, the new one from the boundary to now.
 */
static void vres_server_replenish_running_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), false);
	vres_server_switch_in(&s, T0 + MS(90), &left);
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(103), true, &r);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS], MS(13));
	KUNIT_EXPECT_EQ(test, r.left_ns, MS(17));
	/* Runnable at the boundary with 10 of 20 ms: a shortfall. */
	KUNIT_EXPECT_TRUE(test, r.shortfall);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_SHORTFALLS], 1ULL);
	vres_server_switch_out(&s, T0 + MS(110));
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(10));
}

/* A timer 3.5 periods late: 4 boundaries, the grid is kept. */
static void vres_server_timer_overrun_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;

	start(&s, MS(20), MS(100), false);
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(450), false, &r);
	KUNIT_EXPECT_EQ(test, r.periods, 4ULL);
	KUNIT_EXPECT_EQ(test, r.boundary_ns, T0 + MS(400));
	KUNIT_EXPECT_EQ(test, r.next_ns, T0 + MS(500));
	KUNIT_EXPECT_EQ(test, r.latency_ns, MS(350));
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_PERIODS], 4ULL);
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_MISSED_BOUNDARIES], 3ULL);
	KUNIT_EXPECT_EQ(test, s.boundary_ns, T0 + MS(400));
	/* Exactly on a later boundary: that boundary is the new period. */
	vres_server_replenish(&s, T0 + MS(500), T0 + MS(700), false, &r);
	KUNIT_EXPECT_EQ(test, r.periods, 3ULL);
	KUNIT_EXPECT_EQ(test, r.next_ns, T0 + MS(800));
}

/* (C, T) changed mid-period: the old budget holds until the boundary. */
static void vres_server_params_change_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), true);
	vres_server_set_params(&s, MS(5), MS(40));
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(10), &left),
			VRES_DEPLETE_LATER);
	KUNIT_EXPECT_EQ(test, left, MS(10));	/* still the old 20 ms */
	vres_server_switch_out(&s, T0 + MS(10));
	/* At the old boundary both change; the grid restarts from it. */
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(100), false, &r);
	KUNIT_EXPECT_EQ(test, s.budget_ns, MS(5));
	KUNIT_EXPECT_EQ(test, s.period_ns, MS(40));
	KUNIT_EXPECT_EQ(test, s.remaining_ns, MS(5));
	KUNIT_EXPECT_EQ(test, r.next_ns, T0 + MS(140));
	KUNIT_EXPECT_FALSE(test, s.change_pending);
	/* A late timer counts periods of the new length. */
	vres_server_replenish(&s, T0 + MS(140), T0 + MS(230), false, &r);
	KUNIT_EXPECT_EQ(test, r.periods, 3ULL);
	KUNIT_EXPECT_EQ(test, r.next_ns, T0 + MS(260));
}

/* Soft mode: nothing is charged while demoted. */
static void vres_server_soft_test(struct kunit *test)
{
	struct vres_server_state s;
	struct vres_replenish r;
	u64 left;

	start(&s, MS(20), MS(100), true);
	KUNIT_EXPECT_EQ(test, vres_server_deplete(&s, T0 + MS(20), &left),
			VRES_DEPLETE_NOW);
	vres_server_switch_out(&s, T0 + MS(21));	/* the worker runs */
	vres_server_stop(&s, T0 + MS(21));
	KUNIT_EXPECT_FALSE(test, vres_server_switch_in(&s, T0 + MS(22), &left));
	vres_server_switch_out(&s, T0 + MS(90));	/* ran demoted */
	KUNIT_EXPECT_EQ(test, s.stats[VRES_STAT_CONSUMED_NS], MS(21));
	vres_server_replenish(&s, T0 + MS(100), T0 + MS(100), true, &r);
	KUNIT_EXPECT_TRUE(test, r.was_exhausted);
	KUNIT_EXPECT_FALSE(test, r.shortfall);
	KUNIT_EXPECT_FALSE(test, vres_server_resume(&s, T0 + MS(101), &left));
	KUNIT_EXPECT_TRUE(test, vres_server_switch_in(&s, T0 + MS(102), &left));
	KUNIT_EXPECT_EQ(test, left, MS(20));
}

static void vres_server_reset_test(struct kunit *test)
{
	struct vres_server_state s;
	u64 left;
	int i;

	start(&s, MS(20), MS(100), true);
	vres_server_deplete(&s, T0 + MS(20), &left);
	vres_server_reset_stats(&s);
	for (i = 0; i < VRES_STAT_NR; i++)
		KUNIT_EXPECT_EQ(test, s.stats[i], 0ULL);
	KUNIT_EXPECT_TRUE(test, s.exhausted);	/* state is not a stat */
}

static struct kunit_case vres_server_cases[] = {
	KUNIT_CASE(vres_server_charge_test),
	KUNIT_CASE(vres_server_zero_length_test),
	KUNIT_CASE(vres_server_deplete_test),
	KUNIT_CASE(vres_server_overrun_test),
	KUNIT_CASE(vres_server_resumed_test),
	KUNIT_CASE(vres_server_replenish_test),
	KUNIT_CASE(vres_server_replenish_running_test),
	KUNIT_CASE(vres_server_timer_overrun_test),
	KUNIT_CASE(vres_server_params_change_test),
	KUNIT_CASE(vres_server_soft_test),
	KUNIT_CASE(vres_server_reset_test),
	{}
};

static struct kunit_suite vres_server_suite = {
	.name = "vres_server",
	.test_cases = vres_server_cases,
};

kunit_test_suite(vres_server_suite);

MODULE_LICENSE("GPL");
