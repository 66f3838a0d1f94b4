/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stall.h - is the host starving the test VM?
 *
 * Under TCG the VM's CPUs are threads of the host. When the host is
 * overloaded (other VMs, builds), it deschedules them for tens or hundreds
 * of milliseconds; inside the VM every timer is then that late, and no
 * timing result of the run means anything about vres. A stall probe
 * measures this independently of vres: a SCHED_FIFO 99 thread on CPU 0
 * (where no server runs) sleeps 1 ms at a time and records how much later
 * than asked it woke up. Tests that judge timing check the probe's worst
 * oversleep over their measurement and, if the host stalled the VM, run
 * the measurement again or report a skip saying so -- never a pass.
 *
 * Needs _GNU_SOURCE (CPU_SET, pthread_setaffinity_np).
 */
#ifndef _VRES_STALL_H
#define _VRES_STALL_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * A stall longer than this invalidates a timing measurement. Measured
 * (Documentation/guest_rm.rst): on an idle 2-core host the probe's worst
 * oversleep stays a few milliseconds; with one other TCG VM busy on the
 * host the deadline and share results were still within their tolerances.
 */
#define STALL_MAX_NS	50000000ULL

struct stall_probe {
	pthread_t thread;
	atomic_bool stop;
	atomic_ullong max_ns;	/* worst oversleep since the last reset */
	bool running;		/* the thread was started */
};

static inline uint64_t stall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void *stall_probe_fn(void *arg)
{
	struct stall_probe *p = arg;
	struct sched_param sp = { .sched_priority = 99 };
	struct timespec ms = { .tv_nsec = 1000000 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	while (!atomic_load(&p->stop)) {
		uint64_t t = stall_now(), late;

		nanosleep(&ms, NULL);
		late = stall_now() - t - 1000000ULL;
		if (late > atomic_load(&p->max_ns))
			atomic_store(&p->max_ns, late);
	}
	return NULL;
}

/*
 * Under the icount clock (VMTEST_CLOCK=icount:SHIFT, see vmtest.sh) the
 * guest's time advances only with the instructions its CPUs execute: the
 * host cannot stall it, and a probe would only take CPU time from what
 * the test measures. There the probe is not started and reads 0.
 */
static inline bool stall_probe_needed(void)
{
	const char *c = getenv("VMTEST_CLOCK");

	return !c || strncmp(c, "icount:", 7);
}

static inline int stall_probe_start(struct stall_probe *p)
{
	atomic_store(&p->stop, false);
	atomic_store(&p->max_ns, 0);
	p->running = stall_probe_needed();
	if (!p->running)
		return 0;
	return pthread_create(&p->thread, NULL, stall_probe_fn, p);
}

/* The worst oversleep since the last call, and start over. */
static inline uint64_t stall_probe_take(struct stall_probe *p)
{
	return atomic_exchange(&p->max_ns, 0);
}

static inline void stall_probe_stop(struct stall_probe *p)
{
	atomic_store(&p->stop, true);
	if (p->running)
		pthread_join(p->thread, NULL);
}

#endif /* _VRES_STALL_H */
