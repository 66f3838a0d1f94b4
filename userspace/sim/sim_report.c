// SPDX-License-Identifier: GPL-2.0
/*
 * sim_report.c - vres-sim's data: the text/JSON report of each
 * study (one printing path, output.h) and its CSV files.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "simulate.h"

const char *const study_model_names[STUDY_SUPPLIES] = { "paper", "exact" };

/**
 * sim_open() - create DIR/NAME.SUFFIX for writing.
 * @dir: the directory (--out).
 * @name: the file's name.
 * @suffix: its extension.
 *
 * Return: the stream, or NULL after reporting why.
 */
FILE *sim_open(const char *dir, const char *name, const char *suffix)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, suffix);
	f = fopen(path, "w");
	if (!f)
		cmd_error(NULL, "%s: cannot create: %s", path,
			  strerror(errno));
	return f;
}

/**
 * sim_close() - close a file from sim_open(), reporting a write error.
 * @f: the stream.
 * @dir: as given to sim_open().
 * @name: as given to sim_open().
 * @suffix: as given to sim_open().
 *
 * Return: 0, or -1 after reporting the error.
 */
int sim_close(FILE *f, const char *dir, const char *name, const char *suffix)
{
	bool bad = ferror(f);

	if (fclose(f) || bad) {
		cmd_error(NULL, "%s/%s.%s: cannot write", dir, name,
			  suffix);
		return -1;
	}
	return 0;
}

/* ---- max-period --------------------------------------------------------- */

static void print_gen(struct out *o, const struct taskgen_params *g,
		      u64 seed, unsigned int sets)
{
	out_u64(o, OUT_ANY, "seed", "seed %llu", seed);
	out_u64(o, OUT_ANY, "sets", ", %llu sets per configuration", sets);
	out_dur(o, OUT_ANY, "unit_ns", ", 1 time unit = %s\n", g->unit_ns);
	out_open_array(o, "period_range");
	out_u64(o, OUT_ANY, NULL, "periods uniform in [%llu", g->period_min);
	out_u64(o, OUT_ANY, NULL, ", %llu] units", g->period_max);
	out_close_array(o);
	out_u64(o, OUT_ANY, "wcet_min",
		", WCETs uniform in [%llu, T_i] then scaled to u\n",
		g->wcet_min);
}

void max_period_print(struct out *o, const struct max_period_study *s)
{
	const struct max_period_cfg *c = &s->cfg;
	unsigned int in, iu, ib, m;

	out_str(o, OUT_ANY, "study", "study %s (thesis Sections 4.6-4.7)\n",
		"max-period");
	print_gen(o, &c->gen, c->seed, c->sets);
	out_text(o, "T_VM/T_1 per set: longest feasible period over the shortest task period,\n"
		    "0 where no period works; 95%% CI of the mean (Student t)\n\n");
	out_text(o, "%4s %5s %5s %-6s %8s %8s %8s %8s  %-19s %7s\n", "n", "u",
		 "C/T", "supply", "sched", "mean", "sd", "sd/mean", "95% CI",
		 "bound");
	out_open_array(o, "points");
	for (in = 0; in < c->n_ns; in++)
	for (iu = 0; iu < c->n_us; iu++)
	for (ib = 0; ib < c->n_bws; ib++)
	for (m = 0; m < STUDY_SUPPLIES; m++) {
		const struct max_period_point *p =
			max_period_at(s, in, iu, ib, m);
		double bw = study_bw(&c->bws[ib]);

		if (!c->model[m])
			continue;
		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "tasks", "%4llu", c->ns[in]);
		out_double(o, OUT_ANY, "utilization", " %5.3g", c->us[iu]);
		out_double(o, OUT_ANY, "bandwidth", " %5.3g", bw);
		out_str(o, OUT_ANY, "supply", " %-6s", study_model_names[m]);
		out_u64(o, OUT_ANY, "schedulable", " %4llu", p->schedulable);
		out_u64(o, OUT_ANY, "sets", "/%-3llu", c->sets);
		out_double(o, OUT_ANY, "mean", " %8.4f", p->st.mean);
		out_double(o, OUT_ANY, "sd", " %8.4f", p->st.sd);
		if (p->st.mean > 0)
			out_double(o, OUT_ANY, "cv", " %8.4f",
				   p->st.sd / p->st.mean);
		else
			out_null(o, OUT_ANY, "cv", " %8s", "-");
		out_open_array(o, "ci95");
		out_double(o, OUT_ANY, NULL, "  [%.4f",
			   p->st.mean - p->st.ci_half);
		out_double(o, OUT_ANY, NULL, ", %.4f]",
			   p->st.mean + p->st.ci_half);
		out_close_array(o);
		out_double(o, OUT_JSON, "min", NULL, p->st.min);
		out_double(o, OUT_JSON, "max", NULL, p->st.max);
		out_double(o, OUT_ANY, "upper_bound", " %7.4f\n",
			   study_upper_bound(bw));
		out_close_object(o);
	}
	out_close_array(o);

	if (!c->model[STUDY_PAPER] || !c->model[STUDY_EXACT])
		return;
	out_text(o, "\npaper (Eq 4 as printed) vs exact: sets whose longest period differs\n");
	out_text(o, "%4s %5s %5s %8s %11s %13s %12s\n", "n", "u", "C/T",
		 "differ", "paper none", "mean (e-p)/e", "max (e-p)/e");
	out_open_array(o, "disagreement");
	for (in = 0; in < c->n_ns; in++)
	for (iu = 0; iu < c->n_us; iu++)
	for (ib = 0; ib < c->n_bws; ib++) {
		const struct max_period_diff *d =
			max_period_diff_at(s, in, iu, ib);

		out_open_object(o, NULL);
		out_u64(o, OUT_ANY, "tasks", "%4llu", c->ns[in]);
		out_double(o, OUT_ANY, "utilization", " %5.3g", c->us[iu]);
		out_double(o, OUT_ANY, "bandwidth", " %5.3g",
			   study_bw(&c->bws[ib]));
		out_u64(o, OUT_ANY, "sets_differ", " %8llu", d->differ);
		out_u64(o, OUT_ANY, "paper_unschedulable", " %11llu",
			d->only_exact);
		out_double(o, OUT_ANY, "mean_relative", " %13.6f",
			   d->mean_rel);
		out_double(o, OUT_ANY, "max_relative", " %12.6f\n", d->max_rel);
		out_close_object(o);
	}
	out_close_array(o);
}

int max_period_csv(const struct max_period_study *s, const char *dir)
{
	const struct max_period_cfg *c = &s->cfg;
	unsigned int in, iu, ib, m, k;
	FILE *f, *g, *h = NULL;

	f = sim_open(dir, "max-period", "csv");
	g = f ? sim_open(dir, "max-period-sets", "csv") : NULL;
	if (!f || !g) {
		if (f)
			fclose(f);
		return -1;
	}
	fprintf(f, "tasks,utilization,bandwidth,supply,sets,schedulable,mean,sd,cv,ci95_lo,ci95_hi,min,max,upper_bound\n");
	fprintf(g, "tasks,utilization,bandwidth,supply,set,t1_ns,tmax_ns,ratio\n");
	for (in = 0; in < c->n_ns; in++)
	for (iu = 0; iu < c->n_us; iu++)
	for (ib = 0; ib < c->n_bws; ib++)
	for (m = 0; m < STUDY_SUPPLIES; m++) {
		const struct max_period_point *p =
			max_period_at(s, in, iu, ib, m);
		double bw = study_bw(&c->bws[ib]);

		if (!c->model[m])
			continue;
		fprintf(f, "%u,%g,%g,%s,%u,%u,%.6f,%.6f,", c->ns[in], c->us[iu],
			bw, study_model_names[m], c->sets, p->schedulable,
			p->st.mean, p->st.sd);
		if (p->st.mean > 0)
			fprintf(f, "%.6f", p->st.sd / p->st.mean);
		fprintf(f, ",%.6f,%.6f,%.6f,%.6f,%.6f\n",
			p->st.mean - p->st.ci_half, p->st.mean + p->st.ci_half,
			p->st.min, p->st.max, study_upper_bound(bw));
		for (k = 0; k < c->sets; k++)
			fprintf(g, "%u,%g,%g,%s,%u,%llu,%llu,%.9f\n", c->ns[in],
				c->us[iu], bw, study_model_names[m], k,
				p->t1_ns[k], p->tmax_ns[k], p->ratio[k]);
	}
	if (c->model[STUDY_PAPER] && c->model[STUDY_EXACT]) {
		h = sim_open(dir, "max-period-disagreement", "csv");
		if (!h) {
			fclose(f);
			fclose(g);
			return -1;
		}
		fprintf(h, "tasks,utilization,bandwidth,sets,sets_differ,paper_unschedulable,mean_relative,max_relative\n");
		for (in = 0; in < c->n_ns; in++)
		for (iu = 0; iu < c->n_us; iu++)
		for (ib = 0; ib < c->n_bws; ib++) {
			const struct max_period_diff *d =
				max_period_diff_at(s, in, iu, ib);

			fprintf(h, "%u,%g,%g,%u,%u,%u,%.6f,%.6f\n", c->ns[in],
				c->us[iu], study_bw(&c->bws[ib]), c->sets,
				d->differ, d->only_exact, d->mean_rel,
				d->max_rel);
		}
	}
	if (sim_close(f, dir, "max-period", "csv") |
	    sim_close(g, dir, "max-period-sets", "csv") |
	    (h ? sim_close(h, dir, "max-period-disagreement", "csv") : 0))
		return -1;
	return 0;
}

/* ---- overhead ----------------------------------------------------------- */

/* Where the mean curve is at most 1: first and last T_VM, 0 if nowhere. */
static void curve_summary(const struct overhead_study *s,
			  const struct overhead_study_curve *cv, u64 *argmin,
			  u64 *first, u64 *last)
{
	u64 t;

	*argmin = 1;
	*first = *last = 0;
	for (t = 1; t <= s->cfg.tvm_max; t++) {
		if (cv->mean[t - 1] < cv->mean[*argmin - 1])
			*argmin = t;
		if (cv->mean[t - 1] <= 1) {
			if (!*first)
				*first = t;
			*last = t;
		}
	}
}

/* One curve: its summary line, and the whole curve in JSON. */
static void print_curve(struct out *o, const struct overhead_study *s,
			unsigned int ig, unsigned int ix, unsigned int m)
{
	const struct overhead_study_cfg *c = &s->cfg;
	const struct overhead_study_curve *cv = overhead_study_at(s, ig, ix, m);
	u64 t, argmin, first, last;
	double reach;

	curve_summary(s, cv, &argmin, &first, &last);
	reach = (1 - cv->lower_offset) / cv->lower_slope;
	out_open_object(o, NULL);
	out_double(o, OUT_ANY, "utilization", "%5.3g", c->grid_u[ig]);
	out_double(o, OUT_ANY, "bandwidth", " %5.3g",
		   study_bw(&c->grid_bw[ig]));
	out_u64(o, OUT_ANY, "overhead", " %4llu", c->xs[ix]);
	out_str(o, OUT_ANY, "supply", " %-6s", study_model_names[m]);
	out_u64(o, OUT_ANY, "sets_schedulable", " %4llu", cv->sets_ok);
	out_u64(o, OUT_ANY, "sets", "/%-3llu", c->sets);
	out_double(o, OUT_ANY, "min_mean", " %8.3f",
		   cv->mean[argmin - 1]);
	out_u64(o, OUT_ANY, "min_mean_at", " (%4llu)", argmin);
	if (first) {
		out_open_array(o, "mean_at_most_1");
		out_u64(o, OUT_ANY, NULL, "   %4llu", first);
		out_u64(o, OUT_ANY, NULL, "..%-4llu", last);
		out_close_array(o);
	} else {
		out_null(o, OUT_ANY, "mean_at_most_1", " %12s", "never");
	}
	out_open_object(o, "prediction");
	if (cv->left_bound >= 0)
		out_double(o, OUT_ANY, "left_bound", "  %7.1f",
			   cv->left_bound);
	else
		out_null(o, OUT_ANY, "left_bound", "  %7s", "none");
	out_double(o, OUT_JSON, "lower_slope", NULL, cv->lower_slope);
	out_double(o, OUT_JSON, "lower_offset", NULL,
		   cv->lower_offset);
	out_double(o, OUT_ANY, "lower_reaches_limit_at", "..%-7.1f",
		   reach);
	out_bool(o, OUT_JSON, "empty", NULL,
		 cv->left_bound < 0 || cv->left_bound > reach);
	out_close_object(o);
	out_text(o, "%s\n", cv->left_bound < 0 ||
		 cv->left_bound > reach ? " (empty)" : "");
	out_open_array(o, "mean");
	for (t = 0; t < c->tvm_max; t++)
		out_double(o, OUT_JSON, NULL, NULL, cv->mean[t]);
	out_close_array(o);
	out_open_array(o, "schedulable");
	for (t = 0; t < c->tvm_max; t++)
		out_u64(o, OUT_JSON, NULL, NULL, cv->sched[t]);
	out_close_array(o);
	out_open_array(o, "capped");
	for (t = 0; t < c->tvm_max; t++)
		out_u64(o, OUT_JSON, NULL, NULL, cv->capped[t]);
	out_close_array(o);
	out_close_object(o);
}

/* Where the paper's supply and the exact one disagree (both were run). */
static void print_disagreement(struct out *o, const struct overhead_study *s)
{
	const struct overhead_study_cfg *c = &s->cfg;
	unsigned int ig, ix;

	out_text(o, "\npaper (Eq 4 for X = 0, Eq 6 for X > 0) vs exact: Eq 6 is the exact inverse,\n"
		    "so only X = 0 can differ\n");
	out_text(o, "%5s %5s %4s %14s %12s\n", "u", "C/T", "X", "points differ",
		 "sets differ");
	out_open_array(o, "disagreement");
	for (ig = 0; ig < c->n_grid; ig++)
	for (ix = 0; ix < c->n_xs; ix++) {
		const struct overhead_study_diff *d =
			overhead_study_diff_at(s, ig, ix);

		out_open_object(o, NULL);
		out_double(o, OUT_ANY, "utilization", "%5.3g", c->grid_u[ig]);
		out_double(o, OUT_ANY, "bandwidth", " %5.3g",
			   study_bw(&c->grid_bw[ig]));
		out_u64(o, OUT_ANY, "overhead", " %4llu", c->xs[ix]);
		out_u64(o, OUT_ANY, "points_differ", " %14llu",
			d->points_differ);
		out_u64(o, OUT_ANY, "sets_differ", " %12llu\n", d->sets_differ);
		out_close_object(o);
	}
	out_close_array(o);
}

void overhead_study_print(struct out *o, const struct overhead_study *s)
{
	const struct overhead_study_cfg *c = &s->cfg;
	unsigned int ig, ix, m;

	out_str(o, OUT_ANY, "study", "study %s (thesis Section 4.8.3)\n",
		"overhead");
	print_gen(o, &c->gen, c->seed, c->sets);
	out_u64(o, OUT_ANY, "tasks", "%llu tasks per set", c->gen.n);
	out_u64(o, OUT_ANY, "tvm_max", ", T_VM = 1 .. %llu units", c->tvm_max);
	out_double(o, OUT_ANY, "cap", ", max R_i/T_i capped at %g\n", c->cap);
	out_text(o, "curve: mean over the sets of min(max R_i/T_i, cap) at each T_VM; "
		    "sched: sets\nschedulable at some T_VM; the predicted range "
		    "runs from the left bound to\nwhere the mean lower-bound "
		    "line reaches 1 (thesis units)\n\n");
	out_text(o, "%5s %5s %4s %-6s %8s %16s %12s %18s\n", "u", "C/T", "X",
		 "supply", "sched", "min mean (at T)", "mean <= 1", "predicted");
	out_open_array(o, "curves");
	for (ig = 0; ig < c->n_grid; ig++)
	for (ix = 0; ix < c->n_xs; ix++)
	for (m = 0; m < STUDY_SUPPLIES; m++)
		if (c->model[m])
			print_curve(o, s, ig, ix, m);
	out_close_array(o);

	if (c->model[STUDY_PAPER] && c->model[STUDY_EXACT])
		print_disagreement(o, s);
}

int overhead_study_csv(const struct overhead_study *s, const char *dir)
{
	const struct overhead_study_cfg *c = &s->cfg;
	unsigned int ig, ix, m;
	FILE *f, *g = NULL;
	u64 t;

	f = sim_open(dir, "overhead", "csv");
	if (!f)
		return -1;
	fprintf(f, "utilization,bandwidth,overhead,supply,tvm,mean,schedulable,capped,sets,lower_bound\n");
	for (ig = 0; ig < c->n_grid; ig++)
	for (ix = 0; ix < c->n_xs; ix++)
	for (m = 0; m < STUDY_SUPPLIES; m++) {
		const struct overhead_study_curve *cv =
			overhead_study_at(s, ig, ix, m);

		if (!c->model[m])
			continue;
		for (t = 1; t <= c->tvm_max; t++)
			fprintf(f, "%g,%g,%llu,%s,%llu,%.6f,%u,%u,%u,%.6f\n",
				c->grid_u[ig], study_bw(&c->grid_bw[ig]),
				c->xs[ix], study_model_names[m], t,
				cv->mean[t - 1], cv->sched[t - 1],
				cv->capped[t - 1], c->sets,
				cv->lower_slope * (double)t + cv->lower_offset);
	}
	if (c->model[STUDY_PAPER] && c->model[STUDY_EXACT]) {
		g = sim_open(dir, "overhead-disagreement", "csv");
		if (!g) {
			fclose(f);
			return -1;
		}
		fprintf(g, "utilization,bandwidth,overhead,sets,points_differ,sets_differ\n");
		for (ig = 0; ig < c->n_grid; ig++)
		for (ix = 0; ix < c->n_xs; ix++) {
			const struct overhead_study_diff *d =
				overhead_study_diff_at(s, ig, ix);

			fprintf(g, "%g,%g,%llu,%u,%lu,%u\n", c->grid_u[ig],
				study_bw(&c->grid_bw[ig]), c->xs[ix], c->sets,
				d->points_differ, d->sets_differ);
		}
	}
	if (sim_close(f, dir, "overhead", "csv") |
	    (g ? sim_close(g, dir, "overhead-disagreement", "csv") : 0))
		return -1;
	return 0;
}
