// SPDX-License-Identifier: GPL-2.0
/*
 * svg.c - a small SVG writer for vresctl's figures; see svg.h.
 *
 * Plain SVG 1.1, no scripts, no external fonts or styles: the files open
 * in any browser and can be embedded in documentation as they are.
 * Coordinates are written with one decimal, enough for a figure of a few
 * hundred pixels, so that a figure is small and the same on every machine.
 */
#include <math.h>
#include <stdlib.h>

#include "svg.h"

#define SVG_FONT	"font-family=\"sans-serif\""

const char *svg_color(unsigned int i)
{
	static const char *const palette[] = {
		"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
		"#8c564b", "#e377c2", "#17becf",
	};

	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* Text content and attribute values with &, <, > and " escaped. */
static void put_escaped(FILE *f, const char *t)
{
	for (; t && *t; t++) {
		switch (*t) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*t, f);
		}
	}
}

/**
 * svg_begin() - start a figure.
 * @s: the writer.
 * @f: where to write it.
 * @width: width in pixels.
 * @height: height in pixels.
 * @title: the document's title (an SVG <title>).
 */
void svg_begin(struct svg *s, FILE *f, double width, double height,
	       const char *title)
{
	s->f = f;
	s->clip_ids = 0;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n"
		   "<title>", width, height, width, height);
	put_escaped(f, title);
	fprintf(f, "</title>\n<rect width=\"100%%\" height=\"100%%\" "
		   "fill=\"white\"/>\n");
}

/**
 * svg_end() - finish a figure.
 * @s: the writer.
 *
 * Return: 0, or -1 if writing failed.
 */
int svg_end(struct svg *s)
{
	fputs("</svg>\n", s->f);
	return fflush(s->f) || ferror(s->f) ? -1 : 0;
}

static double px(const struct svg_plot *p, double v)
{
	return p->x + (v - p->xlo) / (p->xhi - p->xlo) * p->w;
}

static double py(const struct svg_plot *p, double v)
{
	return p->y + p->h - (v - p->ylo) / (p->yhi - p->ylo) * p->h;
}

/*
 * Clamp a pixel coordinate far outside the frame to a finite value that is
 * still outside it: the clip path hides it, and the file stays readable.
 */
static double clampx(double v)
{
	return fmax(-1e5, fmin(1e5, v));
}

/* A tick step of 1, 2 or 5 times a power of ten, about @want ticks. */
static double tick_step(double lo, double hi, double want)
{
	double raw = (hi - lo) / want, mag = pow(10, floor(log10(raw)));
	double norm = raw / mag;

	if (norm < 1.5)
		return mag;
	if (norm < 3.5)
		return 2 * mag;
	if (norm < 7.5)
		return 5 * mag;
	return 10 * mag;
}

static void text(struct svg *s, double x, double y, const char *anchor,
		 double size, const char *extra, const char *t)
{
	fprintf(s->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
		      "font-size=\"%.0f\" " SVG_FONT "%s%s>",
		x, y, anchor, size, extra ? " " : "", extra ? extra : "");
	put_escaped(s->f, t);
	fputs("</text>\n", s->f);
}

static void axis_ticks(struct svg *s, const struct svg_plot *p, bool xaxis)
{
	double lo = xaxis ? p->xlo : p->ylo, hi = xaxis ? p->xhi : p->yhi;
	double step = tick_step(lo, hi, xaxis ? 6 : 5), v;
	char buf[32];
	long k;

	for (k = (long)ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9;
	     k++) {
		v = k * step;
		/* Print 0 as 0, not as a rounding residue like -1e-17. */
		snprintf(buf, sizeof(buf), "%g", fabs(v) < step * 1e-9 ? 0 : v);
		if (xaxis) {
			fprintf(s->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				      "y2=\"%.1f\" stroke=\"#ddd\"/>\n",
				px(p, v), p->y, px(p, v), p->y + p->h + 4);
			text(s, px(p, v), p->y + p->h + 16, "middle", 11, NULL,
			     buf);
		} else {
			fprintf(s->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				      "y2=\"%.1f\" stroke=\"#ddd\"/>\n",
				p->x - 4, py(p, v), p->x + p->w, py(p, v));
			text(s, p->x - 7, py(p, v) + 4, "end", 11, NULL, buf);
		}
	}
}

/**
 * svg_plot_begin() - draw a plot's frame, grid, ticks, labels and title.
 * @s: the writer.
 * @p: the plot: its frame in pixels, its data ranges (hi > lo) and texts;
 *	p->clip is set to the clip path of its frame.
 */
void svg_plot_begin(struct svg *s, struct svg_plot *p)
{
	char rot[96];

	p->clip = ++s->clip_ids;
	fprintf(s->f, "<clipPath id=\"clip%u\"><rect x=\"%.1f\" y=\"%.1f\" "
		      "width=\"%.1f\" height=\"%.1f\"/></clipPath>\n",
		p->clip, p->x, p->y, p->w, p->h);
	axis_ticks(s, p, true);
	axis_ticks(s, p, false);
	fprintf(s->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		      "height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n",
		p->x, p->y, p->w, p->h);
	if (p->xlabel)
		text(s, p->x + p->w / 2, p->y + p->h + 34, "middle", 12, NULL,
		     p->xlabel);
	if (p->ylabel) {
		snprintf(rot, sizeof(rot), "transform=\"rotate(-90 %.1f %.1f)\"",
			 p->x - 40, p->y + p->h / 2);
		text(s, p->x - 40, p->y + p->h / 2, "middle", 12, rot,
		     p->ylabel);
	}
	if (p->title)
		text(s, p->x + p->w / 2, p->y - 8, "middle", 13,
		     "font-weight=\"bold\"", p->title);
}

static void series_open(struct svg *s, const struct svg_plot *p,
			const char *name)
{
	fprintf(s->f, "<g class=\"series\" clip-path=\"url(#clip%u)\"><title>",
		p->clip);
	put_escaped(s->f, name);
	fputs("</title>\n", s->f);
}

static void stroke(struct svg *s, const struct svg_style *st)
{
	fprintf(s->f, " fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"",
		st->color, st->width > 0 ? st->width : 1.5);
	if (st->dash)
		fprintf(s->f, " stroke-dasharray=\"%s\"", st->dash);
}

/* Distance of point i from the segment a-b, in pixels. */
static double seg_dist(const double *x, const double *y, size_t a, size_t b,
		       size_t i)
{
	double dx = x[b] - x[a], dy = y[b] - y[a], len2 = dx * dx + dy * dy;
	double t;

	if (len2 == 0)
		return hypot(x[i] - x[a], y[i] - y[a]);
	t = fmax(0, fmin(1, ((x[i] - x[a]) * dx + (y[i] - y[a]) * dy) / len2));
	return hypot(x[i] - (x[a] + t * dx), y[i] - (y[a] + t * dy));
}

/*
 * Douglas-Peucker: keep[] marks the points of x/y[0 .. n) (pixels) that a
 * line through them needs to stay within SVG_TOLERANCE pixels of every
 * point. A long smooth curve shrinks to a few points per bend, which
 * keeps the figures small; the drawing does not change visibly.
 */
#define SVG_TOLERANCE	0.25

static int simplify(const double *x, const double *y, size_t n, bool *keep)
{
	size_t *stack, top = 0, a, b, i, far;
	double d, dmax;

	for (i = 0; i < n; i++)
		keep[i] = i == 0 || i == n - 1;
	if (n < 3)
		return 0;
	stack = malloc(2 * n * sizeof(*stack));
	if (!stack)
		return -1;
	stack[top++] = 0;
	stack[top++] = n - 1;
	while (top) {
		b = stack[--top];
		a = stack[--top];
		dmax = 0;
		far = a;
		for (i = a + 1; i < b; i++) {
			d = seg_dist(x, y, a, b, i);
			if (d > dmax) {
				dmax = d;
				far = i;
			}
		}
		if (dmax <= SVG_TOLERANCE)
			continue;
		keep[far] = true;
		stack[top++] = a;
		stack[top++] = far;
		stack[top++] = far;
		stack[top++] = b;
	}
	free(stack);
	return 0;
}

/* One unbroken run of points as a <polyline>. */
static void polyline_run(struct svg *s, const double *x, const double *y,
			 size_t n, const struct svg_style *st)
{
	bool *keep = malloc(n * sizeof(*keep));
	size_t i;

	fputs("<polyline points=\"", s->f);
	if (!keep || simplify(x, y, n, keep)) {
		free(keep);
		keep = NULL;
	}
	for (i = 0; i < n; i++)
		if (!keep || keep[i])
			fprintf(s->f, "%.1f,%.1f ", x[i], y[i]);
	fputc('"', s->f);
	stroke(s, st);
	fputs("/>\n", s->f);
	free(keep);
}

/**
 * svg_polyline() - a data series as a line, broken where x or y is NaN.
 * @s: the writer.
 * @p: the plot.
 * @name: the series' name.
 * @x: abscissae.
 * @y: ordinates.
 * @n: number of points.
 * @st: the look.
 *
 * Each unbroken run is one <polyline>, simplified (see simplify()); with
 * st->markers every data point also gets a circle.
 */
void svg_polyline(struct svg *s, const struct svg_plot *p, const char *name,
		  const double *x, const double *y, size_t n,
		  const struct svg_style *st)
{
	double *xs = malloc((n ? n : 1) * sizeof(*xs));
	double *ys = malloc((n ? n : 1) * sizeof(*ys));
	size_t i, run = 0;

	series_open(s, p, name);
	for (i = 0; xs && ys && i <= n; i++) {
		if (i < n && !isnan(x[i]) && !isnan(y[i])) {
			xs[run] = clampx(px(p, x[i]));
			ys[run] = clampx(py(p, y[i]));
			run++;
		} else if (run) {
			polyline_run(s, xs, ys, run, st);
			run = 0;
		}
	}
	for (i = 0; st->markers && i < n; i++)
		if (!isnan(x[i]) && !isnan(y[i]))
			fprintf(s->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
				      "fill=\"%s\"/>\n",
				clampx(px(p, x[i])), clampx(py(p, y[i])),
				st->color);
	fputs("</g>\n", s->f);
	free(xs);
	free(ys);
}

/**
 * svg_band() - a shaded band between two curves (e.g. a confidence
 *	interval); points where any value is NaN are left out.
 * @s: the writer.
 * @p: the plot.
 * @name: the series' name.
 * @x: abscissae.
 * @lo: lower edge.
 * @hi: upper edge.
 * @n: number of points.
 * @st: the look (color and opacity).
 */
void svg_band(struct svg *s, const struct svg_plot *p, const char *name,
	      const double *x, const double *lo, const double *hi, size_t n,
	      const struct svg_style *st)
{
	size_t i;

	series_open(s, p, name);
	fputs("<polygon points=\"", s->f);
	for (i = 0; i < n; i++)
		if (!isnan(x[i]) && !isnan(lo[i]) && !isnan(hi[i]))
			fprintf(s->f, "%.1f,%.1f ", clampx(px(p, x[i])),
				clampx(py(p, hi[i])));
	for (i = n; i-- > 0;)
		if (!isnan(x[i]) && !isnan(lo[i]) && !isnan(hi[i]))
			fprintf(s->f, "%.1f,%.1f ", clampx(px(p, x[i])),
				clampx(py(p, lo[i])));
	fprintf(s->f, "\" fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\"/>\n"
		      "</g>\n", st->color, st->opacity);
}

/**
 * svg_spans() - shaded intervals of the x axis over the plot's height.
 * @s: the writer.
 * @p: the plot.
 * @name: the series' name.
 * @iv: the intervals [lo, hi] in data units.
 * @n: how many.
 * @st: the look (color and opacity).
 *
 * An interval narrower than a pixel (an isolated feasible period) is drawn
 * one pixel wide, so that it stays visible.
 */
void svg_spans(struct svg *s, const struct svg_plot *p, const char *name,
	       const double (*iv)[2], size_t n, const struct svg_style *st)
{
	double x0, x1;
	size_t i;

	series_open(s, p, name);
	for (i = 0; i < n; i++) {
		x0 = clampx(px(p, iv[i][0]));
		x1 = clampx(px(p, iv[i][1]));
		if (x1 - x0 < 1)
			x1 = x0 + 1;
		fprintf(s->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			      "height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>\n",
			x0, p->y, x1 - x0, p->h, st->color, st->opacity);
	}
	fputs("</g>\n", s->f);
}

/**
 * svg_line() - a straight line between two points in data units.
 * @s: the writer.
 * @p: the plot.
 * @name: the series' name.
 * @x0: first point.
 * @y0: first point.
 * @x1: second point.
 * @y1: second point.
 * @st: the look.
 */
void svg_line(struct svg *s, const struct svg_plot *p, const char *name,
	      double x0, double y0, double x1, double y1,
	      const struct svg_style *st)
{
	series_open(s, p, name);
	fprintf(s->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"",
		clampx(px(p, x0)), clampx(py(p, y0)), clampx(px(p, x1)),
		clampx(py(p, y1)));
	stroke(s, st);
	fputs("/>\n</g>\n", s->f);
}

/**
 * svg_legend() - a legend box in a corner of a plot.
 * @s: the writer.
 * @p: the plot.
 * @e: the entries.
 * @n: how many.
 * @right: top right corner (true) or top left.
 */
void svg_legend(struct svg *s, const struct svg_plot *p,
		const struct svg_legend_entry *e, size_t n, bool right)
{
	double width = 0, x, y, row = 15;
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = 0;
		while (e[i].label[len])
			len++;
		width = fmax(width, 6.5 * (double)len);
	}
	width += 38;
	x = right ? p->x + p->w - width - 6 : p->x + 6;
	y = p->y + 6;
	fprintf(s->f, "<g class=\"legend\">\n<rect x=\"%.1f\" y=\"%.1f\" "
		      "width=\"%.1f\" height=\"%.1f\" fill=\"white\" "
		      "fill-opacity=\"0.85\" stroke=\"#999\"/>\n",
		x, y, width, row * (double)n + 6);
	for (i = 0; i < n; i++) {
		double ly = y + 3 + row * ((double)i + 0.5);

		if (e[i].filled) {
			fprintf(s->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" "
				      "height=\"9\" fill=\"%s\" "
				      "fill-opacity=\"%.2f\"/>\n",
				x + 6, ly - 4.5, e[i].style.color,
				e[i].style.opacity > 0 ? e[i].style.opacity : 0.3);
		} else {
			fprintf(s->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				      "y2=\"%.1f\"", x + 6, ly, x + 28, ly);
			stroke(s, &e[i].style);
			fputs("/>\n", s->f);
		}
		text(s, x + 33, ly + 4, "start", 11, "class=\"label\"",
		     e[i].label);
	}
	fputs("</g>\n", s->f);
}
