// SPDX-License-Identifier: GPL-2.0
/*
 * overhead: what vres costs the rest of the machine
 * (Documentation/benchmarks.rst, section 4).
 *
 * 1. Context switches. Two processes pinned to one CPU (--cpu, default 0)
 *    pass a byte back and forth through two pipes, as "perf bench sched
 *    pipe" does; each round trip is two context switches. The time per
 *    switch is measured with vres not loaded, loaded with no server, and
 *    with 1, 16, 256 (--counts) servers whose threads are attached. Every
 *    context switch on the host runs vres's sched_switch probe, whatever
 *    CPU the servers are on; the servers are placed on the other CPUs, with
 *    long periods (--period, default 1 s), so that their timers do not
 *    land in the measured CPU's time. The configurations are measured in
 *    --reps rounds, each going through all of them in order (unload, load,
 *    1, 16, 256 servers), so that drift of the host (other VMs, other
 *    users) spreads over all of them rather than biasing one. Each
 *    measurement is --roundtrips round trips in --batches batches, timed
 *    one by one (see pingpong()).
 *
 *    On the icount clock with several vCPUs, QEMU runs one vCPU at a time
 *    and guest time is the instructions of all of them: work on another
 *    vCPU during a measurement shows as time on the measured one. So every
 *    measurement starts when the other CPUs are quiet (see pingpong()),
 *    and records what they did during its timed batches (their tasks'
 *    run time from /proc/schedstat and their interrupts from
 *    /proc/interrupts) and how many of its batches were disturbed (more
 *    than 1% slower than its 10th percentile), for the report to show
 *    that they were idle.
 *
 * 2. Timers. --timer-servers servers (default 32) of (--timer-budget,
 *    --timer-period) = (10 us, 1 ms) on --timer-cpu (default 1), with
 *    sleeping threads attached: each fires its period timer every period
 *    whether or not its thread runs. Three measurements:
 *    - the work per expiry, untraced: a process spinning at SCHED_OTHER on
 *      --timer-cpu counts its loop's iterations over --timer-window-long
 *      (default 1 s) without servers and with them; the loop time it lost
 *      per expiry (n * window / period expiries) is what one expiry cost
 *      the CPU, interrupt entry and exit included. On the icount clock
 *      that is instructions, exactly; under multi-threaded TCG it is
 *      subject to the host like everything else;
 *    - the servers' own counters over that window: how many period timer
 *      expiries ran (periods minus missed_boundaries);
 *    - with tracing, over --timer-window (default 200 ms), before and after
 *      the servers are attached: hrtimer_expire_entry/exit (the time in
 *      each timer callback, vres's own are named) and
 *      local_timer_entry/exit (the whole timer interrupt). Saved as
 *      PREFIX-timers-{idle,servers}.trace for report.py.
 *
 * All threads the servers serve exist from the start, in every
 * configuration, so the only difference between configurations is vres.
 *
 * usage: overhead --out PREFIX [options]; results in PREFIX.json, with the
 * clock of the test VM (VMTEST_CLOCK). Needs root, VRES_KO (the module to
 * load), at least 2 CPUs: 256 servers need ceil(256 / (prio_max -
 * prio_min + 1)) CPUs besides --cpu (--params sets the band).
 */
#include "bench_util.h"

#include <getopt.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#define MAX_COUNTS	8
#define MAX_REPS	32
#define MAX_BATCHES	1024

struct opts {
	int cpu;
	unsigned long roundtrips;
	unsigned int batches;
	unsigned int reps;
	unsigned int counts[MAX_COUNTS];
	unsigned int nr_counts;
	uint64_t period_ns, budget_ns;
	unsigned int timer_servers;
	int timer_cpu;
	uint64_t timer_period_ns, timer_budget_ns;
	uint64_t timer_window_ns, timer_window_long_ns;
	const char *params;
	const char *out;
};

/* ---- servers ---------------------------------------------------------- */

static void srv_name(char *buf, size_t len, unsigned int i)
{
	snprintf(buf, len, "ov%04u", i);
}

/* Server i's CPU: every CPU but @skip, round robin. */
static int srv_cpu(unsigned int i, int skip)
{
	int n = nr_cpus() - 1, cpu = (int)(i % (unsigned int)n);

	return cpu >= skip ? cpu + 1 : cpu;
}

/*
 * Create servers [@from, @to) of (@c, @t) and attach sleepers to them:
 * on CPU @cpu if @cpu >= 0, else round robin on every CPU but @skip.
 */
static void servers_add(const struct sleepers *s, unsigned int from,
			unsigned int to, uint64_t c, uint64_t t, int cpu,
			int skip)
{
	char name[32], path[256];
	unsigned int i;
	int ret;

	if (to > s->n)
		die("%u servers but only %u threads", to, s->n);
	for (i = from; i < to; i++) {
		srv_name(name, sizeof(name), i);
		ret = vres_create(name);
		if (ret)
			die("creating server %s: %s", name, strerror(-ret));
		snprintf(path, sizeof(path), VRES_DIR "/servers/%s/cpu", name);
		must_write(path, "%d", cpu >= 0 ? cpu : srv_cpu(i, skip));
		snprintf(path, sizeof(path), VRES_DIR "/servers/%s/params",
			 name);
		must_write(path, "%llu %llu", (unsigned long long)c,
			   (unsigned long long)t);
		snprintf(path, sizeof(path), VRES_DIR "/servers/%s/tid", name);
		must_write(path, "%d", s->tids[i]);
	}
}

static void servers_del(unsigned int n)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < n; i++) {
		srv_name(name, sizeof(name), i);
		vres_destroy(name);
	}
}

static void module_load(const char *params)
{
	int ret = vres_load(params);

	if (ret && ret != -EEXIST)
		die("loading vres (VRES_KO=%s, '%s'): %s",
		    getenv("VRES_KO") ? getenv("VRES_KO") : "", params,
		    strerror(-ret));
}

static void module_unload(void)
{
	int tries, ret = 0;

	for (tries = 0; tries < 100 && vres_loaded(); tries++) {
		ret = vres_unload();
		if (!ret || ret == -ENOENT)
			return;
		usleep(100000);
	}
	if (vres_loaded())
		die("cannot unload vres: %s", strerror(-ret));
}

/* ---- the other CPUs ---------------------------------------------------- */

/*
 * What the CPUs other than @cpu did so far: their tasks' run time
 * (rq_cpu_time, the 7th number of each "cpuN" line of /proc/schedstat, in
 * ns) and their interrupts (every per-CPU column of /proc/interrupts).
 */
struct others {
	unsigned long long task_ns, irqs;
};

static void others_read(int cpu, struct others *o)
{
	static char buf[1 << 18];
	char *line, *save = NULL;
	int ncpu = 0;

	memset(o, 0, sizeof(*o));
	if (vres_read("/proc/schedstat", buf, sizeof(buf)) > 0) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			unsigned long long v[7];
			int n;

			if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu",
				   &n, &v[0], &v[1], &v[2], &v[3], &v[4],
				   &v[5], &v[6]) == 8 && n != cpu)
				o->task_ns += v[6];
		}
	}
	save = NULL;
	if (vres_read("/proc/interrupts", buf, sizeof(buf)) <= 0)
		return;
	line = strtok_r(buf, "\n", &save);
	/* The header names the CPU columns. */
	for (char *p = line; p && (p = strstr(p, "CPU")); p += 3)
		ncpu++;
	for (line = strtok_r(NULL, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = strchr(line, ':');
		int i;

		if (!p)
			continue;
		p++;
		for (i = 0; i < ncpu; i++) {
			char *end;
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			if (i != cpu)
				o->irqs += v;
			p = end;
		}
	}
}

/* ---- ping-pong ------------------------------------------------------ */

/*
 * Wait until the CPUs other than @cpu are quiet: loading or unloading the
 * module leaves work behind on them (and a task's run time reaches
 * /proc/schedstat only when it leaves the CPU, all at once), which on
 * icount would show in this CPU's time. Quiet: no task time on them in
 * three 10 ms windows in a row; at most 2 s.
 */
static void wait_quiet(int cpu)
{
	unsigned int k, quiet;
	struct others o[2];

	for (k = 0, quiet = 0; k < 200 && quiet < 3; k++) {
		others_read(cpu, &o[0]);
		sleep_ns(10 * NSEC_PER_MSEC);
		others_read(cpu, &o[1]);
		quiet = o[1].task_ns == o[0].task_ns ? quiet + 1 : 0;
	}
}

/*
 * Side A of the ping-pong, in a child pinned to @cpu: once the other CPUs
 * are quiet, @batches + 1 batches of @per_batch round trips over @wr and
 * @rd (the first to warm up), each batch's ns per switch into @ns; then
 * @ns and the other CPUs' time over the batches into @buf, written to
 * @res_fd (@want bytes).
 */
static void __attribute__((noreturn))
pingpong_a(int cpu, unsigned int batches, unsigned long per_batch, double *ns,
	   int wr, int rd, int res_fd, char *buf, size_t want)
{
	struct others o[2];
	unsigned int k;
	unsigned long i;
	char c = 0;

	pin_self(cpu);
	wait_quiet(cpu);
	for (k = 0; k <= batches; k++) {
		uint64_t t0;

		if (k == 1)
			others_read(cpu, &o[0]);
		t0 = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < per_batch; i++)
			if (write(wr, &c, 1) != 1 || read(rd, &c, 1) != 1)
				_exit(3);
		if (k)
			ns[k - 1] = (double)(now_ns(CLOCK_MONOTONIC) - t0) /
				    (2.0 * per_batch);
	}
	others_read(cpu, &o[1]);
	memcpy(buf, ns, batches * sizeof(*ns));
	memcpy(buf + batches * sizeof(*ns), o, sizeof(o));
	if (write(res_fd, buf, want) != (ssize_t)want)
		_exit(3);
	_exit(0);
}

/*
 * One ping-pong measurement on @cpu: @batches batches of @per_batch round
 * trips of one byte between two processes pinned there, after one batch
 * for warm-up. Fills @ns[0..batches) with the nanoseconds per context
 * switch of each batch, and @other with what the CPUs other than @cpu did
 * from the first timed batch to the end of the last.
 *
 * Why batches: under TCG on a shared host the virtual CPU itself is
 * descheduled now and then, for milliseconds, which the guest cannot tell
 * from its own work. A batch of a few milliseconds that was not hit shows
 * the cost of the switches alone; the low percentiles of the batches are
 * therefore what configurations are compared on (report.py).
 */
static void pingpong(int cpu, unsigned int batches, unsigned long per_batch,
		     double *ns, struct others *other)
{
	int ab[2], ba[2], res[2];
	size_t want = batches * sizeof(*ns) + 2 * sizeof(*other), got = 0;
	struct others o[2];
	char *buf = malloc(want);
	pid_t a, b;

	if (!buf)
		die("out of memory");

	if (pipe(ab) || pipe(ba) || pipe(res))
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	b = fork();
	if (!b) {
		char c;

		/* Only A's write end may keep ab open, or B never sees EOF. */
		close(ab[1]);
		close(ba[0]);
		close(res[0]);
		close(res[1]);
		pin_self(cpu);
		while (read(ab[0], &c, 1) == 1)
			if (write(ba[1], &c, 1) != 1)
				_exit(3);
		_exit(0);
	}
	a = fork();
	if (!a) {
		close(ab[0]);
		close(ba[1]);
		close(res[0]);
		pingpong_a(cpu, batches, per_batch, ns, ab[1], ba[0], res[1],
			   buf, want);
	}
	close(ab[0]);
	close(ba[1]);
	close(res[1]);
	while (got < want) {
		ssize_t n = read(res[0], buf + got, want - got);

		if (n <= 0)
			break;
		got += n;
	}
	close(ab[1]);	/* b sees EOF and exits */
	close(ba[0]);
	close(res[0]);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	if (a < 0 || b < 0 || got < want)
		die("ping-pong on CPU %d failed", cpu);
	memcpy(ns, buf, batches * sizeof(*ns));
	memcpy(o, buf + batches * sizeof(*ns), sizeof(o));
	other->task_ns = o[1].task_ns - o[0].task_ns;
	other->irqs = o[1].irqs - o[0].irqs;
	free(buf);
}

static int cmp_dbl(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* The @p-th percentile (nearest rank) of @v[0..n), which it sorts. */
static double percentile(double *v, unsigned int n, double p)
{
	unsigned int k = (unsigned int)(p / 100 * n + 0.999999);

	qsort(v, n, sizeof(*v), cmp_dbl);
	return v[k ? k - 1 : 0];
}

/*
 * A measurement: the 10th percentile and the median of its batches, and
 * what the other CPUs did meanwhile.
 */
struct pp {
	double p10, p50;
	unsigned int disturbed;	/* batches more than 1% above p10 */
	unsigned long long other_task_ns, other_irqs;
};

static struct pp measure(const struct opts *o)
{
	double ns[MAX_BATCHES];
	struct others other;
	unsigned int i;
	struct pp r;

	pingpong(o->cpu, o->batches, o->roundtrips / o->batches, ns, &other);
	r.p10 = percentile(ns, o->batches, 10);
	r.p50 = percentile(ns, o->batches, 50);
	r.disturbed = 0;
	for (i = 0; i < o->batches; i++)
		r.disturbed += ns[i] > 1.01 * r.p10;
	r.other_task_ns = other.task_ns;
	r.other_irqs = other.irqs;
	return r;
}

/* ---- timers ----------------------------------------------------------- */

struct srv_counts {
	unsigned long long periods, missed, latency_max;
};

static void sum_counts(unsigned int n, struct srv_counts *c)
{
	char name[32];
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		unsigned long long lat;

		srv_name(name, sizeof(name), i);
		c->periods += vres_stat(name, "periods");
		c->missed += vres_stat(name, "missed_boundaries");
		lat = vres_stat(name, "replenish_latency_max_ns");
		if (lat > c->latency_max)
			c->latency_max = lat;
	}
}

/*
 * A process spinning at SCHED_OTHER on @cpu that counts its loop's
 * iterations in shared memory; the loop is the same few instructions
 * every time, so on the icount clock iterations are instructions.
 */
static pid_t spin_counter(int cpu, atomic_ullong *count)
{
	pid_t pid = spawn_child("bench-count", cpu);
	unsigned long long n = 0;

	if (pid)
		return pid;
	for (;;)
		atomic_store_explicit(count, ++n, memory_order_relaxed);
}

/* Iterations of the counter per ns over the next @window_ns. */
static double spin_rate(atomic_ullong *count, uint64_t window_ns)
{
	unsigned long long n0, n1;
	uint64_t t0, t1;

	n0 = atomic_load(count);
	t0 = now_ns(CLOCK_MONOTONIC);
	sleep_ns(window_ns);
	n1 = atomic_load(count);
	t1 = now_ns(CLOCK_MONOTONIC);
	return (double)(n1 - n0) / (double)(t1 - t0);
}

/* The timer events, enabled once for both traced windows. */
static void timers_instance(struct tinst *ti)
{
	tinst_create(ti, "vres_bench_timers", 8192);
	tinst_event(ti, "timer/hrtimer_expire_entry", NULL);
	tinst_event(ti, "timer/hrtimer_expire_exit", NULL);
	tinst_event(ti, "irq_vectors/local_timer_entry", NULL);
	tinst_event(ti, "irq_vectors/local_timer_exit", NULL);
}

static void trace_timers(const struct opts *o, struct tinst *ti,
			 const char *tag)
{
	char path[PATH_MAX];
	unsigned long long dropped;
	uint64_t t0, t1;
	FILE *f;

	tinst_clear(ti);
	t0 = now_ns(CLOCK_MONOTONIC);
	tinst_must(ti, "tracing_on", "1");
	sleep_ns(o->timer_window_ns);
	t1 = now_ns(CLOCK_MONOTONIC);
	snprintf(path, sizeof(path), "%s-timers-%s.trace", o->out, tag);
	dropped = tinst_save(ti, path);
	printf("overhead: timers %s: traced %.3f s, %llu events dropped\n",
	       tag, (t1 - t0) / 1e9, dropped);
	snprintf(path, sizeof(path), "%s-timers-%s.meta", o->out, tag);
	f = fopen(path, "w");
	if (!f)
		die("creating %s: %s", path, strerror(errno));
	fprintf(f, "start_ns %llu\nstop_ns %llu\ndropped %llu\n",
		(unsigned long long)t0, (unsigned long long)t1, dropped);
	fclose(f);
}

/* ---- main ----------------------------------------------------------- */

static int parse_counts(struct opts *o, const char *s)
{
	char *end;

	o->nr_counts = 0;
	while (*s && o->nr_counts < MAX_COUNTS) {
		o->counts[o->nr_counts++] = strtoul(s, &end, 10);
		if (end == s)
			return -1;
		if (o->nr_counts > 1 &&
		    o->counts[o->nr_counts - 1] <= o->counts[o->nr_counts - 2])
			return -1;
		s = *end == ',' ? end + 1 : end;
	}
	return *s ? -1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: overhead --out PREFIX [--cpu N] [--roundtrips N] [--batches N] [--reps N]\n"
		"                [--counts 0,1,16,256] [--period NS] [--budget NS]\n"
		"                [--timer-servers N] [--timer-cpu N] [--timer-period NS] [--timer-budget NS]\n"
		"                [--timer-window NS] [--timer-window-long NS]\n"
		"                [--params 'MODULE PARAMS']\n");
}

/* The context-switch rounds' results, per count of servers (0: none). */
struct pp_results {
	struct pp ns[MAX_COUNTS + 1][MAX_REPS];
	unsigned long long other_task_ns[MAX_COUNTS + 1];
	unsigned long long other_irqs[MAX_COUNTS + 1];
	unsigned int disturbed[MAX_COUNTS + 1];
};

/* The timers' phase: the spinner's rates and the servers' counters. */
struct timer_results {
	double rate_idle, rate_servers;
	struct srv_counts c0, c1;
	uint64_t t0, t1;
};

/*
 * Parse the command line into @o: -1 to go on, or the exit status of a
 * run that ends here (--help, bad usage).
 */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "roundtrips", required_argument, NULL, 'n' },
		{ "batches", required_argument, NULL, 'b' },
		{ "reps", required_argument, NULL, 'r' },
		{ "counts", required_argument, NULL, 'k' },
		{ "period", required_argument, NULL, 't' },
		{ "budget", required_argument, NULL, 'c' },
		{ "timer-servers", required_argument, NULL, 'S' },
		{ "timer-cpu", required_argument, NULL, 'P' },
		{ "timer-period", required_argument, NULL, 'T' },
		{ "timer-budget", required_argument, NULL, 'B' },
		{ "timer-window", required_argument, NULL, 'w' },
		{ "timer-window-long", required_argument, NULL, 'W' },
		{ "params", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': o->out = optarg; break;
		case 'C': o->cpu = atoi(optarg); break;
		case 'n': o->roundtrips = strtoul(optarg, NULL, 10); break;
		case 'b': o->batches = strtoul(optarg, NULL, 10); break;
		case 'r': o->reps = strtoul(optarg, NULL, 10); break;
		case 'k':
			if (parse_counts(o, optarg))
				die("--counts: increasing numbers, at most %d",
				    MAX_COUNTS);
			break;
		case 't': o->period_ns = strtoull(optarg, NULL, 10); break;
		case 'c': o->budget_ns = strtoull(optarg, NULL, 10); break;
		case 'S': o->timer_servers = strtoul(optarg, NULL, 10); break;
		case 'P': o->timer_cpu = atoi(optarg); break;
		case 'T':
			o->timer_period_ns = strtoull(optarg, NULL, 10);
			break;
		case 'B':
			o->timer_budget_ns = strtoull(optarg, NULL, 10);
			break;
		case 'w':
			o->timer_window_ns = strtoull(optarg, NULL, 10);
			break;
		case 'W':
			o->timer_window_long_ns = strtoull(optarg, NULL, 10);
			break;
		case 'p': o->params = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!o->out || !o->reps || o->reps > MAX_REPS || !o->batches ||
	    o->batches > MAX_BATCHES || o->roundtrips < o->batches) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/*
 * The context-switch rounds: each measures with vres unloaded, then
 * loaded with each count of servers in turn.
 */
static void pingpong_rounds(const struct opts *o, const struct sleepers *sl,
			    struct pp_results *res)
{
	unsigned int i, r, have;

	measure(o);	/* warm-up: the emulator translates the paths once */
	for (r = 0; r < o->reps; r++) {
		module_unload();
		res->ns[0][r] = measure(o);
		module_load(o->params);
		have = 0;
		for (i = 0; i < o->nr_counts; i++) {
			servers_add(sl, have, o->counts[i], o->budget_ns,
				    o->period_ns, -1, o->cpu);
			have = o->counts[i];
			res->ns[i + 1][r] = measure(o);
		}
		servers_del(have);
		printf("overhead: round %u: ns per context switch (p10/median of batches): unloaded %.0f/%.0f",
		       r + 1, res->ns[0][r].p10, res->ns[0][r].p50);
		for (i = 0; i < o->nr_counts; i++)
			printf(", %u servers %.0f/%.0f", o->counts[i],
			       res->ns[i + 1][r].p10, res->ns[i + 1][r].p50);
		printf("\n");
		for (i = 0; i <= o->nr_counts; i++) {
			res->other_task_ns[i] += res->ns[i][r].other_task_ns;
			res->other_irqs[i] += res->ns[i][r].other_irqs;
			res->disturbed[i] += res->ns[i][r].disturbed;
		}
		fflush(stdout);
	}
}

/*
 * Timers, with the counter spinning on the timer CPU throughout: its
 * rate without servers, a traced window; the servers; its rate with
 * them (between two readings of their counters), a traced window.
 */
static void timer_phase(const struct opts *o, const struct sleepers *sl,
			struct timer_results *tr)
{
	atomic_ullong *count;
	struct tinst ti;
	pid_t counter;

	count = mmap(NULL, sizeof(*count), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (count == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	atomic_store(count, 0);
	counter = spin_counter(o->timer_cpu, count);
	timers_instance(&ti);
	sleep_ns(100 * NSEC_PER_MSEC);
	tr->rate_idle = spin_rate(count, o->timer_window_long_ns);
	trace_timers(o, &ti, "idle");
	servers_add(sl, 0, o->timer_servers, o->timer_budget_ns,
		    o->timer_period_ns, o->timer_cpu, -1);
	sleep_ns(100 * NSEC_PER_MSEC);
	/* Reading the counters takes a while: the window is between the
	 * middles of the two readings. */
	tr->t0 = now_ns(CLOCK_MONOTONIC);
	sum_counts(o->timer_servers, &tr->c0);
	tr->t0 = (tr->t0 + now_ns(CLOCK_MONOTONIC)) / 2;
	tr->rate_servers = spin_rate(count, o->timer_window_long_ns);
	tr->t1 = now_ns(CLOCK_MONOTONIC);
	sum_counts(o->timer_servers, &tr->c1);
	tr->t1 = (tr->t1 + now_ns(CLOCK_MONOTONIC)) / 2;
	trace_timers(o, &ti, "servers");
	tinst_remove(&ti);
	reap(counter);
	servers_del(o->timer_servers);
}

static void write_pingpong(struct jw *j, const struct opts *o,
			   const struct pp_results *res)
{
	unsigned int i, r;

	jw_open(j, "pingpong", '[');
	for (i = 0; i <= o->nr_counts; i++) {
		jw_open(j, NULL, '{');
		if (i)
			jw_u64(j, "servers", o->counts[i - 1]);
		jw_bool(j, "loaded", i > 0);
		jw_open(j, "p10_ns", '[');
		for (r = 0; r < o->reps; r++)
			jw_dbl(j, NULL, res->ns[i][r].p10);
		jw_close(j, ']');
		jw_open(j, "median_ns", '[');
		for (r = 0; r < o->reps; r++)
			jw_dbl(j, NULL, res->ns[i][r].p50);
		jw_close(j, ']');
		jw_u64(j, "other_cpus_task_ns", res->other_task_ns[i]);
		jw_u64(j, "other_cpus_irqs", res->other_irqs[i]);
		jw_u64(j, "disturbed_batches", res->disturbed[i]);
		jw_close(j, '}');
	}
	jw_close(j, ']');
}

/* OUT.json: the parameters, then both phases' results. */
static void write_results(const struct opts *o, const struct pp_results *res,
			  const struct timer_results *tr)
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
	jw_str(&j, "clock", *vm_clock() ? vm_clock() : "wall");
	jw_u64(&j, "cpus", nr_cpus());
	jw_u64(&j, "cpu", o->cpu);
	jw_u64(&j, "roundtrips", o->roundtrips);
	jw_u64(&j, "batches", o->batches);
	jw_str(&j, "module_params", o->params);
	jw_u64(&j, "period_ns", o->period_ns);
	jw_u64(&j, "budget_ns", o->budget_ns);
	write_pingpong(&j, o, res);
	jw_open(&j, "timers", '{');
	jw_u64(&j, "servers", o->timer_servers);
	jw_u64(&j, "cpu", o->timer_cpu);
	jw_u64(&j, "period_ns", o->timer_period_ns);
	jw_u64(&j, "budget_ns", o->timer_budget_ns);
	jw_u64(&j, "window_ns", tr->t1 - tr->t0);
	jw_u64(&j, "boundaries", tr->c1.periods - tr->c0.periods);
	jw_u64(&j, "missed_boundaries", tr->c1.missed - tr->c0.missed);
	jw_u64(&j, "replenish_latency_max_ns", tr->c1.latency_max);
	jw_dbl(&j, "spin_per_ns_idle", tr->rate_idle);
	jw_dbl(&j, "spin_per_ns_servers", tr->rate_servers);
	jw_u64(&j, "spin_window_ns", o->timer_window_long_ns);
	jw_u64(&j, "trace_window_ns", o->timer_window_ns);
	jw_close(&j, '}');
	jw_end(&j);
	if (fclose(f))
		die("writing %s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	struct opts o = {
		.cpu = 0, .roundtrips = 20000, .batches = 200, .reps = 5,
		.counts = { 0, 1, 16, 256 }, .nr_counts = 4,
		.period_ns = NSEC_PER_SEC, .budget_ns = 10000,
		.timer_servers = 32, .timer_cpu = 1,
		.timer_period_ns = NSEC_PER_MSEC, .timer_budget_ns = 10000,
		.timer_window_ns = 200 * NSEC_PER_MSEC,
		.timer_window_long_ns = NSEC_PER_SEC,
		.params = "",
	};
	static struct pp_results res;
	struct timer_results tr;
	unsigned int nthreads;
	struct sleepers sl;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (nr_cpus() < 2 || o.cpu < 0 || o.cpu >= nr_cpus() ||
	    o.timer_cpu < 0 || o.timer_cpu >= nr_cpus())
		die("needs 2 CPUs, and --cpu and --timer-cpu among them");
	/* The orchestration runs away from the measured CPU. */
	pin_self(o.cpu == nr_cpus() - 1 ? 0 : nr_cpus() - 1);

	nthreads = o.counts[o.nr_counts - 1];
	if (o.timer_servers > nthreads)
		nthreads = o.timer_servers;
	sleepers_start(&sl, nthreads);
	pingpong_rounds(&o, &sl, &res);
	timer_phase(&o, &sl, &tr);
	sleepers_stop(&sl);
	write_results(&o, &res, &tr);
	return 0;
}
