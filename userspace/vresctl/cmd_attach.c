// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_attach.c - vresctl attach: give every vCPU thread of a running QEMU
 * its own server PREFIX.0, PREFIX.1, ... with the plan's budget and period
 * and that vCPU's guest tasks.
 *
 * The vCPU threads are found either over QMP (query-cpus-fast gives each
 * vCPU's "thread-id"; KVM and TCG alike) or, with --pid, from the thread
 * names QEMU gives them with "-name ...,debug-threads=on" ("CPU 0/KVM",
 * "CPU 1/TCG"), which libvirt always passes. All servers are made, or, if
 * vres refuses one, none: the earlier ones are undone.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "duration.h"
#include "origin.h"
#include "output.h"
#include "planfile.h"
#include "qmp.h"
#include "server.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhb:p:"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl attach (--qmp SOCKET | --pid QEMU_PID) --name-prefix PREFIX\n"
		"                      (--plan FILE [--period DUR] [--supply MODEL] |\n"
		"                       --budget DUR --period DUR)\n"
		"                      [--cpus LIST] [--mode hard|soft] [--overhead DUR]\n"
		"                      [--timeout DUR] [-j|--json]\n"
		"\n"
		"Serve every vCPU thread of a running QEMU: vCPU i gets the server\n"
		"PREFIX.i with the plan's budget and period and the plan's tasks of\n"
		"vCPU i as its guest_tasks, and its thread is attached. Either all\n"
		"servers are made or, if vres refuses one, none.\n"
		"\n"
		"  --qmp SOCKET      QEMU's QMP socket (-qmp unix:SOCKET,server=on,wait=off);\n"
		"                    query-cpus-fast gives the vCPU threads\n"
		"  --pid QEMU_PID    find the vCPU threads by their names, 'CPU N/KVM' or\n"
		"                    'CPU N/TCG', which QEMU sets with -name NAME,debug-threads=on\n"
		"                    (libvirt does); use it when the QMP socket is busy\n"
		"  --name-prefix P   servers are named P.0, P.1, ...\n"
		"  --plan FILE       'vresctl plan --json' output, or a task set file with\n"
		"                    --period, as for 'vresctl apply --plan'; its vCPU\n"
		"                    count must match QEMU's\n"
		"  --budget, --period  the same (C, T) for every vCPU, no guest guard\n"
		"  --cpus LIST       host CPUs, e.g. 2,3 or 2-3: vCPU i goes to the\n"
		"                    (i mod n)-th; default: for each vCPU the least loaded\n"
		"                    CPU whose admission control accepts it\n"
		"  --mode, --overhead, --supply  as for 'vresctl apply'\n"
		"  --timeout DUR     how long to wait for each QMP reply (default 10s)\n"
		"  --origin TEXT     record who made the servers, e.g. libvirt:DOMAIN, for\n"
		"                    'vresctl status' (default: manual, for new servers)\n"
		"  -j, --json        what was served as JSON: {\"plan\", \"qemu\", \"servers\"}\n"
		"\n"
		"Exit status: 0 done, 1 vres or QEMU refused (nothing changed), 2 bad input.\n"
		"See vresctl(8).\n");
}

struct attach_args {
	/* What was found, printed once every vCPU is served. */
	char found[PATH_MAX + 64];
	char plan_line[PATH_MAX + 160];
	char margin_line[320];	/* the server's margin, from the plan */
	const char *qmp;
	pid_t pid;
	const char *prefix;
	struct server_args sa;	/* the template of every vCPU's server */
	unsigned int *cpus;
	unsigned int nr_cpus;
	u64 timeout_ns;
	bool json;
	const char *origin;	/* --origin: who asks (vresctl status shows it) */
};

/* The options together, or false after saying what is wrong. */
static bool args_valid(struct attach_args *a)
{
	if (!a->qmp == !a->pid) {
		cmd_error("attach", "give one of --qmp SOCKET or --pid QEMU_PID");
		return false;
	}
	if (!a->prefix) {
		cmd_error("attach", "--name-prefix is required");
		return false;
	}
	/* Room for ".NNNN" after the prefix. */
	if (!vsys_name_valid(a->prefix) || strlen(a->prefix) > VRES_NAME_MAX - 5) {
		cmd_error("attach", "--name-prefix: '%s' is not 1 to %d of a-z 0-9 _ . -",
			  a->prefix, VRES_NAME_MAX - 5);
		return false;
	}
	if (!a->sa.plan && !a->sa.have_budget) {
		cmd_error("attach", "give --plan FILE or --budget and --period");
		return false;
	}
	if (server_args_check("attach", &a->sa))
		return false;
	a->sa.cfg.have_params = true;
	return true;
}

static int parse_args(int argc, char **argv, struct attach_args *a)
{
	static const struct option longopts[] = {
		{ "qmp", required_argument, NULL, 'q' },
		{ "pid", required_argument, NULL, 'I' },
		{ "name-prefix", required_argument, NULL, 'n' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "origin", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		SERVER_ARGS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c, ret;

	memset(a, 0, sizeof(*a));
	server_args_init(&a->sa);
	a->timeout_ns = 10000000000ULL;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		ret = server_args_opt("attach", c, optarg, &a->sa);
		if (ret <= 0) {
			if (ret)
				return -1;
			continue;
		}
		switch (c) {
		case 'q':
			a->qmp = optarg;
			break;
		case 'j':
			a->json = true;
			break;
		case 'O':
			a->origin = optarg;
			break;
		case 'I':
			if (opt_uint("attach", "--pid", optarg, 0x7fffffff, &v))
				return -1;
			a->pid = (pid_t)v;
			break;
		case 'n':
			a->prefix = optarg;
			break;
		case 'c':
			free(a->cpus);
			if (cli_parse_cpulist(optarg, &a->cpus, &a->nr_cpus)) {
				cmd_error("attach", "--cpus: '%s' is not a CPU list such as 2,3 or 2-3",
					  optarg);
				return -1;
			}
			break;
		case 't':
			if (opt_duration("attach", "--timeout", optarg,
					 &a->timeout_ns))
				return -1;
			if (a->timeout_ns < 1000000ULL ||
			    a->timeout_ns > 3600000000000ULL) {
				cmd_error("attach", "--timeout must be from 1ms to 1h");
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			cmd_error("attach", "unknown or incomplete option '%s' (see --help)",
				  argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc) {
		cmd_error("attach", "unexpected argument '%s' (see --help)",
			  argv[optind]);
		return -1;
	}
	return args_valid(a) ? 0 : -1;
}

/* vCPU threads over QMP. */
static int vcpus_qmp(struct attach_args *a, struct qmp_vcpu **v,
		     unsigned int *n)
{
	char err[QMP_ERR_MAX];
	struct qmp q;
	int ret;

	if (qmp_open(&q, a->qmp, (int)(a->timeout_ns / 1000000ULL), err)) {
		cmd_error("attach", "QMP %s: %s", a->qmp, err);
		return -1;
	}
	ret = qmp_vcpus(&q, v, n, err);
	if (ret)
		cmd_error("attach", "QMP %s (QEMU %s): %s", a->qmp, q.version,
			  err);
	else
		snprintf(a->found, sizeof(a->found), "QEMU %s at %s: %u vCPU%s",
			 q.version, a->qmp, *n, *n == 1 ? "" : "s");
	qmp_close(&q);
	return ret;
}

static int by_index(const void *a, const void *b)
{
	const struct qmp_vcpu *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* vCPU threads by name: /proc/PID/task/TID/comm is "CPU N/ACCEL". */
static int vcpus_pid(struct attach_args *a, struct qmp_vcpu **out,
		     unsigned int *n)
{
	struct qmp_vcpu *v = NULL, *nv;
	unsigned int nr = 0, cap = 0, i, j;
	char path[64], comm[32];
	bool single = false;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", a->pid);
	d = opendir(path);
	if (!d) {
		cmd_error("attach", "--pid %d: %s", a->pid, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char cpath[352], accel[16];
		unsigned int index;
		int ret;

		if (de->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "%s/%s/comm", path, de->d_name);
		ret = vsys_read_file(cpath, comm, sizeof(comm));
		if (ret < 0)
			continue;	/* exited meanwhile */
		comm[strcspn(comm, "\n")] = '\0';
		if (!strncmp(comm, "ALL CPUs/", 9))
			single = true;
		if (sscanf(comm, "CPU %u/%15s", &index, accel) != 2)
			continue;
		if (nr == cap) {
			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				closedir(d);
				free(v);
				cmd_error("attach", "out of memory");
				return -1;
			}
			v = nv;
		}
		v[nr].index = index;
		v[nr].tid = (pid_t)strtol(de->d_name, NULL, 10);
		nr++;
	}
	closedir(d);
	if (!nr) {
		cmd_error("attach", "--pid %d: %s", a->pid, single ?
			  "QEMU runs all vCPUs in one thread ('ALL CPUs/TCG', -accel tcg,thread=single); vres serves one thread per vCPU" :
			  "no thread is named 'CPU N/...': start QEMU with -name NAME,debug-threads=on, or use --qmp");
		free(v);
		return -1;
	}
	qsort(v, nr, sizeof(*v), by_index);
	for (i = 0; i < nr; i++) {
		for (j = i + 1; j < nr; j++) {
			if (v[i].index == v[j].index) {
				cmd_error("attach", "--pid %d: two threads are named 'CPU %u/...'",
					  a->pid, v[i].index);
				free(v);
				return -1;
			}
		}
	}
	snprintf(a->found, sizeof(a->found), "QEMU process %d: %u vCPU%s",
		 a->pid, nr, nr == 1 ? "" : "s");
	*out = v;
	*n = nr;
	return 0;
}

/* CPUs by increasing admitted utilisation, ties by number. */
struct cpu_load {
	unsigned int cpu;
	u64 ppm;
};

static int by_load(const void *a, const void *b)
{
	const struct cpu_load *x = a, *y = b;

	if (x->ppm != y->ppm)
		return x->ppm < y->ppm ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/*
 * Serve one vCPU: on the given CPU, or on the least loaded online CPU
 * whose admission control accepts the server.
 */
static int serve_one(const struct attach_args *a, struct server_config *cfg,
		     struct server_undo *undo, unsigned int vcpu,
		     char msg[VSYS_MSG_MAX])
{
	struct cpu_load *order;
	unsigned int nr, i, k = 0;
	struct vsys_server cur;
	bool *online;
	int ret;

	/* Attached already (attach run again): it stays where it is. */
	if (!vsys_get(cfg->name, &cur, NULL) && cur.tid == cfg->tid && !a->cpus)
		return server_apply(cfg, undo, msg);
	if (a->cpus) {
		cfg->cpu = a->cpus[vcpu % a->nr_cpus];
		cfg->have_cpu = true;
		return server_apply(cfg, undo, msg);
	}
	ret = vsys_online_cpus(&online, &nr);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot read the online CPUs: %s",
			 strerror(-ret));
		return ret;
	}
	order = calloc(nr, sizeof(*order));
	if (!order) {
		free(online);
		snprintf(msg, VSYS_MSG_MAX, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		if (!online[i] || vsys_cpu_utilization(i, &order[k].ppm))
			continue;
		order[k++].cpu = i;
	}
	free(online);
	qsort(order, k, sizeof(*order), by_load);
	ret = -ENOSPC;
	snprintf(msg, VSYS_MSG_MAX, "no online CPU found");
	for (i = 0; i < k; i++) {
		cfg->cpu = order[i].cpu;
		cfg->have_cpu = true;
		ret = server_apply(cfg, undo, msg);
		if (ret != -ENOSPC)
			break;
	}
	if (ret == -ENOSPC && k > 1) {
		size_t len = strlen(msg);

		snprintf(msg + len, VSYS_MSG_MAX - len,
			 " (every online CPU refused; that was the last)");
	}
	free(order);
	return ret;
}

static int attach_all(struct attach_args *a, const struct plan_server *sp,
		      const struct qmp_vcpu *v, unsigned int n)
{
	char name[VRES_NAME_MAX + 1], guest[GUEST_TEXT_MAX], msg[VSYS_MSG_MAX];
	char umsg[VSYS_MSG_MAX];
	struct server_undo *undo;
	unsigned int i, k;
	struct out o;
	int ret = 0;

	undo = calloc(n, sizeof(*undo));
	if (!undo) {
		cmd_error("attach", "out of memory");
		return EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		struct server_config cfg = a->sa.cfg;

		snprintf(name, sizeof(name), "%s.%u", a->prefix, i);
		cfg.name = name;
		cfg.tid = v[i].tid;
		cfg.have_tid = true;
		if (sp) {
			if (planfile_guest_tasks(sp, i, guest, sizeof(guest)) < 0) {
				cmd_error("attach", "vCPU %u has more than %d tasks, the most the guest guard takes",
					  i, VRES_GUEST_TASKS_MAX);
				ret = -ERANGE;
				break;
			}
			cfg.guest = guest;
			cfg.have_guest = true;
		}
		ret = serve_one(a, &cfg, &undo[i], i, msg);
		if (!ret && (undo[i].created || a->origin))
			origin_set(name, a->origin);
		if (ret) {
			cmd_error("attach", "vCPU %u (thread %d): %s", v[i].index,
				  v[i].tid, msg);
			break;
		}
	}
	if (ret) {
		for (k = i; k-- > 0;) {
			if (server_undo(&undo[k], umsg))
				cmd_error("attach", "undoing %s: %s",
					  undo[k].name, umsg);
		}
		free(undo);
		return ret == -ERANGE ? EXIT_ERROR : EXIT_NO;
	}
	free(undo);
	served_report_begin(&o, a->json, a->sa.plan, a->plan_line,
			    a->margin_line);
	out_str(&o, OUT_ANY, "qemu", "%s\n", a->found);
	out_open_array(&o, "servers");
	for (i = 0; i < n && !ret; i++) {
		snprintf(name, sizeof(name), "%s.%u", a->prefix, i);
		ret = print_server_summary(&o, "attached", name);
	}
	out_close_array(&o);
	return served_report_end(&o, ret);
}

int cmd_attach(int argc, char **argv)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];
	struct plan_server sp = { 0 };
	struct attach_args a;
	struct qmp_vcpu *v = NULL;
	const char *plan;
	unsigned int n;
	int ret, status;

	ret = parse_args(argc, argv, &a);
	if (ret) {
		free(a.cpus);
		return ret > 0 ? EXIT_YES : EXIT_ERROR;
	}
	plan = a.sa.plan;
	if (plan) {
		if (planfile_load("attach", plan, &a.sa.req, &sp)) {
			free(a.cpus);
			return EXIT_ERROR;
		}
		server_args_plan(&a.sa, &sp);
		snprintf(a.plan_line, sizeof(a.plan_line),
			 "plan %s: %s, budget %s every %s for each of %u vCPU%s",
			 plan, sp.origin, duration_str(sp.budget_ns, s1),
			 duration_str(sp.period_ns, s2), sp.vcpus,
			 sp.vcpus == 1 ? "" : "s");
		planfile_margin(&sp, a.margin_line, sizeof(a.margin_line));
	}
	status = EXIT_NO;
	if (a.qmp ? vcpus_qmp(&a, &v, &n) : vcpus_pid(&a, &v, &n))
		goto out;
	if (plan && sp.vcpus != n) {
		cmd_error("attach", "%s: the plan is for %u vCPU%s, QEMU has %u",
			  plan, sp.vcpus, sp.vcpus == 1 ? "" : "s", n);
		status = EXIT_ERROR;
		goto out;
	}
	if (vsys_check_loaded("attach"))
		goto out;
	status = attach_all(&a, plan ? &sp : NULL, v, n);
out:
	free(v);
	free(a.cpus);
	planfile_free(&sp);
	return status;
}
