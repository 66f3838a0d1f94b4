// SPDX-License-Identifier: GPL-2.0
/*
 * vres: parsers for the text written to /sys/kernel/vres.
 *
 * The grammar is the ABI's (Documentation/ABI/testing/sysfs-kernel-vres):
 * decimal unsigned integers separated by blanks (space or tab), one
 * optional trailing newline, keywords matched whole. Anything else is
 * malformed (-EINVAL); a number that does not fit, or a well-formed value
 * outside the limits of <linux/vres.h>, is out of range (-ERANGE).
 * Nothing here touches kernel state: the callers in vres_sysfs.c parse
 * first and change state only once everything is valid.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "vres_parse.h"

const char * const vres_mode_names[VRES_MODE_NR] = VRES_MODE_NAMES;
const char * const vres_state_names[VRES_STATE_NR] = VRES_STATE_NAMES;
const char * const vres_stat_names[VRES_STAT_NR] = VRES_STAT_NAMES;

/* Longest decimal u64 is 20 digits; allow a sign the kstrto* accept. */
#define VRES_TOKEN_MAX 24

static bool vres_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Copy the next blank-separated token of the line at *@p into @tok and
 * advance *@p past it. A line ends at '\n' or NUL. Returns the token
 * length, 0 at the end of the line, or -EINVAL if the token does not fit.
 */
static int vres_next_token(const char **p, char *tok)
{
	const char *s = *p;
	size_t len = 0;

	while (vres_is_blank(*s))
		s++;
	while (*s && *s != '\n' && !vres_is_blank(*s)) {
		if (len == VRES_TOKEN_MAX - 1)
			return -EINVAL;
		tok[len++] = *s++;
	}
	tok[len] = '\0';
	*p = s;
	return len;
}

/*
 * Parse the next token of the line as a decimal u64. -EINVAL if there is
 * no token or it is not a number; -ERANGE if it does not fit in a u64.
 */
static int vres_next_u64(const char **p, u64 *val)
{
	char tok[VRES_TOKEN_MAX];
	int len = vres_next_token(p, tok);

	if (len <= 0)
		return -EINVAL;
	if (tok[0] < '0' || tok[0] > '9')
		return -EINVAL;
	return kstrtou64(tok, 10, val);
}

/* True if only blanks remain on the line at @p. */
static bool vres_line_done(const char *p)
{
	while (vres_is_blank(*p))
		p++;
	return *p == '\0' || *p == '\n';
}

/* True if @p is at the end of the text: NUL, or one newline then NUL. */
static bool vres_text_done(const char *p)
{
	while (vres_is_blank(*p))
		p++;
	if (*p == '\n')
		p++;
	return *p == '\0';
}

/**
 * vres_parse_name() - parse a server name
 * @buf:  text written to create or destroy
 * @name: set to the name, NUL-terminated (VRES_NAME_MAX + 1 bytes)
 *
 * A name is 1 to VRES_NAME_MAX characters from VRES_NAME_CHARS; one
 * trailing newline is ignored.
 *
 * Context: any.
 * Return: 0, or -EINVAL if the name is empty, too long or has another
 * character.
 */
int vres_parse_name(const char *buf, char *name)
{
	size_t len = strlen(buf);

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len > VRES_NAME_MAX)
		return -EINVAL;
	if (strspn(buf, VRES_NAME_CHARS) < len)
		return -EINVAL;
	memcpy(name, buf, len);
	name[len] = '\0';
	return 0;
}

/**
 * vres_check_params() - check a server's (budget, period) against the limits
 * @budget_ns: budget C
 * @period_ns: period T
 *
 * Context: any.
 * Return: 0, or -ERANGE if T is outside [VRES_PERIOD_MIN_NS,
 * VRES_PERIOD_MAX_NS], C < VRES_BUDGET_MIN_NS or C > T.
 */
int vres_check_params(u64 budget_ns, u64 period_ns)
{
	if (period_ns < VRES_PERIOD_MIN_NS || period_ns > VRES_PERIOD_MAX_NS)
		return -ERANGE;
	if (budget_ns < VRES_BUDGET_MIN_NS || budget_ns > period_ns)
		return -ERANGE;
	return 0;
}

/**
 * vres_parse_params() - parse "BUDGET_NS PERIOD_NS"
 * @buf:       text written to servers/NAME/params
 * @budget_ns: set to the budget
 * @period_ns: set to the period
 *
 * @budget_ns and @period_ns are written only on success.
 *
 * Context: any.
 * Return: 0; -EINVAL for anything but two numbers; -ERANGE for values
 * refused by vres_check_params().
 */
int vres_parse_params(const char *buf, u64 *budget_ns, u64 *period_ns)
{
	const char *p = buf;
	u64 budget, period;
	int ret;

	ret = vres_next_u64(&p, &budget);
	if (ret)
		return ret;
	ret = vres_next_u64(&p, &period);
	if (ret)
		return ret;
	if (!vres_text_done(p))
		return -EINVAL;
	ret = vres_check_params(budget, period);
	if (ret)
		return ret;
	*budget_ns = budget;
	*period_ns = period;
	return 0;
}

/*
 * One unsigned number and nothing else but an optional newline: 0 with
 * *@val set; -EINVAL for other text; -ERANGE above @max.
 */
static int vres_parse_one(const char *buf, u64 max, u64 *val)
{
	const char *p = buf;
	int ret;

	ret = vres_next_u64(&p, val);
	if (ret)
		return ret;
	if (!vres_text_done(p))
		return -EINVAL;
	if (*val > max)
		return -ERANGE;
	return 0;
}

/**
 * vres_parse_overhead() - parse servers/NAME/overhead_ns
 * @buf:         text written
 * @overhead_ns: set to the overhead X on success
 *
 * Context: any.
 * Return: 0; -EINVAL if not one number; -ERANGE above VRES_OVERHEAD_MAX_NS.
 */
int vres_parse_overhead(const char *buf, u64 *overhead_ns)
{
	u64 val;
	int ret;

	ret = vres_parse_one(buf, VRES_OVERHEAD_MAX_NS, &val);
	if (ret)
		return ret;
	*overhead_ns = val;
	return 0;
}

/**
 * vres_parse_cpu() - parse servers/NAME/cpu
 * @buf:        text written
 * @nr_cpus:    number of possible CPU ids (nr_cpu_ids)
 * @cpu:        set to the CPU on success
 *
 * Context: any.
 * Return: 0; -EINVAL if not one number; -ERANGE if >= @nr_cpus. The
 * caller also refuses offline CPUs with -ERANGE.
 */
int vres_parse_cpu(const char *buf, unsigned int nr_cpus,
		   unsigned int *cpu)
{
	u64 val;
	int ret;

	if (!nr_cpus)
		return -ERANGE;
	ret = vres_parse_one(buf, nr_cpus - 1, &val);
	if (ret)
		return ret;
	*cpu = val;
	return 0;
}

/**
 * vres_parse_mode() - parse servers/NAME/mode
 * @buf:  text written: a name from VRES_MODE_NAMES, optional newline
 * @mode: set to the mode on success
 *
 * Context: any.
 * Return: 0, or -EINVAL for any other text.
 */
int vres_parse_mode(const char *buf, enum vres_mode *mode)
{
	int i = __sysfs_match_string(vres_mode_names, VRES_MODE_NR, buf);

	if (i < 0)
		return -EINVAL;
	*mode = i;
	return 0;
}

/**
 * vres_parse_tid() - parse servers/NAME/tid
 * @buf: text written: a thread id, or 0 to detach
 * @tid: set to the id on success
 *
 * Context: any.
 * Return: 0; -EINVAL if not one non-negative number; -ERANGE if above
 * INT_MAX (no such id can exist).
 */
int vres_parse_tid(const char *buf, int *tid)
{
	u64 val;
	int ret;

	ret = vres_parse_one(buf, INT_MAX, &val);
	if (ret)
		return ret;
	*tid = val;
	return 0;
}

/**
 * vres_parse_stats_reset() - parse a write to servers/NAME/stats
 * @buf: text written; only "0" (optional newline) is accepted
 *
 * Context: any.
 * Return: 0 for "0", else -EINVAL.
 */
int vres_parse_stats_reset(const char *buf)
{
	const char *p = buf;
	u64 val;

	if (vres_next_u64(&p, &val) || val || !vres_text_done(p))
		return -EINVAL;
	return 0;
}

/**
 * vres_parse_guest_tasks() - parse servers/NAME/guest_tasks
 * @buf:   text: one "PERIOD_NS WCET_NS [DEADLINE_NS]" line per task
 * @tasks: array of @max entries, filled on success
 * @max:   capacity of @tasks
 * @nr:    set to the number of tasks (0 for empty text: no guard)
 *
 * Blank lines are ignored. A task needs 1 <= WCET <= DEADLINE <= PERIOD <=
 * VRES_PERIOD_MAX_NS; DEADLINE defaults to PERIOD.
 *
 * Context: any.
 * Return: 0; -EINVAL for a line that is not two or three numbers;
 * -ERANGE for values outside the limits or more than @max tasks.
 */
int vres_parse_guest_tasks(const char *buf, struct vres_guest_task *tasks,
			   unsigned int max, unsigned int *nr)
{
	const char *p = buf;
	unsigned int n = 0;
	int ret;

	while (*p) {
		struct vres_guest_task t;

		if (vres_line_done(p))
			goto next_line;
		ret = vres_next_u64(&p, &t.period_ns);
		if (ret)
			return ret;
		ret = vres_next_u64(&p, &t.wcet_ns);
		if (ret)
			return ret;
		t.deadline_ns = t.period_ns;
		if (!vres_line_done(p)) {
			ret = vres_next_u64(&p, &t.deadline_ns);
			if (ret)
				return ret;
			if (!vres_line_done(p))
				return -EINVAL;
		}
		if (!t.wcet_ns || t.wcet_ns > t.deadline_ns ||
		    t.deadline_ns > t.period_ns ||
		    t.period_ns > VRES_PERIOD_MAX_NS)
			return -ERANGE;
		if (n == max)
			return -ERANGE;
		tasks[n++] = t;
next_line:
		p = strchrnul(p, '\n');
		if (*p)
			p++;
	}
	*nr = n;
	return 0;
}
