// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - what the programs' command lines share: one-line errors that
 * name the program and its subcommand, and the option values every
 * program parses alike (durations, counts, supply models).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "duration.h"
#include "planner.h"

/* vres-sim sets its own name; the library's tests keep vresctl's. */
const char *cli_program = "vresctl";

/**
 * cmd_error() - report a command-line problem as one line on stderr.
 * @cmd: the subcommand, or NULL for a program without subcommands.
 * @fmt: printf format of the problem.
 */
void cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (cmd)
		fprintf(stderr, "%s %s: ", cli_program, cmd);
	else
		fprintf(stderr, "%s: ", cli_program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * opt_duration() - parse the value of a duration option.
 * @cmd: the subcommand, for the message.
 * @opt: the option, for the message.
 * @arg: its value.
 * @ns: where to store it.
 *
 * Return: 0, or -1 after reporting the problem.
 */
int opt_duration(const char *cmd, const char *opt, const char *arg, u64 *ns)
{
	const char *why;

	if (duration_parse(arg, ns, &why)) {
		cmd_error(cmd, "%s: cannot use '%s': %s", opt, arg, why);
		return -1;
	}
	return 0;
}

/**
 * opt_uint() - parse a decimal option value.
 * @cmd: the subcommand, for the message.
 * @opt: the option, for the message.
 * @arg: its value.
 * @max: the largest value accepted.
 * @v: where to store it.
 *
 * Return: 0, or -1 after reporting the problem.
 */
int opt_uint(const char *cmd, const char *opt, const char *arg,
	     unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || *v > max || arg[0] == '-') {
		cmd_error(cmd, "%s: '%s' is not a number from 0 to %lu", opt,
			  arg, max);
		return -1;
	}
	return 0;
}

int opt_supply(const char *cmd, const char *arg, enum vres_supply *supply)
{
	if (supply_parse(arg, supply)) {
		cmd_error(cmd, "--supply: unknown model '%s' (use exact, paper or slot)",
			  arg);
		return -1;
	}
	return 0;
}

/**
 * cli_parse_cpulist() - parse a CPU list such as "2,4-6"
 * @s:   the list
 * @out: set to a malloc()ed array of the CPUs, in the order given
 * @n:   set to its length
 *
 * Return: 0, or -1 on a malformed list (nothing allocated).
 */
int cli_parse_cpulist(const char *s, unsigned int **out, unsigned int *n)
{
	unsigned int *v = NULL, *nv, cap = 0, nr = 0;
	unsigned long lo, hi;
	char *end;

	while (*s) {
		if (!isdigit((unsigned char)*s))
			goto bad;
		lo = strtoul(s, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				goto bad;
			hi = strtoul(end + 1, &end, 10);
		}
		if (hi < lo || hi > 65535 || (*end && *end != ','))
			goto bad;
		for (; lo <= hi; lo++) {
			if (nr == cap) {
				cap = cap ? 2 * cap : 8;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv)
					goto bad;
				v = nv;
			}
			v[nr++] = (unsigned int)lo;
		}
		s = *end ? end + 1 : end;
		if (*end && !*s)
			goto bad;
	}
	if (!nr)
		goto bad;
	*out = v;
	*n = nr;
	return 0;
bad:
	free(v);
	return -1;
}
