// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel library functions kernel/vres_parse.c calls, for its userspace
 * build in the fuzz harnesses. Copied from Linux 6.1 (lib/kstrtox.c,
 * lib/string_helpers.c; unchanged in 6.12) with only the kernel-only
 * spellings replaced: div_u64() by /, unlikely() dropped, the _ctype
 * table's isxdigit() by an ASCII test. The fuzzer is only as good as these
 * are faithful: keep them the kernel's, do not "fix" them.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <linux/kernel.h>
#include <linux/string.h>

#define KSTRTOX_OVERFLOW	(1U << 31)

/* The kernel's _tolower(): only meaningful for letters. */
static char _tolower(const char c)
{
	return c | 0x20;
}

/* The kernel's isxdigit(): ASCII only, whatever the sign of char. */
static bool isxdigit_ascii(char c)
{
	return (c >= '0' && c <= '9') || (_tolower(c) >= 'a' &&
					  _tolower(c) <= 'f');
}

static const char *_parse_integer_fixup_radix(const char *s,
					      unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (_tolower(s[1]) == 'x' && isxdigit_ascii(s[2]))
				*base = 16;
			else
				*base = 8;
		} else
			*base = 10;
	}
	if (*base == 16 && s[0] == '0' && _tolower(s[1]) == 'x')
		s += 2;
	return s;
}

/*
 * Convert non-negative integer string representation in explicitly given
 * radix to an integer. Return number of characters consumed maybe or-ed
 * with overflow bit. If overflow occurs, result integer (incorrect) is
 * still returned.
 */
static unsigned int _parse_integer_limit(const char *s, unsigned int base,
					 unsigned long long *p,
					 size_t max_chars)
{
	unsigned long long res;
	unsigned int rv;

	res = 0;
	rv = 0;
	while (max_chars--) {
		unsigned int c = *s;
		unsigned int lc = c | 0x20; /* don't tolower() this line */
		unsigned int val;

		if ('0' <= c && c <= '9')
			val = c - '0';
		else if ('a' <= lc && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;

		if (val >= base)
			break;
		/*
		 * Check for overflow only if we are within range of
		 * it in the max base we support (16)
		 */
		if (res & (~0ull << 60)) {
			if (res > (ULLONG_MAX - val) / base)
				rv |= KSTRTOX_OVERFLOW;
		}
		res = res * base + val;
		rv++;
		s++;
	}
	*p = res;
	return rv;
}

static unsigned int _parse_integer(const char *s, unsigned int base,
				   unsigned long long *p)
{
	return _parse_integer_limit(s, base, p, INT_MAX);
}

static int _kstrtoull(const char *s, unsigned int base,
		      unsigned long long *res)
{
	unsigned long long _res;
	unsigned int rv;

	s = _parse_integer_fixup_radix(s, &base);
	rv = _parse_integer(s, base, &_res);
	if (rv & KSTRTOX_OVERFLOW)
		return -ERANGE;
	if (rv == 0)
		return -EINVAL;
	s += rv;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = _res;
	return 0;
}

/**
 * kstrtoull - convert a string to an unsigned long long
 * @s: The start of the string. The string must be null-terminated, and may
 *  also include a single newline before its terminating null. The first
 *  character may also be a plus sign, but not a minus sign.
 * @base: The number base to use. The maximum supported base is 16. If base
 *  is given as 0, then the base of the string is automatically detected
 *  with the conventional semantics - If it begins with 0x the number will
 *  be parsed as a hexadecimal (case insensitive), if it otherwise begins
 *  with 0, it will be parsed as an octal number. Otherwise it will be
 *  parsed as a decimal.
 * @res: Where to write the result of the conversion on success.
 *
 * Return: 0 on success, -ERANGE on overflow and -EINVAL on parsing error.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return _kstrtoull(s, base, res);
}

/**
 * sysfs_streq - return true if strings are equal, modulo trailing newline
 * @s1: one string
 * @s2: another string
 *
 * This routine returns true iff two strings are equal, treating both
 * NUL and newline-then-NUL as equivalent string terminations.  It's
 * geared for use with sysfs input strings, which generally terminate
 * with newlines but are compared against values without newlines.
 */
bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}

	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

/**
 * __sysfs_match_string - matches given string in an array
 * @array: array of strings
 * @n: number of strings in the array or -1 for NULL terminated arrays
 * @str: string to match with
 *
 * Returns index of @str in the @array or -EINVAL, just like match_string().
 * Uses sysfs_streq instead of strcmp for matching.
 *
 * This routine will look for a string in an array of strings up to the
 * n-th element in the array or until the first NULL element.
 *
 * Historically the value of -1 for @n, was used to search in arrays that
 * are NULL terminated. However, the function does not make a distinction
 * when finishing the search: either @n elements have been compared OR
 * the first NULL element was found.
 */
int __sysfs_match_string(const char * const *array, size_t n, const char *str)
{
	const char *item;
	int index;

	for (index = 0; index < n; index++) {
		item = array[index];
		if (!item)
			break;
		if (sysfs_streq(item, str))
			return index;
	}

	return -EINVAL;
}
