/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oracle.h - brute-force reference for the analysis engine.
 *
 * Written separately from kernel/vres_analysis.c and sharing none of its
 * code: it simulates, one time unit at a time, the worst-case supply pattern
 * of each server model with the tasks released at the critical instant under
 * preemptive fixed priorities, and answers the planning questions by
 * exhaustive search over every integer budget and period. Only for small
 * integer parameters (times up to a few thousand units).
 */
#ifndef VRES_TESTS_ORACLE_H
#define VRES_TESTS_ORACLE_H

#include <stdbool.h>


enum oracle_supply {
	ORACLE_FULL,	/* supply in every time unit */
	ORACLE_EXACT,	/* budget anywhere in the period: blackout 2(T-C)+X */
	ORACLE_SLOT,	/* budget at a fixed offset: blackout T-C+X */
};

struct oracle_task {
	unsigned long long period;
	unsigned long long wcet;
	unsigned long long deadline;
	unsigned long long jitter;
	unsigned int group;
};

struct oracle_server {
	enum oracle_supply supply;
	unsigned long long period;
	unsigned long long budget;
	unsigned long long overhead;
};

#define ORACLE_MISS (~0ULL)

/* Does the worst-case pattern supply useful time in unit [s, s + 1)? */
bool oracle_supplies(const struct oracle_server *srv, unsigned long long s);

/*
 * Completion time of the first job of tasks[i] (tasks sorted by group, then
 * priority), or ORACLE_MISS if it is not complete by its deadline.
 */
unsigned long long oracle_response(const struct oracle_task *tasks, unsigned int i,
			 const struct oracle_server *srv);

bool oracle_schedulable(const struct oracle_task *tasks, unsigned int n,
			const struct oracle_server *srv);

/* Smallest budget in (X, T] by linear scan, or 0 if none. */
unsigned long long oracle_min_budget(const struct oracle_task *tasks, unsigned int n,
			   enum oracle_supply supply, unsigned long long period,
			   unsigned long long overhead);

/* Eq 4 of the thesis (paper model) with its own fixed-point iteration. */
unsigned long long oracle_paper_response(const struct oracle_task *tasks,
			       unsigned int i, unsigned long long period,
			       unsigned long long budget);

#endif /* VRES_TESTS_ORACLE_H */
