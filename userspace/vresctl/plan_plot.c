// SPDX-License-Identifier: GPL-2.0
/*
 * plan_plot.c - vresctl plan --bandwidth B --plot FILE.svg: the thesis's
 * Figure 4.12 for one task set. max R_i/D_i against the server period at
 * bandwidth B, with the prediction model's three lines (Section 4.8.2) and
 * the exact feasible periods shaded.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "plot.h"
#include "ratio.h"
#include "svg.h"

/* Points of the sampled curve. */
#define PLOT_POINTS	600
/* Ratios above this are drawn at it (and "no useful budget" too). */
#define PLOT_CAP	3.0

/* A unit for the period axis in which the range reads well. */
static void axis_unit(u64 hi, u64 *unit, const char **name)
{
	static const struct {
		u64 ns;
		const char *name;
	} units[] = {
		{ 1000000000ULL, "s" }, { 1000000, "ms" }, { 1000, "us" },
		{ 1, "ns" },
	};
	unsigned int i;

	for (i = 0; i < 3 && hi < 2 * units[i].ns; i++)
		;
	*unit = units[i].ns;
	*name = units[i].name;
}

/*
 * The plotted range ends where no period can work any more: a little past
 * the last point where a lower-bound line reaches 1 and the last feasible
 * period, unless --max-period was given.
 */
static u64 plot_end(const struct taskset *ts, const struct plan_opts *po,
		    const struct vres_bandwidth *bw,
		    const struct ivlist *feasible, u64 max_period)
{
	double end = 0;
	unsigned int v;

	for (v = 0; v < ts->vcpus; v++) {
		struct prediction pr;

		if (!taskset_vcpu_len(ts, v))
			continue;
		plan_prediction(ts, v, bw->num, bw->den, po->overhead_ns, &pr);
		end = fmax(end, pr.lower);
		end = fmax(end, pr.left);
	}
	if (feasible->n)
		end = fmax(end, (double)feasible->iv[feasible->n - 1][1]);
	end *= 1.25;
	if (!(end >= 1) || end > (double)max_period)
		return max_period;
	return (u64)end;
}

/* max over the vCPUs of min(max R_i/D_i, cap) at period t. */
static int worst_at(const struct taskset *ts, const struct plan_opts *po,
		    const struct vres_bandwidth *bw, u64 t,
		    struct vres_task *scratch, u64 *resp, double *worst)
{
	struct vres_resource srv = {
		.supply = po->supply, .period_ns = t,
		.overhead_ns = po->overhead_ns,
	};
	unsigned int v;
	double r;
	int ret;

	ret = vres_budget_for(bw, t, &srv.budget_ns);
	if (ret)
		return ret;
	*worst = 0;
	for (v = 0; v < ts->vcpus; v++) {
		if (!taskset_vcpu_len(ts, v))
			continue;
		ret = rta_worst_ratio(ts->vt + ts->vcpu_start[v],
				      taskset_vcpu_len(ts, v), &srv,
				      PLOT_CAP, scratch, resp, &r);
		if (ret < 0)
			return ret;
		*worst = fmax(*worst, r);
	}
	return 0;
}

static void draw(struct svg *svg, struct svg_plot *p,
		 const struct taskset *ts, const struct plan_opts *po,
		 const struct vres_bandwidth *bw, const struct ivlist *feasible,
		 u64 min_period, const double *x, const double *y, double unit)
{
	struct svg_style shade = { .color = "#2ca02c", .opacity = 0.25 };
	struct svg_style curve = { .color = "#1f77b4", .width = 2 };
	struct svg_style limit = { .color = "black", .width = 1 };
	struct svg_style left = { .color = "#d62728", .dash = "2,3" };
	struct svg_style lower = { .color = "#9467bd", .dash = "6,3" };
	struct svg_style skipped = { .color = "#999", .opacity = 0.25 };
	struct svg_legend_entry legend[6] = {
		{ .label = "max R_i/D_i", .style = curve },
		{ .label = "feasible periods (exact)", .style = shade,
		  .filled = true },
		{ .label = "schedulability limit", .style = limit },
		{ .label = "left bound (C-X)/T = U", .style = left },
		{ .label = "lower bound (2(T-C)+C_1+X)/D_1", .style = lower },
		{ .label = "not searched (--min-period)", .style = skipped,
		  .filled = true },
	};
	double (*iv)[2] = calloc(feasible->n ? feasible->n : 1, sizeof(*iv));
	char label[96];
	unsigned int v;
	size_t i;

	svg_plot_begin(svg, p);
	for (i = 0; iv && i < feasible->n; i++) {
		iv[i][0] = (double)feasible->iv[i][0] / unit;
		iv[i][1] = (double)feasible->iv[i][1] / unit;
	}
	svg_spans(svg, p, "feasible periods", (const double (*)[2])iv,
		  iv ? feasible->n : 0, &shade);
	free(iv);
	/* Below --min-period plan did not search: say so, do not shade it. */
	if (min_period > 1) {
		double below[1][2] = { { 0, (double)min_period / unit } };

		svg_spans(svg, p, "not searched", (const double (*)[2])below, 1,
			  &skipped);
	}
	svg_line(svg, p, "schedulability limit", 0, 1, p->xhi, 1, &limit);
	for (v = 0; v < ts->vcpus; v++) {
		struct prediction pr;
		const char *suffix = ts->vcpus > 1 ? " vcpu " : "";

		if (!taskset_vcpu_len(ts, v))
			continue;
		plan_prediction(ts, v, bw->num, bw->den, po->overhead_ns, &pr);
		if (pr.left >= 0) {
			snprintf(label, sizeof(label), "left bound%s%.0u",
				 suffix, ts->vcpus > 1 ? v : 0);
			svg_line(svg, p, label, pr.left / unit, 0,
				 pr.left / unit, p->yhi, &left);
		}
		snprintf(label, sizeof(label), "lower bound%s%.0u", suffix,
			 ts->vcpus > 1 ? v : 0);
		svg_line(svg, p, label, 0, pr.offset, p->xhi,
			 pr.offset + pr.slope * p->xhi * unit, &lower);
	}
	svg_polyline(svg, p, "max R_i/D_i", x, y, PLOT_POINTS, &curve);
	{
		/* Right of the frame, where it hides nothing. */
		struct svg_plot where = { .x = p->x + p->w + 8, .y = p->y,
					  .w = 10, .h = 10 };

		svg_legend(svg, &where, legend, 6, false);
	}
}

/**
 * plan_plot() - draw max R_i/D_i against the period at one bandwidth.
 * @f: where to write the SVG document (the caller opens and closes it).
 * @ts: the task set.
 * @po: supply model and overhead.
 * @bw: the bandwidth.
 * @feasible: the exact feasible periods in [@min_period, @max_period].
 * @min_period: the search range's start (--min-period); shorter periods
 *	were not searched and are marked so.
 * @max_period: the search range's end (--max-period).
 * @have_max: @max_period was given, so it ends the plot too.
 *
 * The curve is sampled at PLOT_POINTS periods and can miss an isolated
 * feasible period; the shading is exact (plan's own intervals), so it
 * shows every one. A response time above PLOT_CAP times the deadline, or
 * a budget without useful time, is drawn at PLOT_CAP.
 * Return: 0 or a negative errno.
 */
int plan_plot(FILE *f, const struct taskset *ts,
	      const struct plan_opts *po, const struct vres_bandwidth *bw,
	      const struct ivlist *feasible, u64 min_period, u64 max_period,
	      bool have_max)
{
	u64 end = have_max ? max_period : plot_end(ts, po, bw, feasible,
						    max_period);
	char xlabel[64], title[256], frac[48], xs[DURATION_STR_MAX];
	double x[PLOT_POINTS], y[PLOT_POINTS], top = 1.2;
	struct vres_task *scratch = calloc(ts->n, sizeof(*scratch));
	u64 *resp = calloc(ts->n, sizeof(*resp));
	struct svg_plot p = { .x = 70, .y = 40, .w = 560, .h = 330 };
	const char *uname;
	struct svg svg;
	unsigned int k;
	u64 unit, t;
	int ret = 0;

	if (!scratch || !resp) {
		ret = -ENOMEM;
		goto out;
	}
	axis_unit(end, &unit, &uname);
	for (k = 0; k < PLOT_POINTS; k++) {
		t = end / PLOT_POINTS * (k + 1) + end % PLOT_POINTS * (k + 1) /
						  PLOT_POINTS;
		x[k] = (double)t / (double)unit;
		y[k] = PLOT_CAP;
		if (t) {
			ret = worst_at(ts, po, bw, t, scratch, resp, &y[k]);
			if (ret)
				goto out;
		}
		top = fmax(top, y[k]);
	}
	snprintf(xlabel, sizeof(xlabel), "server period T_VM (%s)", uname);
	snprintf(title, sizeof(title), "%s: C/T = %s, X = %s, supply %s",
		 ts->name, fraction_str(bw->num, bw->den, frac, sizeof(frac)),
		 duration_str(po->overhead_ns, xs), supply_name(po->supply));
	p.xlo = 0;
	p.xhi = (double)end / (double)unit;
	p.ylo = 0;
	p.yhi = fmin(PLOT_CAP, top) * 1.05;
	p.xlabel = xlabel;
	p.ylabel = "max R_i / D_i";
	p.title = title;

	svg_begin(&svg, f, 880, 420, title);
	draw(&svg, &p, ts, po, bw, feasible, min_period, x, y, (double)unit);
	if (svg_end(&svg))
		ret = -EIO;
out:
	free(scratch);
	free(resp);
	return ret;
}
