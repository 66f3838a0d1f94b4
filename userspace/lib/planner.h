/* SPDX-License-Identifier: GPL-2.0 */
/*
 * planner.h - the planning questions for a whole task set, on top of the
 * analysis engine: a guest's vCPUs all get servers with the same (C, T),
 * and each vCPU's tasks are analysed on their own server. Each question can
 * be asked of one vCPU's tasks or of all of them (VCPU_ALL).
 */
#ifndef VRESCTL_PLANNER_H
#define VRESCTL_PLANNER_H

#include <limits.h>
#include <stddef.h>

#include "output.h"
#include "taskset.h"
#include "vres_search.h"

#define VCPU_ALL	UINT_MAX

/* Options shared by plan and check. */
struct plan_opts {
	enum vres_supply supply;
	u64 overhead_ns;
};

struct ivlist {
	size_t n;
	size_t cap;
	u64 (*iv)[2];	/* [lo, hi] pairs, in order */
};

struct vres_search *search_alloc(unsigned int n);
void search_free(struct vres_search *ws);
struct vres_search *search_kept(const struct vres_task *tasks, unsigned int n);

const char *supply_name(enum vres_supply supply);
int supply_parse(const char *s, enum vres_supply *supply);

int plan_min_budget(const struct taskset *ts, unsigned int vcpu,
		    const struct plan_opts *po, u64 period, u64 *budget);
int plan_min_budgets(const struct taskset *ts, unsigned int vcpu,
		     const struct plan_opts *po, const u64 *periods,
		     size_t count, u64 *budgets);
int plan_feasible(const struct taskset *ts, unsigned int vcpu,
		  const struct plan_opts *po, const struct vres_bandwidth *bw,
		  u64 lo, u64 hi, struct ivlist *out, u64 *nodes,
		  u64 *analyses);
int plan_feasible_first(const struct taskset *ts, unsigned int vcpu,
			const struct plan_opts *po,
			const struct vres_bandwidth *bw, u64 lo, u64 hi,
			u64 *first_lo, u64 *first_hi);
int plan_best(const struct taskset *ts, unsigned int vcpu,
	      const struct plan_opts *po, u64 lo, u64 hi,
	      struct vres_resource *best);
int plan_floor_probe(const struct taskset *ts, unsigned int vcpu,
		     const struct plan_opts *po, u64 min_budget, u64 period,
		     struct vres_resource *best);
int plan_best_floor(const struct taskset *ts, unsigned int vcpu,
		    const struct plan_opts *po, u64 lo, u64 hi,
		    u64 min_budget, struct vres_resource *best);
int plan_critical(const struct taskset *ts, unsigned int vcpu,
		  const struct plan_opts *po, const struct vres_bandwidth *bw,
		  u64 period, unsigned int *task);
int ivlist_add(struct ivlist *l, u64 lo, u64 hi);
void ivlist_free(struct ivlist *l);

/* The prediction model of thesis Section 4.8.2 for one vCPU's tasks. */
struct prediction {
	unsigned int task;	/* index into ts->tasks of the first task */
	double utilization;	/* U of the vCPU */
	double left;		/* left bound T >= X / (b - U), ns; < 0: none */
	double slope;		/* lower bound: slope * T + offset */
	double offset;
	double lower;		/* where the lower bound reaches 1, ns; < 0: never */
};

void plan_prediction(const struct taskset *ts, unsigned int vcpu,
		     u64 bw_num, u64 bw_den, u64 overhead_ns,
		     struct prediction *pr);
void print_prediction(struct out *o, const struct taskset *ts,
		      unsigned int vcpu, u64 bw_num, u64 bw_den,
		      u64 overhead_ns);
void print_intervals(struct out *o, const char *key, const struct ivlist *l,
		     const char *indent, bool text);

#endif /* VRESCTL_PLANNER_H */
