// SPDX-License-Identifier: GPL-2.0
/*
 * scale: create, configure, attach and destroy many servers, timing every
 * operation as the number of servers per CPU grows
 * (Documentation/benchmarks.rst, section 5).
 *
 * --servers N (default 1000) servers are spread round robin over all
 * CPUs, so that when server i is configured its CPU holds i / ncpu + 1.
 * The SCHED_FIFO band limits a CPU to prio_max - prio_min + 1 servers, so
 * the module is reloaded with --params (default "prio_min=1 prio_max=98",
 * 98 per CPU; the VM needs ceil(N / 98) CPUs). Periods are drawn from
 * [--period-min, --period-max] (100 ms .. 1 s) by a fixed-seed generator,
 * and each budget is T_i * --util / (servers on its CPU), at least 10 us,
 * so that every CPU ends at about --util (0.2) and admission accepts
 * every step. Each sleeping thread is attached to one server.
 *
 * Per server, in this order (times of one write(2) each, ns):
 *   create   write NAME to /sys/kernel/vres/create
 *   cpu      write the CPU (unconfigured server: no admission)
 *   params   write "C T": admission control of its CPU with n servers
 *   admit    the same "C T" written again, the median of --reps: the
 *            admission check alone (nothing changes)
 *   mode     write "hard" to mode, median of --reps: a sysfs write with no
 *            analysis behind it, the floor under the two above
 *   rta_user the module's response-time analysis, vres_rta() of
 *            kernel/vres_analysis.c compiled here, on the same n servers
 *            as admission builds them (RM order, J = T - C, D = T), median
 *            of --reps batches: the analysis without the kernel around it
 * then all attaches (write the thread id) in creation order, then all
 * destroys in reverse order (so each destroy sees the same n).
 *
 * usage: scale --out PREFIX [--servers N] [--util U] [--period-min NS]
 *              [--period-max NS] [--reps N] [--params 'MODULE PARAMS']
 * Writes PREFIX.csv (one line per server) and PREFIX.json (totals).
 */
#include "bench_util.h"

#include <getopt.h>
#include <sys/utsname.h>

#include "vres_analysis.h"

#define BUDGET_MIN_NS	10000ULL

struct srv {
	char name[16];
	int cpu;
	unsigned int n;		/* servers on its CPU once it is configured */
	uint64_t budget_ns, period_ns;
	uint64_t t_create, t_cpu, t_params, t_admit, t_mode, t_rta;
	uint64_t t_attach, t_destroy;
};

struct opts {
	unsigned int servers;
	double util;
	uint64_t period_min_ns, period_max_ns;
	unsigned int reps;
	const char *params;
	const char *out;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Time one write of @val to servers/@name/@file; die on failure. */
static uint64_t timed_write(const char *path, const char *val)
{
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	int ret = vres_write(path, val);
	uint64_t t1 = now_ns(CLOCK_MONOTONIC);

	if (ret)
		die("writing '%s' to %s: %s", val, path, strerror(-ret));
	return t1 - t0;
}

static uint64_t timed_srv_write(const struct srv *s, const char *file,
				const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/%s", s->name, file);
	return timed_write(path, val);
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static uint64_t median(uint64_t *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* Rate Monotonic, ties by name: the order vres_adm_sort() gives. */
static int cmp_rm(const void *a, const void *b)
{
	const struct srv *const *x = a, *const *y = b;

	if ((*x)->period_ns != (*y)->period_ns)
		return (*x)->period_ns < (*y)->period_ns ? -1 : 1;
	return strcmp((*x)->name, (*y)->name);
}

/*
 * The admission's response-time analysis (check 1 of vres_admission.c)
 * of servers @set[0..n), in userspace. Returns its verdict; *@ns is the
 * median time of one analysis over @reps batches.
 */
static int rta_user(struct srv **set, unsigned int n, unsigned int reps,
		    uint64_t *ns)
{
	const struct vres_resource full = { .supply = VRES_SUPPLY_FULL };
	struct vres_task tasks[128];
	u64 resp[128];
	uint64_t t[64];
	unsigned int i, r, batch = 1;
	int ret = 0;

	if (n > 128 || reps > 64)
		die("rta_user: at most 128 servers and 64 repetitions");
	qsort(set, n, sizeof(*set), cmp_rm);
	for (i = 0; i < n; i++)
		tasks[i] = (struct vres_task) {
			.period_ns = set[i]->period_ns,
			.wcet_ns = set[i]->budget_ns,
			.deadline_ns = set[i]->period_ns,
			.jitter_ns = set[i]->period_ns - set[i]->budget_ns,
		};
	/* Batches of at least 100 us, for the clock's resolution. */
	for (;;) {
		uint64_t t0 = now_ns(CLOCK_MONOTONIC);

		for (i = 0; i < batch; i++)
			ret = vres_rta(tasks, n, &full, resp);
		if (now_ns(CLOCK_MONOTONIC) - t0 >= 100000 || batch >= 1 << 20)
			break;
		batch *= 4;
	}
	for (r = 0; r < reps; r++) {
		uint64_t t0 = now_ns(CLOCK_MONOTONIC);

		for (i = 0; i < batch; i++)
			ret = vres_rta(tasks, n, &full, resp);
		t[r] = (now_ns(CLOCK_MONOTONIC) - t0) / batch;
	}
	*ns = median(t, reps);
	return ret;
}

/* Draw periods and budgets; every CPU's final set must pass the RTA. */
static void make_servers(struct srv *s, const struct opts *o, int ncpu)
{
	unsigned int per_cpu[1024] = { 0 }, i;
	struct srv **set = calloc(o->servers, sizeof(*set));
	uint64_t span = o->period_max_ns - o->period_min_ns;
	double util = o->util;
	int cpu, tries;

	if (!set || ncpu > 1024)
		die("make_servers: out of memory or too many CPUs");
	for (i = 0; i < o->servers; i++) {
		s[i].cpu = (int)(i % (unsigned int)ncpu);
		s[i].n = ++per_cpu[s[i].cpu];
		snprintf(s[i].name, sizeof(s[i].name), "sc%04u", i);
		s[i].period_ns = o->period_min_ns +
			(span ? rng() % (span + 1) : 0);
		s[i].period_ns -= s[i].period_ns % 1000;
	}
	for (tries = 0; tries < 20; tries++, util *= 0.8) {
		bool ok = true;

		for (i = 0; i < o->servers; i++) {
			uint64_t c = (uint64_t)(s[i].period_ns * util /
						per_cpu[s[i].cpu]);

			c -= c % 1000;
			s[i].budget_ns = c < BUDGET_MIN_NS ? BUDGET_MIN_NS : c;
		}
		for (cpu = 0; cpu < ncpu && ok; cpu++) {
			unsigned int n = 0;
			uint64_t ns;

			for (i = 0; i < o->servers; i++)
				if (s[i].cpu == cpu)
					set[n++] = &s[i];
			ok = rta_user(set, n, 1, &ns) == 0;
		}
		if (ok)
			break;
	}
	if (tries == 20)
		die("no utilisation down to %.4f gives admissible sets", util);
	if (tries)
		printf("scale: utilisation per CPU lowered to %.3f for the RTA to pass\n",
		       util);
	free(set);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: scale --out PREFIX [--servers N] [--util U] [--period-min NS]\n"
		   "             [--period-max NS] [--reps N] [--params 'MODULE PARAMS']\n");
}

static unsigned int band(void)
{
	char buf[32];
	int lo, hi;

	if (vres_read("/sys/module/vres/parameters/prio_min", buf,
		      sizeof(buf)) < 0)
		return 0;
	lo = atoi(buf);
	if (vres_read("/sys/module/vres/parameters/prio_max", buf,
		      sizeof(buf)) < 0)
		return 0;
	hi = atoi(buf);
	return hi >= lo ? (unsigned int)(hi - lo + 1) : 0;
}

/*
 * Parse the command line into @o: -1 to go on, or the exit status of a
 * run that ends here (--help, bad usage).
 */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "servers", required_argument, NULL, 'n' },
		{ "util", required_argument, NULL, 'u' },
		{ "period-min", required_argument, NULL, 'a' },
		{ "period-max", required_argument, NULL, 'b' },
		{ "reps", required_argument, NULL, 'r' },
		{ "params", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': o->out = optarg; break;
		case 'n': o->servers = strtoul(optarg, NULL, 10); break;
		case 'u': o->util = strtod(optarg, NULL); break;
		case 'a': o->period_min_ns = strtoull(optarg, NULL, 10); break;
		case 'b': o->period_max_ns = strtoull(optarg, NULL, 10); break;
		case 'r': o->reps = strtoul(optarg, NULL, 10); break;
		case 'p': o->params = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!o->out || !o->servers || o->servers > 100000 || !o->reps ||
	    o->reps > 64 || o->util <= 0 || o->util >= 1 ||
	    o->period_min_ns < VRES_PERIOD_MIN_NS ||
	    o->period_max_ns < o->period_min_ns ||
	    o->period_max_ns > VRES_PERIOD_MAX_NS) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/*
 * Warm-up, not measured: the first writes pay for the emulator
 * translating the code paths, and for allocations that later ones find
 * cached.
 */
static void warm_up(int ncpu)
{
	char name[16], path[256];
	unsigned int i;

	for (i = 0; i < 2 * (unsigned int)ncpu; i++) {
		snprintf(name, sizeof(name), "wu%04u", i);
		if (vres_create(name))
			die("warm-up: cannot create %s", name);
		snprintf(path, sizeof(path), VRES_DIR "/servers/%s/cpu", name);
		must_write(path, "%u", i % (unsigned int)ncpu);
		snprintf(path, sizeof(path), VRES_DIR "/servers/%s/params",
			 name);
		must_write(path, "%llu %llu", BUDGET_MIN_NS,
			   (unsigned long long)NSEC_PER_SEC);
		vres_destroy(name);
	}
}

/*
 * Create and configure the servers, one at a time, timing each write;
 * each admission's analysis is timed again in user space on the same set
 * (@set: room for every server).
 */
static void configure(struct srv *s, struct srv **set, const struct opts *o)
{
	unsigned int i, r, k;
	char val[64];
	uint64_t t[64];

	for (i = 0; i < o->servers; i++) {
		struct srv *x = &s[i];
		unsigned int n = 0;

		x->t_create = timed_write(VRES_DIR "/create", x->name);
		snprintf(val, sizeof(val), "%d", x->cpu);
		x->t_cpu = timed_srv_write(x, "cpu", val);
		snprintf(val, sizeof(val), "%llu %llu",
			 (unsigned long long)x->budget_ns,
			 (unsigned long long)x->period_ns);
		x->t_params = timed_srv_write(x, "params", val);
		for (r = 0; r < o->reps; r++)
			t[r] = timed_srv_write(x, "params", val);
		x->t_admit = median(t, o->reps);
		for (r = 0; r < o->reps; r++)
			t[r] = timed_srv_write(x, "mode", "hard");
		x->t_mode = median(t, o->reps);
		for (k = 0; k <= i; k++)
			if (s[k].cpu == x->cpu)
				set[n++] = &s[k];
		if (rta_user(set, n, o->reps, &x->t_rta))
			die("userspace RTA refuses what the module accepted (%s)",
			    x->name);
	}
}

/* OUT.csv: every server's writes; @tot gets their sums. */
static void write_csv(const struct srv *s, const struct opts *o,
		      uint64_t *tot)
{
	char path[PATH_MAX];
	unsigned int i;
	FILE *f;

	snprintf(path, sizeof(path), "%s.csv", o->out);
	f = fopen(path, "w");
	if (!f)
		die("creating %s: %s", path, strerror(errno));
	fprintf(f, "server,cpu,n,budget_ns,period_ns,create_ns,cpu_ns,params_ns,admit_ns,mode_ns,rta_user_ns,attach_ns,destroy_ns\n");
	for (i = 0; i < o->servers; i++) {
		const struct srv *x = &s[i];

		fprintf(f, "%s,%d,%u,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu\n",
			x->name, x->cpu, x->n,
			(unsigned long long)x->budget_ns,
			(unsigned long long)x->period_ns,
			(unsigned long long)x->t_create,
			(unsigned long long)x->t_cpu,
			(unsigned long long)x->t_params,
			(unsigned long long)x->t_admit,
			(unsigned long long)x->t_mode,
			(unsigned long long)x->t_rta,
			(unsigned long long)x->t_attach,
			(unsigned long long)x->t_destroy);
		tot[0] += x->t_create;
		tot[1] += x->t_cpu;
		tot[2] += x->t_params;
		tot[3] += x->t_attach;
		tot[4] += x->t_destroy;
	}
	if (fclose(f))
		die("writing %s: %s", path, strerror(errno));
}

/* OUT.json: the parameters, the sums and the phases' wall times. */
static void write_json(const struct opts *o, int ncpu,
		       unsigned int per_cpu_max, const uint64_t *tot,
		       const uint64_t *wall)
{
	char path[PATH_MAX];
	struct utsname un;
	struct jw j;
	FILE *f;

	snprintf(path, sizeof(path), "%s.json", o->out);
	f = fopen(path, "w");
	if (!f)
		die("creating %s: %s", path, strerror(errno));
	uname(&un);
	jw_begin(&j, f);
	jw_str(&j, "kernel", un.release);
	jw_u64(&j, "cpus", ncpu);
	jw_u64(&j, "servers", o->servers);
	jw_u64(&j, "per_cpu_max", per_cpu_max);
	jw_dbl(&j, "util", o->util);
	jw_u64(&j, "period_min_ns", o->period_min_ns);
	jw_u64(&j, "period_max_ns", o->period_max_ns);
	jw_u64(&j, "reps", o->reps);
	jw_str(&j, "module_params", o->params);
	jw_u64(&j, "create_total_ns", tot[0]);
	jw_u64(&j, "cpu_total_ns", tot[1]);
	jw_u64(&j, "params_total_ns", tot[2]);
	jw_u64(&j, "attach_total_ns", tot[3]);
	jw_u64(&j, "destroy_total_ns", tot[4]);
	jw_u64(&j, "configure_wall_ns", wall[0]);
	jw_u64(&j, "attach_wall_ns", wall[1]);
	jw_u64(&j, "destroy_wall_ns", wall[2]);
	jw_end(&j);
	if (fclose(f))
		die("writing %s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	struct opts o = {
		.servers = 1000, .util = 0.2,
		.period_min_ns = 100 * NSEC_PER_MSEC,
		.period_max_ns = NSEC_PER_SEC,
		.reps = 5, .params = "prio_min=1 prio_max=98",
	};
	uint64_t tot[8] = { 0 }, wall0, wall[4];
	int ncpu = nr_cpus(), ret;
	unsigned int i, per_cpu_max;
	struct srv *s, **set;
	struct sleepers sl;
	char val[64];

	ret = parse_args(argc, argv, &o);
	if (ret >= 0)
		return ret;
	/* A wider SCHED_FIFO band: reload the module with --params. */
	if (vres_loaded() && (ret = vres_unload()))
		die("cannot unload vres: %s", strerror(-ret));
	ret = vres_load(o.params);
	if (ret)
		die("loading vres with '%s' (VRES_KO=%s): %s", o.params,
		    getenv("VRES_KO") ? getenv("VRES_KO") : "", strerror(-ret));
	per_cpu_max = (o.servers + ncpu - 1) / ncpu;
	if (per_cpu_max > band())
		die("%u servers on %d CPUs is %u per CPU, more than the %u priorities of the band; use more CPUs (vmtest.sh -s) or fewer servers",
		    o.servers, ncpu, per_cpu_max, band());
	if (per_cpu_max > 128)
		die("at most 128 servers per CPU");

	s = calloc(o.servers, sizeof(*s));
	set = calloc(o.servers, sizeof(*set));
	if (!s || !set)
		die("out of memory");
	make_servers(s, &o, ncpu);
	sleepers_start(&sl, o.servers);
	pin_self(0);
	warm_up(ncpu);

	wall0 = now_ns(CLOCK_MONOTONIC);
	configure(s, set, &o);
	wall[0] = now_ns(CLOCK_MONOTONIC) - wall0;

	wall0 = now_ns(CLOCK_MONOTONIC);
	for (i = 0; i < o.servers; i++) {
		snprintf(val, sizeof(val), "%d", sl.tids[i]);
		s[i].t_attach = timed_srv_write(&s[i], "tid", val);
	}
	wall[1] = now_ns(CLOCK_MONOTONIC) - wall0;

	wall0 = now_ns(CLOCK_MONOTONIC);
	for (i = o.servers; i-- > 0;)
		s[i].t_destroy = timed_write(VRES_DIR "/destroy", s[i].name);
	wall[2] = now_ns(CLOCK_MONOTONIC) - wall0;
	sleepers_stop(&sl);
	write_csv(s, &o, tot);

	/* Back to the module's defaults for whatever runs next. */
	vres_unload();
	vres_load("");
	write_json(&o, ncpu, per_cpu_max, tot, wall);
	printf("scale: %u servers on %d CPUs (at most %u per CPU): configure %.2f s, attach %.2f s, destroy %.2f s\n",
	       o.servers, ncpu, per_cpu_max, wall[0] / 1e9, wall[1] / 1e9,
	       wall[2] / 1e9);
	return 0;
}
