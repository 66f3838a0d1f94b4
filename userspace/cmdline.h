/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmdline.h - what the subcommands share: option errors, option values,
 * the subcommand entry points and the header of their output.
 */
#ifndef VRESCTL_CMDLINE_H
#define VRESCTL_CMDLINE_H

#include "planner.h"

/* Exit statuses of the subcommands. */
#define EXIT_YES	0	/* schedulable / an answer exists / done */
#define EXIT_NO		1	/* not schedulable / no answer / refused */
#define EXIT_ERROR	2	/* bad input or internal error */

void cmd_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int opt_duration(const char *cmd, const char *opt, const char *arg, u64 *ns);
int opt_uint(const char *cmd, const char *opt, const char *arg,
	     unsigned long max, unsigned long *v);
int opt_supply(const char *cmd, const char *arg, enum vres_supply *supply);
void print_header(struct out *o, const struct taskset *ts,
		  const struct plan_opts *po);
void print_task(struct out *o, enum out_mode m, const struct ts_task *t);

int cmd_apply(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif /* VRESCTL_CMDLINE_H */
