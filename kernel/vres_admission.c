// SPDX-License-Identifier: GPL-2.0
/*
 * vres: admission control for the servers of one CPU.
 *
 * The servers of a CPU run as SCHED_FIFO threads with Rate Monotonic
 * priorities (shorter period first, ties by name). A server is a deferrable
 * server: its thread may keep its budget until the end of a period, run C
 * there and C again at the start of the next. Towards lower priorities a
 * server i is therefore a periodic task with
 *
 *	C'_i = C_i + X_i	(X_i: overhead charged per activation)
 *	J_i  = T_i - C_i	(release jitter of the deferrable server)
 *
 * and the set is admitted when all of these hold:
 *
 *  1. Fixed-priority response-time analysis with release jitter: for every
 *     server i (hp(i): the servers above it),
 *
 *	R_i = C'_i + sum_{j in hp(i)} ceil((R_i + J_j) / T_j) * C'_j <= T_i
 *
 *     R_i is measured from i's boundary (a thread runnable from there), so
 *     i's own jitter does not enter its own response time.
 *
 *  2. RT throttling never cuts a server: the kernel lets SCHED_FIFO run at
 *     most Q = sched_rt_runtime in every RT period P = sched_rt_period. The
 *     most the servers can demand in any window of length P is
 *
 *	D(P) = sum_j ceil((P + J_j) / T_j) * C'_j	and we need D(P) <= Q,
 *
 *     and, redundant with it but cheap and easy to explain, the utilisation
 *     sum_j C'_j / T_j <= Q / P.
 *
 *  3. The fair deadline server (6.12+: runtime Qf every period Pf, deferred)
 *     never boosts CFS above the servers. A deferred fair server armed at
 *     time a waits until its zero-laxity instant a + (Pf - Qf) and boosts
 *     only if CFS (and idle) received less than Qf since a. With L = Pf - Qf
 *     that cannot happen if the servers leave Qf free in every window of L:
 *
 *	D(L) <= L - Qf.
 *
 *  4. There are enough SCHED_FIFO priorities in the band for the servers.
 *
 * Optional guest guard: a server carrying its guest's task set (periodic
 * tasks, fixed priorities in deadline-monotonic order) must keep it
 * schedulable under the exact supply bound of the periodic resource model
 * (Shin & Lee, RTSS 2003): the guest may see nothing for 2(T - C), then C
 * per period, whose inverse supply bound is
 *
 *	sbf^-1(t) = t + (ceil(t / C) + 1) * (T - C),
 *
 * and each guest task needs R_i = sbf^-1(C_i + sum_{j<i} ceil(R_i/T_j) C_j)
 * <= D_i.
 *
 * Everything is integer nanoseconds; any overflow refuses the set (it can
 * only come from absurd limits, and refusing is the safe answer).
 */
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "vres_admission.h"

/*
 * A fixed-point iteration gives up after this many steps (and refuses).
 * Each step jumps to the next step of a step function; with periods in
 * [100 us, 10 s] a busy window never has more than a few hundred thousand
 * steps, so the bound is never reached by a schedulable set.
 */
#define VRES_RTA_MAX_STEPS	1000000

static int vres_adm_cmp(const void *a, const void *b)
{
	const struct vres_adm_server *x = a, *y = b;

	if (x->period_ns != y->period_ns)
		return x->period_ns < y->period_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

/**
 * vres_adm_sort() - sort servers by Rate Monotonic priority, highest first
 * @srv: the servers
 * @n:   how many
 *
 * Shorter period first; equal periods ordered by name, so that the order
 * (and the SCHED_FIFO priorities derived from it) is deterministic.
 *
 * Context: any.
 */
void vres_adm_sort(struct vres_adm_server *srv, unsigned int n)
{
	sort(srv, n, sizeof(*srv), vres_adm_cmp, NULL);
}

static u64 vres_div_up(u64 a, u64 b)
{
	return div64_u64(a, b) + (a % b ? 1 : 0);
}

/* C' = C + X, or U64_MAX on overflow. */
static u64 vres_adm_cost(const struct vres_adm_server *s)
{
	u64 c;

	if (check_add_overflow(s->budget_ns, s->overhead_ns, &c))
		return U64_MAX;
	return c;
}

/* Add ceil((t + jitter) / period) * cost to *sum; false on overflow. */
static bool vres_add_jobs(u64 *sum, u64 t, u64 jitter, u64 period, u64 cost)
{
	u64 span, jobs, work;

	if (check_add_overflow(t, jitter, &span))
		return false;
	jobs = vres_div_up(span, period);
	if (check_mul_overflow(jobs, cost, &work))
		return false;
	return !check_add_overflow(*sum, work, sum);
}

/**
 * vres_adm_demand() - most CPU time the servers can take in a window
 * @srv:       the servers
 * @n:         how many
 * @window_ns: window length
 *
 * D(w) = sum_j ceil((w + J_j) / T_j) * C'_j with J_j = T_j - C_j.
 *
 * Context: any.
 * Return: D(@window_ns), or U64_MAX on overflow.
 */
u64 vres_adm_demand(const struct vres_adm_server *srv, unsigned int n,
		    u64 window_ns)
{
	u64 sum = 0;
	unsigned int j;

	for (j = 0; j < n; j++) {
		if (!vres_add_jobs(&sum, window_ns,
				   srv[j].period_ns - srv[j].budget_ns,
				   srv[j].period_ns, vres_adm_cost(&srv[j])))
			return U64_MAX;
	}
	return sum;
}

/**
 * vres_adm_utilization_ppm() - admitted bandwidth of a CPU
 * @srv: the servers
 * @n:   how many
 *
 * sum_j C_j / T_j in parts per million, each term rounded down: the
 * budgets the threads receive, without the overheads.
 *
 * Context: any.
 * Return: the utilisation in ppm.
 */
u64 vres_adm_utilization_ppm(const struct vres_adm_server *srv,
			     unsigned int n)
{
	u64 sum = 0;
	unsigned int j;

	for (j = 0; j < n; j++)
		sum += div64_u64(srv[j].budget_ns * 1000000ULL,
				 srv[j].period_ns);
	return sum;
}

/*
 * Host-side response time of server @i: the least fixed point of
 * R = C'_i + sum_{j<i} ceil((R + J_j) / T_j) * C'_j, or the first iterate
 * above T_i (then i misses), or U64_MAX on overflow.
 *
 * TODO(merge): replace with vres_rta() from vres_analysis.h (supply model
 * "full", per-task release jitter J_j = T_j - C_j, costs C'_j).
 */
static u64 vres_host_response(const struct vres_adm_server *srv,
			      unsigned int i)
{
	u64 r = vres_adm_cost(&srv[i]), next;
	unsigned int j, step;

	for (step = 0; step < VRES_RTA_MAX_STEPS; step++) {
		next = vres_adm_cost(&srv[i]);
		for (j = 0; j < i; j++) {
			if (!vres_add_jobs(&next, r,
					   srv[j].period_ns - srv[j].budget_ns,
					   srv[j].period_ns,
					   vres_adm_cost(&srv[j])))
				return U64_MAX;
		}
		if (next == r || next > srv[i].period_ns)
			return next;
		r = next;
	}
	return U64_MAX;
}

/**
 * vres_admit() - would every server of one CPU meet its period?
 * @srv: the servers, sorted by vres_adm_sort()
 * @n:   how many
 * @lim: the host's limits for SCHED_FIFO on that CPU
 * @v:   set to the verdict; on refusal it names the first failing check
 *
 * Applies checks 4, 1, 2 and 3 of the file comment, in that order.
 *
 * Context: any (pure arithmetic).
 * Return: true if the set is admitted.
 */
bool vres_admit(const struct vres_adm_server *srv, unsigned int n,
		const struct vres_adm_limits *lim, struct vres_adm_verdict *v)
{
	unsigned int i;
	u64 d;

	memset(v, 0, sizeof(*v));
	if (n > lim->nr_prio) {
		v->result = VRES_ADM_PRIO;
		v->index = n - 1;
		v->value = n;
		v->limit = lim->nr_prio;
		return false;
	}

	for (i = 0; i < n; i++) {
		u64 r = vres_host_response(srv, i);

		if (r > srv[i].period_ns) {
			v->result = VRES_ADM_MISS;
			v->index = i;
			v->value = r;
			v->limit = srv[i].period_ns;
			return false;
		}
	}

	if (lim->rt_runtime_ns != VRES_ADM_INF && lim->rt_period_ns) {
		u64 util = 0, cap;

		d = vres_adm_demand(srv, n, lim->rt_period_ns);
		if (d > lim->rt_runtime_ns) {
			v->result = VRES_ADM_RT_WINDOW;
			v->value = d;
			v->limit = lim->rt_runtime_ns;
			return false;
		}
		/* In parts per billion, each term rounded up. */
		cap = mul_u64_u64_div_u64(lim->rt_runtime_ns, NSEC_PER_SEC,
					  lim->rt_period_ns);
		for (i = 0; i < n; i++)
			util += mul_u64_u64_div_u64(vres_adm_cost(&srv[i]),
						    NSEC_PER_SEC,
						    srv[i].period_ns) + 1;
		if (util > cap) {
			v->result = VRES_ADM_UTIL;
			v->value = util;
			v->limit = cap;
			return false;
		}
	}

	if (lim->fair_period_ns && lim->fair_runtime_ns) {
		u64 window = 0, room = 0;

		if (lim->fair_period_ns > 2 * lim->fair_runtime_ns) {
			window = lim->fair_period_ns - lim->fair_runtime_ns;
			room = window - lim->fair_runtime_ns;
		}
		d = n ? vres_adm_demand(srv, n, window) : 0;
		if (d > room) {
			v->result = VRES_ADM_FAIR_WINDOW;
			v->value = d;
			v->limit = room;
			return false;
		}
	}

	v->result = VRES_ADM_OK;
	return true;
}

static int vres_guest_cmp(const void *a, const void *b)
{
	const struct vres_guest_task *x = a, *y = b;

	if (x->deadline_ns != y->deadline_ns)
		return x->deadline_ns < y->deadline_ns ? -1 : 1;
	if (x->period_ns != y->period_ns)
		return x->period_ns < y->period_ns ? -1 : 1;
	return 0;
}

/* sbf^-1(t) = t + (ceil(t / C) + 1) * (T - C); U64_MAX on overflow. */
static u64 vres_exact_inverse(u64 t, u64 budget_ns, u64 period_ns)
{
	u64 gaps, blackout, r;

	gaps = vres_div_up(t, budget_ns) + 1;
	if (check_mul_overflow(gaps, period_ns - budget_ns, &blackout) ||
	    check_add_overflow(t, blackout, &r))
		return U64_MAX;
	return r;
}

/*
 * Response time of guest task @i under the exact periodic-resource supply
 * (C, T), tasks sorted by priority; the first iterate above D_i if it
 * misses, U64_MAX on overflow.
 *
 * TODO(merge): replace with vres_rta() from vres_analysis.h (supply model
 * "exact").
 */
static u64 vres_guest_response(const struct vres_guest_task *tasks,
			       unsigned int i, u64 budget_ns, u64 period_ns)
{
	u64 demand = tasks[i].wcet_ns, r, next;
	unsigned int j, step;

	for (j = 0; j < i; j++)
		if (check_add_overflow(demand, tasks[j].wcet_ns, &demand))
			return U64_MAX;
	r = vres_exact_inverse(demand, budget_ns, period_ns);
	for (step = 0; step < VRES_RTA_MAX_STEPS; step++) {
		if (r > tasks[i].deadline_ns)
			return r;
		demand = tasks[i].wcet_ns;
		for (j = 0; j < i; j++)
			if (!vres_add_jobs(&demand, r, 0, tasks[j].period_ns,
					   tasks[j].wcet_ns))
				return U64_MAX;
		next = vres_exact_inverse(demand, budget_ns, period_ns);
		if (next == r)
			return r;
		r = next;
	}
	return U64_MAX;
}

/**
 * vres_guest_admit() - does the guest's task set fit server (C, T)?
 * @budget_ns: server budget C
 * @period_ns: server period T
 * @tasks:     the guest's tasks; sorted in place, deadline monotonic
 * @n:         how many (0: no guard, always admitted)
 * @v:         set to the verdict; @v->index is in the sorted @tasks
 *
 * Context: any (pure arithmetic).
 * Return: true if every guest task meets its deadline.
 */
bool vres_guest_admit(u64 budget_ns, u64 period_ns,
		      struct vres_guest_task *tasks, unsigned int n,
		      struct vres_adm_verdict *v)
{
	unsigned int i;

	memset(v, 0, sizeof(*v));
	sort(tasks, n, sizeof(*tasks), vres_guest_cmp, NULL);
	for (i = 0; i < n; i++) {
		u64 r = vres_guest_response(tasks, i, budget_ns, period_ns);

		if (r > tasks[i].deadline_ns) {
			v->result = VRES_ADM_GUEST_MISS;
			v->index = i;
			v->value = r;
			v->limit = tasks[i].deadline_ns;
			return false;
		}
	}
	v->result = VRES_ADM_OK;
	return true;
}
