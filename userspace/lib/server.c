// SPDX-License-Identifier: GPL-2.0
/*
 * server.c - create or change one server, all or nothing; see server.h.
 *
 * The module takes one file at a time and admission-checks each write, so
 * a change is a sequence of writes, ordered so that no intermediate state
 * asks for more than the final one where that can be arranged:
 *
 *   create -> cpu -> (old guest_tasks removed) -> overhead_ns and params
 *   (the one that shrinks first) -> guest_tasks -> mode -> tid
 *
 * Writing the new guest_tasks after the params means the guard checks the
 * new tasks against the new server; the params write itself is checked by
 * admission control. If a write is refused, the writes already made are
 * undone in reverse order, so that a refused apply changes nothing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "server.h"

enum {
	SRV_STEP_CREATE = 1 << 0,
	SRV_STEP_CPU = 1 << 1,
	SRV_STEP_GUEST_CLEAR = 1 << 2,
	SRV_STEP_PARAMS = 1 << 3,
	SRV_STEP_OVERHEAD = 1 << 4,
	SRV_STEP_GUEST = 1 << 5,
	SRV_STEP_MODE = 1 << 6,
	SRV_STEP_TID = 1 << 7,
};

static int write_u64(const char *name, const char *file, u64 v,
		     char msg[VSYS_MSG_MAX])
{
	char s[32];

	snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
	return vsys_write(name, file, s, msg);
}

static int write_params(const char *name, u64 budget, u64 period,
			char msg[VSYS_MSG_MAX])
{
	char s[48];

	snprintf(s, sizeof(s), "%llu %llu", (unsigned long long)budget,
		 (unsigned long long)period);
	return vsys_write(name, "params", s, msg);
}

/* guest_tasks: "" removes the guard, which the module spells "\n". */
static int write_guest(const char *name, const char *text,
		       char msg[VSYS_MSG_MAX])
{
	return vsys_write(name, "guest_tasks", *text ? text : "\n", msg);
}

static int step_params(const struct server_config *cfg, struct server_undo *u,
		       char msg[VSYS_MSG_MAX])
{
	bool params = cfg->have_params &&
		      (cfg->budget_ns != u->old.budget_ns ||
		       cfg->period_ns != u->old.period_ns);
	bool overhead = cfg->have_overhead &&
			cfg->overhead_ns != u->old.overhead_ns;
	bool overhead_first = overhead && cfg->overhead_ns < u->old.overhead_ns;
	int ret;

	u->new_overhead_ns = overhead ? cfg->overhead_ns : u->old.overhead_ns;

	if (overhead_first) {
		ret = write_u64(cfg->name, "overhead_ns", cfg->overhead_ns, msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_OVERHEAD;
	}
	if (params) {
		ret = write_params(cfg->name, cfg->budget_ns, cfg->period_ns,
				   msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_PARAMS;
	}
	if (overhead && !overhead_first) {
		ret = write_u64(cfg->name, "overhead_ns", cfg->overhead_ns, msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_OVERHEAD;
	}
	return 0;
}

static int steps(const struct server_config *cfg, struct server_undo *u,
		 char msg[VSYS_MSG_MAX])
{
	int ret;

	if (cfg->have_cpu && cfg->cpu != u->old.cpu) {
		ret = write_u64(cfg->name, "cpu", cfg->cpu, msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_CPU;
	}
	if (cfg->have_guest && u->old_guest[0]) {
		ret = write_guest(cfg->name, "", msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_GUEST_CLEAR;
	}
	ret = step_params(cfg, u, msg);
	if (ret)
		return ret;
	if (cfg->have_guest && cfg->guest[0]) {
		ret = write_guest(cfg->name, cfg->guest, msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_GUEST;
	}
	if (cfg->have_mode && cfg->mode != u->old.mode) {
		ret = vsys_write(cfg->name, "mode", vsys_mode_name(cfg->mode),
				 msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_MODE;
	}
	if (cfg->have_tid && cfg->tid != u->old.tid) {
		ret = write_u64(cfg->name, "tid", (u64)cfg->tid, msg);
		if (ret)
			return ret;
		u->done |= SRV_STEP_TID;
	}
	return 0;
}

/**
 * server_apply() - create or change one server, or change nothing.
 * @cfg: what to set.
 * @undo: filled with what was changed, for server_undo().
 * @msg: on failure, one sentence saying what was refused and why.
 *
 * A new server needs budget and period. If a write is refused, the earlier
 * ones are undone before returning.
 *
 * Return: 0, or -errno.
 */
int server_apply(const struct server_config *cfg, struct server_undo *undo,
		 char msg[VSYS_MSG_MAX])
{
	char undo_msg[VSYS_MSG_MAX];
	size_t len;
	int ret;

	memset(undo, 0, sizeof(*undo));
	snprintf(undo->name, sizeof(undo->name), "%s", cfg->name);
	if (!vsys_exists(cfg->name)) {
		if (!cfg->have_params) {
			snprintf(msg, VSYS_MSG_MAX,
				 "there is no server '%s'; give a budget and a period (or a plan) to create it",
				 cfg->name);
			return -ENOENT;
		}
		ret = vsys_create(cfg->name, msg);
		if (ret)
			return ret;
		undo->created = true;
		undo->done |= SRV_STEP_CREATE;
	}
	ret = vsys_get(cfg->name, &undo->old, NULL);
	if (!ret) {
		char path[PATH_MAX];

		ret = vsys_path(path, sizeof(path), "servers/%s/guest_tasks",
				cfg->name);
		if (!ret)
			ret = vsys_read_file(path, undo->old_guest,
					     sizeof(undo->old_guest));
		ret = ret < 0 ? ret : 0;
	}
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot read server '%s': %s",
			 cfg->name, strerror(-ret));
	} else {
		undo->existed_unconfigured = !undo->created &&
					     !undo->old.period_ns;
		ret = steps(cfg, undo, msg);
	}
	if (ret && server_undo(undo, undo_msg)) {
		len = strlen(msg);
		snprintf(msg + len, VSYS_MSG_MAX - len,
			 "; undoing the earlier changes also failed: %s",
			 undo_msg);
	}
	return ret;
}

/* An unconfigured server cannot be given "0 0" again: make it anew. */
static int recreate(struct server_undo *u, char msg[VSYS_MSG_MAX])
{
	int ret;

	ret = vsys_destroy(u->name, msg);
	if (!ret)
		ret = vsys_create(u->name, msg);
	if (!ret)
		ret = write_u64(u->name, "cpu", u->old.cpu, msg);
	if (!ret && u->old.overhead_ns)
		ret = write_u64(u->name, "overhead_ns", u->old.overhead_ns,
				msg);
	if (!ret && u->old.mode != VRES_MODE_HARD)
		ret = vsys_write(u->name, "mode", vsys_mode_name(u->old.mode),
				 msg);
	if (!ret && u->old_guest[0])
		ret = write_guest(u->name, u->old_guest, msg);
	return ret;
}

/**
 * server_undo() - take back what server_apply() changed.
 * @undo: as server_apply() filled it.
 * @msg: on failure, why.
 *
 * Return: 0, or the -errno of the first write that failed (the others are
 * still tried).
 */
int server_undo(struct server_undo *undo, char msg[VSYS_MSG_MAX])
{
	char m[VSYS_MSG_MAX];
	const struct vsys_server *o = &undo->old;
	unsigned int d = undo->done;
	int ret = 0, r;

#define UNDO(step, expr)					\
	do {							\
		if (d & (step)) {				\
			r = (expr);				\
			if (r && !ret) {			\
				ret = r;			\
				snprintf(msg, VSYS_MSG_MAX, "%s", m); \
			}					\
		}						\
	} while (0)

	if (undo->created) {
		UNDO(SRV_STEP_CREATE, vsys_destroy(undo->name, m));
		undo->done = 0;
		return ret;
	}
	UNDO(SRV_STEP_TID, write_u64(undo->name, "tid", (u64)o->tid, m));
	UNDO(SRV_STEP_MODE, vsys_write(undo->name, "mode",
				       vsys_mode_name(o->mode), m));
	UNDO(SRV_STEP_GUEST, write_guest(undo->name, "", m));
	if (undo->existed_unconfigured &&
	    (d & (SRV_STEP_PARAMS | SRV_STEP_OVERHEAD))) {
		UNDO(SRV_STEP_PARAMS | SRV_STEP_OVERHEAD, recreate(undo, m));
	} else {
		/* The reverse of step_params(): shrink first again. */
		bool overhead_first = o->overhead_ns < undo->new_overhead_ns;

		if (overhead_first)
			UNDO(SRV_STEP_OVERHEAD,
			     write_u64(undo->name, "overhead_ns",
				       o->overhead_ns, m));
		UNDO(SRV_STEP_PARAMS, write_params(undo->name, o->budget_ns,
						   o->period_ns, m));
		if (!overhead_first)
			UNDO(SRV_STEP_OVERHEAD,
			     write_u64(undo->name, "overhead_ns",
				       o->overhead_ns, m));
		UNDO(SRV_STEP_GUEST_CLEAR,
		     write_guest(undo->name, undo->old_guest, m));
	}
	UNDO(SRV_STEP_CPU, write_u64(undo->name, "cpu", o->cpu, m));
#undef UNDO
	undo->done = 0;
	return ret;
}

/**
 * print_server_summary() - say what a server now is.
 * @o: the output: one line of text, or (JSON) one object of the server's
 *     fields in the keys of "vresctl status --json"
 * @verb: what happened to it ("applied", "attached", ...).
 * @name: the server.
 *
 * Return: 0, or -1 if it cannot be read back.
 */
int print_server_summary(struct out *o, const char *verb, const char *name)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX], s3[DURATION_STR_MAX];
	struct vsys_server srv;
	int ret;

	ret = vsys_get(name, &srv, NULL);
	if (ret) {
		fprintf(stderr, "vresctl: cannot read back server '%s': %s\n",
			name, strerror(-ret));
		return -1;
	}
	out_open_object(o, NULL);
	out_str(o, OUT_JSON, "name", NULL, srv.name);
	out_u64(o, OUT_JSON, "cpu", NULL, srv.cpu);
	out_u64(o, OUT_JSON, "priority", NULL, srv.priority);
	out_u64(o, OUT_JSON, "budget_ns", NULL, srv.budget_ns);
	out_u64(o, OUT_JSON, "period_ns", NULL, srv.period_ns);
	out_u64(o, OUT_JSON, "overhead_ns", NULL, srv.overhead_ns);
	out_str(o, OUT_JSON, "mode", NULL, vsys_mode_name(srv.mode));
	out_str(o, OUT_JSON, "state", NULL, vsys_state_name(srv.state));
	out_u64(o, OUT_JSON, "tid", NULL, (u64)srv.tid);
	out_u64(o, OUT_JSON, "guest_tasks", NULL, srv.guest_tasks);
	out_text(o, "%s %s: cpu %u, priority %u, budget %s every %s", verb,
		 srv.name, srv.cpu, srv.priority,
		 duration_str(srv.budget_ns, s1), duration_str(srv.period_ns, s2));
	if (srv.overhead_ns)
		out_text(o, " + overhead %s", duration_str(srv.overhead_ns, s3));
	out_text(o, ", %s mode, ", vsys_mode_name(srv.mode));
	if (srv.tid)
		out_text(o, "thread %d (%s)", srv.tid, vsys_state_name(srv.state));
	else
		out_text(o, "no thread");
	if (srv.guest_tasks)
		out_text(o, ", guest guard of %u task%s", srv.guest_tasks,
			 srv.guest_tasks == 1 ? "" : "s");
	out_text(o, "\n");
	out_close_object(o);
	return 0;
}
