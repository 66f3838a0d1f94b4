// SPDX-License-Identifier: GPL-2.0
/*
 * lifecycle_test: unloading vres releases every thread, whatever it is
 * doing, and loading, configuring and unloading 100 times leaves no trace.
 *
 * Needs the module's path in VRES_KO (selftests/vmtest.sh sets it) to load
 * it again; leaves it loaded. The VM runner fails the run if the kernel log
 * shows an oops, a WARN or a lockdep report, which is where a missed timer
 * or a use-after-free in the unload path would show.
 */
#include "vres_util.h"

#include "kselftest_harness.h"

#define MS(x)	((unsigned long long)(x) * NSEC_PER_MSEC)

static pid_t spin_child(void)
{
	pid_t pid = fork();

	if (!pid)
		for (;;)
			;
	return pid;
}

/* Child doing system calls only (1 MiB reads from /dev/zero). */
static pid_t syscall_child(void)
{
	pid_t pid = fork();

	if (!pid) {
		static char buf[1 << 20];
		int fd = open("/dev/zero", O_RDONLY);

		for (;;)
			if (read(fd, buf, sizeof(buf)) < 0)
				_exit(1);
	}
	return pid;
}

static int attach_pid(const char *srv, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", pid);
	return vres_srv_write(srv, "tid", buf);
}

static bool wait_state(const char *srv, const char *state, int timeout_ms)
{
	char buf[32];

	while (timeout_ms-- > 0) {
		if (vres_srv_read(srv, "state", buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, state, strlen(state)))
			return true;
		usleep(1000);
	}
	return false;
}

/* The thread has its policy and affinity from before the attach. */
static void expect_restored(struct __test_metadata *_metadata, pid_t pid,
			    const cpu_set_t *mask)
{
	cpu_set_t now;

	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(pid));
	EXPECT_EQ(0, sched_getaffinity(pid, sizeof(now), &now));
	EXPECT_TRUE(CPU_EQUAL(mask, &now));
}

FIXTURE(life) {
	pid_t child[3];
	int nr;
	cpu_set_t mask;
};

FIXTURE_SETUP(life)
{
	if (!getenv("VRES_KO") || !*getenv("VRES_KO"))
		SKIP(return, "VRES_KO not set: cannot reload the module");
	if (!vres_loaded())
		ASSERT_EQ(0, vres_load(NULL));
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "needs 2 CPUs");
	pin_self(0);
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(self->mask), &self->mask));
	CPU_SET(1, &self->mask);
	sched_setaffinity(0, sizeof(self->mask), &self->mask);
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(self->mask), &self->mask));
}

FIXTURE_TEARDOWN(life)
{
	int i;

	for (i = 0; i < self->nr; i++) {
		kill(self->child[i], SIGKILL);
		waitpid(self->child[i], NULL, 0);
	}
	if (!vres_loaded())
		vres_load(NULL);
}

static void setup_servers(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, vres_create("l1"));
	ASSERT_EQ(0, vres_create("l2"));
	ASSERT_EQ(0, vres_create("l3"));
	ASSERT_EQ(0, vres_srv_write("l1", "cpu", "1"));
	ASSERT_EQ(0, vres_srv_write("l2", "cpu", "1"));
	ASSERT_EQ(0, vres_srv_write("l1", "params", "10000000 50000000"));
	ASSERT_EQ(0, vres_srv_write("l2", "params", "10000000 100000000"));
	ASSERT_EQ(0, vres_srv_write("l2", "mode", "soft"));
	ASSERT_EQ(0, vres_srv_write("l3", "params", "5000000 20000000"));
}

/*
 * rmmod while one thread sleeps throttled (hard), one is demoted or
 * running (soft) and one is in system calls (hard): all are released,
 * restored and keep running.
 */
TEST_F(life, rmmod_while_throttled)
{
	uint64_t c0[3];
	int i;

	setup_servers(_metadata);
	self->child[0] = spin_child();
	self->child[1] = spin_child();
	self->child[2] = syscall_child();
	self->nr = 3;
	ASSERT_EQ(0, attach_pid("l1", self->child[0]));
	ASSERT_EQ(0, attach_pid("l2", self->child[1]));
	ASSERT_EQ(0, attach_pid("l3", self->child[2]));
	ASSERT_TRUE(wait_state("l1", "throttled", 3000));
	ASSERT_TRUE(wait_state("l3", "throttled", 3000));

	ASSERT_EQ(0, vres_unload());
	EXPECT_FALSE(vres_loaded());
	for (i = 0; i < 3; i++) {
		char path[64], buf[128];

		expect_restored(_metadata, self->child[i], &self->mask);
		snprintf(path, sizeof(path), "/proc/%d/schedstat",
			 self->child[i]);
		vres_read(path, buf, sizeof(buf));
		c0[i] = strtoull(buf, NULL, 10);
	}
	usleep(300000);
	for (i = 0; i < 3; i++) {
		char path[64], buf[128];

		snprintf(path, sizeof(path), "/proc/%d/schedstat",
			 self->child[i]);
		vres_read(path, buf, sizeof(buf));
		/* Still running: not left asleep in the unloaded module. */
		EXPECT_LT(c0[i] + MS(10), strtoull(buf, NULL, 10))
			TH_LOG("child %d did not run after unload", i);
	}
}

/* Load, configure, attach, unload: 100 times, each time restored. */
TEST_F_TIMEOUT(life, load_unload_100, 600)
{
	int i;

	self->child[0] = spin_child();
	self->nr = 1;
	for (i = 0; i < 100; i++) {
		if (vres_loaded())
			ASSERT_EQ(0, vres_unload());
		ASSERT_EQ(0, vres_load(i % 2 ? "prio_max=80 prio_min=10" : NULL));
		setup_servers(_metadata);
		ASSERT_EQ(0, attach_pid(i % 3 == 0 ? "l1" :
					i % 3 == 1 ? "l2" : "l3",
					self->child[0]));
		usleep(i % 5 ? 1000 : 120000);	/* some runs until throttled */
		ASSERT_EQ(0, vres_unload()) TH_LOG("iteration %d", i);
		expect_restored(_metadata, self->child[0], &self->mask);
		ASSERT_FALSE(vres_loaded());
	}
	ASSERT_EQ(0, vres_load(NULL));
}

/* Reads every file of every server in a loop until *stop. */
static void *reader_fn(void *arg)
{
	static const char * const files[] = {
		"params", "overhead_ns", "cpu", "mode", "tid", "priority",
		"state", "guest_tasks", "stats",
	};
	atomic_bool *stop = arg;
	char buf[4096];
	unsigned int i;

	while (!atomic_load(stop)) {
		for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
			vres_srv_read("l1", files[i], buf, sizeof(buf));
			vres_srv_read("l2", files[i], buf, sizeof(buf));
		}
		vres_read(VRES_DIR "/cpus/cpu1/servers", buf, sizeof(buf));
	}
	return NULL;
}

/*
 * Churn: threads attached, killed while running or throttled, detached,
 * servers destroyed with a thread attached and created again, parameters
 * and modes changed, while another thread reads every file. Nothing is
 * asserted per step beyond the calls' results: the point is that the
 * kernel log stays clean (the VM runner fails the run on an oops, WARN or
 * hung task) and that every thread left over is restored.
 */
TEST_F_TIMEOUT(life, churn, 600)
{
	static const char * const params[] = {
		"10000000 50000000", "5000000 20000000", "30000000 100000000",
	};
	atomic_bool stop = false;
	pthread_t reader;
	unsigned int seed = 1;
	int i;

	setup_servers(_metadata);
	ASSERT_EQ(0, pthread_create(&reader, NULL, reader_fn, &stop));
	for (i = 0; i < 200; i++) {
		pid_t child = i % 4 == 3 ? syscall_child() : spin_child();
		int r = rand_r(&seed) % 6, status;

		ASSERT_LE(0, child);
		ASSERT_EQ(0, attach_pid(i % 2 ? "l1" : "l2", child));
		usleep(rand_r(&seed) % 60000);
		switch (r) {
		case 0:		/* killed, running or throttled */
			break;
		case 1:
			EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2",
						    "tid", "0"));
			break;
		case 2:
			EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2",
						    "params",
						    params[rand_r(&seed) % 3]));
			usleep(rand_r(&seed) % 60000);
			break;
		case 3:
			EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2", "mode",
						    rand_r(&seed) % 2 ? "soft" :
									"hard"));
			usleep(rand_r(&seed) % 60000);
			break;
		default:	/* destroyed with the thread attached */
			EXPECT_EQ(0, vres_destroy(i % 2 ? "l1" : "l2"));
			EXPECT_EQ(0, vres_create(i % 2 ? "l1" : "l2"));
			EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2", "cpu",
						    "1"));
			EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2",
						    "params", params[0]));
			break;
		}
		if (r == 1 || r >= 4)	/* detached: restored */
			expect_restored(_metadata, child, &self->mask);
		kill(child, SIGKILL);
		ASSERT_EQ(child, waitpid(child, &status, 0));
		/* The exit probe detached it, if it was still attached. */
		EXPECT_EQ(0, attach_pid(i % 2 ? "l1" : "l2", getpid()));
		EXPECT_EQ(0, vres_srv_write(i % 2 ? "l1" : "l2", "tid", "0"));
	}
	atomic_store(&stop, true);
	pthread_join(reader, NULL);
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
}

/* Module parameters outside the band are refused at load. */
TEST_F(life, bad_params_refused)
{
	if (vres_loaded())
		ASSERT_EQ(0, vres_unload());
	EXPECT_EQ(-EINVAL, vres_load("prio_max=99"));
	EXPECT_EQ(-EINVAL, vres_load("prio_min=60 prio_max=50"));
	EXPECT_EQ(-EINVAL, vres_load("prio_min=0"));
	EXPECT_FALSE(vres_loaded());
	ASSERT_EQ(0, vres_load(NULL));
}

TEST_HARNESS_MAIN
