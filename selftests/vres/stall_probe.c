// SPDX-License-Identifier: GPL-2.0
/*
 * stall_probe SECONDS: run the stall probe of stall.h for SECONDS and
 * print the worst oversleep of a 1 ms sleep on CPU 0, in nanoseconds, and
 * the limit a timing measurement tolerates (STALL_MAX_NS). For shell tests
 * (qemu_test.sh), which use it in place of "sleep SECONDS".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stall.h"

int main(int argc, char **argv)
{
	struct stall_probe p;
	double s = argc == 2 ? atof(argv[1]) : 0;

	if (s <= 0 || s > 3600) {
		fprintf(stderr, "usage: stall_probe SECONDS\n");
		return 2;
	}
	if (stall_probe_start(&p)) {
		perror("stall_probe: pthread_create");
		return 1;
	}
	usleep((useconds_t)(s * 1e6));
	stall_probe_stop(&p);
	printf("%llu %llu\n", (unsigned long long)stall_probe_take(&p),
	       (unsigned long long)STALL_MAX_NS);
	return 0;
}
