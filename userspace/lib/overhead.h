/* SPDX-License-Identifier: GPL-2.0 */
/*
 * overhead.h - the overhead X that vresctl plan uses when it is not given:
 * what vres measured on this host, never less than a documented floor.
 */
#ifndef VRESCTL_OVERHEAD_H
#define VRESCTL_OVERHEAD_H

#include <stdbool.h>

#include "vres_analysis.h"

/*
 * The floor, and the default where vres has measured nothing: 50 us of
 * every period. Budget the guest does not get in each period besides its
 * tasks' WCETs: vres's own way back from a throttle (about 4 us measured
 * under the test VM's emulation, 1,000-odd instructions), KVM's entry
 * after it, and the guest kernel's timer interrupts and the exits they
 * cause, a few microseconds each on hardware, one or more per period.
 * Documentation/analysis.rst, "The default overhead", says how it was
 * chosen and vresctl(8) how to override it.
 */
#define OVERHEAD_DEFAULT_NS	50000ULL

/**
 * struct overhead_choice - the overhead plan uses, and where it came from.
 * @ns: the overhead X, ns.
 * @given: --overhead gave it.
 * @measured: vres's measured_overhead had a measurement.
 * @resumes: throttles measured (when @measured).
 * @measured_ns: the worst of them, ns (when @measured).
 */
struct overhead_choice {
	u64 ns;
	bool given;
	bool measured;
	u64 resumes;
	u64 measured_ns;
};

void overhead_default(struct overhead_choice *oc, enum vres_supply supply);
const char *overhead_origin(const struct overhead_choice *oc, char *buf,
			    size_t len);

#endif /* VRESCTL_OVERHEAD_H */
