/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the vres selftests: sysfs access, module load and
 * unload, threads that burn CPU and measure what they received.
 */
#ifndef _VRES_UTIL_H
#define _VRES_UTIL_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/vres.h>

#define VRES_DIR	VRES_SYSFS_ROOT
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE	6
#endif

/*
 * struct sched_attr of sched_setattr(2), which glibc 2.36 (Debian 12)
 * neither declares nor wraps: use syscall(SYS_sched_setattr, ...).
 */
struct vres_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
};

/* Write @s to @path in one write(); 0 or -errno. */
static inline int vres_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

/* Read all of @path into @buf (NUL-terminated); length or -errno. */
static inline int vres_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return (int)n;
}

static inline int vres_srv_write(const char *srv, const char *file,
				 const char *s)
{
	char path[256];

	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/%s", srv, file);
	return vres_write(path, s);
}

static inline int vres_srv_read(const char *srv, const char *file, char *buf,
				size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/%s", srv, file);
	return vres_read(path, buf, len);
}

static inline int vres_srv_write_u(const char *srv, const char *file,
				   unsigned long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%llu\n", v);
	return vres_srv_write(srv, file, s);
}

/* Value of key @key in the "KEY VALUE" lines of @path, or ~0 if missing. */
static inline unsigned long long vres_key(const char *path, const char *key)
{
	char buf[1024], *p;
	size_t klen = strlen(key);

	if (vres_read(path, buf, sizeof(buf)) < 0)
		return ~0ULL;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, klen) && p[klen] == ' ')
			return strtoull(p + klen + 1, NULL, 10);
	return ~0ULL;
}

/* Value of key @key in servers/@srv/stats, or ~0 if missing. */
static inline unsigned long long vres_stat(const char *srv, const char *key)
{
	char path[256];

	snprintf(path, sizeof(path), VRES_DIR "/servers/%s/stats", srv);
	return vres_key(path, key);
}

static inline int vres_create(const char *name)
{
	return vres_write(VRES_DIR "/create", name);
}

static inline int vres_destroy(const char *name)
{
	return vres_write(VRES_DIR "/destroy", name);
}

static inline bool vres_loaded(void)
{
	struct stat st;

	return !stat(VRES_DIR, &st);
}

/*
 * In the test VM (VMTEST set), say in the kernel log where this load of
 * vres sits: a reloaded module may land elsewhere, and vmtest.sh's hang
 * diagnosis relocates vres's symbols with the last such line.
 */
static inline void vres_log_text(void)
{
	char text[32], msg[64];

	if (!getenv("VMTEST") ||
	    vres_read("/sys/module/vres/sections/.text", text, sizeof(text)) <= 0)
		return;
	text[strcspn(text, "\n")] = '\0';
	snprintf(msg, sizeof(msg), "vmtest: vres .text %s\n", text);
	vres_write("/dev/kmsg", msg);
}

static inline int vres_load(const char *params)
{
	const char *ko = getenv("VRES_KO");
	int fd, ret;

	if (!ko || !*ko)
		return -ENOENT;
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	if (!ret)
		vres_log_text();
	return ret;
}

/* One rmmod: 0, or -EAGAIN (in use) and the other errors of the call. */
static inline int vres_unload_once(void)
{
	return syscall(SYS_delete_module, "vres", O_NONBLOCK) ? -errno : 0;
}

/*
 * rmmod, as a script would retry it: the module is in use (EAGAIN) while a
 * thread has a throttle queued that it has not reached yet, which lasts
 * until that thread next leaves the kernel (microseconds for a running
 * one). Gives up after about 2 s.
 */
static inline int vres_unload(void)
{
	int i, ret;

	for (i = 0; i < 2000; i++) {
		ret = vres_unload_once();
		if (ret != -EAGAIN)
			break;
		usleep(1000);
	}
	return ret;
}

static inline uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static inline pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

static inline void pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * The test VM's clock (selftests/vmtest.sh exports VMTEST_CLOCK):
 * "icount:SHIFT" for QEMU's instruction-counting clock, "mttcg" for
 * multi-threaded TCG, "kvm"; empty outside the test VM.
 */
static inline const char *vm_clock(void)
{
	const char *c = getenv("VMTEST_CLOCK");

	return c ? c : "";
}

static inline bool on_icount(void)
{
	return !strncmp(vm_clock(), "icount:", 7);
}

/*
 * SHIFT of the icount clock: every instruction takes 2^SHIFT ns of guest
 * time. Paths measured in instructions (the enforcement path, a wake-up)
 * take 2^SHIFT times longer at a larger SHIFT, so the timing tests state
 * their tolerances for SHIFT 0 and scale them with icount_scale().
 */
static inline unsigned int icount_shift(void)
{
	return on_icount() ? (unsigned int)atoi(vm_clock() + 7) : 0;
}

static inline uint64_t icount_scale(uint64_t ns_at_shift0)
{
	return ns_at_shift0 << icount_shift();
}

/*
 * Timing tests judge microseconds, which only the icount clock can give:
 * there the guest's time advances with the instructions its CPUs execute,
 * so nothing the host does shows in it. Under multi-threaded TCG the host
 * deschedules the VM's CPUs for milliseconds at a time, and KVM timing
 * depends on the host too; the tolerances below were never derived for
 * either. Returns NULL if this clock can judge timing, else why not.
 */
static inline const char *timing_clock_unusable(void)
{
	if (on_icount())
		return NULL;
	return "timing tests need the icount clock (selftests/vmtest.sh --icount), their tolerances are derived on it";
}

/*
 * The CPU that served threads run on. With two or more CPUs it is CPU 1
 * and the test itself runs on CPU 0. The timing tests run on a
 * one-CPU VM (check.sh gives the icount stage one CPU: with more, QEMU's
 * single-threaded round robin makes one CPU's interrupts wait while
 * another finishes its turn, see Documentation/benchmarks.rst), where the
 * test shares CPU 0 with what it measures at SCHED_OTHER, below every
 * server, like any other load on a host CPU.
 */
static inline int served_cpu(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
}

/* sum_exec_runtime of thread @tid in ns, from /proc (not from vres). */
static inline uint64_t schedstat_ns(pid_t tid)
{
	char path[64], buf[128];

	snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", tid);
	if (vres_read(path, buf, sizeof(buf)) < 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

/*
 * A spinning thread that measures what it receives. It reads
 * CLOCK_MONOTONIC in a loop; a jump of more than @gap_ns means it was
 * stopped (throttled) and has just been given the CPU again, which vres
 * does only at a period boundary. At each such resume it records the time
 * and two measures of what it has run so far, both independent of vres's
 * accounting:
 *  - run_ns: the sum of the loop's steps shorter than step_ns, i.e.
 *    the CLOCK_MONOTONIC time it was on the CPU (interrupts included, as
 *    in vres's budget; preemptions longer than a step excluded);
 *  - cpu_ns: its CPU clock, CLOCK_THREAD_CPUTIME_ID (the scheduler's
 *    sum_exec_runtime, what /proc/PID/task/TID/schedstat shows).
 * The difference between two resumes is what one period gave it.
 */
#define SPIN_MAX_RESUMES 256

struct spinner {
	pthread_t thread;
	atomic_int tid;
	atomic_bool stop;
	uint64_t gap_ns;
	uint64_t step_ns;		/* longest step counted as running */
	int mode;			/* 0: pure user space, 1: system calls */
	atomic_int nr;
	uint64_t resume_ns[SPIN_MAX_RESUMES];
	uint64_t resume_run_ns[SPIN_MAX_RESUMES];
	uint64_t resume_cpu_ns[SPIN_MAX_RESUMES];
};

static void *spinner_fn(void *arg)
{
	struct spinner *s = arg;
	static char buf[64 << 10];
	uint64_t last = now_ns(CLOCK_MONOTONIC), run = 0;
	int zero = -1;

	if (s->mode == 1)
		zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	atomic_store(&s->tid, gettid_());
	while (!atomic_load(&s->stop)) {
		uint64_t t;

		if (s->mode == 1) {
			/* Almost all time in the kernel: clear 64 KiB. */
			if (read(zero, buf, sizeof(buf)) < 0)
				break;
		}
		t = now_ns(CLOCK_MONOTONIC);
		if (t - last < s->step_ns)
			run += t - last;
		if (t - last > s->gap_ns) {
			int n = atomic_load(&s->nr);

			if (n < SPIN_MAX_RESUMES) {
				s->resume_ns[n] = t;
				s->resume_run_ns[n] = run;
				s->resume_cpu_ns[n] =
					now_ns(CLOCK_THREAD_CPUTIME_ID);
				atomic_store(&s->nr, n + 1);
			}
		}
		last = t;
	}
	if (zero >= 0)
		close(zero);
	return NULL;
}

static inline int spinner_start(struct spinner *s, int mode, uint64_t gap_ns)
{
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->gap_ns = gap_ns;
	/* One 64 KiB read can take a millisecond under TCG. */
	s->step_ns = mode ? 2 * NSEC_PER_MSEC : NSEC_PER_MSEC;
	if (pthread_create(&s->thread, NULL, spinner_fn, s))
		return -1;
	while (!atomic_load(&s->tid))
		usleep(1000);
	return 0;
}

static inline void spinner_stop(struct spinner *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
}

/* Wait until the spinner has recorded @n resumes, at most @timeout_ms. */
static inline bool spinner_wait(struct spinner *s, int n, int timeout_ms)
{
	while (atomic_load(&s->nr) < n && timeout_ms-- > 0)
		usleep(1000);
	return atomic_load(&s->nr) >= n;
}

/* Fork @n processes spinning at SCHED_OTHER on @cpu; pids in @pids. */
static inline void hogs_start(pid_t *pids, int n, int cpu)
{
	int i;

	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			pin_self(cpu);
			for (;;)
				;
		}
	}
}

static inline void hogs_stop(pid_t *pids, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

#endif /* _VRES_UTIL_H */
