// SPDX-License-Identifier: GPL-2.0
/*
 * deadline_results.c - what deadline_test's runs leave for the benchmark
 * report (selftests/bench/report.py) and make demo: RDIR/deadline-KVER.txt,
 * the table it also prints as TAP diagnostics, and RDIR/deadline-KVER.json,
 * every run with the guest's and the scheduler's counters. It judges
 * nothing: the verdicts are deadline_test.c's.
 */
#include "vres_util.h"

#include <limits.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "kselftest.h"
#include "deadline.h"

static const char *const kind_names[] = {
	[RUN_VRES] = "vres",
	[RUN_CPUMAX] = "cpu.max",
	[RUN_DL] = "SCHED_DEADLINE",
};

/* Print lines as TAP diagnostics, each after "# " and @indent. */
void diag_lines(const char *indent, const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("# %s%.*s\n", indent, len, p);
		p = nl ? nl + 1 : NULL;
	}
}

/* Print @line as TAP diagnostics and add it to @txt (may be NULL). */
static void emit(FILE *txt, const char *line)
{
	diag_lines("", line);
	if (txt)
		fputs(line, txt);
}

/* One row: the run, the analysis's verdict, each task's misses/jobs. */
static void table_row(FILE *txt, const struct run *r)
{
	char line[512], bound[32];
	unsigned int k;
	int len;

	len = snprintf(line, sizeof(line), "%-30s %-9s", r->label,
		       r->kind != RUN_VRES ? "-" :
		       r->schedulable ? "accepted" : "rejected");
	for (k = 0; k < r->ntasks; k++) {
		if (r->kind != RUN_VRES)
			bound[0] = '\0';
		else if (r->bound_ns[k] == ULLONG_MAX)
			snprintf(bound, sizeof(bound), " (none)");
		else
			snprintf(bound, sizeof(bound), " (%llu)",
				 (unsigned long long)(r->bound_ns[k] /
						      NSEC_PER_MSEC));
		len += snprintf(line + len, sizeof(line) - len,
				"  %s %llu/%llu %.0fms%s", r->task[k],
				(unsigned long long)r->misses[k],
				(unsigned long long)r->jobs[k],
				r->worst_ns[k] / 1e6, bound);
	}
	snprintf(line + len, sizeof(line) - len, "%s\n",
		 r->starved ? "  NOT VALID: host stalled the VM" : "");
	emit(txt, line);
}

static void write_table(const char *path, const struct utsname *u,
			const struct deadline_setup *su,
			const struct run *runs, unsigned int n)
{
	FILE *txt = fopen(path, "w");
	char line[512];
	unsigned int i;

	snprintf(line, sizeof(line),
		 "Deadline results on %s (%s, clock %s, %ld CPUs): thesis 4.5 example x10, 50 jobs of tau3,\n"
		 "competing load on the guest's CPU: %d CPU hogs + %s served (10ms, 50ms), always busy.\n"
		 "Each cell: deadline misses / jobs, worst observed response (analysed bound).\n\n",
		 u->release, getenv("VMTEST") ? "TCG test VM" : "host",
		 *vm_clock() ? vm_clock() : "wall",
		 sysconf(_SC_NPROCESSORS_ONLN), NR_HOGS,
		 strcmp(su->rival, "qemu") ? "a spinning thread" :
					     "a real QEMU guest's vCPU");
	emit(txt, line);
	for (i = 0; i < n; i++)
		if (runs[i].done)
			table_row(txt, &runs[i]);
	if (txt)
		fclose(txt);
}

static json_t *run_json(const struct run *r)
{
	json_t *o, *b;
	unsigned int k;

	o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:O, s:O*}",
		      "id", r->id, "label", r->label,
		      "scheduler", kind_names[r->kind],
		      "budget_ns", (json_int_t)r->budget_ns,
		      "period_ns", (json_int_t)r->period_ns,
		      "analysis_schedulable", r->schedulable,
		      "guest_rm", r->guest, "scheduler_counters", r->extra);
	b = json_array();
	for (k = 0; k < r->ntasks; k++)
		json_array_append_new(b, r->bound_ns[k] == ULLONG_MAX ?
				      json_null() :
				      json_integer((json_int_t)r->bound_ns[k]));
	json_object_set_new(o, "analysed_bounds_ns", b);
	json_object_set_new(o, "vm_stall_max_ns",
			    json_integer((json_int_t)r->stall_ns));
	json_object_set_new(o, "valid", json_boolean(!r->starved));
	return o;
}

static int write_json(const char *path, const struct utsname *u,
		      const struct deadline_setup *su,
		      const struct run *runs, unsigned int n)
{
	json_t *root, *arr;
	unsigned int i;
	int ret;

	root = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:I, s:I}",
			 "kernel", u->release,
			 "clock", *vm_clock() ? vm_clock() : "wall",
			 "taskset", "thesis10.json", "rival", su->rival,
			 "jobs_of_tau3", JOBS, "hogs", NR_HOGS,
			 "rival_budget_ns", (json_int_t)RIVAL_BUDGET,
			 "rival_period_ns", (json_int_t)RIVAL_PERIOD,
			 "response_tolerance_ns", (json_int_t)su->resp_tol_ns);
	arr = json_array();
	for (i = 0; i < n; i++)
		if (runs[i].done)
			json_array_append_new(arr, run_json(&runs[i]));
	json_object_set_new(root, "runs", arr);
	ret = json_dump_file(root, path, JSON_INDENT(2));
	json_decref(root);
	return ret;
}

/**
 * deadline_results() - print the runs' table and write both files
 * @rdir: the directory, created if missing
 * @su: how the runs were made
 * @runs: the runs; those not done are left out
 * @n: how many
 */
void deadline_results(const char *rdir, const struct deadline_setup *su,
		      const struct run *runs, unsigned int n)
{
	char path[PATH_MAX + 256];
	struct utsname u;

	uname(&u);
	mkdir(rdir, 0755);
	snprintf(path, sizeof(path), "%s/deadline-%s.txt", rdir, u.release);
	write_table(path, &u, su, runs, n);
	snprintf(path, sizeof(path), "%s/deadline-%s.json", rdir, u.release);
	if (write_json(path, &u, su, runs, n))
		ksft_print_msg("cannot write %s\n", path);
	else
		ksft_print_msg("results in %s/deadline-%s.{txt,json}\n", rdir,
			       u.release);
}
