// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the sysfs parsers (vres_parse.c): every accepted form
 * and every refused one, with the errno the ABI promises for it.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "vres_parse.h"

/* One "BUDGET_NS PERIOD_NS" input and what parsing it must give. */
struct vres_params_case {
	const char *text;
	int ret;
	u64 budget_ns;
	u64 period_ns;
};

static const struct vres_params_case vres_params_cases[] = {
	{ "20000000 100000000", 0, 20000000, 100000000 },
	{ "20000000 100000000\n", 0, 20000000, 100000000 },
	{ "  20000000\t100000000\x20\n", 0, 20000000, 100000000 },
	{ "10000 100000", 0, 10000, 100000 },		/* both minima */
	{ "10000000000 10000000000", 0, 10000000000ULL, 10000000000ULL },
	{ "", -EINVAL },
	{ "\n", -EINVAL },
	{ "20000000", -EINVAL },
	{ "20000000 100000000 3", -EINVAL },
	{ "20000000 100000000\n\n", -EINVAL },
	{ "20ms 100ms", -EINVAL },
	{ "-1 100000000", -EINVAL },
	{ "+5 100000000", -EINVAL },
	{ "0x10 100000000", -EINVAL },
	{ "20000000,100000000", -EINVAL },
	{ "30000000 20000000", -ERANGE },		/* C > T */
	{ "50000 99999", -ERANGE },			/* T < 100 us */
	{ "1000000 10000000001", -ERANGE },		/* T > 10 s */
	{ "9999 1000000", -ERANGE },			/* C < 10 us */
	{ "0 0", -ERANGE },
	{ "1 18446744073709551616", -ERANGE },		/* 2^64 */
	{ "123456789012345678901234567 1", -EINVAL },	/* token too long */
};

static void vres_params_desc(const struct vres_params_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\" -> %d", c->text, c->ret);
}

KUNIT_ARRAY_PARAM(vres_params, vres_params_cases, vres_params_desc);

/* params: accepted values are returned, refused ones leave outputs alone. */
static void vres_parse_params_test(struct kunit *test)
{
	const struct vres_params_case *c = test->param_value;
	u64 budget = 7, period = 7;

	KUNIT_EXPECT_EQ(test, vres_parse_params(c->text, &budget, &period),
			c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, budget, 7ULL);
		KUNIT_EXPECT_EQ(test, period, 7ULL);
	} else {
		KUNIT_EXPECT_EQ(test, budget, c->budget_ns);
		KUNIT_EXPECT_EQ(test, period, c->period_ns);
	}
}

/* Names: 1..31 characters of [a-z0-9_.-], one trailing newline. */
static void vres_parse_name_test(struct kunit *test)
{
	char name[VRES_NAME_MAX + 1];

	KUNIT_EXPECT_EQ(test, vres_parse_name("vm1-vcpu0", name), 0);
	KUNIT_EXPECT_STREQ(test, name, "vm1-vcpu0");
	KUNIT_EXPECT_EQ(test, vres_parse_name("a.b_c\n", name), 0);
	KUNIT_EXPECT_STREQ(test, name, "a.b_c");
	KUNIT_EXPECT_EQ(test, vres_parse_name("abcdefghijklmnopqrstuvwxyz01234",
					      name), 0);
	KUNIT_EXPECT_EQ(test, vres_parse_name("abcdefghijklmnopqrstuvwxyz012345",
					      name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("", name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("\n", name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("Vm", name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("a b", name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("a/b", name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_name("a\n\n", name), -EINVAL);
}

static void vres_parse_scalar_test(struct kunit *test)
{
	enum vres_mode mode;
	unsigned int cpu;
	u64 ns;
	int tid;

	KUNIT_EXPECT_EQ(test, vres_parse_mode("hard\n", &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, VRES_MODE_HARD);
	KUNIT_EXPECT_EQ(test, vres_parse_mode("soft", &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, VRES_MODE_SOFT);
	KUNIT_EXPECT_EQ(test, vres_parse_mode("Soft", &mode), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_mode("softer", &mode), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_mode("", &mode), -EINVAL);

	KUNIT_EXPECT_EQ(test, vres_parse_cpu("3\n", 8, &cpu), 0);
	KUNIT_EXPECT_EQ(test, cpu, 3U);
	KUNIT_EXPECT_EQ(test, vres_parse_cpu("8", 8, &cpu), -ERANGE);
	KUNIT_EXPECT_EQ(test, vres_parse_cpu("cpu1", 8, &cpu), -EINVAL);

	KUNIT_EXPECT_EQ(test, vres_parse_tid("0", &tid), 0);
	KUNIT_EXPECT_EQ(test, tid, 0);
	KUNIT_EXPECT_EQ(test, vres_parse_tid("4194304\n", &tid), 0);
	KUNIT_EXPECT_EQ(test, tid, 4194304);
	KUNIT_EXPECT_EQ(test, vres_parse_tid("-1", &tid), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_tid("2147483648", &tid), -ERANGE);

	KUNIT_EXPECT_EQ(test, vres_parse_overhead("25000\n", &ns), 0);
	KUNIT_EXPECT_EQ(test, ns, 25000ULL);
	KUNIT_EXPECT_EQ(test, vres_parse_overhead("10000000001", &ns), -ERANGE);
	KUNIT_EXPECT_EQ(test, vres_parse_overhead("1 2", &ns), -EINVAL);

	KUNIT_EXPECT_EQ(test, vres_parse_stats_reset("0\n"), 0);
	KUNIT_EXPECT_EQ(test, vres_parse_stats_reset("1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_stats_reset("reset"), -EINVAL);
}

static void vres_parse_guest_tasks_test(struct kunit *test)
{
	struct vres_guest_task t[3];
	unsigned int nr = 99;

	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("", t, 3, &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 0U);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("\n\n", t, 3, &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 0U);
	KUNIT_EXPECT_EQ(test,
			vres_parse_guest_tasks("16000000 2000000\n\n24000000 1000000 20000000\n",
					       t, 3, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 2U);
	KUNIT_EXPECT_EQ(test, t[0].period_ns, 16000000ULL);
	KUNIT_EXPECT_EQ(test, t[0].wcet_ns, 2000000ULL);
	KUNIT_EXPECT_EQ(test, t[0].deadline_ns, 16000000ULL);
	KUNIT_EXPECT_EQ(test, t[1].deadline_ns, 20000000ULL);
	/* No trailing newline on the last line. */
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 10", t, 3, &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 1U);

	nr = 99;
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100", t, 3, &nr), -EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 10 50 1", t, 3, &nr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 x", t, 3, &nr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 0", t, 3, &nr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 200", t, 3, &nr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 10 200", t, 3, &nr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, vres_parse_guest_tasks("100 10 5", t, 3, &nr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test,
			vres_parse_guest_tasks("1 1\n2 1\n3 1\n4 1\n", t, 3, &nr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, nr, 99U);	/* untouched on error */
}

static struct kunit_case vres_parse_cases[] = {
	KUNIT_CASE_PARAM(vres_parse_params_test, vres_params_gen_params),
	KUNIT_CASE(vres_parse_name_test),
	KUNIT_CASE(vres_parse_scalar_test),
	KUNIT_CASE(vres_parse_guest_tasks_test),
	{}
};

static struct kunit_suite vres_parse_suite = {
	.name = "vres_parse",
	.test_cases = vres_parse_cases,
};

kunit_test_suite(vres_parse_suite);
