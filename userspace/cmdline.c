// SPDX-License-Identifier: GPL-2.0
/*
 * cmdline.c - what the subcommands share.
 */
#include <stdarg.h>
#include <stdio.h>

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
