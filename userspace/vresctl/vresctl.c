// SPDX-License-Identifier: GPL-2.0
/*
 * vresctl: configure vres periodic CPU servers.
 *
 * Each subcommand lives in its own file and registers in the table below.
 */
#include <stdio.h>
#include <string.h>

#include "cmdline.h"

#define VRESCTL_VERSION "0.1.0"

struct vresctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct vresctl_cmd vresctl_cmds[] = {
	{ "plan", "budgets and periods that make a task set schedulable",
	  cmd_plan },
	{ "check", "response times of a task set on a given server",
	  cmd_check },
	{ "apply", "create or change one server (from a plan or (C, T))",
	  cmd_apply },
	{ "attach", "serve every vCPU thread of a running QEMU",
	  cmd_attach },
	{ "admit", "would this host accept a plan? (--dry-run, read-only)",
	  cmd_admit },
	{ "status", "every server: parameters, state, counters",
	  cmd_status },
	{ "destroy", "remove servers, detaching their threads",
	  cmd_destroy },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	const struct vresctl_cmd *cmd;

	fprintf(out, "usage: vresctl [--version] [--help] COMMAND [ARGS]\n\n"
		     "Commands:\n");
	for (cmd = vresctl_cmds; cmd->name; cmd++)
		fprintf(out, "  %-10s %s\n", cmd->name, cmd->summary);
	fprintf(out, "\nRun 'vresctl COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	const struct vresctl_cmd *cmd;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vresctl %s\n", VRESCTL_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (cmd = vresctl_cmds; cmd->name; cmd++)
		if (!strcmp(argv[1], cmd->name))
			return cmd->run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "simulate")) {
		fprintf(stderr, "vresctl: the simulation studies are a program of their own now: run 'vres-sim %s' (vres-sim(1))\n",
			argc > 2 ? argv[2] : "--help");
		return 2;
	}

	fprintf(stderr, "vresctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
