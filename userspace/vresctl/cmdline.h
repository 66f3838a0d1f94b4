/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmdline.h - what the subcommands share: option errors, option values,
 * the subcommand entry points and the header of their output.
 */
#ifndef VRESCTL_CMDLINE_H
#define VRESCTL_CMDLINE_H

#include "cli.h"
#include "planfile.h"
#include "planner.h"
#include "server.h"

/* The options of apply and attach that say what the server is. */
struct server_args {
	struct server_config cfg;		/* params, overhead, mode */
	struct plan_request req;	/* planning a task set file */
	const char *plan;
	bool have_budget;
};

#define SERVER_ARGS_LONGOPTS					\
	{ "budget", required_argument, NULL, 'b' },		\
	{ "period", required_argument, NULL, 'p' },		\
	{ "plan", required_argument, NULL, 'P' },		\
	{ "supply", required_argument, NULL, 's' },		\
	{ "mode", required_argument, NULL, 'm' },		\
	{ "overhead", required_argument, NULL, 'x' }

void server_args_init(struct server_args *sa);
int server_args_opt(const char *cmd, int c, const char *arg,
		    struct server_args *sa);
int server_args_check(const char *cmd, const struct server_args *sa);
void server_args_plan(struct server_args *sa, const struct plan_server *sp);

void print_header(struct out *o, const struct taskset *ts,
		  const struct plan_opts *po);
void print_task(struct out *o, enum out_mode m, const struct ts_task *t);

void served_report_begin(struct out *o, bool json, const char *plan,
			 const char *plan_line, const char *margin_line);
int served_report_end(struct out *o, bool failed);

int cmd_admit(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif /* VRESCTL_CMDLINE_H */
