// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_check.c - vresctl check: response times of a task set on a server.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vres.h>

#include "cmdline.h"
#include "duration.h"
#include "slack_print.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhb:p:"

/*
 * The slack of a set costs about a hundred analyses of the whole set: by
 * default only up to this many tasks, so that a check of 100,000 tasks
 * answers in under a second (Documentation/benchmarks.rst).
 */
#define CHECK_SLACK_TASKS_MAX	10000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl check FILE --budget DUR --period DUR [--overhead DUR]\n"
		"                     [--supply exact|paper|slot] [--slack|--no-slack] [--json]\n"
		"\n"
		"Worst-case response time of every task in FILE when each vCPU of the\n"
		"guest gets a server with BUDGET every PERIOD, and whether every task\n"
		"meets its deadline, and the slack of the verdict: how far the budget,\n"
		"the overhead, the period (at this budget and at this bandwidth) and\n"
		"the WCETs can move, each alone, before a deadline is missed (for an\n"
		"unschedulable set: how far they must move). DUR is a number and a\n"
		"unit: ns, us, ms or s.\n"
		"\n"
		"  --budget DUR     server budget C per period, overhead included\n"
		"  --period DUR     server period T\n"
		"  --overhead DUR   time X lost at the start of each period's execution\n"
		"                   (thesis Eq 6); default 0\n"
		"  --supply MODEL   exact (default): budget anywhere in the period;\n"
		"                   paper: the thesis's Eq 4 as printed;\n"
		"                   slot: budget at a fixed offset in every period\n"
		"  --no-slack       leave the slack out (each task's WCET limit costs ~60\n"
		"                   analyses; it is left out on vCPUs of over 64 tasks)\n"
		"  --slack          compute the slack of a set of over 10000 tasks too\n"
		"                   (left out by default: about 100 analyses of the set)\n"
		"  --json           JSON output, durations in integer nanoseconds\n"
		"\n"
		"Exit status: 0 schedulable, 1 not schedulable, 2 error.\n"
		"See vresctl(8).\n");
}

static void print_tasks(struct out *o, const struct taskset *ts,
			const u64 *resp, const struct slack_task *st)
{
	unsigned int k;

	out_text(o, "\n%4s %4s  %-16s %10s %10s %10s %10s", "vcpu", "rank",
		 "task", "period", "wcet", "deadline", "response");
	out_text(o, st ? " %10s %10s %11s\n" : "\n", "D - R", "max wcet",
		 "wcet slack");
	out_open_array(o, "tasks");
	for (k = 0; k < ts->n; k++) {
		const struct ts_task *t = &ts->tasks[ts->vt_task[k]];

		out_open_object(o, NULL);
		print_task(o, OUT_ANY, t);
		if (resp[k] != VRES_TIME_INF)
			out_dur(o, OUT_ANY, "response_time_ns", " %10s",
				resp[k]);
		else
			out_null(o, OUT_ANY, "response_time_ns", " %10s",
				 "MISS");
		if (st)
			print_task_slack(o, &ts->vt[k], &st[k]);
		out_bool(o, OUT_JSON, "schedulable", NULL,
			 resp[k] != VRES_TIME_INF);
		out_close_object(o);
		out_text(o, "\n");
	}
	out_close_array(o);
}

static void print_vcpus(struct out *o, const struct taskset *ts,
			const struct vres_resource *srv, const u64 *resp)
{
	unsigned int v, k;

	out_text(o, "\n");
	out_open_array(o, "vcpus");
	for (v = 0; v < ts->vcpus; v++) {
		bool ok = true;

		for (k = ts->vcpu_start[v]; k < ts->vcpu_start[v + 1]; k++)
			ok &= resp[k] != VRES_TIME_INF;
		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "vcpu", "vcpu %llu", v);
		out_u64(o, OUT_JSON, "tasks", NULL, taskset_vcpu_len(ts, v));
		out_text(o, ": %u task%s", taskset_vcpu_len(ts, v),
			 taskset_vcpu_len(ts, v) == 1 ? "" : "s");
		out_bool(o, OUT_ANY, "schedulable", ", schedulable: %s\n", ok);
		if (taskset_vcpu_len(ts, v))
			print_prediction(o, ts, v, srv->budget_ns,
					 srv->period_ns, srv->overhead_ns);
		out_close_object(o);
	}
	out_close_array(o);
}

/*
 * Each task's WCET limit costs ~60 analyses of its vCPU: computed for
 * vCPUs of at most as many tasks as a server's guest guard takes.
 */
#define CHECK_TASK_SLACK_MAX	VRES_GUEST_TASKS_MAX

/*
 * The slack of the verdict: the whole analysis range of periods, since
 * check is not bound to the module's limits. NULL *st if left out.
 */
static int compute_slack(const struct taskset *ts,
			 const struct vres_resource *srv,
			 struct slack_problem *p, struct slack_server *s,
			 struct slack_task **st)
{
	int ret;

	*p = (struct slack_problem) {
		.tasks = ts->vt, .n = ts->n, .supply = srv->supply,
		.budget = srv->budget_ns, .period = srv->period_ns,
		.overhead = srv->overhead_ns, .range_lo = 1,
		.range_hi = VRES_TIME_MAX, .tasks_max = CHECK_TASK_SLACK_MAX,
	};
	*st = calloc(ts->n, sizeof(**st));
	if (!*st)
		return -ENOMEM;
	ret = slack_tasks(p, *st);
	if (!ret)
		ret = slack_server(p, s);
	if (ret) {
		free(*st);
		*st = NULL;
	}
	return ret;
}

/* What the command line asks; slack is -1 for "by the size of the set". */
struct check_args {
	struct vres_resource srv;
	struct plan_opts po;
	bool json;
	int slack;
	const char *file;
};

/* Return: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct check_args *ca)
{
	static const struct option longopts[] = {
		{ "budget", required_argument, NULL, 'b' },
		{ "period", required_argument, NULL, 'p' },
		{ "overhead", required_argument, NULL, 'x' },
		{ "supply", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-slack", no_argument, NULL, 'S' },
		{ "slack", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_budget = false, have_period = false;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (opt_duration("check", "--budget", optarg,
					 &ca->srv.budget_ns))
				return EXIT_ERROR;
			have_budget = true;
			break;
		case 'p':
			if (opt_duration("check", "--period", optarg,
					 &ca->srv.period_ns))
				return EXIT_ERROR;
			have_period = true;
			break;
		case 'x':
			if (opt_duration("check", "--overhead", optarg,
					 &ca->po.overhead_ns))
				return EXIT_ERROR;
			break;
		case 's':
			if (opt_supply("check", optarg, &ca->po.supply))
				return EXIT_ERROR;
			break;
		case 'j':
			ca->json = true;
			break;
		case 'S':
			ca->slack = 0;
			break;
		case 'L':
			ca->slack = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_YES;
		default:
			cmd_error("check", "unknown or incomplete option '%s' (see --help)",
				  argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind != argc - 1) {
		cmd_error("check", "expected one task set FILE (see --help)");
		return EXIT_ERROR;
	}
	if (!have_budget || !have_period) {
		cmd_error("check", "--budget and --period are required");
		return EXIT_ERROR;
	}
	ca->file = argv[optind];
	return -1;
}

/* The server the options describe, or false after saying what is wrong. */
static bool server_valid(struct check_args *ca)
{
	struct vres_resource *srv = &ca->srv;
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];

	if (!srv->period_ns || !srv->budget_ns) {
		cmd_error("check", "--%s must be greater than zero",
			  srv->period_ns ? "budget" : "period");
		return false;
	}
	if (srv->budget_ns > srv->period_ns) {
		cmd_error("check", "--budget %s is longer than --period %s",
			  duration_str(srv->budget_ns, a),
			  duration_str(srv->period_ns, b));
		return false;
	}
	if (ca->po.overhead_ns >= srv->budget_ns) {
		cmd_error("check", "--overhead %s must be shorter than --budget %s",
			  duration_str(ca->po.overhead_ns, a),
			  duration_str(srv->budget_ns, b));
		return false;
	}
	if (ca->po.overhead_ns && ca->po.supply == VRES_SUPPLY_PAPER) {
		cmd_error("check", "--overhead does not apply to --supply paper (the thesis's Eq 4 has no overhead term); use exact or slot");
		return false;
	}
	srv->supply = ca->po.supply;
	srv->overhead_ns = ca->po.overhead_ns;
	return true;
}

/* The report, text or JSON. Return: the exit status. */
static int print_check(const struct check_args *ca, const struct taskset *ts,
		       const u64 *resp, int misses,
		       const struct slack_task *st,
		       const struct slack_problem *sp,
		       const struct slack_server *ss)
{
	const struct vres_resource *srv = &ca->srv;
	char frac[48];
	struct out o;

	out_init(&o, ca->json, stdout);
	out_open_object(&o, NULL);
	print_header(&o, ts, &ca->po);
	out_dur(&o, OUT_ANY, "budget_ns", "server: budget %s", srv->budget_ns);
	out_dur(&o, OUT_ANY, "period_ns", " every %s", srv->period_ns);
	out_double(&o, OUT_JSON, "bandwidth", NULL,
		   (double)srv->budget_ns / (double)srv->period_ns);
	out_text(&o, " (bandwidth %s)\n",
		 fraction_str(srv->budget_ns, srv->period_ns, frac,
			      sizeof(frac)));
	out_bool(&o, OUT_JSON, "schedulable", NULL, misses == 0);
	print_tasks(&o, ts, resp, st);
	print_vcpus(&o, ts, srv, resp);
	if (st) {
		out_text(&o, "\n");
		print_server_slack(&o, sp, ss);
	} else if (!ca->slack && ts->n > CHECK_SLACK_TASKS_MAX) {
		out_text(&o, "\nslack: left out for %u tasks (over %d; --slack computes it)\n",
			 ts->n, CHECK_SLACK_TASKS_MAX);
	}
	if (misses)
		out_text(&o, "\nschedulable: no (%d task%s miss%s the deadline)\n",
			 misses, misses == 1 ? "" : "s",
			 misses == 1 ? "es" : "");
	else
		out_text(&o, "\nschedulable: yes\n");
	out_close_object(&o);
	if (out_finish(&o)) {
		cmd_error("check", "cannot write the output");
		return EXIT_ERROR;
	}
	return misses ? EXIT_NO : EXIT_YES;
}

int cmd_check(int argc, char **argv)
{
	struct check_args ca = {
		.po = { .supply = VRES_SUPPLY_EXACT },
		.slack = -1,
	};
	struct slack_task *st = NULL;
	struct slack_problem sp;
	struct slack_server ss;
	struct taskset ts;
	int misses, status;
	u64 *resp;

	status = parse_args(argc, argv, &ca);
	if (status >= 0)
		return status;
	if (!server_valid(&ca))
		return EXIT_ERROR;

	if (taskset_load(ca.file, &ts))
		return EXIT_ERROR;
	resp = calloc(ts.n, sizeof(*resp));
	if (!resp) {
		cmd_error("check", "out of memory");
		taskset_free(&ts);
		return EXIT_ERROR;
	}
	misses = vres_rta(ts.vt, ts.n, &ca.srv, resp);
	if (misses < 0) {
		cmd_error("check", "internal error: analysis failed (%d)",
			  misses);
		status = EXIT_ERROR;
		goto out;
	}
	if (ca.slack < 0)
		ca.slack = ts.n <= CHECK_SLACK_TASKS_MAX;
	if (ca.slack) {
		int ret = compute_slack(&ts, &ca.srv, &sp, &ss, &st);

		if (ret) {
			cmd_error("check", "internal error: slack analysis failed (%s)",
				  strerror(-ret));
			status = EXIT_ERROR;
			goto out;
		}
	}
	status = print_check(&ca, &ts, resp, misses, st, &sp, &ss);
out:
	free(st);
	free(resp);
	taskset_free(&ts);
	return status;
}
