// SPDX-License-Identifier: GPL-2.0
/*
 * admit.c - admission control's answer for a plan, without changing
 * anything: would this host accept the plan's servers, on which CPUs,
 * and what would remain free.
 *
 * The answer is the module's own: kernel/vres_admission.c, compiled here
 * unchanged (lib/kshim), run on what the module shows in sysfs -- every
 * configured server's CPU, params and overhead_ns, each CPU's
 * host_limits, and the module's priority band (prio_min, prio_max). The
 * plan's servers are placed as "vresctl attach" places them: vCPU i on
 * the (i mod n)-th CPU of a list, or else on the least loaded online CPU
 * whose admission control accepts it, each after the ones before it.
 * Servers that already have a plan server's name count as replaced, as
 * the module counts a server whose params change.
 *
 * It is a snapshot: a server created meanwhile can change the answer, and
 * only the module's answer to the real writes is binding.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "vres_admission.h"

/* The servers one CPU has, as admission control sees them. */
struct cpu_set {
	unsigned int cpu;
	bool online;
	struct vres_adm_limits lim;
	unsigned int nr, cap;
	struct vres_adm_server *srv;
};

/* Add @s to @set; -ENOMEM. */
static int set_push(struct cpu_set *set, const struct vres_adm_server *s)
{
	struct vres_adm_server *v;

	if (set->nr == set->cap) {
		v = realloc(set->srv, (set->cap ? 2 * set->cap : 8) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		set->srv = v;
		set->cap = set->cap ? 2 * set->cap : 8;
	}
	set->srv[set->nr++] = *s;
	return 0;
}

static int read_u64_file(const char *path, unsigned long long *v)
{
	char buf[64];
	int ret = vsys_read_file(path, buf, sizeof(buf));

	if (ret < 0)
		return ret;
	return sscanf(buf, "%llu", v) == 1 ? 0 : -EPROTO;
}

/* The priority band's width, from the module's parameters. */
static int read_nr_prio(unsigned int *nr)
{
	char path[PATH_MAX];
	unsigned long long lo, hi;
	int ret;

	ret = vsys_path(path, sizeof(path), "../../module/vres/parameters/prio_max");
	if (!ret)
		ret = read_u64_file(path, &hi);
	if (!ret && !(ret = vsys_path(path, sizeof(path),
				      "../../module/vres/parameters/prio_min")))
		ret = read_u64_file(path, &lo);
	if (ret)
		return ret;
	if (hi < lo)
		return -EPROTO;
	*nr = (unsigned int)(hi - lo + 1);
	return 0;
}

/* cpus/cpuN/host_limits into @lim (all but nr_prio). */
static int read_limits(unsigned int cpu, struct vres_adm_limits *lim)
{
	char path[PATH_MAX], buf[256], *p;
	unsigned long long q, pp, fq, fp;
	int ret;

	ret = vsys_path(path, sizeof(path), "cpus/cpu%u/host_limits", cpu);
	if (!ret)
		ret = vsys_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	lim->rt_runtime_ns = VRES_ADM_INF;
	lim->rt_period_ns = 0;
	if (sscanf(buf, "rt_runtime_ns %llu rt_period_ns %llu", &q, &pp) == 2) {
		lim->rt_runtime_ns = q;
		lim->rt_period_ns = pp;
	} else if (strncmp(buf, "rt_runtime_ns none", 18)) {
		return -EPROTO;
	}
	p = strstr(buf, "fair_runtime_ns ");
	if (!p || sscanf(p, "fair_runtime_ns %llu fair_period_ns %llu", &fq,
			 &fp) != 2)
		return -EPROTO;
	lim->fair_runtime_ns = fq;
	lim->fair_period_ns = fp;
	return 0;
}

/* Is @name one of the plan's servers (@prefix.N, N < @n)? */
static bool is_plan_server(const char *name, const char *prefix,
			   unsigned int n)
{
	size_t len = strlen(prefix);
	char *end;
	unsigned long i;

	if (strncmp(name, prefix, len) || name[len] != '.')
		return false;
	i = strtoul(name + len + 1, &end, 10);
	return !*end && end != name + len + 1 && i < n;
}

/* The configured servers of every CPU in @sets[0..@nr). */
static int read_sets(struct cpu_set *sets, unsigned int nr,
		     const char *prefix, unsigned int vcpus,
		     char msg[VSYS_MSG_MAX])
{
	char (*names)[VRES_NAME_MAX + 1] = NULL;
	struct vres_adm_server srv;
	struct vsys_server s;
	const char *file;
	size_t n, k;
	int ret;

	ret = vsys_list(&names, &n);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot list the servers: %s",
			 strerror(-ret));
		return ret;
	}
	for (k = 0; k < n; k++) {
		struct cpu_set *set;

		if (is_plan_server(names[k], prefix, vcpus))
			continue;
		ret = vsys_get(names[k], &s, &file);
		if (ret == -ENOENT)	/* destroyed meanwhile */
			continue;
		if (ret) {
			snprintf(msg, VSYS_MSG_MAX, "cannot read servers/%s/%s: %s",
				 names[k], file ? file : "", strerror(-ret));
			break;
		}
		if (!s.budget_ns || s.cpu >= nr)
			continue;
		set = &sets[s.cpu];
		srv = (struct vres_adm_server) {
			.name = strdup(s.name), .budget_ns = s.budget_ns,
			.period_ns = s.period_ns, .overhead_ns = s.overhead_ns,
		};
		if (!srv.name || set_push(set, &srv)) {
			free((char *)srv.name);
			snprintf(msg, VSYS_MSG_MAX, "out of memory");
			ret = -ENOMEM;
			break;
		}
	}
	free(names);
	return ret;
}

/* The refusal line the module would write for verdict @v on @cpu. */
static void refusal_line(const struct vres_adm_verdict *v, unsigned int cpu,
			 const char *victim, char *buf, size_t len)
{
	switch (v->result) {
	case VRES_ADM_MISS:
		snprintf(buf, len, "miss cpu=%u server=%s period_ns=%llu", cpu,
			 victim, v->limit);
		break;
	case VRES_ADM_RT_WINDOW:
		snprintf(buf, len, "rt-window cpu=%u server=%s demand_ns=%llu limit_ns=%llu",
			 cpu, victim, v->value, v->limit);
		break;
	case VRES_ADM_UTIL:
		snprintf(buf, len, "rt-utilization cpu=%u server=%s utilization_ppb=%llu limit_ppb=%llu",
			 cpu, victim, v->value, v->limit);
		break;
	case VRES_ADM_FAIR_WINDOW:
		snprintf(buf, len, "fair-window cpu=%u server=%s demand_ns=%llu limit_ns=%llu",
			 cpu, victim, v->value, v->limit);
		break;
	case VRES_ADM_PRIO:
		snprintf(buf, len, "priorities cpu=%u server=%s servers=%llu limit=%llu",
			 cpu, victim, v->value, v->limit);
		break;
	default:
		snprintf(buf, len, "too-costly cpu=%u steps_max=%llu", cpu,
			 v->limit);
		break;
	}
}

/*
 * Try server @cand on @set: on success it joins the set. Returns 0 if
 * admitted, 1 if refused (the line in @out->refusal), or -errno.
 */
static int try_cpu(struct cpu_set *set, const struct vres_adm_server *cand,
		   struct admit_vcpu *out)
{
	struct vres_adm_server *trial;
	struct vres_adm_verdict v;
	unsigned int n = set->nr;
	int ret;

	trial = malloc((n + 1) * sizeof(*trial));
	if (!trial)
		return -ENOMEM;
	memcpy(trial, set->srv, n * sizeof(*trial));
	trial[n] = *cand;
	vres_adm_sort(trial, n + 1);
	ret = vres_admit(trial, n + 1, &set->lim, &v);
	out->cpu = set->cpu;
	if (ret > 0) {
		refusal_line(&v, set->cpu, trial[v.index].name, out->refusal,
			     sizeof(out->refusal));
	} else if (!ret) {
		ret = set_push(set, cand);
		out->admitted = !ret;
		out->resp_ns = v.value;
		out->deadline_ns = v.limit;
		snprintf(out->least, sizeof(out->least), "%s",
			 trial[v.index].name);
	}
	free(trial);
	return ret;
}

/* Online CPUs by increasing admitted utilisation, ties by number. */
static int by_load(const void *a, const void *b)
{
	const struct cpu_set *x = *(struct cpu_set * const *)a;
	const struct cpu_set *y = *(struct cpu_set * const *)b;
	u64 ux = vres_adm_utilization_ppm(x->srv, x->nr);
	u64 uy = vres_adm_utilization_ppm(y->srv, y->nr);

	if (ux != uy)
		return ux < uy ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/* The guest guard on the plan's tasks of @vcpu; 1 with the line if refused. */
static int guard(const struct plan_server *sp, unsigned int vcpu,
		 struct admit_vcpu *out)
{
	struct vres_guest_task t[VRES_GUEST_TASKS_MAX];
	struct vres_adm_verdict v;
	unsigned int i, n = 0;
	int ret;

	for (i = 0; i < sp->n_tasks; i++) {
		if (sp->tasks[i].vcpu != vcpu)
			continue;
		if (n == VRES_GUEST_TASKS_MAX)
			return -E2BIG;
		t[n++] = (struct vres_guest_task) {
			.period_ns = sp->tasks[i].period_ns,
			.wcet_ns = sp->tasks[i].wcet_ns,
			.deadline_ns = sp->tasks[i].deadline_ns,
		};
	}
	if (!n)
		return 0;
	ret = vres_guest_admit(sp->budget_ns, sp->period_ns, t, n, &v);
	if (ret <= 0)
		return ret;
	if (v.result == VRES_ADM_COST)
		snprintf(out->refusal, sizeof(out->refusal),
			 "guest-too-costly steps_max=%llu", v.limit);
	else
		snprintf(out->refusal, sizeof(out->refusal),
			 "guest-miss budget_ns=%llu period_ns=%llu task_period_ns=%llu task_wcet_ns=%llu task_deadline_ns=%llu",
			 sp->budget_ns, sp->period_ns, t[v.index].period_ns,
			 t[v.index].wcet_ns, v.limit);
	return 1;
}

/* Place vCPU @i: 0 admitted, 1 refused, -errno. */
static int place(struct cpu_set *sets, unsigned int nr, struct cpu_set **order,
		 const unsigned int *cpus, unsigned int nr_cpus,
		 const struct plan_server *sp, unsigned int i,
		 struct admit_vcpu *out)
{
	struct vres_adm_server cand = {
		.name = out->name, .budget_ns = sp->budget_ns,
		.period_ns = sp->period_ns, .overhead_ns = sp->overhead_ns,
	};
	unsigned int k, m = 0;
	int ret;

	ret = guard(sp, i, out);
	if (ret)
		return ret;
	if (cpus) {
		unsigned int cpu = cpus[i % nr_cpus];

		out->cpu = cpu;
		if (cpu >= nr || !sets[cpu].online) {
			snprintf(out->refusal, sizeof(out->refusal),
				 "offline cpu=%u", cpu);
			return 1;
		}
		return try_cpu(&sets[cpu], &cand, out);
	}
	for (k = 0; k < nr; k++)
		if (sets[k].online)
			order[m++] = &sets[k];
	qsort(order, m, sizeof(*order), by_load);
	ret = 1;
	snprintf(out->refusal, sizeof(out->refusal), "no-cpu");
	for (k = 0; k < m; k++) {
		ret = try_cpu(order[k], &cand, out);
		if (ret <= 0)
			break;
	}
	return ret;
}

/**
 * admit_dry_run() - would the host accept @sp's servers?
 * @sp:      the plan: one server (budget, period, overhead) per vCPU, and
 *           each vCPU's guest tasks
 * @prefix:  the servers' names are PREFIX.0, PREFIX.1, ...
 * @cpus:    CPUs to place vCPU i on (the (i mod @nr_cpus)-th), or NULL
 * @nr_cpus: their number
 * @res:     set to the answer; admit_free() it
 * @msg:     why, on an error
 *
 * Return: 0 with @res filled in (res->accepted says yes or no), or -errno
 * if the module's state could not be read.
 */
int admit_dry_run(const struct plan_server *sp, const char *prefix,
		  const unsigned int *cpus, unsigned int nr_cpus,
		  struct admit_result *res, char msg[VSYS_MSG_MAX])
{
	struct cpu_set *sets = NULL, **order = NULL;
	unsigned int nr, nr_prio, i, k;
	bool *online = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = read_nr_prio(&nr_prio);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot read the module's prio_min and prio_max: %s",
			 strerror(-ret));
		return ret;
	}
	ret = vsys_online_cpus(&online, &nr);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot read the online CPUs: %s",
			 strerror(-ret));
		return ret;
	}
	sets = calloc(nr, sizeof(*sets));
	order = calloc(nr, sizeof(*order));
	res->vcpus = calloc(sp->vcpus, sizeof(*res->vcpus));
	res->cpus = calloc(nr, sizeof(*res->cpus));
	ret = -ENOMEM;
	snprintf(msg, VSYS_MSG_MAX, "out of memory");
	if (!sets || !order || !res->vcpus || !res->cpus)
		goto out;
	for (k = 0; k < nr; k++) {
		sets[k].cpu = k;
		sets[k].lim.nr_prio = nr_prio;
		/* A CPU vres has no directory for is one it cannot serve. */
		sets[k].online = online[k] && !read_limits(k, &sets[k].lim);
	}
	ret = read_sets(sets, nr, prefix, sp->vcpus, msg);
	if (ret)
		goto out;
	for (k = 0; k < nr; k++) {
		struct admit_cpu *c = &res->cpus[res->nr_cpus];

		if (!sets[k].online)
			continue;
		c->cpu = k;
		c->servers_before = sets[k].nr;
		c->util_before_ppm = vres_adm_utilization_ppm(sets[k].srv,
							      sets[k].nr);
		c->cap_ppm = 1000000;
		if (sets[k].lim.rt_runtime_ns != VRES_ADM_INF &&
		    sets[k].lim.rt_period_ns)
			c->cap_ppm = sets[k].lim.rt_runtime_ns * 1000000ULL /
				     sets[k].lim.rt_period_ns;
		res->nr_cpus++;
	}
	res->accepted = true;
	for (i = 0; i < sp->vcpus; i++) {
		struct admit_vcpu *v = &res->vcpus[i];

		snprintf(v->name, sizeof(v->name), "%s.%u", prefix, i);
		ret = place(sets, nr, order, cpus, nr_cpus, sp, i, v);
		if (ret < 0) {
			snprintf(msg, VSYS_MSG_MAX, "analysing vCPU %u: %s", i,
				 strerror(-ret));
			goto out;
		}
		if (ret)
			res->accepted = false;
		res->nr_vcpus++;
	}
	for (k = 0; k < res->nr_cpus; k++) {
		struct cpu_set *set = &sets[res->cpus[k].cpu];

		res->cpus[k].servers_after = set->nr;
		res->cpus[k].util_after_ppm =
			vres_adm_utilization_ppm(set->srv, set->nr);
	}
	ret = 0;
out:
	if (sets) {
		for (k = 0; k < nr; k++)
			for (i = 0; i < sets[k].nr; i++)
				if (!is_plan_server(sets[k].srv[i].name, prefix,
						    sp->vcpus))
					free((char *)sets[k].srv[i].name);
		for (k = 0; k < nr; k++)
			free(sets[k].srv);
	}
	free(sets);
	free(order);
	free(online);
	if (ret)
		admit_free(res);
	return ret;
}

void admit_free(struct admit_result *res)
{
	free(res->vcpus);
	free(res->cpus);
	memset(res, 0, sizeof(*res));
}
