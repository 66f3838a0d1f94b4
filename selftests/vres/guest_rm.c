// SPDX-License-Identifier: GPL-2.0
/*
 * guest_rm: a single-vCPU real-time guest, emulated by one thread.
 *
 * It reads a task set file (the format of vresctl plan/check), takes the
 * tasks of one vCPU in their priority order (Rate Monotonic unless the
 * file gives priorities) and runs them the way a fixed-priority kernel
 * inside a one-vCPU guest would:
 *
 *  - job k of task i is released at t0 + k*T_i on CLOCK_MONOTONIC,
 *    whether or not the thread is running at that instant (like a timer
 *    interrupt that is taken when the vCPU runs again);
 *  - the highest-priority task with a pending job runs; a job executes by
 *    consuming WCET of the thread's own CPU time, CLOCK_THREAD_CPUTIME_ID,
 *    so it progresses only while the host runs the thread, as a vCPU's
 *    guest does; a job that misses its deadline still runs to completion
 *    and the next job of its task waits behind it;
 *  - a job's response time is its completion time minus its release.
 *
 * Between jobs the thread sleeps until the next release, or, with
 * --background, keeps consuming CPU like a guest with a CPU-bound
 * lowest-priority task, so that its server uses its whole budget every
 * period. --sync-gap G puts t0 at the start of the first interval longer
 * than G in which the thread did not run (its server was throttled): every
 * task then releases its first job at once just as the supply stops, the
 * worst phasing this program can arrange.
 *
 * Fidelity and limits: Documentation/guest_rm.rst.
 *
 * Exit status: 0 no deadline missed, 1 a deadline was missed, 2 bad input.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>

#include "duration.h"
#include "output.h"
#include "taskset.h"

#define NSEC_PER_SEC	1000000000ULL

struct rm_task {
	const struct ts_task *t;
	u64 next_release_k;	/* jobs released so far */
	u64 done_k;		/* jobs completed so far */
	int64_t remaining_ns;	/* of the oldest pending job */
	u64 misses;
	u64 worst_ns;
	u64 sum_ns;
	u64 last_release_k;	/* jobs released in [t0, t0 + duration) */
};

struct rm {
	struct rm_task *task;	/* highest priority first */
	unsigned int n;
	u64 t0;
	u64 end_release;	/* no release at or after this */
	u64 hard_end;		/* stop even if jobs are pending */
	u64 max_gap_ns;		/* longest time not running with work pending */
	u64 gaps_over_1ms;
	u64 cpu_start_ns;
	u64 cpu_end_ns;
	u64 wall_end;
	u64 incomplete;
};

struct rm_opts {
	const char *file;
	unsigned int vcpu;
	u64 duration_ns;
	unsigned long jobs;
	bool background;
	u64 sync_gap_ns;
	u64 sync_timeout_ns;
	bool json;
};

static u64 clk(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: guest_rm FILE [--vcpu N] [--jobs N | --duration DUR] [--background]\n"
		"                [--sync-gap DUR [--sync-timeout DUR]] [--json]\n"
		"\n"
		"Run the tasks of vCPU N of the task set FILE as a one-vCPU fixed-priority\n"
		"guest would: periodic releases on CLOCK_MONOTONIC, each job executing\n"
		"WCET of this thread's CPU time. Prints per task the jobs, deadline\n"
		"misses and worst observed response time.\n"
		"\n"
		"  --vcpu N          which vCPU's tasks (default 0)\n"
		"  --jobs N          release for N periods of the longest-period task\n"
		"                    (default 10)\n"
		"  --duration DUR    release for DUR instead\n"
		"  --background      consume CPU between jobs (a CPU-bound idle task)\n"
		"  --sync-gap DUR    release every task's first job at the start of the\n"
		"                    first interval longer than DUR in which this thread\n"
		"                    did not run (consuming CPU until then)\n"
		"  --sync-timeout DUR  if no such gap comes within DUR, release at once\n"
		"                    (default 20s; \"synced_to_gap\" says which happened)\n"
		"  --json            JSON output, durations in integer nanoseconds\n"
		"\n"
		"Exit status: 0 no deadline missed, 1 some missed, 2 bad input.\n");
}

static int parse_args(int argc, char **argv, struct rm_opts *o)
{
	static const struct option longopts[] = {
		{ "vcpu", required_argument, NULL, 'v' },
		{ "jobs", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' },
		{ "background", no_argument, NULL, 'b' },
		{ "sync-gap", required_argument, NULL, 'g' },
		{ "sync-timeout", required_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why;
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->jobs = 10;
	o->sync_timeout_ns = 20 * NSEC_PER_SEC;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			o->vcpu = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "guest_rm: --vcpu: '%s' is not a number\n",
					optarg);
				return -1;
			}
			break;
		case 'n':
			o->jobs = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !o->jobs || o->jobs > 1000000) {
				fprintf(stderr, "guest_rm: --jobs: '%s' is not a number from 1 to 1000000\n",
					optarg);
				return -1;
			}
			break;
		case 'd':
		case 'g':
		case 'T': {
			u64 v;

			if (duration_parse(optarg, &v, &why) || !v) {
				fprintf(stderr, "guest_rm: %s: cannot use '%s': %s\n",
					c == 'd' ? "--duration" : c == 'g' ?
					"--sync-gap" : "--sync-timeout", optarg,
					v ? why : "must be greater than zero");
				return -1;
			}
			if (c == 'd')
				o->duration_ns = v;
			else if (c == 'g')
				o->sync_gap_ns = v;
			else
				o->sync_timeout_ns = v;
			break;
		}
		case 'b':
			o->background = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			fprintf(stderr, "guest_rm: unknown or incomplete option '%s' (see --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "guest_rm: expected one task set FILE (see --help)\n");
		return -1;
	}
	o->file = argv[optind];
	return 0;
}

/*
 * Spin until the thread has not run for longer than @gap: the start of
 * that interval is the moment its server stopped it. 0 and *@at, or -1 on
 * timeout.
 */
static int wait_for_gap(u64 gap, u64 timeout, u64 *at)
{
	u64 start = clk(CLOCK_MONOTONIC), last = start, now;

	for (;;) {
		now = clk(CLOCK_MONOTONIC);
		if (now - last > gap) {
			*at = last;
			return 0;
		}
		if (now - start > timeout)
			return -1;
		last = now;
	}
}

/* Highest-priority task with a pending job, or -1. */
static int pick(const struct rm *rm)
{
	unsigned int i;

	for (i = 0; i < rm->n; i++)
		if (rm->task[i].done_k < rm->task[i].next_release_k)
			return (int)i;
	return -1;
}

static u64 release_time(const struct rm *rm, const struct rm_task *rt, u64 k)
{
	return rm->t0 + k * rt->t->period_ns;
}

/* Release every job due by @now; returns the next release time (or ~0). */
static u64 release_due(struct rm *rm, u64 now)
{
	u64 next = ~0ULL;
	unsigned int i;

	for (i = 0; i < rm->n; i++) {
		struct rm_task *rt = &rm->task[i];
		u64 r;

		for (;;) {
			r = release_time(rm, rt, rt->next_release_k);
			if (r >= rm->end_release || r > now)
				break;
			if (rt->done_k == rt->next_release_k)
				rt->remaining_ns = (int64_t)rt->t->wcet_ns;
			rt->next_release_k++;
		}
		if (r < rm->end_release && r < next)
			next = r;
	}
	return next;
}

static void complete(struct rm *rm, struct rm_task *rt, u64 now)
{
	u64 resp = now - release_time(rm, rt, rt->done_k);

	if (resp > rt->t->deadline_ns)
		rt->misses++;
	if (resp > rt->worst_ns)
		rt->worst_ns = resp;
	rt->sum_ns += resp;
	rt->done_k++;
	if (rt->done_k < rt->next_release_k)
		rt->remaining_ns = (int64_t)rt->t->wcet_ns;
}

static void run(struct rm *rm, bool background)
{
	u64 now = clk(CLOCK_MONOTONIC), last = now, cpu, cpu_last;
	u64 next;
	int i;

	cpu_last = clk(CLOCK_THREAD_CPUTIME_ID);
	for (;;) {
		next = release_due(rm, now);
		i = pick(rm);
		if (i < 0 && next == ~0ULL)
			break;
		if (now >= rm->hard_end)
			break;
		if (i < 0) {
			if (background) {
				/* The CPU-bound idle task: spin until a release. */
				do {
					now = clk(CLOCK_MONOTONIC);
				} while (now < next);
			} else {
				struct timespec ts = {
					.tv_sec = (time_t)(next / NSEC_PER_SEC),
					.tv_nsec = (long)(next % NSEC_PER_SEC),
				};

				while (clock_nanosleep(CLOCK_MONOTONIC,
						       TIMER_ABSTIME, &ts,
						       NULL) == EINTR)
					;
				now = clk(CLOCK_MONOTONIC);
			}
			last = now;
			cpu_last = clk(CLOCK_THREAD_CPUTIME_ID);
			continue;
		}
		/* Run task i's oldest job until it completes or a release. */
		for (;;) {
			cpu = clk(CLOCK_THREAD_CPUTIME_ID);
			now = clk(CLOCK_MONOTONIC);
			rm->task[i].remaining_ns -= (int64_t)(cpu - cpu_last);
			cpu_last = cpu;
			if (now - last > rm->max_gap_ns)
				rm->max_gap_ns = now - last;
			if (now - last > 1000000)
				rm->gaps_over_1ms++;
			last = now;
			if (rm->task[i].remaining_ns <= 0) {
				complete(rm, &rm->task[i], now);
				break;
			}
			if (now >= next || now >= rm->hard_end)
				break;
		}
	}
	rm->wall_end = now;
	rm->cpu_end_ns = clk(CLOCK_THREAD_CPUTIME_ID);
}

static void report(const struct rm *rm, const struct rm_opts *o,
		   const struct taskset *ts, bool synced)
{
	u64 elapsed = rm->wall_end - rm->t0, misses = 0, jobs = 0;
	char b1[DURATION_STR_MAX];
	unsigned int i;
	struct out out;

	out_init(&out, o->json, stdout);
	out_open_object(&out, NULL);
	out_str(&out, OUT_ANY, "file", "guest_rm %s", ts->file);
	out_u64(&out, OUT_ANY, "vcpu", ", vCPU %llu", o->vcpu);
	out_u64(&out, OUT_ANY, "cpu", " on host CPU %llu", (u64)sched_getcpu());
	out_bool(&out, OUT_JSON, "background", NULL, o->background);
	out_bool(&out, OUT_JSON, "synced_to_gap", NULL, synced);
	out_text(&out, "%s%s\n", o->background ? ", background load" : "",
		 synced ? ", first release at the start of a throttle" : "");
	out_dur(&out, OUT_ANY, "elapsed_ns", "ran %s", elapsed);
	out_dur(&out, OUT_ANY, "cpu_ns", ", used %s of CPU",
		rm->cpu_end_ns - rm->cpu_start_ns);
	out_dur(&out, OUT_ANY, "max_gap_ns",
		", longest wait with work pending %s", rm->max_gap_ns);
	out_u64(&out, OUT_JSON, "gaps_over_1ms", NULL, rm->gaps_over_1ms);
	out_text(&out, "\n\n%-16s %10s %10s %10s %6s %6s %12s %12s\n", "task",
		 "period", "wcet", "deadline", "jobs", "misses", "worst resp",
		 "mean resp");
	out_open_array(&out, "tasks");
	for (i = 0; i < rm->n; i++) {
		const struct rm_task *rt = &rm->task[i];
		u64 incomplete = rt->last_release_k - rt->done_k;

		out_open_object(&out, NULL);
		out_str(&out, OUT_ANY, "name", "%-16s", rt->t->name);
		out_u64(&out, OUT_JSON, "priority_rank", NULL, i + 1);
		out_dur(&out, OUT_ANY, "period_ns", " %10s", rt->t->period_ns);
		out_dur(&out, OUT_ANY, "wcet_ns", " %10s", rt->t->wcet_ns);
		out_dur(&out, OUT_ANY, "deadline_ns", " %10s",
			rt->t->deadline_ns);
		out_u64(&out, OUT_ANY, "jobs", " %6llu", rt->last_release_k);
		out_u64(&out, OUT_JSON, "completed", NULL, rt->done_k);
		/* An unfinished job past its deadline is a miss too. */
		out_u64(&out, OUT_ANY, "misses", " %6llu",
			rt->misses + incomplete);
		out_u64(&out, OUT_JSON, "incomplete", NULL, incomplete);
		out_dur(&out, OUT_JSON, "worst_response_ns", NULL, rt->worst_ns);
		out_text(&out, " %12s", duration_str(rt->worst_ns, b1));
		out_dur(&out, OUT_JSON, "mean_response_ns", NULL,
			rt->done_k ? rt->sum_ns / rt->done_k : 0);
		out_text(&out, " %12s\n",
			 duration_str(rt->done_k ? rt->sum_ns / rt->done_k : 0,
				      b1));
		out_close_object(&out);
		misses += rt->misses + incomplete;
		jobs += rt->last_release_k;
	}
	out_close_array(&out);
	out_u64(&out, OUT_ANY, "jobs", "\n%llu jobs", jobs);
	out_u64(&out, OUT_ANY, "misses", ", %llu deadline misses\n", misses);
	out_close_object(&out);
	if (out_finish(&out))
		fprintf(stderr, "guest_rm: cannot write the output\n");
}

int main(int argc, char **argv)
{
	struct rm_opts o;
	struct taskset ts;
	struct rm rm = { 0 };
	u64 max_period = 0, max_deadline = 0, at;
	unsigned int i, first;
	bool synced = false;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (taskset_load(o.file, &ts))
		return 2;
	if (o.vcpu >= ts.vcpus || !taskset_vcpu_len(&ts, o.vcpu)) {
		fprintf(stderr, "guest_rm: %s: vCPU %u has no tasks\n", o.file,
			o.vcpu);
		taskset_free(&ts);
		return 2;
	}
	rm.n = taskset_vcpu_len(&ts, o.vcpu);
	rm.task = calloc(rm.n, sizeof(*rm.task));
	if (!rm.task) {
		fprintf(stderr, "guest_rm: out of memory\n");
		taskset_free(&ts);
		return 2;
	}
	first = ts.vcpu_start[o.vcpu];
	for (i = 0; i < rm.n; i++) {
		rm.task[i].t = &ts.tasks[ts.vt_task[first + i]];
		if (rm.task[i].t->period_ns > max_period)
			max_period = rm.task[i].t->period_ns;
		if (rm.task[i].t->deadline_ns > max_deadline)
			max_deadline = rm.task[i].t->deadline_ns;
	}
	if (!o.duration_ns)
		o.duration_ns = o.jobs * max_period;

	/* As little noise of our own as we can: no timer slack, no faults. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	mlockall(MCL_CURRENT | MCL_FUTURE);

	rm.t0 = clk(CLOCK_MONOTONIC) + 1000000;
	if (o.sync_gap_ns) {
		if (!wait_for_gap(o.sync_gap_ns, o.sync_timeout_ns, &at)) {
			rm.t0 = at;
			synced = true;
		} else {
			fprintf(stderr, "guest_rm: no interval longer than --sync-gap without CPU within --sync-timeout; releasing now\n");
			rm.t0 = clk(CLOCK_MONOTONIC);
		}
	}
	rm.end_release = rm.t0 + o.duration_ns;
	/* Jobs released before the end get their whole deadline, no more. */
	rm.hard_end = rm.end_release + max_deadline;
	rm.cpu_start_ns = clk(CLOCK_THREAD_CPUTIME_ID);
	run(&rm, o.background);
	for (i = 0; i < rm.n; i++) {
		struct rm_task *rt = &rm.task[i];

		rt->last_release_k = rt->next_release_k;
	}
	report(&rm, &o, &ts, synced);
	ret = 0;
	for (i = 0; i < rm.n; i++)
		if (rm.task[i].misses ||
		    rm.task[i].done_k < rm.task[i].last_release_k)
			ret = 1;
	free(rm.task);
	taskset_free(&ts);
	return ret;
}
