// SPDX-License-Identifier: GPL-2.0
/*
 * vres: the sysfs interface, /sys/kernel/vres.
 *
 *   version, create, destroy, refusal, measured_overhead
 *   cpus/cpuN/{servers,utilization,host_limits}
 *   servers/NAME/{params,overhead_ns,cpu,mode,tid,priority,state,
 *                 guest_tasks,stats,refusal}
 *
 * One structure per directory embeds its kobject. Every store parses the
 * text first (vres_parse.c), then takes vres_config_mutex, checks, runs
 * admission control if the change affects it, and only then changes
 * anything: a refused write leaves the state exactly as it was. The
 * format of every file is in Documentation/ABI/testing/sysfs-kernel-vres.
 *
 * Removing a server directory waits for its files' readers and writers
 * (kernfs drains them), and they may be waiting for vres_config_mutex: so
 * a server is first marked dead under the mutex (its stores fail with
 * -ENOENT, its name stays taken), then removed from sysfs without the
 * mutex, then unlinked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "vres.h"
#include "vres_admission.h"
#include "vres_parse.h"

#define VRES_VERSION "0.1.0"

/*
 * vres_config_mutex: protects vres_servers, the configuration fields of
 * every server (see struct vres_server), attach/detach and the priority
 * map. Taken by sysfs writers and readers, module init and exit: process
 * context only.
 */
DEFINE_MUTEX(vres_config_mutex);
static LIST_HEAD(vres_servers);
static unsigned int vres_nr_servers;	/* in vres_servers, dead or alive */

static struct kobject *vres_root_kobj;
static struct kobject *vres_cpus_kobj;
static struct kobject *vres_servers_kobj;

/**
 * struct vres_cpu_dir - cpus/cpuN
 * @kobj: the directory
 * @cpu:  N
 */
struct vres_cpu_dir {
	struct kobject kobj;
	unsigned int cpu;
};

static struct vres_cpu_dir **vres_cpu_dirs;

static struct vres_server *to_server(struct kobject *kobj)
{
	return container_of(kobj, struct vres_server, kobj);
}

/* Context: vres_config_mutex held. Live (not dead) server named @name. */
static struct vres_server *vres_find(const char *name, bool include_dead)
{
	struct vres_server *srv;

	lockdep_assert_held(&vres_config_mutex);
	list_for_each_entry(srv, &vres_servers, node)
		if (!strcmp(srv->name, name) && (include_dead || !srv->dead))
			return srv;
	return NULL;
}

static bool vres_configured(const struct vres_server *srv)
{
	return srv->budget_ns && !srv->dead;
}

/*
 * Refusals. The reason of the last refused write is kept where user space
 * reads it (servers/NAME/refusal, or the root's refusal for create): one
 * line, a keyword and "key=value" fields, documented in
 * Documentation/ABI/testing/sysfs-kernel-vres. The kernel log gets an
 * English line too, for people; programs read the file.
 */
static char vres_root_refusal[VRES_REFUSAL_MAX];

/* Context: vres_config_mutex held. */
static __printf(2, 3) void vres_refuse(char *refusal, const char *fmt, ...)
{
	va_list args;

	lockdep_assert_held(&vres_config_mutex);
	va_start(args, fmt);
	vscnprintf(refusal, VRES_REFUSAL_MAX, fmt, args);
	va_end(args);
}

/*
 * Context: process. The end of a store to @file of @srv: clear the
 * refusal after a success; after a failure, keep the reason the checks
 * left, or give the errno's.
 */
static ssize_t vres_store_done(struct vres_server *srv, const char *file,
			       int ret, size_t count)
{
	mutex_lock(&vres_config_mutex);
	if (!ret)
		srv->refusal[0] = '\0';
	else if (ret == -EINVAL)
		vres_refuse(srv->refusal, "invalid file=%s\n", file);
	else if (ret == -ERANGE)
		vres_refuse(srv->refusal, "range file=%s\n", file);
	else if (ret != -ENOSPC && ret != -EDOM && ret != -E2BIG)
		vres_refuse(srv->refusal, "error file=%s errno=%d\n", file,
			    -ret);
	mutex_unlock(&vres_config_mutex);
	return ret ? ret : count;
}

/*
 * Context: process. Writers need the capability a scheduler change needs,
 * in the initial user namespace: the file modes alone would let root of
 * any namespace that sees this sysfs configure the host.
 */
static bool vres_may_configure(void)
{
	return capable(CAP_SYS_NICE);
}

/**
 * struct vres_cpu_set - the configured servers of one CPU, RM-sorted
 * @srv: their admission view; srv[i].priv is the struct vres_server
 * @nr:  how many
 */
struct vres_cpu_set {
	struct vres_adm_server *srv;
	unsigned int nr;
};

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
static void vres_cpu_remap(unsigned int cpu)
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
 * Context: process. Admit and commit new (budget, period, overhead) for
 * @srv on its CPU.
 */
static int vres_change(struct vres_server *srv, u64 budget, u64 period,
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

/* ---- servers/NAME/ ---- */

/*
 * A file of a server's directory. Its ->store() parses and applies a write
 * and returns 0 or -errno; vres_server_attr_store() does around it what
 * every write needs: the capability check first (EPERM, nothing recorded),
 * and after it the server's refusal file, under the file's name.
 */
struct vres_server_attr {
	struct attribute attr;
	ssize_t (*show)(struct vres_server *srv, char *buf);
	int (*store)(struct vres_server *srv, const char *buf);
};

#define VRES_SERVER_ATTR(_name, _mode, _show, _store)			\
	struct vres_server_attr vres_##_name##_attr = {			\
		.attr = { .name = __stringify(_name), .mode = _mode },	\
		.show = _show,						\
		.store = _store,					\
	}

static ssize_t vres_server_attr_show(struct kobject *kobj,
				     struct attribute *attr, char *buf)
{
	struct vres_server_attr *a =
		container_of(attr, struct vres_server_attr, attr);

	return a->show ? a->show(to_server(kobj), buf) : -EIO;
}

/* Context: process (a write(2) to the file). */
static ssize_t vres_server_attr_store(struct kobject *kobj,
				      struct attribute *attr,
				      const char *buf, size_t count)
{
	struct vres_server_attr *a =
		container_of(attr, struct vres_server_attr, attr);
	struct vres_server *srv = to_server(kobj);

	if (!a->store)
		return -EIO;
	if (!vres_may_configure())
		return -EPERM;
	return vres_store_done(srv, attr->name, a->store(srv, buf), count);
}

static const struct sysfs_ops vres_server_sysfs_ops = {
	.show = vres_server_attr_show,
	.store = vres_server_attr_store,
};

static ssize_t params_show(struct vres_server *srv, char *buf)
{
	ssize_t len;

	mutex_lock(&vres_config_mutex);
	len = sysfs_emit(buf, "%llu %llu\n", srv->budget_ns, srv->period_ns);
	mutex_unlock(&vres_config_mutex);
	return len;
}

static int params_store(struct vres_server *srv, const char *buf)
{
	u64 budget, period;
	int ret;

	ret = vres_parse_params(buf, &budget, &period);
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	ret = srv->dead ? -ENOENT :
			  vres_change(srv, budget, period, srv->overhead_ns);
	mutex_unlock(&vres_config_mutex);
	return ret;
}

static ssize_t overhead_ns_show(struct vres_server *srv, char *buf)
{

	return sysfs_emit(buf, "%llu\n", READ_ONCE(srv->overhead_ns));
}

static int overhead_ns_store(struct vres_server *srv, const char *buf)
{
	u64 overhead;
	int ret;

	ret = vres_parse_overhead(buf, &overhead);
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	if (srv->dead)
		ret = -ENOENT;
	else if (!srv->budget_ns)
		srv->overhead_ns = overhead;	/* not admitted yet */
	else
		ret = vres_change(srv, srv->budget_ns, srv->period_ns,
				  overhead);
	mutex_unlock(&vres_config_mutex);
	return ret;
}

static ssize_t cpu_show(struct vres_server *srv, char *buf)
{

	return sysfs_emit(buf, "%u\n", READ_ONCE(srv->cpu));
}

/*
 * Moving a configured server is admission-controlled on the new CPU; the
 * old CPU's servers only move up. A server with a thread attached cannot
 * move (-EBUSY): detach, move, attach.
 */
static int cpu_store(struct vres_server *srv, const char *buf)
{
	struct vres_cpu_set set = { };
	unsigned int cpu, old;
	int ret;

	ret = vres_parse_cpu(buf, nr_cpu_ids, &cpu);
	if (!ret && !cpu_online(cpu))
		ret = -ERANGE;
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	ret = -ENOENT;
	if (srv->dead)
		goto unlock;
	ret = 0;
	old = srv->cpu;
	if (cpu == old)
		goto unlock;
	ret = -EBUSY;
	if (srv->task)
		goto unlock;
	if (srv->budget_ns) {
		ret = vres_cpu_set_build(&set, cpu, srv, srv->budget_ns,
					 srv->period_ns, srv->overhead_ns);
		if (ret)
			goto unlock;
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
unlock:
	mutex_unlock(&vres_config_mutex);
	return ret;
}

static ssize_t mode_show(struct vres_server *srv, char *buf)
{

	return sysfs_emit(buf, "%s\n", vres_mode_names[READ_ONCE(srv->mode)]);
}

static int mode_store(struct vres_server *srv, const char *buf)
{
	enum vres_mode mode;
	int ret;

	ret = vres_parse_mode(buf, &mode);
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	ret = srv->dead ? -ENOENT : vres_set_mode(srv, mode);
	mutex_unlock(&vres_config_mutex);
	return ret;
}

static ssize_t tid_show(struct vres_server *srv, char *buf)
{
	pid_t tid = 0;

	raw_spin_lock_irq(&srv->lock);
	if (srv->task)
		tid = task_pid_vnr(srv->task);
	raw_spin_unlock_irq(&srv->lock);
	return sysfs_emit(buf, "%d\n", tid);
}

static int tid_store(struct vres_server *srv, const char *buf)
{
	int tid, ret;

	ret = vres_parse_tid(buf, &tid);
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	if (srv->dead)
		ret = -ENOENT;
	else if (tid)
		ret = vres_attach(srv, tid);
	else
		vres_detach(srv);
	mutex_unlock(&vres_config_mutex);
	return ret;
}

static ssize_t priority_show(struct vres_server *srv, char *buf)
{

	return sysfs_emit(buf, "%d\n", READ_ONCE(srv->prio));
}

static ssize_t state_show(struct vres_server *srv, char *buf)
{

	return sysfs_emit(buf, "%s\n",
			  vres_state_names[vres_server_get_state(srv)]);
}

static ssize_t guest_tasks_show(struct vres_server *srv, char *buf)
{
	unsigned int i;
	int len = 0;

	mutex_lock(&vres_config_mutex);
	for (i = 0; i < srv->nr_guest; i++)
		len += sysfs_emit_at(buf, len, "%llu %llu %llu\n",
				     srv->guest[i].period_ns,
				     srv->guest[i].wcet_ns,
				     srv->guest[i].deadline_ns);
	mutex_unlock(&vres_config_mutex);
	return len;
}

static int guest_tasks_store(struct vres_server *srv, const char *buf)
{
	struct vres_guest_task *tasks, *old, least;
	unsigned int nr;
	u64 least_resp;
	int ret;

	tasks = kcalloc(VRES_GUEST_TASKS_MAX, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	ret = vres_parse_guest_tasks(buf, tasks, VRES_GUEST_TASKS_MAX, &nr);
	if (ret)
		goto free_tasks;
	mutex_lock(&vres_config_mutex);
	ret = -ENOENT;
	if (srv->dead)
		goto unlock;
	ret = vres_guest_check(srv, srv->budget_ns, srv->period_ns, tasks, nr,
			       &least, &least_resp);
	if (ret)
		goto unlock;
	srv->guest_least = least;
	srv->guest_least_resp = least_resp;
	old = srv->guest;
	srv->guest = nr ? tasks : NULL;
	srv->nr_guest = nr;
	if (nr)
		tasks = NULL;
	kfree(old);
unlock:
	mutex_unlock(&vres_config_mutex);
free_tasks:
	kfree(tasks);
	return ret;
}

/*
 * The margin of what the guest guard accepted: the guest task with the
 * least slack D - R on the server's (budget, period), or "none".
 */
static ssize_t guest_slack_show(struct vres_server *srv, char *buf)
{
	const struct vres_guest_task *t = &srv->guest_least;
	ssize_t len;

	mutex_lock(&vres_config_mutex);
	if (!t->period_ns)
		len = sysfs_emit(buf, "none\n");
	else
		len = sysfs_emit(buf, "task_period_ns %llu task_wcet_ns %llu task_deadline_ns %llu response_ns %llu slack_ns %llu\n",
				 t->period_ns, t->wcet_ns, t->deadline_ns,
				 srv->guest_least_resp,
				 t->deadline_ns - srv->guest_least_resp);
	mutex_unlock(&vres_config_mutex);
	return len;
}

static ssize_t stats_show(struct vres_server *srv, char *buf)
{
	u64 stats[VRES_STAT_NR];
	int i, len = 0;

	vres_read_stats(srv, stats);
	for (i = 0; i < VRES_STAT_NR; i++)
		len += sysfs_emit_at(buf, len, "%s %llu\n", vres_stat_names[i],
				     stats[i]);
	return len;
}

static int stats_store(struct vres_server *srv, const char *buf)
{
	int ret;

	ret = vres_parse_stats_reset(buf);
	if (!ret)
		vres_reset_stats(srv);
	return ret;
}

static ssize_t refusal_show(struct vres_server *srv, char *buf)
{
	ssize_t len;

	mutex_lock(&vres_config_mutex);
	len = sysfs_emit(buf, "%s", srv->refusal);
	mutex_unlock(&vres_config_mutex);
	return len;
}

static VRES_SERVER_ATTR(params, 0644, params_show, params_store);
static VRES_SERVER_ATTR(overhead_ns, 0644, overhead_ns_show,
			overhead_ns_store);
static VRES_SERVER_ATTR(cpu, 0644, cpu_show, cpu_store);
static VRES_SERVER_ATTR(mode, 0644, mode_show, mode_store);
/* Thread ids of other processes: for root's eyes only. */
static VRES_SERVER_ATTR(tid, 0600, tid_show, tid_store);
static VRES_SERVER_ATTR(priority, 0444, priority_show, NULL);
static VRES_SERVER_ATTR(state, 0444, state_show, NULL);
static VRES_SERVER_ATTR(guest_tasks, 0644, guest_tasks_show,
			guest_tasks_store);
static VRES_SERVER_ATTR(guest_slack, 0444, guest_slack_show, NULL);
static VRES_SERVER_ATTR(stats, 0600, stats_show, stats_store);
static VRES_SERVER_ATTR(refusal, 0444, refusal_show, NULL);

static struct attribute *vres_server_attrs[] = {
	&vres_params_attr.attr,
	&vres_overhead_ns_attr.attr,
	&vres_cpu_attr.attr,
	&vres_mode_attr.attr,
	&vres_tid_attr.attr,
	&vres_priority_attr.attr,
	&vres_state_attr.attr,
	&vres_guest_tasks_attr.attr,
	&vres_guest_slack_attr.attr,
	&vres_stats_attr.attr,
	&vres_refusal_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vres_server);

/*
 * Context: process or the throttle task_work (whoever drops the last
 * reference); never with a lock held. Hash readers may still see the
 * server for a grace period after it was detached: free after RCU.
 */
static void vres_server_release(struct kobject *kobj)
{
	struct vres_server *srv = to_server(kobj);

	free_cpumask_var(srv->saved_mask);
	kfree(srv->guest);
	kfree_rcu(srv, rcu);
}

static const struct kobj_type vres_server_ktype = {
	.release = vres_server_release,
	.sysfs_ops = &vres_server_sysfs_ops,
	.default_groups = vres_server_groups,
};

/* ---- cpus/cpuN/ ---- */

static struct vres_cpu_dir *to_cpu_dir(struct kobject *kobj)
{
	return container_of(kobj, struct vres_cpu_dir, kobj);
}

static ssize_t servers_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct vres_cpu_set set;
	unsigned int i;
	int len = 0;

	mutex_lock(&vres_config_mutex);
	if (vres_cpu_set_build(&set, to_cpu_dir(kobj)->cpu, NULL, 0, 0, 0)) {
		mutex_unlock(&vres_config_mutex);
		return -ENOMEM;
	}
	for (i = 0; i < set.nr; i++)
		len += sysfs_emit_at(buf, len, "%s\n", set.srv[i].name);
	mutex_unlock(&vres_config_mutex);
	kfree(set.srv);
	return len;
}

static ssize_t utilization_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct vres_cpu_set set;
	u64 ppm;

	mutex_lock(&vres_config_mutex);
	if (vres_cpu_set_build(&set, to_cpu_dir(kobj)->cpu, NULL, 0, 0, 0)) {
		mutex_unlock(&vres_config_mutex);
		return -ENOMEM;
	}
	ppm = vres_adm_utilization_ppm(set.srv, set.nr);
	mutex_unlock(&vres_config_mutex);
	kfree(set.srv);
	return sysfs_emit(buf, "%llu\n", ppm);
}

/* What admission control assumes the kernel takes from SCHED_FIFO here. */
static ssize_t host_limits_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct vres_adm_limits lim;
	bool seen;
	int len;

	seen = vres_host_limits(to_cpu_dir(kobj)->cpu, &lim);
	if (lim.rt_runtime_ns == VRES_ADM_INF)
		len = sysfs_emit(buf, "rt_runtime_ns none");
	else
		len = sysfs_emit(buf, "rt_runtime_ns %llu rt_period_ns %llu",
				 lim.rt_runtime_ns, lim.rt_period_ns);
	len += sysfs_emit_at(buf, len, " fair_runtime_ns %llu fair_period_ns %llu fair_from %s\n",
			     lim.fair_runtime_ns, lim.fair_period_ns,
			     seen ? "kernel" : "parameters");
	return len;
}

static struct kobj_attribute vres_servers_attr = __ATTR_RO(servers);
static struct kobj_attribute vres_utilization_attr = __ATTR_RO(utilization);
static struct kobj_attribute vres_host_limits_attr = __ATTR_RO(host_limits);

static struct attribute *vres_cpu_attrs[] = {
	&vres_servers_attr.attr,
	&vres_utilization_attr.attr,
	&vres_host_limits_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vres_cpu);

static void vres_cpu_release(struct kobject *kobj)
{
	kfree(to_cpu_dir(kobj));
}

static const struct kobj_type vres_cpu_ktype = {
	.release = vres_cpu_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vres_cpu_groups,
};

/* ---- /sys/kernel/vres/ ---- */

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", VRES_VERSION);
}

static ssize_t create_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char name[VRES_NAME_MAX + 1];
	struct vres_server *srv;
	int ret;

	if (!vres_may_configure())
		return -EPERM;
	ret = vres_parse_name(buf, name);
	mutex_lock(&vres_config_mutex);
	if (ret) {
		vres_refuse(vres_root_refusal, "invalid file=create\n");
		goto unlock;
	}
	ret = -EEXIST;
	if (vres_find(name, true)) {
		vres_refuse(vres_root_refusal, "exists server=%s\n", name);
		goto unlock;
	}
	ret = -ENOSPC;
	if (vres_nr_servers >= READ_ONCE(vres_max_servers)) {
		vres_refuse(vres_root_refusal, "servers-limit servers=%u limit=%u\n",
			    vres_nr_servers, READ_ONCE(vres_max_servers));
		goto unlock;
	}
	ret = -ENOMEM;
	srv = kzalloc(sizeof(*srv), GFP_KERNEL);
	if (!srv)
		goto unlock;
	if (!zalloc_cpumask_var(&srv->saved_mask, GFP_KERNEL))
		goto free_srv;
	strscpy(srv->name, name, sizeof(srv->name));
	srv->cpu = cpumask_first(cpu_online_mask);
	srv->mode = VRES_MODE_HARD;
	vres_sched_server_init(srv);
	ret = kobject_init_and_add(&srv->kobj, &vres_server_ktype,
				   vres_servers_kobj, "%s", name);
	if (ret)
		goto put_kobj;
	list_add_tail(&srv->node, &vres_servers);
	vres_nr_servers++;
	vres_root_refusal[0] = '\0';
	mutex_unlock(&vres_config_mutex);
	return count;

put_kobj:
	kobject_put(&srv->kobj);	/* frees srv */
	goto unlock;
free_srv:
	kfree(srv);
unlock:
	mutex_unlock(&vres_config_mutex);
	return ret;
}

/*
 * Context: process. Detach, re-map the CPU, remove from sysfs and drop
 * the list's reference (a queued throttle work may hold the last one).
 * Called without vres_config_mutex: see the file comment.
 */
static void vres_server_remove(struct vres_server *srv)
{
	mutex_lock(&vres_config_mutex);
	srv->dead = true;
	vres_detach(srv);
	if (srv->budget_ns)
		vres_cpu_remap(srv->cpu);
	mutex_unlock(&vres_config_mutex);

	kobject_del(&srv->kobj);

	mutex_lock(&vres_config_mutex);
	list_del(&srv->node);
	vres_nr_servers--;
	mutex_unlock(&vres_config_mutex);
	kobject_put(&srv->kobj);
}

static ssize_t destroy_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	char name[VRES_NAME_MAX + 1];
	struct vres_server *srv;
	int ret;

	if (!vres_may_configure())
		return -EPERM;
	ret = vres_parse_name(buf, name);
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	srv = vres_find(name, false);
	if (srv)
		srv->dead = true;	/* ours to remove */
	mutex_unlock(&vres_config_mutex);
	if (!srv)
		return -ENOENT;
	vres_server_remove(srv);
	return count;
}

static ssize_t root_refusal_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	ssize_t len;

	mutex_lock(&vres_config_mutex);
	len = sysfs_emit(buf, "%s", vres_root_refusal);
	mutex_unlock(&vres_config_mutex);
	return len;
}

static ssize_t measured_overhead_show(struct kobject *kobj,
				      struct kobj_attribute *attr, char *buf)
{
	struct vres_resume_cost rc;

	vres_read_resume_cost(&rc);
	return sysfs_emit(buf, "resumes %llu\nresume_max_ns %llu\nresume_total_ns %llu\n",
			  rc.resumes, rc.max_ns, rc.total_ns);
}

static struct kobj_attribute vres_version_attr = __ATTR_RO(version);
static struct kobj_attribute vres_measured_overhead_attr =
	__ATTR(measured_overhead, 0444, measured_overhead_show, NULL);
static struct kobj_attribute vres_root_refusal_attr =
	__ATTR(refusal, 0444, root_refusal_show, NULL);
static struct kobj_attribute vres_create_attr = __ATTR_WO(create);
static struct kobj_attribute vres_destroy_attr = __ATTR_WO(destroy);

static struct attribute *vres_root_attrs[] = {
	&vres_version_attr.attr,
	&vres_create_attr.attr,
	&vres_destroy_attr.attr,
	&vres_root_refusal_attr.attr,
	&vres_measured_overhead_attr.attr,
	NULL,
};

static const struct attribute_group vres_root_group = {
	.attrs = vres_root_attrs,
};

static void vres_cpu_dirs_free(void)
{
	unsigned int cpu;

	if (!vres_cpu_dirs)
		return;
	for_each_possible_cpu(cpu)
		if (vres_cpu_dirs[cpu])
			kobject_put(&vres_cpu_dirs[cpu]->kobj);
	kfree(vres_cpu_dirs);
	vres_cpu_dirs = NULL;
}

static int vres_cpu_dirs_create(void)
{
	unsigned int cpu;
	int ret;

	vres_cpu_dirs = kcalloc(nr_cpu_ids, sizeof(*vres_cpu_dirs),
				GFP_KERNEL);
	if (!vres_cpu_dirs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct vres_cpu_dir *dir = kzalloc(sizeof(*dir), GFP_KERNEL);

		if (!dir)
			return -ENOMEM;
		dir->cpu = cpu;
		ret = kobject_init_and_add(&dir->kobj, &vres_cpu_ktype,
					   vres_cpus_kobj, "cpu%u", cpu);
		vres_cpu_dirs[cpu] = dir;	/* put by vres_cpu_dirs_free() */
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vres_sysfs_init() - create /sys/kernel/vres
 *
 * Context: process (module init).
 * Return: 0 or a negative errno (nothing left behind).
 */
int vres_sysfs_init(void)
{
	int ret = -ENOMEM;

	vres_root_kobj = kobject_create_and_add("vres", kernel_kobj);
	if (!vres_root_kobj)
		return -ENOMEM;
	vres_cpus_kobj = kobject_create_and_add("cpus", vres_root_kobj);
	if (!vres_cpus_kobj)
		goto put_root;
	vres_servers_kobj = kobject_create_and_add("servers", vres_root_kobj);
	if (!vres_servers_kobj)
		goto put_cpus;
	ret = vres_cpu_dirs_create();
	if (ret)
		goto free_cpu_dirs;
	ret = sysfs_create_group(vres_root_kobj, &vres_root_group);
	if (ret)
		goto free_cpu_dirs;
	return 0;

free_cpu_dirs:
	vres_cpu_dirs_free();
	kobject_put(vres_servers_kobj);
put_cpus:
	kobject_put(vres_cpus_kobj);
put_root:
	kobject_put(vres_root_kobj);
	return ret;
}

/**
 * vres_sysfs_exit() - remove every server and /sys/kernel/vres
 *
 * Removes create/destroy first (waiting for writers in flight), then every
 * server (detaching and restoring its thread).
 *
 * Context: process (module exit); sleeps.
 */
void vres_sysfs_exit(void)
{
	struct vres_server *srv;

	sysfs_remove_group(vres_root_kobj, &vres_root_group);
	for (;;) {
		mutex_lock(&vres_config_mutex);
		srv = list_first_entry_or_null(&vres_servers,
					       struct vres_server, node);
		if (srv && srv->dead)
			srv = NULL;	/* cannot happen: no writer is left */
		if (srv)
			srv->dead = true;
		mutex_unlock(&vres_config_mutex);
		if (!srv)
			break;
		vres_server_remove(srv);
	}
	vres_cpu_dirs_free();
	kobject_put(vres_servers_kobj);
	kobject_put(vres_cpus_kobj);
	kobject_put(vres_root_kobj);
}
