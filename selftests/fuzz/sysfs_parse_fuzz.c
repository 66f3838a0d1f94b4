// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs_parse_fuzz: libFuzzer target for the sysfs parsers of
 * kernel/vres_parse.c, built unchanged against userspace/lib/kshim/ (the
 * few kernel library functions it calls, copied from the kernel).
 *
 * Each input is given to every parser in the shape kernfs gives a store
 * method: at most PAGE_SIZE bytes of text, a NUL after them, in a buffer
 * exactly that long (so that AddressSanitizer sees any read past the
 * terminator). Embedded NULs are kept, as kernfs keeps them.
 *
 * Checked for every parser, on top of the sanitizers:
 *  - it returns 0, -EINVAL or -ERANGE and nothing else (vres_parse.h);
 *  - on an error it wrote none of its outputs;
 *  - on success its outputs are within the limits of <linux/vres.h>;
 *  - it accepts exactly what an independent reading of the grammar of
 *    Documentation/ABI/testing/sysfs-kernel-vres accepts (blank-separated
 *    decimal numbers, one optional trailing newline), with the same values.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "vres_parse.h"

#define SYSFS_WRITE_MAX		4096	/* PAGE_SIZE on x86 */
#define SENTINEL		0x5a5a5a5a5a5a5a5aULL
/* Longest token vres_parse.c reads: VRES_TOKEN_MAX - 1. */
#define TOKEN_MAX		23

static bool valid_ret(int ret)
{
	return ret == 0 || ret == -EINVAL || ret == -ERANGE;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The oracle: read the line [s, end) (no newline in it) as blank-separated
 * decimal numbers, with strtoull() rather than kstrtoull(). Returns the
 * count (up to @max values stored), or -1 if the line is not such a list
 * or a number does not fit in a u64 or is longer than TOKEN_MAX.
 */
static int oracle_numbers(const char *s, const char *end, u64 *vals, int max)
{
	int n = 0;

	for (;;) {
		const char *tok;
		char digits[TOKEN_MAX + 1], *stop;
		unsigned long long v;

		while (s < end && blank(*s))
			s++;
		if (s == end)
			return n;
		tok = s;
		while (s < end && *s >= '0' && *s <= '9')
			s++;
		if (s == tok || (s < end && !blank(*s)) || s - tok > TOKEN_MAX)
			return -1;
		memcpy(digits, tok, s - tok);
		digits[s - tok] = '\0';
		errno = 0;
		v = strtoull(digits, &stop, 10);
		if (errno || *stop)
			return -1;
		if (n < max)
			vals[n] = v;
		n++;
	}
}

/* The oracle for a one-line file: the line, one optional newline, NUL. */
static int oracle_text(const char *buf, u64 *vals, int max)
{
	size_t len = strlen(buf);

	if (len && buf[len - 1] == '\n')
		len--;
	if (memchr(buf, '\n', len))
		return -1;
	return oracle_numbers(buf, buf + len, vals, max);
}

static void fuzz_name(const char *buf)
{
	char name[VRES_NAME_MAX + 2];
	size_t len = strlen(buf), i;
	bool ok;
	int ret;

	memset(name, 0x5a, sizeof(name));
	ret = vres_parse_name(buf, name);
	check(valid_ret(ret) && ret != -ERANGE);

	if (len && buf[len - 1] == '\n')
		len--;
	ok = len >= 1 && len <= VRES_NAME_MAX;
	for (i = 0; ok && i < len; i++)
		ok = buf[i] && strchr(VRES_NAME_CHARS, buf[i]);
	check(ok == !ret);
	if (ret) {
		check(name[0] == 0x5a);
		return;
	}
	check(strlen(name) == len && !memcmp(name, buf, len));
	check(name[VRES_NAME_MAX + 1] == 0x5a);
}

static void fuzz_params(const char *buf)
{
	u64 budget = SENTINEL, period = SENTINEL, v[2];
	int ret, n;

	ret = vres_parse_params(buf, &budget, &period);
	check(valid_ret(ret));
	n = oracle_text(buf, v, 2);
	if (ret) {
		check(budget == SENTINEL && period == SENTINEL);
		check(n != 2 || vres_check_params(v[0], v[1]) == -ERANGE);
		return;
	}
	check(n == 2 && budget == v[0] && period == v[1]);
	check(period >= VRES_PERIOD_MIN_NS && period <= VRES_PERIOD_MAX_NS);
	check(budget >= VRES_BUDGET_MIN_NS && budget <= period);
}

/* overhead_ns, cpu and tid: one number at most @max. */
static void check_one(const char *buf, int ret, u64 val, u64 max)
{
	u64 v;
	int n;

	check(valid_ret(ret));
	n = oracle_text(buf, &v, 1);
	if (ret) {
		check(n != 1 || v > max);
		return;
	}
	check(n == 1 && val == v && val <= max);
}

static void fuzz_scalars(const char *buf)
{
	static const unsigned int nr_cpus[] = { 1, 8, 8192, UINT32_MAX };
	u64 overhead = SENTINEL;
	unsigned int cpu, i;
	int tid = 0x5a5a5a5a, ret;

	ret = vres_parse_overhead(buf, &overhead);
	check(ret || overhead != SENTINEL);
	check(!ret || overhead == SENTINEL);
	check_one(buf, ret, overhead, VRES_OVERHEAD_MAX_NS);

	check(vres_parse_cpu(buf, 0, &cpu) == -ERANGE);
	for (i = 0; i < sizeof(nr_cpus) / sizeof(nr_cpus[0]); i++) {
		cpu = 0x5a5a5a5a;
		ret = vres_parse_cpu(buf, nr_cpus[i], &cpu);
		check(!ret || cpu == 0x5a5a5a5a);
		check_one(buf, ret, ret ? 0 : cpu, nr_cpus[i] - 1);
	}

	ret = vres_parse_tid(buf, &tid);
	check(!ret || tid == 0x5a5a5a5a);
	check(ret || tid >= 0);
	check_one(buf, ret, ret ? 0 : (u64)tid, INT32_MAX);
}

static void fuzz_mode(const char *buf)
{
	enum vres_mode mode = VRES_MODE_NR;
	size_t len = strlen(buf);
	int ret, i, match = -1;

	ret = vres_parse_mode(buf, &mode);
	check(valid_ret(ret) && ret != -ERANGE);
	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < VRES_MODE_NR; i++)
		if (strlen(vres_mode_names[i]) == len &&
		    !memcmp(vres_mode_names[i], buf, len))
			match = i;
	if (ret) {
		check(match < 0 && mode == VRES_MODE_NR);
		return;
	}
	check((int)mode == match);
}

static void fuzz_stats_reset(const char *buf)
{
	int ret = vres_parse_stats_reset(buf);
	u64 v = 1;

	check(ret == 0 || ret == -EINVAL);
	check(!ret == (oracle_text(buf, &v, 1) == 1 && v == 0));
}

/*
 * guest_tasks into an array of exactly @max entries (AddressSanitizer
 * catches a write past it), compared task by task with the oracle.
 */
static void fuzz_guest_tasks(const char *buf, unsigned int max)
{
	struct vres_guest_task *tasks = malloc(max * sizeof(*tasks));
	unsigned int nr = 0x5a5a5a5a, n = 0;
	const char *line = buf, *end;
	bool ok = true, too_many = false;
	int ret;

	check(tasks || !max);
	ret = vres_parse_guest_tasks(buf, tasks, max, &nr);
	check(valid_ret(ret));

	for (; ok && *line; line = *end ? end + 1 : end) {
		u64 v[3];
		int k;

		end = strchrnul(line, '\n');
		k = oracle_numbers(line, end, v, 3);
		if (k == 0)
			continue;
		if (k == 2)
			v[2] = v[0];
		ok = (k == 2 || k == 3) && v[1] >= 1 && v[1] <= v[2] &&
		     v[2] <= v[0] && v[0] <= VRES_PERIOD_MAX_NS;
		if (!ok)
			break;
		if (n == max) {
			too_many = true;
			break;
		}
		if (!ret) {
			check(n < nr);
			check(tasks[n].period_ns == v[0]);
			check(tasks[n].wcet_ns == v[1]);
			check(tasks[n].deadline_ns == v[2]);
		}
		n++;
	}
	if (ret) {
		check(nr == 0x5a5a5a5a);
		check(!ok || (too_many && ret == -ERANGE));
	} else {
		check(ok && !too_many && nr == n && nr <= max);
	}
	free(tasks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;

	/* kernfs_fop_write_iter(): len = min(count, PAGE_SIZE), then NUL. */
	if (size > SYSFS_WRITE_MAX)
		size = SYSFS_WRITE_MAX;
	buf = malloc(size + 1);
	check(buf);
	memcpy(buf, data, size);
	buf[size] = '\0';

	fuzz_name(buf);
	fuzz_params(buf);
	fuzz_scalars(buf);
	fuzz_mode(buf);
	fuzz_stats_reset(buf);
	fuzz_guest_tasks(buf, VRES_GUEST_TASKS_MAX);
	fuzz_guest_tasks(buf, 2);
	fuzz_guest_tasks(buf, 0);

	free(buf);
	return 0;
}
