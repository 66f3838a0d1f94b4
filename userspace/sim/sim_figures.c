// SPDX-License-Identifier: GPL-2.0
/*
 * sim_figures.c - the SVG figures of vres-sim, drawn after the
 * thesis's: Figures 4.4-4.9 (max-period) and 4.13-4.15 (overhead).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simulate.h"
#include "svg.h"

/* A y range from 0 that holds @top with some room, at least @least. */
static double y_top(double top, double least)
{
	return fmax(least, top * 1.08);
}

/* ---- max-period ----------------------------------------------------- */

/* Indices of the bandwidths in increasing order, for lines that go right. */
static void bw_order(const struct max_period_cfg *c, unsigned int *ord)
{
	unsigned int i, j, t;

	for (i = 0; i < c->n_bws; i++)
		ord[i] = i;
	for (i = 1; i < c->n_bws; i++)
		for (j = i; j > 0 && study_bw(&c->bws[ord[j]]) <
				     study_bw(&c->bws[ord[j - 1]]); j--) {
			t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
}

/* The left panel: sd/mean of T_VM/T_1 against C/T, one line per n. */
static void plot_cv(struct svg *svg, struct svg_plot *left,
		    const struct max_period_study *s, unsigned int iu,
		    enum study_model m, const unsigned int *ord)
{
	const struct max_period_cfg *c = &s->cfg;
	double x[STUDY_MAX_LIST], y[STUDY_MAX_LIST];
	char label[64];
	unsigned int in, i;

	svg_plot_begin(svg, left);
	for (in = 0; in < c->n_ns; in++) {
		struct svg_style st = { .color = svg_color(in), .markers = true };

		for (i = 0; i < c->n_bws; i++) {
			const struct max_period_point *p =
				max_period_at(s, in, iu, ord[i], m);

			x[i] = study_bw(&c->bws[ord[i]]);
			y[i] = p->st.mean > 0 ? p->st.sd / p->st.mean : NAN;
		}
		snprintf(label, sizeof(label), "n=%u sd/mean", c->ns[in]);
		svg_polyline(svg, left, label, x, y, c->n_bws, &st);
	}
}

/*
 * The right panel: the mean of T_VM/T_1 with its 95% interval shaded,
 * one per n, and the upper bound (@bx, @by) with the legend.
 */
static void plot_mean(struct svg *svg, struct svg_plot *right,
		      const struct max_period_study *s, unsigned int iu,
		      enum study_model m, const unsigned int *ord,
		      const double *bx, const double *by)
{
	const struct max_period_cfg *c = &s->cfg;
	struct svg_legend_entry legend[STUDY_MAX_LIST + 2];
	double x[STUDY_MAX_LIST], y[STUDY_MAX_LIST], lo[STUDY_MAX_LIST];
	double hi[STUDY_MAX_LIST];
	char label[64], labels[STUDY_MAX_LIST][16];
	unsigned int in, i;

	svg_plot_begin(svg, right);
	for (in = 0; in < c->n_ns; in++) {
		struct svg_style band = { .color = svg_color(in), .opacity = 0.2 };
		struct svg_style st = { .color = svg_color(in), .markers = true };

		for (i = 0; i < c->n_bws; i++) {
			const struct max_period_point *p =
				max_period_at(s, in, iu, ord[i], m);

			x[i] = study_bw(&c->bws[ord[i]]);
			y[i] = p->st.mean;
			lo[i] = p->st.mean - p->st.ci_half;
			hi[i] = p->st.mean + p->st.ci_half;
		}
		snprintf(label, sizeof(label), "n=%u 95%% CI", c->ns[in]);
		svg_band(svg, right, label, x, lo, hi, c->n_bws, &band);
		snprintf(label, sizeof(label), "n=%u mean", c->ns[in]);
		svg_polyline(svg, right, label, x, y, c->n_bws, &st);
		snprintf(labels[in], sizeof(labels[in]), "n = %u", c->ns[in]);
		legend[in] = (struct svg_legend_entry){ .label = labels[in],
							.style = st };
	}
	legend[c->n_ns] = (struct svg_legend_entry){
		.label = "upper bound 1/(2(1-C/T))",
		.style = { .color = "black", .dash = "6,3" },
	};
	svg_polyline(svg, right, legend[c->n_ns].label, bx, by, c->n_bws,
		     &legend[c->n_ns].style);
	legend[c->n_ns + 1] = (struct svg_legend_entry){
		.label = "95% confidence interval", .filled = true,
		.style = { .color = "#888", .opacity = 0.3 },
	};
	svg_legend(svg, right, legend, c->n_ns + 2, false);
}

/*
 * One figure per utilisation and model: left, sd/mean of T_VM/T_1 (the
 * thesis's Figures 4.4, 4.6, 4.8); right, the mean with its 95% interval
 * shaded, and the upper bound of Figure 4.3 (Figures 4.5, 4.7, 4.9).
 */
static int max_period_figure(const struct max_period_study *s, unsigned int iu,
			     enum study_model m, const char *dir)
{
	const struct max_period_cfg *c = &s->cfg;
	double bx[STUDY_MAX_LIST], by[STUDY_MAX_LIST];
	double cv_top = 0, mean_top = 0, bmax = 0;
	unsigned int ord[STUDY_MAX_LIST], in, i;
	char name[64], title[128];
	struct svg_plot left = {
		.x = 70, .y = 40, .w = 340, .h = 280, .xlo = 0, .xhi = 1,
		.xlabel = "C_VM / T_VM",
		.ylabel = "sd / mean of T_VM / T_1",
	};
	struct svg_plot right = left;
	struct svg svg;
	FILE *f;
	int ret;

	bw_order(c, ord);
	for (in = 0; in < c->n_ns; in++) {
		for (i = 0; i < c->n_bws; i++) {
			const struct max_period_point *p =
				max_period_at(s, in, iu, i, m);

			if (p->st.mean > 0)
				cv_top = fmax(cv_top, p->st.sd / p->st.mean);
			mean_top = fmax(mean_top, p->st.mean + p->st.ci_half);
			bmax = fmax(bmax, study_bw(&c->bws[i]));
		}
	}
	/*
	 * The bound at the same C/T as the data, joined by straight lines
	 * like the means: a smooth curve would pass below the chord of the
	 * convex bound between two points and look crossed by the data.
	 */
	for (i = 0; i < c->n_bws; i++) {
		bx[i] = study_bw(&c->bws[ord[i]]);
		by[i] = study_upper_bound(bx[i]);
	}
	left.yhi = y_top(cv_top, 0.05);
	right.x = 520;
	right.ylabel = "mean T_VM / T_1";
	right.yhi = y_top(fmax(mean_top, study_upper_bound(bmax)), 1);
	snprintf(title, sizeof(title), "sd/mean, u = %g (%s)", c->us[iu],
		 study_model_names[m]);
	left.title = title;

	snprintf(name, sizeof(name), "max-period-u%g-%s", c->us[iu],
		 study_model_names[m]);
	f = sim_open(dir, name, "svg");
	if (!f)
		return -1;
	svg_begin(&svg, f, 900, 370, name);
	plot_cv(&svg, &left, s, iu, m, ord);

	snprintf(title, sizeof(title), "mean T_VM/T_1, u = %g (%s, %u sets)",
		 c->us[iu], study_model_names[m], c->sets);
	right.title = title;
	plot_mean(&svg, &right, s, iu, m, ord, bx, by);
	ret = svg_end(&svg);
	return sim_close(f, dir, name, "svg") || ret ? -1 : 0;
}

/**
 * max_period_figures() - the figures of the max-period study.
 * @s: the results.
 * @dir: where to write them: max-period-uU-MODEL.svg.
 *
 * Return: 0, or -1 after reporting an error.
 */
int max_period_figures(const struct max_period_study *s, const char *dir)
{
	unsigned int iu, m;

	for (iu = 0; iu < s->cfg.n_us; iu++)
		for (m = 0; m < STUDY_SUPPLIES; m++)
			if (s->cfg.model[m] && max_period_figure(s, iu, m, dir))
				return -1;
	return 0;
}

/* ---- overhead ------------------------------------------------------- */

#define PANEL_W		440
#define PANEL_H		300
#define LEGEND_W	220

static void overhead_study_panel(struct svg *svg,
				 const struct overhead_study *s,
				 unsigned int ig, enum study_model m,
				 struct svg_plot *p, double *x, double *y)
{
	const struct overhead_study_cfg *c = &s->cfg;
	struct svg_style limit = { .color = "black", .width = 1 };
	unsigned int ix;
	char label[64];
	u64 t;

	for (t = 1; t <= c->tvm_max; t++)
		x[t - 1] = (double)t;
	svg_plot_begin(svg, p);
	svg_line(svg, p, "schedulability limit", 0, 1, (double)c->tvm_max, 1,
		 &limit);
	for (ix = 0; ix < c->n_xs; ix++) {
		const struct overhead_study_curve *cv =
			overhead_study_at(s, ig, ix, m);
		struct svg_style st = { .color = svg_color(ix) };
		struct svg_style lower = { .color = svg_color(ix), .dash = "6,3",
					   .width = 1 };
		struct svg_style leftb = { .color = svg_color(ix), .dash = "2,3",
					   .width = 1 };

		for (t = 0; t < c->tvm_max; t++)
			y[t] = cv->mean[t];
		snprintf(label, sizeof(label), "X=%llu", c->xs[ix]);
		svg_polyline(svg, p, label, x, y, c->tvm_max, &st);
		snprintf(label, sizeof(label), "lower bound X=%llu", c->xs[ix]);
		svg_line(svg, p, label, 0, cv->lower_offset,
			 (double)c->tvm_max,
			 cv->lower_offset + cv->lower_slope * (double)c->tvm_max,
			 &lower);
		if (cv->left_bound >= 0) {
			snprintf(label, sizeof(label), "left bound X=%llu",
				 c->xs[ix]);
			svg_line(svg, p, label, cv->left_bound, 0,
				 cv->left_bound, c->cap, &leftb);
		}
	}
}

/*
 * One figure per utilisation and model, one panel per C/T of that
 * utilisation (the thesis's Figures 4.13-4.15, (a)-(d)).
 */
static int overhead_study_figure(const struct overhead_study *s, double u,
				 enum study_model m, const char *dir)
{
	const struct overhead_study_cfg *c = &s->cfg;
	struct svg_legend_entry legend[STUDY_MAX_LIST + 3];
	char labels[STUDY_MAX_LIST][32], name[64], titles[STUDY_MAX_LIST][64];
	unsigned int ig, ix, panels = 0, cols, rows;
	double *x, *y;
	struct svg svg;
	FILE *f;
	int ret;

	for (ig = 0; ig < c->n_grid; ig++)
		panels += c->grid_u[ig] == u;
	cols = panels > 1 ? 2 : 1;
	rows = (panels + cols - 1) / cols;
	x = calloc(c->tvm_max, sizeof(*x));
	y = calloc(c->tvm_max, sizeof(*y));
	snprintf(name, sizeof(name), "overhead-u%g-%s", u, study_model_names[m]);
	f = x && y ? sim_open(dir, name, "svg") : NULL;
	if (!f) {
		free(x);
		free(y);
		return -1;
	}
	svg_begin(&svg, f, cols * PANEL_W + LEGEND_W, rows * PANEL_H + 20,
		  name);
	panels = 0;
	for (ig = 0; ig < c->n_grid; ig++) {
		struct svg_plot p = {
			.w = PANEL_W - 100, .h = PANEL_H - 100,
			.xlo = 0, .xhi = (double)c->tvm_max,
			.ylo = 0, .yhi = c->cap,
			.xlabel = "T_VM (time units)",
			.ylabel = "mean max R_i / T_i",
		};

		if (c->grid_u[ig] != u)
			continue;
		p.x = 70 + (panels % cols) * PANEL_W;
		p.y = 40 + (panels / cols) * PANEL_H;
		snprintf(titles[panels], sizeof(titles[panels]),
			 "(%c) u = %g, C/T = %g (%s)", 'a' + panels % 26, u,
			 study_bw(&c->grid_bw[ig]), study_model_names[m]);
		p.title = titles[panels];
		overhead_study_panel(&svg, s, ig, m, &p, x, y);
		panels++;
	}
	for (ix = 0; ix < c->n_xs; ix++) {
		snprintf(labels[ix], sizeof(labels[ix]), "X = %llu", c->xs[ix]);
		legend[ix] = (struct svg_legend_entry){
			.label = labels[ix], .style = { .color = svg_color(ix) },
		};
	}
	legend[ix++] = (struct svg_legend_entry){
		.label = "lower bound (per X)",
		.style = { .color = "#555", .dash = "6,3", .width = 1 },
	};
	legend[ix++] = (struct svg_legend_entry){
		.label = "left bound (per X)",
		.style = { .color = "#555", .dash = "2,3", .width = 1 },
	};
	legend[ix++] = (struct svg_legend_entry){
		.label = "schedulability limit",
		.style = { .color = "black", .width = 1 },
	};
	{
		struct svg_plot where = { .x = cols * PANEL_W, .y = 34,
					  .w = LEGEND_W - 10, .h = 10 };

		svg_legend(&svg, &where, legend, ix, false);
	}
	ret = svg_end(&svg);
	free(x);
	free(y);
	return sim_close(f, dir, name, "svg") || ret ? -1 : 0;
}

/**
 * overhead_study_figures() - the figures of the overhead study.
 * @s: the results.
 * @dir: where to write them: overhead-uU-MODEL.svg.
 *
 * Return: 0, or -1 after reporting an error.
 */
int overhead_study_figures(const struct overhead_study *s, const char *dir)
{
	const struct overhead_study_cfg *c = &s->cfg;
	unsigned int ig, j, m;

	for (ig = 0; ig < c->n_grid; ig++) {
		/* Each utilisation once, at its first grid point. */
		for (j = 0; j < ig && c->grid_u[j] != c->grid_u[ig]; j++)
			;
		if (j < ig)
			continue;
		for (m = 0; m < STUDY_SUPPLIES; m++)
			if (c->model[m] &&
			    overhead_study_figure(s, c->grid_u[ig], m, dir))
				return -1;
	}
	return 0;
}
