// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the client side of /sys/kernel/vres; see sysfs.h.
 *
 * Every write is one write() of one value, as the ABI wants. A refused
 * write is explained in a sentence built from the file, the value and the
 * errno the ABI documents for it; for admission control and the guest
 * guard (ENOSPC, EDOM, E2BIG) from the reason the module leaves in the
 * server's refusal file. The kernel log is for people, never read here.
 *
 * Every path is built by vsys_path() under vsys_root(), so that the tests
 * can point vresctl at a fake tree with the environment variable
 * VRES_SYSFS_ROOT.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duration.h"
#include "sysfs.h"

static const char *const mode_names[] = VRES_MODE_NAMES;
static const char *const state_names[] = VRES_STATE_NAMES;
static const char *const stat_names[] = VRES_STAT_NAMES;

const char *vsys_mode_name(enum vres_mode mode)
{
	return mode < VRES_MODE_NR ? mode_names[mode] : "?";
}

const char *vsys_state_name(enum vres_state state)
{
	return state < VRES_STATE_NR ? state_names[state] : "?";
}

const char *vsys_stat_name(enum vres_stat stat)
{
	return stat < VRES_STAT_NR ? stat_names[stat] : "?";
}

/**
 * vsys_root() - the directory of the vres sysfs tree.
 *
 * The environment variable VRES_SYSFS_ROOT, if set and not empty, names
 * another directory in place of /sys/kernel/vres: it is for tests, which
 * build a fake tree there (vresctl(8), ENVIRONMENT). This is the only
 * place that reads it.
 *
 * Return: the directory, without a trailing slash.
 */
const char *vsys_root(void)
{
	const char *root = getenv("VRES_SYSFS_ROOT");

	return root && *root ? root : VRES_SYSFS_ROOT;
}

/**
 * vsys_path() - a path in the vres sysfs tree.
 * @buf: where to put it.
 * @len: size of @buf.
 * @fmt: printf format of the path below vsys_root(), e.g. "servers/%s".
 *
 * Return: 0, or -ENAMETOOLONG if it does not fit in @buf.
 */
int vsys_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s/", vsys_root());
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * vsys_check_loaded() - is the module loaded?
 * @cmd: the subcommand, for the message.
 *
 * Return: 0, or -1 after saying on stderr that it is not.
 */
int vsys_check_loaded(const char *cmd)
{
	char path[PATH_MAX];
	struct stat st;
	int err;

	err = vsys_path(path, sizeof(path), "servers");
	if (!err && !stat(path, &st))
		return 0;
	fprintf(stderr, "vresctl %s: the vres module is not loaded (%s: %s); load it with 'modprobe vres' or 'insmod vres.ko'\n",
		cmd, vsys_root(), strerror(err ? -err : errno));
	return -1;
}

/**
 * vsys_name_valid() - is @name a server name the module accepts?
 * @name: the name.
 *
 * Return: true for 1 to VRES_NAME_MAX characters of VRES_NAME_CHARS.
 */
bool vsys_name_valid(const char *name)
{
	size_t len = strlen(name);

	return len && len <= VRES_NAME_MAX &&
	       strspn(name, VRES_NAME_CHARS) == len;
}

bool vsys_exists(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	return !vsys_path(path, sizeof(path), "servers/%s", name) &&
	       !stat(path, &st);
}

/**
 * vsys_read_file() - read a whole (small) file.
 * @path: the file.
 * @buf: where to put its text, NUL-terminated.
 * @len: size of @buf.
 *
 * Return: the length read, or -errno.
 */
int vsys_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			n = -errno;
			close(fd);
			return (int)n;
		}
		if (!n)
			break;
		got += n;
	}
	buf[got] = '\0';
	close(fd);
	return (int)got;
}

static int srv_read(const char *name, const char *file, char *buf,
		    size_t len)
{
	char path[PATH_MAX];
	int ret;

	ret = vsys_path(path, sizeof(path), "servers/%s/%s", name, file);
	return ret ? ret : vsys_read_file(path, buf, len);
}

static int srv_read_u64(const char *name, const char *file, u64 *v)
{
	char buf[32], *end;
	int ret;

	ret = srv_read(name, file, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -EPROTO;
	return 0;
}

static int keyword(const char *text, const char *const *names,
		   unsigned int nr)
{
	size_t len = strcspn(text, "\n");
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (strlen(names[i]) == len && !strncmp(text, names[i], len))
			return (int)i;
	return -1;
}

/* A keyword file (mode, state): its index in @names. */
static int srv_read_keyword(const char *name, const char *file,
			    const char *const *names, unsigned int nr,
			    unsigned int *v)
{
	char buf[32];
	int ret, i;

	ret = srv_read(name, file, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	i = keyword(buf, names, nr);
	if (i < 0)
		return -EPROTO;
	*v = (unsigned int)i;
	return 0;
}

/*
 * The stats file's lines, in any order; keys this vresctl does not know are
 * skipped. Every key of the first release must be there; the ones added
 * since (resumes and its sums) read as 0 from a module that predates them.
 */
static int parse_stats(char *text, u64 *stats)
{
	char *line, *save = NULL;
	int found = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char key[48];
		unsigned long long v;
		int i;

		if (sscanf(line, "%47s %llu", key, &v) != 2)
			return -EPROTO;
		i = keyword(key, stat_names, VRES_STAT_NR);
		if (i >= 0) {
			stats[i] = v;
			found++;
		}
	}
	return found >= VRES_STAT_RESUMES ? 0 : -EPROTO;
}

/**
 * vsys_measured_overhead() - read the root's measured_overhead.
 * @resumes: set to the number of throttles measured.
 * @max_ns: set to the most budget coming back from one of them took.
 *
 * Return: 0; -ENOENT if the module is not loaded or has no such file (it
 * predates it); another -errno if it cannot be read; -EPROTO if it does
 * not read as the ABI says.
 */
int vsys_measured_overhead(u64 *resumes, u64 *max_ns)
{
	unsigned long long r, m, t;
	char path[PATH_MAX], buf[256];
	int ret;

	ret = vsys_path(path, sizeof(path), "measured_overhead");
	if (ret < 0)
		return ret;
	ret = vsys_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	if (sscanf(buf, "resumes %llu resume_max_ns %llu resume_total_ns %llu",
		   &r, &m, &t) != 3 || m > t)
		return -EPROTO;
	*resumes = r;
	*max_ns = m;
	return 0;
}

/* "none", or the guard's least-slack task with R <= D and S = D - R. */
static int parse_guest_slack(const char *buf, struct vsys_server *srv)
{
	unsigned long long p, c, d, r, sl;

	if (!strcmp(buf, "none\n"))
		return 0;
	if (sscanf(buf, "task_period_ns %llu task_wcet_ns %llu task_deadline_ns %llu response_ns %llu slack_ns %llu",
		   &p, &c, &d, &r, &sl) != 5 || r > d || sl != d - r)
		return -EPROTO;
	srv->have_guest_slack = true;
	srv->guest_deadline_ns = d;
	srv->guest_response_ns = r;
	return 0;
}

/*
 * The server's configuration: params, cpu, priority, overhead_ns, tid,
 * mode and state. @f is set to each file before it is read.
 */
static int get_config(const char *name, struct vsys_server *srv,
		      const char **f)
{
	unsigned long long b, p;
	char buf[4096];
	unsigned int k;
	u64 v;
	int ret;

	*f = "params";
	ret = srv_read(name, *f, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	if (sscanf(buf, "%llu %llu", &b, &p) != 2)
		return -EPROTO;
	srv->budget_ns = b;
	srv->period_ns = p;

	*f = "cpu";
	ret = srv_read_u64(name, *f, &v);
	if (ret)
		return ret;
	srv->cpu = (unsigned int)v;
	*f = "priority";
	ret = srv_read_u64(name, *f, &v);
	if (ret)
		return ret;
	srv->priority = (unsigned int)v;
	*f = "overhead_ns";
	ret = srv_read_u64(name, *f, &srv->overhead_ns);
	if (ret)
		return ret;
	*f = "tid";
	ret = srv_read_u64(name, *f, &v);
	if (ret)
		return ret;
	srv->tid = (pid_t)v;

	*f = "mode";
	ret = srv_read_keyword(name, *f, mode_names, VRES_MODE_NR, &k);
	if (ret)
		return ret;
	srv->mode = k;
	*f = "state";
	ret = srv_read_keyword(name, *f, state_names, VRES_STATE_NR, &k);
	if (ret)
		return ret;
	srv->state = k;
	return 0;
}

/* The guest guard's tasks and least slack, and the stats. As get_config(). */
static int get_guest_stats(const char *name, struct vsys_server *srv,
			   const char **f)
{
	char buf[4096];
	int ret, i;

	*f = "guest_tasks";
	ret = srv_read(name, *f, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	for (i = 0; buf[i]; i++)
		srv->guest_tasks += buf[i] == '\n';

	/* A module before guest_slack has no such file: nothing to show. */
	*f = "guest_slack";
	ret = srv_read(name, *f, buf, sizeof(buf));
	if (ret >= 0)
		ret = parse_guest_slack(buf, srv);
	else if (ret == -ENOENT)
		ret = 0;
	if (ret)
		return ret;

	*f = "stats";
	ret = srv_read(name, *f, buf, sizeof(buf));
	if (ret >= 0)
		ret = parse_stats(buf, srv->stats);
	return ret;
}

/**
 * vsys_get() - read everything about one server.
 * @name: the server.
 * @srv: filled in.
 * @file: if not NULL, set to the file of the server's directory that could
 *	not be read ("stats", ...), or to NULL.
 *
 * Return: 0, -ENOENT if there is no such server, another -errno if a file
 * cannot be read, -EPROTO if one does not read as the ABI says.
 */
int vsys_get(const char *name, struct vsys_server *srv, const char **file)
{
	const char *f = NULL;
	int ret;

	memset(srv, 0, sizeof(*srv));
	if (!vsys_exists(name)) {
		ret = -ENOENT;
		goto out;
	}
	snprintf(srv->name, sizeof(srv->name), "%s", name);

	ret = get_config(name, srv, &f);
	if (!ret)
		ret = get_guest_stats(name, srv, &f);
out:
	if (file)
		*file = ret ? f : NULL;
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/**
 * vsys_list() - names of every server, sorted.
 * @names: set to a malloc()ed array of names (free() it).
 * @n: set to their number.
 *
 * Return: 0 or -errno.
 */
int vsys_list(char (**names)[VRES_NAME_MAX + 1], size_t *n)
{
	char (*v)[VRES_NAME_MAX + 1] = NULL, (*nv)[VRES_NAME_MAX + 1];
	size_t nr = 0, cap = 0;
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret;

	ret = vsys_path(path, sizeof(path), "servers");
	if (ret)
		return ret;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !vsys_name_valid(de->d_name))
			continue;
		if (nr == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		/* vsys_name_valid(): at most VRES_NAME_MAX characters */
		memcpy(v[nr++], de->d_name, strlen(de->d_name) + 1);
	}
	closedir(d);
	if (nr)
		qsort(v, nr, sizeof(*v), by_name);
	*names = v;
	*n = nr;
	return 0;
}

/**
 * vsys_cpu_utilization() - admitted bandwidth of a CPU.
 * @cpu: the CPU.
 * @ppm: set to its cpus/cpuN/utilization, in parts per million.
 *
 * Return: 0 or -errno.
 */
int vsys_cpu_utilization(unsigned int cpu, u64 *ppm)
{
	char path[PATH_MAX], buf[32];
	int ret;

	ret = vsys_path(path, sizeof(path), "cpus/cpu%u/utilization", cpu);
	if (!ret)
		ret = vsys_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	*ppm = strtoull(buf, NULL, 10);
	return 0;
}

/**
 * vsys_online_cpus() - which CPUs are online.
 * @online: set to a malloc()ed array, true for online CPUs.
 * @nr: set to its length (highest possible CPU + 1).
 *
 * Reads /sys/devices/system/cpu/online ("0-3,5"), found beside the vres
 * directory (VRES_SYSFS_ROOT/../../devices/...) when it is there.
 * Return: 0 or -errno.
 */
int vsys_online_cpus(bool **online, unsigned int *nr)
{
	char path[PATH_MAX], buf[1024], *p, *end;
	unsigned long lo, hi, max = 0;
	bool *v;
	int ret;

	/* Beside the vres directory: a test's tree can have its own. */
	ret = vsys_path(path, sizeof(path), "../../devices/system/cpu/online");
	if (!ret)
		ret = vsys_read_file(path, buf, sizeof(buf));
	if (ret == -ENOENT)
		ret = vsys_read_file("/sys/devices/system/cpu/online", buf,
				     sizeof(buf));
	if (ret < 0)
		return ret;
	for (p = buf; *p && *p != '\n'; p++)
		if (*p >= '0' && *p <= '9') {
			hi = strtoul(p, &end, 10);
			if (hi > max)
				max = hi;
			p = end - 1;
		}
	if (max >= 65536)
		return -EPROTO;
	v = calloc(max + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (p = buf; *p && *p != '\n';) {
		lo = strtoul(p, &end, 10);
		if (end == p)
			break;
		hi = lo;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		while (lo <= hi && lo <= max)
			v[lo++] = true;
		p = *end == ',' ? end + 1 : end;
	}
	*online = v;
	*nr = (unsigned int)max + 1;
	return 0;
}

/* ---- refusals --------------------------------------------------------- */

/*
 * servers/NAME/refusal: "KEYWORD key=value ...", the module's reason for
 * the last refused write to that server (Documentation/ABI/testing/
 * sysfs-kernel-vres). Read right after our write; a concurrent writer's
 * refusal could replace it in between, which the sentence cannot tell.
 */
struct refusal {
	char line[VRES_REFUSAL_MAX];
	char keyword[32];
};

static int refusal_read(const char *name, struct refusal *r)
{
	int ret = srv_read(name, "refusal", r->line, sizeof(r->line));

	if (ret <= 0 || sscanf(r->line, "%31s", r->keyword) != 1)
		return -1;
	r->line[strcspn(r->line, "\n")] = '\0';
	return 0;
}

/* The value of " key=" in @r, into @out; "?" if absent. */
static const char *refusal_str(const struct refusal *r, const char *key,
			       char *out, size_t len)
{
	char pat[40];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(r->line, pat);
	if (!p) {
		snprintf(out, len, "?");
		return out;
	}
	p += strlen(pat);
	snprintf(out, len, "%.*s", (int)strcspn(p, " "), p);
	return out;
}

static unsigned long long refusal_u64(const struct refusal *r,
				      const char *key)
{
	char v[32];

	return strtoull(refusal_str(r, key, v, sizeof(v)), NULL, 10);
}

/* A duration field as "100ms". */
static const char *refusal_ns(const struct refusal *r, const char *key,
			      char *out)
{
	return duration_str(refusal_u64(r, key), out);
}

/*
 * Admission control's reason as "admission control on cpu1: server s2
 * would miss its period of 100ms"; 0, or -1 if @r is not one.
 */
static int admission_text(const struct refusal *r, char *buf, size_t len)
{
	char cpu[16], srv[VRES_NAME_MAX + 1], a[DURATION_STR_MAX],
	     b[DURATION_STR_MAX];
	const char *k = r->keyword;
	int n;

	refusal_str(r, "cpu", cpu, sizeof(cpu));
	refusal_str(r, "server", srv, sizeof(srv));
	n = snprintf(buf, len, "admission control on cpu%s: ", cpu);
	buf += n;
	len -= n;
	if (!strcmp(k, "miss"))
		snprintf(buf, len, "server %s would miss its period of %s", srv,
			 refusal_ns(r, "period_ns", a));
	else if (!strcmp(k, "rt-window"))
		snprintf(buf, len,
			 "server %s would be cut by RT throttling (demand %s per RT period > sched_rt_runtime %s)",
			 srv, refusal_ns(r, "demand_ns", a),
			 refusal_ns(r, "limit_ns", b));
	else if (!strcmp(k, "rt-utilization"))
		snprintf(buf, len,
			 "server %s would be cut by RT throttling (utilisation %.2f%% > %.2f%%)",
			 srv, refusal_u64(r, "utilization_ppb") / 1e7,
			 refusal_u64(r, "limit_ppb") / 1e7);
	else if (!strcmp(k, "fair-window"))
		snprintf(buf, len,
			 "server %s would be preempted by the fair server (demand %s > %s in its window)",
			 srv, refusal_ns(r, "demand_ns", a),
			 refusal_ns(r, "limit_ns", b));
	else if (!strcmp(k, "priorities"))
		snprintf(buf, len,
			 "server %s would get no priority (%llu servers, %llu priorities in prio_min..prio_max)",
			 srv, refusal_u64(r, "servers"), refusal_u64(r, "limit"));
	else if (!strcmp(k, "too-costly"))
		snprintf(buf, len,
			 "analysing its servers would take more than %llu steps, the module's limit",
			 refusal_u64(r, "steps_max"));
	else
		return -1;
	return 0;
}

/*
 * The guest guard's reason as "the guest's task with period 160ms and WCET
 * 20ms would miss its deadline of 160ms"; 0, or -1 if @r is not one.
 */
static int guard_text(const struct refusal *r, char *buf, size_t len)
{
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX], s3[DURATION_STR_MAX];

	if (!strcmp(r->keyword, "guest-miss"))
		snprintf(buf, len,
			 "the guest's task with period %s and WCET %s would miss its deadline of %s",
			 refusal_ns(r, "task_period_ns", s1),
			 refusal_ns(r, "task_wcet_ns", s2),
			 refusal_ns(r, "task_deadline_ns", s3));
	else if (!strcmp(r->keyword, "guest-too-costly"))
		snprintf(buf, len,
			 "analysing the guest's task set would take more than %llu steps, the module's limit (periods far shorter than the longest deadline)",
			 refusal_u64(r, "steps_max"));
	else
		return -1;
	return 0;
}

/**
 * vsys_refusal_text() - a refusal line in English
 * @line: "KEYWORD key=value ...", as servers/NAME/refusal reads
 * @buf:  where to write the sentence
 * @len:  size of @buf
 *
 * The sentence vresctl prints when the module refuses a write for an
 * admission or guest-guard reason, for a line made elsewhere (vresctl
 * admit --dry-run makes them as the module would).
 * Return: 0, or -1 if @line is no admission or guest-guard refusal.
 */
int vsys_refusal_text(const char *line, char *buf, size_t len)
{
	struct refusal r;

	snprintf(r.line, sizeof(r.line), "%s", line);
	r.line[strcspn(r.line, "\n")] = '\0';
	if (sscanf(r.line, "%31s", r.keyword) != 1)
		return -1;
	if (!admission_text(&r, buf, len))
		return 0;
	return guard_text(&r, buf, len);
}

/* "budget 40ms every 100ms" from a params value "40000000 100000000". */
static const char *params_text(const char *value, char *buf, size_t len)
{
	unsigned long long b, p;
	char sb[DURATION_STR_MAX], sp[DURATION_STR_MAX];

	if (sscanf(value, "%llu %llu", &b, &p) != 2)
		snprintf(buf, len, "params '%s'", value);
	else
		snprintf(buf, len, "budget %s every %s", duration_str(b, sb),
			 duration_str(p, sp));
	return buf;
}

/* The sentence for a refused params / overhead_ns / cpu write. */
static void explain_admission(const char *name, const char *file,
			      const char *value, int err, char *msg)
{
	char what[128], reason[384], sv[DURATION_STR_MAX];
	const char *why = NULL;
	struct refusal r;
	bool have = !refusal_read(name, &r);

	if (!strcmp(file, "params"))
		params_text(value, what, sizeof(what));
	else if (!strcmp(file, "overhead_ns"))
		snprintf(what, sizeof(what), "overhead %s",
			 duration_str(strtoull(value, NULL, 10), sv));
	else
		snprintf(what, sizeof(what), "a move to cpu %s", value);

	switch (err) {
	case ENOSPC:
	case E2BIG:
		if (have && !admission_text(&r, reason, sizeof(reason))) {
			snprintf(msg, VSYS_MSG_MAX, "vres refused %s for server '%s': %s",
				 what, name, reason);
			return;
		}
		if (err == ENOSPC) {
			why = "admission control refused it";
			break;
		}
		__attribute__((fallthrough));	/* E2BIG of the guest guard */
	case EDOM:
		if (have && !guard_text(&r, reason, sizeof(reason))) {
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused %s for server '%s': the guest guard says %s",
				 what, name, reason);
			return;
		}
		why = "the guest task set in guest_tasks would miss a deadline";
		break;
	case ERANGE:
		why = !strcmp(file, "cpu") ? "that CPU is not online" :
		      !strcmp(file, "params") ?
		      "outside the limits: period 100us to 10s, budget 10us to the period" :
		      "outside the limits: 0 to 10s";
		break;
	case EBUSY:
		why = "a thread is attached; detach it first";
		break;
	case EINVAL:
		why = "the module could not parse the value";
		break;
	case EPERM:
		why = "configuring vres takes CAP_SYS_NICE";
		break;
	default:
		why = strerror(err);
		break;
	}
	snprintf(msg, VSYS_MSG_MAX, "vres refused %s for server '%s': %s",
		 what, name, why);
}

static void explain_tid(const char *name, const char *value, int err,
			char *msg)
{
	const char *why;
	bool detach = !strcmp(value, "0");

	switch (err) {
	case ESRCH:
		why = "there is no such thread (or it is exiting)";
		break;
	case EPERM:
		why = "it is a kernel thread or a SCHED_DEADLINE thread, or you lack CAP_SYS_NICE over it";
		break;
	case EBUSY:
		why = "the thread is attached to another server, or this server already serves another thread";
		break;
	case EINVAL:
		why = "the server has no budget and period yet";
		break;
	default:
		why = strerror(err);
		break;
	}
	if (detach)
		snprintf(msg, VSYS_MSG_MAX,
			 "vres refused to detach the thread of server '%s': %s",
			 name, strerror(err));
	else
		snprintf(msg, VSYS_MSG_MAX,
			 "vres refused to attach thread %s to server '%s': %s",
			 value, name, why);
}

static void explain_guest(const char *name, int err, char *msg)
{
	char reason[384];
	const char *why;
	struct refusal r;

	switch (err) {
	case EDOM:
	case E2BIG:
		if (!refusal_read(name, &r) &&
		    !guard_text(&r, reason, sizeof(reason))) {
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused the guest task set for server '%s': with the server's current budget and period, %s",
				 name, reason);
			return;
		}
		why = "the tasks would miss a deadline with the server's current budget and period";
		break;
	case ERANGE:
		why = "a value or the number of tasks is outside the limits (at most 64 tasks, times up to 10s)";
		break;
	default:
		why = strerror(err);
		break;
	}
	snprintf(msg, VSYS_MSG_MAX,
		 "vres refused the guest task set for server '%s': %s", name,
		 why);
}

static int write_one(const char *path, const char *value)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	if (n < 0)
		n = -errno;
	else if ((size_t)n != strlen(value))
		n = -EIO;
	close(fd);
	return n < 0 ? (int)n : 0;
}

static void explain_open(const char *path, int err, char *msg)
{
	if (err == EACCES || err == EPERM)
		snprintf(msg, VSYS_MSG_MAX,
			 "cannot write %s: %s (vres is configured by root)",
			 path, strerror(err));
	else
		snprintf(msg, VSYS_MSG_MAX, "cannot write %s: %s", path,
			 strerror(err));
}

/**
 * vsys_write() - write one file of a server, explaining a refusal.
 * @name: the server.
 * @file: the file in its directory (params, cpu, tid, ...).
 * @value: what to write, without a trailing newline.
 * @msg: on failure, one sentence saying what was refused and why.
 *
 * Return: 0, or -errno.
 */
int vsys_write(const char *name, const char *file, const char *value,
	       char msg[VSYS_MSG_MAX])
{
	char path[PATH_MAX];
	int ret;

	ret = vsys_path(path, sizeof(path), "servers/%s/%s", name, file);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot write %s of server '%s': %s",
			 file, name, strerror(-ret));
		return ret;
	}
	ret = write_one(path, value);
	if (ret == -ENOENT && !vsys_exists(name)) {
		snprintf(msg, VSYS_MSG_MAX, "there is no server '%s'", name);
	} else if (ret == -EACCES || ret == -ENOENT) {
		explain_open(path, -ret, msg);
	} else if (ret) {
		if (!strcmp(file, "params") || !strcmp(file, "overhead_ns") ||
		    !strcmp(file, "cpu"))
			explain_admission(name, file, value, -ret, msg);
		else if (!strcmp(file, "tid"))
			explain_tid(name, value, -ret, msg);
		else if (!strcmp(file, "guest_tasks"))
			explain_guest(name, -ret, msg);
		else
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused %s '%s' for server '%s': %s",
				 file, value, name, strerror(-ret));
	}
	return ret;
}

/**
 * vsys_create() - create a server.
 * @name: its name.
 * @msg: on failure, why.
 *
 * Return: 0, or -errno (-EEXIST if it exists).
 */
int vsys_create(const char *name, char msg[VSYS_MSG_MAX])
{
	char path[PATH_MAX];
	int ret;

	ret = vsys_path(path, sizeof(path), "create");
	if (!ret)
		ret = write_one(path, name);

	if (ret == -EEXIST)
		snprintf(msg, VSYS_MSG_MAX,
			 "a server named '%s' exists already (or is still being destroyed)",
			 name);
	else if (ret == -ENOSPC)
		snprintf(msg, VSYS_MSG_MAX,
			 "vres refused server '%s': as many servers exist as the module parameter max_servers allows",
			 name);
	else if (ret == -EINVAL)
		snprintf(msg, VSYS_MSG_MAX,
			 "vres refused the server name '%s': use 1 to %d characters from a-z, 0-9, '_', '.', '-'",
			 name, VRES_NAME_MAX);
	else if (ret)
		explain_open(path, -ret, msg);
	return ret;
}

/**
 * vsys_destroy() - destroy a server, detaching its thread.
 * @name: its name.
 * @msg: on failure, why.
 *
 * Return: 0, or -errno (-ENOENT if there is no such server).
 */
int vsys_destroy(const char *name, char msg[VSYS_MSG_MAX])
{
	char path[PATH_MAX];
	int ret;

	ret = vsys_path(path, sizeof(path), "destroy");
	if (!ret)
		ret = write_one(path, name);

	if (ret == -ENOENT || ret == -EINVAL)
		snprintf(msg, VSYS_MSG_MAX, "there is no server '%s'", name);
	else if (ret)
		explain_open(path, -ret, msg);
	return ret;
}
