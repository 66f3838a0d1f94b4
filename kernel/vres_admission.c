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
 * The guest guard first compares utilisations: a guest set above C/T
 * misses whatever the analysis says (its lowest-priority task never
 * catches up), and is refused at once.
 *
 * The response times (checks 1 and the guest guard) come from the shared
 * analysis engine, vres_rta_limited() in vres_analysis.c, the same code
 * vresctl runs, with its work bounded by VRES_ANALYSIS_STEPS_MAX: the
 * iterations grow with the ratio of the longest deadline to the shortest
 * period, and a set that needs more is refused (VRES_ADM_COST) rather
 * than analysed for minutes under the configuration mutex; this file builds its task lists (RM order, C', jitter) and does
 * the window checks. Everything is integer nanoseconds; any overflow
 * refuses the set (it can only come from absurd limits, and refusing is
 * the safe answer).
 */
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "vres_admission.h"
#include "vres_analysis.h"

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

/*
 * ceil(a / b), without the overflow of (a + b - 1) / b. A u64 "%" would
 * be a libgcc call on 32-bit kernels, which do not export one.
 */
static u64 vres_div_up(u64 a, u64 b)
{
	u64 rem, q = div64_u64_rem(a, b, &rem);

	return q + (rem ? 1 : 0);
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

/* Refused as too costly to analyse; @index is the lowest-priority entry. */
static void vres_adm_too_costly(struct vres_adm_verdict *v,
				unsigned int index)
{
	v->result = VRES_ADM_COST;
	v->index = index;
	v->value = VRES_ANALYSIS_STEPS_MAX;
	v->limit = VRES_ANALYSIS_STEPS_MAX;
}

/*
 * Check 1: response times of the servers as tasks on a dedicated CPU
 * (supply model "full" of the shared engine), C'_i, J_i = T_i - C_i,
 * D_i = T_i. On success @v names the server with the least slack T_i - R_i
 * and its R_i; on refusal the first server that misses (R_i > T_i, given
 * as VRES_TIME_INF), or VRES_ADM_COST if the analysis needs more than
 * VRES_ANALYSIS_STEPS_MAX steps. Returns 0, 1 (refused) or -ENOMEM.
 */
static int vres_host_rta(const struct vres_adm_server *srv, unsigned int n,
			 struct vres_adm_verdict *v)
{
	const struct vres_resource full = { .supply = VRES_SUPPLY_FULL };
	u64 steps = VRES_ANALYSIS_STEPS_MAX;
	struct vres_task *tasks;
	unsigned int i;
	u64 *resp;
	int ret;

	if (!n)
		return 0;
	tasks = kcalloc(n, sizeof(*tasks) + sizeof(*resp), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	resp = (u64 *)(tasks + n);
	for (i = 0; i < n; i++)
		tasks[i] = (struct vres_task) {
			.period_ns = srv[i].period_ns,
			.wcet_ns = vres_adm_cost(&srv[i]),
			.deadline_ns = srv[i].period_ns,
			.jitter_ns = srv[i].period_ns - srv[i].budget_ns,
		};
	ret = vres_rta_limited(tasks, n, &full, resp, &steps);
	if (ret == -E2BIG) {
		vres_adm_too_costly(v, n - 1);
		ret = 1;
		goto free_tasks;
	}
	/* Invalid input can only be an absurd cost: refuse it. */
	for (i = 0; i < n; i++) {
		if (ret < 0 || resp[i] > srv[i].period_ns) {
			v->result = VRES_ADM_MISS;
			v->index = i;
			v->value = ret < 0 ? VRES_TIME_INF : resp[i];
			v->limit = srv[i].period_ns;
			ret = 1;
			goto free_tasks;
		}
		if (!i || srv[i].period_ns - resp[i] < v->limit - v->value) {
			v->index = i;
			v->value = resp[i];
			v->limit = srv[i].period_ns;
		}
	}
	ret = 0;
free_tasks:
	kfree(tasks);
	return ret;
}

/**
 * vres_admit() - would every server of one CPU meet its period?
 * @srv: the servers, sorted by vres_adm_sort()
 * @n:   how many
 * @lim: the host's limits for SCHED_FIFO on that CPU
 * @v:   set to the verdict: on refusal the first failing check, on
 *       success the server with the least slack (@v->index, its response
 *       time @v->value and period @v->limit)
 *
 * Applies checks 4, 1, 2 and 3 of the file comment, in that order.
 *
 * Context: process (allocates with GFP_KERNEL); otherwise arithmetic.
 * Return: 0 if the set is admitted, 1 if it is refused, -ENOMEM.
 */
int vres_admit(const struct vres_adm_server *srv, unsigned int n,
	       const struct vres_adm_limits *lim, struct vres_adm_verdict *v)
{
	unsigned int i;
	int ret;
	u64 d;

	memset(v, 0, sizeof(*v));
	if (n > lim->nr_prio) {
		v->result = VRES_ADM_PRIO;
		v->index = n - 1;
		v->value = n;
		v->limit = lim->nr_prio;
		return 1;
	}

	ret = vres_host_rta(srv, n, v);
	if (ret)
		return ret;

	if (lim->rt_runtime_ns != VRES_ADM_INF && lim->rt_period_ns) {
		u64 util = 0, cap;

		d = vres_adm_demand(srv, n, lim->rt_period_ns);
		if (d > lim->rt_runtime_ns) {
			v->result = VRES_ADM_RT_WINDOW;
			v->value = d;
			v->limit = lim->rt_runtime_ns;
			goto refused;
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
			goto refused;
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
			goto refused;
		}
	}

	v->result = VRES_ADM_OK;
	return 0;

refused:
	v->index = n - 1;	/* windows cut the lowest priority first */
	return 1;
}

/*
 * Is the guest's utilisation sum C_i/T_i surely above the server's C/T?
 * Both in parts per billion rounded down, with a margin of 2 ppb, so that
 * rounding never refuses a set the analysis would admit.
 */
static bool vres_guest_overloads(u64 budget_ns, u64 period_ns,
				 const struct vres_guest_task *tasks,
				 unsigned int n)
{
	u64 guest = 0, server, q;
	unsigned int i;

	if (!vres_mul_div(budget_ns, NSEC_PER_SEC, period_ns, &server))
		return false;
	for (i = 0; i < n; i++) {
		if (!vres_mul_div(tasks[i].wcet_ns, NSEC_PER_SEC,
				  tasks[i].period_ns, &q))
			return false;
		guest += q;
	}
	return guest > server + 2;
}

/* Guest task @i (sorted) misses its deadline. */
static void vres_guest_miss(struct vres_adm_verdict *v,
			    const struct vres_guest_task *tasks, unsigned int i)
{
	v->result = VRES_ADM_GUEST_MISS;
	v->index = i;
	v->value = VRES_TIME_INF;
	v->limit = tasks[i].deadline_ns;
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

/**
 * vres_guest_admit() - does the guest's task set fit server (C, T)?
 * @budget_ns: server budget C
 * @period_ns: server period T
 * @tasks:     the guest's tasks; sorted in place, deadline monotonic
 * @n:         how many (0: no guard, always admitted)
 * @v:         set to the verdict; @v->index is in the sorted @tasks: the
 *             first task that misses (@v->value VRES_TIME_INF), or on
 *             success the task with the least slack and its response time
 *
 * A set whose utilisation exceeds C/T is refused without analysis (its
 * last task misses). The response times come from the shared engine,
 * supply model "exact", with at most VRES_ANALYSIS_STEPS_MAX steps: a set
 * that needs more is refused with @v->result VRES_ADM_COST.
 *
 * Context: process (allocates with GFP_KERNEL); may sleep (the analysis
 * yields the CPU).
 * Return: 0 if every guest task meets its deadline, 1 if not (or too
 * costly to tell), -ENOMEM.
 */
int vres_guest_admit(u64 budget_ns, u64 period_ns,
		     struct vres_guest_task *tasks, unsigned int n,
		     struct vres_adm_verdict *v)
{
	const struct vres_resource exact = {
		.supply = VRES_SUPPLY_EXACT,
		.period_ns = period_ns,
		.budget_ns = budget_ns,
	};
	u64 steps = VRES_ANALYSIS_STEPS_MAX;
	struct vres_task *t;
	unsigned int i;
	u64 *resp;
	int ret;

	memset(v, 0, sizeof(*v));
	if (!n)
		return 0;
	sort(tasks, n, sizeof(*tasks), vres_guest_cmp, NULL);
	if (vres_guest_overloads(budget_ns, period_ns, tasks, n)) {
		vres_guest_miss(v, tasks, n - 1);
		return 1;
	}
	t = kcalloc(n, sizeof(*t) + sizeof(*resp), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	resp = (u64 *)(t + n);
	for (i = 0; i < n; i++)
		t[i] = (struct vres_task) {
			.period_ns = tasks[i].period_ns,
			.wcet_ns = tasks[i].wcet_ns,
			.deadline_ns = tasks[i].deadline_ns,
		};
	ret = vres_rta_limited(t, n, &exact, resp, &steps);
	if (ret == -E2BIG) {
		vres_adm_too_costly(v, n - 1);
		ret = 1;
		goto free_tasks;
	}
	for (i = 0; i < n; i++) {
		if (ret < 0 || resp[i] > tasks[i].deadline_ns) {
			vres_guest_miss(v, tasks, i);
			ret = 1;
			goto free_tasks;
		}
		if (!i || tasks[i].deadline_ns - resp[i] < v->limit - v->value) {
			v->index = i;
			v->value = resp[i];
			v->limit = tasks[i].deadline_ns;
		}
	}
	v->result = VRES_ADM_OK;
	ret = 0;
free_tasks:
	kfree(t);
	return ret;
}
