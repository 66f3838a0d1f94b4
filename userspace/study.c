// SPDX-License-Identifier: GPL-2.0
/*
 * study.c - Paper III's simulation studies on the analysis engine; see
 * study.h and Documentation/simulation.rst.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "planner.h"
#include "study.h"

/**
 * study_supply() - the engine's supply model for a study model.
 * @m: the model.
 * @overhead_ns: the overhead X.
 *
 * "paper" is the thesis's formula as printed: Eq 4 without overhead, Eq 6
 * with one. Eq 6 is exactly the engine's exact model with X > 0, so with
 * an overhead the two models are the same.
 * Return: the engine's model.
 */
enum vres_supply study_supply(enum study_model m, u64 overhead_ns)
{
	return m == STUDY_PAPER && !overhead_ns ? VRES_SUPPLY_PAPER :
						  VRES_SUPPLY_EXACT;
}

/**
 * study_upper_bound() - Figure 4.3's bound on T_VM / T_1.
 * @bw: the bandwidth C/T, < 1.
 *
 * The blackout 2(T - C) must be shorter than T_1: T/T_1 < 1 / (2(1 - C/T)).
 * Return: the bound.
 */
double study_upper_bound(double bw)
{
	return 1 / (2 * (1 - bw));
}

/**
 * study_bw() - a bandwidth as a double, for statistics and figures.
 * @bw: the bandwidth.
 *
 * Return: num / den.
 */
double study_bw(const struct vres_bandwidth *bw)
{
	return (double)bw->num / (double)bw->den;
}

struct last_interval {
	bool found;
	u64 hi;
};

static int keep_last(void *ctx, u64 lo, u64 hi)
{
	struct last_interval *l = ctx;

	(void)lo;
	l->found = true;
	l->hi = hi;
	return 0;
}

/**
 * study_max_period() - the longest period at which a bandwidth suffices.
 * @tasks: the tasks, in priority order, one group.
 * @n: number of tasks.
 * @supply: VRES_SUPPLY_EXACT or VRES_SUPPLY_PAPER (no overhead).
 * @bw: the bandwidth, 0 < C/T < 1.
 * @ws: a search workspace for @n tasks.
 * @tmax: where to store the longest feasible period, 0 if there is none.
 *
 * Exact, with the engine's feasible-period search, never by bisection:
 * schedulability is not monotone in the period. No period above
 * min_i (D_i - C_i) / (2(1 - C/T)) is feasible (the blackout alone exceeds
 * D_i - C_i), so the search covers [1, that bound], from the top down in
 * halves [hi/2 + 1, hi]: the first half with a feasible period holds the
 * longest one, and the short periods, where the feasible set is most
 * fragmented, are searched only when nothing longer works.
 * Return: 0 or a negative errno.
 */
int study_max_period(const struct vres_task *tasks, unsigned int n,
		     enum vres_supply supply, const struct vres_bandwidth *bw,
		     struct vres_search *ws, u64 *tmax)
{
	struct last_interval last = { 0 };
	u64 hi = VRES_TIME_MAX, b;
	unsigned int i;
	int ret;

	if (!bw->num || bw->num >= bw->den)
		return -EINVAL;
	*tmax = 0;
	for (i = 0; i < n; i++) {
		if (tasks[i].deadline_ns <= tasks[i].wcet_ns)
			return 0;
		if (!vres_mul_div(tasks[i].deadline_ns - tasks[i].wcet_ns,
				  bw->den, bw->den - bw->num, &b))
			b = VRES_TIME_MAX;
		if (b / 2 < hi)
			hi = b / 2;
	}
	while (hi >= 1) {
		ret = vres_feasible_periods(tasks, n, supply, 0, bw, hi / 2 + 1,
					    hi, ws, keep_last, &last);
		if (ret)
			return ret;
		if (last.found) {
			*tmax = last.hi;
			return 0;
		}
		hi /= 2;
	}
	return 0;
}

/**
 * study_worst_ratio() - max R_i/D_i of a task set on a server, capped.
 * @tasks: the tasks, in priority order, one group.
 * @n: number of tasks.
 * @srv: the server; a budget not above the overhead leaves no useful
 *	supply and gives @cap.
 * @cap: the largest ratio reported, >= 1: a response time above
 *	@cap * D_i, or none at all, counts as @cap.
 * @scratch: room for @n tasks.
 * @resp: room for @n response times (overwritten).
 * @ratio: where to store min(max_i R_i/D_i, @cap).
 *
 * The engine stops at the deadline, but the thesis's curves go on above 1
 * (Figures 4.12-4.15). A task's own response time does not depend on its
 * own period, so a missed task is analysed again as the last of a copy of
 * its prefix whose deadline (and period) is @cap * D_i.
 * Return: the number of tasks that miss their deadline (0: schedulable), or
 * a negative errno.
 */
int study_worst_ratio(const struct vres_task *tasks, unsigned int n,
		      const struct vres_resource *srv, double cap,
		      struct vres_task *scratch, u64 *resp, double *ratio)
{
	double worst = 0, lifted;
	unsigned int i;
	int misses, ret;

	if (cap < 1)
		return -EINVAL;
	if (srv->supply != VRES_SUPPLY_FULL &&
	    srv->budget_ns <= srv->overhead_ns) {
		*ratio = cap;
		return (int)n;
	}
	misses = vres_rta(tasks, n, srv, resp);
	if (misses < 0)
		return misses;
	for (i = 0; i < n; i++)
		if (resp[i] != VRES_TIME_INF)
			worst = fmax(worst, (double)resp[i] /
					    (double)tasks[i].deadline_ns);
	for (i = 0; misses && i < n && worst < cap; i++) {
		if (resp[i] != VRES_TIME_INF)
			continue;
		memcpy(scratch, tasks, (i + 1) * sizeof(*tasks));
		lifted = ceil(cap * (double)tasks[i].deadline_ns);
		scratch[i].deadline_ns = lifted >= (double)VRES_TIME_MAX ?
					 VRES_TIME_MAX : (u64)lifted;
		scratch[i].period_ns = scratch[i].deadline_ns;
		ret = vres_rta(scratch, i + 1, srv, resp);
		if (ret < 0)
			return ret;
		worst = resp[i] == VRES_TIME_INF ? cap :
			fmax(worst, (double)resp[i] /
				    (double)tasks[i].deadline_ns);
	}
	*ratio = fmin(worst, cap);
	return misses;
}

/* ---- Study 1 --------------------------------------------------------- */

static size_t study1_index(const struct study1_cfg *c, unsigned int in,
			   unsigned int iu, unsigned int ib)
{
	return ((size_t)in * c->n_us + iu) * c->n_bws + ib;
}

struct study1_point *study1_at(const struct study1 *s, unsigned int in,
			       unsigned int iu, unsigned int ib,
			       enum study_model m)
{
	return &s->pts[study1_index(&s->cfg, in, iu, ib) * STUDY_SUPPLIES + m];
}

struct study1_diff *study1_diff_at(const struct study1 *s, unsigned int in,
				   unsigned int iu, unsigned int ib)
{
	return &s->diff[study1_index(&s->cfg, in, iu, ib)];
}

static unsigned int max_n(const unsigned int *ns, unsigned int count)
{
	unsigned int i, m = 1;

	for (i = 0; i < count; i++)
		if (ns[i] > m)
			m = ns[i];
	return m;
}

static void study1_diffs(struct study1 *s)
{
	const struct study1_cfg *c = &s->cfg;
	unsigned int in, iu, ib, k;

	for (in = 0; in < c->n_ns; in++)
	for (iu = 0; iu < c->n_us; iu++)
	for (ib = 0; ib < c->n_bws; ib++) {
		const struct study1_point *p = study1_at(s, in, iu, ib,
							 STUDY_PAPER);
		const struct study1_point *e = study1_at(s, in, iu, ib,
							 STUDY_EXACT);
		struct study1_diff *d = study1_diff_at(s, in, iu, ib);
		double sum = 0, rel;

		memset(d, 0, sizeof(*d));
		for (k = 0; k < c->sets; k++) {
			if (p->tmax_ns[k] == e->tmax_ns[k])
				continue;
			d->differ++;
			if (!p->tmax_ns[k])
				d->only_exact++;
			rel = ((double)e->tmax_ns[k] - (double)p->tmax_ns[k]) /
			      (double)e->tmax_ns[k];
			sum += rel;
			d->max_rel = fmax(d->max_rel, rel);
		}
		d->mean_rel = d->differ ? sum / d->differ : 0;
	}
}

/**
 * study1_run() - the longest periods of Sections 4.6-4.7.
 * @cfg: the configuration; copied into @s.
 * @s: the results; free them with study1_free(), also on error.
 *
 * For each task count n and set k, one set is drawn (taskgen_stream(seed,
 * 1, n, k)), scaled to each utilisation u and analysed at each bandwidth
 * under each model. A point's ratio is T_VM / T_1 with T_VM the longest
 * feasible period, 0 for a set no period makes schedulable (as in the
 * thesis's figures, which show 0 there).
 * Return: 0 or a negative errno.
 */
int study1_run(const struct study1_cfg *cfg, struct study1 *s)
{
	unsigned int in, iu, ib, m, k, nmax = max_n(cfg->ns, cfg->n_ns);
	size_t npts = (size_t)cfg->n_ns * cfg->n_us * cfg->n_bws, i;
	struct taskgen_params gen = cfg->gen;
	struct vres_search *ws = NULL;
	struct taskgen_raw *raw = NULL;
	struct vres_task *tasks = NULL;
	int ret = -ENOMEM;

	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->pts = calloc(npts * STUDY_SUPPLIES, sizeof(*s->pts));
	s->diff = calloc(npts, sizeof(*s->diff));
	if (!s->pts || !s->diff)
		return -ENOMEM;
	for (i = 0; i < npts * STUDY_SUPPLIES; i++) {
		s->pts[i].ratio = calloc(cfg->sets, sizeof(double));
		s->pts[i].tmax_ns = calloc(cfg->sets, sizeof(u64));
		s->pts[i].t1_ns = calloc(cfg->sets, sizeof(u64));
		if (!s->pts[i].ratio || !s->pts[i].tmax_ns || !s->pts[i].t1_ns)
			return -ENOMEM;
	}
	ws = search_alloc(nmax);
	raw = malloc(sizeof(*raw));
	tasks = calloc(nmax, sizeof(*tasks));
	if (!ws || !raw || !tasks)
		goto out;

	for (in = 0; in < cfg->n_ns; in++) {
		gen.n = cfg->ns[in];
		for (k = 0; k < cfg->sets; k++) {
			ret = taskgen_draw(&gen, taskgen_stream(cfg->seed, 1,
								gen.n, k), raw);
			if (ret)
				goto out;
			for (iu = 0; iu < cfg->n_us; iu++) {
				ret = taskgen_scale(raw, cfg->us[iu],
						    gen.unit_ns, tasks);
				if (ret)
					goto out;
				for (ib = 0; ib < cfg->n_bws; ib++)
				for (m = 0; m < STUDY_SUPPLIES; m++) {
					struct study1_point *p;
					u64 tmax;

					if (!cfg->model[m])
						continue;
					p = study1_at(s, in, iu, ib, m);
					ret = study_max_period(tasks, gen.n,
							       study_supply(m, 0),
							       &cfg->bws[ib], ws,
							       &tmax);
					if (ret)
						goto out;
					p->tmax_ns[k] = tmax;
					p->t1_ns[k] = tasks[0].period_ns;
					p->ratio[k] = (double)tmax /
						      (double)tasks[0].period_ns;
					p->schedulable += tmax != 0;
				}
			}
		}
	}
	for (i = 0; i < npts * STUDY_SUPPLIES; i++)
		stats_of(s->pts[i].ratio, cfg->sets, &s->pts[i].st);
	if (cfg->model[STUDY_PAPER] && cfg->model[STUDY_EXACT])
		study1_diffs(s);
	ret = 0;
out:
	free(tasks);
	free(raw);
	search_free(ws);
	return ret;
}

void study1_free(struct study1 *s)
{
	size_t npts = (size_t)s->cfg.n_ns * s->cfg.n_us * s->cfg.n_bws, i;

	if (s->pts) {
		for (i = 0; i < npts * STUDY_SUPPLIES; i++) {
			free(s->pts[i].ratio);
			free(s->pts[i].tmax_ns);
			free(s->pts[i].t1_ns);
		}
	}
	free(s->pts);
	free(s->diff);
	memset(s, 0, sizeof(*s));
}

/* ---- Study 2 --------------------------------------------------------- */

struct study2_curve *study2_at(const struct study2 *s, unsigned int ig,
			       unsigned int ix, enum study_model m)
{
	return &s->curves[((size_t)ig * s->cfg.n_xs + ix) * STUDY_SUPPLIES + m];
}

struct study2_diff *study2_diff_at(const struct study2 *s, unsigned int ig,
				   unsigned int ix)
{
	return &s->diff[(size_t)ig * s->cfg.n_xs + ix];
}

/*
 * One set at one overhead: both models at every T_VM, into the curves'
 * sums, and where the two models disagree.
 */
static int study2_set(struct study2 *s, unsigned int ig, unsigned int ix,
		      const struct vres_task *tasks, struct vres_task *scratch,
		      u64 *resp)
{
	const struct study2_cfg *c = &s->cfg;
	const struct taskgen_params *g = &c->gen;
	u64 x_ns = c->xs[ix] * g->unit_ns, t;
	bool ok[STUDY_SUPPLIES] = { false }, sched_differ = false;
	struct study2_diff *d = study2_diff_at(s, ig, ix);
	unsigned int m;
	int ret;

	for (t = 1; t <= c->tvm_max; t++) {
		double ratio[STUDY_SUPPLIES] = { 0 };
		bool sched[STUDY_SUPPLIES] = { false };
		struct vres_resource srv = {
			.period_ns = t * g->unit_ns,
			.overhead_ns = x_ns,
		};

		ret = vres_budget_for(&c->grid_bw[ig], srv.period_ns,
				      &srv.budget_ns);
		if (ret)
			return ret;
		/* Exact first: with X > 0 "paper" is the same model. */
		for (m = STUDY_SUPPLIES; m-- > 0;) {
			struct study2_curve *cv = study2_at(s, ig, ix, m);

			if (!c->model[m])
				continue;
			srv.supply = study_supply(m, x_ns);
			if (m == STUDY_PAPER && c->model[STUDY_EXACT] &&
			    srv.supply == study_supply(STUDY_EXACT, x_ns)) {
				ratio[m] = ratio[STUDY_EXACT];
				sched[m] = sched[STUDY_EXACT];
			} else {
				ret = study_worst_ratio(tasks, g->n, &srv,
							c->cap, scratch, resp,
							&ratio[m]);
				if (ret < 0)
					return ret;
				sched[m] = ret == 0;
			}
			ok[m] |= sched[m];
			cv->mean[t - 1] += ratio[m];
			cv->sched[t - 1] += sched[m];
			cv->capped[t - 1] += ratio[m] >= c->cap;
		}
		if (c->model[STUDY_PAPER] && c->model[STUDY_EXACT]) {
			d->points_differ += ratio[STUDY_PAPER] !=
					    ratio[STUDY_EXACT];
			sched_differ |= sched[STUDY_PAPER] !=
					sched[STUDY_EXACT];
		}
	}
	d->sets_differ += sched_differ;
	for (m = 0; m < STUDY_SUPPLIES; m++) {
		struct study2_curve *cv = study2_at(s, ig, ix, m);
		double unit = (double)g->unit_ns;
		double t1 = (double)tasks[0].period_ns / unit;
		double c1 = (double)tasks[0].wcet_ns / unit;
		double bw = study_bw(&c->grid_bw[ig]);

		cv->sets_ok += ok[m];
		cv->lower_slope += 2 * (1 - bw) / t1;
		cv->lower_offset += (c1 + (double)c->xs[ix]) / t1;
	}
	return 0;
}

/**
 * study2_run() - the overhead study of Section 4.8.3.
 * @cfg: the configuration; copied into @s.
 * @s: the results; free them with study2_free(), also on error.
 *
 * For each set k one set is drawn (taskgen_stream(seed, 2, n, k)) and
 * scaled to each grid point's utilisation; at each overhead X and each
 * T_VM = 1 .. tvm_max time units the server has budget floor(C/T * T_VM)
 * and overhead X, and the set's max R_i/T_i, capped at cfg->cap, enters
 * the curve's mean. The prediction lines are averaged over the sets: the
 * mean of the sets' lower-bound lines is the line with their mean slope
 * and offset, and lies below the mean curve wherever no set is capped.
 * Return: 0 or a negative errno.
 */
int study2_run(const struct study2_cfg *cfg, struct study2 *s)
{
	size_t ncurves = (size_t)cfg->n_grid * cfg->n_xs * STUDY_SUPPLIES, i;
	const struct taskgen_params *g = &cfg->gen;
	struct vres_task *tasks = NULL, *scratch = NULL;
	struct taskgen_raw *raw = NULL;
	unsigned int ig, ix, k;
	u64 *resp = NULL, t;
	int ret = -ENOMEM;

	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (!cfg->tvm_max || cfg->cap < 1 || !cfg->sets)
		return -EINVAL;
	s->curves = calloc(ncurves, sizeof(*s->curves));
	s->diff = calloc((size_t)cfg->n_grid * cfg->n_xs, sizeof(*s->diff));
	if (!s->curves || !s->diff)
		return -ENOMEM;
	for (i = 0; i < ncurves; i++) {
		struct study2_curve *cv = &s->curves[i];

		cv->mean = calloc(cfg->tvm_max, sizeof(*cv->mean));
		cv->sched = calloc(cfg->tvm_max, sizeof(*cv->sched));
		cv->capped = calloc(cfg->tvm_max, sizeof(*cv->capped));
		if (!cv->mean || !cv->sched || !cv->capped)
			return -ENOMEM;
	}
	raw = malloc(sizeof(*raw));
	tasks = calloc(g->n, sizeof(*tasks));
	scratch = calloc(g->n, sizeof(*scratch));
	resp = calloc(g->n, sizeof(*resp));
	if (!raw || !tasks || !scratch || !resp)
		goto out;

	for (ig = 0; ig < cfg->n_grid; ig++) {
		for (k = 0; k < cfg->sets; k++) {
			ret = taskgen_draw(g, taskgen_stream(cfg->seed, 2, g->n,
							     k), raw);
			if (!ret)
				ret = taskgen_scale(raw, cfg->grid_u[ig],
						    g->unit_ns, tasks);
			for (ix = 0; !ret && ix < cfg->n_xs; ix++)
				ret = study2_set(s, ig, ix, tasks, scratch,
						 resp);
			if (ret)
				goto out;
		}
		for (ix = 0; ix < cfg->n_xs; ix++) {
			double bw = study_bw(&cfg->grid_bw[ig]);
			unsigned int m;

			for (m = 0; m < STUDY_SUPPLIES; m++) {
				struct study2_curve *cv = study2_at(s, ig, ix,
								    m);

				for (t = 0; t < cfg->tvm_max; t++)
					cv->mean[t] /= cfg->sets;
				cv->lower_slope /= cfg->sets;
				cv->lower_offset /= cfg->sets;
				cv->left_bound = bw > cfg->grid_u[ig] ?
					(double)cfg->xs[ix] /
					(bw - cfg->grid_u[ig]) : -1;
			}
		}
	}
	ret = 0;
out:
	free(resp);
	free(scratch);
	free(tasks);
	free(raw);
	return ret;
}

void study2_free(struct study2 *s)
{
	size_t ncurves = (size_t)s->cfg.n_grid * s->cfg.n_xs * STUDY_SUPPLIES;
	size_t i;

	if (s->curves) {
		for (i = 0; i < ncurves; i++) {
			free(s->curves[i].mean);
			free(s->curves[i].sched);
			free(s->curves[i].capped);
		}
	}
	free(s->curves);
	free(s->diff);
	memset(s, 0, sizeof(*s));
}
