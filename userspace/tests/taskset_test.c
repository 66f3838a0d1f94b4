// SPDX-License-Identifier: GPL-2.0
/*
 * taskset_test.c - task set files: priority order, vCPU assignment,
 * rejection of bad files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "taskset.h"

FIXTURE(ts) {
	char dir[64];
	char path[96];
	struct taskset ts;
};

FIXTURE_SETUP(ts)
{
	strcpy(self->dir, "/tmp/vres-taskset-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/set.json", self->dir);
	memset(&self->ts, 0, sizeof(self->ts));
}

FIXTURE_TEARDOWN(ts)
{
	taskset_free(&self->ts);
	unlink(self->path);
	rmdir(self->dir);
}

static int load(const char *path, const char *json, struct taskset *ts)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -2;
	fputs(json, f);
	fclose(f);
	return taskset_load(path, ts);
}

/* Name of the task at analysis position k. */
static const char *at(const struct taskset *ts, unsigned int k)
{
	return ts->tasks[ts->vt_task[k]].name;
}

/* Deadline monotonic; equal deadlines by period, then file order. */
TEST_F(ts, deadline_monotonic_order)
{
	ASSERT_EQ(0, load(self->path,
		"{\"tasks\": ["
		" {\"name\": \"slow\", \"period\": \"40ms\", \"wcet\": \"1ms\"},"
		" {\"name\": \"d10\", \"period\": \"30ms\", \"wcet\": \"1ms\", \"deadline\": \"10ms\"},"
		" {\"name\": \"p20a\", \"period\": \"20ms\", \"wcet\": \"1ms\"},"
		" {\"name\": \"p20b\", \"period\": \"20ms\", \"wcet\": \"1ms\"},"
		" {\"name\": \"d20p25\", \"period\": \"25ms\", \"wcet\": \"1ms\", \"deadline\": 20000000}"
		"]}", &self->ts));
	ASSERT_EQ(5U, self->ts.n);
	EXPECT_STREQ("d10", at(&self->ts, 0));
	EXPECT_STREQ("p20a", at(&self->ts, 1));
	EXPECT_STREQ("p20b", at(&self->ts, 2));
	EXPECT_STREQ("d20p25", at(&self->ts, 3));
	EXPECT_STREQ("slow", at(&self->ts, 4));
	EXPECT_EQ(1U, self->ts.tasks[1].rank);
	EXPECT_EQ(5U, self->ts.tasks[0].rank);
	EXPECT_EQ(20000000ULL, self->ts.vt[3].deadline_ns);
	EXPECT_EQ(25000000ULL, self->ts.vt[3].period_ns);
	EXPECT_STREQ("", self->ts.name);
	EXPECT_EQ(1U, self->ts.vcpus);
}

/* Explicit priorities, larger first, override deadlines. */
TEST_F(ts, explicit_priority_order)
{
	ASSERT_EQ(0, load(self->path,
		"{\"name\": \"p\", \"tasks\": ["
		" {\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"priority\": 1},"
		" {\"name\": \"b\", \"period\": \"40ms\", \"wcet\": \"1ms\", \"priority\": 9},"
		" {\"name\": \"c\", \"period\": \"30ms\", \"wcet\": \"1ms\", \"priority\": 5},"
		" {\"name\": \"d\", \"period\": \"20ms\", \"wcet\": \"1ms\", \"priority\": 5}"
		"]}", &self->ts));
	EXPECT_STREQ("b", at(&self->ts, 0));
	EXPECT_STREQ("d", at(&self->ts, 1));	/* tie: shorter deadline */
	EXPECT_STREQ("c", at(&self->ts, 2));
	EXPECT_STREQ("a", at(&self->ts, 3));
	EXPECT_STREQ("p", self->ts.name);
}

/*
 * Worst-fit decreasing: 0.5 -> v0, 0.4 -> v1, 0.3 -> v1 (0.4 < 0.5),
 * 0.2 -> v0 (0.5 < 0.7).
 */
TEST_F(ts, worst_fit_decreasing)
{
	ASSERT_EQ(0, load(self->path,
		"{\"vcpus\": 2, \"tasks\": ["
		" {\"name\": \"u2\", \"period\": \"10ms\", \"wcet\": \"2ms\"},"
		" {\"name\": \"u5\", \"period\": \"10ms\", \"wcet\": \"5ms\"},"
		" {\"name\": \"u3\", \"period\": \"10ms\", \"wcet\": \"3ms\"},"
		" {\"name\": \"u4\", \"period\": \"10ms\", \"wcet\": \"4ms\"}"
		"]}", &self->ts));
	EXPECT_EQ(0U, self->ts.tasks[1].vcpu);	/* u5 */
	EXPECT_EQ(1U, self->ts.tasks[3].vcpu);	/* u4 */
	EXPECT_EQ(1U, self->ts.tasks[2].vcpu);	/* u3 */
	EXPECT_EQ(0U, self->ts.tasks[0].vcpu);	/* u2 */
	EXPECT_EQ(0U, self->ts.vcpu_start[0]);
	EXPECT_EQ(2U, self->ts.vcpu_start[1]);
	EXPECT_EQ(4U, self->ts.vcpu_start[2]);
	EXPECT_EQ(1U, self->ts.vt[2].group);
}

/* Pinned tasks count first; vCPUs can be left idle. */
TEST_F(ts, pinned_then_free)
{
	ASSERT_EQ(0, load(self->path,
		"{\"vcpus\": 3, \"tasks\": ["
		" {\"name\": \"free5\", \"period\": \"10ms\", \"wcet\": \"5ms\"},"
		" {\"name\": \"pin6\", \"period\": \"10ms\", \"wcet\": \"6ms\", \"vcpu\": 0},"
		" {\"name\": \"pin1\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"vcpu\": 2},"
		" {\"name\": \"free3\", \"period\": \"10ms\", \"wcet\": \"3ms\"}"
		"]}", &self->ts));
	EXPECT_EQ(0U, self->ts.tasks[1].vcpu);
	EXPECT_EQ(1U, self->ts.tasks[0].vcpu);	/* v1 is empty */
	EXPECT_EQ(2U, self->ts.tasks[3].vcpu);	/* 0.1 < 0.5 < 0.6 */
	EXPECT_EQ(1U, taskset_vcpu_len(&self->ts, 0));
	EXPECT_EQ(1U, taskset_vcpu_len(&self->ts, 1));
	EXPECT_EQ(2U, taskset_vcpu_len(&self->ts, 2));
}

/* Worst-fit decreasing done the plain way: scan every vCPU per task. */
static void worst_fit_reference(const u64 *wcet, const u64 *period,
				const int *pin, unsigned int n,
				unsigned int vcpus, unsigned int *vcpu)
{
	unsigned __int128 load[64] = { 0 };
	unsigned int order[512], i, j, v, best;

	for (i = 0, j = 0; i < n; i++) {
		if (pin[i] >= 0) {
			vcpu[i] = pin[i];
			load[pin[i]] += ((unsigned __int128)wcet[i] << 64) /
					period[i];
		} else {
			order[j++] = i;
		}
	}
	/* Insertion sort by utilisation, decreasing; ties in file order. */
	for (i = 1; i < j; i++) {
		unsigned int t = order[i], k = i;

		while (k && (unsigned __int128)wcet[t] * period[order[k - 1]] >
			    (unsigned __int128)wcet[order[k - 1]] * period[t]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = t;
	}
	for (i = 0; i < j; i++) {
		for (best = 0, v = 1; v < vcpus; v++)
			if (load[v] < load[best])
				best = v;
		vcpu[order[i]] = best;
		load[best] += ((unsigned __int128)wcet[order[i]] << 64) /
			      period[order[i]];
	}
}

/*
 * The assignment keeps the least-loaded vCPU at hand instead of scanning
 * them all for every task; it must pick the same vCPU, ties included.
 * Many equal utilisations and pinned tasks make ties likely.
 */
TEST_F(ts, worst_fit_matches_linear_scan)
{
	enum { N = 500, VCPUS = 37 };
	static u64 wcet[N], period[N];
	static int pin[N];
	static unsigned int want[N];
	static char json[N * 96 + 64];
	unsigned int i, seed = 12345;
	size_t len;

	len = snprintf(json, sizeof(json), "{\"vcpus\": %d, \"tasks\": [",
		       VCPUS);
	for (i = 0; i < N; i++) {
		seed = seed * 1103515245 + 12345;
		wcet[i] = 1000 * (1 + (seed >> 16) % 5);
		period[i] = (seed >> 24) & 1 ? 10000000 : 20000000;
		pin[i] = (seed >> 8) % 7 ? -1 : (int)((seed >> 12) % VCPUS);
		len += snprintf(json + len, sizeof(json) - len,
				"%s{\"name\": \"t%u\", \"period\": %llu, \"wcet\": %llu",
				i ? "," : "", i, period[i], wcet[i]);
		if (pin[i] >= 0)
			len += snprintf(json + len, sizeof(json) - len,
					", \"vcpu\": %d", pin[i]);
		len += snprintf(json + len, sizeof(json) - len, "}");
	}
	snprintf(json + len, sizeof(json) - len, "]}");
	ASSERT_EQ(0, load(self->path, json, &self->ts));

	worst_fit_reference(wcet, period, pin, N, VCPUS, want);
	for (i = 0; i < N; i++)
		ASSERT_EQ(want[i], self->ts.tasks[i].vcpu) TH_LOG("t%u", i);
}

TEST_F(ts, rejects_bad_sets)
{
	static const char *const bad[] = {
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"wcte\": 1}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"11ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": 0, \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": -5, \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": 2.5, \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"deadline\": \"11ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"6ms\"}, {\"name\": \"b\", \"period\": \"10ms\", \"wcet\": \"5ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\"}, {\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"priority\": 1}, {\"name\": \"b\", \"period\": \"10ms\", \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\", \"vcpu\": 1}]}",
		"{\"tasks\": []}",
		"{\"tasks\": [{\"period\": \"10ms\", \"wcet\": \"1ms\"}]}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\"}], \"extra\": 1}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\"}], \"vcpus\": 0}",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"wcet\": \"1ms\"}]",
		"{\"tasks\": [{\"name\": \"a\", \"period\": \"10ms\", \"period\": \"5ms\", \"wcet\": \"1ms\"}]}",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("bad[%u]", i);
		EXPECT_EQ(-1, load(self->path, bad[i], &self->ts));
		EXPECT_EQ(NULL, self->ts.tasks);
	}
	EXPECT_EQ(-1, taskset_load("/nonexistent/set.json", &self->ts));
}

TEST_HARNESS_MAIN
