/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the vres benchmarks (selftests/bench): files, tracefs
 * instances, cgroups, child processes that spin or sleep, and the JSON
 * result files (through jansson, as the rest of the project). The sysfs and module helpers
 * are the selftests' own (../vres/vres_util.h).
 */
#ifndef _VRES_BENCH_UTIL_H
#define _VRES_BENCH_UTIL_H

#include "../vres/vres_util.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <sys/prctl.h>

#define TRACEFS		"/sys/kernel/tracing"
#define CGROOT		"/sys/fs/cgroup"

/* Print to stderr with the program's name and exit 1. */
static inline void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* printf into a path, then vres_write() it; 0 or -errno. */
static inline int __attribute__((format(printf, 2, 3)))
write_fmt(const char *path, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vres_write(path, buf);
}

/* As write_fmt(), but a failure is fatal and names the file and value. */
static inline void __attribute__((format(printf, 2, 3)))
must_write(const char *path, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ret = vres_write(path, buf);
	if (ret)
		die("writing '%s' to %s: %s", buf, path, strerror(-ret));
}

/* Copy file @from to @to; 0 or -errno. */
static inline int copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	int in, out, ret = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			ret = -EIO;
			break;
		}
	}
	if (n < 0)
		ret = -errno;
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	return ret;
}

static inline void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = ns / NSEC_PER_SEC,
		.tv_nsec = ns % NSEC_PER_SEC,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		;
}

static inline int nr_cpus(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static inline void pin_pid(pid_t pid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(pid, sizeof(set), &set))
		die("pinning %d to CPU %d: %s", pid, cpu, strerror(errno));
}

/*
 * Fork a child named @comm, pinned to @cpu unless @cpu < 0, that dies with
 * the parent. Returns the child's pid in the parent and 0 in the child.
 */
static inline pid_t spawn_child(const char *comm, int cpu)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, comm);
	if (cpu >= 0)
		pin_self(cpu);
	return 0;
}

/* A child of spawn_child() that spins in user space forever. */
static inline pid_t spawn_spinner(const char *comm, int cpu)
{
	pid_t pid = spawn_child(comm, cpu);

	if (pid)
		return pid;
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static inline void reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* ---- sleeping threads ------------------------------------------------ */

/* Threads that sleep until told to exit, to be attached to servers. */
struct sleepers {
	unsigned int n;
	pthread_t *threads;
	pid_t *tids;
	int pipe[2];
};

struct sleeper_arg {
	struct sleepers *s;
	unsigned int i;
	atomic_int ready;
};

static inline void *sleeper_fn(void *arg)
{
	struct sleeper_arg *a = arg;
	int fd = a->s->pipe[0];
	char c;

	a->s->tids[a->i] = gettid_();
	atomic_store(&a->ready, 1);
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static inline void sleepers_start(struct sleepers *s, unsigned int n)
{
	struct sleeper_arg a;
	pthread_attr_t attr;
	unsigned int i;

	s->n = n;
	s->threads = calloc(n, sizeof(*s->threads));
	s->tids = calloc(n, sizeof(*s->tids));
	if (!s->threads || !s->tids || pipe(s->pipe))
		die("cannot set up %u sleeping threads", n);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	for (i = 0; i < n; i++) {
		a.s = s;
		a.i = i;
		atomic_store(&a.ready, 0);
		if (pthread_create(&s->threads[i], &attr, sleeper_fn, &a))
			die("pthread_create: thread %u of %u", i, n);
		while (!atomic_load(&a.ready))
			sched_yield();
	}
	pthread_attr_destroy(&attr);
}

static inline void sleepers_stop(struct sleepers *s)
{
	unsigned int i;

	close(s->pipe[1]);	/* every read() returns 0 */
	for (i = 0; i < s->n; i++)
		pthread_join(s->threads[i], NULL);
	close(s->pipe[0]);
	free(s->threads);
	free(s->tids);
}

/* ---- tracefs instances ------------------------------------------------ */

/*
 * A tracefs instance of our own, so that the benchmarks neither see nor
 * disturb whatever else traces: its own buffers, clock and event switches.
 *
 * Enabling or disabling an event patches kernel text (static keys and
 * static calls, through int3 breakpoints). Under QEMU's multi-threaded
 * TCG that patching now and then leaves a virtual CPU executing a stale
 * int3 the kernel no longer expects, and the guest panics ("Oops: int3").
 * So a benchmark enables its events once and then only switches
 * tracing_on, changes filters and clears the buffers, none of which
 * patches code; enforce keeps one instance for all its runs.
 */
struct tinst {
	char dir[PATH_MAX];
};

static inline void tinst_path(const struct tinst *t, char *buf, size_t len,
			      const char *rel)
{
	snprintf(buf, len, "%s/%s", t->dir, rel);
}

static inline int tinst_write(const struct tinst *t, const char *rel,
			      const char *val)
{
	char path[PATH_MAX + 64];

	tinst_path(t, path, sizeof(path), rel);
	return vres_write(path, val);
}

static inline void tinst_must(const struct tinst *t, const char *rel,
			      const char *val)
{
	char path[PATH_MAX + 64];

	tinst_path(t, path, sizeof(path), rel);
	must_write(path, "%s", val);
}

/*
 * Create instance @name with the "mono" clock (CLOCK_MONOTONIC, the clock
 * vres charges and stamps its boundaries with), @kb KiB per CPU, no
 * overwriting (a full buffer drops new events, which tinst_dropped()
 * counts, rather than silently losing the start), tracing off.
 */
static inline void tinst_create(struct tinst *t, const char *name,
				unsigned int kb)
{
	char val[32];

	snprintf(t->dir, sizeof(t->dir), TRACEFS "/instances/%s", name);
	if (mkdir(t->dir, 0755))
		die("creating trace instance %s: %s", t->dir, strerror(errno));
	tinst_must(t, "tracing_on", "0");
	tinst_must(t, "trace_clock", "mono");
	tinst_must(t, "options/overwrite", "0");
	snprintf(val, sizeof(val), "%u", kb);
	tinst_must(t, "buffer_size_kb", val);
}

/* Use instance @name if it exists; false if it does not. */
static inline bool tinst_open(struct tinst *t, const char *name)
{
	struct stat st;

	snprintf(t->dir, sizeof(t->dir), TRACEFS "/instances/%s", name);
	return !stat(t->dir, &st);
}

/* Set the filter of event @ev ("system/event"); "0" clears it. */
static inline void tinst_filter(struct tinst *t, const char *ev,
				const char *filter)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "events/%s/filter", ev);
	tinst_must(t, rel, filter);
}

/* Enable event @ev with @filter (NULL: none). */
static inline void tinst_event(struct tinst *t, const char *ev,
			       const char *filter)
{
	char rel[256];

	if (filter)
		tinst_filter(t, ev, filter);
	snprintf(rel, sizeof(rel), "events/%s/enable", ev);
	tinst_must(t, rel, "1");
}

/* Empty the buffers (opening "trace" with O_TRUNC does it). */
static inline void tinst_clear(struct tinst *t)
{
	char path[PATH_MAX + 64];
	int fd;

	tinst_path(t, path, sizeof(path), "trace");
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		die("clearing %s: %s", path, strerror(errno));
	close(fd);
}

/* Events lost to full buffers since the last clear, summed over CPUs. */
static inline unsigned long long tinst_dropped(const struct tinst *t)
{
	unsigned long long sum = 0;
	int cpu;

	for (cpu = 0; cpu < nr_cpus(); cpu++) {
		char rel[64], path[PATH_MAX + 64], buf[1024], *p;

		snprintf(rel, sizeof(rel), "per_cpu/cpu%d/stats", cpu);
		tinst_path(t, path, sizeof(path), rel);
		if (vres_read(path, buf, sizeof(buf)) < 0)
			continue;
		p = strstr(buf, "dropped events:");
		if (p)
			sum += strtoull(p + strlen("dropped events:"), NULL,
					10);
		p = strstr(buf, "overrun:");
		if (p)
			sum += strtoull(p + strlen("overrun:"), NULL, 10);
	}
	return sum;
}

/*
 * Stop tracing and save the text of the buffers to @to. Returns the
 * number of events lost.
 */
static inline unsigned long long tinst_save(struct tinst *t, const char *to)
{
	char path[PATH_MAX + 64];
	unsigned long long dropped;
	int ret;

	tinst_must(t, "tracing_on", "0");
	dropped = tinst_dropped(t);
	tinst_path(t, path, sizeof(path), "trace");
	ret = copy_file(path, to);
	if (ret)
		die("saving %s to %s: %s", path, to, strerror(-ret));
	return dropped;
}

/* Disable every event of the instance and remove it. */
static inline void tinst_remove(struct tinst *t)
{
	tinst_write(t, "tracing_on", "0");
	tinst_write(t, "events/enable", "0");
	if (rmdir(t->dir))
		fprintf(stderr, "%s: removing %s: %s\n",
			program_invocation_short_name, t->dir, strerror(errno));
}

/* ---- JSON results, through jansson ---------------------------------- */

/*
 * The programs emit their results member by member, in the order they
 * measure them: jw_open() starts an object ('{') or array ('[') as member
 * @k of the innermost open one (@k NULL inside an array), jw_close() ends
 * it, jw_end() writes the document. jansson builds and encodes it: every
 * string escaped, numbers as JSON numbers (a real to 6 significant digits,
 * as the report reads them; NaN and infinities, which JSON has not, as
 * null).
 */
#define JW_DEPTH	8

struct jw {
	FILE *f;
	int depth;
	json_t *open[JW_DEPTH];		/* [0] the document; borrowed */
};

static inline void jw_add(struct jw *j, const char *k, json_t *v)
{
	json_t *parent = j->open[j->depth];
	int ret;

	if (!v)
		die("JSON: out of memory");
	if (json_is_array(parent))
		ret = json_array_append_new(parent, v);
	else
		ret = json_object_set_new(parent, k, v);
	if (ret)
		die("JSON: cannot add member %s", k ? k : "(array element)");
}

/* Open an object ('{') or array ('['), as member @k (NULL in an array). */
static inline void jw_open(struct jw *j, const char *k, char c)
{
	json_t *v = c == '[' ? json_array() : json_object();

	if (j->depth + 1 >= JW_DEPTH)
		die("JSON: nested deeper than %d", JW_DEPTH);
	jw_add(j, k, v);
	j->open[++j->depth] = v;
}

static inline void jw_close(struct jw *j, char c)
{
	(void)c;
	j->depth--;
}

/* Start a document whose top level is an object, for @f. */
static inline void jw_begin(struct jw *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->open[0] = json_object();
	if (!j->open[0])
		die("JSON: out of memory");
}

/* Write the document to the FILE of jw_begin() and free it. */
static inline void jw_end(struct jw *j)
{
	if (json_dumpf(j->open[0], j->f,
		       JSON_INDENT(2) | JSON_REAL_PRECISION(6)) ||
	    fputc('\n', j->f) == EOF)
		die("JSON: cannot write the results");
	json_decref(j->open[0]);
}

static inline void jw_u64(struct jw *j, const char *k, unsigned long long v)
{
	/* JSON integers are signed 64-bit in jansson. */
	jw_add(j, k, v <= LLONG_MAX ? json_integer((json_int_t)v) :
				       json_real((double)v));
}

static inline void jw_i64(struct jw *j, const char *k, long long v)
{
	jw_add(j, k, json_integer(v));
}

static inline void jw_dbl(struct jw *j, const char *k, double v)
{
	jw_add(j, k, isfinite(v) ? json_real(v) : json_null());
}

static inline void jw_str(struct jw *j, const char *k, const char *v)
{
	jw_add(j, k, json_string(v));
}

static inline void jw_bool(struct jw *j, const char *k, bool v)
{
	jw_add(j, k, json_boolean(v));
}

/*
 * The "KEY VALUE" lines of a stats-like file (servers/NAME/stats, cpu.stat)
 * as an object @k of numbers.
 */
static inline void jw_kv_file(struct jw *j, const char *k, const char *path)
{
	char buf[4096], *line, *save = NULL;

	jw_open(j, k, '{');
	if (vres_read(path, buf, sizeof(buf)) > 0) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char key[64];
			unsigned long long v;

			if (sscanf(line, "%63s %llu", key, &v) == 2)
				jw_u64(j, key, v);
		}
	}
	jw_close(j, '}');
}

#endif /* _VRES_BENCH_UTIL_H */
