// SPDX-License-Identifier: GPL-2.0
/*
 * sbf: the supply bound function of the periodic resource model for a
 * server (C, T), as the benchmark report plots it, checked against the
 * analysis engine the module and vresctl use.
 *
 * Shin & Lee (RTSS 2003): a periodic resource that supplies C every T may,
 * in the worst case, supply nothing for 2(T - C) and then C per period:
 *
 *	y(t)   = floor((t - (T - C)) / T)			(t >= T - C)
 *	sbf(t) = y C + max(0, t - 2(T - C) - y T),	0 for t < T - C.
 *
 * The engine (kernel/vres_analysis.c) works with the inverse, supply model
 * "exact": inverse(w) = (T - C) + w + ceil(w / C)(T - C), the least t with
 * sbf(t) >= w. Before printing, this program checks that, for w around
 * every multiple of C up to sbf(HORIZON): sbf(inverse(w)) >= w and
 * sbf(inverse(w) - 1) < w. It exits 1, naming the first w that disagrees,
 * if they do not.
 *
 * usage: sbf BUDGET_NS PERIOD_NS HORIZON_NS
 * Prints the corners of sbf on [0, HORIZON], one "t_ns sbf_ns" per line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "vres_analysis.h"

static u64 sbf(u64 c, u64 t, u64 x)
{
	u64 y, rise;

	if (x < t - c)
		return 0;
	y = (x - (t - c)) / t;
	rise = x - (t - c) - y * t;	/* t - 2(T - C) - yT + (T - C) */
	rise = rise > t - c ? rise - (t - c) : 0;
	return y * c + rise;
}

/* 0 if sbf and the engine's inverse agree at @w. */
static int check(const struct vres_resource *srv, u64 w)
{
	u64 inv = vres_supply_inverse(srv, w);
	u64 c = srv->budget_ns, t = srv->period_ns;

	if (sbf(c, t, inv) >= w && (!inv || sbf(c, t, inv - 1) < w))
		return 0;
	fprintf(stderr,
		"sbf: (C, T) = (%llu, %llu): the engine's inverse(%llu) = %llu, but sbf there is %llu and sbf one ns before is %llu\n",
		c, t, w, inv, sbf(c, t, inv), inv ? sbf(c, t, inv - 1) : 0);
	return 1;
}

int main(int argc, char **argv)
{
	struct vres_resource srv = { .supply = VRES_SUPPLY_EXACT };
	u64 c, t, h, k, w, x;

	if (argc != 4) {
		fprintf(stderr, "usage: sbf BUDGET_NS PERIOD_NS HORIZON_NS\n");
		return 2;
	}
	c = strtoull(argv[1], NULL, 10);
	t = strtoull(argv[2], NULL, 10);
	h = strtoull(argv[3], NULL, 10);
	srv.budget_ns = c;
	srv.period_ns = t;
	if (!c || c > t || vres_check_server(&srv)) {
		fprintf(stderr, "sbf: need 0 < BUDGET_NS <= PERIOD_NS\n");
		return 2;
	}

	for (k = 0; k * c <= sbf(c, t, h) + c; k++) {
		u64 ws[] = { k * c + 1, k * c + c / 2, k * c + c - 1,
			     k * c + c };

		for (w = 0; w < sizeof(ws) / sizeof(ws[0]); w++)
			if (ws[w] && check(&srv, ws[w]))
				return 1;
	}

	/* Corners: flat until 2(T - C) + kT, then rising for C. */
	printf("0 0\n");
	for (k = 0;; k++) {
		x = 2 * (t - c) + k * t;
		if (x >= h)
			break;
		if (x)
			printf("%llu %llu\n", x, sbf(c, t, x));
		if (x + c >= h)
			break;
		printf("%llu %llu\n", x + c, sbf(c, t, x + c));
	}
	printf("%llu %llu\n", h, sbf(c, t, h));
	return 0;
}
