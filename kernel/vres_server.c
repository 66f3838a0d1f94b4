// SPDX-License-Identifier: GPL-2.0
/*
 * vres: budget accounting of a periodic (deferrable) server.
 *
 * A server gives its thread a budget C every period T. Period boundaries are
 * phase locked: they fall at t0 + k*T whatever the thread does, and at every
 * boundary the budget is set back to C (unused budget is lost, nothing
 * accumulates). Budget is consumed only while the thread is on the CPU,
 * charged from context switches in nanoseconds.
 *
 * The guarantee, used by admission control and by the guest-side analysis:
 * a thread that is runnable from a boundary on, and is not preempted by a
 * higher-priority server for longer than admission allowed, receives C
 * before the next boundary; and it never receives more than C plus the
 * overrun (the time it takes the enforcement path to stop it).
 *
 * Because a thread that blocks keeps its budget until the boundary, the
 * server is *deferrable*: it may run C at the very end of one period and C
 * again at the start of the next. Towards lower-priority servers it
 * therefore behaves as a periodic task with release jitter J = T - C, which
 * is how vres_admission.c counts it.
 *
 * States of one period (hard mode; soft mode reads "demoted" for
 * "throttled"):
 *
 *            switch_in (budget left)
 *   idle  ------------------------------>  running
 *         <------------------------------
 *            switch_out (charge)             |
 *                                            | deplete: remaining == 0
 *                                            v
 *   boundary (replenish: remaining = C) <- throttled (exhausted)
 *
 * Everything here is arithmetic on struct vres_server_state: the caller
 * (vres_sched.c) reads the clock, holds the server lock and arms the
 * timers these functions ask for. Time never runs backwards in a correct
 * caller; the functions still clamp negative intervals to zero so that a
 * bad clock read costs accuracy, not a wrapped u64.
 */
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "vres_server.h"

static void vres_stat_max(struct vres_server_state *s, enum vres_stat i,
			  u64 v)
{
	if (v > s->stats[i])
		s->stats[i] = v;
}

/**
 * vres_server_init() - reset a server's state and give it its parameters
 * @s:         the state
 * @budget_ns: budget C
 * @period_ns: period T
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_init(struct vres_server_state *s, u64 budget_ns,
		      u64 period_ns)
{
	memset(s, 0, sizeof(*s));
	s->budget_ns = budget_ns;
	s->period_ns = period_ns;
	s->next_budget_ns = budget_ns;
	s->next_period_ns = period_ns;
}

/**
 * vres_server_set_params() - change (C, T) from the next boundary on
 * @s:         the state
 * @budget_ns: new budget
 * @period_ns: new period
 *
 * The change is atomic: the current period keeps the old budget, the next
 * boundary (at its old time) applies both values at once, and boundaries
 * fall at that boundary + k * @period_ns from then on.
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_set_params(struct vres_server_state *s, u64 budget_ns,
			    u64 period_ns)
{
	s->next_budget_ns = budget_ns;
	s->next_period_ns = period_ns;
	s->change_pending = true;
}

/**
 * vres_server_start() - begin the first period at @now
 * @s:      the state
 * @now:    the first boundary t0
 * @on_cpu: the thread is on the CPU at @now
 *
 * Applies pending parameters, fills the budget and starts charging at @now
 * if the thread is already running. Statistics are kept.
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_start(struct vres_server_state *s, u64 now, bool on_cpu)
{
	if (s->change_pending) {
		s->budget_ns = s->next_budget_ns;
		s->period_ns = s->next_period_ns;
		s->change_pending = false;
	}
	s->boundary_ns = now;
	s->remaining_ns = s->budget_ns;
	s->used_ns = 0;
	s->overrun_ns = 0;
	s->exhausted = false;
	s->stopped = false;
	s->on_cpu = on_cpu;
	s->run_start_ns = now;
}

/**
 * vres_server_charge() - charge the time run since the last charge
 * @s:   the state
 * @now: current time
 *
 * While the thread is on the CPU (and not demoted), the time since
 * @s->run_start_ns is taken from the remaining budget. Time beyond the
 * budget is overrun: the thread ran although its budget was gone, because
 * stopping it (timer latency, the path to the task_work) takes time.
 *
 * Context: any; the caller serialises access to @s.
 * Return: the part of the charged interval that was overrun, in ns.
 */
u64 vres_server_charge(struct vres_server_state *s, u64 now)
{
	u64 delta, excess = 0;

	if (!s->on_cpu || s->stopped)
		return 0;
	delta = now > s->run_start_ns ? now - s->run_start_ns : 0;
	s->run_start_ns = max(now, s->run_start_ns);

	s->used_ns += delta;
	s->stats[VRES_STAT_CONSUMED_NS] += delta;
	if (delta <= s->remaining_ns) {
		s->remaining_ns -= delta;
		return 0;
	}
	excess = delta - s->remaining_ns;
	s->remaining_ns = 0;
	s->overrun_ns += excess;
	s->stats[VRES_STAT_OVERRUN_TOTAL_NS] += excess;
	vres_stat_max(s, VRES_STAT_OVERRUN_MAX_NS, s->overrun_ns);
	return excess;
}

/**
 * vres_server_switch_in() - the thread was switched in at @now
 * @s:       the state
 * @now:     time of the context switch
 * @left_ns: set to the budget left when the return value is true
 *
 * Context: any; the caller serialises access to @s.
 * Return: true if the enforcement timer must be armed to expire
 * @left_ns from @now (zero-length budgets included: the timer then fires
 * at once); false if the budget is already exhausted or not charged.
 */
bool vres_server_switch_in(struct vres_server_state *s, u64 now, u64 *left_ns)
{
	s->on_cpu = true;
	s->run_start_ns = now;
	if (s->exhausted || s->stopped)
		return false;
	*left_ns = s->remaining_ns;
	return true;
}

/**
 * vres_server_switch_out() - the thread was switched out at @now
 * @s:   the state
 * @now: time of the context switch
 *
 * Context: any; the caller serialises access to @s.
 * Return: the overrun charged by this switch (see vres_server_charge()).
 */
u64 vres_server_switch_out(struct vres_server_state *s, u64 now)
{
	u64 excess = vres_server_charge(s, now);

	s->on_cpu = false;
	return excess;
}

/**
 * vres_server_deplete() - the enforcement timer expired at @now
 * @s:       the state
 * @now:     expiry time as read in the timer callback
 * @left_ns: set to the budget left when the return value is LATER
 *
 * The timer was armed for the instant the budget runs out. It may still
 * find budget left (it was armed before a later switch-in that the cancel
 * missed, or the clock reads differ by a few ns): then it asks to be re-armed.
 *
 * Context: any; the caller serialises access to @s.
 * Return: what the caller must do, see enum vres_deplete.
 */
enum vres_deplete vres_server_deplete(struct vres_server_state *s, u64 now,
				      u64 *left_ns)
{
	if (!s->on_cpu || s->exhausted || s->stopped)
		return VRES_DEPLETE_NONE;
	vres_server_charge(s, now);
	if (s->remaining_ns) {
		*left_ns = s->remaining_ns;
		return VRES_DEPLETE_LATER;
	}
	s->exhausted = true;
	s->stats[VRES_STAT_THROTTLES]++;
	return VRES_DEPLETE_NOW;
}

/**
 * vres_server_resumed() - hard mode: the thread is back from a throttle
 * @s:   the state
 * @now: current time, the thread on the CPU on its way out of the throttle
 *
 * A boundary ended the throttle and the thread has run since, within the
 * new period, only to come back: switched in, out of its sleep and out of
 * vres's throttle work. That is budget the guest never gets, the host's
 * share of the overhead X that the analysis takes from every period
 * (Documentation/vres.rst, "The overhead X"). Charges it and counts it.
 *
 * Context: any; the caller serialises access to @s.
 * Return: the budget the way back took, in ns.
 */
u64 vres_server_resumed(struct vres_server_state *s, u64 now)
{
	vres_server_charge(s, now);
	s->stats[VRES_STAT_RESUMES]++;
	s->stats[VRES_STAT_RESUME_TOTAL_NS] += s->used_ns;
	vres_stat_max(s, VRES_STAT_RESUME_MAX_NS, s->used_ns);
	return s->used_ns;
}

/**
 * vres_server_stop() - soft mode: the demotion took effect at @now
 * @s:   the state
 * @now: time the thread's policy was lowered
 *
 * Charges what the thread ran until now (overrun, since its budget was
 * gone) and stops charging: while demoted it runs as background load.
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_stop(struct vres_server_state *s, u64 now)
{
	vres_server_charge(s, now);
	s->stopped = true;
}

/**
 * vres_server_resume() - soft mode: the thread's priority is back at @now
 * @s:       the state
 * @now:     time the thread's SCHED_FIFO priority was restored
 * @left_ns: set to the budget left when the return value is true
 *
 * Context: any; the caller serialises access to @s.
 * Return: true if the thread is on the CPU with budget and the enforcement
 * timer must be armed @left_ns from @now.
 */
bool vres_server_resume(struct vres_server_state *s, u64 now, u64 *left_ns)
{
	s->stopped = false;
	s->run_start_ns = now;
	if (!s->on_cpu || s->exhausted)
		return false;
	*left_ns = s->remaining_ns;
	return true;
}

/**
 * vres_server_replenish() - the period timer expired
 * @s:        the state
 * @expires:  the boundary the timer was armed for
 * @now:      time read in the timer callback (>= @expires normally)
 * @runnable: the thread was runnable (on the CPU or queued) at @now
 * @r:        result: next expiry and what the caller must do
 *
 * The ended period is charged up to @expires, and judged: it is a
 * shortfall if the thread was still runnable but got less than its budget.
 * Then pending parameters take effect, at @expires. If the timer ran more
 * than a period late, the boundaries it missed are counted but not judged
 * (the thread was charged nothing for them, and nothing can be said about
 * them); the new period starts at the latest boundary B <= @now:
 *
 *	n = 1 + (now - expires) / T		boundaries passed
 *	B = expires + (n - 1) * T		start of the new period
 *	next = B + T				the timer's new expiry
 *
 * which keeps every boundary at t0 + k*T (the phase never drifts). The new
 * budget is C, minus what a thread on the CPU ran since B.
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_replenish(struct vres_server_state *s, u64 expires, u64 now,
			   bool runnable, struct vres_replenish *r)
{
	u64 n = 1;

	memset(r, 0, sizeof(*r));
	if (now > expires)
		r->latency_ns = now - expires;
	vres_stat_max(s, VRES_STAT_REPLENISH_LATENCY_MAX_NS, r->latency_ns);

	/* Close the ended period at its boundary, not at the late @now. */
	if (s->run_start_ns < expires)
		vres_server_charge(s, expires);
	r->was_exhausted = s->exhausted;
	r->shortfall = runnable && s->used_ns < s->budget_ns;
	if (r->shortfall)
		s->stats[VRES_STAT_SHORTFALLS]++;

	if (s->change_pending) {
		s->budget_ns = s->next_budget_ns;
		s->period_ns = s->next_period_ns;
		s->change_pending = false;
	}
	if (now > expires && s->period_ns)
		n += div64_u64(now - expires, s->period_ns);
	s->stats[VRES_STAT_PERIODS] += n;
	s->stats[VRES_STAT_MISSED_BOUNDARIES] += n - 1;

	r->periods = n;
	r->boundary_ns = expires + (n - 1) * s->period_ns;
	r->next_ns = r->boundary_ns + s->period_ns;

	s->boundary_ns = r->boundary_ns;
	s->remaining_ns = s->budget_ns;
	s->used_ns = 0;
	s->overrun_ns = 0;
	s->exhausted = false;
	/* A thread on the CPU has been running in the new period since B. */
	if (s->run_start_ns < r->boundary_ns)
		s->run_start_ns = r->boundary_ns;
	vres_server_charge(s, now);
	r->left_ns = s->remaining_ns;
}

/**
 * vres_server_reset_stats() - zero every counter
 * @s: the state
 *
 * Context: any; the caller serialises access to @s.
 */
void vres_server_reset_stats(struct vres_server_state *s)
{
	memset(s->stats, 0, sizeof(s->stats));
}
