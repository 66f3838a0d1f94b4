// SPDX-License-Identifier: GPL-2.0
/*
 * overhead.c - the default overhead X of vresctl plan.
 *
 * The analysis charges X to every period (the thesis's Eq 6). Planning with
 * X = 0 always puts the least bandwidth at the shortest period, where a
 * real host spends most of each budget switching: so plan never assumes
 * it unless told (--overhead 0). Without --overhead it takes the larger of
 * OVERHEAD_DEFAULT_NS and the worst resume cost vres measured on this host
 * (/sys/kernel/vres/measured_overhead), rounded up to a microsecond: the
 * measurement covers only the host's share of X, the floor the rest.
 */
#include <stdio.h>

#include "duration.h"
#include "overhead.h"
#include "sysfs.h"

/**
 * overhead_default() - the overhead to plan with when none is given.
 * @oc: filled in.
 * @supply: the supply model: "paper" (Eq 4) has no overhead term, so it
 *	gets none (@oc->ns 0, nothing measured).
 */
void overhead_default(struct overhead_choice *oc, enum vres_supply supply)
{
	u64 resumes, max_ns;

	*oc = (struct overhead_choice){ 0 };
	if (supply == VRES_SUPPLY_PAPER)
		return;
	oc->ns = OVERHEAD_DEFAULT_NS;
	if (vsys_measured_overhead(&resumes, &max_ns) || !resumes)
		return;
	oc->measured = true;
	oc->resumes = resumes;
	oc->measured_ns = max_ns;
	max_ns = (max_ns + 999) / 1000 * 1000;
	if (max_ns > oc->ns)
		oc->ns = max_ns;
}

/**
 * overhead_origin() - where an overhead came from, in words.
 * @oc: the choice.
 * @buf: room for the words.
 * @len: its size.
 *
 * Return: @buf.
 */
const char *overhead_origin(const struct overhead_choice *oc, char *buf,
			    size_t len)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX];

	if (oc->given)
		snprintf(buf, len, "given");
	else if (oc->measured)
		snprintf(buf, len, "default: the larger of %s and vres's worst resume on this host, %s in %llu throttles",
			 duration_str(OVERHEAD_DEFAULT_NS, s1),
			 duration_str(oc->measured_ns, s2),
			 (unsigned long long)oc->resumes);
	else
		snprintf(buf, len, "default: vres has measured nothing on this host; --overhead 0 plans without one");
	return buf;
}
