// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_admit.c - vresctl admit --dry-run: would this host accept a plan,
 * on which CPUs, and what would remain free? Read-only: the question a
 * cluster scheduler asks before it places a VM here, and the one the
 * libvirt hook asks at an incoming migration (lib/admit.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "cmdline.h"
#include "duration.h"
#include "output.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhp:"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl admit --dry-run [-j|--json] [--cpus LIST] [--name-prefix PREFIX]\n"
		"                     [--period DUR] [--supply MODEL] [--overhead DUR] PLAN\n"
		"\n"
		"Would this host's vres accept the servers of PLAN ('vresctl plan --json'\n"
		"output, a task set file with --period, or - for standard input), one per\n"
		"vCPU, placed as 'vresctl attach' places them? Says on which CPU each\n"
		"would go, or why it would be refused, and each CPU's admitted bandwidth\n"
		"before and after. Runs the module's admission control on what\n"
		"/sys/kernel/vres shows, and changes nothing.\n"
		"\n"
		"  --dry-run         only answer (required: admit changes nothing)\n"
		"  -j, --json        the answer as one JSON object\n"
		"  --cpus LIST       host CPUs, as for 'vresctl attach' (default: for each\n"
		"                    vCPU the least loaded CPU that accepts it)\n"
		"  --name-prefix P   the servers' names P.0, P.1, ... (default: plan);\n"
		"                    existing servers of these names count as replaced\n"
		"  --period, --supply, --overhead  as for 'vresctl apply --plan'\n"
		"\n"
		"Exit status: 0 would accept, 1 would refuse, 2 bad input or vres\n"
		"not readable. See vresctl(8).\n");
}

struct admit_args {
	struct server_args sa;
	const char *prefix;
	unsigned int *cpus;
	unsigned int nr_cpus;
	bool dry_run;
	bool json;
};

static int parse_args(int argc, char **argv, struct admit_args *a)
{
	static const struct option longopts[] = {
		SERVER_ARGS_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "name-prefix", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	memset(a, 0, sizeof(*a));
	server_args_init(&a->sa);
	a->prefix = "plan";
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			a->dry_run = true;
			break;
		case 'j':
			a->json = true;
			break;
		case 'c':
			free(a->cpus);
			a->cpus = NULL;
			if (cli_parse_cpulist(optarg, &a->cpus, &a->nr_cpus)) {
				cmd_error("admit", "--cpus: '%s' is not a CPU list such as 2,3 or 2-3",
					  optarg);
				return -1;
			}
			break;
		case 'N':
			a->prefix = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			ret = server_args_opt("admit", c, optarg, &a->sa);
			if (ret < 0)
				return -1;
			if (ret > 0 || c == 'b' || c == 'm') {
				cmd_error("admit", "unknown or incomplete option '%s' (see --help)",
					  argv[optind - 1]);
				return -1;
			}
		}
	}
	if (!a->dry_run) {
		cmd_error("admit", "only --dry-run is supported: admit answers and changes nothing (serve with 'vresctl attach' or 'apply')");
		return -1;
	}
	if (optind != argc - 1) {
		cmd_error("admit", "give one PLAN file (see --help)");
		return -1;
	}
	a->sa.plan = argv[optind];
	if (!vsys_name_valid(a->prefix) || strlen(a->prefix) > VRES_NAME_MAX - 5) {
		cmd_error("admit", "--name-prefix: '%s' is not 1 to %d of a-z 0-9 _ . -",
			  a->prefix, VRES_NAME_MAX - 5);
		return -1;
	}
	return server_args_check("admit", &a->sa) ? -1 : 0;
}

/* "2.50%" of parts per million. */
static const char *pct(u64 ppm, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f%%", ppm / 1e4);
	return buf;
}

static void print_vcpu(struct out *o, const struct admit_vcpu *v,
		       unsigned int i)
{
	char why[VSYS_MSG_MAX], s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];

	out_open_object(o, NULL);
	out_u64(o, OUT_JSON, "vcpu", NULL, i);
	out_str(o, OUT_JSON, "server", NULL, v->name);
	out_bool(o, OUT_JSON, "admitted", NULL, v->admitted);
	out_u64(o, OUT_JSON, "cpu", NULL, v->cpu);
	if (v->admitted) {
		out_text(o, "  vCPU %u (server %s): cpu%u; least slack there: %s, response %s of %s\n",
			 i, v->name, v->cpu, v->least, duration_str(v->resp_ns, s1),
			 duration_str(v->deadline_ns, s2));
		out_null(o, OUT_JSON, "reason", NULL, NULL);
		out_null(o, OUT_JSON, "refusal", NULL, NULL);
	} else {
		if (!strcmp(v->refusal, "no-cpu"))
			snprintf(why, sizeof(why), "no online CPU that vres serves");
		else if (!strncmp(v->refusal, "offline ", 8))
			snprintf(why, sizeof(why), "cpu%u is offline or not served by vres", v->cpu);
		else if (vsys_refusal_text(v->refusal, why, sizeof(why)))
			snprintf(why, sizeof(why), "%s", v->refusal);
		out_text(o, "  vCPU %u (server %s): refused: %s\n", i, v->name, why);
		out_str(o, OUT_JSON, "reason", NULL, why);
		out_str(o, OUT_JSON, "refusal", NULL, v->refusal);
	}
	out_close_object(o);
}

static void print_cpu(struct out *o, const struct admit_cpu *c)
{
	char b1[16], b2[16], b3[16], b4[16];
	u64 free_ppm = c->cap_ppm > c->util_after_ppm ?
		       c->cap_ppm - c->util_after_ppm : 0;

	out_open_object(o, NULL);
	out_u64(o, OUT_JSON, "cpu", NULL, c->cpu);
	out_u64(o, OUT_JSON, "servers_before", NULL, c->servers_before);
	out_u64(o, OUT_JSON, "servers_after", NULL, c->servers_after);
	out_u64(o, OUT_JSON, "utilization_before_ppm", NULL, c->util_before_ppm);
	out_u64(o, OUT_JSON, "utilization_after_ppm", NULL, c->util_after_ppm);
	out_u64(o, OUT_JSON, "rt_cap_ppm", NULL, c->cap_ppm);
	out_u64(o, OUT_JSON, "free_ppm", NULL, free_ppm);
	out_text(o, "  cpu%-3u %u -> %u servers, admitted bandwidth %s -> %s, %s left of %s\n",
		 c->cpu, c->servers_before, c->servers_after,
		 pct(c->util_before_ppm, b1, sizeof(b1)),
		 pct(c->util_after_ppm, b2, sizeof(b2)),
		 pct(free_ppm, b3, sizeof(b3)), c->cap_ppm == 1000000 ? "100%" :
		 pct(c->cap_ppm, b4, sizeof(b4)));
	out_close_object(o);
}

int cmd_admit(int argc, char **argv)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX], msg[VSYS_MSG_MAX];
	struct plan_server sp = { 0 };
	struct admit_result res;
	struct admit_args a;
	struct out o;
	unsigned int i;
	int ret, status = EXIT_ERROR;

	ret = parse_args(argc, argv, &a);
	if (ret) {
		free(a.cpus);
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	}
	if (planfile_load("admit", a.sa.plan, &a.sa.req, &sp))
		goto out;
	if (vsys_check_loaded("admit"))
		goto out;
	if (admit_dry_run(&sp, a.prefix, a.cpus, a.nr_cpus, &res, msg)) {
		cmd_error("admit", "%s", msg);
		goto out;
	}
	out_init(&o, a.json, stdout);
	out_open_object(&o, NULL);
	out_bool(&o, OUT_JSON, "accepted", NULL, res.accepted);
	out_bool(&o, OUT_JSON, "dry_run", NULL, true);
	out_str(&o, OUT_JSON, "plan", NULL, a.sa.plan);
	out_dur(&o, OUT_JSON, "budget_ns", NULL, sp.budget_ns);
	out_dur(&o, OUT_JSON, "period_ns", NULL, sp.period_ns);
	out_dur(&o, OUT_JSON, "overhead_ns", NULL, sp.overhead_ns);
	out_text(&o, "%s: budget %s every %s for each of %u vCPU%s: this host %s\n",
		 a.sa.plan, duration_str(sp.budget_ns, s1),
		 duration_str(sp.period_ns, s2), sp.vcpus,
		 sp.vcpus == 1 ? "" : "s",
		 res.accepted ? "would accept it" : "would refuse it");
	out_open_array(&o, "vcpus");
	for (i = 0; i < res.nr_vcpus; i++)
		print_vcpu(&o, &res.vcpus[i], i);
	out_close_array(&o);
	out_text(&o, "CPUs (before -> after):\n");
	out_open_array(&o, "cpus");
	for (i = 0; i < res.nr_cpus; i++)
		print_cpu(&o, &res.cpus[i]);
	out_close_array(&o);
	out_close_object(&o);
	status = out_finish(&o) ? EXIT_ERROR :
		 res.accepted ? EXIT_YES : EXIT_NO;
	admit_free(&res);
out:
	planfile_free(&sp);
	free(a.cpus);
	return status;
}
