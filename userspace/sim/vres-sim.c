// SPDX-License-Identifier: GPL-2.0
/*
 * vres-sim: the simulation studies of the thesis's Paper III on vres's
 * analysis engine, for researchers: random task sets, the longest server
 * periods and the overhead's cost, their reports, CSV files and figures.
 *
 * It shares the analysis and the task set files with vresctl (lib/), and
 * needs no kernel module: nothing here touches the host.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "simulate.h"

#define VRES_SIM_VERSION "0.1.0"

int main(int argc, char **argv)
{
	cli_program = "vres-sim";
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("vres-sim %s\n", VRES_SIM_VERSION);
		return EXIT_YES;
	}
	return sim_run(argc, argv);
}
