// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the client side of /sys/kernel/vres; see sysfs.h.
 *
 * Every write is one write() of one value, as the ABI wants. A refused
 * write is explained in a sentence built from the file, the value and the
 * errno the ABI documents for it; for ENOSPC (admission control) and EDOM
 * (guest guard) the module logs one line naming the reason, which is read
 * back from /dev/kmsg: the position at the end of the log is taken before
 * the write, and only records logged after it are searched.
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
	return found == VRES_STAT_NR ? 0 : -EPROTO;
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
	unsigned long long b, p;
	const char *f = NULL;
	char buf[4096];
	unsigned int k;
	u64 v;
	int ret, i;

	memset(srv, 0, sizeof(*srv));
	if (!vsys_exists(name)) {
		ret = -ENOENT;
		goto out;
	}
	snprintf(srv->name, sizeof(srv->name), "%s", name);

	f = "params";
	ret = srv_read(name, f, buf, sizeof(buf));
	if (ret < 0)
		goto out;
	ret = sscanf(buf, "%llu %llu", &b, &p) == 2 ? 0 : -EPROTO;
	if (ret)
		goto out;
	srv->budget_ns = b;
	srv->period_ns = p;

	f = "cpu";
	ret = srv_read_u64(name, f, &v);
	if (ret)
		goto out;
	srv->cpu = (unsigned int)v;
	f = "priority";
	ret = srv_read_u64(name, f, &v);
	if (ret)
		goto out;
	srv->priority = (unsigned int)v;
	f = "overhead_ns";
	ret = srv_read_u64(name, f, &srv->overhead_ns);
	if (ret)
		goto out;
	f = "tid";
	ret = srv_read_u64(name, f, &v);
	if (ret)
		goto out;
	srv->tid = (pid_t)v;

	f = "mode";
	ret = srv_read_keyword(name, f, mode_names, VRES_MODE_NR, &k);
	if (ret)
		goto out;
	srv->mode = k;
	f = "state";
	ret = srv_read_keyword(name, f, state_names, VRES_STATE_NR, &k);
	if (ret)
		goto out;
	srv->state = k;

	f = "guest_tasks";
	ret = srv_read(name, f, buf, sizeof(buf));
	if (ret < 0)
		goto out;
	for (i = 0; buf[i]; i++)
		srv->guest_tasks += buf[i] == '\n';

	f = "stats";
	ret = srv_read(name, f, buf, sizeof(buf));
	if (ret >= 0)
		ret = parse_stats(buf, srv->stats);
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
 * Reads /sys/devices/system/cpu/online ("0-3,5").
 * Return: 0 or -errno.
 */
int vsys_online_cpus(bool **online, unsigned int *nr)
{
	char buf[1024], *p, *end;
	unsigned long lo, hi, max = 0;
	bool *v;
	int ret;

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
 * A position in the kernel log: records logged after it are the ones a
 * write caused. fd is -1 (and err says why) if the log cannot be read.
 */
struct kmsg_mark {
	int fd;
	int err;
};

static void kmsg_mark(struct kmsg_mark *m)
{
	m->err = 0;
	m->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (m->fd < 0 || lseek(m->fd, 0, SEEK_END) < 0) {
		m->err = errno;
		if (m->fd >= 0)
			close(m->fd);
		m->fd = -1;
	}
}

static void kmsg_close(struct kmsg_mark *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

/*
 * The last record after @m whose text starts with @prefix, from just after
 * the prefix to the end of the line, into @out. Returns 0 or -1 (none, or
 * the log cannot be read).
 */
static int kmsg_find(struct kmsg_mark *m, const char *prefix, char *out,
		     size_t len)
{
	char rec[2048];
	int found = -1;
	ssize_t n;

	if (m->fd < 0)
		return -1;
	for (;;) {
		char *text, *nl;

		n = read(m->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "PRIO,SEQ,USEC,FLAGS;TEXT\n[ KEY=VALUE\n]..." */
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(text, prefix, strlen(prefix))) {
			snprintf(out, len, "%s", text + strlen(prefix));
			found = 0;
		}
	}
	return found;
}

/*
 * The module's guest guard line, after "guest guard of NAME refused ":
 * "(B, P): guest task (TP, TC) would miss its deadline of D ns", as
 * "its task with period 160ms and WCET 20ms would miss its deadline of
 * 160ms"; anything else verbatim.
 */
static const char *guard_text(const char *line, char *buf, size_t len)
{
	unsigned long long b, p, tp, tc, d;
	char s1[DURATION_STR_MAX], s2[DURATION_STR_MAX], s3[DURATION_STR_MAX];

	if (sscanf(line, "(%llu, %llu): guest task (%llu, %llu) would miss its deadline of %llu ns",
		   &b, &p, &tp, &tc, &d) != 5) {
		snprintf(buf, len, "%s", line);
		return buf;
	}
	snprintf(buf, len,
		 "the guest's task with period %s and WCET %s would miss its deadline of %s",
		 duration_str(tp, s1), duration_str(tc, s2),
		 duration_str(d, s3));
	return buf;
}

/*
 * Admission lines say "... of 100000000 ns": every "N ns" becomes a
 * duration ("100ms"), in place.
 */
static void humanize_ns(char *s, size_t len)
{
	char out[VSYS_MSG_MAX], num[DURATION_STR_MAX];
	size_t o = 0;
	char *p = s;

	while (*p && o < sizeof(out) - DURATION_STR_MAX) {
		char *end;
		unsigned long long v;

		if (*p >= '0' && *p <= '9' && (p == s || p[-1] == ' ')) {
			v = strtoull(p, &end, 10);
			if (!strncmp(end, " ns", 3) &&
			    (end[3] == '\0' || end[3] == ' ' || end[3] == ')' ||
			     end[3] == ',')) {
				o += snprintf(out + o, sizeof(out) - o, "%s",
					      duration_str(v, num));
				p = end + 3;
				continue;
			}
		}
		out[o++] = *p++;
	}
	if (o >= len)
		o = len - 1;
	memcpy(s, out, o);
	s[o] = '\0';
}

/* The guard's reason for refusing @name, as a sentence; 0 if logged. */
static int guard_reason(struct kmsg_mark *m, const char *name, char *text,
			size_t len)
{
	char prefix[96], line[384];

	snprintf(prefix, sizeof(prefix), "vres: guest guard of %s refused ",
		 name);
	if (kmsg_find(m, prefix, line, sizeof(line)))
		return -1;
	guard_text(line, text, len);
	return 0;
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
			      const char *value, int err,
			      struct kmsg_mark *m, char *msg)
{
	char what[128], reason[384], prefix[96], sv[DURATION_STR_MAX];
	const char *why = NULL;

	if (!strcmp(file, "params"))
		params_text(value, what, sizeof(what));
	else if (!strcmp(file, "overhead_ns"))
		snprintf(what, sizeof(what), "overhead %s",
			 duration_str(strtoull(value, NULL, 10), sv));
	else
		snprintf(what, sizeof(what), "a move to cpu %s", value);

	switch (err) {
	case ENOSPC:
		snprintf(prefix, sizeof(prefix), "vres: admission refused for %s on ",
			 name);
		if (!kmsg_find(m, prefix, reason, sizeof(reason))) {
			/* "cpu1: server s2 would miss ..." */
			humanize_ns(reason, sizeof(reason));
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused %s for server '%s': admission control on %s",
				 what, name, reason);
			return;
		}
		snprintf(reason, sizeof(reason),
			 "admission control refused it; the reason is in the kernel log (dmesg), which vresctl could not read: %s",
			 m->fd < 0 ? strerror(m->err) : "no matching line");
		why = reason;
		break;
	case EDOM:
		if (!guard_reason(m, name, reason, sizeof(reason))) {
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused %s for server '%s': the guest guard says %s",
				 what, name, reason);
			return;
		}
		why = "the guest task set in guest_tasks would miss a deadline (details in dmesg)";
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

static void explain_guest(const char *name, int err, struct kmsg_mark *m,
			  char *msg)
{
	char reason[384];
	const char *why;

	switch (err) {
	case EDOM:
		if (!guard_reason(m, name, reason, sizeof(reason))) {
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
	struct kmsg_mark m;
	int ret;

	ret = vsys_path(path, sizeof(path), "servers/%s/%s", name, file);
	if (ret) {
		snprintf(msg, VSYS_MSG_MAX, "cannot write %s of server '%s': %s",
			 file, name, strerror(-ret));
		return ret;
	}
	kmsg_mark(&m);
	ret = write_one(path, value);
	if (ret == -ENOENT && !vsys_exists(name)) {
		snprintf(msg, VSYS_MSG_MAX, "there is no server '%s'", name);
	} else if (ret == -EACCES || ret == -ENOENT) {
		explain_open(path, -ret, msg);
	} else if (ret) {
		if (!strcmp(file, "params") || !strcmp(file, "overhead_ns") ||
		    !strcmp(file, "cpu"))
			explain_admission(name, file, value, -ret, &m, msg);
		else if (!strcmp(file, "tid"))
			explain_tid(name, value, -ret, msg);
		else if (!strcmp(file, "guest_tasks"))
			explain_guest(name, -ret, &m, msg);
		else
			snprintf(msg, VSYS_MSG_MAX,
				 "vres refused %s '%s' for server '%s': %s",
				 file, value, name, strerror(-ret));
	}
	kmsg_close(&m);
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
