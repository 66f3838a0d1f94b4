// SPDX-License-Identifier: GPL-2.0
/*
 * margin.c - the least-bandwidth server with a margin.
 *
 * A server (C, T) has budget margin m_b and period margin m_p when
 *
 *  (B) every deadline is met with the budget floor(C (1 - m_b)) at T,
 *      i.e. Cmin(T) <= floor(C (1 - m_b)): C - Cmin(T) >= ceil(C m_b);
 *  (P) every deadline is met at every period T' with |T' - T| <=
 *      D(T) = floor(T m_p), with the budget floor(T' C / T) of the same
 *      bandwidth: [T - D(T), T + D(T)] lies in one interval of feasible
 *      periods of C/T. With m_p > 0 an isolated point never qualifies.
 *
 * The search. Let F(b) be the feasible periods of bandwidth b (the
 * engine's exact interval search) and
 *
 *	G(b) = { T : [T - D(T), T + D(T)] in F(b) } and T in F(b (1 - m_b)).
 *
 * A server (C, T) with both margins has T in G(C/T): (P) is the first
 * condition, and floor(C (1 - m_b)) is exactly the budget of bandwidth
 * (C/T)(1 - m_b) at T, so (B) is the second. F(b) only grows with b, so
 * "G(b) is not empty" is monotone in b, and a binary search over b (not
 * over T) on a grid of 2^-40 finds the least grid bandwidth b* with G(b*)
 * non-empty: no server with both margins has a bandwidth below
 * b* - 2^-40. At a period T of G(b*) the server (ceil(T b*), T) has both
 * margins (more budget at the same period, more bandwidth), so the least
 * C that has them at T, found by binary search over C (both conditions
 * are monotone in C), is at most ceil(T b*): the answer's bandwidth is at
 * most b* + 1/T <= optimum + 2^-40 + 1/lo, i.e. within 1 ns of budget
 * at the period (10 ppm of bandwidth at the module's shortest period,
 * 100us). The periods tried are the ends of the intervals of G(b*),
 * longest first; then refine() repeats that at the grid bandwidth just
 * under the best found, which ends either with nothing cheaper found or
 * with G empty there, in which case the answer is the least to 2^-40.
 * The answer's margins are then checked with slack.c's exact limits
 * (cmd_plan.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin.h"

#define PPM	1000000ULL
/* Interval ends of G(b*) at which the least budget is computed. */
#define MARGIN_PROBES	16
/* Rounds of refine(); each lowers the bandwidth found. */
#define MARGIN_ROUNDS	64

/**
 * margin_parse() - a margin in percent: "10", "2.5", "0.25%".
 * @s: the text: a decimal number under 100 with at most 4 decimals, and an
 *	optional '%'.
 * @ppm: where to store it, in parts per million.
 * @why: the problem, if any.
 *
 * Return: 0, or -EINVAL with @why set.
 */
int margin_parse(const char *s, u64 *ppm, const char **why)
{
	u64 ip = 0, fp = 0;
	unsigned int nd = 0, ni = 0;

	for (; *s >= '0' && *s <= '9' && ni < 4; s++, ni++)
		ip = ip * 10 + (u64)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && nd < 5; s++, nd++)
			fp = fp * 10 + (u64)(*s - '0');
	if (*s == '%')
		s++;
	if (*s || (!ni && !nd)) {
		*why = "not a percentage such as 10 or 2.5";
		return -EINVAL;
	}
	if (nd > 4) {
		*why = "at most 4 decimals";
		return -EINVAL;
	}
	for (; nd < 4; nd++)
		fp *= 10;
	if (ip >= 100) {
		*why = "must be under 100%";
		return -EINVAL;
	}
	*ppm = ip * 10000 + fp;
	return 0;
}

/**
 * margin_str() - a margin in percent, as short as exact: "10", "2.5".
 * @ppm: the margin.
 * @buf: where to write it.
 * @len: its size.
 *
 * Return: @buf.
 */
const char *margin_str(u64 ppm, char *buf, size_t len)
{
	u64 frac = ppm % 10000;
	int digits = 4;

	while (frac && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	if (frac)
		snprintf(buf, len, "%llu.%0*llu%%", ppm / 10000, digits, frac);
	else
		snprintf(buf, len, "%llu%%", ppm / 10000);
	return buf;
}

/* D(T) = floor(T m_p). */
u64 margin_delta(u64 period, u64 ppm)
{
	return (u64)((unsigned __int128)period * ppm / PPM);
}

/**
 * margin_of() - the margins a server has, from its exact slack.
 * @p: the problem (the server).
 * @s: slack_server()'s answer for it, schedulable.
 * @h: the margins, in ppm rounded down.
 */
void margin_of(const struct slack_problem *p, const struct slack_server *s,
	       struct margin_have *h)
{
	u64 down = p->period - s->below.period, up = s->above.period - p->period;
	u64 room = s->have_min_budget ? p->budget - s->min_budget : 0;

	h->budget_ppm = (u64)((unsigned __int128)room * PPM / p->budget);
	h->period_ppm = (u64)((unsigned __int128)(down < up ? down : up) *
			      PPM / p->period);
	h->period_at_range = s->below.at_range || s->above.at_range;
}

/**
 * margin_holds() - does a server have margins (B) and (P)?
 * @p: the problem (the server); its range should hold the period margin.
 * @s: slack_server()'s answer for it.
 * @m: the margins.
 *
 * Return: true if (B) and (P) of the file comment hold, exactly.
 */
bool margin_holds(const struct slack_problem *p, const struct slack_server *s,
		  const struct margin *m)
{
	u64 keep = (u64)((unsigned __int128)p->budget * (PPM - m->budget_ppm) /
			 PPM);
	u64 d = margin_delta(p->period, m->period_ppm);

	if (!s->schedulable || !s->have_min_budget || s->min_budget > keep)
		return false;
	return p->period - s->below.period >= d &&
	       s->above.period - p->period >= d;
}

/* ---- the search ------------------------------------------------------ */

struct msearch {
	const struct taskset *ts;
	const struct plan_opts *po;
	const struct margin *m;
	u64 lo, hi;
};

/* Smallest T with T - D(T) >= l (T - D(T) never decreases). */
static u64 first_fit(u64 l, u64 ppm)
{
	u64 a = l, b = (u64)(((unsigned __int128)l * PPM + PPM - ppm - 1) /
			     (PPM - ppm)), mid;

	while (a < b) {
		mid = a + (b - a) / 2;
		if (mid - margin_delta(mid, ppm) >= l)
			b = mid;
		else
			a = mid + 1;
	}
	return a;
}

/* Largest T with T + D(T) <= h (increasing in T). */
static u64 last_fit(u64 h, u64 ppm)
{
	u64 a = (u64)((unsigned __int128)h * PPM / (PPM + ppm)), b = h, mid;

	while (a < b) {
		mid = b - (b - a) / 2;
		if (mid + margin_delta(mid, ppm) <= h)
			a = mid;
		else
			b = mid - 1;
	}
	return a;
}

/* The periods of [lo, hi] whose whole window lies in an interval of @f. */
static int windows_in(const struct msearch *ms, const struct ivlist *f,
		      struct ivlist *out)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < f->n && !ret; i++) {
		u64 a = first_fit(f->iv[i][0], ms->m->period_ppm);
		u64 b = last_fit(f->iv[i][1], ms->m->period_ppm);

		a = a < ms->lo ? ms->lo : a;
		b = b > ms->hi ? ms->hi : b;
		if (a <= b)
			ret = ivlist_add(out, a, b);
	}
	return ret;
}

/* out = a n b, both sorted lists of disjoint intervals. */
static int intersect(const struct ivlist *a, const struct ivlist *b,
		     struct ivlist *out)
{
	size_t i = 0, j = 0;
	int ret = 0;

	while (i < a->n && j < b->n && !ret) {
		u64 lo = a->iv[i][0] > b->iv[j][0] ? a->iv[i][0] : b->iv[j][0];
		u64 hi = a->iv[i][1] < b->iv[j][1] ? a->iv[i][1] : b->iv[j][1];

		if (lo <= hi)
			ret = ivlist_add(out, lo, hi);
		if (a->iv[i][1] < b->iv[j][1])
			i++;
		else
			j++;
	}
	return ret;
}

/* The bandwidths of G(k 2^-40): b for (P), b (1 - m_b) for (B). */
static void margin_bws(const struct msearch *ms, u64 k,
		       struct vres_bandwidth *bw, struct vres_bandwidth *bb)
{
	bw->num = k;
	bw->den = 1ULL << MARGIN_BW_SHIFT;
	bb->num = k * (PPM - ms->m->budget_ppm);
	bb->den = PPM << MARGIN_BW_SHIFT;
}

/*
 * The periods of @fb (periods of F(b (1 - m_b)), sorted) whose windows lie
 * in F(b), into @out (empty on entry). F(b) is needed only over those
 * windows, from T - D(T) at the first period to T + D(T) at the last (both
 * never decrease in T): an interval of F(b) cut at those ends still holds
 * every window it held.
 */
static int margin_within(const struct msearch *ms,
			 const struct vres_bandwidth *bw,
			 const struct ivlist *fb, struct ivlist *out)
{
	struct ivlist f = { 0 }, g = { 0 };
	u64 xlo, xhi;
	int ret;

	if (!fb->n)
		return 0;
	xlo = fb->iv[0][0] - margin_delta(fb->iv[0][0], ms->m->period_ppm);
	xhi = fb->iv[fb->n - 1][1] +
	      margin_delta(fb->iv[fb->n - 1][1], ms->m->period_ppm);
	if (xlo < 1)
		xlo = 1;
	if (xhi > VRES_TIME_MAX)
		xhi = VRES_TIME_MAX;
	ret = plan_feasible(ms->ts, VCPU_ALL, ms->po, bw, xlo, xhi, &f, NULL,
			    NULL);
	if (!ret)
		ret = windows_in(ms, &f, &g);
	if (!ret)
		ret = intersect(&g, fb, out);
	ivlist_free(&f);
	ivlist_free(&g);
	return ret;
}

/*
 * G(k 2^-40) of the file comment, into @out (empty on entry). F(b (1 -
 * m_b)) comes first: it is empty for every bandwidth under the least one
 * over 1 - m_b, and then so is G.
 */
static int margin_periods(const struct msearch *ms, u64 k,
			  struct ivlist *out)
{
	struct vres_bandwidth bw, bb;
	struct ivlist fb = { 0 };
	int ret = 0;

	margin_bws(ms, k, &bw, &bb);
	if (bb.num)
		ret = plan_feasible(ms->ts, VCPU_ALL, ms->po, &bb, ms->lo,
				    ms->hi, &fb, NULL, NULL);
	if (!ret)
		ret = margin_within(ms, &bw, &fb, out);
	ivlist_free(&fb);
	return ret;
}

/*
 * Is G(k 2^-40) non-empty? The bisection asks only that. The intervals of
 * F(b (1 - m_b)) are taken one at a time, each search stopping at the
 * first, so that the answer "yes" costs the periods up to the first
 * interval with a period of G. Near the least bandwidth with margins that
 * is usually the first interval of many (10,000 tasks on one vCPU: 3 to 6
 * s for each of the whole searches).
 */
static int margin_any(const struct msearch *ms, u64 k, bool *any)
{
	struct vres_bandwidth bw, bb;
	u64 from = ms->lo, a, c;
	int ret = 0;

	*any = false;
	margin_bws(ms, k, &bw, &bb);
	while (bb.num && from <= ms->hi && !*any) {
		struct ivlist one = { 0 }, g = { 0 };

		ret = plan_feasible_first(ms->ts, VCPU_ALL, ms->po, &bb, from,
					  ms->hi, &a, &c);
		if (ret <= 0)
			break;
		ret = ivlist_add(&one, a, c);
		if (!ret)
			ret = margin_within(ms, &bw, &one, &g);
		*any = g.n > 0;
		ivlist_free(&one);
		ivlist_free(&g);
		if (ret || c == ms->hi)
			break;
		from = c + 1;
	}
	return ret < 0 ? ret : 0;
}

/* Is [T - D, T + D] all feasible at bandwidth C/T? */
static int window_full(const struct msearch *ms, u64 c, u64 t, bool *full)
{
	struct vres_bandwidth bw = { c, t };
	struct ivlist f = { 0 };
	u64 d = margin_delta(t, ms->m->period_ppm);
	int ret;

	*full = false;
	if (d >= t || t + d > VRES_TIME_MAX)
		return 0;
	ret = plan_feasible(ms->ts, VCPU_ALL, ms->po, &bw, t - d, t + d, &f,
			    NULL, NULL);
	*full = !ret && f.n == 1 && f.iv[0][0] == t - d && f.iv[0][1] == t + d;
	ivlist_free(&f);
	return ret;
}

/*
 * The least C with both margins at T, given that @c_hi has them: (B) is
 * C >= ceil(Cmin(T) / (1 - m_b)) exactly; (P) by binary search over C.
 */
static int least_budget(const struct msearch *ms, u64 t, u64 c_hi, u64 *c)
{
	u64 need, ok = c_hi, bad, mid;
	bool full;
	int ret;

	ret = plan_min_budget(ms->ts, VCPU_ALL, ms->po, t, &need);
	if (ret)
		return ret;
	bad = (u64)(((unsigned __int128)need * PPM + PPM -
		     ms->m->budget_ppm - 1) / (PPM - ms->m->budget_ppm));
	if (bad > ok)
		return -EDEADLK;	/* c_hi would not have (B) */
	bad--;	/* (B) fails below */
	while (ok - bad > 1) {
		mid = bad + (ok - bad) / 2;
		ret = window_full(ms, mid, t, &full);
		if (ret)
			return ret;
		if (full)
			ok = mid;
		else
			bad = mid;
	}
	*c = ok;
	return 0;
}

/* c/t below b/p, exactly; or equal and t longer. */
static bool cheaper(u64 c, u64 t, u64 b, u64 p)
{
	unsigned __int128 l = (unsigned __int128)c * p;
	unsigned __int128 r = (unsigned __int128)b * t;

	return !p || l < r || (l == r && t > p);
}

/* The least budget at the ends of G(k 2^-40)'s intervals, longest first. */
static int probe_ends(const struct msearch *ms, u64 k, const struct ivlist *g,
		      struct vres_resource *best)
{
	unsigned int probes = 0, end;
	size_t i;
	u64 c, hi_c, t;
	int ret;

	for (i = g->n; i-- && probes < MARGIN_PROBES;) {
		for (end = 2; end-- && probes < MARGIN_PROBES; probes++) {
			t = g->iv[i][end];
			if (!end && t == g->iv[i][1])
				break;
			hi_c = (u64)(((unsigned __int128)t * k +
				      (1ULL << MARGIN_BW_SHIFT) - 1) >>
				     MARGIN_BW_SHIFT);
			ret = least_budget(ms, t, hi_c, &c);
			if (ret)
				return ret;
			if (cheaper(c, t, best->budget_ns, best->period_ns)) {
				best->budget_ns = c;
				best->period_ns = t;
			}
		}
	}
	return 0;
}

/*
 * Dinkelbach-like rounds: while G(k 2^-40) is not empty for the grid
 * bandwidth just under the best ratio c/t, probe its interval ends; stop
 * when it is empty (then no server with both margins has a bandwidth
 * under c/t - 2^-40: the answer is exact to the grid) or a round finds
 * nothing cheaper. @bad: a grid bandwidth known to have G empty.
 */
static int refine(const struct msearch *ms, u64 bad,
		  struct vres_resource *best, bool *least)
{
	unsigned int round;
	int ret = 0;

	*least = false;
	for (round = 0; round < MARGIN_ROUNDS && !ret; round++) {
		struct vres_resource before = *best;
		struct ivlist g = { 0 };
		u64 k = 0;

		vres_mul_div(best->budget_ns, 1ULL << MARGIN_BW_SHIFT,
			     best->period_ns, &k);
		if (((unsigned __int128)k * best->period_ns) ==
		    ((unsigned __int128)best->budget_ns << MARGIN_BW_SHIFT))
			k--;	/* strictly under c/t */
		if (k <= bad) {
			*least = true;
			break;
		}
		ret = margin_periods(ms, k, &g);
		*least = !ret && !g.n;
		if (!ret && g.n)
			ret = probe_ends(ms, k, &g, best);
		ivlist_free(&g);
		if (!g.n || (best->budget_ns == before.budget_ns &&
			     best->period_ns == before.period_ns))
			break;
	}
	return ret;
}

/**
 * margin_best() - the least-bandwidth server with both margins.
 * @ts: the task set.
 * @po: supply model and overhead.
 * @lo: shortest period.
 * @hi: longest period.
 * @m: the margins.
 * @best: on entry the least-bandwidth server without margins (plan_best());
 *	on return the answer (supply and overhead filled in).
 * @least: set if the answer is proven the least to 2^-40 (no period has
 *	both margins at the grid bandwidth under it); otherwise it is
 *	within 1/@lo + 2^-40 of the least.
 *
 * See the file comment for the method and its precision.
 * Return: 0, -ERANGE if no server in the range has both margins, or a
 * negative errno.
 */
int margin_best(const struct taskset *ts, const struct plan_opts *po,
		u64 lo, u64 hi, const struct margin *m,
		struct vres_resource *best, bool *least)
{
	struct msearch ms = { .ts = ts, .po = po, .m = m, .lo = lo, .hi = hi };
	u64 ok = 1ULL << MARGIN_BW_SHIFT, bad = 0, mid;
	struct ivlist g = { 0 };
	bool any;
	int ret;

	*least = false;
	/* Below the least bandwidth without margins, F(b) is empty. */
	vres_mul_div(best->budget_ns, 1ULL << MARGIN_BW_SHIFT, best->period_ns,
		     &bad);
	bad = bad ? bad - 1 : 0;
	ret = margin_any(&ms, ok, &any);
	if (!ret && !any)
		ret = -ERANGE;
	while (!ret && ok - bad > 1) {
		mid = bad + (ok - bad) / 2;
		ret = margin_any(&ms, mid, &any);
		if (!ret && any)
			ok = mid;
		else if (!ret)
			bad = mid;
	}
	if (!ret)
		ret = margin_periods(&ms, ok, &g);
	if (!ret) {
		best->budget_ns = 0;
		best->period_ns = 0;
		ret = probe_ends(&ms, ok, &g, best);
	}
	ivlist_free(&g);
	if (!ret)
		ret = refine(&ms, bad, best, least);
	best->supply = po->supply;
	best->overhead_ns = po->overhead_ns;
	return ret;
}
