// SPDX-License-Identifier: GPL-2.0
/*
 * duration.c - exact parsing and printing of durations and fractions.
 */
#include <stdio.h>
#include <string.h>

#include "duration.h"

static const struct {
	const char *name;
	unsigned int digits;	/* the unit is 10^digits ns */
} units[] = {
	{ "s", 9 }, { "ms", 6 }, { "us", 3 }, { "ns", 0 },
};

/*
 * Every unit a duration may be written in: the printed ones and the
 * words systemd.time(7) uses for them, and minutes and hours. A value is
 * (decimal number x 10^digits ns) x factor.
 */
static const struct {
	const char *name;
	unsigned int digits;
	unsigned int factor;
} parse_units[] = {
	{ "ns", 0, 1 }, { "nsec", 0, 1 },
	{ "us", 3, 1 }, { "usec", 3, 1 }, { "\u00b5s", 3, 1 }, { "\u03bcs", 3, 1 },
	{ "ms", 6, 1 }, { "msec", 6, 1 },
	{ "s", 9, 1 }, { "sec", 9, 1 }, { "second", 9, 1 }, { "seconds", 9, 1 },
	{ "m", 9, 60 }, { "min", 9, 60 }, { "minute", 9, 60 },
	{ "minutes", 9, 60 },
	{ "h", 9, 3600 }, { "hr", 9, 3600 }, { "hour", 9, 3600 },
	{ "hours", 9, 3600 },
};

#define UNIT_WORDS "ns, us, ms, s, min or h, or systemd.time(7)'s usec, msec, sec, ..."

/*
 * Split "123.4500" into integer and fraction digits; trailing zeros of the
 * fraction are dropped. Returns the end of the number, or NULL.
 */
static const char *scan_decimal(const char *s, const char **int_start,
				size_t *int_len, const char **frac_start,
				size_t *frac_len)
{
	const char *p = s;

	*int_start = p;
	while (*p >= '0' && *p <= '9')
		p++;
	*int_len = p - *int_start;
	*frac_start = p;
	*frac_len = 0;
	if (*p == '.') {
		p++;
		*frac_start = p;
		while (*p >= '0' && *p <= '9')
			p++;
		*frac_len = p - *frac_start;
		if (!*frac_len)
			return NULL;
	}
	if (!*int_len)
		return NULL;
	while (*frac_len && (*frac_start)[*frac_len - 1] == '0')
		(*frac_len)--;
	return p;
}

/* Append decimal digits to *v: false on overflow past VRES_TIME_MAX. */
static bool add_digits(u64 *v, const char *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (vres_mul_overflow(*v, 10ULL, v) ||
		    vres_add_overflow(*v, (u64)(d[i] - '0'), v) ||
		    *v > VRES_TIME_MAX)
			return false;
	}
	return true;
}

/**
 * duration_parse() - parse "2.5ms" into nanoseconds, exactly; "0" needs
 *	no unit.
 * @s: the text.
 * @ns: where to store the value.
 * @why: where to store the reason on failure (a static string).
 *
 * Return: 0, or -EINVAL (negative, malformed, unknown unit, fraction of a
 * nanosecond) or -ERANGE (above VRES_TIME_MAX).
 */
int duration_parse(const char *s, u64 *ns, const char **why)
{
	const char *ip, *fp, *end;
	size_t il, fl, i;
	u64 v = 0;

	if (s[0] == '-') {
		*why = "negative duration";
		return -EINVAL;
	}
	end = scan_decimal(s, &ip, &il, &fp, &fl);
	if (!end) {
		*why = "expected a number followed by a unit: " UNIT_WORDS;
		return -EINVAL;
	}
	/* Zero is zero in every unit: "0" needs none. */
	if (!*end && strspn(ip, "0") == il && strspn(fp, "0") >= fl) {
		*ns = 0;
		return 0;
	}
	for (i = 0; i < sizeof(parse_units) / sizeof(parse_units[0]); i++)
		if (!strcmp(end, parse_units[i].name))
			break;
	if (i == sizeof(parse_units) / sizeof(parse_units[0])) {
		*why = *end ? "unknown unit (use " UNIT_WORDS ")" :
			      "missing unit (use " UNIT_WORDS ")";
		return -EINVAL;
	}
	if (fl > parse_units[i].digits) {
		*why = "not a whole number of nanoseconds";
		return -EINVAL;
	}
	if (!add_digits(&v, ip, il) || !add_digits(&v, fp, fl))
		goto too_large;
	for (fl = parse_units[i].digits - fl; fl; fl--)
		if (vres_mul_overflow(v, 10ULL, &v) || v > VRES_TIME_MAX)
			goto too_large;
	if (vres_mul_overflow(v, (u64)parse_units[i].factor, &v) ||
	    v > VRES_TIME_MAX)
		goto too_large;
	*ns = v;
	return 0;

too_large:
	*why = "too large (at most 2^60 ns)";
	return -ERANGE;
}

/**
 * duration_str() - print nanoseconds exactly in the largest fitting unit.
 * @ns: the value.
 * @buf: DURATION_STR_MAX bytes.
 *
 * 2500000 prints as "2.5ms", 1234 as "1.234us", 7 as "7ns".
 * Return: @buf.
 */
const char *duration_str(u64 ns, char buf[DURATION_STR_MAX])
{
	unsigned int i, d;
	u64 scale = 1, frac;
	int len;

	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++) {
		scale = 1;
		for (d = 0; d < units[i].digits; d++)
			scale *= 10;
		if (ns >= scale)
			break;
	}
	if (i == sizeof(units) / sizeof(units[0]) - 1)
		scale = 1;
	len = snprintf(buf, DURATION_STR_MAX, "%llu", ns / scale);
	frac = ns % scale;
	if (frac) {
		char digits[16];
		int n;

		n = snprintf(digits, sizeof(digits), "%0*llu",
			     (int)units[i].digits, frac);
		while (n > 0 && digits[n - 1] == '0')
			digits[--n] = 0;
		len += snprintf(buf + len, DURATION_STR_MAX - len, ".%s",
				digits);
	}
	snprintf(buf + len, DURATION_STR_MAX - len, "%s", units[i].name);
	return buf;
}

static u64 gcd_u64(u64 a, u64 b)
{
	while (b) {
		u64 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/**
 * fraction_parse() - parse a decimal in (0, 1] such as "0.4" exactly.
 * @s: the text.
 * @num: where to store the reduced numerator (2 for "0.4").
 * @den: where to store the reduced denominator (5 for "0.4").
 * @why: where to store the reason on failure.
 *
 * Return: 0 or -EINVAL.
 */
int fraction_parse(const char *s, u64 *num, u64 *den, const char **why)
{
	const char *ip, *fp, *end;
	size_t il, fl, i;
	u64 n = 0, d = 1, g;

	end = scan_decimal(s[0] == '-' ? s + 1 : s, &ip, &il, &fp, &fl);
	if (!end || *end) {
		*why = "expected a decimal number such as 0.4";
		return -EINVAL;
	}
	if (fl > 18) {
		*why = "more than 18 decimal places";
		return -EINVAL;
	}
	for (i = 0; i < il; i++) {
		n = n * 10 + (u64)(ip[i] - '0');
		if (n > 1)
			goto range;
	}
	for (i = 0; i < fl; i++) {
		n = n * 10 + (u64)(fp[i] - '0');
		d *= 10;
	}
	if (s[0] == '-' || !n || n > d)
		goto range;
	g = gcd_u64(n, d);
	*num = n / g;
	*den = d / g;
	return 0;

range:
	*why = "must be greater than 0 and at most 1";
	return -EINVAL;
}

/**
 * fraction_str() - print num/den as a decimal, exactly if it terminates.
 * @num: numerator.
 * @den: denominator, > 0.
 * @buf: output buffer.
 * @len: its size.
 *
 * Up to 9 decimal places; a non-terminating or longer fraction is rounded
 * down and marked with a trailing "...".
 * Return: @buf.
 */
const char *fraction_str(u64 num, u64 den, char *buf, size_t len)
{
	char digits[16];
	unsigned int n = 0;
	u64 rem = num % den;
	int off;

	off = snprintf(buf, len, "%llu", num / den);
	while (rem && n < 9) {
		unsigned __int128 r = (unsigned __int128)rem * 10;

		digits[n++] = (char)('0' + (unsigned int)(r / den));
		rem = (u64)(r % den);
	}
	digits[n] = 0;
	if (n)
		off += snprintf(buf + off, len - off, ".%s", digits);
	if (rem)
		snprintf(buf + off, len - off, "...");
	return buf;
}
