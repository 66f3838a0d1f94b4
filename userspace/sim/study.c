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
#include "ratio.h"
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

/* ---- Study 1 --------------------------------------------------------- */

static size_t max_period_index(const struct max_period_cfg *c, unsigned int in,
			       unsigned int iu, unsigned int ib)
{
	return ((size_t)in * c->n_us + iu) * c->n_bws + ib;
}

struct max_period_point *max_period_at(const struct max_period_study *s,
				       unsigned int in, unsigned int iu,
				       unsigned int ib, enum study_model m)
{
	size_t i = max_period_index(&s->cfg, in, iu, ib);

	return &s->pts[i * STUDY_SUPPLIES + m];
}

struct max_period_diff *max_period_diff_at(const struct max_period_study *s,
					   unsigned int in, unsigned int iu,
					   unsigned int ib)
{
	return &s->diff[max_period_index(&s->cfg, in, iu, ib)];
}

static unsigned int max_n(const unsigned int *ns, unsigned int count)
{
	unsigned int i, m = 1;

	for (i = 0; i < count; i++)
		if (ns[i] > m)
			m = ns[i];
	return m;
}

static void max_period_diffs(struct max_period_study *s)
{
	const struct max_period_cfg *c = &s->cfg;
	unsigned int in, iu, ib, k;

	for (in = 0; in < c->n_ns; in++)
	for (iu = 0; iu < c->n_us; iu++)
	for (ib = 0; ib < c->n_bws; ib++) {
		const struct max_period_point *p = max_period_at(s, in, iu, ib,
							 STUDY_PAPER);
		const struct max_period_point *e = max_period_at(s, in, iu, ib,
							 STUDY_EXACT);
		struct max_period_diff *d = max_period_diff_at(s, in, iu, ib);
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
 * max_period_run() - the longest periods of Sections 4.6-4.7.
 * @cfg: the configuration; copied into @s.
 * @s: the results; free them with max_period_free(), also on error.
 *
 * For each task count n and set k, one set is drawn (taskgen_stream(seed,
 * 1, n, k)), scaled to each utilisation u and analysed at each bandwidth
 * under each model. A point's ratio is T_VM / T_1 with T_VM the longest
 * feasible period, 0 for a set no period makes schedulable (as in the
 * thesis's figures, which show 0 there).
 * Return: 0 or a negative errno.
 */
int max_period_run(const struct max_period_cfg *cfg, struct max_period_study *s)
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
					struct max_period_point *p;
					u64 tmax;

					if (!cfg->model[m])
						continue;
					p = max_period_at(s, in, iu, ib, m);
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
		max_period_diffs(s);
	ret = 0;
out:
	free(tasks);
	free(raw);
	search_free(ws);
	return ret;
}

void max_period_free(struct max_period_study *s)
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

struct overhead_study_curve *overhead_study_at(const struct overhead_study *s,
					       unsigned int ig, unsigned int ix,
					       enum study_model m)
{
	return &s->curves[((size_t)ig * s->cfg.n_xs + ix) * STUDY_SUPPLIES + m];
}

struct overhead_study_diff *
overhead_study_diff_at(const struct overhead_study *s, unsigned int ig,
		       unsigned int ix)
{
	return &s->diff[(size_t)ig * s->cfg.n_xs + ix];
}

/*
 * One set at one overhead: both models at every T_VM, into the curves'
 * sums, and where the two models disagree.
 */
static int overhead_study_set(struct overhead_study *s, unsigned int ig,
			      unsigned int ix, const struct vres_task *tasks,
			      struct vres_task *scratch, u64 *resp)
{
	const struct overhead_study_cfg *c = &s->cfg;
	const struct taskgen_params *g = &c->gen;
	u64 x_ns = c->xs[ix] * g->unit_ns, t;
	bool ok[STUDY_SUPPLIES] = { false }, sched_differ = false;
	struct overhead_study_diff *d = overhead_study_diff_at(s, ig, ix);
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
			struct overhead_study_curve *cv =
				overhead_study_at(s, ig, ix, m);

			if (!c->model[m])
				continue;
			srv.supply = study_supply(m, x_ns);
			if (m == STUDY_PAPER && c->model[STUDY_EXACT] &&
			    srv.supply == study_supply(STUDY_EXACT, x_ns)) {
				ratio[m] = ratio[STUDY_EXACT];
				sched[m] = sched[STUDY_EXACT];
			} else {
				ret = rta_worst_ratio(tasks, g->n, &srv,
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
		struct overhead_study_curve *cv =
			overhead_study_at(s, ig, ix, m);
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
 * overhead_study_run() - the overhead study of Section 4.8.3.
 * @cfg: the configuration; copied into @s.
 * @s: the results; free them with overhead_study_free(), also on error.
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
int overhead_study_run(const struct overhead_study_cfg *cfg,
		       struct overhead_study *s)
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
		struct overhead_study_curve *cv = &s->curves[i];

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
				ret = overhead_study_set(s, ig, ix, tasks,
							 scratch, resp);
			if (ret)
				goto out;
		}
		for (ix = 0; ix < cfg->n_xs; ix++) {
			double bw = study_bw(&cfg->grid_bw[ig]);
			unsigned int m;

			for (m = 0; m < STUDY_SUPPLIES; m++) {
				struct overhead_study_curve *cv =
					overhead_study_at(s, ig, ix, m);

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

void overhead_study_free(struct overhead_study *s)
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
