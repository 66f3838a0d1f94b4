// SPDX-License-Identifier: GPL-2.0
/*
 * margin_plot.c - vresctl plan --plot FILE.svg (no --bandwidth, no
 * --period): the least bandwidth Cmin(T)/T against the period, the
 * bandwidth the budget margin asks for, Cmin(T) / ((1 - m_b) T), the
 * margin of the recommended server shaded (its budget margin as a band
 * from (1 - m_b) C/T to C/T over its period margin, which is also shaded
 * as a span) and the recommended and least-bandwidth servers marked.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "duration.h"
#include "margin.h"
#include "plot.h"
#include "svg.h"

/* Periods at which the curves are sampled. */
#define MPLOT_POINTS	300

/* A unit for the period axis in which the range reads well. */
static u64 axis_unit(u64 hi, const char **name)
{
	if (hi >= 2000000000ULL) {
		*name = "s";
		return 1000000000ULL;
	}
	if (hi >= 2000000) {
		*name = "ms";
		return 1000000;
	}
	*name = hi >= 2000 ? "us" : "ns";
	return hi >= 2000 ? 1000 : 1;
}

/* The curves: Cmin(T)/T and that over (1 - m_b); NaN where none. */
static int sample(const struct taskset *ts, const struct plan_opts *po,
		  const struct margin *m, u64 lo, u64 end, double unit,
		  double *x, double *y, double *yb, double *top)
{
	unsigned int k;
	u64 t, c;
	int ret;

	for (k = 0; k < MPLOT_POINTS; k++) {
		t = lo + (u64)((double)(end - lo) * k / (MPLOT_POINTS - 1));
		x[k] = (double)t / unit;
		y[k] = NAN;
		yb[k] = NAN;
		ret = plan_min_budget(ts, VCPU_ALL, po, t, &c);
		if (ret == -ERANGE)
			continue;
		if (ret)
			return ret;
		y[k] = (double)c / (double)t;
		yb[k] = y[k] * 1e6 / (double)(1000000 - m->budget_ppm);
		*top = fmax(*top, fmin(yb[k], 1.0));
	}
	return 0;
}

static void draw(struct svg *svg, struct svg_plot *p, const struct margin *m,
		 const struct vres_resource *rec,
		 const struct vres_resource *least, const double *x,
		 const double *y, const double *yb, double unit)
{
	struct svg_style curve = { .color = "#1f77b4", .width = 2 };
	struct svg_style need = { .color = "#ff7f0e", .dash = "6,3" };
	struct svg_style window = { .color = "#2ca02c", .opacity = 0.15 };
	struct svg_style band = { .color = "#2ca02c", .opacity = 0.45 };
	struct svg_style mark = { .color = "#d62728", .width = 0.01,
				  .markers = true };
	struct svg_style mark0 = { .color = "#1f77b4", .width = 0.01,
				   .markers = true };
	struct svg_legend_entry legend[] = {
		{ .label = "least bandwidth Cmin(T)/T", .style = curve },
		{ .label = "with the budget margin", .style = need },
		{ .label = "period margin", .style = window, .filled = true },
		{ .label = "budget margin", .style = band, .filled = true },
		{ .label = "recommended server", .style = mark },
		{ .label = "least bandwidth, no margin", .style = mark0 },
	};
	double b = (double)rec->budget_ns / (double)rec->period_ns;
	double d = (double)margin_delta(rec->period_ns, m->period_ppm) / unit;
	double tr = (double)rec->period_ns / unit;
	double span[1][2] = { { tr - d, tr + d } };
	double bx[2] = { tr - d, tr + d };
	double blo[2] = { b * (1e6 - (double)m->budget_ppm) / 1e6,
			  b * (1e6 - (double)m->budget_ppm) / 1e6 };
	double bhi[2] = { b, b };
	double lx = (double)least->period_ns / unit;
	double ly = (double)least->budget_ns / (double)least->period_ns;
	struct svg_plot where = { .x = p->x + p->w + 8, .y = p->y, .w = 10,
				  .h = 10 };

	svg_plot_begin(svg, p);
	svg_spans(svg, p, "period margin", (const double (*)[2])span, 1,
		  &window);
	svg_band(svg, p, "budget margin", bx, blo, bhi, 2, &band);
	svg_polyline(svg, p, "least bandwidth", x, y, MPLOT_POINTS, &curve);
	svg_polyline(svg, p, "with the budget margin", x, yb, MPLOT_POINTS,
		     &need);
	svg_polyline(svg, p, "least bandwidth, no margin", &lx, &ly, 1,
		     &mark0);
	svg_polyline(svg, p, "recommended server", &tr, &b, 1, &mark);
	svg_legend(svg, &where, legend, sizeof(legend) / sizeof(legend[0]),
		   false);
}

/**
 * plan_margin_plot() - draw the least bandwidth and the recommendation.
 * @f: where to write the SVG document (the caller opens and closes it).
 * @ts: the task set.
 * @po: supply model and overhead.
 * @m: the margins asked for.
 * @rec: the recommended server.
 * @least: the least-bandwidth server (without margin).
 * @lo: the range's shortest period.
 * @hi: the range's longest period.
 *
 * The period axis runs from @lo to four times the longer of the two
 * servers' periods (or @hi), so that both and the margin can be seen.
 * Return: 0 or a negative errno.
 */
int plan_margin_plot(FILE *f, const struct taskset *ts,
		     const struct plan_opts *po, const struct margin *m,
		     const struct vres_resource *rec,
		     const struct vres_resource *least, u64 lo, u64 hi)
{
	double *x = calloc(3 * MPLOT_POINTS, sizeof(*x)), top = 0;
	u64 far = rec->period_ns > least->period_ns ? rec->period_ns :
		  least->period_ns;
	u64 end = far < hi / 4 ? 4 * far : hi, unit;
	char xlabel[64], title[256], xs[DURATION_STR_MAX];
	struct svg_plot p = { .x = 70, .y = 40, .w = 560, .h = 330 };
	const char *uname;
	struct svg svg;
	int ret;

	if (!x)
		return -ENOMEM;
	if (end <= lo)
		end = lo + 1;
	unit = axis_unit(end, &uname);
	ret = sample(ts, po, m, lo, end, (double)unit, x, x + MPLOT_POINTS,
		     x + 2 * MPLOT_POINTS, &top);
	if (ret)
		goto out;
	snprintf(xlabel, sizeof(xlabel), "server period T (%s)", uname);
	snprintf(title, sizeof(title), "%s: X = %s, supply %s", ts->name,
		 duration_str(po->overhead_ns, xs), supply_name(po->supply));
	p.xlo = (double)lo / (double)unit;
	p.xhi = (double)end / (double)unit;
	p.ylo = 0;
	p.yhi = fmin(1.0, fmax(top, (double)rec->budget_ns /
				    (double)rec->period_ns) * 1.1);
	p.xlabel = xlabel;
	p.ylabel = "bandwidth C/T";
	p.title = title;
	svg_begin(&svg, f, 880, 420, title);
	draw(&svg, &p, m, rec, least, x, x + MPLOT_POINTS,
	     x + 2 * MPLOT_POINTS, (double)unit);
	if (svg_end(&svg))
		ret = -EIO;
out:
	free(x);
	return ret;
}
