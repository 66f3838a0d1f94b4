// SPDX-License-Identifier: GPL-2.0
/*
 * margin_test.c - plan's recommendation with a margin (margin.c) against
 * an exhaustive search: on small random sets (times in ns, periods up to
 * 60), every (C, T) of the range is tried, its margins (B) and (P) checked
 * period by period, and the least bandwidth kept. margin_best() must
 * return a server that has both margins, with a bandwidth at most
 * 1/LO + 2^-40 over that optimum (its bound: 1 ns of budget at the
 * shortest period); or nothing when the exhaustive search finds nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "margin.h"
#include "planfile.h"
#include "prng.h"

#define SETS	40
#define LO	4
#define HI	60

static const struct margin m = { .budget_ppm = 200000, .period_ppm = 100000 };

/* (B) and (P) of margin.c's file comment, by brute force. */
static bool has_margins(const struct slack_problem *p, u64 c, u64 t)
{
	u64 need, d = margin_delta(t, m.period_ppm), tp;

	if (vres_min_budget(p->tasks, p->n, p->supply, t, 0, &need) ||
	    need > c * (1000000 - m.budget_ppm) / 1000000)
		return false;
	for (tp = t - d; tp <= t + d; tp++)
		if (!slack_schedulable(p, tp * c / t, tp, 0))
			return false;
	return true;
}

static int load(struct prng *r, struct taskset *ts)
{
	char buf[512];
	size_t off;
	unsigned int i, n = prng_range(r, 1, 3);

	off = snprintf(buf, sizeof(buf), "{\"tasks\": [");
	for (i = 0; i < n; i++) {
		u64 t = prng_range(r, 8, 80);

		off += snprintf(buf + off, sizeof(buf) - off,
				"%s{\"name\": \"t%u\", \"period\": %llu, \"wcet\": %llu}",
				i ? ", " : "", i, t, prng_range(r, 1, t / 4));
	}
	off += snprintf(buf + off, sizeof(buf) - off, "]}");
	return taskset_load_buffer("random", buf, off, ts);
}

TEST(against_exhaustive_search)
{
	struct plan_opts po = { .supply = VRES_SUPPLY_EXACT };
	unsigned int k, found = 0, exact = 0, proofs = 0;
	struct prng r;

	prng_seed(&r, 0x3a461ULL);
	for (k = 0; k < SETS; k++) {
		struct vres_resource best = { 0 }, least;
		struct slack_problem p = { .supply = VRES_SUPPLY_EXACT };
		u64 c, t, co = 0, to = 0;
		bool proven = false;
		struct taskset ts;
		int ret;

		ASSERT_EQ(0, load(&r, &ts));
		p.tasks = ts.vt;
		p.n = ts.n;
		for (t = LO; t <= HI; t++)
			for (c = 1; c <= t; c++)
				if ((!to || c * to < co * t) && has_margins(&p, c, t)) {
					co = c;
					to = t;
					break;
				}
		ret = plan_best(&ts, VCPU_ALL, &po, LO, HI, &least);
		if (!ret) {
			best = least;
			ret = margin_best(&ts, &po, LO, HI, &m, &best, &proven);
		}
		TH_LOG("set %u: %u tasks, exhaustive %llu/%llu, margin_best %d %llu/%llu",
		       k, ts.n, co, to, ret, best.budget_ns, best.period_ns);
		if (!to) {
			EXPECT_NE(0, ret);
		} else {
			unsigned __int128 lhs, rhs;

			ASSERT_EQ(0, ret);
			EXPECT_TRUE(has_margins(&p, best.budget_ns,
						best.period_ns));
			/* c/t <= co/to + 1/LO + 2^-40 (margin.c) */
			lhs = ((unsigned __int128)best.budget_ns * to * LO)
			      << MARGIN_BW_SHIFT;
			rhs = (((unsigned __int128)co * best.period_ns * LO +
				(unsigned __int128)best.period_ns * to)
			       << MARGIN_BW_SHIFT) +
			      (unsigned __int128)best.period_ns * to * LO;
			EXPECT_TRUE(lhs <= rhs);
			exact += best.budget_ns * to == co * best.period_ns;
			proofs += proven;
			/* Proven least: then it is the least (the grid is finer). */
			if (proven)
				EXPECT_EQ(best.budget_ns * to, co * best.period_ns);
			found++;
		}
		taskset_free(&ts);
	}
	EXPECT_GT(found, SETS / 2U);
	/* At these tiny periods 1 ns is a lot; most answers are still exact. */
	TH_LOG("%u of %u answers have the least bandwidth exactly, %u proven",
	       exact, found, proofs);
	EXPECT_GT(exact, found / 2);
}

TEST(parse)
{
	const char *why;
	u64 v;

	ASSERT_EQ(0, margin_parse("10", &v, &why));
	EXPECT_EQ(100000ULL, v);
	ASSERT_EQ(0, margin_parse("2.5%", &v, &why));
	EXPECT_EQ(25000ULL, v);
	ASSERT_EQ(0, margin_parse("0.0001", &v, &why));
	EXPECT_EQ(1ULL, v);
	ASSERT_EQ(0, margin_parse("0", &v, &why));
	EXPECT_EQ(0ULL, v);
	EXPECT_NE(0, margin_parse("100", &v, &why));
	EXPECT_NE(0, margin_parse("1.00001", &v, &why));
	EXPECT_NE(0, margin_parse("", &v, &why));
	EXPECT_NE(0, margin_parse("-1", &v, &why));
	EXPECT_NE(0, margin_parse("5%x", &v, &why));
}

/* A check's JSON for the thesis's set on (C, T), as apply reads it. */
static int thesis_check(u64 c, u64 t, struct plan_server *sp)
{
	struct plan_request req = { .po = { .supply = VRES_SUPPLY_EXACT } };
	char buf[640];
	int n;

	n = snprintf(buf, sizeof(buf),
		     "{\"file\": \"t.json\", \"name\": \"t\", \"task_count\": 3, \"vcpu_count\": 1, \"supply\": \"exact\", \"overhead_ns\": 0, \"budget_ns\": %llu, \"period_ns\": %llu, \"schedulable\": true, \"tasks\": ["
		     "{\"period_ns\": 16000000, \"wcet_ns\": 2000000, \"deadline_ns\": 16000000, \"vcpu\": 0},"
		     "{\"period_ns\": 24000000, \"wcet_ns\": 1000000, \"deadline_ns\": 24000000, \"vcpu\": 0},"
		     "{\"period_ns\": 36000000, \"wcet_ns\": 4000000, \"deadline_ns\": 36000000, \"vcpu\": 0}]}",
		     c, t);
	return planfile_load_buffer("apply", "check.json", buf, n, &req, sp);
}

/*
 * What apply and attach print: the thesis's 4ms every 10ms has no margin;
 * plan's recommendation with the default margins, 2.222223ms every
 * 5.666666ms, has 222.223us of budget (10%, Cmin = 2ms) and its interval
 * of feasible periods at its bandwidth, 11ns .. 6.032258ms (see
 * Documentation/analysis.rst).
 */
TEST(planfile_margin_line)
{
	struct plan_server sp = { 0 };
	char line[320];

	ASSERT_EQ(0, thesis_check(4000000, 10000000, &sp));
	ASSERT_EQ(0, planfile_margin(&sp, line, sizeof(line)));
	EXPECT_STREQ("margin: budget -0ns (0%), period -0ns/+0ns (0%) at its bandwidth, WCETs x1.000000",
		     line);
	planfile_free(&sp);
	ASSERT_EQ(0, thesis_check(2222223, 5666666, &sp));
	ASSERT_EQ(0, planfile_margin(&sp, line, sizeof(line)));
	EXPECT_STREQ("margin: budget -222.223us (10%), period -5.666655ms/+365.592us (6.4516%) at its bandwidth, WCETs x1.111111",
		     line);
	planfile_free(&sp);
}

/*
 * apply and attach with a task set file and --period plan the minimum
 * budget there with the overhead plan would use: given, or what vres
 * measured (its worst resume, rounded up to the us), at least 50us, or
 * none for the paper model. The budgets are the engine's own answers for
 * those overheads; before, every one of them was planned with X = 0.
 */
static int taskset_at(const char *root, const struct plan_request *req,
		      struct plan_server *sp)
{
	static const char set[] =
		"{\"tasks\": [{\"name\": \"tau1\", \"period\": \"16ms\", \"wcet\": \"2ms\"},"
		" {\"name\": \"tau2\", \"period\": \"24ms\", \"wcet\": \"1ms\"},"
		" {\"name\": \"tau3\", \"period\": \"36ms\", \"wcet\": \"4ms\"}]}";

	setenv("VRES_SYSFS_ROOT", root, 1);
	return planfile_load_buffer("apply", "set.json", set, sizeof(set) - 1,
				    req, sp);
}

static u64 thesis_min_budget(enum vres_supply s, u64 x)
{
	static const struct vres_task t[] = {
		{ .period_ns = 16000000, .wcet_ns = 2000000, .deadline_ns = 16000000 },
		{ .period_ns = 24000000, .wcet_ns = 1000000, .deadline_ns = 24000000 },
		{ .period_ns = 36000000, .wcet_ns = 4000000, .deadline_ns = 36000000 },
	};
	u64 c = 0;

	if (vres_min_budget(t, 3, s, 10000000, x, &c))
		return 0;
	return c;
}

TEST(taskset_default_overhead)
{
	struct plan_request req = {
		.po = { .supply = VRES_SUPPLY_EXACT }, .period_ns = 10000000,
	};
	char dir[] = "/tmp/vres-margin-test.XXXXXX", path[64];
	struct plan_server sp = { 0 };
	FILE *f;

	ASSERT_NE(NULL, mkdtemp(dir));
	/* vres not loaded: the 50us floor. */
	ASSERT_EQ(0, taskset_at(dir, &req, &sp));
	EXPECT_EQ(50000ULL, sp.overhead_ns);
	EXPECT_EQ(thesis_min_budget(VRES_SUPPLY_EXACT, 50000), sp.budget_ns);
	EXPECT_LT(thesis_min_budget(VRES_SUPPLY_EXACT, 0), sp.budget_ns);
	planfile_free(&sp);
	/* vres measured 80.4us at worst: 81us. */
	snprintf(path, sizeof(path), "%s/measured_overhead", dir);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "resumes 3 resume_max_ns 80400 resume_total_ns 100000\n");
	fclose(f);
	ASSERT_EQ(0, taskset_at(dir, &req, &sp));
	EXPECT_EQ(81000ULL, sp.overhead_ns);
	EXPECT_EQ(thesis_min_budget(VRES_SUPPLY_EXACT, 81000), sp.budget_ns);
	planfile_free(&sp);
	/* --overhead 0 still plans without one. */
	req.have_overhead = true;
	ASSERT_EQ(0, taskset_at(dir, &req, &sp));
	EXPECT_EQ(0ULL, sp.overhead_ns);
	EXPECT_EQ(thesis_min_budget(VRES_SUPPLY_EXACT, 0), sp.budget_ns);
	planfile_free(&sp);
	/* The paper model has no overhead term. */
	req.have_overhead = false;
	req.po.supply = VRES_SUPPLY_PAPER;
	ASSERT_EQ(0, taskset_at(dir, &req, &sp));
	EXPECT_EQ(0ULL, sp.overhead_ns);
	EXPECT_EQ(thesis_min_budget(VRES_SUPPLY_PAPER, 0), sp.budget_ns);
	planfile_free(&sp);
	unlink(path);
	rmdir(dir);
}

TEST_HARNESS_MAIN
