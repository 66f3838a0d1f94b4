// SPDX-License-Identifier: GPL-2.0
/*
 * vres: the scheduler glue of a periodic server.
 *
 * What runs where (each function below repeats its context):
 *
 *  - sched_switch probe (tracepoint; rq->lock held, IRQs off, on the CPU
 *    that switches): charges the thread that leaves, starts charging the
 *    thread that arrives and arms the enforcement hrtimer at the instant
 *    its budget runs out. Every context switch of the host pays the hash
 *    look-up of prev and next, so the common case is one load each: an
 *    empty bucket.
 *
 *  - enforcement hrtimer (hardirq, pinned to the server's CPU, where the
 *    thread is normally current): charges up to now; if the budget is gone
 *    it marks the server exhausted and either queues the throttle task_work
 *    on the thread (hard mode; TWA_SIGNAL, or TWA_RESUME for a vCPU thread
 *    interrupted in guest mode: vres_throttle_notify()) or asks the CPU's
 *    worker to demote the thread (soft mode).
 *
 *  - throttle task_work (process context, the thread itself, at its next
 *    return to user mode): sleeps TASK_KILLABLE until the boundary (an
 *    rcuwait, which the period hrtimer can wake on PREEMPT_RT too). TWA_SIGNAL sets TIF_NOTIFY_SIGNAL, so the thread
 *    gets there at once from user space (the IRQ's return path), from an
 *    interruptible system call (interrupted, restarted transparently), and
 *    from KVM_RUN (xfer_to_guest_mode_handle_work() returns -EINTR to
 *    QEMU, which enters again after the sleep). A vCPU interrupted in guest
 *    mode gets TWA_RESUME instead: the same function runs the work before
 *    the next entry and the thread sleeps inside KVM_RUN, no exit to QEMU.
 *
 *  - period hrtimer (hardirq, pinned to the server's CPU): at every
 *    boundary t0 + k*T refills the budget (vres_server_replenish()), re-arms
 *    enforcement if the thread is running, wakes a throttled thread or asks
 *    the worker to restore a demoted one.
 *
 *  - soft-mode worker (process context, a per-CPU kthread_worker at
 *    SCHED_FIFO VRES_PRIO_HIGHEST + 1 on the server's CPU):
 *    sched_setattr_nocheck() cannot run in hardirq or under rq->lock, so
 *    the timers only set server->demote and the worker makes the thread's
 *    policy follow it.
 *
 *  - sched_process_exit probe (the exiting thread, preemption disabled):
 *    detaches the thread (nothing to restore) and drops its reference.
 *
 *  - attach/detach, priority and mode changes (process context, sysfs
 *    writer, vres_config_mutex held).
 *
 * Module unload and the task_work. task_work_cancel() is not exported, so
 * a queued throttle work cannot be taken back: it runs whenever its thread
 * next returns to user mode or exits, and its code lives in this module.
 * Three rules keep unload safe whatever code the compiler emits:
 *
 *  - A queued work holds a module reference until its callback starts, so
 *    rmmod refuses (EBUSY, at once) while a thread has a throttle queued
 *    that it has not reached; it never waits for a thread that may stay in
 *    the kernel. The timer takes the reference with try_module_get(), so
 *    nothing is queued once unload has begun.
 *  - Every queued work counts one in vres_works_queued and its callback
 *    ends with complete() on vres_works_done. A callback that has started
 *    is asleep in vres_throttle_work() or about to return; the unload
 *    detaches every server, which wakes it, and waits for as many
 *    completions as works were queued: a wait bounded by a woken thread
 *    running a few instructions.
 *  - Between complete() and the callback's return the thread still
 *    executes module text (a tail call if the compiler made one, a return
 *    instruction otherwise). vres_sched_exit() ends with
 *    synchronize_rcu_tasks(), which waits until every thread has passed a
 *    voluntary context switch, user mode or guest mode, so none is left in
 *    that window when the module's memory is freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/tracepoint.h>
#include <trace/events/sched.h>

#include "compat.h"
#include "vres.h"

#define CREATE_TRACE_POINTS
#include "vres_trace.h"

/*
 * The task -> server hash. Writers (attach in IPI context, detach, the exit
 * probe) hold vres_hash_lock with IRQs off and the server's lock; readers
 * are the probes, under the RCU read side that preemption-disabled
 * tracepoint probes are (rcu_read_lock_sched() is an RCU reader since the
 * flavours were consolidated).
 */
#define VRES_HASH_BITS	8
static struct hlist_head vres_task_hash[1 << VRES_HASH_BITS];
static DEFINE_RAW_SPINLOCK(vres_hash_lock);

/* See "Module unload and the task_work" above. */
static atomic_long_t vres_works_queued = ATOMIC_LONG_INIT(0);
static DECLARE_COMPLETION(vres_works_done);

/* Per-CPU soft-mode workers, created on first use (vres_config_mutex). */
static DEFINE_PER_CPU(struct kthread_worker *, vres_worker);

static struct tracepoint *vres_tp_switch;
static struct tracepoint *vres_tp_exit;
static struct tracepoint *vres_tp_fork;

/*
 * True if @probe has the prototype of tracepoint @tp's probes, as the
 * kernel's typed register_trace_@tp() declares it (see compat.h).
 */
#define VRES_PROBE_TYPE(tp, probe) \
	__same_type(&register_trace_##tp, int (*)(typeof(&(probe)), void *))

/*
 * Revocations and forks: work that cannot run in the probes. Unbound: it
 * has no CPU of its own to run on (and 6.17+ warns about a workqueue that
 * says neither WQ_UNBOUND nor WQ_PERCPU).
 */
static struct workqueue_struct *vres_wq;

static struct hlist_head *vres_bucket(const struct task_struct *p)
{
	return &vres_task_hash[hash_ptr(p, VRES_HASH_BITS)];
}

/*
 * Context: a probe (RCU reader). Returns the server @p is attached to, or
 * NULL; the caller re-checks srv->task == p under srv->lock, because a
 * detach may be running on another CPU.
 */
static struct vres_server *vres_lookup(const struct task_struct *p)
{
	struct hlist_head *head = vres_bucket(p);
	struct vres_server *srv;

	if (likely(hlist_empty(head)))
		return NULL;
	hlist_for_each_entry_rcu(srv, head, hnode)
		if (READ_ONCE(srv->task) == p)
			return srv;
	return NULL;
}

/* Context: srv->lock held, IRQs off. */
static void vres_hash_add(struct vres_server *srv, struct task_struct *p)
{
	lockdep_assert_held(&srv->lock);
	raw_spin_lock(&vres_hash_lock);
	hlist_add_head_rcu(&srv->hnode, vres_bucket(p));
	raw_spin_unlock(&vres_hash_lock);
}

/*
 * Context: srv->lock held, IRQs off. A reader may still be on the node
 * for a grace period: vres_attach() waits for it (srv->hash_gp) before
 * the node goes into another bucket, where it would lead that reader
 * astray.
 */
static void vres_hash_del(struct vres_server *srv)
{
	lockdep_assert_held(&srv->lock);
	raw_spin_lock(&vres_hash_lock);
	hlist_del_init_rcu(&srv->hnode);
	raw_spin_unlock(&vres_hash_lock);
	srv->hash_gp = get_state_synchronize_rcu();
}

static u64 vres_now(void)
{
	return ktime_to_ns(ktime_get());
}

/* Context: srv->lock held; hardirq or rq->lock held, on the server CPU. */
static void vres_arm_enforcement(struct vres_server *srv, u64 now, u64 left)
{
	lockdep_assert_held(&srv->lock);
	hrtimer_start(&srv->enforce_timer, ns_to_ktime(now + left),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

/*
 * Context: sched_switch tracepoint (@p switching in, rq->lock held),
 * srv->lock held. Has someone else changed the thread since vres set it
 * up? It runs on another CPU (sched_setaffinity() by its owner, or the
 * server's CPU went offline), or its policy or SCHED_FIFO priority is not
 * what vres last gave it (sched_setscheduler(), chrt). Returns the reason
 * to let it go, or 0.
 */
static enum vres_detach_reason vres_changed_by_others(struct vres_server *srv,
						      struct task_struct *p)
{
	lockdep_assert_held(&srv->lock);
	if (smp_processor_id() != srv->cpu)
		return VRES_DETACH_MOVED;
	if (srv->policy_busy)
		return 0;
	if (p->policy != srv->set_policy ||
	    (p->policy == SCHED_FIFO && p->rt_priority != srv->set_prio))
		return VRES_DETACH_POLICY;
	return 0;
}

/*
 * Context: srv->lock held, any context (the sched_switch probe included).
 * Let @p go: vres_revoke_work() detaches it in process context. The probe
 * holds a runqueue lock, under which work cannot be queued (it may wake a
 * worker): an hrtimer that expires at once queues it. Once per thread.
 */
static void vres_revoke(struct vres_server *srv, struct task_struct *p,
			enum vres_detach_reason reason)
{
	lockdep_assert_held(&srv->lock);
	if (srv->revoking)
		return;
	srv->revoking = true;
	srv->revoke_task = p;
	srv->revoke_reason = reason;
	hrtimer_start(&srv->revoke_timer, 0, HRTIMER_MODE_REL_HARD);
}

/*
 * Context: hardirq. Queue the revocation; the work holds a reference on
 * the server. The timer is cancelled by detach, after which nothing arms
 * it (the probe checks srv->task under srv->lock).
 */
static enum hrtimer_restart vres_revoke_timer_fn(struct hrtimer *timer)
{
	struct vres_server *srv =
		container_of(timer, struct vres_server, revoke_timer);

	kobject_get(&srv->kobj);
	if (!queue_work(vres_wq, &srv->revoke_work))
		kobject_put(&srv->kobj);	/* queued: it has one */
	return HRTIMER_NORESTART;
}

/*
 * Context: process (vres_wq). Detach a thread that someone else changed,
 * if it is still the one attached: its policy and affinity are restored
 * only where nobody changed them (vres_restore_policy()).
 */
static void vres_revoke_work_fn(struct work_struct *work)
{
	struct vres_server *srv =
		container_of(work, struct vres_server, revoke_work);
	enum vres_detach_reason reason;
	bool revoke;

	mutex_lock(&vres_config_mutex);
	raw_spin_lock_irq(&srv->lock);
	revoke = srv->revoking && srv->task &&
		 srv->task == srv->revoke_task;
	reason = srv->revoke_reason;
	srv->revoking = false;
	if (revoke)
		srv->st.stats[VRES_STAT_REVOCATIONS]++;
	raw_spin_unlock_irq(&srv->lock);
	if (revoke && !srv->dead)
		vres_detach_reason(srv, reason);
	mutex_unlock(&vres_config_mutex);
	kobject_put(&srv->kobj);
}

/*
 * Context: sched_switch tracepoint, rq->lock held, IRQs off.
 * @p leaves the CPU: charge it and cancel its enforcement timer (only
 * try_to_cancel here: waiting for a running callback under rq->lock could
 * deadlock, and a callback that runs anyway finds !on_cpu and does nothing).
 */
static void vres_switch_out(struct vres_server *srv, struct task_struct *p,
			    u64 now)
{
	u64 excess, overrun = 0;

	raw_spin_lock(&srv->lock);
	if (srv->task != p) {
		raw_spin_unlock(&srv->lock);
		return;
	}
	excess = vres_server_switch_out(&srv->st, now);
	if (excess)
		overrun = srv->st.overrun_ns;
	hrtimer_try_to_cancel(&srv->enforce_timer);
	raw_spin_unlock(&srv->lock);
	if (overrun)
		trace_vres_overrun(srv->name, p->pid, overrun);
}

/*
 * Context: sched_switch tracepoint, rq->lock held, IRQs off.
 * @p arrives on the CPU: start charging; arm enforcement at now + budget
 * left (an already exhausted thread is on its way to the throttle work or
 * demotion, and its run is charged as overrun when it leaves).
 */
static void vres_switch_in(struct vres_server *srv, struct task_struct *p,
			   u64 now)
{
	enum vres_detach_reason reason;
	u64 left;

	raw_spin_lock(&srv->lock);
	if (srv->task != p)
		goto unlock;
	reason = vres_changed_by_others(srv, p);
	if (reason) {
		vres_revoke(srv, p, reason);
		goto unlock;	/* not charged: it is being let go */
	}
	if (vres_server_switch_in(&srv->st, now, &left))
		vres_arm_enforcement(srv, now, left);
unlock:
	raw_spin_unlock(&srv->lock);
}

/* Context: sched_switch tracepoint, rq->lock held, IRQs off. */
static void vres_probe_switch(void *data, bool preempt,
			      struct task_struct *prev,
			      struct task_struct *next,
			      unsigned int prev_state)
{
	struct vres_server *out = vres_lookup(prev);
	struct vres_server *in = vres_lookup(next);
	u64 now;

	if (likely(!out && !in))
		return;
	now = vres_now();
	if (out)
		vres_switch_out(out, prev, now);
	if (in)
		vres_switch_in(in, next, now);
}

/*
 * Context: sched_process_exit tracepoint: the exiting thread itself,
 * preemption disabled (cannot sleep), before exit_task_work().
 * Detach without restoring anything. The reference dropped here is never
 * the task's last (the task holds its own until it is reaped), so
 * put_task_struct() does no freeing in this context. A throttle work still
 * queued runs in exit_task_work() and returns at once.
 */
static void vres_probe_exit(void *data, struct task_struct *p)
{
	struct vres_server *srv = vres_lookup(p);
	unsigned long flags;

	if (likely(!srv))
		return;
	raw_spin_lock_irqsave(&srv->lock, flags);
	if (srv->task != p) {
		raw_spin_unlock_irqrestore(&srv->lock, flags);
		return;
	}
	vres_hash_del(srv);
	WRITE_ONCE(srv->task, NULL);
	srv->st.on_cpu = false;
	hrtimer_try_to_cancel(&srv->period_timer);
	hrtimer_try_to_cancel(&srv->enforce_timer);
	raw_spin_unlock_irqrestore(&srv->lock, flags);
	trace_vres_detach(srv->name, p->pid, VRES_DETACH_EXIT);
	put_task_struct(p);
}

/* sched_process_exit's prototype from 2025 on (compat.h). */
static void vres_probe_exit_group(void *data, struct task_struct *p,
				  bool group_dead)
{
	vres_probe_exit(data, p);
}

/* The exit probe of this kernel's prototype; any other is a build error. */
#define vres_exit_probe							\
	_Generic(&register_trace_sched_process_exit,			\
		 int (*)(typeof(&vres_probe_exit), void *):		\
			vres_probe_exit,				\
		 int (*)(typeof(&vres_probe_exit_group), void *):	\
			vres_probe_exit_group)

/*
 * Context: process (vres_wq). Unpin the children of the served thread that
 * the fork probe queued, unless one (or its owner) has set an affinity of
 * its own meanwhile. Attach flushes this work before it saves another
 * thread's mask, so srv->saved_mask is still the children's parent's.
 */
static void vres_fork_work_fn(struct work_struct *work)
{
	struct vres_server *srv =
		container_of(work, struct vres_server, fork_work);
	struct task_struct *forks[VRES_FORK_SLOTS];
	unsigned int i, n, cpu;

	raw_spin_lock_irq(&srv->lock);
	n = srv->nr_forks;
	memcpy(forks, srv->forks, n * sizeof(forks[0]));
	srv->nr_forks = 0;
	cpu = srv->cpu;
	raw_spin_unlock_irq(&srv->lock);

	for (i = 0; i < n; i++) {
		if (cpumask_equal(&forks[i]->cpus_mask, cpumask_of(cpu)))
			set_cpus_allowed_ptr(forks[i], srv->saved_mask);
		put_task_struct(forks[i]);
	}
	kobject_put(&srv->kobj);
}

/*
 * Context: sched_process_fork tracepoint: the parent, after the child was
 * created and before it first runs; preemption disabled, no runqueue lock.
 * A served thread's child inherits its pin to the server's CPU (the policy
 * is reset by SCHED_RESET_ON_FORK): it gets the parent's affinity from
 * before the attach back, from a work item (set_cpus_allowed_ptr() sleeps),
 * so it may start on the server's CPU, at SCHED_OTHER. Counted in the
 * server's stats (forks). Nothing is allocated here (see VRES_FORK_SLOTS).
 */
static void vres_probe_fork(void *data, struct task_struct *parent,
			    struct task_struct *child)
{
	struct vres_server *srv = vres_lookup(parent);
	unsigned long flags;
	bool queued = false;

	if (likely(!srv))
		return;
	raw_spin_lock_irqsave(&srv->lock, flags);
	if (srv->task != parent) {
		raw_spin_unlock_irqrestore(&srv->lock, flags);
		return;
	}
	if (srv->nr_forks < VRES_FORK_SLOTS) {
		get_task_struct(child);
		srv->forks[srv->nr_forks++] = child;
		queued = true;
	}
	srv->st.stats[VRES_STAT_FORKS]++;
	raw_spin_unlock_irqrestore(&srv->lock, flags);

	trace_vres_fork(srv->name, parent->pid, child->pid);
	if (!queued) {
		pr_warn_ratelimited("server %s: child %d of thread %d stays on CPU %u\n",
				    srv->name, child->pid, parent->pid, srv->cpu);
		return;
	}
	kobject_get(&srv->kobj);
	if (!queue_work(vres_wq, &srv->fork_work))
		kobject_put(&srv->kobj);	/* queued: it has one */
}

/*
 * Context: hardirq (enforcement hrtimer, server CPU).
 * How the throttle work reaches @p. A KVM vCPU thread interrupted in guest
 * mode is current with PF_VCPU set: KVM services the interrupt that ended
 * guest mode before it accounts the exit (guest_timing_exit_irqoff()), with
 * preemption off. Its KVM_RUN loop runs TWA_RESUME work before it enters
 * the guest again (xfer_to_guest_mode_handle_work()), so the throttle
 * sleeps inside KVM_RUN and QEMU sees no exit at all. Anywhere else only
 * TWA_SIGNAL gets the thread there at once (see the top of this file).
 * PF_VCPU is set on guest entry with and without vtime accounting
 * (vtime_account_guest_enter()).
 */
static enum task_work_notify_mode vres_throttle_notify(struct task_struct *p)
{
	if (p == current && (p->flags & PF_VCPU))
		return TWA_RESUME;
	return TWA_SIGNAL;
}

/*
 * Context: hardirq (enforcement hrtimer, server CPU).
 * The budget should be gone now. Charge; if some is left (the timer was
 * armed for an earlier run), re-arm. Otherwise throttle: in hard mode queue
 * the task_work (once: a work still queued from earlier will see the new
 * state), in soft mode ask the worker to demote. Both after unlocking:
 * task_work_add() kicks the task and kthread_queue_work() wakes the
 * worker, which may take pi_lock and rq->lock (see vres.h).
 * The task reference is stable here: detach cancels this timer with
 * hrtimer_cancel() before dropping it.
 */
static enum hrtimer_restart vres_enforce_timer_fn(struct hrtimer *timer)
{
	struct vres_server *srv =
		container_of(timer, struct vres_server, enforce_timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	struct task_struct *p;
	bool queue_work = false, demote = false, hard;
	u64 now, left, used;

	raw_spin_lock(&srv->lock);
	p = srv->task;
	/* Detached, or a racing detach/exit already took the thread. */
	if (!p)
		goto unlock;
	now = ktime_to_ns(hrtimer_cb_get_time(timer));
	switch (vres_server_deplete(&srv->st, now, &left)) {
	case VRES_DEPLETE_NONE:
		/* Switched out and the try_to_cancel lost: nothing to do. */
		goto unlock;
	case VRES_DEPLETE_LATER:
		hrtimer_set_expires(timer, ns_to_ktime(now + left));
		ret = HRTIMER_RESTART;
		goto unlock;
	case VRES_DEPLETE_NOW:
		break;
	}
	hard = srv->run_mode == VRES_MODE_HARD;
	used = srv->st.used_ns;
	if (hard && !srv->work_busy && try_module_get(THIS_MODULE)) {
		srv->work_busy = true;
		kobject_get(&srv->kobj);
		atomic_long_inc(&vres_works_queued);
		queue_work = true;
	} else if (!hard) {
		srv->demote = true;
		demote = true;
	}
	raw_spin_unlock(&srv->lock);

	trace_vres_throttle(srv->name, p->pid, hard, used);
	if (queue_work && task_work_add(p, &srv->work, vres_throttle_notify(p))) {
		/* The thread is past exit_task_work(): it runs no more. */
		raw_spin_lock(&srv->lock);
		srv->work_busy = false;
		raw_spin_unlock(&srv->lock);
		atomic_long_dec(&vres_works_queued);
		kobject_put(&srv->kobj);	/* never the last: sysfs holds one */
		module_put(THIS_MODULE);
	}
	if (demote)
		kthread_queue_work(READ_ONCE(per_cpu(vres_worker, srv->cpu)),
				   &srv->soft_work);
	return ret;

unlock:
	raw_spin_unlock(&srv->lock);
	return ret;
}

/*
 * Context: hardirq (period hrtimer, server CPU).
 * A boundary. The rt.c idiom, with the arithmetic in vres_server.c: the
 * expiry is the boundary; if the timer ran late by more than a period the
 * missed boundaries are counted and the next expiry stays on the t0 + k*T
 * grid (vres_server_replenish() returns it).
 */
static enum hrtimer_restart vres_period_timer_fn(struct hrtimer *timer)
{
	struct vres_server *srv =
		container_of(timer, struct vres_server, period_timer);
	struct vres_replenish r;
	struct task_struct *p;
	bool runnable, promote = false;
	u64 now, expires;

	raw_spin_lock(&srv->lock);
	p = srv->task;
	/* Detached or exited: the timer dies with the attachment. */
	if (!p) {
		raw_spin_unlock(&srv->lock);
		return HRTIMER_NORESTART;
	}
	now = ktime_to_ns(hrtimer_cb_get_time(timer));
	expires = ktime_to_ns(hrtimer_get_expires(timer));
	runnable = srv->st.on_cpu || task_is_running(p);
	vres_server_replenish(&srv->st, expires, now, runnable, &r);
	hrtimer_set_expires(timer, ns_to_ktime(r.next_ns));
	if (srv->st.on_cpu && !srv->st.stopped)
		vres_arm_enforcement(srv, now, r.left_ns);
	if (srv->demote) {
		srv->demote = false;
		promote = true;
	}
	raw_spin_unlock(&srv->lock);

	trace_vres_replenish(srv->name, srv->cpu, r.boundary_ns, r.latency_ns,
			     r.periods, r.shortfall);
	if (r.was_exhausted) {
		trace_vres_unthrottle(srv->name, p->pid);
		rcuwait_wake_up(&srv->throttle_wait);
	}
	if (promote)
		kthread_queue_work(READ_ONCE(per_cpu(vres_worker, srv->cpu)),
				   &srv->soft_work);
	return HRTIMER_RESTART;
}

/* The root's measured_overhead: resume costs since load (see vres.h). */
static atomic64_t vres_resumes = ATOMIC64_INIT(0);
static atomic64_t vres_resume_max_ns = ATOMIC64_INIT(0);
static atomic64_t vres_resume_total_ns = ATOMIC64_INIT(0);

/**
 * vres_read_resume_cost() - the resume costs of every server since load
 * @rc: filled in
 *
 * The three counters are read one after the other, not as one snapshot.
 *
 * Context: any.
 */
void vres_read_resume_cost(struct vres_resume_cost *rc)
{
	rc->resumes = atomic64_read(&vres_resumes);
	rc->max_ns = atomic64_read(&vres_resume_max_ns);
	rc->total_ns = atomic64_read(&vres_resume_total_ns);
}

/*
 * Context: process, the served thread, back from a throttle's sleep with
 * srv->lock not held. Count what the way back took from the new period's
 * budget (vres_server_resumed()), unless something else than a boundary
 * ended the sleep: a detach, a signal.
 */
static void vres_note_resume(struct vres_server *srv)
{
	s64 cost, max;

	raw_spin_lock_irq(&srv->lock);
	if (srv->task != current || srv->st.exhausted) {
		raw_spin_unlock_irq(&srv->lock);
		return;
	}
	cost = vres_server_resumed(&srv->st, vres_now());
	raw_spin_unlock_irq(&srv->lock);

	atomic64_inc(&vres_resumes);
	atomic64_add(cost, &vres_resume_total_ns);
	max = atomic64_read(&vres_resume_max_ns);
	while (max < cost &&
	       !atomic64_try_cmpxchg(&vres_resume_max_ns, &max, cost))
		;
}

/* Context: any. The throttled thread may run again. */
static bool vres_throttle_over(struct vres_server *srv)
{
	unsigned long flags;
	bool over;

	raw_spin_lock_irqsave(&srv->lock, flags);
	over = srv->task != current || !srv->st.exhausted;
	raw_spin_unlock_irqrestore(&srv->lock, flags);
	return over;
}

/*
 * Context: process, the thread the work was queued on, at its return to
 * user mode (or in exit_task_work()). Must tolerate any state: detached,
 * re-attached elsewhere, server destroyed (it holds a reference).
 */
static void vres_throttle_work(struct callback_head *head)
{
	struct vres_server *srv = container_of(head, struct vres_server, work);
	bool wait, slept = false, killed = false;

	/*
	 * Started: rmmod may go ahead now, and waits for the completion
	 * below (see "Module unload" at the top).
	 */
	module_put(THIS_MODULE);

	/* Drain completions of callbacks that have finished. */
	while (try_wait_for_completion(&vres_works_done))
		atomic_long_dec(&vres_works_queued);

	/*
	 * Sleep until the boundary, a detach or unload (they wake us and
	 * clear srv->task), or a fatal signal (the exit probe then detaches).
	 * work_busy stays set while this may sleep, so this thread is the
	 * only one on throttle_wait: a new thread is attached, and can be
	 * throttled, only once it clears. It clears in the critical section
	 * that finds the throttle over: a depletion before it is waited for
	 * here, one after it queues the work again.
	 */
	for (;;) {
		raw_spin_lock_irq(&srv->lock);
		wait = !killed && srv->task == current && srv->st.exhausted;
		if (!wait)
			srv->work_busy = false;
		raw_spin_unlock_irq(&srv->lock);
		if (!wait)
			break;
		if (rcuwait_wait_event(&srv->throttle_wait,
				       vres_throttle_over(srv), TASK_KILLABLE))
			killed = true;
		else
			slept = true;
	}
	/* An attach may be waiting for work_busy to clear. */
	wake_up_all(&srv->wq);
	if (slept && !killed)
		vres_note_resume(srv);
	kobject_put(&srv->kobj);
	complete(&vres_works_done);
}

/*
 * Context: process, srv->policy_mutex held. Record the policy vres gives
 * the thread (before the probe may compare it) or mark it in flux.
 */
static void vres_policy_begin(struct vres_server *srv)
{
	raw_spin_lock_irq(&srv->lock);
	srv->policy_busy++;
	raw_spin_unlock_irq(&srv->lock);
}

static void vres_policy_end(struct vres_server *srv, struct task_struct *p)
{
	raw_spin_lock_irq(&srv->lock);
	srv->set_policy = p->policy;
	srv->set_prio = p->rt_priority;
	srv->policy_busy--;
	raw_spin_unlock_irq(&srv->lock);
}

/* Context: process (sysfs writer or the soft worker). */
static int vres_policy_fifo(struct task_struct *p, int prio)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_flags = SCHED_FLAG_RESET_ON_FORK,
		.sched_priority = prio,
	};

	return sched_setattr_nocheck(p, &attr);
}

/* Context: process (the soft worker). Lowest CFS weight. */
static int vres_policy_background(struct task_struct *p)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_NORMAL,
		.sched_flags = SCHED_FLAG_RESET_ON_FORK,
		.sched_nice = MAX_NICE,
	};

	return sched_setattr_nocheck(p, &attr);
}

/*
 * Context: process, the CPU's soft worker (SCHED_FIFO above every server,
 * pinned to the server's CPU, so the served thread is not running now).
 * Make the thread's policy follow srv->demote, then tell the state machine
 * (charging stops while demoted and resumes when the priority is back).
 */
static void vres_soft_work_fn(struct kthread_work *work)
{
	struct vres_server *srv =
		container_of(work, struct vres_server, soft_work);
	struct task_struct *p;
	bool demote;
	u64 left;
	int ret;

	mutex_lock(&srv->policy_mutex);
	raw_spin_lock_irq(&srv->lock);
	p = srv->task;
	if (p)
		get_task_struct(p);
	demote = srv->demote;
	raw_spin_unlock_irq(&srv->lock);
	if (!p)
		goto unlock_policy;

	vres_policy_begin(srv);
	ret = demote ? vres_policy_background(p) :
		       vres_policy_fifo(p, READ_ONCE(srv->prio));
	vres_policy_end(srv, p);
	if (ret)
		pr_warn_ratelimited("server %s: cannot %s thread %d: %d\n",
				    srv->name, demote ? "demote" : "restore",
				    p->pid, ret);

	raw_spin_lock_irq(&srv->lock);
	if (srv->task == p && srv->demote == demote) {
		if (demote) {
			vres_server_stop(&srv->st, vres_now());
		} else if (srv->st.stopped) {
			u64 now = vres_now();

			if (vres_server_resume(&srv->st, now, &left))
				vres_arm_enforcement(srv, now, left);
		}
	}
	raw_spin_unlock_irq(&srv->lock);
	put_task_struct(p);
unlock_policy:
	mutex_unlock(&srv->policy_mutex);
}

/* Context: process, vres_config_mutex held. */
static int vres_worker_get(unsigned int cpu)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_priority = VRES_PRIO_HIGHEST + 1,
	};
	struct kthread_worker *w;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	if (per_cpu(vres_worker, cpu))
		return 0;
	w = kthread_run_worker_on_cpu(cpu, 0, "vres/%u");
	if (IS_ERR(w))
		return PTR_ERR(w);
	ret = sched_setattr_nocheck(w->task, &attr);
	if (ret) {
		kthread_destroy_worker(w);
		return ret;
	}
	WRITE_ONCE(per_cpu(vres_worker, cpu), w);
	return 0;
}

/**
 * vres_sched_server_init() - initialise the run-time parts of a new server
 * @srv: the server, not yet visible to anyone
 *
 * Context: process.
 */
void vres_sched_server_init(struct vres_server *srv)
{
	raw_spin_lock_init(&srv->lock);
	mutex_init(&srv->policy_mutex);
	rcuwait_init(&srv->throttle_wait);
	init_waitqueue_head(&srv->wq);
	INIT_HLIST_NODE(&srv->hnode);
	srv->hash_gp = get_state_synchronize_rcu();
	hrtimer_setup(&srv->period_timer, vres_period_timer_fn,
		      CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
	hrtimer_setup(&srv->enforce_timer, vres_enforce_timer_fn,
		      CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
	hrtimer_setup(&srv->revoke_timer, vres_revoke_timer_fn,
		      CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	INIT_WORK(&srv->revoke_work, vres_revoke_work_fn);
	INIT_WORK(&srv->fork_work, vres_fork_work_fn);
	init_task_work(&srv->work, vres_throttle_work);
	kthread_init_work(&srv->soft_work, vres_soft_work_fn);
	vres_server_init(&srv->st, 0, 0);
}

/* What the IPI that starts a server needs. */
struct vres_start {
	struct vres_server *srv;
	struct task_struct *task;
};

/*
 * Context: hardirq (IPI) on the server's CPU, IRQs off. Nothing switches on
 * this CPU meanwhile, so "the thread is current here" is exact: the thread
 * is pinned to this CPU already and runs here or nowhere. Publishing
 * srv->task and the hash entry, reading the clock and arming both timers
 * pinned to this CPU happen as one step for the probes.
 */
static void vres_start_on_cpu(void *arg)
{
	struct vres_start *start = arg;
	struct vres_server *srv = start->srv;
	struct task_struct *p = start->task;
	u64 now = vres_now();
	bool on_cpu = p == current;

	raw_spin_lock(&srv->lock);
	vres_server_start(&srv->st, now, on_cpu);
	srv->run_mode = srv->mode;
	srv->demote = false;
	srv->revoking = false;
	WRITE_ONCE(srv->task, p);
	vres_hash_add(srv, p);
	hrtimer_start(&srv->period_timer,
		      ns_to_ktime(now + srv->st.period_ns),
		      HRTIMER_MODE_ABS_PINNED_HARD);
	if (on_cpu)
		vres_arm_enforcement(srv, now, srv->st.remaining_ns);
	raw_spin_unlock(&srv->lock);
}

/* Context: process, writer of servers/NAME/tid. */
static bool vres_may_control(struct task_struct *p)
{
	bool ok;

	rcu_read_lock();
	ok = ns_capable(__task_cred(p)->user_ns, CAP_SYS_NICE);
	rcu_read_unlock();
	return ok;
}

/* Context: process. Remember what detach must restore. */
static void vres_save_policy(struct vres_server *srv, struct task_struct *p)
{
	struct sched_attr *a = &srv->saved_attr;

	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->sched_policy = p->policy;
	a->sched_priority = p->rt_priority;
	a->sched_nice = task_nice(p);
	if (p->sched_reset_on_fork)
		a->sched_flags |= SCHED_FLAG_RESET_ON_FORK;
	cpumask_copy(srv->saved_mask, &p->cpus_mask);
}

/*
 * Context: process. Put back what vres_save_policy() saw, where nobody
 * else changed it since: the policy if it is still the one vres gave,
 * the affinity if it is still the server's CPU alone.
 */
static void vres_restore_policy(struct vres_server *srv, struct task_struct *p)
{
	int ret;

	if (p->policy == srv->set_policy &&
	    (p->policy != SCHED_FIFO || p->rt_priority == srv->set_prio)) {
		ret = sched_setattr_nocheck(p, &srv->saved_attr);
		if (ret)
			pr_warn("server %s: cannot restore policy of thread %d: %d\n",
				srv->name, p->pid, ret);
	}
	if (cpumask_equal(&p->cpus_mask, cpumask_of(srv->cpu))) {
		ret = set_cpus_allowed_ptr(p, srv->saved_mask);
		if (ret)
			pr_warn("server %s: cannot restore affinity of thread %d: %d\n",
				srv->name, p->pid, ret);
	}
}

/*
 * Context: process, vres_config_mutex held. May @p be attached to @srv,
 * which serves no other thread? 0, or why not (see vres_attach()).
 */
static int vres_may_attach(struct vres_server *srv, struct task_struct *p)
{
	bool taken;

	if (srv->task)
		return -EBUSY;
	if ((p->flags & (PF_KTHREAD | VRES_PF_KERNEL_WORKER)) ||
	    is_global_init(p))
		return -EPERM;
	if (p->policy == SCHED_DEADLINE || !vres_may_control(p))
		return -EPERM;
	if (p->flags & PF_EXITING)
		return -ESRCH;
	rcu_read_lock();
	taken = vres_lookup(p);
	rcu_read_unlock();
	return taken ? -EBUSY : 0;
}

/*
 * Context: process, vres_config_mutex held; sleeps. Wait until nothing of
 * the thread @srv served before is left: 0, or -EINTR if killed.
 */
static int vres_attach_quiesce(struct vres_server *srv)
{
	int ret;

	/* The previous thread's throttle work may still be queued or asleep. */
	ret = wait_event_killable(srv->wq, !READ_ONCE(srv->work_busy));
	if (ret)
		return ret;
	/* Readers of the previous thread's hash entry are gone. */
	cond_synchronize_rcu(srv->hash_gp);
	/* Its children are unpinned: saved_mask is about to change. */
	flush_work(&srv->fork_work);
	return 0;
}

/*
 * Context: process, vres_config_mutex held. Save @p's policy and affinity,
 * pin it to @srv's CPU and give it @srv's SCHED_FIFO priority; on failure
 * @p is as it was.
 */
static int vres_take_thread(struct vres_server *srv, struct task_struct *p)
{
	int ret;

	vres_save_policy(srv, p);
	ret = set_cpus_allowed_ptr(p, cpumask_of(srv->cpu));
	if (ret)
		return ret;
	mutex_lock(&srv->policy_mutex);
	ret = vres_policy_fifo(p, srv->prio);
	if (!ret) {
		srv->set_policy = SCHED_FIFO;	/* not attached: no reader */
		srv->set_prio = srv->prio;
	}
	mutex_unlock(&srv->policy_mutex);
	if (ret)
		set_cpus_allowed_ptr(p, srv->saved_mask);
	return ret;
}

/**
 * vres_attach() - attach thread @tid to @srv and start serving it
 * @srv: a configured server
 * @tid: thread id in the writer's PID namespace (> 0)
 *
 * Saves the thread's policy and affinity, pins it to the server's CPU,
 * gives it the server's SCHED_FIFO priority and starts the first period
 * now. On failure nothing is changed.
 *
 * Context: process, vres_config_mutex held. May sleep: waits for the
 * previous thread's throttle work, if still queued or asleep, to finish.
 * Return: 0; -EINVAL if @srv has no parameters yet; -ESRCH no such thread
 * (or exiting); -EPERM init, a kernel thread, a kernel worker of a process
 * (io_uring, vhost), a SCHED_DEADLINE thread or one the writer may not
 * control; -EBUSY already attached to another server, or
 * @srv serves another thread; -EINTR killed while waiting; other errors of
 * the scheduler calls.
 */
int vres_attach(struct vres_server *srv, int tid)
{
	struct vres_start start = { .srv = srv };
	struct task_struct *p;
	struct pid *pid;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	if (!srv->budget_ns)
		return -EINVAL;

	pid = find_get_pid(tid);
	p = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!p)
		return -ESRCH;

	ret = 0;
	if (srv->task == p)
		goto put_task;	/* already ours: nothing to do */
	ret = vres_may_attach(srv, p);
	if (!ret)
		ret = vres_attach_quiesce(srv);
	if (!ret && srv->mode == VRES_MODE_SOFT)
		ret = vres_worker_get(srv->cpu);
	if (!ret)
		ret = vres_take_thread(srv, p);
	if (ret)
		goto put_task;

	/*
	 * From the IPI on, the exit probe may detach the thread and drop the
	 * attachment's reference at any time: keep one of our own for what
	 * follows.
	 */
	get_task_struct(p);
	start.task = p;
	ret = smp_call_function_single(srv->cpu, vres_start_on_cpu, &start, 1);
	if (ret) {
		put_task_struct(p);
		sched_setattr_nocheck(p, &srv->saved_attr);
		set_cpus_allowed_ptr(p, srv->saved_mask);
		goto put_task;
	}
	trace_vres_attach(srv->name, p->pid, srv->cpu, srv->prio);
	vres_debug_delay(VRES_DEBUG_ATTACH);

	/*
	 * The thread may have passed the exit tracepoint between the
	 * PF_EXITING check of vres_may_attach() and the hash insertion: then
	 * nothing would ever detach it. PF_EXITING is set before that
	 * tracepoint, and the IPI orders the insertion before this read.
	 */
	if (unlikely(READ_ONCE(p->flags) & PF_EXITING)) {
		vres_detach(srv);
		ret = -ESRCH;
	}
put_task:
	put_task_struct(p);	/* an attachment holds a reference of its own */
	return ret;
}

/**
 * vres_detach_reason() - stop serving the attached thread and restore it
 * @srv:    the server
 * @reason: for the trace event
 *
 * Stops the timers, wakes the thread if it sleeps throttled, makes sure
 * no soft-mode policy change is in flight, and gives the thread back its
 * policy, priority and affinity where nobody else changed them. Nothing to
 * do if the thread has exited (the exit probe detached it) or none is
 * attached.
 *
 * Context: process, vres_config_mutex held; sleeps.
 */
void vres_detach_reason(struct vres_server *srv, enum vres_detach_reason reason)
{
	struct kthread_worker *w = per_cpu(vres_worker, srv->cpu);
	struct task_struct *p;

	lockdep_assert_held(&vres_config_mutex);
	raw_spin_lock_irq(&srv->lock);
	p = srv->task;
	if (p) {
		vres_hash_del(srv);
		WRITE_ONCE(srv->task, NULL);
		srv->st.on_cpu = false;
		srv->demote = false;
	}
	raw_spin_unlock_irq(&srv->lock);

	/* Timer callbacks that still run find srv->task == NULL. */
	hrtimer_cancel(&srv->period_timer);
	hrtimer_cancel(&srv->enforce_timer);
	hrtimer_cancel(&srv->revoke_timer);
	/* A throttled thread leaves vres_throttle_work(). */
	rcuwait_wake_up(&srv->throttle_wait);
	if (w)
		kthread_cancel_work_sync(&srv->soft_work);
	if (!p)
		return;

	mutex_lock(&srv->policy_mutex);
	if (!(p->flags & PF_EXITING))
		vres_restore_policy(srv, p);
	mutex_unlock(&srv->policy_mutex);
	trace_vres_detach(srv->name, p->pid, reason);
	put_task_struct(p);
}

/**
 * vres_detach() - stop serving the attached thread, as asked
 * @srv: the server
 *
 * Context: process, vres_config_mutex held; sleeps.
 */
void vres_detach(struct vres_server *srv)
{
	vres_detach_reason(srv, VRES_DETACH_REQUEST);
}

/**
 * vres_set_mode() - switch a server between hard and soft mode
 * @srv:  the server
 * @mode: the new mode
 *
 * Takes effect at the next depletion; a thread demoted now still gets its
 * priority back at the boundary.
 *
 * Context: process, vres_config_mutex held.
 * Return: 0, or the error of creating the CPU's soft-mode worker.
 */
int vres_set_mode(struct vres_server *srv, enum vres_mode mode)
{
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	if (mode == VRES_MODE_SOFT) {
		ret = vres_worker_get(srv->cpu);
		if (ret)
			return ret;
	}
	srv->mode = mode;
	raw_spin_lock_irq(&srv->lock);
	srv->run_mode = mode;
	raw_spin_unlock_irq(&srv->lock);
	return 0;
}

/**
 * vres_apply_prio() - give the attached thread the server's priority
 * @srv: the server; @srv->prio was just (re)computed
 *
 * A demoted soft-mode thread keeps its background policy; the worker
 * restores the new priority at the boundary.
 *
 * Context: process, vres_config_mutex held.
 */
void vres_apply_prio(struct vres_server *srv)
{
	struct task_struct *p;
	bool demoted;
	int ret;

	lockdep_assert_held(&vres_config_mutex);
	mutex_lock(&srv->policy_mutex);
	raw_spin_lock_irq(&srv->lock);
	p = srv->task;
	if (p)
		get_task_struct(p);
	demoted = srv->demote || srv->st.stopped;
	raw_spin_unlock_irq(&srv->lock);
	if (p && !demoted) {
		vres_policy_begin(srv);
		ret = vres_policy_fifo(p, srv->prio);
		vres_policy_end(srv, p);
		if (ret)
			pr_warn("server %s: cannot set priority %d: %d\n",
				srv->name, srv->prio, ret);
	}
	mutex_unlock(&srv->policy_mutex);
	if (p)
		put_task_struct(p);
}

/**
 * vres_set_params() - new (C, T), in effect from the next boundary
 * @srv:       the server
 * @budget_ns: admitted budget
 * @period_ns: admitted period
 *
 * Context: process, vres_config_mutex held.
 */
void vres_set_params(struct vres_server *srv, u64 budget_ns, u64 period_ns)
{
	lockdep_assert_held(&vres_config_mutex);
	srv->budget_ns = budget_ns;
	srv->period_ns = period_ns;
	raw_spin_lock_irq(&srv->lock);
	vres_server_set_params(&srv->st, budget_ns, period_ns);
	raw_spin_unlock_irq(&srv->lock);
}

/**
 * vres_server_get_state() - what servers/NAME/state shows
 * @srv: the server
 *
 * Context: process.
 * Return: the state.
 */
enum vres_state vres_server_get_state(struct vres_server *srv)
{
	enum vres_state state;

	raw_spin_lock_irq(&srv->lock);
	if (!srv->task)
		state = VRES_STATE_UNATTACHED;
	else if (srv->st.exhausted || srv->st.stopped)
		state = VRES_STATE_THROTTLED;
	else if (srv->st.on_cpu)
		state = VRES_STATE_RUNNING;
	else
		state = VRES_STATE_IDLE;
	raw_spin_unlock_irq(&srv->lock);
	return state;
}

/**
 * vres_read_stats() - snapshot of a server's counters
 * @srv:   the server
 * @stats: VRES_STAT_NR values, indexed by enum vres_stat
 *
 * Consumption of a thread on the CPU right now is counted up to now.
 *
 * Context: process.
 */
void vres_read_stats(struct vres_server *srv, u64 *stats)
{
	raw_spin_lock_irq(&srv->lock);
	if (srv->task)
		vres_server_charge(&srv->st, vres_now());
	memcpy(stats, srv->st.stats, sizeof(srv->st.stats));
	raw_spin_unlock_irq(&srv->lock);
}

/**
 * vres_reset_stats() - zero a server's counters
 * @srv: the server
 *
 * Context: process.
 */
void vres_reset_stats(struct vres_server *srv)
{
	raw_spin_lock_irq(&srv->lock);
	vres_server_reset_stats(&srv->st);
	raw_spin_unlock_irq(&srv->lock);
}

static void vres_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_switch"))
		vres_tp_switch = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		vres_tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_fork"))
		vres_tp_fork = tp;
}

/**
 * vres_sched_init() - hook into the scheduler's tracepoints
 *
 * Context: process (module init).
 * Return: 0, -ENOENT if a tracepoint is missing, -ENOMEM, or the
 * registration error.
 */
int vres_sched_init(void)
{
	int ret;

	BUILD_BUG_ON(!VRES_PROBE_TYPE(sched_switch, vres_probe_switch));
	BUILD_BUG_ON(!VRES_PROBE_TYPE(sched_process_exit, vres_exit_probe));
	BUILD_BUG_ON(!VRES_PROBE_TYPE(sched_process_fork, vres_probe_fork));

	for_each_kernel_tracepoint(vres_find_tracepoint, NULL);
	if (!vres_tp_switch || !vres_tp_exit || !vres_tp_fork) {
		pr_err("sched_switch, sched_process_exit or sched_process_fork tracepoint not found\n");
		return -ENOENT;
	}
	vres_wq = alloc_workqueue("vres", WQ_UNBOUND, 0);
	if (!vres_wq)
		return -ENOMEM;
	ret = tracepoint_probe_register(vres_tp_switch, vres_probe_switch,
					NULL);
	if (ret)
		goto destroy_wq;
	ret = tracepoint_probe_register(vres_tp_exit, vres_exit_probe, NULL);
	if (ret)
		goto unregister_switch;
	ret = tracepoint_probe_register(vres_tp_fork, vres_probe_fork, NULL);
	if (ret)
		goto unregister_exit;
	return 0;

unregister_exit:
	tracepoint_probe_unregister(vres_tp_exit, vres_exit_probe, NULL);
unregister_switch:
	tracepoint_probe_unregister(vres_tp_switch, vres_probe_switch, NULL);
	tracepoint_synchronize_unregister();
destroy_wq:
	destroy_workqueue(vres_wq);
	return ret;
}

/**
 * vres_sched_exit() - unhook and wait until no module code can run
 *
 * Every server must be detached already. Unregisters the probes and waits
 * for running ones; waits for every queued throttle work to finish (see
 * "Module unload" at the top); stops the soft-mode workers.
 *
 * Context: process (module exit); sleeps.
 */
void vres_sched_exit(void)
{
	unsigned int cpu;

	tracepoint_probe_unregister(vres_tp_fork, vres_probe_fork, NULL);
	tracepoint_probe_unregister(vres_tp_exit, vres_exit_probe, NULL);
	tracepoint_probe_unregister(vres_tp_switch, vres_probe_switch, NULL);
	tracepoint_synchronize_unregister();
	/* Revocations and forks queued by now run and finish here. */
	destroy_workqueue(vres_wq);

	while (atomic_long_read(&vres_works_queued) > 0) {
		wait_for_completion(&vres_works_done);
		atomic_long_dec(&vres_works_queued);
	}
	/* Callbacks between complete() and their return: see the top. */
	synchronize_rcu_tasks();

	for_each_possible_cpu(cpu) {
		struct kthread_worker *w = per_cpu(vres_worker, cpu);

		if (w) {
			kthread_destroy_worker(w);
			per_cpu(vres_worker, cpu) = NULL;
		}
	}
}
