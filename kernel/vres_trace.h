/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres: trace events (system "vres"), one per server action, so that
 * trace-cmd and perf users see every boundary, throttle and attachment with
 * its timestamp. Instantiated in vres_sched.c (CREATE_TRACE_POINTS).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vres

#if !defined(_VRES_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VRES_TRACE_H

#include <linux/tracepoint.h>
#include <linux/vres.h>

#define VRES_TRACE_NAME_LEN	(VRES_NAME_MAX + 1)

/* A period boundary: the budget is back to full. */
TRACE_EVENT(vres_replenish,
	TP_PROTO(const char *name, unsigned int cpu, u64 boundary_ns,
		 u64 latency_ns, u64 periods, bool shortfall),
	TP_ARGS(name, cpu, boundary_ns, latency_ns, periods, shortfall),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(unsigned int, cpu)
		__field(u64, boundary_ns)
		__field(u64, latency_ns)
		__field(u64, periods)
		__field(bool, shortfall)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->cpu = cpu;
		__entry->boundary_ns = boundary_ns;
		__entry->latency_ns = latency_ns;
		__entry->periods = periods;
		__entry->shortfall = shortfall;
	),
	TP_printk("server=%s cpu=%u boundary=%llu latency=%llu periods=%llu shortfall=%d",
		  __entry->name, __entry->cpu, __entry->boundary_ns,
		  __entry->latency_ns, __entry->periods, __entry->shortfall)
);

/* The budget ran out: the thread is throttled (hard) or demoted (soft). */
TRACE_EVENT(vres_throttle,
	TP_PROTO(const char *name, pid_t pid, bool hard, u64 used_ns),
	TP_ARGS(name, pid, hard, used_ns),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
		__field(bool, hard)
		__field(u64, used_ns)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
		__entry->hard = hard;
		__entry->used_ns = used_ns;
	),
	TP_printk("server=%s pid=%d mode=%s used=%llu", __entry->name,
		  __entry->pid, __entry->hard ? "hard" : "soft",
		  __entry->used_ns)
);

/* The throttled (or demoted) thread got its budget back. */
TRACE_EVENT(vres_unthrottle,
	TP_PROTO(const char *name, pid_t pid),
	TP_ARGS(name, pid),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
	),
	TP_printk("server=%s pid=%d", __entry->name, __entry->pid)
);

/* The thread ran past its budget before it stopped: by how much, so far. */
TRACE_EVENT(vres_overrun,
	TP_PROTO(const char *name, pid_t pid, u64 overrun_ns),
	TP_ARGS(name, pid, overrun_ns),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
		__field(u64, overrun_ns)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
		__entry->overrun_ns = overrun_ns;
	),
	TP_printk("server=%s pid=%d overrun=%llu", __entry->name,
		  __entry->pid, __entry->overrun_ns)
);

/* A thread was attached. */
TRACE_EVENT(vres_attach,
	TP_PROTO(const char *name, pid_t pid, unsigned int cpu, int prio),
	TP_ARGS(name, pid, cpu, prio),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
		__field(unsigned int, cpu)
		__field(int, prio)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
		__entry->cpu = cpu;
		__entry->prio = prio;
	),
	TP_printk("server=%s pid=%d cpu=%u prio=%d", __entry->name,
		  __entry->pid, __entry->cpu, __entry->prio)
);

/* A thread was detached: by a write, by its exit, or by unload/destroy. */
TRACE_DEFINE_ENUM(VRES_DETACH_REQUEST);
TRACE_DEFINE_ENUM(VRES_DETACH_EXIT);
TRACE_DEFINE_ENUM(VRES_DETACH_MOVED);
TRACE_DEFINE_ENUM(VRES_DETACH_POLICY);

TRACE_EVENT(vres_detach,
	TP_PROTO(const char *name, pid_t pid, int reason),
	TP_ARGS(name, pid, reason),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
		__field(int, reason)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
		__entry->reason = reason;
	),
	TP_printk("server=%s pid=%d reason=%s", __entry->name, __entry->pid,
		  __print_symbolic(__entry->reason,
				   { VRES_DETACH_REQUEST, "request" },
				   { VRES_DETACH_EXIT, "exit" },
				   { VRES_DETACH_MOVED, "moved" },
				   { VRES_DETACH_POLICY, "policy" }))
);

/* A served thread forked: its child is given back the pre-attach mask. */
TRACE_EVENT(vres_fork,
	TP_PROTO(const char *name, pid_t pid, pid_t child),
	TP_ARGS(name, pid, child),
	TP_STRUCT__entry(
		__array(char, name, VRES_TRACE_NAME_LEN)
		__field(pid_t, pid)
		__field(pid_t, child)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, VRES_TRACE_NAME_LEN);
		__entry->pid = pid;
		__entry->child = child;
	),
	TP_printk("server=%s pid=%d child=%d", __entry->name, __entry->pid,
		  __entry->child)
);

#endif /* _VRES_TRACE_H */

/* Out of tree: the header is found through -I$(src) (see kernel/Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vres_trace
#include <trace/define_trace.h>
