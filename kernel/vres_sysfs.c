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
 * text first (vres_parse.c), then takes vres_config_mutex and hands the
 * change to vres_control.c, which admits it before it changes anything:
 * a refused write leaves the state exactly as it was. The format of every
 * file is in Documentation/ABI/testing/sysfs-kernel-vres.
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

/*
 * Refusals. The reason of the last refused write is kept where user space
 * reads it (servers/NAME/refusal, or the root's refusal for create): one
 * line, a keyword and "key=value" fields, documented in
 * Documentation/ABI/testing/sysfs-kernel-vres. The kernel log gets an
 * English line too, for people; programs read the file.
 */
static char vres_root_refusal[VRES_REFUSAL_MAX];

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
	unsigned int cpu;
	int ret;

	ret = vres_parse_cpu(buf, nr_cpu_ids, &cpu);
	if (!ret && !cpu_online(cpu))
		ret = -ERANGE;
	if (ret)
		return ret;
	mutex_lock(&vres_config_mutex);
	ret = srv->dead ? -ENOENT : vres_move(srv, cpu);
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
	struct vres_guest_task *tasks;
	unsigned int nr;
	int ret;

	tasks = kcalloc(VRES_GUEST_TASKS_MAX, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	ret = vres_parse_guest_tasks(buf, tasks, VRES_GUEST_TASKS_MAX, &nr);
	if (ret)
		goto free_tasks;
	mutex_lock(&vres_config_mutex);
	ret = srv->dead ? -ENOENT : vres_change_guest(srv, &tasks, nr);
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
	if (vres_cpu_set_get(&set, to_cpu_dir(kobj)->cpu)) {
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
	if (vres_cpu_set_get(&set, to_cpu_dir(kobj)->cpu)) {
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
	if (vres_server_count() >= READ_ONCE(vres_max_servers)) {
		vres_refuse(vres_root_refusal, "servers-limit servers=%u limit=%u\n",
			    vres_server_count(), READ_ONCE(vres_max_servers));
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
	vres_server_link(srv);
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
	vres_server_unlink(srv);
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
		srv = vres_server_first();
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
