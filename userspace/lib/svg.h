/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svg.h - a small SVG writer for vresctl's figures: plots with linear
 * axes, ticks, labels, a legend, polylines, shaded bands and intervals.
 *
 * A figure is one SVG document holding one or more plots (panels). Data
 * drawn in a plot is clipped to its frame; NaN breaks a polyline. Each
 * data series is a <g class="series"> whose <title> is the series' name,
 * so that tests (and people reading the file) can find it.
 */
#ifndef VRESCTL_SVG_H
#define VRESCTL_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct svg {
	FILE *f;
	unsigned int clip_ids;	/* clip paths defined so far */
};

struct svg_plot {
	double x, y, w, h;	/* the data frame, in pixels */
	double xlo, xhi, ylo, yhi;
	const char *xlabel;
	const char *ylabel;
	const char *title;
	unsigned int clip;	/* set by svg_plot_begin() */
};

/* How a series looks. */
struct svg_style {
	const char *color;
	const char *dash;	/* stroke-dasharray, NULL: solid */
	double width;		/* stroke width; 0: 1.5 */
	double opacity;		/* fill opacity of bands and spans */
	bool markers;		/* small circles on the points of a polyline */
};

struct svg_legend_entry {
	const char *label;
	struct svg_style style;
	bool filled;		/* a swatch (band, span) rather than a line */
};

/* A colour for series i of a figure: a palette readable in print. */
const char *svg_color(unsigned int i);

void svg_begin(struct svg *s, FILE *f, double width, double height,
	       const char *title);
int svg_end(struct svg *s);

void svg_plot_begin(struct svg *s, struct svg_plot *p);
void svg_polyline(struct svg *s, const struct svg_plot *p, const char *name,
		  const double *x, const double *y, size_t n,
		  const struct svg_style *st);
void svg_band(struct svg *s, const struct svg_plot *p, const char *name,
	      const double *x, const double *lo, const double *hi, size_t n,
	      const struct svg_style *st);
void svg_spans(struct svg *s, const struct svg_plot *p, const char *name,
	       const double (*iv)[2], size_t n, const struct svg_style *st);
void svg_line(struct svg *s, const struct svg_plot *p, const char *name,
	      double x0, double y0, double x1, double y1,
	      const struct svg_style *st);
void svg_legend(struct svg *s, const struct svg_plot *p,
		const struct svg_legend_entry *e, size_t n, bool right);

#endif /* VRESCTL_SVG_H */
