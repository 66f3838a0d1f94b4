/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known answers of the analysis engine: one table, checked by two builds of
 * the same source. The module's KUnit suite (vres_analysis_kunit.c) runs
 * each vector as a parameterised case; vresctl's unit tests
 * (userspace/tests/analysis_test.c) run every vector in integer units and
 * again with 1 unit = 1 ms, since every supply model is homogeneous
 * (scaling all times scales all results).
 *
 * Sources: Paper III, "Scheduling Tasks with Hard Deadlines in Virtualized
 * Software Systems", of the thesis (Documentation/analysis.rst cites it),
 * Sections 4.4 and 4.5, in its integer time units; Burns & Wellings,
 * "Real-Time Systems and Programming Languages", response-time example;
 * and the supply formulas evaluated by hand in the comments.
 *
 * Only what both builds have may appear here: the analysis types and
 * plain C data.
 */
#ifndef VRES_ANALYSIS_VECTORS_H
#define VRES_ANALYSIS_VECTORS_H

#include "vres_analysis.h"

#define VRES_VECTOR_TASKS	4

/**
 * struct vres_rta_vector - a task set on a resource and its response times.
 * @name: what the vector is and where its answer comes from.
 * @srv: the resource.
 * @n: number of tasks, highest priority first.
 * @tasks: { T, C, D, J, group } each.
 * @want: each task's response time, VRES_TIME_INF for a miss.
 */
struct vres_rta_vector {
	const char *name;
	struct vres_resource srv;
	unsigned int n;
	struct vres_task tasks[VRES_VECTOR_TASKS];
	u64 want[VRES_VECTOR_TASKS];
};

static const struct vres_rta_vector vres_rta_vectors[] = {
	{
		/* Thesis 4.4: R1 = f^-1(1, 6, 3) = 7, R2 = 14. */
		.name = "thesis 4.4, exact supply",
		.srv = { VRES_SUPPLY_EXACT, 6, 3, 0 },
		.n = 2, .tasks = { { 8, 1, 8, 0, 0 }, { 15, 3, 15, 0, 0 } },
		.want = { 7, 14 },
	}, {
		/* Eq 4 as printed agrees here: C = 3 divides no demand. */
		.name = "thesis 4.4, Eq 4 as printed",
		.srv = { VRES_SUPPLY_PAPER, 6, 3, 0 },
		.n = 2, .tasks = { { 8, 1, 8, 0, 0 }, { 15, 3, 15, 0, 0 } },
		.want = { 7, 14 },
	}, {
		/* Thesis 4.5 at its answer T = 10, C = 0.4 T: tau3 just fits. */
		.name = "thesis 4.5, T=10 C=4, exact",
		.srv = { VRES_SUPPLY_EXACT, 10, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 },
				   { 36, 4, 36, 0, 0 } },
		.want = { 14, 15, 36 },
	}, {
		/* Eq 4: inverse(12) = 12 + 12 + 3 * 6 = 42 > 36. */
		.name = "thesis 4.5, T=10 C=4, Eq 4 misses tau3",
		.srv = { VRES_SUPPLY_PAPER, 10, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 },
				   { 36, 4, 36, 0, 0 } },
		.want = { 14, 15, VRES_TIME_INF },
	}, {
		/*
		 * One unit longer: tau1 2 + 2 * 7 = 16 still fits; tau2's
		 * demand 1 + 2 * 2 = 5 then needs 5 + 3 * 7 = 26 > 24.
		 */
		.name = "thesis 4.5, T=11 C=4, exact",
		.srv = { VRES_SUPPLY_EXACT, 11, 4, 0 },
		.n = 3, .tasks = { { 16, 2, 16, 0, 0 }, { 24, 1, 24, 0, 0 },
				   { 36, 4, 36, 0, 0 } },
		.want = { 16, VRES_TIME_INF, VRES_TIME_INF },
	}, {
		.name = "Burns & Wellings, dedicated CPU",
		.srv = { VRES_SUPPLY_FULL, 0, 0, 0 },
		.n = 3, .tasks = { { 7, 3, 7, 0, 0 }, { 12, 3, 12, 0, 0 },
				   { 20, 5, 20, 0, 0 } },
		.want = { 3, 6, 20 },
	}, {
		/* One more unit of work and the lowest-priority task misses. */
		.name = "Burns & Wellings, tau3 one unit longer",
		.srv = { VRES_SUPPLY_FULL, 0, 0, 0 },
		.n = 3, .tasks = { { 7, 3, 7, 0, 0 }, { 12, 3, 12, 0, 0 },
				   { 20, 6, 20, 0, 0 } },
		.want = { 3, 6, VRES_TIME_INF },
	}, {
		/* Admission: servers as tasks, J = T - C (deferrable). */
		.name = "deferrable servers as tasks, J = T - C",
		.srv = { VRES_SUPPLY_FULL, 0, 0, 0 },
		.n = 2, .tasks = { { 10, 3, 10, 7, 0 }, { 20, 5, 20, 15, 0 } },
		.want = { 3, 11 },
	}, {
		/* Eq 6: (T-C) + w + ceil(w/(C-X))(T-C+X) = 5 + 2 + 1 * 6. */
		.name = "Eq 6 overhead, T=10 C=5 X=1",
		.srv = { VRES_SUPPLY_EXACT, 10, 5, 1 },
		.n = 1, .tasks = { { 16, 2, 16, 0, 0 } },
		.want = { 13 },
	}, {
		/* slot: w + ceil(w/C)(T - C) = 2 + 6. */
		.name = "fixed-offset slot, T=10 C=4",
		.srv = { VRES_SUPPLY_SLOT, 10, 4, 0 },
		.n = 1, .tasks = { { 16, 2, 16, 0, 0 } },
		.want = { 8 },
	},
};

/**
 * struct vres_inverse_vector - one value of a supply model's inverse on
 *	the resource T = 10, C = 4.
 * @name: the model and the work, with the formula's terms.
 * @supply: the model.
 * @overhead: X.
 * @work: w, the work to be supplied.
 * @want: the length of the shortest interval sure to supply @work.
 */
struct vres_inverse_vector {
	const char *name;
	enum vres_supply supply;
	u64 overhead;
	u64 work;
	u64 want;
};

#define VRES_INVERSE_PERIOD	10
#define VRES_INVERSE_BUDGET	4

static const struct vres_inverse_vector vres_inverse_vectors[] = {
	/* exact: w + (ceil(w/C) + 1)(T - C) */
	{ "exact w=1: 1 + 2(T-C)", VRES_SUPPLY_EXACT, 0, 1, 1 + 2 * 6 },
	{ "exact w=4: 4 + 2(T-C)", VRES_SUPPLY_EXACT, 0, 4, 4 + 2 * 6 },
	{ "exact w=5: 5 + 3(T-C)", VRES_SUPPLY_EXACT, 0, 5, 5 + 3 * 6 },
	/* Eq 4: 2(T - C) + w + floor(w/C)(T - C): T - C more when C | w */
	{ "Eq 4 w=1: 12 + 1", VRES_SUPPLY_PAPER, 0, 1, 12 + 1 + 0 },
	{ "Eq 4 w=4: C | w costs T-C more", VRES_SUPPLY_PAPER, 0, 4,
	  12 + 4 + 6 },
	{ "Eq 4 w=5: same as exact", VRES_SUPPLY_PAPER, 0, 5, 12 + 5 + 6 },
	/* Eq 6: (T - C) + w + ceil(w/(C - X))(T - C + X), X = 1 */
	{ "Eq 6 X=1 w=3: 6 + 3 + 7", VRES_SUPPLY_EXACT, 1, 3, 6 + 3 + 1 * 7 },
	{ "Eq 6 X=1 w=4: 6 + 4 + 14", VRES_SUPPLY_EXACT, 1, 4, 6 + 4 + 2 * 7 },
	/* slot: w + ceil(w/(C - X))(T - C + X) */
	{ "slot w=4: w + (T-C)", VRES_SUPPLY_SLOT, 0, 4, 4 + 1 * 6 },
	{ "slot w=5: w + 2(T-C)", VRES_SUPPLY_SLOT, 0, 5, 5 + 2 * 6 },
	{ "slot X=2 w=2: w + (T-C+X)", VRES_SUPPLY_SLOT, 2, 2, 2 + 1 * 8 },
	/* full: w */
	{ "full w=5: w", VRES_SUPPLY_FULL, 0, 5, 5 },
};

#endif /* VRES_ANALYSIS_VECTORS_H */
