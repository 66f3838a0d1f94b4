// SPDX-License-Identifier: GPL-2.0
/*
 * vres: the configuration and its admission control.
 *
 * The list of servers and every change to what they are promised pass
 * here, under vres_config_mutex: a change of a server's (budget, period,
 * overhead), of its CPU or of its guest task set is first admitted (the
 * servers of the CPU by vres_admission.c's test, the guest's tasks by the
 * guest guard), then committed, and the CPU's servers get their Rate
 * Monotonic priorities again. A refused change leaves everything as it
 * was and says why in the server's refusal file. vres_sysfs.c parses the
 * files and calls these; it decides nothing itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vres.h"
#include "vres_admission.h"

/*
 * vres_config_mutex: protects vres_servers, the configuration fields of
 * every server (see struct vres_server), attach/detach and the priority
 * map. Taken by sysfs writers and readers, module init and exit: process
 * context only.
 */
DEFINE_MUTEX(vres_config_mutex);
static LIST_HEAD(vres_servers);
static unsigned int vres_nr_servers;	/* in vres_servers, dead or alive */

/* Context: vres_config_mutex held. */
__printf(2, 3) void vres_refuse(char *refusal, const char *fmt, ...)
{
	va_list args;

	lockdep_assert_held(&vres_config_mutex);
	va_start(args, fmt);
	vscnprintf(refusal, VRES_REFUSAL_MAX, fmt, args);
	va_end(args);
}

/* Context: vres_config_mutex held. Live (not dead) server named @name. */
struct vres_server *vres_find(const char *name, bool include_dead)
{
	struct vres_server *srv;

	lockdep_assert_held(&vres_config_mutex);
	list_for_each_entry(srv, &vres_servers, node)
		if (!strcmp(srv->name, name) && (include_dead || !srv->dead))
			return srv;
	return NULL;
}

/* Context: vres_config_mutex held. Servers in the list, dead or alive. */
unsigned int vres_server_count(void)
{
	lockdep_assert_held(&vres_config_mutex);
	return vres_nr_servers;
}

/* Context: vres_config_mutex held. The first server in the list, or NULL. */
struct vres_server *vres_server_first(void)
{
	lockdep_assert_held(&vres_config_mutex);
	return list_first_entry_or_null(&vres_servers, struct vres_server,
					node);
}

/* Context: vres_config_mutex held. @srv joins the list. */
void vres_server_link(struct vres_server *srv)
{
	lockdep_assert_held(&vres_config_mutex);
	list_add_tail(&srv->node, &vres_servers);
	vres_nr_servers++;
}

/* Context: vres_config_mutex held. @srv, dead, leaves the list. */
void vres_server_unlink(struct vres_server *srv)
{
	lockdep_assert_held(&vres_config_mutex);
	list_del(&srv->node);
	vres_nr_servers--;
}

static bool vres_configured(const struct vres_server *srv)
{
	return srv->budget_ns && !srv->dead;
}

/*
 * Context: vres_config_mutex held.
 * The servers configured on @cpu, with @cand counted as (@budget, @period,
 * @overhead) on @cpu if @budget is non-zero and left out otherwise,
 * sorted by priority. Returns 0 or -ENOMEM; free set->srv with kfree().
 */
static int vres_cpu_set_build(struct vres_cpu_set *set, unsigned int cpu,
			      struct vres_server *cand, u64 budget,
			      u64 period, u64 overhead)
{
	struct vres_server *srv;
	unsigned int n = 1;

	lockdep_assert_held(&vres_config_mutex);
	list_for_each_entry(srv, &vres_servers, node)
		if (vres_configured(srv) && srv->cpu == cpu)
			n++;
	set->srv = kcalloc(n, sizeof(*set->srv), GFP_KERNEL);
	if (!set->srv)
		return -ENOMEM;
	set->nr = 0;
	list_for_each_entry(srv, &vres_servers, node) {
		if (srv == cand || !vres_configured(srv) || srv->cpu != cpu)
			continue;
		set->srv[set->nr++] = (struct vres_adm_server) {
			.name = srv->name, .budget_ns = srv->budget_ns,
			.period_ns = srv->period_ns,
			.overhead_ns = srv->overhead_ns, .priv = srv,
		};
	}
	if (cand && budget)
		set->srv[set->nr++] = (struct vres_adm_server) {
			.name = cand->name, .budget_ns = budget,
			.period_ns = period, .overhead_ns = overhead,
			.priv = cand,
		};
	vres_adm_sort(set->srv, set->nr);
	return 0;
}

/*
 * Context: vres_config_mutex held; sleeps (reads the host's limits).
 * Admission control for @set, the servers @cpu would have after a change
 * of @cand. On refusal @cand's refusal names the server that would miss
 * and why (and one kernel-log line says it in English). Returns 0,
 * -ENOSPC, -E2BIG (too costly to analyse) or -ENOMEM.
 */
static int vres_cpu_set_admit(struct vres_cpu_set *set, unsigned int cpu,
			      struct vres_server *cand)
{
	struct vres_adm_limits lim = {
		.nr_prio = vres_prio_max - vres_prio_min + 1,
	};
	struct vres_adm_verdict v;
	const char *victim;
	int ret;

	vres_host_limits(cpu, &lim);
	ret = vres_admit(set->srv, set->nr, &lim, &v);
	if (ret <= 0)
		return ret;

	victim = set->srv[v.index].name;
	switch (v.result) {
	case VRES_ADM_MISS:
		pr_info("admission refused for %s on cpu%u: server %s would miss its period of %llu ns\n",
			cand->name, cpu, victim, v.limit);
		vres_refuse(cand->refusal, "miss cpu=%u server=%s period_ns=%llu\n",
			    cpu, victim, v.limit);
		break;
	case VRES_ADM_RT_WINDOW:
		pr_info("admission refused for %s on cpu%u: server %s would be cut by RT throttling (demand %llu ns per RT period > sched_rt_runtime %llu ns)\n",
			cand->name, cpu, victim, v.value, v.limit);
		vres_refuse(cand->refusal, "rt-window cpu=%u server=%s demand_ns=%llu limit_ns=%llu\n",
			    cpu, victim, v.value, v.limit);
		break;
	case VRES_ADM_UTIL:
		pr_info("admission refused for %s on cpu%u: server %s would be cut by RT throttling (utilisation %llu ppb > %llu ppb)\n",
			cand->name, cpu, victim, v.value, v.limit);
		vres_refuse(cand->refusal, "rt-utilization cpu=%u server=%s utilization_ppb=%llu limit_ppb=%llu\n",
			    cpu, victim, v.value, v.limit);
		break;
	case VRES_ADM_FAIR_WINDOW:
		pr_info("admission refused for %s on cpu%u: server %s would be preempted by the fair server (demand %llu ns > %llu ns in its window)\n",
			cand->name, cpu, victim, v.value, v.limit);
		vres_refuse(cand->refusal, "fair-window cpu=%u server=%s demand_ns=%llu limit_ns=%llu\n",
			    cpu, victim, v.value, v.limit);
		break;
	case VRES_ADM_PRIO:
		pr_info("admission refused for %s on cpu%u: server %s would get no priority (%llu servers, %llu priorities in prio_min..prio_max)\n",
			cand->name, cpu, victim, v.value, v.limit);
		vres_refuse(cand->refusal, "priorities cpu=%u server=%s servers=%llu limit=%llu\n",
			    cpu, victim, v.value, v.limit);
		break;
	case VRES_ADM_COST:
		pr_info("admission refused for %s on cpu%u: the analysis of its servers needs more than %llu steps\n",
			cand->name, cpu, v.limit);
		vres_refuse(cand->refusal, "too-costly cpu=%u steps_max=%llu\n",
			    cpu, v.limit);
		return -E2BIG;
	default:
		WARN_ON_ONCE(1);
		break;
	}
	return -ENOSPC;
}

/*
 * Context: vres_config_mutex held.
 * Give the servers of @set their Rate Monotonic priorities, prio_max
 * downwards, and apply changed ones to attached threads.
 */
static void vres_cpu_set_remap(struct vres_cpu_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++) {
		struct vres_server *srv = set->srv[i].priv;
		int prio = vres_prio_max - i;

		if (srv->prio != prio) {
			WRITE_ONCE(srv->prio, prio);
			vres_apply_prio(srv);
		}
	}
}

/* Context: vres_config_mutex held. Re-map @cpu without admission. */
void vres_cpu_remap(unsigned int cpu)
{
	struct vres_cpu_set set;

	if (vres_cpu_set_build(&set, cpu, NULL, 0, 0, 0)) {
		pr_warn("cpu%u: out of memory, priorities not re-mapped\n", cpu);
		return;
	}
	vres_cpu_set_remap(&set);
	kfree(set.srv);
}

/*
 * Context: vres_config_mutex held.
 * Guest guard: -EDOM if @srv carries a guest task set that (@budget,
 * @period) cannot schedule under the exact supply model, -E2BIG if that
 * is too costly to tell (VRES_ANALYSIS_STEPS_MAX); the reason goes to
 * @srv's refusal. On success *@least is the guest task with the least
 * slack and *@least_resp its response time (zero if nothing was analysed),
 * for the caller to keep with what it commits (guest_slack).
 */
static int vres_guest_check(struct vres_server *srv, u64 budget, u64 period,
			    struct vres_guest_task *tasks, unsigned int nr,
			    struct vres_guest_task *least, u64 *least_resp)
{
	struct vres_guest_task *copy;
	struct vres_adm_verdict v;
	int ret;

	memset(least, 0, sizeof(*least));
	*least_resp = 0;
	if (!nr || !budget)
		return 0;
	copy = kmemdup(tasks, nr * sizeof(*tasks), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	ret = vres_guest_admit(budget, period, copy, nr, &v);
	if (ret > 0 && v.result == VRES_ADM_COST) {
		pr_info("guest guard of %s refused (%llu, %llu): its guest task set needs more than %llu steps of analysis\n",
			srv->name, budget, period, v.limit);
		vres_refuse(srv->refusal, "guest-too-costly steps_max=%llu\n",
			    v.limit);
		ret = -E2BIG;
	} else if (ret > 0) {
		pr_info("guest guard of %s refused (%llu, %llu): guest task (%llu, %llu) would miss its deadline of %llu ns\n",
			srv->name, budget, period, copy[v.index].period_ns,
			copy[v.index].wcet_ns, v.limit);
		vres_refuse(srv->refusal, "guest-miss budget_ns=%llu period_ns=%llu task_period_ns=%llu task_wcet_ns=%llu task_deadline_ns=%llu\n",
			    budget, period, copy[v.index].period_ns,
			    copy[v.index].wcet_ns, v.limit);
		ret = -EDOM;
	} else if (!ret) {
		/* What the guard accepts, and how close it came: guest_slack. */
		*least = copy[v.index];
		*least_resp = v.value;
	}
	kfree(copy);
	return ret;
}

/*
 * Context: vres_config_mutex held. Admit and commit new (budget, period,
 * overhead) for @srv on its CPU.
 */
int vres_change(struct vres_server *srv, u64 budget, u64 period,
		u64 overhead)
{
	struct vres_guest_task least;
	struct vres_cpu_set set;
	u64 least_resp;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	ret = vres_cpu_set_build(&set, srv->cpu, srv, budget, period,
				 overhead);
	if (ret)
		return ret;
	/* The servers' analysis first: it is the cheaper, and bounded. */
	ret = vres_cpu_set_admit(&set, srv->cpu, srv);
	if (!ret)
		ret = vres_guest_check(srv, budget, period, srv->guest,
				       srv->nr_guest, &least, &least_resp);
	if (!ret) {
		vres_set_params(srv, budget, period);
		srv->overhead_ns = overhead;
		srv->guest_least = least;
		srv->guest_least_resp = least_resp;
		vres_cpu_set_remap(&set);
	}
	kfree(set.srv);
	return ret;
}

/*
 * Context: vres_config_mutex held. The servers configured on @cpu, sorted
 * by priority: 0 or -ENOMEM; free set->srv with kfree().
 */
int vres_cpu_set_get(struct vres_cpu_set *set, unsigned int cpu)
{
	return vres_cpu_set_build(set, cpu, NULL, 0, 0, 0);
}

/*
 * Context: vres_config_mutex held. Move @srv, alive, to @cpu: admitted
 * there if it is configured, and then both CPUs' priorities re-mapped.
 * -EBUSY while a thread is attached (it runs pinned to the old CPU).
 */
int vres_move(struct vres_server *srv, unsigned int cpu)
{
	struct vres_cpu_set set = { };
	unsigned int old = srv->cpu;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	if (cpu == old)
		return 0;
	if (srv->task)
		return -EBUSY;
	if (srv->budget_ns) {
		ret = vres_cpu_set_build(&set, cpu, srv, srv->budget_ns,
					 srv->period_ns, srv->overhead_ns);
		if (ret)
			return ret;
		ret = vres_cpu_set_admit(&set, cpu, srv);
		if (ret)
			goto free_set;
	}
	ret = 0;
	WRITE_ONCE(srv->cpu, cpu);
	if (srv->budget_ns) {
		vres_cpu_set_remap(&set);
		vres_cpu_remap(old);
	}
free_set:
	kfree(set.srv);
	return ret;
}

/*
 * Context: vres_config_mutex held. Give @srv, alive, the guest task set
 * *@tasks (@nr of them, none to remove it) if its (budget, period)
 * schedules it: then @srv owns the array and *@tasks is NULL.
 */
int vres_change_guest(struct vres_server *srv, struct vres_guest_task **tasks,
		      unsigned int nr)
{
	struct vres_guest_task least;
	u64 least_resp;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	ret = vres_guest_check(srv, srv->budget_ns, srv->period_ns, *tasks, nr,
			       &least, &least_resp);
	if (ret)
		return ret;
	srv->guest_least = least;
	srv->guest_least_resp = least_resp;
	kfree(srv->guest);
	srv->guest = nr ? *tasks : NULL;
	srv->nr_guest = nr;
	if (nr)
		*tasks = NULL;
	return 0;
}
