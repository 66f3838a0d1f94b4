/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deadline.h - what deadline_test.c (the runs and their verdicts) and
 * deadline_results.c (the results files the benchmark report and make
 * demo read) share: the runs and the load they ran under.
 */
#ifndef _VRES_DEADLINE_H
#define _VRES_DEADLINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define MS(x)		((uint64_t)(x) * NSEC_PER_MSEC)
#define NR_HOGS		3
#define RIVAL_BUDGET	MS(10)
#define RIVAL_PERIOD	MS(50)
#define JOBS		50
#define RESP_TOL_NS	250000ULL
#define MAX_TASKS	8
#define CG_ROOT		"/sys/fs/cgroup"
#define CG_CPUMAX	CG_ROOT "/vres-deadline-cpumax"
#define CG_DL		CG_ROOT "/vres-deadline-dl"

enum kind { RUN_VRES, RUN_CPUMAX, RUN_DL };

struct run {
	const char *id;
	const char *label;
	enum kind kind;
	uint64_t budget_ns;
	uint64_t period_ns;
	/* filled in */
	bool schedulable;
	unsigned int ntasks;
	char task[MAX_TASKS][32];
	uint64_t bound_ns[MAX_TASKS];	/* ULLONG_MAX: no bound */
	uint64_t deadline_ns[MAX_TASKS];
	uint64_t jobs[MAX_TASKS];
	uint64_t misses[MAX_TASKS];
	uint64_t worst_ns[MAX_TASKS];
	bool synced;
	uint64_t max_gap_ns;
	uint64_t stall_ns;		/* the host stalled the VM this long */
	bool starved;			/* ... too long for the timing to count */
	bool done;
	json_t *guest;			/* guest_rm's JSON */
	json_t *extra;			/* scheduler-side counters */
};

/**
 * struct deadline_setup - how the runs were made, for the results
 * @rival: "spinner" or "qemu" (--rival-qemu)
 * @resp_tol_ns: how far a response may exceed its analysed bound
 */
struct deadline_setup {
	const char *rival;
	uint64_t resp_tol_ns;
};

void deadline_results(const char *rdir, const struct deadline_setup *su,
		      const struct run *runs, unsigned int n);
void diag_lines(const char *indent, const char *text);

#endif /* _VRES_DEADLINE_H */
