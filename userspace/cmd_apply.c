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
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "duration.h"
#include "planfile.h"
#include "server.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl apply --name NAME [--cpu N] --budget DUR --period DUR\n"
		"                     [--mode hard|soft] [--overhead DUR] [--tid TID]\n"
		"       vresctl apply --name NAME [--cpu N] --plan FILE [--vcpu N] [--period DUR]\n"
		"                     [--supply MODEL] [--mode hard|soft] [--overhead DUR] [--tid TID]\n"
		"       vresctl apply --name NAME [--cpu N] [--mode hard|soft] [--overhead DUR] [--tid TID]\n"
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
		"                   (default: the plan's, else unchanged)\n"
		"  --tid TID        attach thread TID (0 detaches the current one)\n"
		"\n"
		"Exit status: 0 done, 1 vres refused (nothing changed), 2 bad input.\n"
		"See vresctl(8).\n");
}

struct apply_args {
	const char *plan;
	unsigned int vcpu;
	bool have_vcpu, have_budget;
	struct plan_request req;
	struct srv_config cfg;
};

static int parse_mode(const char *arg, enum vres_mode *mode)
{
	unsigned int i;

	for (i = 0; i < VRES_MODE_NR; i++)
		if (!strcmp(arg, vsys_mode_name(i))) {
			*mode = i;
			return 0;
		}
	cmd_error("apply", "--mode: unknown mode '%s' (use hard or soft)", arg);
	return -1;
}

static int parse_args(int argc, char **argv, struct apply_args *a)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "budget", required_argument, NULL, 'b' },
		{ "period", required_argument, NULL, 'p' },
		{ "plan", required_argument, NULL, 'P' },
		{ "vcpu", required_argument, NULL, 'v' },
		{ "supply", required_argument, NULL, 's' },
		{ "mode", required_argument, NULL, 'm' },
		{ "overhead", required_argument, NULL, 'x' },
		{ "tid", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];
	struct srv_config *cfg = &a->cfg;
	unsigned long v;
	int c;

	memset(a, 0, sizeof(*a));
	a->req.po.supply = VRES_SUPPLY_EXACT;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
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
		case 'b':
			if (opt_duration("apply", "--budget", optarg,
					 &cfg->budget_ns))
				return -1;
			a->have_budget = true;
			break;
		case 'p':
			if (opt_duration("apply", "--period", optarg,
					 &cfg->period_ns))
				return -1;
			a->req.period_ns = cfg->period_ns;
			break;
		case 'P':
			a->plan = optarg;
			break;
		case 'v':
			if (opt_uint("apply", "--vcpu", optarg,
				     TASKSET_VCPUS_MAX - 1, &v))
				return -1;
			a->vcpu = (unsigned int)v;
			a->have_vcpu = true;
			break;
		case 's':
			if (opt_supply("apply", optarg, &a->req.po.supply))
				return -1;
			break;
		case 'm':
			if (parse_mode(optarg, &cfg->mode))
				return -1;
			cfg->have_mode = true;
			break;
		case 'x':
			if (opt_duration("apply", "--overhead", optarg,
					 &cfg->overhead_ns))
				return -1;
			cfg->have_overhead = true;
			a->req.po.overhead_ns = cfg->overhead_ns;
			a->req.have_overhead = true;
			break;
		case 't':
			if (opt_uint("apply", "--tid", optarg, 0x7fffffff, &v))
				return -1;
			cfg->tid = (pid_t)v;
			cfg->have_tid = true;
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
	if (a->plan && a->have_budget) {
		cmd_error("apply", "give --plan or --budget and --period, not both");
		return -1;
	}
	if (!a->plan && a->have_budget != !!cfg->period_ns) {
		cmd_error("apply", "--budget and --period go together");
		return -1;
	}
	if (!a->plan && (a->have_vcpu ||
			 a->req.po.supply != VRES_SUPPLY_EXACT)) {
		cmd_error("apply", "--vcpu and --supply apply to --plan only");
		return -1;
	}
	if (a->have_budget && cfg->budget_ns > cfg->period_ns) {
		cmd_error("apply", "--budget %s is longer than --period %s",
			  duration_str(cfg->budget_ns, s1),
			  duration_str(cfg->period_ns, s2));
		return -1;
	}
	if (a->plan && a->req.have_overhead &&
	    a->req.po.supply == VRES_SUPPLY_PAPER && cfg->overhead_ns) {
		cmd_error("apply", "--overhead does not apply to --supply paper (the thesis's Eq 4 has no overhead term)");
		return -1;
	}
	cfg->have_params = a->have_budget;
	return 0;
}

/* Fill the server's parameters and guest tasks from the plan. */
static int from_plan(struct apply_args *a, struct server_plan *sp,
		     char *guest, size_t len)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];
	struct srv_config *cfg = &a->cfg;
	int n;

	if (planfile_load("apply", a->plan, &a->req, sp))
		return -1;
	if (a->vcpu >= sp->vcpus) {
		cmd_error("apply", "%s: --vcpu %u, but the plan has %u vCPU%s",
			  a->plan, a->vcpu, sp->vcpus,
			  sp->vcpus == 1 ? "" : "s");
		return -1;
	}
	if (sp->vcpus > 1 && !a->have_vcpu) {
		cmd_error("apply", "%s: the plan is for %u vCPUs; say which with --vcpu (or use 'vresctl attach')",
			  a->plan, sp->vcpus);
		return -1;
	}
	n = planfile_guest_tasks(sp, a->vcpu, guest, len);
	if (n < 0) {
		cmd_error("apply", "%s: vCPU %u has more than %d tasks, the most the guest guard takes",
			  a->plan, a->vcpu, VRES_GUEST_TASKS_MAX);
		return -1;
	}
	cfg->budget_ns = sp->budget_ns;
	cfg->period_ns = sp->period_ns;
	cfg->have_params = true;
	cfg->guest = guest;
	cfg->have_guest = true;
	if (sp->overhead_ns || a->req.have_overhead) {
		cfg->overhead_ns = sp->overhead_ns;
		cfg->have_overhead = true;
	}
	printf("plan %s: %s, budget %s every %s, %d guest task%s on vCPU %u\n",
	       a->plan, sp->origin, duration_str(sp->budget_ns, s1),
	       duration_str(sp->period_ns, s2), n, n == 1 ? "" : "s",
	       a->vcpu);
	return 0;
}

int cmd_apply(int argc, char **argv)
{
	char guest[GUEST_TEXT_MAX], msg[VSYS_MSG_MAX];
	struct server_plan sp = { 0 };
	struct apply_args a;
	struct srv_undo *undo;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	if (a.plan && from_plan(&a, &sp, guest, sizeof(guest))) {
		planfile_free(&sp);
		return EXIT_ERROR;
	}
	planfile_free(&sp);
	if (vsys_check_loaded("apply"))
		return EXIT_NO;
	if (a.cfg.have_params && !a.cfg.have_cpu && !vsys_exists(a.cfg.name)) {
		cmd_error("apply", "--cpu is required to create server '%s'",
			  a.cfg.name);
		return EXIT_ERROR;
	}
	undo = calloc(1, sizeof(*undo));
	if (!undo) {
		cmd_error("apply", "out of memory");
		return EXIT_ERROR;
	}
	ret = server_apply(&a.cfg, undo, msg);
	free(undo);
	if (ret) {
		cmd_error("apply", "%s", msg);
		return ret == -ENOENT ? EXIT_ERROR : EXIT_NO;
	}
	return print_server_summary("applied", a.cfg.name) ? EXIT_NO : EXIT_YES;
}
