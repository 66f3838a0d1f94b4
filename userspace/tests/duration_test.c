// SPDX-License-Identifier: GPL-2.0
/*
 * duration_test.c - exact parsing and printing of durations and fractions.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "duration.h"

struct dur_case {
	const char *text;
	int ret;
	u64 ns;
};

static const struct dur_case dur_cases[] = {
	{ "0ns", 0, 0 },
	{ "1ns", 0, 1 },
	{ "2.5ms", 0, 2500000 },
	{ "16ms", 0, 16000000 },
	{ "1.000000001s", 0, 1000000001 },
	{ "0.1us", 0, 100 },
	{ "100us", 0, 100000 },
	{ "1.50ns", -EINVAL, 0 },	/* 1.5 ns: not whole */
	{ "1.0ns", 0, 1 },		/* trailing zeros are fine */
	{ "0.0000000001s", -EINVAL, 0 },
	{ "1152921504606846976ns", 0, 1ULL << 60 },
	{ "1152921504606846977ns", -ERANGE, 0 },
	{ "1152921504.606846977s", -ERANGE, 0 },
	{ "99999999999999999999999s", -ERANGE, 0 },
	{ "-5ms", -EINVAL, 0 },
	{ "5", -EINVAL, 0 },		/* unit required in text */
	{ "0", 0, 0 },			/* ... but zero is zero in any */
	{ "0.000", 0, 0 },
	{ "00", 0, 0 },
	{ "0.001", -EINVAL, 0 },
	{ "10", -EINVAL, 0 },
	{ "5 ms", -EINVAL, 0 },
	/* systemd.time(7)'s words, minutes and hours */
	{ "5m", 0, 300000000000ULL },
	{ "1.5min", 0, 90000000000ULL },
	{ "2h", 0, 7200000000000ULL },
	{ "1hour", 0, 3600000000000ULL },
	{ "5msec", 0, 5000000 },
	{ "7usec", 0, 7000 },
	{ "7\u00b5s", 0, 7000 },
	{ "7\u03bcs", 0, 7000 },
	{ "3nsec", 0, 3 },
	{ "2sec", 0, 2000000000 },
	{ "2seconds", 0, 2000000000 },
	{ "0.5second", 0, 500000000 },
	{ "5mins", -EINVAL, 0 },
	{ "5M", -EINVAL, 0 },		/* systemd's months: not a duration here */
	{ "320320h", -ERANGE, 0 },	/* above 2^60 ns */
	{ ".5ms", -EINVAL, 0 },
	{ "5.ms", -EINVAL, 0 },
	{ "ms", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "1e3ns", -EINVAL, 0 },
	{ "+5ms", -EINVAL, 0 },
};

TEST(duration_parse_cases)
{
	unsigned int i;

	for (i = 0; i < sizeof(dur_cases) / sizeof(dur_cases[0]); i++) {
		const struct dur_case *c = &dur_cases[i];
		const char *why = NULL;
		u64 ns = 12345;
		int ret = duration_parse(c->text, &ns, &why);

		TH_LOG("'%s'", c->text);
		EXPECT_EQ(c->ret, ret);
		if (!c->ret) {
			EXPECT_EQ(c->ns, ns);
		} else {
			EXPECT_NE(NULL, why);
		}
	}
}

TEST(duration_str_cases)
{
	char buf[DURATION_STR_MAX];

	EXPECT_STREQ("0ns", duration_str(0, buf));
	EXPECT_STREQ("7ns", duration_str(7, buf));
	EXPECT_STREQ("1.234us", duration_str(1234, buf));
	EXPECT_STREQ("2.5ms", duration_str(2500000, buf));
	EXPECT_STREQ("10ms", duration_str(10000000, buf));
	EXPECT_STREQ("9.166666ms", duration_str(9166666, buf));
	EXPECT_STREQ("1.000000001s", duration_str(1000000001, buf));
	EXPECT_STREQ("1152921504.606846976s", duration_str(1ULL << 60, buf));
}

/* Printing then parsing gives back the same nanoseconds. */
TEST(duration_round_trip)
{
	char buf[DURATION_STR_MAX];
	u64 x = 88172645463325252ULL, ns, back;
	const char *why;
	unsigned int i;

	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		ns = x >> (4 + i % 60);
		duration_str(ns, buf);
		ASSERT_EQ(0, duration_parse(buf, &back, &why));
		ASSERT_EQ(ns, back);
	}
}

struct frac_case {
	const char *text;
	int ret;
	u64 num;
	u64 den;
};

static const struct frac_case frac_cases[] = {
	{ "0.4", 0, 2, 5 },
	{ "0.5", 0, 1, 2 },
	{ "1", 0, 1, 1 },
	{ "1.000", 0, 1, 1 },
	{ "0.333", 0, 333, 1000 },
	{ "0.000000000000000001", 0, 1, 1000000000000000000ULL },
	{ "0.0000000000000000001", -EINVAL, 0, 0 },
	{ "0", -EINVAL, 0, 0 },
	{ "0.0", -EINVAL, 0, 0 },
	{ "1.01", -EINVAL, 0, 0 },
	{ "2", -EINVAL, 0, 0 },
	{ "-0.4", -EINVAL, 0, 0 },
	{ "40%", -EINVAL, 0, 0 },
	{ "0.4x", -EINVAL, 0, 0 },
	{ "", -EINVAL, 0, 0 },
};

TEST(fraction_parse_cases)
{
	unsigned int i;

	for (i = 0; i < sizeof(frac_cases) / sizeof(frac_cases[0]); i++) {
		const struct frac_case *c = &frac_cases[i];
		const char *why = NULL;
		u64 num = 0, den = 0;

		TH_LOG("'%s'", c->text);
		EXPECT_EQ(c->ret, fraction_parse(c->text, &num, &den, &why));
		if (!c->ret) {
			EXPECT_EQ(c->num, num);
			EXPECT_EQ(c->den, den);
		}
	}
}

TEST(fraction_str_cases)
{
	char buf[48];

	EXPECT_STREQ("0.4", fraction_str(2, 5, buf, sizeof(buf)));
	EXPECT_STREQ("1", fraction_str(1, 1, buf, sizeof(buf)));
	EXPECT_STREQ("0.333333333...", fraction_str(1, 3, buf, sizeof(buf)));
	EXPECT_STREQ("0.31348", fraction_str(31348, 100000, buf,
					       sizeof(buf)));
}

TEST_HARNESS_MAIN
