// SPDX-License-Identifier: GPL-2.0
/*
 * cmdline.c - what the subcommands share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmdline.h"
#include "duration.h"

/**
 * cmd_error() - report a command-line problem as one line on stderr.
 * @cmd: the subcommand.
 * @fmt: printf format of the problem.
 */
void cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vresctl %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * opt_duration() - parse the value of a duration option.
 * @cmd: the subcommand, for the message.
 * @opt: the option, for the message.
 * @arg: its value.
 * @ns: where to store it.
 *
 * Return: 0, or -1 after reporting the problem.
 */
int opt_duration(const char *cmd, const char *opt, const char *arg, u64 *ns)
{
	const char *why;

	if (duration_parse(arg, ns, &why)) {
		cmd_error(cmd, "%s: cannot use '%s': %s", opt, arg, why);
		return -1;
	}
	return 0;
}

/**
 * opt_uint() - parse a decimal option value.
 * @cmd: the subcommand, for the message.
 * @opt: the option, for the message.
 * @arg: its value.
 * @max: the largest value accepted.
 * @v: where to store it.
 *
 * Return: 0, or -1 after reporting the problem.
 */
int opt_uint(const char *cmd, const char *opt, const char *arg,
	     unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || *v > max || arg[0] == '-') {
		cmd_error(cmd, "%s: '%s' is not a number from 0 to %lu", opt,
			  arg, max);
		return -1;
	}
	return 0;
}

int opt_supply(const char *cmd, const char *arg, enum vres_supply *supply)
{
	if (supply_parse(arg, supply)) {
		cmd_error(cmd, "--supply: unknown model '%s' (use exact, paper or slot)",
			  arg);
		return -1;
	}
	return 0;
}

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
