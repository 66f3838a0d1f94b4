// SPDX-License-Identifier: GPL-2.0
/*
 * cmdline.c - what the subcommands share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "duration.h"

/**
 * print_header() - what was analysed, first in every output.
 * @o: output.
 * @ts: the task set.
 * @po: supply model and overhead.
 */
void print_header(struct out *o, const struct taskset *ts,
		  const struct plan_opts *po)
{
	out_str(o, OUT_ANY, "file", "%s", ts->file);
	out_str(o, OUT_ANY, "name", " (\"%s\")", ts->name);
	out_u64(o, OUT_ANY, "task_count", ": %llu tasks", ts->n);
	out_u64(o, OUT_ANY, "vcpu_count", " on %llu vCPU", ts->vcpus);
	out_text(o, "%s", ts->vcpus == 1 ? "" : "s");
	out_str(o, OUT_ANY, "supply", "; supply %s", supply_name(po->supply));
	out_text(o, "%s", po->overhead_ns ? " with " : "");
	out_dur(o, po->overhead_ns ? OUT_ANY : OUT_JSON, "overhead_ns",
		"overhead %s per period", po->overhead_ns);
	out_text(o, "\n");
}

/**
 * print_task() - what a task is: vCPU, priority rank, name, period, WCET
 *	and deadline (the fields plan and check share).
 * @o: output, inside the task's object.
 * @m: OUT_ANY for a text table row too, OUT_JSON for JSON only.
 * @t: the task.
 */
void print_task(struct out *o, enum out_mode m, const struct ts_task *t)
{
	out_u64(o, m, "vcpu", "%4llu", t->vcpu);
	out_u64(o, m, "priority_rank", " %4llu", t->rank);
	out_str(o, m, "name", "  %-16s", t->name);
	out_dur(o, m, "period_ns", " %10s", t->period_ns);
	out_dur(o, m, "wcet_ns", " %10s", t->wcet_ns);
	out_dur(o, m, "deadline_ns", " %10s", t->deadline_ns);
}

/**
 * server_args_init() - the server options before parsing: nothing given.
 * @sa: the options.
 */
void server_args_init(struct server_args *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->req.po.supply = VRES_SUPPLY_EXACT;
}

/**
 * server_args_opt() - parse one of the options of SERVER_ARGS_LONGOPTS.
 * @cmd: the subcommand, for messages.
 * @c: getopt_long's value for the option.
 * @arg: its argument.
 * @sa: where it goes.
 *
 * Return: 0 if parsed, 1 if @c is not one of them, -1 after reporting a
 * bad value.
 */
int server_args_opt(const char *cmd, int c, const char *arg,
		    struct server_args *sa)
{
	struct server_config *cfg = &sa->cfg;
	unsigned int i;

	switch (c) {
	case 'b':
		if (opt_duration(cmd, "--budget", arg, &cfg->budget_ns))
			return -1;
		sa->have_budget = true;
		return 0;
	case 'p':
		if (opt_duration(cmd, "--period", arg, &cfg->period_ns))
			return -1;
		sa->req.period_ns = cfg->period_ns;
		return 0;
	case 'P':
		sa->plan = arg;
		return 0;
	case 's':
		return opt_supply(cmd, arg, &sa->req.po.supply) ? -1 : 0;
	case 'm':
		for (i = 0; i < VRES_MODE_NR; i++) {
			if (!strcmp(arg, vsys_mode_name(i))) {
				cfg->mode = i;
				cfg->have_mode = true;
				return 0;
			}
		}
		cmd_error(cmd, "--mode: unknown mode '%s' (use hard or soft)",
			  arg);
		return -1;
	case 'x':
		if (opt_duration(cmd, "--overhead", arg, &cfg->overhead_ns))
			return -1;
		cfg->have_overhead = true;
		sa->req.po.overhead_ns = cfg->overhead_ns;
		sa->req.have_overhead = true;
		return 0;
	default:
		return 1;
	}
}

/**
 * server_args_check() - do the server options go together?
 * @cmd: the subcommand, for messages.
 * @sa: the parsed options.
 *
 * Return: 0, or -1 after reporting the problem.
 */
int server_args_check(const char *cmd, const struct server_args *sa)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];
	const struct server_config *cfg = &sa->cfg;

	if (sa->plan && sa->have_budget) {
		cmd_error(cmd, "give --plan or --budget and --period, not both");
		return -1;
	}
	if (!sa->plan && sa->have_budget != !!cfg->period_ns) {
		cmd_error(cmd, "--budget and --period go together");
		return -1;
	}
	if (!sa->plan && sa->req.po.supply != VRES_SUPPLY_EXACT) {
		cmd_error(cmd, "--supply applies to --plan only");
		return -1;
	}
	if (sa->have_budget && cfg->budget_ns > cfg->period_ns) {
		cmd_error(cmd, "--budget %s is longer than --period %s",
			  duration_str(cfg->budget_ns, s1),
			  duration_str(cfg->period_ns, s2));
		return -1;
	}
	if (sa->plan && cfg->overhead_ns &&
	    sa->req.po.supply == VRES_SUPPLY_PAPER) {
		cmd_error(cmd, "--overhead does not apply to --supply paper (the thesis's Eq 4 has no overhead term)");
		return -1;
	}
	return 0;
}

/**
 * server_args_plan() - take the server's budget, period and overhead from a
 *	plan; an --overhead given on the command line wins.
 * @sa: the options.
 * @sp: the loaded plan.
 */
void server_args_plan(struct server_args *sa, const struct plan_server *sp)
{
	sa->cfg.budget_ns = sp->budget_ns;
	sa->cfg.period_ns = sp->period_ns;
	sa->cfg.have_params = true;
	if (sp->overhead_ns || sa->req.have_overhead) {
		sa->cfg.overhead_ns = sp->overhead_ns;
		sa->cfg.have_overhead = true;
	}
}

/**
 * served_report_begin() - start the report of the servers apply or attach
 *	made: the JSON object's "plan" (the file, or null) and, in text, the
 *	plan's two lines; the caller adds its servers and ends it with
 *	served_report_end().
 * @o: the output, set up here on standard output.
 * @json: JSON rather than text.
 * @plan: the plan file, or NULL.
 * @plan_line: what the plan gave, for the text.
 * @margin_line: the server's margin, for the text.
 */
void served_report_begin(struct out *o, bool json, const char *plan,
			 const char *plan_line, const char *margin_line)
{
	out_init(o, json, stdout);
	out_open_object(o, NULL);
	if (plan) {
		out_str(o, OUT_JSON, "plan", NULL, plan);
		out_text(o, "%s\n  %s\n", plan_line, margin_line);
	} else {
		out_null(o, OUT_JSON, "plan", NULL, NULL);
	}
}

/**
 * served_report_end() - close the report's object and write it.
 * @o: the output.
 * @failed: a server could not be read back (the error is on stderr).
 *
 * Return: the exit status: EXIT_NO if @failed (the JSON is dropped),
 * EXIT_ERROR if the output could not be written, else EXIT_YES.
 */
int served_report_end(struct out *o, bool failed)
{
	out_close_object(o);
	if (failed) {
		out_abort(o);
		return EXIT_NO;
	}
	return out_finish(o) ? EXIT_ERROR : EXIT_YES;
}
