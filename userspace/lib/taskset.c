// SPDX-License-Identifier: GPL-2.0
/*
 * taskset.c - task set files: loading, validation, priority order and the
 * assignment of tasks to vCPUs.
 *
 * Every problem is reported as one line on stderr naming the file, the task
 * (or the field) and what is wrong; the caller exits with status 2.
 *
 * Priority order on a vCPU (Documentation/analysis.rst):
 *  1. "priority", larger first, when the tasks have one (all or none);
 *  2. shorter deadline first (deadline monotonic; rate monotonic when
 *     deadlines equal periods);
 *  3. shorter period first;
 *  4. earlier in the file first.
 *
 * Tasks without "vcpu" are assigned worst-fit decreasing: by decreasing
 * utilisation (ties: file order), each to the vCPU with the least
 * utilisation so far (ties: lowest index), counting pinned tasks first.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "duration.h"
#include "jsonfile.h"
#include "taskset.h"

static void ts_error(const struct taskset *ts, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ts_error(const struct taskset *ts, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", program_invocation_short_name, ts->file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* "task 't1'" or, before the name is known, "tasks[3]". */
static const char *task_label(const struct ts_task *t, char *buf, size_t len)
{
	if (t->name)
		snprintf(buf, len, "task '%s'", t->name);
	else
		snprintf(buf, len, "tasks[%u]", t->index);
	return buf;
}

static int get_duration(const struct taskset *ts, const char *who,
			const char *field, json_t *v, u64 *ns)
{
	const char *why;

	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0) {
			ts_error(ts, "%s: %s: negative duration %lld", who,
				 field, (long long)json_integer_value(v));
			return -1;
		}
		*ns = (u64)json_integer_value(v);
		if (*ns > VRES_TIME_MAX) {
			ts_error(ts, "%s: %s: %llu ns is too large", who, field,
				 *ns);
			return -1;
		}
		return 0;
	}
	if (!json_is_string(v)) {
		ts_error(ts, "%s: %s: a duration is a string such as \"2.5ms\" or an integer number of ns",
			 who, field);
		return -1;
	}
	if (duration_parse(json_string_value(v), ns, &why)) {
		ts_error(ts, "%s: %s: cannot use '%s': %s", who, field,
			 json_string_value(v), why);
		return -1;
	}
	return 0;
}

/*
 * The task's name, then its label for the messages (@who), then the
 * check that every field is one a task has.
 */
static int parse_task_name(struct taskset *ts, struct ts_task *t,
			   json_t *obj, char *who, size_t who_len)
{
	static const char *const known[] = {
		"name", "period", "wcet", "deadline", "priority", "vcpu",
	};
	const char *key;
	json_t *v;
	size_t i;

	v = json_object_get(obj, "name");
	if (v && (!json_is_string(v) || !json_string_length(v))) {
		ts_error(ts, "tasks[%u]: name: must be a non-empty string",
			 t->index);
		return -1;
	}
	if (v) {
		t->name = strdup(json_string_value(v));
		if (!t->name) {
			ts_error(ts, "out of memory");
			return -1;
		}
	}
	task_label(t, who, who_len);

	json_object_foreach(obj, key, v) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(key, known[i]))
				break;
		if (i == sizeof(known) / sizeof(known[0])) {
			ts_error(ts, "%s: unknown field '%s'", who, key);
			return -1;
		}
	}
	if (!t->name) {
		ts_error(ts, "%s: missing field 'name'", who);
		return -1;
	}
	return 0;
}

/* A required duration that must be greater than zero. */
static int get_positive(struct taskset *ts, const char *who,
			const char *field, json_t *obj, u64 *ns)
{
	json_t *v = json_object_get(obj, field);

	if (!v) {
		ts_error(ts, "%s: missing field '%s'", who, field);
		return -1;
	}
	if (get_duration(ts, who, field, v, ns))
		return -1;
	if (!*ns) {
		ts_error(ts, "%s: %s must be greater than zero", who, field);
		return -1;
	}
	return 0;
}

/* Period, WCET and deadline: 0 < C <= T, 0 < D <= T (D = T if absent). */
static int parse_task_times(struct taskset *ts, struct ts_task *t,
			    json_t *obj, const char *who)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];
	json_t *v;

	if (get_positive(ts, who, "period", obj, &t->period_ns) ||
	    get_positive(ts, who, "wcet", obj, &t->wcet_ns))
		return -1;
	if (t->wcet_ns > t->period_ns) {
		ts_error(ts, "%s: wcet %s is longer than the period %s", who,
			 duration_str(t->wcet_ns, a),
			 duration_str(t->period_ns, b));
		return -1;
	}

	t->deadline_ns = t->period_ns;
	v = json_object_get(obj, "deadline");
	if (!v)
		return 0;
	if (get_positive(ts, who, "deadline", obj, &t->deadline_ns))
		return -1;
	if (t->deadline_ns > t->period_ns) {
		ts_error(ts, "%s: deadline %s is longer than the period %s (only constrained deadlines are supported)",
			 who, duration_str(t->deadline_ns, a),
			 duration_str(t->period_ns, b));
		return -1;
	}
	return 0;
}

/* The optional priority and vCPU. */
static int parse_task_placement(struct taskset *ts, struct ts_task *t,
				json_t *obj, const char *who)
{
	json_t *v;

	v = json_object_get(obj, "priority");
	if (v) {
		if (!json_is_integer(v)) {
			ts_error(ts, "%s: priority: must be an integer", who);
			return -1;
		}
		t->priority = json_integer_value(v);
		t->has_priority = true;
	}

	v = json_object_get(obj, "vcpu");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) >= TASKSET_VCPUS_MAX) {
			ts_error(ts, "%s: vcpu: must be an integer from 0 to %d",
				 who, TASKSET_VCPUS_MAX - 1);
			return -1;
		}
		t->vcpu = (unsigned int)json_integer_value(v);
		t->pinned = true;
	}
	return 0;
}

static int parse_task(struct taskset *ts, struct ts_task *t, json_t *obj)
{
	char who[96];

	if (!json_is_object(obj)) {
		ts_error(ts, "tasks[%u]: a task is an object", t->index);
		return -1;
	}
	if (parse_task_name(ts, t, obj, who, sizeof(who)) ||
	    parse_task_times(ts, t, obj, who) ||
	    parse_task_placement(ts, t, obj, who))
		return -1;
	return 0;
}

/* Utilisation C/T in units of 2^-64 (C <= T, so it fits in 65 bits). */
static unsigned __int128 util_fixed(const struct ts_task *t)
{
	return ((unsigned __int128)t->wcet_ns << 64) / t->period_ns;
}

static int by_util_desc(const void *pa, const void *pb)
{
	const struct ts_task *a = *(const struct ts_task *const *)pa;
	const struct ts_task *b = *(const struct ts_task *const *)pb;
	/* C_a/T_a > C_b/T_b, compared exactly */
	unsigned __int128 l = (unsigned __int128)a->wcet_ns * b->period_ns;
	unsigned __int128 r = (unsigned __int128)b->wcet_ns * a->period_ns;

	if (l != r)
		return l > r ? -1 : 1;
	return a->index < b->index ? -1 : 1;
}

/* Is vCPU a a worse fit than vCPU b: more loaded, or as loaded and later? */
static bool fuller(const unsigned __int128 *load, unsigned int a,
		   unsigned int b)
{
	return load[a] != load[b] ? load[a] > load[b] : a > b;
}

/*
 * Restore the min-heap @heap of @n vCPUs, ordered by (load, index), after
 * the load of its root grew: the root always is the least-loaded vCPU,
 * lowest index on ties, which is the one the linear scan over every vCPU
 * would pick. O(log vcpus) per task instead of O(vcpus).
 */
static void heap_sift_down(unsigned int *heap, unsigned int n,
			   const unsigned __int128 *load)
{
	unsigned int i = 0, c, v = heap[0];

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && fuller(load, heap[c], heap[c + 1]))
			c++;
		if (!fuller(load, v, heap[c]))
			break;
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = v;
}

static void heap_sift_up(unsigned int *heap, unsigned int i,
			 const unsigned __int128 *load)
{
	unsigned int v = heap[i];

	while (i && fuller(load, heap[(i - 1) / 2], v)) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = v;
}

static int partition(struct taskset *ts)
{
	unsigned __int128 *load;
	struct ts_task **free_tasks;
	unsigned int *heap;
	unsigned int i, v, nfree = 0;

	load = calloc(ts->vcpus, sizeof(*load));
	heap = calloc(ts->vcpus, sizeof(*heap));
	free_tasks = calloc(ts->n, sizeof(*free_tasks));
	if (!load || !heap || !free_tasks) {
		free(load);
		free(heap);
		free(free_tasks);
		ts_error(ts, "out of memory");
		return -1;
	}
	for (i = 0; i < ts->n; i++) {
		struct ts_task *t = &ts->tasks[i];

		if (t->pinned)
			load[t->vcpu] += util_fixed(t);
		else
			free_tasks[nfree++] = t;
	}
	for (v = 0; v < ts->vcpus; v++) {
		heap[v] = v;
		heap_sift_up(heap, v, load);
	}
	qsort(free_tasks, nfree, sizeof(*free_tasks), by_util_desc);
	for (i = 0; i < nfree; i++) {
		free_tasks[i]->vcpu = heap[0];
		load[heap[0]] += util_fixed(free_tasks[i]);
		heap_sift_down(heap, ts->vcpus, load);
	}
	free(load);
	free(heap);
	free(free_tasks);
	return 0;
}

static int by_vcpu_then_priority(const void *pa, const void *pb)
{
	const struct ts_task *a = *(const struct ts_task *const *)pa;
	const struct ts_task *b = *(const struct ts_task *const *)pb;

	if (a->vcpu != b->vcpu)
		return a->vcpu < b->vcpu ? -1 : 1;
	if (a->has_priority && a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->deadline_ns != b->deadline_ns)
		return a->deadline_ns < b->deadline_ns ? -1 : 1;
	if (a->period_ns != b->period_ns)
		return a->period_ns < b->period_ns ? -1 : 1;
	return a->index < b->index ? -1 : 1;
}

static int build_view(struct taskset *ts)
{
	struct ts_task **order;
	unsigned int i, v;

	order = calloc(ts->n, sizeof(*order));
	ts->vt = calloc(ts->n, sizeof(*ts->vt));
	ts->vt_task = calloc(ts->n, sizeof(*ts->vt_task));
	ts->vcpu_start = calloc(ts->vcpus + 1, sizeof(*ts->vcpu_start));
	if (!order || !ts->vt || !ts->vt_task || !ts->vcpu_start) {
		free(order);
		ts_error(ts, "out of memory");
		return -1;
	}
	for (i = 0; i < ts->n; i++)
		order[i] = &ts->tasks[i];
	qsort(order, ts->n, sizeof(*order), by_vcpu_then_priority);

	v = 0;
	for (i = 0; i < ts->n; i++) {
		struct ts_task *t = order[i];

		while (v < t->vcpu)
			ts->vcpu_start[++v] = i;
		t->rank = i - ts->vcpu_start[v] + 1;
		ts->vt[i].period_ns = t->period_ns;
		ts->vt[i].wcet_ns = t->wcet_ns;
		ts->vt[i].deadline_ns = t->deadline_ns;
		ts->vt[i].jitter_ns = 0;
		ts->vt[i].group = t->vcpu;
		ts->vt_task[i] = t->index;
	}
	while (v < ts->vcpus)
		ts->vcpu_start[++v] = ts->n;
	free(order);
	return 0;
}

/* A set that misses a deadline on dedicated CPUs has no server at all. */
static int check_dedicated(struct taskset *ts)
{
	struct vres_resource full = { .supply = VRES_SUPPLY_FULL };
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];
	u64 *resp;
	unsigned int i;
	int ret;

	resp = calloc(ts->n, sizeof(*resp));
	if (!resp) {
		ts_error(ts, "out of memory");
		return -1;
	}
	ret = vres_rta(ts->vt, ts->n, &full, resp);
	for (i = 0; ret > 0 && i < ts->n; i++) {
		const struct ts_task *t = &ts->tasks[ts->vt_task[i]];

		if (resp[i] != VRES_TIME_INF)
			continue;
		if (t->wcet_ns > t->deadline_ns)
			ts_error(ts, "task '%s': wcet %s is longer than its deadline %s",
				 t->name, duration_str(t->wcet_ns, a),
				 duration_str(t->deadline_ns, b));
		else
			ts_error(ts, "task '%s': misses its deadline %s even on a dedicated vCPU %u (unschedulable at any budget)",
				 t->name, duration_str(t->deadline_ns, a),
				 t->vcpu);
		break;
	}
	if (ret < 0)
		ts_error(ts, "internal error: analysis rejected the task set");
	free(resp);
	return ret ? -1 : 0;
}

static int by_name(const void *pa, const void *pb)
{
	const struct ts_task *a = *(const struct ts_task *const *)pa;
	const struct ts_task *b = *(const struct ts_task *const *)pb;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return a->index < b->index ? -1 : 1;
}

/*
 * The first task in file order whose name an earlier task already has:
 * *@dup its index and *@first the earliest task of that name, or *@dup =
 * ts->n if the names are distinct. Sorting by (name, index) puts the tasks
 * of one name side by side, earliest first, so the second of each run is
 * the first repeat of that name: O(n log n) where comparing every pair was
 * O(n^2) (19 to 51 s for 100,000 tasks).
 */
static int find_duplicate(struct taskset *ts, unsigned int *dup,
			  unsigned int *first)
{
	struct ts_task **sorted;
	unsigned int i;

	sorted = calloc(ts->n, sizeof(*sorted));
	if (!sorted) {
		ts_error(ts, "out of memory");
		return -1;
	}
	for (i = 0; i < ts->n; i++)
		sorted[i] = &ts->tasks[i];
	qsort(sorted, ts->n, sizeof(*sorted), by_name);
	*dup = ts->n;
	for (i = 1; i < ts->n; i++) {
		if (strcmp(sorted[i - 1]->name, sorted[i]->name) ||
		    sorted[i]->index >= *dup)
			continue;
		/* sorted[i - 1] is the first of its name unless i - 2 is too. */
		if (i >= 2 && !strcmp(sorted[i - 2]->name, sorted[i]->name))
			continue;
		*dup = sorted[i]->index;
		*first = sorted[i - 1]->index;
	}
	free(sorted);
	return 0;
}

/* Per-task rules that involve other tasks or the set's fields. */
static int check_tasks(struct taskset *ts)
{
	unsigned int i, dup, first = 0;
	char who[96];

	if (find_duplicate(ts, &dup, &first))
		return -1;
	for (i = 0; i < ts->n; i++) {
		struct ts_task *t = &ts->tasks[i];

		task_label(t, who, sizeof(who));
		if (t->has_priority != ts->tasks[0].has_priority) {
			ts_error(ts, "%s: %s field 'priority' (give every task a priority, or none)",
				 who, t->has_priority ? "unexpected" : "missing");
			return -1;
		}
		if (t->pinned && t->vcpu >= ts->vcpus) {
			ts_error(ts, "%s: vcpu %u does not exist (the set has %u vCPU%s)",
				 who, t->vcpu, ts->vcpus,
				 ts->vcpus == 1 ? "" : "s");
			return -1;
		}
		if (i == dup) {
			ts_error(ts, "%s (tasks[%u]): duplicate name (also tasks[%u])",
				 who, i, first);
			return -1;
		}
	}
	return 0;
}

static int parse_root(struct taskset *ts, json_t *root)
{
	const char *key;
	json_t *v, *tasks;
	size_t k;

	if (!json_is_object(root)) {
		ts_error(ts, "the task set is a JSON object");
		return -1;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "name") && strcmp(key, "tasks") &&
		    strcmp(key, "vcpus")) {
			ts_error(ts, "unknown field '%s'", key);
			return -1;
		}
	}
	v = json_object_get(root, "name");
	if (v && !json_is_string(v)) {
		ts_error(ts, "name: must be a string");
		return -1;
	}
	ts->name = strdup(v ? json_string_value(v) : "");
	if (!ts->name) {
		ts_error(ts, "out of memory");
		return -1;
	}

	ts->vcpus = 1;
	v = json_object_get(root, "vcpus");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > TASKSET_VCPUS_MAX) {
			ts_error(ts, "vcpus: must be an integer from 1 to %d",
				 TASKSET_VCPUS_MAX);
			return -1;
		}
		ts->vcpus = (unsigned int)json_integer_value(v);
	}

	tasks = json_object_get(root, "tasks");
	if (!tasks) {
		ts_error(ts, "missing field 'tasks'");
		return -1;
	}
	if (!json_is_array(tasks) || !json_array_size(tasks)) {
		ts_error(ts, "tasks: must be a non-empty array");
		return -1;
	}
	if (json_array_size(tasks) > 1000000) {
		ts_error(ts, "tasks: more than 1000000 tasks");
		return -1;
	}
	ts->n = (unsigned int)json_array_size(tasks);
	ts->tasks = calloc(ts->n, sizeof(*ts->tasks));
	if (!ts->tasks) {
		ts_error(ts, "out of memory");
		return -1;
	}
	json_array_foreach(tasks, k, v) {
		ts->tasks[k].index = (unsigned int)k;
		if (parse_task(ts, &ts->tasks[k], v))
			return -1;
	}
	return check_tasks(ts);
}

/**
 * taskset_load_json() - validate and order a task set already read as JSON.
 * @file: the name of the task set in messages (its path).
 * @root: the JSON document; the caller keeps its reference.
 * @ts: the task set to fill (zeroed first); free with taskset_free().
 *
 * Prints one line on stderr for the first problem found.
 * Return: 0, or -1 on any error (@ts is then freed).
 */
int taskset_load_json(const char *file, json_t *root, struct taskset *ts)
{
	int ret;

	memset(ts, 0, sizeof(*ts));
	ts->file = file;
	ret = parse_root(ts, root);
	if (!ret)
		ret = partition(ts);
	if (!ret)
		ret = build_view(ts);
	if (!ret)
		ret = check_dedicated(ts);
	if (ret)
		taskset_free(ts);
	return ret;
}

/* The task set of @root, or jansson's complaint @err when it is NULL. */
static int load_root(const char *file, json_t *root, const json_error_t *err,
		     struct taskset *ts)
{
	int ret;

	if (!root) {
		memset(ts, 0, sizeof(*ts));
		if (err->line > 0)
			fprintf(stderr, "%s: %s:%d:%d: %s\n",
				program_invocation_short_name, file, err->line,
				err->column, err->text);
		else
			fprintf(stderr, "%s: %s: %s\n",
				program_invocation_short_name, file, err->text);
		return -1;
	}
	ret = taskset_load_json(file, root, ts);
	json_decref(root);
	return ret;
}

/**
 * taskset_load() - read, validate and order a task set file.
 * @file: path of the JSON file, or "-" for standard input.
 * @ts: the task set to fill (zeroed first); free with taskset_free().
 *
 * Prints one line on stderr for the first problem found.
 * Return: 0, or -1 on any error.
 */
int taskset_load(const char *file, struct taskset *ts)
{
	json_error_t err;
	const char *name;
	json_t *root = jsonfile_load(file, &name, &err);

	return load_root(name, root, &err, ts);
}

/**
 * taskset_load_buffer() - taskset_load() of a file's text held in memory.
 * @name: what to call the text in messages.
 * @buf: the JSON text; need not be NUL-terminated.
 * @len: its length in bytes.
 * @ts: the task set to fill (zeroed first); free with taskset_free().
 *
 * Return: 0, or -1 on any error, after one line on stderr.
 */
int taskset_load_buffer(const char *name, const char *buf, size_t len,
			struct taskset *ts)
{
	json_error_t err;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);

	return load_root(name, root, &err, ts);
}

/**
 * taskset_free() - release a task set.
 * @ts: the task set (may be partly loaded).
 */
void taskset_free(struct taskset *ts)
{
	unsigned int i;

	if (ts->tasks)
		for (i = 0; i < ts->n; i++)
			free(ts->tasks[i].name);
	free(ts->tasks);
	free(ts->name);
	free(ts->vt);
	free(ts->vt_task);
	free(ts->vcpu_start);
	memset(ts, 0, sizeof(*ts));
}
