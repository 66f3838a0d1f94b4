/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmdline.h - what the subcommands share: option errors, option values,
 * the subcommand entry points and the header of their output.
 */
#ifndef VRESCTL_CMDLINE_H
#define VRESCTL_CMDLINE_H

#include "planner.h"

/* Exit statuses of plan and check. */
#define EXIT_YES	0	/* schedulable / an answer exists */
#define EXIT_NO		1	/* not schedulable / no answer */
#define EXIT_ERROR	2	/* bad input or internal error */

void cmd_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int opt_duration(const char *cmd, const char *opt, const char *arg, u64 *ns);
int opt_supply(const char *cmd, const char *arg, enum vres_supply *supply);
void print_header(struct out *o, const struct taskset *ts,
		  const struct plan_opts *po);

int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

#endif /* VRESCTL_CMDLINE_H */
