// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_apply.c - vresctl apply: create or change one server.
 *
 *   --budget C --period T   the server's parameters
 *   --plan FILE             the server a plan gives (or a task set file,
 *                           planned here), and the plan's tasks as the
 *                           server's guest_tasks, so that the kernel's
 *                           guest guard protects the plan
 *
 * All or nothing: a refused write undoes the earlier ones (server.c).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "apply_config.h"
#include "cmdline.h"
#include "duration.h"
#include "origin.h"
#include "output.h"
#include "planfile.h"
#include "server.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhb:p:"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl apply --name NAME [--cpu N] --budget DUR --period DUR\n"
		"                     [--mode hard|soft] [--overhead DUR] [--tid TID] [-j|--json]\n"
		"       vresctl apply --name NAME [--cpu N] --plan FILE [--vcpu N] [--period DUR]\n"
		"                     [--supply MODEL] [--mode hard|soft] [--overhead DUR] [--tid TID]\n"
		"       vresctl apply --name NAME [--cpu N] [--mode hard|soft] [--overhead DUR] [--tid TID]\n"
		"       vresctl apply --config [-j|--json] PATH...\n"
		"\n"
		"Create the server NAME, or change it, through /sys/kernel/vres. Either\n"
		"every change is made or, if vres refuses one, none is: the sentence\n"
		"printed says what was refused and why (admission control, guest guard).\n"
		"\n"
		"  --name NAME      server name: 1 to 31 of a-z 0-9 _ . -\n"
		"  --cpu N          CPU of the server (required to create one)\n"
		"  --budget DUR     budget C (with --period)\n"
		"  --period DUR     period T; with --plan and a task set file, the\n"
		"                   period to plan the minimum budget for (required)\n"
		"  --plan FILE      the JSON of 'vresctl plan --json' or 'check --json',\n"
		"                   or a task set file, planned now (the minimum budget\n"
		"                   at --period); the vCPU's tasks become guest_tasks\n"
		"  --vcpu N         which vCPU of a multi-vCPU plan (default 0)\n"
		"  --supply MODEL   supply model for planning a task set file: exact\n"
		"                   (default), paper or slot\n"
		"  --mode MODE      hard (default) or soft\n"
		"  --overhead DUR   overhead X charged per period by admission control\n"
		"                   (default: the plan's; for a task set file what\n"
		"                   'vresctl plan' would use; else unchanged)\n"
		"  --tid TID        attach thread TID (0 detaches the current one)\n"
		"  --origin TEXT    record who made the server, e.g. libvirt:DOMAIN, for\n"
		"                   'vresctl status' (default: manual, for a new server)\n"
		"  -j, --json       say what the server now is as JSON: {\"plan\", \"servers\"}\n"
		"\n"
		"  --config PATH... the servers of configuration files (plans with a \"vres\"\n"
		"                   member: name_prefix, cpus, mode), or of a directory's\n"
		"                   *.json files, all or none (vresctl(8), CONFIGURATION)\n"
		"\n"
		"Exit status: 0 done, 1 vres refused (nothing changed), 2 bad input.\n"
		"See vresctl(8).\n");
}

struct apply_args {
	struct server_args sa;
	char plan_line[PATH_MAX + 160];	/* printed once applied */
	char margin_line[320];	/* the server's margin, from the plan */
	unsigned int vcpu;
	bool have_vcpu;
	bool json;
	const char *origin;	/* --origin: who asks (vresctl status shows it) */
	bool config;		/* --config PATH...: apply_config.c */
	int optind;		/* with --config, the first PATH */
};

static int parse_args(int argc, char **argv, struct apply_args *a)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "vcpu", required_argument, NULL, 'v' },
		{ "tid", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "origin", required_argument, NULL, 'O' },
		{ "config", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		SERVER_ARGS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct server_config *cfg = &a->sa.cfg;
	unsigned long v;
	int c, ret;

	memset(a, 0, sizeof(*a));
	server_args_init(&a->sa);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		ret = server_args_opt("apply", c, optarg, &a->sa);
		if (ret <= 0) {
			if (ret)
				return -1;
			continue;
		}
		switch (c) {
		case 'n':
			cfg->name = optarg;
			break;
		case 'c':
			if (opt_uint("apply", "--cpu", optarg, 65535, &v))
				return -1;
			cfg->cpu = (unsigned int)v;
			cfg->have_cpu = true;
			break;
		case 'v':
			if (opt_uint("apply", "--vcpu", optarg,
				     TASKSET_VCPUS_MAX - 1, &v))
				return -1;
			a->vcpu = (unsigned int)v;
			a->have_vcpu = true;
			break;
		case 't':
			if (opt_uint("apply", "--tid", optarg, 0x7fffffff, &v))
				return -1;
			cfg->tid = (pid_t)v;
			cfg->have_tid = true;
			break;
		case 'j':
			a->json = true;
			break;
		case 'O':
			a->origin = optarg;
			break;
		case 'C':
			a->config = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			cmd_error("apply", "unknown or incomplete option '%s' (see --help)",
				  argv[optind - 1]);
			return -1;
		}
	}
	if (a->config) {
		if (cfg->name || a->sa.plan || a->sa.have_budget ||
		    cfg->period_ns || cfg->have_cpu || cfg->have_tid ||
		    cfg->have_mode || cfg->have_overhead || a->origin) {
			cmd_error("apply", "--config takes only files or directories (and --json): the rest is in the files");
			return -1;
		}
		if (optind == argc) {
			cmd_error("apply", "--config: give configuration files or directories, e.g. /etc/vres/servers.d");
			return -1;
		}
		a->optind = optind;
		return 0;
	}
	if (optind != argc) {
		cmd_error("apply", "unexpected argument '%s' (see --help)",
			  argv[optind]);
		return -1;
	}
	if (!cfg->name) {
		cmd_error("apply", "--name is required");
		return -1;
	}
	if (!vsys_name_valid(cfg->name)) {
		cmd_error("apply", "--name: '%s' is not a server name (1 to %d of a-z 0-9 _ . -)",
			  cfg->name, VRES_NAME_MAX);
		return -1;
	}
	if (server_args_check("apply", &a->sa))
		return -1;
	if (!a->sa.plan && a->have_vcpu) {
		cmd_error("apply", "--vcpu applies to --plan only");
		return -1;
	}
	cfg->have_params = a->sa.have_budget;
	return 0;
}

/* Fill the server's parameters and guest tasks from the plan. */
static int from_plan(struct apply_args *a, struct plan_server *sp,
		     char *guest, size_t len)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];
	const char *plan = a->sa.plan;
	int n;

	if (planfile_load("apply", plan, &a->sa.req, sp))
		return -1;
	if (a->vcpu >= sp->vcpus) {
		cmd_error("apply", "%s: --vcpu %u, but the plan has %u vCPU%s",
			  plan, a->vcpu, sp->vcpus, sp->vcpus == 1 ? "" : "s");
		return -1;
	}
	if (sp->vcpus > 1 && !a->have_vcpu) {
		cmd_error("apply", "%s: the plan is for %u vCPUs; say which with --vcpu (or use 'vresctl attach')",
			  plan, sp->vcpus);
		return -1;
	}
	n = planfile_guest_tasks(sp, a->vcpu, guest, len);
	if (n < 0) {
		cmd_error("apply", "%s: vCPU %u has more than %d tasks, the most the guest guard takes",
			  plan, a->vcpu, VRES_GUEST_TASKS_MAX);
		return -1;
	}
	server_args_plan(&a->sa, sp);
	a->sa.cfg.guest = guest;
	a->sa.cfg.have_guest = true;
	snprintf(a->plan_line, sizeof(a->plan_line),
		 "plan %s: %s, budget %s every %s, %d guest task%s on vCPU %u",
		 plan, sp->origin, duration_str(sp->budget_ns, s1),
		 duration_str(sp->period_ns, s2), n, n == 1 ? "" : "s",
		 a->vcpu);
	planfile_margin(sp, a->margin_line, sizeof(a->margin_line));
	return 0;
}

int cmd_apply(int argc, char **argv)
{
	char guest[GUEST_TEXT_MAX], msg[VSYS_MSG_MAX];
	struct plan_server sp = { 0 };
	struct apply_args a;
	struct server_undo *undo;
	struct out o;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	if (a.config)
		return apply_config(argv + a.optind, argc - a.optind, a.json);
	if (a.sa.plan && from_plan(&a, &sp, guest, sizeof(guest))) {
		planfile_free(&sp);
		return EXIT_ERROR;
	}
	planfile_free(&sp);
	if (vsys_check_loaded("apply"))
		return EXIT_NO;
	if (a.sa.cfg.have_params && !a.sa.cfg.have_cpu &&
	    !vsys_exists(a.sa.cfg.name)) {
		cmd_error("apply", "--cpu is required to create server '%s'",
			  a.sa.cfg.name);
		return EXIT_ERROR;
	}
	undo = calloc(1, sizeof(*undo));
	if (!undo) {
		cmd_error("apply", "out of memory");
		return EXIT_ERROR;
	}
	ret = server_apply(&a.sa.cfg, undo, msg);
	if (!ret && (undo->created || a.origin))
		origin_set(a.sa.cfg.name, a.origin);
	free(undo);
	if (ret) {
		cmd_error("apply", "%s", msg);
		return ret == -ENOENT ? EXIT_ERROR : EXIT_NO;
	}
	served_report_begin(&o, a.json, a.sa.plan, a.plan_line, a.margin_line);
	out_open_array(&o, "servers");
	ret = print_server_summary(&o, "applied", a.sa.cfg.name);
	out_close_array(&o);
	return served_report_end(&o, ret);
}
