// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_status.c - vresctl status: every server, its CPU, priority, budget
 * and period, state and counters; --watch repeats it and adds the share of
 * the CPU each server's thread received since the last report.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "duration.h"
#include "origin.h"
#include "vcpu.h"
#include "sysfs.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhw:c:"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl status [-j|--json] [-w|--watch DUR [-c|--count N]]\n"
		"\n"
		"Every vres server, by CPU and priority: budget and period, mode, state,\n"
		"attached thread, guest guard, and the counters of its stats file.\n"
		"\n"
		"  -j, --json       JSON output, durations in integer nanoseconds; with\n"
		"                   --watch one object per line (JSON Lines)\n"
		"  -w, --watch DUR  report again every DUR (500ms, 2s; a plain number is\n"
		"                   seconds, as in systemd.time(7)), at least 10ms, with\n"
		"                   the share of its CPU each server used meanwhile\n"
		"  -c, --count N    with --watch: stop after N reports\n"
		"\n"
		"A server whose files cannot be read is named on stderr, with the file,\n"
		"and left out; the others are reported.\n"
		"\n"
		"Exit status: 0 done, 1 vres not loaded, or a server left out as\n"
		"unreadable, 2 bad input.\n"
		"See vresctl(8).\n");
}

struct sample {
	struct vsys_server *srv;
	size_t n;
	u64 when_ns;
};

static u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static int by_cpu_prio(const void *pa, const void *pb)
{
	const struct vsys_server *a = pa, *b = pb;

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return strcmp(a->name, b->name);
}

/*
 * Read every server into @s. A server destroyed while it is read (its
 * directory gone) is left out silently; one whose files cannot be read is
 * named on stderr with the file and left out, so that the others are still
 * reported. @s->srv is set only on success and is then the caller's to
 * free; on failure nothing is left allocated.
 *
 * Returns 0, 1 if some server was left out as unreadable, -1 if nothing
 * could be read.
 */
static int take_sample(struct sample *s)
{
	char (*names)[VRES_NAME_MAX + 1];
	char path[PATH_MAX];
	struct vsys_server *srv;
	size_t i, n, got = 0;
	bool unreadable = false;
	const char *file;
	int ret;

	ret = vsys_list(&names, &n);
	if (ret) {
		fprintf(stderr, "vresctl status: cannot list %s/servers: %s\n",
			vsys_root(), strerror(-ret));
		return -1;
	}
	srv = calloc(n ? n : 1, sizeof(*srv));
	if (!srv) {
		free(names);
		fprintf(stderr, "vresctl status: out of memory\n");
		return -1;
	}
	for (i = 0; i < n; i++) {
		ret = vsys_get(names[i], &srv[got], &file);
		if (!ret) {
			got++;
			continue;
		}
		if (ret == -ENOENT && !file)
			continue;	/* destroyed before it was read */
		if (!vsys_exists(names[i]))
			continue;	/* destroyed while it was read */
		if (vsys_path(path, sizeof(path), "servers/%s/%s", names[i],
			      file))
			snprintf(path, sizeof(path), "%s", file);
		fprintf(stderr, "vresctl status: cannot read server '%s': %s: %s; it is left out\n",
			names[i], path,
			ret == -EPROTO ? "not in the format the module writes" :
			strerror(-ret));
		unreadable = true;
	}
	free(names);
	s->srv = srv;
	s->n = got;
	s->when_ns = mono_ns();
	qsort(s->srv, s->n, sizeof(*s->srv), by_cpu_prio);
	return unreadable;
}

/* Durations for people: three significant digits ("4.72s", "420us"). */
static const char *approx(u64 ns, char buf[DURATION_STR_MAX])
{
	static const struct {
		u64 div;
		const char *unit;
	} units[] = {
		{ 1000000000ULL, "s" }, { 1000000ULL, "ms" }, { 1000ULL, "us" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (ns >= units[i].div) {
			double v = (double)ns / (double)units[i].div;

			snprintf(buf, DURATION_STR_MAX, "%.*f%s",
				 v >= 100 ? 0 : v >= 10 ? 1 : 2, v,
				 units[i].unit);
			return buf;
		}
	}
	snprintf(buf, DURATION_STR_MAX, "%lluns", (unsigned long long)ns);
	return buf;
}

/* The same server in the previous sample, if it was there. */
static const struct vsys_server *previous(const struct sample *prev,
					  const struct vsys_server *srv)
{
	size_t i;

	for (i = 0; prev && i < prev->n; i++)
		if (!strcmp(prev->srv[i].name, srv->name))
			return &prev->srv[i];
	return NULL;
}

static void print_stats(struct out *o, const struct vsys_server *srv)
{
	static const char *const text[VRES_STAT_NR] = {
		[VRES_STAT_PERIODS] = "periods",
		[VRES_STAT_THROTTLES] = "throttles",
		[VRES_STAT_CONSUMED_NS] = "consumed",
		[VRES_STAT_OVERRUN_MAX_NS] = "overrun max",
		[VRES_STAT_OVERRUN_TOTAL_NS] = "overrun total",
		[VRES_STAT_SHORTFALLS] = "shortfalls",
		[VRES_STAT_REPLENISH_LATENCY_MAX_NS] = "timer late max",
		[VRES_STAT_MISSED_BOUNDARIES] = "missed boundaries",
		[VRES_STAT_REVOCATIONS] = "revocations",
		[VRES_STAT_FORKS] = "forks",
		[VRES_STAT_RESUMES] = "resumes",
		[VRES_STAT_RESUME_MAX_NS] = "resume max",
		[VRES_STAT_RESUME_TOTAL_NS] = "resume total",
	};
	char buf[DURATION_STR_MAX];
	unsigned int i;

	out_open_object(o, "stats");
	for (i = 0; i < VRES_STAT_NR; i++) {
		const char *key = vsys_stat_name(i);
		size_t len = strlen(key);
		bool is_ns = len > 3 && !strcmp(key + len - 3, "_ns");

		out_u64(o, OUT_JSON, key, NULL, srv->stats[i]);
		/* A counter newer than this table: its key, never "(null)". */
		out_text(o, "%s%s ", i ? ", " : "\n    ", text[i] ? text[i] : key);
		if (is_ns)
			out_text(o, "%s", approx(srv->stats[i], buf));
		else
			out_text(o, "%llu", (unsigned long long)srv->stats[i]);
	}
	out_close_object(o);
}

/* The margin of what the guest guard accepted (guest_slack). */
static void print_guest_slack(struct out *o, const struct vsys_server *srv)
{
	char b1[DURATION_STR_MAX], b2[DURATION_STR_MAX], b3[DURATION_STR_MAX];

	if (!srv->have_guest_slack)
		return;
	out_open_object(o, "guest_slack");
	out_u64(o, OUT_JSON, "deadline_ns", NULL, srv->guest_deadline_ns);
	out_u64(o, OUT_JSON, "response_ns", NULL, srv->guest_response_ns);
	out_u64(o, OUT_JSON, "slack_ns", NULL,
		srv->guest_deadline_ns - srv->guest_response_ns);
	out_text(o, "\n    guest guard: least slack %s (response %s of deadline %s)",
		 duration_str(srv->guest_deadline_ns - srv->guest_response_ns,
			      b1),
		 duration_str(srv->guest_response_ns, b2),
		 duration_str(srv->guest_deadline_ns, b3));
	out_close_object(o);
}

static void print_server(struct out *o, const struct vsys_server *srv,
			 const struct sample *prev, u64 now_ns)
{
	const struct vsys_server *p = previous(prev, srv);
	char b1[96], b2[DURATION_STR_MAX], origin[ORIGIN_MAX];
	struct vcpu_thread vt;

	out_open_object(o, NULL);
	out_str(o, OUT_ANY, "name", "%-16s", srv->name);
	out_u64(o, OUT_ANY, "cpu", " %3llu", srv->cpu);
	out_u64(o, OUT_ANY, "priority", " %4llu", srv->priority);
	out_u64(o, OUT_JSON, "budget_ns", NULL, srv->budget_ns);
	out_u64(o, OUT_JSON, "period_ns", NULL, srv->period_ns);
	out_u64(o, OUT_JSON, "overhead_ns", NULL, srv->overhead_ns);
	out_text(o, " %10s %10s", duration_str(srv->budget_ns, b1),
		 duration_str(srv->period_ns, b2));
	out_text(o, " %9s", srv->overhead_ns ?
		 duration_str(srv->overhead_ns, b1) : "-");
	out_str(o, OUT_ANY, "mode", "  %-4s", vsys_mode_name(srv->mode));
	out_str(o, OUT_ANY, "state", "  %-10s", vsys_state_name(srv->state));
	out_u64(o, OUT_JSON, "tid", NULL, (u64)srv->tid);
	if (srv->tid)
		out_text(o, " %7d", srv->tid);
	else
		out_text(o, " %7s", "-");
	/* The thread as its VM and vCPU, when it is QEMU's. */
	if (srv->tid && !vcpu_thread_of(srv->tid, &vt)) {
		out_open_object(o, "vm");
		out_u64(o, OUT_JSON, "qemu_pid", NULL, (u64)vt.qemu_pid);
		if (vt.vm[0])
			out_str(o, OUT_JSON, "name", NULL, vt.vm);
		else
			out_null(o, OUT_JSON, "name", NULL, NULL);
		out_u64(o, OUT_JSON, "vcpu", NULL, vt.vcpu);
		out_close_object(o);
		out_text(o, " %-16s", vcpu_label(&vt, b1, sizeof(b1)));
	} else {
		out_null(o, OUT_ANY, "vm", " %-16s", "-");
	}
	out_u64(o, OUT_JSON, "guest_tasks", NULL, srv->guest_tasks);
	if (srv->guest_tasks)
		out_text(o, " %5u", srv->guest_tasks);
	else
		out_text(o, " %5s", "-");
	if (prev) {
		if (p && now_ns > prev->when_ns &&
		    srv->stats[VRES_STAT_CONSUMED_NS] >=
		    p->stats[VRES_STAT_CONSUMED_NS]) {
			double share = (double)(srv->stats[VRES_STAT_CONSUMED_NS] -
						p->stats[VRES_STAT_CONSUMED_NS]) /
				       (double)(now_ns - prev->when_ns);

			out_double(o, OUT_JSON, "share", NULL, share);
			out_text(o, " %6.1f%%", 100.0 * share);
		} else {
			out_null(o, OUT_ANY, "share", " %7s", "-");
		}
	}
	origin_get(srv->name, origin, sizeof(origin));
	out_str(o, OUT_ANY, "origin", "  %s", origin);
	print_stats(o, srv);
	print_guest_slack(o, srv);
	out_text(o, "\n");
	out_close_object(o);
}

static void print_cpus(struct out *o, const struct sample *s)
{
	size_t i, j;

	out_open_array(o, "cpus");
	for (i = 0; i < s->n; i = j) {
		u64 ppm = 0;

		for (j = i; j < s->n && s->srv[j].cpu == s->srv[i].cpu; j++)
			;
		vsys_cpu_utilization(s->srv[i].cpu, &ppm);
		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "cpu", "cpu %llu: ", s->srv[i].cpu);
		out_u64(o, OUT_JSON, "servers", NULL, j - i);
		out_text(o, "%zu server%s", j - i, j - i == 1 ? "" : "s");
		out_u64(o, OUT_JSON, "utilization_ppm", NULL, ppm);
		out_text(o, ", admitted bandwidth %.1f%%\n",
			 (double)ppm / 10000.0);
		out_close_object(o);
	}
	out_close_array(o);
}

static int report(bool json, bool lines, const struct sample *s,
		  const struct sample *prev, double interval)
{
	char version[64] = "?", path[PATH_MAX];
	struct out o;
	size_t i;

	if (!vsys_path(path, sizeof(path), "version") &&
	    vsys_read_file(path, version, sizeof(version)) > 0)
		version[strcspn(version, "\n")] = '\0';
	out_init(&o, json, stdout);
	if (lines)
		out_set_lines(&o);
	out_open_object(&o, NULL);
	out_str(&o, OUT_ANY, "version", "vres %s", version);
	out_u64(&o, OUT_ANY, "server_count", ": %llu server", s->n);
	out_text(&o, "%s", s->n == 1 ? "" : "s");
	if (prev) {
		out_double(&o, OUT_JSON, "interval_s", NULL, interval);
		out_text(&o, "; share: of its CPU over the last %gs", interval);
	}
	out_text(&o, "\n");
	if (s->n)
		out_text(&o, "\n%-16s %3s %4s %10s %10s %9s  %-4s  %-10s %7s %-16s %5s%s  %s\n",
			 "SERVER", "CPU", "PRIO", "BUDGET", "PERIOD",
			 "OVERHEAD", "MODE", "STATE", "THREAD", "VM/VCPU", "GUEST",
			 prev ? "   SHARE" : "", "ORIGIN");
	out_open_array(&o, "servers");
	for (i = 0; i < s->n; i++)
		print_server(&o, &s->srv[i], prev, s->when_ns);
	out_close_array(&o);
	out_text(&o, "\n");
	print_cpus(&o, s);
	out_close_object(&o);
	if (out_finish(&o)) {
		fprintf(stderr, "vresctl status: cannot write the output\n");
		return -1;
	}
	return 0;
}

/* What the command line asks. */
struct status_args {
	bool json;
	bool watch;
	unsigned long count;	/* samples with --watch, 0 for no end */
	u64 interval_ns;
};

/* Return: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct status_args *sa)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why;
	u64 num, den;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			sa->json = true;
			break;
		case 'w':
			/* A plain number is seconds, as systemd.time(7) reads it. */
			if (!fraction_parse(optarg, &num, &den, &why) &&
			    optarg[strspn(optarg, "0123456789.")] == '\0') {
				if (!vres_mul_div(num, 1000000000ULL, den,
						  &sa->interval_ns))
					sa->interval_ns = 0;
			} else if (opt_duration("status", "--watch", optarg,
						&sa->interval_ns)) {
				return EXIT_ERROR;
			}
			if (sa->interval_ns < 10000000ULL) {
				cmd_error("status", "--watch: '%s' is shorter than 10ms or not a duration",
					  optarg);
				return EXIT_ERROR;
			}
			sa->watch = true;
			break;
		case 'c':
			if (opt_uint("status", "--count", optarg, 1000000,
				     &sa->count))
				return EXIT_ERROR;
			break;
		case 'h':
			usage(stdout);
			return EXIT_YES;
		default:
			cmd_error("status", "unknown or incomplete option '%s' (see --help)",
				  argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (optind != argc) {
		cmd_error("status", "unexpected argument '%s' (see --help)",
			  argv[optind]);
		return EXIT_ERROR;
	}
	if (sa->count && !sa->watch) {
		cmd_error("status", "--count goes with --watch");
		return EXIT_ERROR;
	}
	return -1;
}

/*
 * One report, or one every interval with --watch, rates taken against
 * the sample before. Return: the exit status.
 */
static int sample_loop(const struct status_args *sa)
{
	const struct timespec ts = {
		.tv_sec = (time_t)(sa->interval_ns / 1000000000ULL),
		.tv_nsec = (long)(sa->interval_ns % 1000000000ULL),
	};
	struct sample prev = { 0 }, cur = { 0 };
	int ret, status = EXIT_YES;
	unsigned long n;

	for (n = 0;; n++) {
		ret = take_sample(&cur);
		if (ret < 0) {
			status = EXIT_NO;
			break;
		}
		if (ret)
			status = EXIT_NO;	/* a server was left out */
		if (sa->watch && !sa->json && isatty(STDOUT_FILENO))
			printf("\033[H\033[2J");
		if (report(sa->json, sa->watch, &cur, n ? &prev : NULL,
			   (double)(cur.when_ns - prev.when_ns) / 1e9)) {
			status = EXIT_NO;
			break;
		}
		free(prev.srv);
		prev = cur;
		cur.srv = NULL;
		if (!sa->watch || (sa->count && n + 1 >= sa->count))
			break;
		fflush(stdout);
		nanosleep(&ts, NULL);
	}
	free(prev.srv);
	free(cur.srv);
	return status;
}

int cmd_status(int argc, char **argv)
{
	struct status_args sa = { 0 };
	int status;

	status = parse_args(argc, argv, &sa);
	if (status >= 0)
		return status;
	if (vsys_check_loaded("status"))
		return EXIT_NO;
	return sample_loop(&sa);
}
