/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vres: the module's objects and the functions its files share.
 *
 * Locks, outermost first (a lock is never taken while holding a lock below
 * it in this list):
 *
 *   vres_config_mutex   (vres_control.c) all configuration: the server list,
 *                       every server's configuration fields, attach and
 *                       detach, priorities. Process context only.
 *   server->policy_mutex  the scheduling policy of the attached thread:
 *                       configuration paths and the soft-mode worker.
 *                       Process context only.
 *   rq->lock            (the scheduler's) held around the sched_switch
 *                       probe, which takes server->lock inside it.
 *   server->lock        raw spinlock: the run-time state (thread pointer,
 *                       budget state, flags). Taken in the sched_switch
 *                       probe (rq lock held, IRQs off), in both hrtimer
 *                       callbacks (hardirq), in the sched_process_exit
 *                       probe, the task_work and process context (IRQs
 *                       saved/disabled).
 *   vres_hash_lock      (vres_sched.c) raw spinlock: writers of the
 *                       task -> server hash; readers use RCU.
 *   hrtimer base locks  (inside hrtimer_start()/try_to_cancel()).
 *
 * Because the probe holds rq->lock when it takes server->lock, nothing may
 * take a runqueue or pi_lock while holding server->lock: wake-ups,
 * task_work_add() and kthread_queue_work() are called after it is
 * released, on decisions taken under it.
 *
 * PREEMPT_RT. The hrtimers are HARD (they run in hardirq there too), so
 * they take raw spinlocks only and wake through primitives that do:
 * rcuwait_wake_up(), task_work_add(), kthread_queue_work(), queue_work().
 * A wait_queue_head_t's lock sleeps on PREEMPT_RT: server->wq is woken
 * from process context only.
 */
#ifndef _VRES_H
#define _VRES_H

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/kobject.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rcuwait.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/sched/types.h>
#include <linux/vres.h>

#include "vres_parse.h"
#include "vres_server.h"

/*
 * Why a thread stops being served (trace event vres_detach, reason=).
 * MOVED and POLICY are revocations: someone else moved the thread off the
 * server's CPU (sched_setaffinity(), the CPU going offline) or changed its
 * policy or priority (sched_setscheduler(), chrt), and vres lets it go.
 */
enum vres_detach_reason {
	VRES_DETACH_REQUEST,	/* tid written, destroy, unload */
	VRES_DETACH_EXIT,	/* the thread exited */
	VRES_DETACH_MOVED,	/* it ran on another CPU */
	VRES_DETACH_POLICY,	/* its policy is not the one vres set */
};

/*
 * Children of a served thread waiting to be unpinned (vres_probe_fork()).
 * The fork probe may not allocate (it runs with preemption disabled, and
 * allocation sleeps on PREEMPT_RT), so they wait in a fixed array; a fork
 * beyond it leaves its child on the server's CPU.
 */
#define VRES_FORK_SLOTS	8

/**
 * struct vres_server - one server: a sysfs directory and its machinery
 * @kobj:         servers/NAME; its reference count is the server's (the
 *                list holds one, a queued task_work holds one)
 * @name:         the server's name
 * @node:         in vres_servers (vres_config_mutex)
 * @dead:         destroyed: stores fail with -ENOENT (vres_config_mutex)
 *
 * Configuration, written under vres_config_mutex:
 * @budget_ns:    admitted budget (0: unconfigured); in effect from the
 *                next boundary when attached
 * @period_ns:    admitted period (0: unconfigured)
 * @overhead_ns:  overhead X counted by admission control
 * @cpu:          the CPU the server runs on
 * @mode:         hard or soft
 * @prio:         SCHED_FIFO priority in budget (0: unconfigured)
 * @guest:        the guest's task set for the guest guard, or NULL
 * @nr_guest:     entries in @guest
 * @guest_least:  the guest task with the least slack D - R when the guard
 *                last accepted @guest on (@budget_ns, @period_ns), and its
 *                response time in @guest_least_resp; period 0 if the
 *                guard has not analysed it (no tasks, or no params yet)
 * @guest_least_resp: that response time, ns
 * @saved_attr:   scheduling attributes of the thread before attach
 * @saved_mask:   CPU affinity of the thread before attach
 * @refusal:      why the last refused write was refused (servers/NAME/
 *                refusal), empty after a successful one
 *
 * @policy_mutex: serialises changes of the attached thread's policy
 *
 * Run-time state, under @lock:
 * @lock:         see the file comment
 * @task:         the attached thread, with a reference, or NULL. Written
 *                under @lock (and vres_config_mutex, except by the exit
 *                probe); whoever clears it owns the reference.
 * @st:           the budget state machine
 * @run_mode:     copy of @mode for the timer callbacks
 * @demote:       soft mode: the thread should run demoted (the worker
 *                makes its policy follow this flag)
 * @set_policy:   the policy vres last gave the thread (SCHED_FIFO, or
 *                SCHED_NORMAL while demoted) ...
 * @set_prio:     ... and its SCHED_FIFO priority
 * @policy_busy:  vres is changing the thread's policy: @set_policy and
 *                @set_prio are not to be compared with it now
 * @revoking:     someone else changed the thread: @revoke_work will detach
 *                @revoke_task for @revoke_reason
 * @revoke_task:  the thread to let go (compared, never dereferenced)
 * @revoke_reason: VRES_DETACH_MOVED or VRES_DETACH_POLICY
 * @work_busy:    @work is queued on some thread, or running and may still
 *                sleep on @throttle_wait
 * @period_timer: replenishment at every boundary (hardirq, pinned to @cpu)
 * @enforce_timer: fires when the budget runs out (hardirq, pinned)
 * @work:         the throttle task_work, run by the thread itself
 * @soft_work:    the soft-mode policy change, run by the CPU's worker
 * @revoke_timer: fires at once to queue @revoke_work out of the
 *                sched_switch probe (which cannot queue work itself)
 * @revoke_work:  detaches a revoked thread (process context, vres_wq)
 * @forks:        children of the thread that @fork_work is to unpin (each
 *                holds a task reference) ...
 * @nr_forks:     ... how many
 * @fork_work:    gives them @saved_mask (process context, vres_wq)
 * @throttle_wait: the throttled thread sleeps here until the boundary; at
 *                most one sleeper, as @work_busy guarantees
 * @wq:           attach waits here for @work_busy to clear
 * @hnode:        in the task -> server hash while @task is set
 * @hash_gp:      RCU state when @hnode last left the hash: attach waits
 *                for that grace period before reusing it
 * @rcu:          for freeing after the hash readers are done
 */
struct vres_server {
	struct kobject kobj;
	char name[VRES_NAME_MAX + 1];
	struct list_head node;
	bool dead;

	u64 budget_ns;
	u64 period_ns;
	u64 overhead_ns;
	unsigned int cpu;
	enum vres_mode mode;
	int prio;
	struct vres_guest_task *guest;
	unsigned int nr_guest;
	struct vres_guest_task guest_least;
	u64 guest_least_resp;
	struct sched_attr saved_attr;
	cpumask_var_t saved_mask;
	char refusal[VRES_REFUSAL_MAX];

	struct mutex policy_mutex;	/* see @policy_mutex above */

	raw_spinlock_t lock;
	struct task_struct *task;
	struct vres_server_state st;
	enum vres_mode run_mode;
	bool demote;
	bool work_busy;
	int set_policy;
	int set_prio;
	unsigned int policy_busy;
	bool revoking;
	struct task_struct *revoke_task;
	enum vres_detach_reason revoke_reason;
	struct hrtimer revoke_timer;
	struct work_struct revoke_work;
	struct task_struct *forks[VRES_FORK_SLOTS];
	unsigned int nr_forks;
	struct work_struct fork_work;
	struct hrtimer period_timer;
	struct hrtimer enforce_timer;
	struct callback_head work;
	struct kthread_work soft_work;
	struct rcuwait throttle_wait;
	wait_queue_head_t wq;
	struct hlist_node hnode;
	unsigned long hash_gp;
	struct rcu_head rcu;
};

extern struct mutex vres_config_mutex;
extern int vres_prio_max;
extern int vres_prio_min;
extern unsigned int vres_max_servers;

/* vres_sched.c: timers, probes, task_work; attach and detach */
int vres_sched_init(void);
void vres_sched_exit(void);
void vres_sched_server_init(struct vres_server *srv);
int vres_attach(struct vres_server *srv, int tid);
void vres_detach(struct vres_server *srv);
void vres_detach_reason(struct vres_server *srv,
			enum vres_detach_reason reason);
int vres_set_mode(struct vres_server *srv, enum vres_mode mode);
void vres_apply_prio(struct vres_server *srv);
void vres_set_params(struct vres_server *srv, u64 budget_ns, u64 period_ns);
enum vres_state vres_server_get_state(struct vres_server *srv);
void vres_read_stats(struct vres_server *srv, u64 *stats);
void vres_reset_stats(struct vres_server *srv);

/**
 * struct vres_resume_cost - what coming back from a throttle cost, over
 *	every server since the module was loaded (the root's
 *	measured_overhead file)
 * @resumes: throttles a thread came back from at a boundary
 * @max_ns:  the most budget one of them took
 * @total_ns: the budget they all took
 */
struct vres_resume_cost {
	u64 resumes;
	u64 max_ns;
	u64 total_ns;
};

void vres_read_resume_cost(struct vres_resume_cost *rc);

/* vres_host.c: what the host leaves to SCHED_FIFO */
struct vres_adm_limits;
int vres_host_init(void);
void vres_host_exit(void);
bool vres_host_limits(unsigned int cpu, struct vres_adm_limits *lim);

/*
 * vres_main.c: fault injection for the tests, in a module built with
 * VRES_DEBUG=y only: sleeps where a race can happen, to make it happen.
 */
enum vres_debug_point {
	VRES_DEBUG_ATTACH,	/* in vres_attach(), just after the start IPI */
};

#ifdef VRES_DEBUG
void vres_debug_delay(enum vres_debug_point point);
#else
static inline void vres_debug_delay(enum vres_debug_point point) { }
#endif

/**
 * struct vres_cpu_set - the configured servers of one CPU, RM-sorted
 * @srv: their admission view; srv[i].priv is the struct vres_server
 * @nr:  how many
 */
struct vres_cpu_set {
	struct vres_adm_server *srv;
	unsigned int nr;
};

/* vres_control.c: the server list, admission, priorities */
__printf(2, 3) void vres_refuse(char *refusal, const char *fmt, ...);
struct vres_server *vres_find(const char *name, bool include_dead);
unsigned int vres_server_count(void);
struct vres_server *vres_server_first(void);
void vres_server_link(struct vres_server *srv);
void vres_server_unlink(struct vres_server *srv);
int vres_cpu_set_get(struct vres_cpu_set *set, unsigned int cpu);
void vres_cpu_remap(unsigned int cpu);
int vres_change(struct vres_server *srv, u64 budget, u64 period,
		u64 overhead);
int vres_move(struct vres_server *srv, unsigned int cpu);
int vres_change_guest(struct vres_server *srv, struct vres_guest_task **tasks,
		      unsigned int nr);

/* vres_sysfs.c */
int vres_sysfs_init(void);
void vres_sysfs_exit(void);

#endif /* _VRES_H */
