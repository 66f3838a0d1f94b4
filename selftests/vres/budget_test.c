// SPDX-License-Identifier: GPL-2.0
/*
 * budget_test: what a served thread really receives, measured by the
 * thread itself from the scheduler's own accounting (its CPU clock is
 * sum_exec_runtime), never from vres's stats.
 *
 * A spinning thread is served (C, T) = (20 ms, 100 ms) on the served CPU
 * (vres_util.h: served_cpu()). Every time the spinner sees CLOCK_MONOTONIC
 * jump by more than T/2 it has just been resumed after a throttle, which
 * vres does at a boundary; the CPU time between two resumes is one
 * period's supply. Each must lie in [C - SLACK_NS, C + TOL_NS], ten of
 * them must add up to at least 10 C - SLACK_NS, and resumes must stay on
 * the t0 + k*T grid within PHASE_TOL_NS.
 *
 * A timing test: it runs on the icount clock only (vres_util.h:
 * timing_clock_unusable()), in the one-CPU VM of check.sh's icount stage,
 * where guest time is instructions and the host cannot disturb it.
 *
 * Tolerances (override with VRES_TOL_NS / VRES_PHASE_TOL_NS / VRES_SLACK_NS),
 * measured there: 6 runs of this test, 3 per kernel (6.1.0-57 and
 * 6.12.95), `selftests/vmtest.sh -s 1 --icount -- budget_test` in a loop,
 * three supply checks of 10 periods each:
 *  - per-period excess over C: 3.1 to 5.2 us for a CPU-bound thread, 4.6
 *    to 8.3 us for one in read(2) (the throttle waits for the system call
 *    to notice TIF_NOTIFY_SIGNAL); vres's overrun_max_ns agreed (3.5 to
 *    7.5 us). That is the enforcement path, measured in instructions:
 *    about 0.85 us from the budget's end to the timer callback (interrupt
 *    delivery) and the rest from the callback to the context switch
 *    (task_work, return to user mode, schedule()). TOL_NS = 25 us, three
 *    times the worst;
 *  - no period ever read below C: the CPU clock (sum_exec_runtime, from
 *    sched_clock()) and vres's charge (CLOCK_MONOTONIC) convert the same
 *    TSC, and these kernels do not take interrupt time out of the CPU
 *    clock (CONFIG_IRQ_TIME_ACCOUNTING is off). SLACK_NS = 5 us covers
 *    the two conversions' rounding over a period with margin;
 *  - worst resume off the grid: 1.9 us (the replenish timer's interrupt
 *    and the wake-up); PHASE_TOL_NS = 10 us.
 * A broken throttle gives 100 ms per period, a lost budget tens of
 * milliseconds less: both far outside these bounds.
 */
#include "vres_util.h"

#include "kselftest_harness.h"

#define MS(x)		((uint64_t)(x) * NSEC_PER_MSEC)
#define BUDGET_NS	MS(20)
#define PERIOD_NS	MS(100)
#define PERIODS		10

/* Tolerances at icount SHIFT 0, derived in the comment at the top. */
#define TOL_NS		25000ULL
#define SLACK_NS	5000ULL
#define PHASE_TOL_NS	10000ULL

static uint64_t env_ns(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 10) : def;
}

FIXTURE(budget) {
	struct spinner sp;
	bool spinning;
	pid_t hogs[3];
	int nr_hogs;
	uint64_t tol_ns, phase_tol_ns, slack_ns;
};

FIXTURE_SETUP(budget)
{
	char buf[64];

	if (!vres_loaded())
		SKIP(return, "vres not loaded");
	if (timing_clock_unusable())
		SKIP(return, "%s", timing_clock_unusable());
	self->tol_ns = env_ns("VRES_TOL_NS", icount_scale(TOL_NS));
	self->phase_tol_ns = env_ns("VRES_PHASE_TOL_NS",
				    icount_scale(PHASE_TOL_NS));
	self->slack_ns = env_ns("VRES_SLACK_NS", icount_scale(SLACK_NS));
	pin_self(0);
	ASSERT_EQ(0, vres_create("bt"));
	snprintf(buf, sizeof(buf), "%d", served_cpu());
	ASSERT_EQ(0, vres_srv_write("bt", "cpu", buf));
	snprintf(buf, sizeof(buf), "%llu %llu", (unsigned long long)BUDGET_NS,
		 (unsigned long long)PERIOD_NS);
	ASSERT_EQ(0, vres_srv_write("bt", "params", buf));
}

FIXTURE_TEARDOWN(budget)
{
	vres_destroy("bt");
	if (self->spinning)
		spinner_stop(&self->sp);
	if (self->nr_hogs)
		hogs_stop(self->hogs, self->nr_hogs);
}

static int attach(struct spinner *sp)
{
	char tid[32];

	snprintf(tid, sizeof(tid), "%d", atomic_load(&sp->tid));
	return vres_srv_write("bt", "tid", tid);
}

/*
 * Check PERIODS whole periods after the first two resumes (the first
 * period after attach starts at an arbitrary point of the spinner's loop):
 * each period's CPU clock within [budget - slack, budget + tol], their sum
 * at least PERIODS * budget - slack, resumes on the t0 + k*T grid. The
 * loop's own on-CPU measure (its CLOCK_MONOTONIC steps shorter than 1 ms)
 * is printed for comparison only: it misses the parts of each period
 * before the loop notices a resume.
 */
static void check_supply(struct __test_metadata *_metadata,
			 struct spinner *sp, uint64_t tol_ns,
			 uint64_t phase_tol_ns, uint64_t slack_ns)
{
	uint64_t lo = ~0ULL, hi = 0, phase_max = 0, rlo = ~0ULL, rhi = 0;
	uint64_t cpu_sum;
	int k;

	ASSERT_TRUE(spinner_wait(sp, PERIODS + 3, 5000))
		TH_LOG("only %d resumes: never throttled?", atomic_load(&sp->nr));
	for (k = 1; k < PERIODS + 1; k++) {
		uint64_t got = sp->resume_cpu_ns[k + 1] - sp->resume_cpu_ns[k];
		uint64_t run = sp->resume_run_ns[k + 1] - sp->resume_run_ns[k];
		uint64_t since = sp->resume_ns[k + 1] - sp->resume_ns[1];
		uint64_t off = since % PERIOD_NS;

		/* Distance from the grid t0 + k*T. */
		if (off > PERIOD_NS / 2)
			off = PERIOD_NS - off;
		lo = got < lo ? got : lo;
		hi = got > hi ? got : hi;
		rlo = run < rlo ? run : rlo;
		rhi = run > rhi ? run : rhi;
		phase_max = off > phase_max ? off : phase_max;
		EXPECT_LE(BUDGET_NS - slack_ns, got)
			TH_LOG("period %d: received %llu ns < budget", k,
			       (unsigned long long)got);
		EXPECT_GE(BUDGET_NS + tol_ns, got)
			TH_LOG("period %d: received %llu ns > budget + %llu",
			       k, (unsigned long long)got,
			       (unsigned long long)tol_ns);
	}
	cpu_sum = sp->resume_cpu_ns[PERIODS + 1] - sp->resume_cpu_ns[1];
	EXPECT_LE(PERIODS * BUDGET_NS - slack_ns, cpu_sum);
	EXPECT_GE(phase_tol_ns, phase_max);
	ksft_print_msg("%s: per period CPU clock min %llu max %llu ns, sum %llu ns over %d periods (budget %llu); on-CPU min %llu max %llu ns; worst phase error %llu ns; vres overrun_max %llu ns\n",
		       _metadata->name, (unsigned long long)lo,
		       (unsigned long long)hi, (unsigned long long)cpu_sum,
		       PERIODS, (unsigned long long)BUDGET_NS,
		       (unsigned long long)rlo, (unsigned long long)rhi,
		       (unsigned long long)phase_max,
		       vres_stat("bt", "overrun_max_ns"));
	fflush(stdout);	/* the harness ends each case with _exit() */
}

/*
 * The resume cost: each throttle a boundary ended is counted, with the
 * budget the way back took, in the server's stats and in the root's
 * measured_overhead. Costs above the tolerance of one period's supply
 * would have failed check_supply() already; here they must exist and be
 * consistent.
 */
static void check_resumes(struct __test_metadata *_metadata)
{
	unsigned long long throttles = vres_stat("bt", "throttles");
	unsigned long long resumes = vres_stat("bt", "resumes");
	unsigned long long max = vres_stat("bt", "resume_max_ns");
	unsigned long long total = vres_stat("bt", "resume_total_ns");
	const char *root = VRES_DIR "/measured_overhead";

	ASSERT_NE(~0ULL, resumes);
	EXPECT_LE(PERIODS, resumes);
	/* A throttle that a boundary overtook has no sleep to come back from. */
	EXPECT_GE(throttles, resumes);
	EXPECT_LT(0, max);
	EXPECT_GE(BUDGET_NS, max);
	EXPECT_LE(max, total);
	EXPECT_GE(resumes * max, total);
	EXPECT_LE(resumes, vres_key(root, "resumes"));
	EXPECT_LE(max, vres_key(root, "resume_max_ns"));
	EXPECT_LE(total, vres_key(root, "resume_total_ns"));
	ksft_print_msg("%s: %llu resumes, budget each took max %llu ns, mean %llu ns (clock %s)\n",
		       _metadata->name, resumes, max,
		       resumes ? total / resumes : 0, vm_clock());
	fflush(stdout);
}

/* A CPU-bound thread alone on its CPU gets exactly its budget. */
TEST_F(budget, cpu_bound_alone)
{
	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	check_supply(_metadata, &self->sp, self->tol_ns, self->phase_tol_ns,
		     self->slack_ns);
	EXPECT_LE(PERIODS, vres_stat("bt", "throttles"));
	EXPECT_EQ(0, vres_stat("bt", "shortfalls"));
	/* Stop the clock of the counters: detach. */
	ASSERT_EQ(0, vres_srv_write("bt", "tid", "0"));
	check_resumes(_metadata);
}

/* Next to CPU hogs it still gets its full budget every period. */
TEST_F(budget, cpu_bound_with_hogs)
{
	self->nr_hogs = 3;
	hogs_start(self->hogs, self->nr_hogs, served_cpu());
	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	check_supply(_metadata, &self->sp, self->tol_ns, self->phase_tol_ns,
		     self->slack_ns);
	EXPECT_EQ(0, vres_stat("bt", "shortfalls"));
}

/*
 * A thread that spends nearly all its time in read(2) of 64 KiB from
 * /dev/zero is throttled too: TIF_NOTIFY_SIGNAL ends the read early and
 * the thread sleeps on its way back to user space.
 */
TEST_F(budget, syscall_bound)
{
	ASSERT_EQ(0, spinner_start(&self->sp, 1, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	check_supply(_metadata, &self->sp, self->tol_ns, self->phase_tol_ns,
		     self->slack_ns);
	EXPECT_LE(PERIODS, vres_stat("bt", "throttles"));
}

/*
 * A thread that exits while attached is detached: the server stays,
 * unattached, keeps its parameters and can serve another thread.
 */
TEST_F(budget, exit_while_attached)
{
	char buf[64];
	int i;

	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	ASSERT_TRUE(spinner_wait(&self->sp, 2, 2000));
	spinner_stop(&self->sp);
	self->spinning = false;
	/*
	 * pthread_join() returns when the kernel clears the thread id, in
	 * exit_mm(), a little before the exit tracepoint that detaches.
	 */
	for (i = 0; i < 1000; i++) {
		vres_srv_read("bt", "tid", buf, sizeof(buf));
		if (!strcmp(buf, "0\n"))
			break;
		usleep(1000);
	}
	EXPECT_STREQ("0\n", buf);
	vres_srv_read("bt", "state", buf, sizeof(buf));
	EXPECT_STREQ("unattached\n", buf);
	vres_srv_read("bt", "params", buf, sizeof(buf));
	EXPECT_STREQ("20000000 100000000\n", buf);

	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	EXPECT_EQ(0, attach(&self->sp));
}

/* A process killed while it sleeps throttled leaves cleanly. */
TEST_F(budget, killed_while_throttled)
{
	char buf[64], state[32];
	pid_t child = fork();
	int i, status;

	ASSERT_LE(0, child);
	if (!child)
		for (;;)
			;
	snprintf(buf, sizeof(buf), "%d", child);
	ASSERT_EQ(0, vres_srv_write("bt", "tid", buf));
	for (i = 0; i < 2000; i++) {
		vres_srv_read("bt", "state", state, sizeof(state));
		if (!strcmp(state, "throttled\n"))
			break;
		usleep(1000);
	}
	EXPECT_STREQ("throttled\n", state);
	kill(child, SIGKILL);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	vres_srv_read("bt", "state", buf, sizeof(buf));
	EXPECT_STREQ("unattached\n", buf);
}

/*
 * Soft mode: past its budget the thread keeps running (demoted) on an
 * otherwise idle CPU, and is SCHED_FIFO again at the next boundary.
 */
TEST_F(budget, soft_mode_keeps_running)
{
	struct sched_param fifo99 = { .sched_priority = 99 }, other0 = { 0 };
	uint64_t t0, c0, c1;
	int fifo = 0, other = 0, i;

	ASSERT_EQ(0, vres_srv_write("bt", "mode", "soft"));
	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	usleep(200000);
	/*
	 * Sample from above every server: on a one-CPU VM the test would
	 * otherwise run only while the spinner is not SCHED_FIFO.
	 */
	ASSERT_EQ(0, sched_setscheduler(0, SCHED_FIFO, &fifo99));
	t0 = now_ns(CLOCK_MONOTONIC);
	c0 = schedstat_ns(atomic_load(&self->sp.tid));
	for (i = 0; i < 200; i++) {
		int pol = sched_getscheduler(atomic_load(&self->sp.tid)) &
			  ~SCHED_RESET_ON_FORK;

		fifo += pol == SCHED_FIFO;
		other += pol == SCHED_OTHER;
		usleep(1000);
	}
	c1 = schedstat_ns(atomic_load(&self->sp.tid));
	sched_setscheduler(0, SCHED_OTHER, &other0);
	TH_LOG("soft: %llu ns of CPU in %llu ns; FIFO %d, OTHER %d samples",
	       (unsigned long long)(c1 - c0),
	       (unsigned long long)(now_ns(CLOCK_MONOTONIC) - t0), fifo, other);
	/* Far more than the budget's 20%: it ran demoted, on idle time. */
	EXPECT_LT((now_ns(CLOCK_MONOTONIC) - t0) / 2, c1 - c0);
	EXPECT_LT(0, fifo);
	EXPECT_LT(0, other);
	EXPECT_LE(5, vres_stat("bt", "throttles"));
}

/*
 * Soft mode next to CPU hogs: in budget it preempts them; demoted it
 * competes at nice 19. It still receives at least its budget per period.
 */
TEST_F(budget, soft_mode_with_hogs)
{
	uint64_t c0, c1, t0, t1;

	ASSERT_EQ(0, vres_srv_write("bt", "mode", "soft"));
	self->nr_hogs = 2;
	hogs_start(self->hogs, self->nr_hogs, served_cpu());
	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	usleep(200000);
	t0 = now_ns(CLOCK_MONOTONIC);
	c0 = schedstat_ns(atomic_load(&self->sp.tid));
	usleep(1000000);
	c1 = schedstat_ns(atomic_load(&self->sp.tid));
	t1 = now_ns(CLOCK_MONOTONIC);
	TH_LOG("soft with hogs: %llu ns of CPU in %llu ns",
	       (unsigned long long)(c1 - c0), (unsigned long long)(t1 - t0));
	/* At least the budget of every whole period in the window. */
	EXPECT_LE(((t1 - t0) / PERIOD_NS - 1) * BUDGET_NS, c1 - c0);
	EXPECT_EQ(0, vres_stat("bt", "shortfalls"));
}

/*
 * A (C, T) change of an attached server takes effect at a boundary, as a
 * whole: from (20, 100) to (10, 50), the periods after the change give
 * 10 ms each and resume every 50 ms.
 */
TEST_F(budget, params_change_at_boundary)
{
	int n0, k;

	ASSERT_EQ(0, spinner_start(&self->sp, 0, MS(30)));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	ASSERT_TRUE(spinner_wait(&self->sp, 3, 2000));
	ASSERT_EQ(0, vres_srv_write("bt", "params", "10000000 50000000"));
	n0 = atomic_load(&self->sp.nr);
	/* The period running at the write ends on the old grid. */
	ASSERT_TRUE(spinner_wait(&self->sp, n0 + 8, 3000));
	for (k = n0 + 2; k < n0 + 7; k++) {
		uint64_t got = self->sp.resume_cpu_ns[k + 1] -
			       self->sp.resume_cpu_ns[k];
		uint64_t gap = self->sp.resume_ns[k + 1] - self->sp.resume_ns[k];

		EXPECT_LE(MS(10) - self->slack_ns, got);
		EXPECT_GE(MS(10) + self->tol_ns, got);
		EXPECT_LE(MS(50) - self->phase_tol_ns, gap);
		EXPECT_GE(MS(50) + self->phase_tol_ns, gap);
	}
	EXPECT_EQ(0, vres_stat("bt", "shortfalls"));
}

/*
 * Every server action shows up as a trace event of system "vres", so that
 * trace-cmd and perf users can follow it.
 */
TEST_F(budget, trace_events)
{
	static const char * const events[] = {
		"vres_attach:", "vres_replenish:", "vres_throttle:",
		"vres_unthrottle:", "vres_overrun:", "vres_detach:",
	};
	const char *tr = "/sys/kernel/tracing";
	char path[128], *buf;
	unsigned int i;
	int fd, n;

	snprintf(path, sizeof(path), "%s/events/vres/enable", tr);
	if (access(path, W_OK))
		SKIP(return, "no tracefs at %s", tr);
	snprintf(path, sizeof(path), "%s/trace", tr);
	fd = open(path, O_WRONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	close(fd);
	snprintf(path, sizeof(path), "%s/events/vres/enable", tr);
	ASSERT_EQ(0, vres_write(path, "1"));

	ASSERT_EQ(0, spinner_start(&self->sp, 0, PERIOD_NS / 2));
	self->spinning = true;
	ASSERT_EQ(0, attach(&self->sp));
	ASSERT_TRUE(spinner_wait(&self->sp, 3, 2000));
	EXPECT_EQ(0, vres_srv_write("bt", "tid", "0"));
	vres_write(path, "0");

	buf = malloc(1 << 20);
	ASSERT_NE(NULL, buf);
	snprintf(path, sizeof(path), "%s/trace", tr);
	n = vres_read(path, buf, 1 << 20);
	ASSERT_LT(0, n);
	for (i = 0; i < sizeof(events) / sizeof(*events); i++) {
		bool found = strstr(buf, events[i]);

		if (!found)
			fprintf(stderr, "# no %s event in the trace\n",
				events[i]);
		EXPECT_TRUE(found);
	}
	EXPECT_NE(NULL, strstr(buf, "server=bt"));
	free(buf);
}

TEST_HARNESS_MAIN
