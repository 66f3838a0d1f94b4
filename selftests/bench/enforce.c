// SPDX-License-Identifier: GPL-2.0
/*
 * enforce: one run of the enforcement benchmarks (precision, guarantee
 * under load, supply; Documentation/benchmarks.rst, sections 1 to 3).
 *
 * A CPU-bound process ("bench-served") on the served CPU (vres_util.h:
 * served_cpu(): CPU 1, or CPU 0 of a one-CPU VM) is given budget C every
 * period T by one mechanism:
 *
 *   vres       a vres server "bench", mode hard;
 *   vres-soft  the same in mode soft: at exhaustion the thread is demoted
 *              to SCHED_NORMAL nice 19 rather than stopped, and gets its
 *              priority back at the boundary;
 *   dl         SCHED_DEADLINE, runtime C, deadline = period = T; with more
 *              than one CPU in a cpuset partition of the served CPU (a
 *              SCHED_DEADLINE task cannot be pinned inside a larger root
 *              domain; one CPU is one root domain already);
 *   dl-hrtick  the same with the scheduler feature HRTICK_DL on (off by
 *              default), so that SCHED_DEADLINE enforces with an hrtimer
 *              rather than at the tick;
 *   cpumax     cgroup v2 cpu.max "C T" on a cgroup holding only it.
 *
 * With --load the same CPU also runs three CPU hogs at SCHED_OTHER and a
 * spinning process served by a higher-priority vres server "bench-rival"
 * of (C/2, T/2) (shorter period, so above "bench" in Rate Monotonic
 * order), the same in every mechanism's run.
 *
 * What the served process received is not taken from any mechanism's own
 * accounting: sched_switch events for its pid, and the vres_replenish,
 * vres_throttle and vres_unthrottle events of "bench" (in soft mode they
 * delimit the time the thread ran at its server's priority), are recorded
 * in a tracefs instance of our own with the "mono" clock for --periods
 * periods, and saved as PREFIX.trace; the
 * report (report.py) reconstructs the run intervals from them. PREFIX.json
 * records what was run and the mechanisms' own counters for comparison;
 * PREFIX.stalls where the served process's own loop stalled (see
 * struct stalls).
 *
 * usage: enforce --mech vres|vres-soft|dl|dl-hrtick|cpumax --budget NS --period NS
 *                --periods N [--load] --out PREFIX
 *        enforce --open | --close
 *
 * --open creates the trace instance with its events enabled, and --close
 * removes it, so that a series of runs between them does not enable and
 * disable events each time (see bench_util.h on why that matters under
 * TCG). A run without an open instance makes one for itself.
 *
 * Runs on CPU 0: with one CPU it shares it with what it measures, at
 * SCHED_OTHER and asleep while the trace runs, below every server (the
 * timing runs of "make bench" use a one-CPU VM on the icount clock, see
 * Documentation/benchmarks.rst). Needs root, tracefs, cgroup v2 and (for
 * vres and --load) the vres module. The clock of the test VM
 * (VMTEST_CLOCK) is recorded in PREFIX.json.
 */
#include "bench_util.h"

#include <getopt.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#define NR_HOGS		3
#define SRV		"bench"
#define RIVAL		"bench-rival"
#define CG_CPUMAX	CGROOT "/vres-bench-cpumax"
#define CG_DL		CGROOT "/vres-bench-dl"
#define SCHED_FEATURES	"/sys/kernel/debug/sched/features"

enum mech {
	MECH_VRES, MECH_VRES_SOFT, MECH_DL, MECH_DL_HRTICK, MECH_CPUMAX, MECH_NR
};

static const char *const mech_names[MECH_NR] = {
	"vres", "vres-soft", "dl", "dl-hrtick", "cpumax",
};

/* The served CPU, vres_util.h's convention; set once in main(). */
static int served;

/*
 * The served process records where its loop stalled: steps of its loop
 * longer than STALL_NS, in CLOCK_MONOTONIC (the trace's clock). Where the
 * trace says it was on the CPU, a stall is time taken by interrupts or by
 * the host descheduling the virtual CPU, which every mechanism charges to
 * it; report.py shows them beside the overruns they explain.
 */
#define STALL_NS	500000ULL
#define MAX_STALLS	16384

struct stalls {
	atomic_uint n;
	uint64_t at[MAX_STALLS][2];
};

static void __attribute__((noreturn)) served_loop(struct stalls *st)
{
	uint64_t last = now_ns(CLOCK_MONOTONIC);

	for (;;) {
		uint64_t t = now_ns(CLOCK_MONOTONIC);

		if (t - last > STALL_NS) {
			unsigned int n = atomic_load(&st->n);

			if (n < MAX_STALLS) {
				st->at[n][0] = last;
				st->at[n][1] = t;
				atomic_store(&st->n, n + 1);
			}
		}
		last = t;
	}
}

static pid_t spawn_served(struct stalls *st)
{
	pid_t pid = spawn_child("bench-served", served);

	if (pid)
		return pid;
	served_loop(st);
}

static void save_stalls(const struct stalls *st, const char *path)
{
	unsigned int i, n = atomic_load(&st->n);
	FILE *f = fopen(path, "w");

	if (!f)
		die("creating %s: %s", path, strerror(errno));
	for (i = 0; i < n; i++)
		fprintf(f, "%llu %llu\n", (unsigned long long)st->at[i][0],
			(unsigned long long)st->at[i][1]);
	if (fclose(f))
		die("writing %s: %s", path, strerror(errno));
}

/* What to undo at exit, also when a step fails half-way. */
static struct {
	pid_t served, rival, hogs[NR_HOGS];
	bool srv, rival_srv, cg_cpumax, cg_dl, hrtick_set;
} undo;

static void cleanup(void)
{
	int i;

	reap(undo.served);
	reap(undo.rival);
	for (i = 0; i < NR_HOGS; i++)
		reap(undo.hogs[i]);
	undo.served = undo.rival = 0;
	memset(undo.hogs, 0, sizeof(undo.hogs));
	if (undo.srv)
		vres_destroy(SRV);
	if (undo.rival_srv)
		vres_destroy(RIVAL);
	if (undo.cg_cpumax)
		rmdir(CG_CPUMAX);
	if (undo.cg_dl) {
		vres_write(CG_DL "/cpuset.cpus.partition", "member");
		rmdir(CG_DL);
	}
	if (undo.hrtick_set)
		vres_write(SCHED_FEATURES, "NO_HRTICK_DL");
	undo.srv = undo.rival_srv = undo.cg_cpumax = undo.cg_dl = false;
	undo.hrtick_set = false;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: enforce --mech vres|vres-soft|dl|dl-hrtick|cpumax --budget NS --period NS\n"
		   "               --periods N [--load] --out PREFIX\n"
		   "       enforce --open | --close\n");
}

#define INSTANCE	"vres_bench"
#define EV_SWITCH	"sched/sched_switch"
#define EV_REPLENISH	"vres/vres_replenish"
#define EV_THROTTLE	"vres/vres_throttle"
#define EV_UNTHROTTLE	"vres/vres_unthrottle"

/*
 * The instance: sched_switch (filtered to the served pid by each run;
 * until then to nothing) and, with vres loaded, vres_replenish,
 * vres_throttle and vres_unthrottle of "bench".
 */
static void instance_open(struct tinst *ti)
{
	tinst_create(ti, INSTANCE, 16384);
	tinst_event(ti, EV_SWITCH, "prev_pid == -1");
	if (vres_loaded()) {
		tinst_event(ti, EV_REPLENISH, "name == \"" SRV "\"");
		tinst_event(ti, EV_THROTTLE, "name == \"" SRV "\"");
		tinst_event(ti, EV_UNTHROTTLE, "name == \"" SRV "\"");
	}
}

/*
 * Create vres server @name of (@c, @t) on @cpu in mode @mode ("hard" or
 * "soft") and attach @pid to it.
 */
static void serve(const char *name, uint64_t c, uint64_t t, int cpu,
		  const char *mode, pid_t pid)
{
	char path[256];
	int ret;

	ret = vres_create(name);
	if (ret)
		die("creating vres server %s: %s", name, strerror(-ret));
	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/cpu", name);
	must_write(path, "%d", cpu);
	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/params", name);
	must_write(path, "%llu %llu", (unsigned long long)c,
		   (unsigned long long)t);
	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/mode", name);
	must_write(path, "%s", mode);
	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/tid", name);
	must_write(path, "%d", pid);
}

static void move_to(const char *cg, pid_t pid)
{
	char path[256];

	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	must_write(path, "%d", pid);
}

static void setup_cpumax(uint64_t c, uint64_t t)
{
	if (mkdir(CG_CPUMAX, 0755) && errno != EEXIST)
		die("mkdir %s: %s", CG_CPUMAX, strerror(errno));
	undo.cg_cpumax = true;
	must_write(CGROOT "/cgroup.subtree_control", "+cpu");
	must_write(CG_CPUMAX "/cpu.max", "%llu %llu",
		   (unsigned long long)(c / 1000),
		   (unsigned long long)(t / 1000));
	move_to(CG_CPUMAX, undo.served);
	pin_pid(undo.served, served);
}

static void setup_dl(uint64_t c, uint64_t t, bool hrtick)
{
	struct vres_sched_attr a = {
		.size = sizeof(a),
		.sched_policy = SCHED_DEADLINE,
		.sched_runtime = c,
		.sched_deadline = t,
		.sched_period = t,
	};
	char part[64];
	int i;

	/* One CPU is one root domain: nothing to partition. */
	if (nr_cpus() > 1) {
		if (mkdir(CG_DL, 0755) && errno != EEXIST)
			die("mkdir %s: %s", CG_DL, strerror(errno));
		undo.cg_dl = true;
		must_write(CGROOT "/cgroup.subtree_control", "+cpuset");
		must_write(CG_DL "/cpuset.cpus", "%d", served);
		/* Everything of ours on that CPU goes in before it is taken. */
		move_to(CG_DL, undo.served);
		move_to(CG_DL, undo.rival);
		for (i = 0; i < NR_HOGS; i++)
			move_to(CG_DL, undo.hogs[i]);
		must_write(CG_DL "/cpuset.cpus.partition", "root");
		if (vres_read(CG_DL "/cpuset.cpus.partition", part,
			      sizeof(part)) < 0 || strcmp(part, "root\n"))
			die("CPU %d did not become a cpuset partition ('%s')",
			    served, part);
	}
	if (hrtick) {
		must_write(SCHED_FEATURES, "HRTICK_DL");
		undo.hrtick_set = true;
	}
	if (syscall(SYS_sched_setattr, undo.served, &a, 0))
		die("sched_setattr(SCHED_DEADLINE, %llu, %llu): %s",
		    (unsigned long long)c, (unsigned long long)t,
		    strerror(errno));
}

/* The served process's policy as the kernel reports it, -1 if unknown. */
static int policy_of(pid_t pid)
{
	struct vres_sched_attr a;

	if (syscall(SYS_sched_getattr, pid, &a, sizeof(a), 0))
		return -1;
	return (int)a.sched_policy;
}

static bool feature_on(const char *name)
{
	char buf[4096], *p;
	size_t len = strlen(name);

	if (vres_read(SCHED_FEATURES, buf, sizeof(buf)) < 0)
		return false;
	for (p = strstr(buf, name); p; p = strstr(p + 1, name))
		if ((p == buf || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\n' || !p[len]))
			return true;
	return false;
}

/* What the command line asks for. */
struct enforce_args {
	enum mech mech;
	uint64_t c, t;
	unsigned int periods;
	bool load;
	const char *out;
};

/* The traced run: its window on CLOCK_MONOTONIC and the events lost. */
struct enforce_run {
	uint64_t start_ns, stop_ns, dropped;
};

/*
 * Parse the command line into @a: -1 to go on, or the exit status of a
 * run that ends here (--open, --close, --help, bad usage).
 */
static int parse_args(int argc, char **argv, struct enforce_args *a)
{
	static const struct option longopts[] = {
		{ "mech", required_argument, NULL, 'm' },
		{ "budget", required_argument, NULL, 'c' },
		{ "period", required_argument, NULL, 't' },
		{ "periods", required_argument, NULL, 'n' },
		{ "load", no_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "open", no_argument, NULL, 'O' },
		{ "close", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tinst ti;
	int opt;

	*a = (struct enforce_args){ .mech = MECH_NR };
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			for (a->mech = 0; a->mech < MECH_NR; a->mech++)
				if (!strcmp(optarg, mech_names[a->mech]))
					break;
			if (a->mech == MECH_NR)
				die("unknown mechanism '%s'", optarg);
			break;
		case 'c':
			a->c = strtoull(optarg, NULL, 10);
			break;
		case 't':
			a->t = strtoull(optarg, NULL, 10);
			break;
		case 'n':
			a->periods = strtoul(optarg, NULL, 10);
			break;
		case 'l':
			a->load = true;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'O':
			if (tinst_open(&ti, INSTANCE))
				die("trace instance %s exists already", ti.dir);
			instance_open(&ti);
			return 0;
		case 'X':
			if (tinst_open(&ti, INSTANCE))
				tinst_remove(&ti);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (a->mech == MECH_NR || !a->c || !a->t || a->c > a->t ||
	    !a->periods || !a->out) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* The hogs and the rival server (--load), then the mechanism measured. */
static void setup(const struct enforce_args *a)
{
	int i;

	if (a->load) {
		for (i = 0; i < NR_HOGS; i++)
			undo.hogs[i] = spawn_spinner("bench-hog", served);
		undo.rival = spawn_spinner("bench-rival", served);
		undo.rival_srv = true;
		serve(RIVAL, a->c / 2, a->t / 2, served, "hard", undo.rival);
	}
	switch (a->mech) {
	case MECH_VRES:
	case MECH_VRES_SOFT:
		undo.srv = true;
		serve(SRV, a->c, a->t, served,
		      a->mech == MECH_VRES ? "hard" : "soft", undo.served);
		break;
	case MECH_DL:
	case MECH_DL_HRTICK:
		setup_dl(a->c, a->t, a->mech == MECH_DL_HRTICK);
		break;
	case MECH_CPUMAX:
		setup_cpumax(a->c, a->t);
		break;
	default:
		break;
	}
}

/*
 * One period to settle, then the measured ones and two more, traced into
 * OUT.trace (and the stalls into OUT.stalls). The servers' counters are
 * reset so that they cover the traced time.
 */
static void measure(const struct enforce_args *a, struct tinst *ti,
		    struct stalls *stalls, struct enforce_run *run)
{
	char path[PATH_MAX];

	sleep_ns(a->t);
	if (undo.srv)
		vres_srv_write(SRV, "stats", "0");
	if (undo.rival_srv)
		vres_srv_write(RIVAL, "stats", "0");
	tinst_clear(ti);
	run->start_ns = now_ns(CLOCK_MONOTONIC);
	tinst_must(ti, "tracing_on", "1");
	sleep_ns((a->periods + 2) * a->t);
	/* Events after this instant are ignored by the report. */
	run->stop_ns = now_ns(CLOCK_MONOTONIC);
	tinst_must(ti, "tracing_on", "0");
	snprintf(path, sizeof(path), "%s.trace", a->out);
	run->dropped = tinst_save(ti, path);
	snprintf(path, sizeof(path), "%s.stalls", a->out);
	save_stalls(stalls, path);
}

/* OUT.json: the run's parameters, its window and the counters after it. */
static void write_results(const struct enforce_args *a,
			  const struct enforce_run *run)
{
	char path[PATH_MAX];
	struct utsname un;
	struct jw j;
	FILE *f;

	snprintf(path, sizeof(path), "%s.json", a->out);
	f = fopen(path, "w");
	if (!f)
		die("creating %s: %s", path, strerror(errno));
	uname(&un);
	jw_begin(&j, f);
	jw_str(&j, "mech", mech_names[a->mech]);
	jw_str(&j, "kernel", un.release);
	jw_str(&j, "clock", *vm_clock() ? vm_clock() : "wall");
	jw_u64(&j, "cpus", nr_cpus());
	jw_u64(&j, "budget_ns", a->c);
	jw_u64(&j, "period_ns", a->t);
	jw_u64(&j, "periods", a->periods);
	jw_bool(&j, "load", a->load);
	jw_u64(&j, "cpu", served);
	jw_i64(&j, "served_pid", undo.served);
	jw_u64(&j, "hogs", a->load ? NR_HOGS : 0);
	if (a->load) {
		jw_i64(&j, "rival_pid", undo.rival);
		jw_u64(&j, "rival_budget_ns", a->c / 2);
		jw_u64(&j, "rival_period_ns", a->t / 2);
		jw_kv_file(&j, "rival_stats",
			   VRES_DIR "/servers/" RIVAL "/stats");
	}
	jw_u64(&j, "trace_start_ns", run->start_ns);
	jw_u64(&j, "trace_stop_ns", run->stop_ns);
	jw_u64(&j, "trace_dropped", run->dropped);
	jw_i64(&j, "policy", policy_of(undo.served));
	jw_bool(&j, "hrtick_dl", feature_on("HRTICK_DL"));
	jw_bool(&j, "hrtick", feature_on("HRTICK"));
	if (undo.srv)
		jw_kv_file(&j, "stats", VRES_DIR "/servers/" SRV "/stats");
	if (a->mech == MECH_CPUMAX)
		jw_kv_file(&j, "cpu_stat", CG_CPUMAX "/cpu.stat");
	jw_end(&j);
	if (fclose(f))
		die("writing %s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	struct enforce_args a;
	struct enforce_run run;
	struct stalls *stalls;
	char filter[128];
	struct tinst ti;
	bool owned;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret >= 0)
		return ret;
	if ((a.mech == MECH_VRES || a.mech == MECH_VRES_SOFT || a.load) &&
	    !vres_loaded())
		die("vres is not loaded");
	served = served_cpu();
	atexit(cleanup);
	pin_self(0);

	stalls = mmap(NULL, sizeof(*stalls), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stalls == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	undo.served = spawn_served(stalls);
	/* Allocating the buffers takes seconds under TCG: before the run. */
	owned = !tinst_open(&ti, INSTANCE);
	if (owned)
		instance_open(&ti);
	snprintf(filter, sizeof(filter), "prev_pid == %d || next_pid == %d",
		 undo.served, undo.served);
	tinst_filter(&ti, EV_SWITCH, filter);

	setup(&a);
	measure(&a, &ti, stalls, &run);
	tinst_filter(&ti, EV_SWITCH, "prev_pid == -1");
	if (owned)
		tinst_remove(&ti);
	write_results(&a, &run);
	cleanup();
	return 0;
}
