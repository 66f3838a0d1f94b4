// SPDX-License-Identifier: GPL-2.0
/*
 * simulate.c - vres-sim: the simulation studies of the thesis's Paper III,
 * on vres's analysis engine.
 *
 *   max-period   Sections 4.6-4.7: the longest server period T_VM at which
 *                a bandwidth C/T makes a random task set schedulable,
 *                relative to its shortest period T_1 (Figures 4.3-4.9)
 *   overhead     Section 4.8.3: max R_i/T_i against T_VM with an overhead
 *                X per period (Figures 4.12-4.15, Table 4.2)
 *   taskset      print one of the studies' task sets as a task set file
 *
 * The computation is in study.c, the report and CSV files in
 * sim_report.c, the figures in sim_figures.c; here are the options, the
 * task set export and the dispatch.
 * Documentation/simulation.rst compares the results with the thesis.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "duration.h"
#include "simulate.h"

enum sim_study {
	SIM_MAX_PERIOD,
	SIM_OVERHEAD,
	SIM_TASKSET,
};

struct sim_args {
	enum sim_study study;
	bool json;
	const char *out_dir;
	struct max_period_cfg c1;
	struct overhead_study_cfg c2;
	bool have_grid;
	/* taskset */
	enum sim_study of;
	unsigned int set;
	double util;
	const char *util_text;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vres-sim max-period [--sets N] [--seed S] [--supply MODEL]\n"
		"                [--tasks LIST] [--util LIST] [--bandwidths LIST] [--unit DUR]\n"
		"                [--out DIR] [--json]\n"
		"       vres-sim overhead [--sets N] [--seed S] [--supply MODEL]\n"
		"                [--tasks N] [--grid U:B,B,...]... [--overheads LIST]\n"
		"                [--tvm-max N] [--cap R] [--unit DUR] [--out DIR] [--json]\n"
		"       vres-sim taskset --of max-period|overhead --tasks N --util U\n"
		"                [--set K] [--seed S] [--unit DUR]\n"
		"\n"
		"Paper III's simulation studies on the vres analysis engine.\n"
		"max-period (thesis 4.6-4.7): random task sets, periods uniform in\n"
		"[1000, 10000] units, WCETs uniform in [1000, T_i] scaled to utilisation u;\n"
		"for each bandwidth C/T the longest feasible server period T_VM (exact,\n"
		"not bisected), reported as T_VM/T_1: mean, sd, sd/mean, 95%% interval,\n"
		"against the upper bound 1/(2(1 - C/T)) of Figure 4.3.\n"
		"overhead (thesis 4.8.3): periods in [100, 1000], WCETs in [100, T_i];\n"
		"for each (u, C/T) of Table 4.2 and overhead X, max R_i/T_i at every\n"
		"T_VM = 1 .. N units averaged over the sets, and the prediction model.\n"
		"taskset: print the set a study analyses, as a file for plan and check.\n"
		"\n"
		"  --sets N          task sets per configuration (default 100; thesis 10)\n"
		"  --seed S          seed of the generator (default 1)\n"
		"  --supply MODEL    paper (Eq 4 / Eq 6 as printed), exact, or both (default)\n"
		"  --tasks LIST      task counts (default 10,20,30; overhead: one, 10)\n"
		"  --util LIST       utilisations (default 0.1,0.2,0.3)\n"
		"  --bandwidths LIST C/T values below 1 (default 0.1,0.2,...,0.9)\n"
		"  --grid U:B,...    a utilisation and its C/T values; repeat for more\n"
		"                    (default Table 4.2: 0.1:0.14,0.16,0.18,0.2 and so on)\n"
		"  --overheads LIST  overheads X in time units (default 1,2,4,8,16)\n"
		"  --tvm-max N       longest T_VM in time units (default 500)\n"
		"  --cap R           max R_i/T_i above R counts as R (default 3)\n"
		"  --unit DUR        length of the thesis's time unit (default 1us)\n"
		"  --out DIR         write CSV, JSON and SVG files into DIR\n"
		"  --json            JSON report on stdout\n"
		"  --of STUDY        taskset: which study's generator\n"
		"  --set K           taskset: index of the set, from 0 (default 0)\n"
		"\n"
		"Exit status: 0 done, 2 error. See vres-sim(1) and\n"
		"Documentation/simulation.rst.\n");
}

/* ---- option values ---------------------------------------------------- */

static int parse_uint(const char *opt, const char *arg, unsigned long long lo,
		      unsigned long long hi, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || *v < lo ||
	    *v > hi) {
		cmd_error(NULL, "%s: cannot use '%s': expected a whole number from %llu to %llu",
			  opt, arg, lo, hi);
		return -1;
	}
	return 0;
}

/* A decimal fraction in (0, 1), or (0, 1] with @one. */
static int parse_fraction(const char *opt, const char *arg, bool one,
			  struct vres_bandwidth *bw)
{
	const char *why;

	if (fraction_parse(arg, &bw->num, &bw->den, &why)) {
		cmd_error(NULL, "%s: cannot use '%s': %s", opt, arg, why);
		return -1;
	}
	if (!one && bw->num >= bw->den) {
		cmd_error(NULL, "%s: cannot use '%s': must be below 1",
			  opt, arg);
		return -1;
	}
	return 0;
}

/*
 * Split a comma-separated list into at most STUDY_MAX_LIST items and hand
 * each to @item; returns the count or -1.
 */
static int parse_list(const char *opt, const char *arg,
		      int (*item)(const char *opt, const char *s, void *out,
				  unsigned int i),
		      void *out)
{
	char buf[256], *tok, *save = NULL;
	unsigned int n = 0;

	if (strlen(arg) >= sizeof(buf) || !*arg) {
		cmd_error(NULL, "%s: cannot use '%s': empty or too long",
			  opt, arg);
		return -1;
	}
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == STUDY_MAX_LIST) {
			cmd_error(NULL, "%s: more than %d values", opt,
				  STUDY_MAX_LIST);
			return -1;
		}
		if (item(opt, tok, out, n))
			return -1;
		n++;
	}
	if (!n) {
		cmd_error(NULL, "%s: no values in '%s'", opt, arg);
		return -1;
	}
	return (int)n;
}

static int item_tasks(const char *opt, const char *s, void *out,
		      unsigned int i)
{
	unsigned long long v;

	if (parse_uint(opt, s, 1, TASKGEN_MAX_TASKS, &v))
		return -1;
	((unsigned int *)out)[i] = (unsigned int)v;
	return 0;
}

static int item_util(const char *opt, const char *s, void *out,
		     unsigned int i)
{
	struct vres_bandwidth f;

	if (parse_fraction(opt, s, true, &f))
		return -1;
	((double *)out)[i] = study_bw(&f);
	return 0;
}

static int item_bw(const char *opt, const char *s, void *out, unsigned int i)
{
	return parse_fraction(opt, s, false, &((struct vres_bandwidth *)out)[i]);
}

static int item_overhead(const char *opt, const char *s, void *out,
			 unsigned int i)
{
	unsigned long long v;

	if (parse_uint(opt, s, 0, 1000000, &v))
		return -1;
	((u64 *)out)[i] = v;
	return 0;
}

/* --grid U:B,B,...: appends to the grid. */
static int parse_grid(const char *arg, struct overhead_study_cfg *c)
{
	struct vres_bandwidth bws[STUDY_MAX_LIST], u;
	char ubuf[64];
	const char *colon = strchr(arg, ':');
	int n, i;

	if (!colon || (size_t)(colon - arg) >= sizeof(ubuf)) {
		cmd_error(NULL, "--grid: cannot use '%s': expected U:B,B,... such as 0.1:0.14,0.2",
			  arg);
		return -1;
	}
	memcpy(ubuf, arg, (size_t)(colon - arg));
	ubuf[colon - arg] = '\0';
	if (parse_fraction("--grid", ubuf, true, &u))
		return -1;
	n = parse_list("--grid", colon + 1, item_bw, bws);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (c->n_grid == STUDY_MAX_LIST) {
			cmd_error(NULL, "--grid: more than %d points in all",
				  STUDY_MAX_LIST);
			return -1;
		}
		c->grid_u[c->n_grid] = study_bw(&u);
		c->grid_bw[c->n_grid] = bws[i];
		c->n_grid++;
	}
	return 0;
}

static void defaults(struct sim_args *a)
{
	static const double table42[3][5] = {
		{ 0.1, 0.14, 0.16, 0.18, 0.2 },
		{ 0.2, 0.28, 0.32, 0.36, 0.4 },
		{ 0.3, 0.42, 0.48, 0.54, 0.6 },
	};
	static const u64 xs[] = { 1, 2, 4, 8, 16 };
	struct max_period_cfg *c1 = &a->c1;
	struct overhead_study_cfg *c2 = &a->c2;
	unsigned int i, j;

	memset(a, 0, sizeof(*a));
	c1->seed = 1;
	c1->sets = 100;
	c1->gen = (struct taskgen_params){ .period_min = 1000,
		.period_max = 10000, .wcet_min = 1000, .unit_ns = 1000 };
	c1->n_ns = 3;
	for (i = 0; i < 3; i++) {
		c1->ns[i] = 10 * (i + 1);
		c1->us[i] = 0.1 * (i + 1);
	}
	c1->n_us = 3;
	c1->n_bws = 9;
	for (i = 0; i < 9; i++)
		c1->bws[i] = (struct vres_bandwidth){ i + 1, 10 };
	c1->model[STUDY_PAPER] = c1->model[STUDY_EXACT] = true;

	c2->seed = 1;
	c2->sets = 100;
	c2->gen = (struct taskgen_params){ .n = 10, .period_min = 100,
		.period_max = 1000, .wcet_min = 100, .unit_ns = 1000 };
	for (i = 0; i < 3; i++) {
		for (j = 1; j < 5; j++) {
			c2->grid_u[c2->n_grid] = table42[i][0];
			/* exact fractions: 0.14 = 14/100 */
			c2->grid_bw[c2->n_grid] = (struct vres_bandwidth){
				(u64)llround(table42[i][j] * 100), 100 };
			c2->n_grid++;
		}
	}
	c2->n_xs = sizeof(xs) / sizeof(xs[0]);
	memcpy(c2->xs, xs, sizeof(xs));
	c2->tvm_max = 500;
	c2->cap = 3;
	c2->model[STUDY_PAPER] = c2->model[STUDY_EXACT] = true;
}

/* What the options said that the checks of their combination need. */
struct sim_seen {
	bool tasks, util, of;
	bool paper, exact;	/* --supply's models */
};

/* The study named by argv[1]. Return: 0, 1 after --help, -1 after an error. */
static int parse_study(int argc, char **argv, struct sim_args *a)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 1;
	}
	if (argc < 2) {
		cmd_error(NULL, "expected a study: max-period, overhead or taskset (see --help)");
		return -1;
	}
	if (!strcmp(argv[1], "max-period")) {
		a->study = SIM_MAX_PERIOD;
	} else if (!strcmp(argv[1], "overhead")) {
		a->study = SIM_OVERHEAD;
	} else if (!strcmp(argv[1], "taskset")) {
		a->study = SIM_TASKSET;
	} else {
		cmd_error(NULL, "unknown study '%s' (use max-period, overhead or taskset)",
			  argv[1]);
		return -1;
	}
	return 0;
}

/*
 * An option of what is studied: sets, seed, models, tasks, utilisations,
 * bandwidths, overheads. Return: 0 when taken, -1 after an error, 1 when
 * not one of them.
 */
static int sim_study_opt(int c, char *arg, struct sim_args *a,
                         struct sim_seen *seen)
{
	unsigned long long v;
	int n;

	switch (c) {
	case 'n':
		if (parse_uint("--sets", arg, 1, 10000, &v))
			return -1;
		a->c1.sets = a->c2.sets = (unsigned int)v;
		break;
	case 'S':
		if (parse_uint("--seed", arg, 0, ~0ULL, &v))
			return -1;
		a->c1.seed = a->c2.seed = v;
		break;
	case 's':
		seen->paper = !strcmp(arg, "paper") || !strcmp(arg, "both");
		seen->exact = !strcmp(arg, "exact") || !strcmp(arg, "both");
		if (!seen->paper && !seen->exact) {
			cmd_error(NULL, "--supply: unknown model '%s' (use paper, exact or both)",
				  arg);
			return -1;
		}
		break;
	case 't':
		n = parse_list("--tasks", arg, item_tasks, a->c1.ns);
		if (n < 0)
			return -1;
		a->c1.n_ns = (unsigned int)n;
		a->c2.gen.n = a->c1.ns[0];
		seen->tasks = true;
		break;
	case 'u':
		n = parse_list("--util", arg, item_util, a->c1.us);
		if (n < 0)
			return -1;
		a->c1.n_us = (unsigned int)n;
		a->util = a->c1.us[0];
		a->util_text = arg;
		seen->util = true;
		break;
	case 'B':
		n = parse_list("--bandwidths", arg, item_bw, a->c1.bws);
		if (n < 0)
			return -1;
		a->c1.n_bws = (unsigned int)n;
		break;
	case 'g':
		if (!a->have_grid)
			a->c2.n_grid = 0;
		a->have_grid = true;
		if (parse_grid(arg, &a->c2))
			return -1;
		break;
	case 'x':
		n = parse_list("--overheads", arg, item_overhead,
			       a->c2.xs);
		if (n < 0)
			return -1;
		a->c2.n_xs = (unsigned int)n;
		break;
	default:
		return 1;
	}
	return 0;
}

/* An option of how it is run and shown. Return: as sim_study_opt(). */
static int sim_run_opt(int c, char *arg, struct sim_args *a,
                       struct sim_seen *seen)
{
	unsigned long long v;
	u64 unit;

	switch (c) {
	case 'T':
		if (parse_uint("--tvm-max", arg, 1, 100000, &v))
			return -1;
		a->c2.tvm_max = v;
		break;
	case 'c': {
		char *end;

		errno = 0;
		a->c2.cap = strtod(arg, &end);
		if (errno || end == arg || *end ||
		    !(a->c2.cap >= 1 && a->c2.cap <= 1000)) {
			cmd_error(NULL, "--cap: cannot use '%s': expected a number from 1 to 1000",
				  arg);
			return -1;
		}
		break;
	}
	case 'U':
		if (opt_duration(NULL, "--unit", arg, &unit))
			return -1;
		if (!unit || unit > 1000000000) {
			cmd_error(NULL, "--unit: cannot use '%s': expected 1ns to 1s",
				  arg);
			return -1;
		}
		a->c1.gen.unit_ns = a->c2.gen.unit_ns = unit;
		break;
	case 'o':
		a->out_dir = arg;
		break;
	case 'j':
		a->json = true;
		break;
	case 'O':
		if (!strcmp(arg, "max-period")) {
			a->of = SIM_MAX_PERIOD;
		} else if (!strcmp(arg, "overhead")) {
			a->of = SIM_OVERHEAD;
		} else {
			cmd_error(NULL, "--of: unknown study '%s' (use max-period or overhead)",
				  arg);
			return -1;
		}
		seen->of = true;
		break;
	case 'k':
		if (parse_uint("--set", arg, 0, 1000000, &v))
			return -1;
		a->set = (unsigned int)v;
		break;
	default:
		return 1;
	}
	return 0;
}

/* One option. Return: 0 when taken, -1 after an error, 1 when unknown. */
static int sim_opt(int c, char *arg, struct sim_args *a, struct sim_seen *seen)
{
	int ret = sim_study_opt(c, arg, a, seen);

	return ret == 1 ? sim_run_opt(c, arg, a, seen) : ret;
}

/* The options together, or false after saying what is wrong. */
static bool sim_args_valid(struct sim_args *a, const struct sim_seen *seen)
{
	a->c1.model[STUDY_PAPER] = a->c2.model[STUDY_PAPER] = seen->paper;
	a->c1.model[STUDY_EXACT] = a->c2.model[STUDY_EXACT] = seen->exact;
	if (a->study == SIM_OVERHEAD && seen->tasks && a->c1.n_ns != 1) {
		cmd_error(NULL, "overhead: --tasks takes one task count");
		return false;
	}
	if (a->study == SIM_OVERHEAD && seen->util) {
		cmd_error(NULL, "overhead: give utilisations with --grid U:B,...");
		return false;
	}
	if (a->study == SIM_TASKSET &&
	    (!seen->of || !seen->tasks || !seen->util || a->c1.n_ns != 1 ||
	     a->c1.n_us != 1)) {
		cmd_error(NULL, "taskset: give --of, one --tasks and one --util");
		return false;
	}
	return true;
}

static int parse_args(int argc, char **argv, struct sim_args *a)
{
	static const struct option longopts[] = {
		{ "sets", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "supply", required_argument, NULL, 's' },
		{ "tasks", required_argument, NULL, 't' },
		{ "util", required_argument, NULL, 'u' },
		{ "bandwidths", required_argument, NULL, 'B' },
		{ "grid", required_argument, NULL, 'g' },
		{ "overheads", required_argument, NULL, 'x' },
		{ "tvm-max", required_argument, NULL, 'T' },
		{ "cap", required_argument, NULL, 'c' },
		{ "unit", required_argument, NULL, 'U' },
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "of", required_argument, NULL, 'O' },
		{ "set", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_seen seen = { .paper = true, .exact = true };
	int c, ret;

	defaults(a);
	ret = parse_study(argc, argv, a);
	if (ret)
		return ret;
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		ret = sim_opt(c, optarg, a, &seen);
		if (ret < 0)
			return -1;
		if (!ret)
			continue;
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		cmd_error(NULL, "unknown or incomplete option '%s' (see --help)",
			  argv[optind - 1]);
		return -1;
	}
	if (optind != argc) {
		cmd_error(NULL, "unexpected argument '%s' (see --help)",
			  argv[optind]);
		return -1;
	}
	return sim_args_valid(a, &seen) ? 0 : -1;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0777) && errno != EEXIST) {
		cmd_error(NULL, "--out: cannot create '%s': %s", dir,
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- taskset ------------------------------------------------------------ */

/*
 * The set the study analyses, as a task set file: the same generator call
 * as max_period_run() / overhead_study_run(), so that plan and check can be
 * asked about any set of a study.
 */
static int print_taskset(const struct sim_args *a)
{
	const struct max_period_cfg *c1 = &a->c1;
	struct taskgen_params g = a->of == SIM_OVERHEAD ? a->c2.gen : c1->gen;
	unsigned int study = a->of == SIM_OVERHEAD ? 2 : 1, i;
	char name[128], p[DURATION_STR_MAX], w[DURATION_STR_MAX];
	struct vres_task *tasks;
	struct taskgen_raw *raw;
	int ret;

	g.n = c1->ns[0];
	raw = malloc(sizeof(*raw));
	tasks = calloc(g.n, sizeof(*tasks));
	ret = raw && tasks ? 0 : -ENOMEM;
	if (!ret)
		ret = taskgen_draw(&g, taskgen_stream(c1->seed, study, g.n,
						      a->set), raw);
	if (!ret)
		ret = taskgen_scale(raw, a->util, g.unit_ns, tasks);
	if (!ret) {
		snprintf(name, sizeof(name), "%s n=%u u=%s set %u seed %llu",
			 a->of == SIM_OVERHEAD ? "overhead" : "max-period",
			 g.n, a->util_text, a->set, c1->seed);
		printf("{\"name\": \"%s\",\n \"tasks\": [\n", name);
		for (i = 0; i < g.n; i++)
			printf("  {\"name\": \"t%u\", \"period\": \"%s\", \"wcet\": \"%s\"}%s\n",
			       i + 1, duration_str(tasks[i].period_ns, p),
			       duration_str(tasks[i].wcet_ns, w),
			       i + 1 < g.n ? "," : "");
		printf(" ]}\n");
	}
	free(tasks);
	free(raw);
	return ret;
}

/* ---- main --------------------------------------------------------------- */

static int report(const struct sim_args *a, const void *s, bool json, FILE *f)
{
	struct out o;

	out_init(&o, json, f);
	out_open_object(&o, NULL);
	if (a->study == SIM_MAX_PERIOD)
		max_period_print(&o, s);
	else
		overhead_study_print(&o, s);
	out_close_object(&o);
	return out_finish(&o);
}

static int write_files(const struct sim_args *a, const void *s)
{
	const char *name = a->study == SIM_MAX_PERIOD ? "max-period" :
							 "overhead";
	FILE *f;

	f = sim_open(a->out_dir, name, "json");
	if (!f)
		return -1;
	if (report(a, s, true, f)) {
		fclose(f);
		cmd_error(NULL, "%s/%s.json: cannot write", a->out_dir,
			  name);
		return -1;
	}
	if (sim_close(f, a->out_dir, name, "json"))
		return -1;
	if (a->study == SIM_MAX_PERIOD)
		return max_period_csv(s, a->out_dir) ||
		       max_period_figures(s, a->out_dir) ? -1 : 0;
	return overhead_study_csv(s, a->out_dir) ||
	       overhead_study_figures(s, a->out_dir) ? -1 : 0;
}

int sim_run(int argc, char **argv)
{
	struct sim_args a;
	struct max_period_study s1;
	struct overhead_study s2;
	const void *s;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	if (a.study == SIM_TASKSET) {
		ret = print_taskset(&a);
		if (ret)
			cmd_error(NULL, "taskset: %s", strerror(-ret));
		return ret ? EXIT_ERROR : EXIT_YES;
	}
	/* Before any output: a directory that cannot be made is an input error. */
	if (a.out_dir && make_dir(a.out_dir))
		return EXIT_ERROR;
	if (a.study == SIM_MAX_PERIOD) {
		ret = max_period_run(&a.c1, &s1);
		s = &s1;
	} else {
		ret = overhead_study_run(&a.c2, &s2);
		s = &s2;
	}
	if (ret) {
		cmd_error(NULL, "%s", strerror(-ret));
	} else if (report(&a, s, a.json, stdout)) {
		cmd_error(NULL, "cannot write the report");
		ret = -1;
	} else if (a.out_dir) {
		ret = write_files(&a, s);
	}
	if (a.study == SIM_MAX_PERIOD)
		max_period_free(&s1);
	else
		overhead_study_free(&s2);
	return ret ? EXIT_ERROR : EXIT_YES;
}
