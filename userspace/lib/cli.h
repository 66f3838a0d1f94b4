/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what the programs' command lines share (cli.c).
 */
#ifndef VRES_CLI_H
#define VRES_CLI_H

#include "vres_analysis.h"

/* Exit statuses of the programs and their subcommands. */
#define EXIT_YES	0	/* schedulable / an answer exists / done */
#define EXIT_NO		1	/* not schedulable / no answer / refused */
#define EXIT_ERROR	2	/* bad input or internal error */

/* The program's name in its messages ("vresctl", "vres-sim"): main() sets it. */
extern const char *cli_program;

void cmd_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int opt_duration(const char *cmd, const char *opt, const char *arg, u64 *ns);
int opt_uint(const char *cmd, const char *opt, const char *arg,
	     unsigned long max, unsigned long *v);
int opt_supply(const char *cmd, const char *arg, enum vres_supply *supply);
int cli_parse_cpulist(const char *s, unsigned int **out, unsigned int *n);

#endif /* VRES_CLI_H */
