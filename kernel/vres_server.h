/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres: the budget state machine of one periodic server, as pure arithmetic
 * on integer nanoseconds. No locks, no timers, no clock: the caller
 * (vres_sched.c) serialises the calls, reads the clock and arms the timers
 * these functions ask for. KUnit tests every rule (vres_server_kunit.c).
 */
#ifndef _VRES_SERVER_H
#define _VRES_SERVER_H

#include <linux/types.h>
#include <linux/vres.h>

/**
 * struct vres_server_state - run-time state of one server
 * @budget_ns:       budget C in effect for the current period
 * @period_ns:       period T in effect; boundaries at @boundary_ns + k*T
 * @next_budget_ns:  budget that takes effect at the next boundary
 * @next_period_ns:  period that takes effect at the next boundary
 * @change_pending:  @next_budget_ns/@next_period_ns are waiting for a boundary
 * @boundary_ns:     start of the current period (CLOCK_MONOTONIC)
 * @remaining_ns:    budget left in the current period
 * @used_ns:         CPU time charged in the current period
 * @overrun_ns:      time run past the budget in the current period
 * @run_start_ns:    when charging last advanced while @on_cpu
 * @on_cpu:          the attached thread is the current task on its CPU
 * @exhausted:       the budget of this period is used up (thread throttled
 *                   in hard mode, being demoted or demoted in soft mode)
 * @stopped:         soft mode: the thread runs demoted, nothing is charged
 * @stats:           counters, indexed by enum vres_stat
 */
struct vres_server_state {
	u64 budget_ns;
	u64 period_ns;
	u64 next_budget_ns;
	u64 next_period_ns;
	bool change_pending;
	u64 boundary_ns;
	u64 remaining_ns;
	u64 used_ns;
	u64 overrun_ns;
	u64 run_start_ns;
	bool on_cpu;
	bool exhausted;
	bool stopped;
	u64 stats[VRES_STAT_NR];
};

/**
 * enum vres_deplete - what the enforcement timer found
 * @VRES_DEPLETE_NONE:  nothing to do (not running, or already exhausted)
 * @VRES_DEPLETE_LATER: budget left; re-arm the timer after the returned time
 * @VRES_DEPLETE_NOW:   the budget ran out now: throttle (hard) or demote (soft)
 */
enum vres_deplete {
	VRES_DEPLETE_NONE,
	VRES_DEPLETE_LATER,
	VRES_DEPLETE_NOW,
};

/**
 * struct vres_replenish - result of one period-timer expiry
 * @next_ns:       the next boundary: the period timer's new expiry
 * @boundary_ns:   the boundary that starts the new current period
 * @periods:       boundaries passed by this expiry (1 unless the timer was
 *                 late by more than a period)
 * @latency_ns:    how late the timer ran after the first of them
 * @was_exhausted: the ended period's budget had run out (unthrottle)
 * @shortfall:     the thread was runnable at the boundary but received less
 *                 than its budget in the ended period
 * @left_ns:       budget left now in the new period (less than the budget
 *                 when the thread was on the CPU since the boundary)
 */
struct vres_replenish {
	u64 next_ns;
	u64 boundary_ns;
	u64 periods;
	u64 latency_ns;
	bool was_exhausted;
	bool shortfall;
	u64 left_ns;
};

void vres_server_init(struct vres_server_state *s, u64 budget_ns,
		      u64 period_ns);
void vres_server_set_params(struct vres_server_state *s, u64 budget_ns,
			    u64 period_ns);
void vres_server_start(struct vres_server_state *s, u64 now, bool on_cpu);
u64 vres_server_charge(struct vres_server_state *s, u64 now);
bool vres_server_switch_in(struct vres_server_state *s, u64 now, u64 *left_ns);
u64 vres_server_switch_out(struct vres_server_state *s, u64 now);
enum vres_deplete vres_server_deplete(struct vres_server_state *s, u64 now,
				      u64 *left_ns);
u64 vres_server_resumed(struct vres_server_state *s, u64 now);
void vres_server_stop(struct vres_server_state *s, u64 now);
bool vres_server_resume(struct vres_server_state *s, u64 now, u64 *left_ns);
void vres_server_replenish(struct vres_server_state *s, u64 expires, u64 now,
			   bool runnable, struct vres_replenish *r);
void vres_server_reset_stats(struct vres_server_state *s);

#endif /* _VRES_SERVER_H */
