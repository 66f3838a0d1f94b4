// SPDX-License-Identifier: GPL-2.0
/*
 * rtguest: the real-time guest. It runs inside a KVM guest (its own Linux
 * kernel, see guest-init and mkguest.sh) and executes a task set as real
 * SCHED_FIFO threads, measuring every job's response time.
 *
 *  - Each task is one thread pinned to guest CPU task->vcpu, at
 *    SCHED_FIFO 98 - (rank - 1), rank 1 being the highest priority on its
 *    vCPU in the order vresctl's own loader (userspace/lib/taskset.c) gives:
 *    the guest schedules exactly as the analysis assumed.
 *  - Job k of task i is released at t0 + k*T_i on CLOCK_MONOTONIC
 *    (clock_nanosleep, TIMER_ABSTIME). A job still running at the next
 *    release delays the next job, which starts as soon as it completes;
 *    a job that misses its deadline runs to completion.
 *  - A job is a calibrated amount of computation, not "spin until time X":
 *    when the host takes the vCPU away the job takes longer, as a real
 *    job would. Calibration runs the same loop CAL_RUNS times on every
 *    vCPU at SCHED_FIFO 99 and keeps the fastest run: a run the host
 *    interrupted is only slower, so the minimum is the vCPU's speed when
 *    it has the CPU. A job is ceil(WCET / ns_per_iter) iterations.
 *  - Response time = completion - release, on CLOCK_MONOTONIC.
 *
 * With --background a SCHED_FIFO 1 spinner per vCPU keeps the vCPU busy
 * between jobs, so that a host server uses its whole budget every period.
 * With --sync-gap G the spinner of vCPU 0 watches CLOCK_MONOTONIC before
 * the first release; a jump longer than G is an interval in which the host
 * did not run the vCPU (a throttle), and t0 becomes the start of that
 * jump: every first job is released at the instant supply stopped.
 *
 * Nothing is allocated, printed or faulted in during the measured run: the
 * job records are allocated and touched before t0, memory is locked and
 * every thread's stack is touched when it starts.
 *
 * The protocol on the data port (--port, default /dev/ttyS1, raw mode):
 *
 *	rtguest ready vcpus=V tasks=N ns_per_iter=X
 *	(host)  supply DURATION_NS [GAP_NS]	(optional, repeatable)
 *	supply {JSON}		one line per vCPU, then back to waiting
 *	(host)  go [DURATION_NS]
 *	task {JSON}		one line per task, in file order
 *	summary {JSON}
 *	rtguest done status=S
 *
 * "supply" measures what the guest gets of its vCPUs before any task runs:
 * on every vCPU a SCHED_FIFO 1 thread executes the job's loop in chunks
 * of about SUPPLY_CHUNK_NS (by the calibration) and reads the clock
 * between chunks; a jump longer than GAP_NS (default SUPPLY_GAP_NS) ends
 * a segment of supply. The shortest chunk, clock reading included, is
 * what a chunk costs when nothing interrupts it. Each segment is reported
 * as [start, end, useful], start and end relative to the measurement's
 * start, useful its chunks times that cost: end - start - useful is what
 * the vCPU lost inside the segment (exits to the host, the guest's own
 * interrupts), the gaps are what the host did not give.
 *
 * or "rtguest error MESSAGE" and "rtguest done status=2" on a setup
 * error. Exit status: 0 no deadline missed, 1 a deadline was missed,
 * 2 bad input or a setup failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "duration.h"
#include "taskset.h"

#define NSEC_PER_SEC		1000000000ULL

/* SCHED_FIFO priorities: calibration and the main thread above every task. */
#define PRIO_MAIN		99
#define PRIO_RANK1		98
#define PRIO_SPIN		1
/* Ranks 1..90 map to 98..9; below stays free for the spinners. */
#define RANKS_MAX		90

#define STACK_SIZE		(256 * 1024)
#define STACK_TOUCH		(128 * 1024)

#define CAL_RUNS		200
#define CAL_SIZE_RUNS		5
#define CAL_RUN_NS		50000ULL
#define CAL_WARMUP_NS		20000000ULL

/* First release this long after "go" when not synchronised to a gap. */
#define START_MARGIN_NS		10000000ULL

#define LINE_MAX_LEN		128

/* "supply": work between two clock readings, the default gap, capacity. */
#define SUPPLY_CHUNK_NS		2000ULL
#define SUPPLY_GAP_NS		1000000ULL
#define SUPPLY_SEGS_MAX		65536

struct rt_opts {
	const char *file;
	const char *port;
	bool background;
	u64 sync_gap_ns;	/* 0: no synchronisation */
	u64 sync_timeout_ns;
	u64 duration_ns;	/* 0: --jobs periods of the longest task */
	unsigned long jobs;
	bool no_wait;
};

/* One job's times, absolute CLOCK_MONOTONIC ns; its release is t0 + k*T. */
struct rt_job {
	u64 start;
	u64 finish;
};

struct rt;

struct rt_task {
	struct rt *rt;
	const struct ts_task *t;
	int prio;
	u64 iterations;		/* of work() per job */
	u64 jobs;		/* released: those with t0 + k*T < end */
	/*
	 * Written only by the task's thread; job[0 .. done) are complete and
	 * final (store-release of done, load-acquire by the reader).
	 */
	struct rt_job *job;
	_Atomic u64 done;
	u64 sink;		/* work()'s result, so that it is used */
	pthread_t thread;
};

struct rt_vcpu {
	struct rt *rt;
	unsigned int cpu;
	/* Calibration: the fastest of CAL_RUNS runs of cal_iters iterations. */
	u64 cal_iters;
	u64 cal_min_ns;
	u64 sink;
	/*
	 * Job starts on this vCPU, so that the spinner can tell a jump it
	 * saw was a job of ours and not the host.
	 */
	_Atomic u64 activity;
	/* The spinner (--background, or vCPU 0 with --sync-gap). */
	bool spins;
	bool syncs;
	pthread_t spinner;
	u64 max_gap_ns;		/* written by the spinner, read after join */
	/* "supply": the segments, written by its thread, read after join. */
	pthread_t supplier;
	u64 (*seg)[3];		/* [start, end, useful] */
	u64 nr_segs;
	bool segs_full;
	u64 chunk_min_ns;	/* a chunk's cost, uninterrupted */
};

struct rt {
	const struct rt_opts *o;
	struct taskset ts;
	struct rt_task *task;	/* in file order */
	struct rt_vcpu *vcpu;	/* [ts.vcpus] */
	int port;		/* -1 until open */
	bool port_tty;

	/*
	 * The start gates. lock (priority inheritance) protects the fields
	 * below it; cond is broadcast when one of them changes.
	 */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool spin_go;		/* spinners may start */
	bool task_go;		/* t0 is set, tasks may start */
	u64 t0;
	u64 go_at;		/* "go" read from the port */
	bool synced;
	unsigned int finished;	/* task threads done */

	_Atomic bool stop;	/* spinners (and, after the cap, tasks) stop */
};

static u64 mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

static struct timespec ns_to_ts(u64 ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return ts;
}

/*
 * The job's computation: a dependent chain of integer multiply, add,
 * shift and xor. The empty asm makes x opaque to the compiler on every
 * iteration, so the loop can be neither removed nor folded into a closed
 * form; noinline keeps calibration and jobs running the same code.
 */
static __attribute__((noinline)) u64 work(u64 iterations, u64 x)
{
	u64 i;

	for (i = 0; i < iterations; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		x ^= x >> 33;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

/* Fault in the stack that the thread will use, before it is measured. */
static __attribute__((noinline)) void touch_stack(void)
{
	volatile char buf[STACK_TOUCH];

	memset((char *)buf, 0, sizeof(buf));
}

/* Write all of @len bytes of @buf to @fd, however slow the port. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void port_printf(struct rt *rt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line on the port; failures to write are reported on stderr. */
static void port_printf(struct rt *rt, const char *fmt, ...)
{
	char *line;
	va_list ap;
	int len;

	if (rt->port < 0)
		return;
	va_start(ap, fmt);
	len = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (len < 0 || write_all(rt->port, line, (size_t)len))
		fprintf(stderr, "rtguest: %s: cannot write: %s\n", rt->o->port,
			strerror(errno));
	if (len >= 0)
		free(line);
}

static void port_drain(struct rt *rt)
{
	if (rt->port >= 0 && rt->port_tty)
		tcdrain(rt->port);
}

static int fail(struct rt *rt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A setup error: "rtguest: MESSAGE" on stderr, "rtguest error MESSAGE"
 * and "rtguest done status=2" on the port. Returns the exit status, 2.
 */
static int fail(struct rt *rt, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "rtguest: %s\n", msg);
	port_printf(rt, "rtguest error %s\n", msg);
	port_printf(rt, "rtguest done status=2\n");
	port_drain(rt);
	return 2;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rtguest TASKSET_FILE [--port DEV] [--background]\n"
		"               [--sync-gap DUR [--sync-timeout DUR]]\n"
		"               [--duration DUR | --jobs N] [--no-wait]\n"
		"\n"
		"Run the task set as SCHED_FIFO threads, one per task, pinned to CPU\n"
		"task.vcpu, each job a calibrated amount of computation; report every\n"
		"job's release, start and finish on the data port.\n"
		"\n"
		"  --port DEV        the data port (default /dev/ttyS1), put in raw mode\n"
		"  --background      a SCHED_FIFO 1 spinner per vCPU between jobs\n"
		"  --sync-gap DUR    release the first jobs at the start of the first\n"
		"                    CLOCK_MONOTONIC jump longer than DUR on vCPU 0\n"
		"  --sync-timeout DUR  if none comes within DUR, release at once\n"
		"                    (default 20s)\n"
		"  --duration DUR    release jobs for DUR\n"
		"  --jobs N          release for N periods of the longest-period task\n"
		"                    (default 10)\n"
		"  --no-wait         run after \"ready\" without waiting for \"go\"\n"
		"\n"
		"Port protocol: \"rtguest ready vcpus=V tasks=N ns_per_iter=X\" (X: the\n"
		"slowest vCPU's), then \"go [DURATION_NS]\" from the host, then one\n"
		"\"task {JSON}\" per task, \"summary {JSON}\" and \"rtguest done status=S\".\n"
		"\n"
		"Exit status: 0 no deadline missed, 1 some missed, 2 bad input or setup.\n");
}

/* 0, 1 for --help, or -1 with the problem in @err. */
static int parse_args(int argc, char **argv, struct rt_opts *o, char *err,
		      size_t len)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "background", no_argument, NULL, 'b' },
		{ "sync-gap", required_argument, NULL, 'g' },
		{ "sync-timeout", required_argument, NULL, 'T' },
		{ "duration", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'n' },
		{ "no-wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_jobs = false;
	const char *why;
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->port = "/dev/ttyS1";
	o->jobs = 10;
	o->sync_timeout_ns = 20 * NSEC_PER_SEC;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->port = optarg;
			break;
		case 'b':
			o->background = true;
			break;
		case 'g':
		case 'T':
		case 'd': {
			const char *name = c == 'g' ? "--sync-gap" :
					   c == 'T' ? "--sync-timeout" :
					   "--duration";
			u64 v;

			if (duration_parse(optarg, &v, &why)) {
				snprintf(err, len, "%s: cannot use '%s': %s",
					 name, optarg, why);
				return -1;
			}
			if (!v) {
				snprintf(err, len, "%s: cannot use '%s': must be greater than zero",
					 name, optarg);
				return -1;
			}
			if (c == 'g')
				o->sync_gap_ns = v;
			else if (c == 'T')
				o->sync_timeout_ns = v;
			else
				o->duration_ns = v;
			break;
		}
		case 'n':
			errno = 0;
			o->jobs = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || !o->jobs ||
			    o->jobs > 1000000) {
				snprintf(err, len, "--jobs: '%s' is not a number from 1 to 1000000",
					 optarg);
				return -1;
			}
			have_jobs = true;
			break;
		case 'w':
			o->no_wait = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			snprintf(err, len, "unknown or incomplete option '%s' (see --help)",
				 argv[optind - 1]);
			return -1;
		}
	}
	if (have_jobs && o->duration_ns) {
		snprintf(err, len, "--duration and --jobs exclude each other");
		return -1;
	}
	if (optind != argc - 1) {
		snprintf(err, len, "expected one TASKSET_FILE, got %d arguments (see --help)",
			 argc - optind);
		return -1;
	}
	o->file = argv[optind];
	return 0;
}

/* The --port of a command line that did not parse, else the default. */
static const char *port_of(int argc, char **argv, const char *dflt)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(argv[i], "--port=", 7))
			return argv[i] + 7;
	}
	return dflt;
}

/*
 * Open the data port without waiting for a carrier, and make a terminal
 * raw: no echo, no line editing, no output processing, 115200 baud.
 * Input that came before is discarded: "go" counts only after "ready".
 */
static int port_open(struct rt *rt, bool read_too)
{
	struct termios tio;
	int fd, flags;

	fd = open(rt->o->port, (read_too ? O_RDWR : O_WRONLY) | O_APPEND | O_NOCTTY |
		  O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (isatty(fd)) {
		if (tcgetattr(fd, &tio)) {
			close(fd);
			return -1;
		}
		cfmakeraw(&tio);
		tio.c_cflag |= CLOCAL | CREAD;
		tio.c_cc[VMIN] = 1;
		tio.c_cc[VTIME] = 0;
		cfsetspeed(&tio, B115200);
		if (tcsetattr(fd, TCSANOW, &tio)) {
			close(fd);
			return -1;
		}
		tcflush(fd, TCIFLUSH);
		rt->port_tty = true;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)) {
		close(fd);
		return -1;
	}
	rt->port = fd;
	return 0;
}

/*
 * taskset_load() with its message (one line on stderr) captured, so that
 * it can go to the port too. 0, or the exit status of fail().
 */
static int load_taskset(struct rt *rt)
{
	char msg[512] = "", *nl;
	int saved = -1, cap;
	ssize_t n = 0;
	int ret;

	cap = memfd_create("rtguest-stderr", MFD_CLOEXEC);
	if (cap >= 0) {
		fflush(stderr);
		saved = dup(STDERR_FILENO);
		if (saved < 0 || dup2(cap, STDERR_FILENO) < 0) {
			if (saved >= 0)
				close(saved);
			saved = -1;
		}
	}
	ret = taskset_load(rt->o->file, &rt->ts);
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		n = pread(cap, msg, sizeof(msg) - 1, 0);
		if (n > 0) {
			msg[n] = '\0';
			/* Anything the loader printed still belongs on stderr. */
			if (!ret)
				fputs(msg, stderr);
		}
	}
	if (cap >= 0)
		close(cap);
	if (!ret)
		return 0;
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	/* The loader's line is "rtguest: FILE: problem". */
	if (!strncmp(msg, "rtguest: ", 9))
		return fail(rt, "%s", msg + 9);
	if (msg[0])
		return fail(rt, "%s", msg);
	return fail(rt, "%s: cannot load the task set", rt->o->file);
}

/* Every vCPU of the task set must be a CPU this process may run on. */
static int check_cpus(struct rt *rt)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	unsigned int v, n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return fail(rt, "cannot read the CPUs this process may use: %s",
			    strerror(errno));
	for (v = 0; v < rt->ts.vcpus; v++) {
		if (v >= CPU_SETSIZE || !CPU_ISSET(v, &set))
			return fail(rt, "%s: the task set has %u vCPUs but this guest has %ld online CPUs (CPU %u is not usable)",
				    rt->o->file, rt->ts.vcpus, online, v);
	}
	for (v = 0; v < rt->ts.vcpus; v++) {
		n = taskset_vcpu_len(&rt->ts, v);
		if (n > RANKS_MAX)
			return fail(rt, "%s: vCPU %u has %u tasks, at most %d fit between SCHED_FIFO %d and %d",
				    rt->o->file, v, n, RANKS_MAX,
				    PRIO_RANK1 - RANKS_MAX + 1, PRIO_RANK1);
	}
	return 0;
}

/* A SCHED_FIFO thread at @prio on CPU @cpu; 0 or an errno value. */
static int spawn(pthread_t *th, unsigned int cpu, int prio,
		 void *(*fn)(void *), void *arg)
{
	struct sched_param sp = { .sched_priority = prio };
	pthread_attr_t a;
	cpu_set_t set;
	int ret;

	ret = pthread_attr_init(&a);
	if (ret)
		return ret;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ret = pthread_attr_setstacksize(&a, STACK_SIZE);
	if (!ret)
		ret = pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
	if (!ret)
		ret = pthread_attr_setschedpolicy(&a, SCHED_FIFO);
	if (!ret)
		ret = pthread_attr_setschedparam(&a, &sp);
	if (!ret)
		ret = pthread_attr_setaffinity_np(&a, sizeof(set), &set);
	if (!ret)
		ret = pthread_create(th, &a, fn, arg);
	pthread_attr_destroy(&a);
	return ret;
}

static void *calibrate_fn(void *arg)
{
	struct rt_vcpu *v = arg;
	u64 n = 1000, x = v->cpu, start, t, d, best = ~0ULL;
	unsigned int i;

	touch_stack();
	/* Let the CPU reach the frequency it will run the jobs at. */
	start = mono();
	while (mono() - start < CAL_WARMUP_NS)
		x = work(1000, x);
	/*
	 * Find the number of iterations that takes about CAL_RUN_NS, from
	 * the fastest of a few runs: one that was interrupted (or paid for
	 * translating the code, under TCG) must not make it too short.
	 */
	for (;;) {
		t = ~0ULL;
		for (i = 0; i < CAL_SIZE_RUNS; i++) {
			start = mono();
			x = work(n, x);
			d = mono() - start;
			if (d < t)
				t = d;
		}
		if (t >= CAL_RUN_NS / 2 || n >= (1ULL << 40))
			break;
		n *= 2;
	}
	if (t)
		n = n * CAL_RUN_NS / t;
	if (!n)
		n = 1;
	for (i = 0; i < CAL_RUNS; i++) {
		start = mono();
		x = work(n, x);
		t = mono() - start;
		if (t < best)
			best = t;
	}
	v->cal_iters = n;
	v->cal_min_ns = best;
	v->sink = x;
	return NULL;
}

/* ns per iteration of vCPU @v in thousandths, rounded. */
static u64 ns_per_iter_milli(const struct rt_vcpu *v)
{
	return (v->cal_min_ns * 1000 + v->cal_iters / 2) / v->cal_iters;
}

static int calibrate(struct rt *rt)
{
	unsigned int v;
	int ret;

	for (v = 0; v < rt->ts.vcpus; v++) {
		ret = spawn(&rt->vcpu[v].spinner, v, PRIO_MAIN, calibrate_fn,
			    &rt->vcpu[v]);
		if (ret)
			return fail(rt, "cannot start the calibration thread on CPU %u at SCHED_FIFO %d: %s",
				    v, PRIO_MAIN, strerror(ret));
	}
	for (v = 0; v < rt->ts.vcpus; v++)
		pthread_join(rt->vcpu[v].spinner, NULL);
	for (v = 0; v < rt->ts.vcpus; v++) {
		const struct rt_vcpu *c = &rt->vcpu[v];
		u64 m;

		if (!c->cal_min_ns)
			return fail(rt, "calibration on CPU %u: %llu iterations took 0 ns (CLOCK_MONOTONIC too coarse?)",
				    v, c->cal_iters);
		m = ns_per_iter_milli(c);
		fprintf(stderr, "rtguest: calibration: CPU %u: %llu iterations in %llu ns at best of %d runs, %llu.%03llu ns per iteration\n",
			v, c->cal_iters, c->cal_min_ns, CAL_RUNS, m / 1000,
			m % 1000);
	}
	return 0;
}

/* Wait at a gate (&rt->spin_go or &rt->task_go); returns t0. */
static u64 gate_wait(struct rt *rt, const bool *gate)
{
	u64 t0;

	pthread_mutex_lock(&rt->lock);
	while (!*gate)
		pthread_cond_wait(&rt->cond, &rt->lock);
	t0 = rt->t0;
	pthread_mutex_unlock(&rt->lock);
	return t0;
}

static void open_task_gate(struct rt *rt, u64 t0, bool synced)
{
	pthread_mutex_lock(&rt->lock);
	rt->t0 = t0;
	rt->synced = synced;
	rt->task_go = true;
	pthread_mutex_unlock(&rt->lock);
	pthread_cond_broadcast(&rt->cond);
}

static void *task_fn(void *arg)
{
	struct rt_task *tk = arg;
	struct rt *rt = tk->rt;
	struct rt_vcpu *v = &rt->vcpu[tk->t->vcpu];
	u64 t0, k, release, x = tk->t->index;
	struct timespec ts;

	touch_stack();
	t0 = gate_wait(rt, &rt->task_go);
	for (k = 0; k < tk->jobs; k++) {
		if (atomic_load_explicit(&rt->stop, memory_order_relaxed))
			break;
		release = t0 + k * tk->t->period_ns;
		if (mono() < release) {
			ts = ns_to_ts(release);
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					       &ts, NULL) == EINTR)
				;
		}
		atomic_fetch_add_explicit(&v->activity, 1,
					  memory_order_relaxed);
		tk->job[k].start = mono();
		x = work(tk->iterations, x);
		tk->job[k].finish = mono();
		atomic_store_explicit(&tk->done, k + 1, memory_order_release);
	}
	tk->sink = x;

	/* The last task to finish wakes the main thread, once. */
	pthread_mutex_lock(&rt->lock);
	if (++rt->finished == rt->ts.n)
		pthread_cond_broadcast(&rt->cond);
	pthread_mutex_unlock(&rt->lock);
	return NULL;
}

/*
 * The lowest-priority spinner of a vCPU. It runs only while no job of
 * this vCPU does, so a CLOCK_MONOTONIC jump between two of its readings is
 * either a job of ours (activity changed) or time in which the vCPU did
 * not run this guest's user space: the host's doing. The longest of the
 * latter is max_gap_ns. activity is read before and after each clock
 * reading, so that a job between two readings always changes it.
 *
 * On vCPU 0 with --sync-gap it first opens the task gate, at the start of
 * the first jump longer than the gap, or at once after --sync-timeout.
 */
static void *spin_fn(void *arg)
{
	struct rt_vcpu *v = arg;
	struct rt *rt = v->rt;
	u64 start, last, now, a0, a1, a_last, max_gap = 0;
	bool syncing = v->syncs;

	touch_stack();
	gate_wait(rt, &rt->spin_go);
	a_last = atomic_load_explicit(&v->activity, memory_order_relaxed);
	start = mono();
	last = start;
	while (!atomic_load_explicit(&rt->stop, memory_order_relaxed)) {
		a0 = atomic_load_explicit(&v->activity, memory_order_relaxed);
		now = mono();
		a1 = atomic_load_explicit(&v->activity, memory_order_relaxed);
		if (now - last > max_gap && a1 == a_last)
			max_gap = now - last;
		if (syncing && now - last > rt->o->sync_gap_ns) {
			open_task_gate(rt, last, true);
			syncing = false;
		} else if (syncing && now - start > rt->o->sync_timeout_ns) {
			open_task_gate(rt, now, false);
			syncing = false;
		}
		if (!syncing && !v->spins)
			break;
		last = now;
		a_last = a0;
	}
	v->max_gap_ns = max_gap;
	return NULL;
}

static json_t *json_u64(u64 v)
{
	return json_integer((json_int_t)v);
}

/* "PREFIX {JSON}\n" on the port, in one write. */
static void port_json(struct rt *rt, const char *prefix, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(12));

	if (!s) {
		fprintf(stderr, "rtguest: out of memory formatting the %s line\n",
			prefix);
		return;
	}
	port_printf(rt, "%s %s\n", prefix, s);
	free(s);
}

/* What "supply" asks of every vCPU's thread. */
struct rt_supply {
	u64 start;
	u64 duration_ns;
	u64 gap_ns;
};

static struct rt_supply supply_req;

/* Record a segment; its third field holds the chunk count until reported. */
static void supply_seg(struct rt_vcpu *v, u64 from, u64 to, u64 chunks)
{
	if (v->nr_segs == SUPPLY_SEGS_MAX) {
		v->segs_full = true;
		return;
	}
	v->seg[v->nr_segs][0] = from - supply_req.start;
	v->seg[v->nr_segs][1] = to - supply_req.start;
	v->seg[v->nr_segs][2] = chunks;
	v->nr_segs++;
}

/*
 * The vCPU's supply thread: the job's loop in chunks, the clock read
 * between chunks. A chunk that spans a gap is counted in the segment after
 * it: each segment's useful time is off by at most one chunk.
 */
static void *supply_fn(void *arg)
{
	struct rt_vcpu *v = arg;
	u64 chunk, end, seg_start, last, now, chunks = 0, x = v->cpu;
	u64 best = ~0ULL;

	touch_stack();
	chunk = (SUPPLY_CHUNK_NS * v->cal_iters + v->cal_min_ns - 1) /
		v->cal_min_ns;
	end = supply_req.start + supply_req.duration_ns;
	seg_start = last = mono();
	while (last < end) {
		x = work(chunk, x);
		now = mono();
		if (now - last > supply_req.gap_ns) {
			supply_seg(v, seg_start, last, chunks);
			seg_start = now;
			chunks = 0;
		} else if (now - last < best) {
			best = now - last;
		}
		chunks++;
		last = now;
	}
	supply_seg(v, seg_start, last, chunks);
	v->chunk_min_ns = best;
	v->sink = x;
	return NULL;
}

/* "supply DURATION_NS [GAP_NS]": measure, report, return 0 or fail(). */
static int run_supply(struct rt *rt, const char *args)
{
	unsigned long long d = 0, g = SUPPLY_GAP_NS;
	unsigned int v;
	int n, ret;
	json_t *obj, *segs;

	n = sscanf(args, "%llu %llu", &d, &g);
	if (n < 1 || !d || d > VRES_TIME_MAX || !g)
		return fail(rt, "%s: 'supply %s': expected DURATION_NS [GAP_NS], nonzero",
			    rt->o->port, args);
	for (v = 0; v < rt->ts.vcpus; v++) {
		struct rt_vcpu *c = &rt->vcpu[v];

		if (!c->seg)
			c->seg = calloc(SUPPLY_SEGS_MAX, sizeof(*c->seg));
		if (!c->seg)
			return fail(rt, "out of memory for the supply segments");
		memset(c->seg, 0, SUPPLY_SEGS_MAX * sizeof(*c->seg));
		c->nr_segs = 0;
		c->segs_full = false;
	}
	supply_req.duration_ns = d;
	supply_req.gap_ns = g;
	supply_req.start = mono();
	for (v = 0; v < rt->ts.vcpus; v++) {
		ret = spawn(&rt->vcpu[v].supplier, v, PRIO_SPIN, supply_fn,
			    &rt->vcpu[v]);
		if (ret)
			return fail(rt, "cannot start the supply thread of CPU %u: %s",
				    v, strerror(ret));
	}
	for (v = 0; v < rt->ts.vcpus; v++)
		pthread_join(rt->vcpu[v].supplier, NULL);
	for (v = 0; v < rt->ts.vcpus; v++) {
		const struct rt_vcpu *c = &rt->vcpu[v];
		u64 k;

		segs = json_array();
		for (k = 0; k < c->nr_segs; k++)
			json_array_append_new(segs, json_pack("[III]",
				(json_int_t)c->seg[k][0], (json_int_t)c->seg[k][1],
				(json_int_t)(c->seg[k][2] * c->chunk_min_ns)));
		obj = json_pack("{s:I, s:I, s:I, s:I, s:b, s:o}",
				"vcpu", (json_int_t)v,
				"duration_ns", (json_int_t)d,
				"gap_ns", (json_int_t)g,
				"chunk_ns", (json_int_t)c->chunk_min_ns,
				"truncated", c->segs_full, "segments", segs);
		port_json(rt, "supply", obj);
		json_decref(obj);
	}
	port_drain(rt);
	return 0;
}

/*
 * Read lines from the port until "go [DURATION]", running "supply"
 * requests on the way; *@duration_ns is set
 * when the host gives one (an integer number of ns, or a duration such as
 * "5s"). 0, or the exit status of fail().
 */
static int wait_go(struct rt *rt, u64 *duration_ns)
{
	char line[LINE_MAX_LEN], *arg, *end;
	const char *why;
	size_t len = 0;
	ssize_t n;
	char c;

	for (;;) {
		n = read(rt->port, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(rt, "%s: cannot read 'go': %s", rt->o->port,
				    strerror(errno));
		if (!n)
			return fail(rt, "%s: end of input before 'go'",
				    rt->o->port);
		if (c != '\n' && c != '\r') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		len = 0;
		if (!line[0])
			continue;
		if (!strncmp(line, "supply ", 7)) {
			int ret = run_supply(rt, line + 7);

			if (ret)
				return ret;
			continue;
		}
		if (strcmp(line, "go") && strncmp(line, "go ", 3)) {
			fprintf(stderr, "rtguest: %s: ignoring '%s' (expected 'go [DURATION_NS]')\n",
				rt->o->port, line);
			continue;
		}
		arg = line + 2;
		while (*arg == ' ')
			arg++;
		if (!*arg)
			return 0;
		errno = 0;
		*duration_ns = strtoull(arg, &end, 10);
		if (errno || *end) {
			if (duration_parse(arg, duration_ns, &why))
				return fail(rt, "%s: 'go %s': not a duration: %s",
					    rt->o->port, arg, why);
		}
		if (!*duration_ns || *duration_ns > VRES_TIME_MAX)
			return fail(rt, "%s: 'go %s': the duration must be from 1 to %llu ns",
				    rt->o->port, arg, VRES_TIME_MAX);
		return 0;
	}
}

/* The results: one line per task, the summary, and the exit status. */
static int report(struct rt *rt, u64 duration_ns, bool max_gap_known)
{
	u64 misses = 0, incomplete = 0, max_gap = 0;
	char a[DURATION_STR_MAX];
	json_t *obj, *arr;
	unsigned int i, v;

	for (i = 0; i < rt->ts.n; i++) {
		struct rt_task *tk = &rt->task[i];
		const struct ts_task *t = tk->t;
		u64 done = atomic_load_explicit(&tk->done,
						memory_order_acquire);
		u64 k, resp, worst = 0, miss = tk->jobs - done;
		json_t *rel = json_array(), *st = json_array(),
		       *fin = json_array();

		for (k = 0; k < done; k++) {
			u64 r = k * t->period_ns;
			u64 s = tk->job[k].start - rt->t0;
			u64 f = tk->job[k].finish - rt->t0;

			resp = f - r;
			if (resp > t->deadline_ns)
				miss++;
			if (resp > worst)
				worst = resp;
			json_array_append_new(rel, json_u64(r));
			json_array_append_new(st, json_u64(s));
			json_array_append_new(fin, json_u64(f));
		}
		obj = json_object();
		json_object_set_new(obj, "name", json_string(t->name));
		json_object_set_new(obj, "index", json_u64(t->index));
		json_object_set_new(obj, "vcpu", json_u64(t->vcpu));
		json_object_set_new(obj, "rank", json_u64(t->rank));
		json_object_set_new(obj, "prio", json_integer(tk->prio));
		json_object_set_new(obj, "period_ns", json_u64(t->period_ns));
		json_object_set_new(obj, "wcet_ns", json_u64(t->wcet_ns));
		json_object_set_new(obj, "deadline_ns",
				    json_u64(t->deadline_ns));
		json_object_set_new(obj, "iterations", json_u64(tk->iterations));
		json_object_set_new(obj, "jobs", json_u64(tk->jobs));
		json_object_set_new(obj, "misses", json_u64(miss));
		json_object_set_new(obj, "worst_response_ns", json_u64(worst));
		json_object_set_new(obj, "release_ns", rel);
		json_object_set_new(obj, "start_ns", st);
		json_object_set_new(obj, "finish_ns", fin);
		port_json(rt, "task", obj);
		json_decref(obj);

		fprintf(stderr, "rtguest: %s: vCPU %u prio %d, %llu jobs, %llu completed, %llu misses, worst response %s\n",
			t->name, t->vcpu, tk->prio, tk->jobs, done, miss,
			duration_str(worst, a));
		misses += miss;
		incomplete += tk->jobs - done;
	}

	obj = json_object();
	json_object_set_new(obj, "synced_to_gap", json_boolean(rt->synced));
	json_object_set_new(obj, "t0", json_u64(rt->t0));
	json_object_set_new(obj, "go_to_t0_ns", json_u64(rt->t0 - rt->go_at));
	json_object_set_new(obj, "duration_ns", json_u64(duration_ns));
	arr = json_array();
	for (v = 0; v < rt->ts.vcpus; v++) {
		double x = (double)ns_per_iter_milli(&rt->vcpu[v]) / 1000;

		json_array_append_new(arr, json_real(x));
		if (rt->vcpu[v].max_gap_ns > max_gap)
			max_gap = rt->vcpu[v].max_gap_ns;
	}
	json_object_set_new(obj, "ns_per_iter", arr);
	json_object_set_new(obj, "incomplete", json_u64(incomplete));
	json_object_set_new(obj, "misses", json_u64(misses));
	json_object_set_new(obj, "max_gap_ns",
			    max_gap_known ? json_u64(max_gap) : json_null());
	port_json(rt, "summary", obj);
	json_decref(obj);

	fprintf(stderr, "rtguest: %s, %llu incomplete, %llu misses%s%s\n",
		rt->synced ? "first release at the start of a gap" :
		"first release not synchronised",
		incomplete, misses, max_gap_known ? ", longest gap " : "",
		max_gap_known ? duration_str(max_gap, a) : "");
	port_printf(rt, "rtguest done status=%d\n", misses ? 1 : 0);
	port_drain(rt);
	return misses ? 1 : 0;
}

/* Task threads and spinners, waiting at their gates. */
static int start_threads(struct rt *rt)
{
	unsigned int i, v;
	int ret;

	for (i = 0; i < rt->ts.n; i++) {
		struct rt_task *tk = &rt->task[i];

		ret = spawn(&tk->thread, tk->t->vcpu, tk->prio, task_fn, tk);
		if (ret)
			return fail(rt, "task '%s': cannot start its thread on CPU %u at SCHED_FIFO %d: %s",
				    tk->t->name, tk->t->vcpu, tk->prio,
				    strerror(ret));
	}
	for (v = 0; v < rt->ts.vcpus; v++) {
		struct rt_vcpu *c = &rt->vcpu[v];

		c->spins = rt->o->background;
		c->syncs = v == 0 && rt->o->sync_gap_ns;
		if (!c->spins && !c->syncs)
			continue;
		ret = spawn(&c->spinner, v, PRIO_SPIN, spin_fn, c);
		if (ret)
			return fail(rt, "cannot start the spinner of CPU %u at SCHED_FIFO %d: %s",
				    v, PRIO_SPIN, strerror(ret));
	}
	return 0;
}

/* Job records for @duration_ns, allocated and touched before the run. */
static int alloc_jobs(struct rt *rt, u64 duration_ns)
{
	unsigned int i;

	for (i = 0; i < rt->ts.n; i++) {
		struct rt_task *tk = &rt->task[i];
		u64 T = tk->t->period_ns;

		tk->jobs = duration_ns / T + (duration_ns % T ? 1 : 0);
		if (tk->jobs > SIZE_MAX / sizeof(*tk->job))
			tk->job = NULL;
		else
			tk->job = calloc(tk->jobs, sizeof(*tk->job));
		if (!tk->job)
			return fail(rt, "task '%s': out of memory for %llu job records (duration %llu ns)",
				    tk->t->name, tk->jobs, duration_ns);
		memset(tk->job, 0xff, tk->jobs * sizeof(*tk->job));
	}
	return 0;
}

/*
 * The kernel's RT throttling stops SCHED_FIFO threads for the rest of
 * its period once they used sched_rt_runtime_us of it: a job would wait
 * for it, and with --background the spinners always use all of it.
 * guest-init turns it off; say so when it is on.
 */
static void warn_rt_throttling(void)
{
	FILE *f = fopen("/proc/sys/kernel/sched_rt_runtime_us", "r");
	long us = -1;

	if (!f)
		return;
	if (fscanf(f, "%ld", &us) != 1)
		us = -1;
	fclose(f);
	if (us >= 0)
		fprintf(stderr, "rtguest: warning: RT throttling is on (sched_rt_runtime_us %ld, -1 is off): jobs can wait for it\n",
			us);
}

static int setup(struct rt *rt)
{
	struct sched_param main_sp = { .sched_priority = PRIO_MAIN };
	pthread_mutexattr_t ma;
	unsigned int i;
	int ret;

	ret = load_taskset(rt);
	if (ret)
		return ret;
	ret = check_cpus(rt);
	if (ret)
		return ret;
	rt->task = calloc(rt->ts.n, sizeof(*rt->task));
	rt->vcpu = calloc(rt->ts.vcpus, sizeof(*rt->vcpu));
	if (!rt->task || !rt->vcpu)
		return fail(rt, "out of memory for %u tasks", rt->ts.n);
	for (i = 0; i < rt->ts.vcpus; i++) {
		rt->vcpu[i].rt = rt;
		rt->vcpu[i].cpu = i;
	}
	for (i = 0; i < rt->ts.n; i++) {
		rt->task[i].rt = rt;
		rt->task[i].t = &rt->ts.tasks[i];
		rt->task[i].prio = PRIO_RANK1 - (int)(rt->ts.tasks[i].rank - 1);
	}

	if (pthread_mutexattr_init(&ma) ||
	    pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT) ||
	    pthread_mutex_init(&rt->lock, &ma) ||
	    pthread_cond_init(&rt->cond, NULL))
		return fail(rt, "cannot initialise the start gate");
	pthread_mutexattr_destroy(&ma);

	/* No page faults and no timer slack in the measured run. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return fail(rt, "mlockall: %s", strerror(errno));
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	warn_rt_throttling();
	if (sched_setscheduler(0, SCHED_FIFO, &main_sp))
		return fail(rt, "cannot run at SCHED_FIFO %d: %s", PRIO_MAIN,
			    strerror(errno));

	ret = calibrate(rt);
	if (ret)
		return ret;
	for (i = 0; i < rt->ts.n; i++) {
		struct rt_task *tk = &rt->task[i];
		const struct rt_vcpu *c = &rt->vcpu[tk->t->vcpu];
		unsigned __int128 it;

		/* ceil(wcet / (min_ns / iters)) */
		it = ((unsigned __int128)tk->t->wcet_ns * c->cal_iters +
		      c->cal_min_ns - 1) / c->cal_min_ns;
		tk->iterations = it > UINT64_MAX ? UINT64_MAX : (u64)it;
	}
	return start_threads(rt);
}

int main(int argc, char **argv)
{
	u64 duration_ns = 0, max_period = 0, max_deadline = 0, milli = 0;
	u64 cap, grace;
	struct rt rt = { .port = -1 };
	struct rt_opts o;
	struct timespec ts;
	char err[256];
	bool max_gap_known = false;
	unsigned int i, v;
	int ret;

	rt.o = &o;
	ret = parse_args(argc, argv, &o, err, sizeof(err));
	if (ret > 0)
		return 0;
	if (ret < 0) {
		/* Tell the host too, if the port (given or default) opens. */
		o.port = port_of(argc, argv, o.port);
		port_open(&rt, false);
		return fail(&rt, "%s", err);
	}
	if (port_open(&rt, !o.no_wait))
		return fail(&rt, "%s: cannot open the data port: %s", o.port,
			    strerror(errno));

	ret = setup(&rt);
	if (ret)
		return ret;

	for (i = 0; i < rt.ts.n; i++) {
		if (rt.ts.tasks[i].period_ns > max_period)
			max_period = rt.ts.tasks[i].period_ns;
		if (rt.ts.tasks[i].deadline_ns > max_deadline)
			max_deadline = rt.ts.tasks[i].deadline_ns;
	}
	for (v = 0; v < rt.ts.vcpus; v++)
		if (ns_per_iter_milli(&rt.vcpu[v]) > milli)
			milli = ns_per_iter_milli(&rt.vcpu[v]);
	port_printf(&rt, "rtguest ready vcpus=%u tasks=%u ns_per_iter=%llu.%03llu\n",
		    rt.ts.vcpus, rt.ts.n, milli / 1000, milli % 1000);
	port_drain(&rt);
	if (!o.no_wait) {
		ret = wait_go(&rt, &duration_ns);
		if (ret)
			return ret;
	}
	rt.go_at = mono();
	if (!duration_ns)
		duration_ns = o.duration_ns;
	if (!duration_ns) {
		if (max_period > VRES_TIME_MAX / o.jobs)
			return fail(&rt, "%s: --jobs %lu periods of %llu ns is too long",
				    o.file, o.jobs, max_period);
		duration_ns = o.jobs * max_period;
	}
	ret = alloc_jobs(&rt, duration_ns);
	if (ret)
		return ret;

	/*
	 * The hard cap: every job released gets ten times the run to
	 * complete, counted from the latest possible t0.
	 */
	cap = mono() + START_MARGIN_NS + (o.sync_gap_ns ? o.sync_timeout_ns : 0);
	if (vres_mul_overflow(duration_ns, 10ULL, &grace) ||
	    vres_add_overflow(grace, max_deadline, &grace) ||
	    vres_add_overflow(cap, grace, &cap))
		cap = UINT64_MAX / 2;

	pthread_mutex_lock(&rt.lock);
	rt.spin_go = true;
	pthread_mutex_unlock(&rt.lock);
	pthread_cond_broadcast(&rt.cond);
	if (!o.sync_gap_ns)
		open_task_gate(&rt, mono() + START_MARGIN_NS, false);

	/* Sleep until the last task thread is done, or the cap. */
	ts = ns_to_ts(cap);
	pthread_mutex_lock(&rt.lock);
	while (rt.finished < rt.ts.n) {
		if (pthread_cond_clockwait(&rt.cond, &rt.lock, CLOCK_MONOTONIC,
					   &ts) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&rt.lock);

	atomic_store_explicit(&rt.stop, true, memory_order_relaxed);
	for (v = 0; v < rt.ts.vcpus; v++) {
		if (rt.vcpu[v].spins || rt.vcpu[v].syncs) {
			pthread_join(rt.vcpu[v].spinner, NULL);
			max_gap_known = true;
		}
	}
	pthread_mutex_lock(&rt.lock);
	ret = rt.finished < rt.ts.n;
	pthread_mutex_unlock(&rt.lock);
	if (ret)
		fprintf(stderr, "rtguest: jobs still running at the hard cap (%llu ns, 10 x the duration + the longest deadline, after the first release); reporting them incomplete\n",
			grace);
	/* Unfinished task threads die with the process. */
	return report(&rt, duration_ns, max_gap_known);
}
