// SPDX-License-Identifier: GPL-2.0
/*
 * planfile.c - the server and guest tasks a --plan FILE asks for; see
 * planfile.h.
 *
 * A plan (the JSON of "vresctl plan --json") is recognised by its "file"
 * and "supply" keys. The server it gives depends on the question it
 * answered:
 *
 *   plan FILE                 "recommended": {budget_ns, period_ns}
 *   plan FILE --period T      period_ns, min_budget_ns
 *   plan FILE --bandwidth B   max_period_ns, budget_at_max_period_ns
 *   check FILE ...            budget_ns, period_ns (if "schedulable")
 *
 * and its "tasks" array gives the guest's tasks per vCPU. Anything else is
 * read as a task set file and planned here with the same planner as
 * "vresctl plan FILE --period T": the minimum budget at the period the
 * caller gives.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <linux/vres.h>

#include "duration.h"
#include "jsonfile.h"
#include "overhead.h"
#include "planfile.h"

static void pf_error(const char *cmd, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pf_error(const char *cmd, const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vresctl %s: %s: ", cmd, file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A non-negative integer member of @obj; -1 if missing or not one. */
static int get_u64(json_t *obj, const char *key, u64 *v)
{
	json_t *j = json_object_get(obj, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (u64)json_integer_value(j);
	return 0;
}

/* Pick the server out of a plan; @what names the keys, for messages. */
static int plan_server(const char *cmd, const char *file, json_t *root,
		       struct plan_server *sp)
{
	static const struct {
		const char *budget, *period, *origin;
	} answers[] = {
		{ "min_budget_ns", "period_ns", "minimum budget at the period" },
		{ "budget_at_max_period_ns", "max_period_ns",
		  "longest feasible period at the bandwidth" },
	};
	json_t *rec = json_object_get(root, "recommended");
	json_t *sched = json_object_get(root, "schedulable");
	unsigned int i;

	if (json_object_get(root, "curve")) {
		if (!json_is_object(rec)) {
			pf_error(cmd, file, "the plan recommends no server ('recommended' is null): no period in its range works");
			return -1;
		}
		if (get_u64(rec, "budget_ns", &sp->budget_ns) ||
		    get_u64(rec, "period_ns", &sp->period_ns)) {
			pf_error(cmd, file, "'recommended' lacks an integer budget_ns or period_ns");
			return -1;
		}
		sp->origin = "recommended server (least bandwidth)";
		return 0;
	}
	for (i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		json_t *b = json_object_get(root, answers[i].budget);

		if (!b)
			continue;
		if (json_is_null(b)) {
			pf_error(cmd, file, "the plan found no server ('%s' is null)",
				 answers[i].budget);
			return -1;
		}
		if (get_u64(root, answers[i].budget, &sp->budget_ns) ||
		    get_u64(root, answers[i].period, &sp->period_ns)) {
			pf_error(cmd, file, "'%s' or '%s' is not a non-negative integer",
				 answers[i].budget, answers[i].period);
			return -1;
		}
		sp->origin = answers[i].origin;
		return 0;
	}
	if (json_is_boolean(sched)) {
		if (!json_is_true(sched)) {
			pf_error(cmd, file, "this check says the task set is not schedulable on its server; refusing to apply it");
			return -1;
		}
		if (get_u64(root, "budget_ns", &sp->budget_ns) ||
		    get_u64(root, "period_ns", &sp->period_ns)) {
			pf_error(cmd, file, "'budget_ns' or 'period_ns' is not a non-negative integer");
			return -1;
		}
		sp->origin = "server of the check";
		return 0;
	}
	pf_error(cmd, file, "neither a plan nor a check: none of 'recommended', 'min_budget_ns', 'budget_at_max_period_ns', 'schedulable'");
	return -1;
}

static int plan_tasks(const char *cmd, const char *file, json_t *root,
		      struct plan_server *sp)
{
	json_t *tasks = json_object_get(root, "tasks"), *t;
	u64 vcpus;
	size_t i;

	if (get_u64(root, "vcpu_count", &vcpus) || !vcpus ||
	    vcpus > TASKSET_VCPUS_MAX) {
		pf_error(cmd, file, "'vcpu_count' is missing or not between 1 and %d",
			 TASKSET_VCPUS_MAX);
		return -1;
	}
	sp->vcpus = (unsigned int)vcpus;
	if (!json_is_array(tasks)) {
		pf_error(cmd, file, "no 'tasks' array: make the plan with 'vresctl plan --json' of this version");
		return -1;
	}
	sp->n_tasks = (unsigned int)json_array_size(tasks);
	sp->tasks = calloc(sp->n_tasks ? sp->n_tasks : 1, sizeof(*sp->tasks));
	if (!sp->tasks) {
		pf_error(cmd, file, "out of memory");
		return -1;
	}
	json_array_foreach(tasks, i, t) {
		struct guest_task *g = &sp->tasks[i];
		u64 v;

		if (get_u64(t, "period_ns", &g->period_ns) ||
		    get_u64(t, "wcet_ns", &g->wcet_ns) ||
		    get_u64(t, "deadline_ns", &g->deadline_ns) ||
		    get_u64(t, "vcpu", &v)) {
			pf_error(cmd, file, "tasks[%zu]: period_ns, wcet_ns, deadline_ns and vcpu must be non-negative integers",
				 i);
			return -1;
		}
		if (v >= sp->vcpus || !g->wcet_ns ||
		    g->wcet_ns > g->deadline_ns ||
		    g->deadline_ns > g->period_ns) {
			pf_error(cmd, file, "tasks[%zu]: needs vcpu < %u and 0 < wcet_ns <= deadline_ns <= period_ns",
				 i, sp->vcpus);
			return -1;
		}
		g->vcpu = (unsigned int)v;
	}
	return 0;
}

static int load_plan_json(const char *cmd, const char *file, json_t *root,
			  const struct plan_request *req,
			  struct plan_server *sp)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];

	if (plan_server(cmd, file, root, sp) ||
	    plan_tasks(cmd, file, root, sp))
		return -1;
	if (get_u64(root, "overhead_ns", &sp->overhead_ns))
		sp->overhead_ns = 0;
	if (!json_is_string(json_object_get(root, "supply")) ||
	    supply_parse(json_string_value(json_object_get(root, "supply")),
			 &sp->supply))
		sp->supply = req->po.supply;
	if (req->have_overhead)
		sp->overhead_ns = req->po.overhead_ns;
	if (req->period_ns && req->period_ns != sp->period_ns) {
		pf_error(cmd, file, "--period %s differs from the plan's period %s; --period is for task set files",
			 duration_str(req->period_ns, a),
			 duration_str(sp->period_ns, b));
		return -1;
	}
	if (!sp->budget_ns || sp->budget_ns > sp->period_ns) {
		pf_error(cmd, file, "the plan's budget %s does not fit its period %s",
			 duration_str(sp->budget_ns, a),
			 duration_str(sp->period_ns, b));
		return -1;
	}
	return 0;
}

static int plan_taskset(const char *cmd, const char *file, json_t *root,
			const struct plan_request *req,
			struct plan_server *sp)
{
	char a[DURATION_STR_MAX];
	struct overhead_choice oc;
	struct plan_opts po;
	struct taskset ts;
	unsigned int k;
	int ret;

	if (taskset_load_json(file, root, &ts))
		return -1;
	/*
	 * Without an overhead the least-bandwidth server always has the
	 * shortest period allowed, which no host should run: the period is
	 * the administrator's choice ("vresctl plan FILE" shows the curve).
	 */
	if (!req->period_ns) {
		pf_error(cmd, file, "a task set file needs --period DUR: vresctl plans the minimum budget at that period ('vresctl plan %s' shows the choices)",
			 file);
		ret = -1;
		goto out;
	}
	/*
	 * Without --overhead, the overhead vresctl plan would use: what vres
	 * measured here, at least OVERHEAD_DEFAULT_NS ("paper" has none).
	 */
	po = req->po;
	sp->origin = "minimum budget at --period with the overhead given, planned now";
	if (!req->have_overhead) {
		overhead_default(&oc, po.supply);
		po.overhead_ns = oc.ns;
		if (!oc.ns)
			sp->origin = "minimum budget at --period, planned now (no overhead in the paper model)";
		else if (oc.measured)
			sp->origin = "minimum budget at --period with the default overhead (vres's measurement), planned now";
		else
			sp->origin = "minimum budget at --period with the default overhead (vres measured nothing), planned now";
	}
	ret = plan_min_budget(&ts, VCPU_ALL, &po, req->period_ns,
			      &sp->budget_ns);
	sp->period_ns = req->period_ns;
	if (ret == -ERANGE)
		pf_error(cmd, file, "no budget up to the period %s makes the task set schedulable",
			 duration_str(req->period_ns, a));
	else if (ret)
		pf_error(cmd, file, "planning failed: %s", strerror(-ret));
	if (ret)
		goto out;
	sp->overhead_ns = po.overhead_ns;
	sp->supply = po.supply;
	sp->vcpus = ts.vcpus;
	sp->n_tasks = ts.n;
	sp->tasks = calloc(ts.n ? ts.n : 1, sizeof(*sp->tasks));
	if (!sp->tasks) {
		pf_error(cmd, file, "out of memory");
		ret = -1;
		goto out;
	}
	for (k = 0; k < ts.n; k++) {
		const struct ts_task *t = &ts.tasks[ts.vt_task[k]];

		sp->tasks[k] = (struct guest_task) {
			.period_ns = t->period_ns,
			.wcet_ns = t->wcet_ns,
			.deadline_ns = t->deadline_ns,
			.vcpu = t->vcpu,
		};
	}
out:
	taskset_free(&ts);
	return ret ? -1 : 0;
}

/* The plan of @root, or jansson's complaint @err when it is NULL. */
static int load_root(const char *cmd, const char *file, json_t *root,
		     const json_error_t *err, const struct plan_request *req,
		     struct plan_server *sp)
{
	int ret;

	memset(sp, 0, sizeof(*sp));
	if (!root) {
		if (err->line > 0)
			fprintf(stderr, "vresctl %s: %s:%d:%d: %s\n", cmd, file,
				err->line, err->column, err->text);
		else
			fprintf(stderr, "vresctl %s: %s: %s\n", cmd, file,
				err->text);
		return -1;
	}
	if (json_is_object(root) &&
	    json_is_string(json_object_get(root, "supply")) &&
	    json_is_string(json_object_get(root, "file")))
		ret = load_plan_json(cmd, file, root, req, sp);
	else
		ret = plan_taskset(cmd, file, root, req, sp);
	json_decref(root);
	if (ret)
		planfile_free(sp);
	return ret;
}

/**
 * planfile_load() - the server and guest tasks of a plan or a task set.
 * @cmd: the subcommand, for messages.
 * @file: the plan (vresctl plan --json output) or task set file, or "-"
 *	for standard input.
 * @req: how to plan a task set file, and an overhead that overrides the
 *	plan's.
 * @sp: filled in; free with planfile_free().
 *
 * Return: 0, or -1 after one line on stderr naming the file and problem.
 */
int planfile_load(const char *cmd, const char *file,
		  const struct plan_request *req, struct plan_server *sp)
{
	json_error_t err;
	const char *name;
	json_t *root = jsonfile_load(file, &name, &err);

	return load_root(cmd, name, root, &err, req, sp);
}

/**
 * planfile_load_buffer() - planfile_load() of a file's text held in memory.
 * @cmd: the subcommand, for messages.
 * @name: what to call the text in messages.
 * @buf: the JSON text; need not be NUL-terminated.
 * @len: its length in bytes.
 * @req: as for planfile_load().
 * @sp: filled in; free with planfile_free().
 *
 * Return: 0, or -1 after one line on stderr naming @name and the problem.
 */
int planfile_load_buffer(const char *cmd, const char *name, const char *buf,
			 size_t len, const struct plan_request *req,
			 struct plan_server *sp)
{
	json_error_t err;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);

	return load_root(cmd, name, root, &err, req, sp);
}

void planfile_free(struct plan_server *sp)
{
	free(sp->tasks);
	memset(sp, 0, sizeof(*sp));
}

/**
 * planfile_guest_tasks() - a vCPU's tasks in the format of guest_tasks.
 * @sp: the plan.
 * @vcpu: the vCPU.
 * @buf: filled with one "PERIOD_NS WCET_NS DEADLINE_NS" line per task.
 * @len: size of @buf.
 *
 * Return: the number of tasks, or -ERANGE if they do not fit in @buf or
 * are more than the module takes.
 */
int planfile_guest_tasks(const struct plan_server *sp, unsigned int vcpu,
			 char *buf, size_t len)
{
	unsigned int i, n = 0;
	size_t used = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < sp->n_tasks; i++) {
		const struct guest_task *t = &sp->tasks[i];

		if (t->vcpu != vcpu)
			continue;
		w = snprintf(buf + used, len - used, "%llu %llu %llu\n",
			     (unsigned long long)t->period_ns,
			     (unsigned long long)t->wcet_ns,
			     (unsigned long long)t->deadline_ns);
		if (w < 0 || (size_t)w >= len - used)
			return -ERANGE;
		used += w;
		n++;
	}
	return n > VRES_GUEST_TASKS_MAX ? -ERANGE : (int)n;
}
