// SPDX-License-Identifier: GPL-2.0
/*
 * plan_args.c - vresctl plan's options: the usage, each option's value,
 * the defaults (the overhead vres measured, the module's period limits,
 * the recommendation's margins) and the checks of their combination.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vres.h>

#include "cmdline.h"
#include "duration.h"
#include "plan_args.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jhp:"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl plan FILE --bandwidth FRACTION [--overhead DUR] [--supply MODEL]\n"
		"                    [--min-period DUR] [--max-period DUR] [--plot SVG] [--json]\n"
		"       vresctl plan FILE --period DUR [--overhead DUR] [--supply MODEL] [--json]\n"
		"       vresctl plan FILE [--overhead DUR] [--supply MODEL]\n"
		"                    [--min-period DUR] [--max-period DUR] [--json]\n"
		"                    [--budget-margin PCT] [--period-margin PCT] [--no-margin]\n"
		"                    [--plot SVG]\n"
		"       (each also with --ignore-limits)\n"
		"\n"
		"With --bandwidth: every period in the range at which the budget\n"
		"floor(FRACTION x period) makes every task of FILE meet its deadline,\n"
		"as intervals (schedulability is not monotone in the period), the\n"
		"longest such period and the task that limits it.\n"
		"With --period: the smallest budget, to the nanosecond, for that period.\n"
		"With neither: the minimum bandwidth over the period range, and the\n"
		"recommended server: the least bandwidth whose budget can drop by the\n"
		"budget margin and whose period can move by the period margin either\n"
		"way at its bandwidth with every deadline met; with --no-margin the\n"
		"server with the least bandwidth (the longest period among equals).\n"
		"Every answer is within the module's limits: periods 100us to 10s,\n"
		"budgets of at least 10us.\n"
		"\n"
		"  --bandwidth F    budget/period as a decimal in (0, 1], e.g. 0.4 (exact)\n"
		"  --period DUR     server period\n"
		"  --overhead DUR   time X lost at the start of each period's execution,\n"
		"                   included in the budget (thesis Eq 6); default: what\n"
		"                   vres measured on this host, at least 50us (none with\n"
		"                   --supply paper or --ignore-limits); 0 for none\n"
		"  --supply MODEL   exact (default), paper (thesis Eq 4) or slot\n"
		"  --min-period DUR shortest period considered (default 100us)\n"
		"  --max-period DUR longest period considered (default 10s)\n"
		"  --plot SVG       with --bandwidth: draw max R_i/D_i against the period,\n"
		"                   the thesis's prediction lines and the feasible periods;\n"
		"                   with neither: the least bandwidth against the period,\n"
		"                   the recommended server and its margin shaded\n"
		"  --budget-margin PCT  budget margin of the recommendation (default 10)\n"
		"  --period-margin PCT  period margin of the recommendation (default 5)\n"
		"  --no-margin      recommend the least bandwidth, with no margin (it\n"
		"                   may be an isolated feasible point)\n"
		"  --ignore-limits  plan beyond the module's limits, for analysis only\n"
		"                   (e.g. in the thesis's time units); vres refuses\n"
		"                   such a server\n"
		"  --json           JSON output, durations in integer nanoseconds\n"
		"\n"
		"A warning on stderr says when apply and attach will refuse the plan\n"
		"because the guest guard does not take its tasks (more than 64 on a\n"
		"vCPU, or a period over 10s).\n"
		"\n"
		"Exit status: 0 an answer was found, 1 none exists, 2 error.\n"
		"See vresctl(8).\n");
}

/*
 * Without --overhead: what vres measured on this host, at least
 * OVERHEAD_DEFAULT_NS (overhead.c). Not with --supply paper, whose Eq 4
 * has no overhead term, nor with --ignore-limits, whose times may be the
 * thesis's abstract units: both plan with none, as before.
 */
static void default_overhead(struct plan_args *pa)
{
	if (pa->x.given || pa->ignore_limits)
		return;
	overhead_default(&pa->x, pa->po.supply);
	pa->po.overhead_ns = pa->x.ns;
}

/* A period option outside the module's limits: -1 after saying so. */
static int limit_error(const char *opt, bool given, u64 period)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX], s3[DURATION_STR_MAX];

	if (!given || (period >= VRES_PERIOD_MIN_NS &&
		       period <= VRES_PERIOD_MAX_NS))
		return 0;
	cmd_error("plan", "%s %s is outside the module's limits, periods %s to %s (--ignore-limits plans beyond them, for analysis only)",
		  opt, duration_str(period, s1),
		  duration_str(VRES_PERIOD_MIN_NS, s2),
		  duration_str(VRES_PERIOD_MAX_NS, s3));
	return -1;
}

/* --budget-margin, --period-margin, --no-margin; -1 after an error. */
static int margin_opt(int c, const char *arg, struct plan_args *pa)
{
	const char *opt = c == 'G' ? "--budget-margin" : "--period-margin";
	u64 *ppm = c == 'G' ? &pa->margin.budget_ppm : &pa->margin.period_ppm;
	const char *why;

	if (c == 'N') {
		pa->no_margin = true;
		return 0;
	}
	if (margin_parse(arg, ppm, &why)) {
		cmd_error("plan", "%s: cannot use '%s': %s", opt, arg, why);
		return -1;
	}
	if (c == 'G')
		pa->have_budget_margin = true;
	else
		pa->have_period_margin = true;
	return 0;
}

/*
 * One option of plan's own (not --help). Return: 0 when taken, -1 after
 * an error, 1 when @c is not one of them.
 */
static int plan_opt(int c, const char *arg, struct plan_args *pa)
{
	const char *why;

	switch (c) {
	case 'B':
		if (fraction_parse(arg, &pa->bw.num, &pa->bw.den,
				   &why)) {
			cmd_error("plan", "--bandwidth: cannot use '%s': %s",
				  arg, why);
			return -1;
		}
		pa->bw_text = arg;
		pa->have_bw = true;
		break;
	case 'p':
		if (opt_duration("plan", "--period", arg,
				 &pa->period))
			return -1;
		pa->have_period = true;
		break;
	case 'x':
		if (opt_duration("plan", "--overhead", arg,
				 &pa->po.overhead_ns))
			return -1;
		pa->x.given = true;
		break;
	case 's':
		if (opt_supply("plan", arg, &pa->po.supply))
			return -1;
		break;
	case 'm':
		if (opt_duration("plan", "--min-period", arg,
				 &pa->min_period))
			return -1;
		pa->have_min = true;
		break;
	case 'M':
		if (opt_duration("plan", "--max-period", arg,
				 &pa->max_period))
			return -1;
		pa->have_max = true;
		break;
	case 'j':
		pa->json = true;
		break;
	case 'P':
		pa->plot = arg;
		break;
	case 'L':
		pa->ignore_limits = true;
		break;
	case 'G':
	case 'R':
	case 'N':
		if (margin_opt(c, arg, pa))
			return -1;
		break;
	default:
		return 1;
	}
	return 0;
}

/* --period or the range of periods, or false after saying what is wrong. */
static bool periods_valid(const struct plan_args *pa)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];

	if (pa->have_bw && pa->have_period) {
		cmd_error("plan", "give --bandwidth or --period, not both");
		return false;
	}
	if (pa->have_period && (pa->have_min || pa->have_max)) {
		cmd_error("plan", "--min-period and --max-period do not apply with --period");
		return false;
	}
	if (pa->have_period && !pa->period) {
		cmd_error("plan", "--period must be greater than zero");
		return false;
	}
	if (!pa->ignore_limits &&
	    (limit_error("--period", pa->have_period, pa->period) ||
	     limit_error("--min-period", pa->have_min, pa->min_period) ||
	     limit_error("--max-period", pa->have_max, pa->max_period)))
		return false;
	if (!pa->min_period) {
		cmd_error("plan", "--min-period must be greater than zero");
		return false;
	}
	if (pa->min_period > pa->max_period) {
		cmd_error("plan", "--min-period %s is longer than --max-period %s",
			  duration_str(pa->min_period, a),
			  duration_str(pa->max_period, b));
		return false;
	}
	return true;
}

/* The other options together, or false after saying what is wrong. */
static bool options_valid(struct plan_args *pa)
{
	char a[DURATION_STR_MAX], b[DURATION_STR_MAX];

	default_overhead(pa);
	if (pa->have_period && pa->po.overhead_ns >= pa->period) {
		cmd_error("plan", "--overhead %s must be shorter than --period %s",
			  duration_str(pa->po.overhead_ns, a),
			  duration_str(pa->period, b));
		return false;
	}
	if (pa->no_margin && (pa->have_budget_margin || pa->have_period_margin)) {
		cmd_error("plan", "give --no-margin or --budget-margin/--period-margin, not both");
		return false;
	}
	if ((pa->have_bw || pa->have_period) &&
	    (pa->no_margin || pa->have_budget_margin || pa->have_period_margin)) {
		cmd_error("plan", "--budget-margin, --period-margin and --no-margin apply to the recommendation only, not with --%s",
			  pa->have_bw ? "bandwidth" : "period");
		return false;
	}
	if (pa->no_margin)
		pa->margin = (struct margin) { 0, 0 };
	if (pa->plot && pa->have_period) {
		cmd_error("plan", "--plot does not apply to --period (it draws --bandwidth's periods, or the recommendation)");
		return false;
	}
	if (pa->po.overhead_ns && pa->po.supply == VRES_SUPPLY_PAPER) {
		cmd_error("plan", "--overhead does not apply to --supply paper (the thesis's Eq 4 has no overhead term); use exact or slot");
		return false;
	}
	return true;
}

/*
 * Parse vresctl plan's command line into @pa: 0, 1 after --help, or -1
 * after reporting a problem; the task set file is argv[optind].
 */
int plan_parse_args(int argc, char **argv, struct plan_args *pa)
{
	static const struct option longopts[] = {
		{ "bandwidth", required_argument, NULL, 'B' },
		{ "period", required_argument, NULL, 'p' },
		{ "overhead", required_argument, NULL, 'x' },
		{ "supply", required_argument, NULL, 's' },
		{ "min-period", required_argument, NULL, 'm' },
		{ "max-period", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' },
		{ "plot", required_argument, NULL, 'P' },
		{ "ignore-limits", no_argument, NULL, 'L' },
		{ "budget-margin", required_argument, NULL, 'G' },
		{ "period-margin", required_argument, NULL, 'R' },
		{ "no-margin", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	memset(pa, 0, sizeof(*pa));
	pa->po.supply = VRES_SUPPLY_EXACT;
	pa->margin.budget_ppm = MARGIN_BUDGET_DEFAULT_PPM;
	pa->margin.period_ppm = MARGIN_PERIOD_DEFAULT_PPM;
	pa->min_period = VRES_PERIOD_MIN_NS;
	pa->max_period = VRES_PERIOD_MAX_NS;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		ret = plan_opt(c, optarg, pa);
		if (ret < 0)
			return -1;
		if (!ret)
			continue;
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		cmd_error("plan", "unknown or incomplete option '%s' (see --help)",
			  argv[optind - 1]);
		return -1;
	}
	if (optind != argc - 1) {
		cmd_error("plan", "expected one task set FILE (see --help)");
		return -1;
	}
	if (!periods_valid(pa) || !options_valid(pa))
		return -1;
	return 0;
}
