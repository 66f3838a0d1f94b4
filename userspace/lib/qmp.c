// SPDX-License-Identifier: GPL-2.0
/*
 * qmp.c - QMP client; see qmp.h.
 *
 * Messages are parsed as they arrive: the receive buffer is handed to
 * jansson with JSON_DISABLE_EOF_CHECK, which decodes one object and says
 * how many bytes it used; a premature end means more bytes are needed.
 * QEMU ends each message with CRLF, which is skipped as whitespace.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read more bytes, waiting until @deadline; 0, or -1 with @err set. */
static int fill(struct qmp *q, long long deadline, const char *waiting_for,
		char err[QMP_ERR_MAX])
{
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
	long long left = deadline - now_ms();
	ssize_t n;
	int ret;

	if (q->cap - q->len < 4096) {
		size_t cap = q->cap ? 2 * q->cap : 8192;
		char *nb;

		if (cap > (64u << 20)) {
			snprintf(err, QMP_ERR_MAX, "QEMU sent a message larger than 64 MiB");
			return -1;
		}
		nb = realloc(q->buf, cap);
		if (!nb) {
			snprintf(err, QMP_ERR_MAX, "out of memory");
			return -1;
		}
		q->buf = nb;
		q->cap = cap;
	}
	do {
		ret = poll(&pfd, 1, left > 0 ? (int)left : 0);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0) {
		snprintf(err, QMP_ERR_MAX, "poll: %s", strerror(errno));
		return -1;
	}
	if (!ret) {
		snprintf(err, QMP_ERR_MAX,
			 "QEMU sent nothing for %d ms while vresctl waited for %s",
			 q->timeout_ms, waiting_for);
		return -1;
	}
	do {
		n = recv(q->fd, q->buf + q->len, q->cap - q->len, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, QMP_ERR_MAX, "reading from QEMU: %s",
			 strerror(errno));
		return -1;
	}
	if (!n) {
		snprintf(err, QMP_ERR_MAX, "QEMU closed the connection while vresctl waited for %s",
			 waiting_for);
		return -1;
	}
	q->len += n;
	return 0;
}

/*
 * The next message, skipping events; @waiting_for names it in messages.
 * Returns a new reference, or NULL with @err set.
 */
static json_t *next_message(struct qmp *q, const char *waiting_for,
			    char err[QMP_ERR_MAX])
{
	long long deadline = now_ms() + q->timeout_ms;
	json_error_t jerr;
	json_t *msg;
	size_t skip;

	for (;;) {
		skip = 0;
		while (skip < q->len && strchr(" \t\r\n", q->buf[skip]))
			skip++;
		if (skip) {
			memmove(q->buf, q->buf + skip, q->len - skip);
			q->len -= skip;
		}
		if (q->len) {
			msg = json_loadb(q->buf, q->len,
					 JSON_DISABLE_EOF_CHECK, &jerr);
			if (msg) {
				memmove(q->buf, q->buf + jerr.position,
					q->len - jerr.position);
				q->len -= jerr.position;
				if (!json_is_object(msg)) {
					json_decref(msg);
					snprintf(err, QMP_ERR_MAX,
						 "QEMU sent something other than a JSON object while vresctl waited for %s",
						 waiting_for);
					return NULL;
				}
				if (json_object_get(msg, "event")) {
					json_decref(msg);
					continue;
				}
				return msg;
			}
			if (json_error_code(&jerr) !=
			    json_error_premature_end_of_input) {
				snprintf(err, QMP_ERR_MAX,
					 "QEMU sent invalid JSON while vresctl waited for %s: %s",
					 waiting_for, jerr.text);
				return NULL;
			}
		}
		if (fill(q, deadline, waiting_for, err))
			return NULL;
	}
}

static int send_all(int fd, const char *s, size_t len, char err[QMP_ERR_MAX])
{
	ssize_t n;

	while (len) {
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, QMP_ERR_MAX, "writing to QEMU: %s",
				 strerror(errno));
			return -1;
		}
		s += n;
		len -= n;
	}
	return 0;
}

/**
 * qmp_execute() - run one command and wait for its reply.
 * @q: an open connection.
 * @command: the command name.
 * @args: its arguments (an object, reference stolen), or NULL.
 * @ret: set to a new reference to the "return" value (may be NULL if the
 *	caller does not want it).
 * @err: on failure, why: QEMU's error class and description, or the
 *	protocol or connection problem.
 *
 * Return: 0, or -1.
 */
int qmp_execute(struct qmp *q, const char *command, json_t *args,
		json_t **ret, char err[QMP_ERR_MAX])
{
	json_t *req, *reply, *id, *e;
	unsigned int my_id = q->next_id++;
	char what[96];
	char *text;
	int rc;

	req = json_pack("{s:s, s:I}", "execute", command, "id",
			(json_int_t)my_id);
	if (!req || (args && json_object_set_new(req, "arguments", args))) {
		json_decref(req);
		snprintf(err, QMP_ERR_MAX, "out of memory");
		return -1;
	}
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text) {
		snprintf(err, QMP_ERR_MAX, "out of memory");
		return -1;
	}
	rc = send_all(q->fd, text, strlen(text), err);
	if (!rc)
		rc = send_all(q->fd, "\r\n", 2, err);
	free(text);
	if (rc)
		return -1;

	snprintf(what, sizeof(what), "the reply to '%s'", command);
	for (;;) {
		reply = next_message(q, what, err);
		if (!reply)
			return -1;
		id = json_object_get(reply, "id");
		if (json_is_integer(id) && json_integer_value(id) == my_id)
			break;
		/* A reply to something else (an earlier timed-out command). */
		json_decref(reply);
	}
	e = json_object_get(reply, "error");
	if (e) {
		const char *cls = json_string_value(json_object_get(e, "class"));
		const char *desc = json_string_value(json_object_get(e, "desc"));

		snprintf(err, QMP_ERR_MAX, "QEMU refused '%s': %s (%s)",
			 command, desc ? desc : "no description",
			 cls ? cls : "no class");
		json_decref(reply);
		return -1;
	}
	if (!json_object_get(reply, "return")) {
		snprintf(err, QMP_ERR_MAX,
			 "QEMU's reply to '%s' has neither 'return' nor 'error'",
			 command);
		json_decref(reply);
		return -1;
	}
	if (ret)
		*ret = json_incref(json_object_get(reply, "return"));
	json_decref(reply);
	return 0;
}

/**
 * qmp_open() - connect, read the greeting, leave capabilities negotiation.
 * @q: the connection to set up.
 * @path: the monitor's UNIX socket (-qmp unix:PATH,server=on,wait=off).
 * @timeout_ms: how long to wait for each message.
 * @err: on failure, why.
 *
 * Return: 0, or -1 (nothing to close).
 */
int qmp_open(struct qmp *q, const char *path, int timeout_ms,
	     char err[QMP_ERR_MAX])
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	json_t *greeting, *qmp, *v;

	memset(q, 0, sizeof(*q));
	q->timeout_ms = timeout_ms;
	q->next_id = 1;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, QMP_ERR_MAX, "socket path longer than %zu bytes",
			 sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0) {
		snprintf(err, QMP_ERR_MAX, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		snprintf(err, QMP_ERR_MAX, "cannot connect: %s",
			 strerror(errno));
		goto close_fd;
	}
	greeting = next_message(q, "the QMP greeting (is another client, such as libvirt, connected to this monitor?)",
				err);
	if (!greeting)
		goto close_fd;
	qmp = json_object_get(greeting, "QMP");
	if (!json_is_object(qmp)) {
		snprintf(err, QMP_ERR_MAX,
			 "the first message is not a QMP greeting: is this a QMP socket (not an HMP monitor)?");
		json_decref(greeting);
		goto close_fd;
	}
	v = json_object_get(json_object_get(qmp, "version"), "qemu");
	snprintf(q->version, sizeof(q->version), "%lld.%lld.%lld",
		 json_integer_value(json_object_get(v, "major")),
		 json_integer_value(json_object_get(v, "minor")),
		 json_integer_value(json_object_get(v, "micro")));
	json_decref(greeting);
	if (qmp_execute(q, "qmp_capabilities", NULL, NULL, err))
		goto close_fd;
	return 0;

close_fd:
	qmp_close(q);
	return -1;
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	free(q->buf);
	q->buf = NULL;
	q->len = q->cap = 0;
}

static int by_index(const void *a, const void *b)
{
	const struct qmp_vcpu *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * qmp_vcpus() - the host thread of every vCPU, by "query-cpus-fast".
 * @q: an open connection.
 * @vcpus: set to a malloc()ed array, in cpu-index order.
 * @n: set to its length (at least 1).
 * @err: on failure, why.
 *
 * Return: 0, or -1.
 */
int qmp_vcpus(struct qmp *q, struct qmp_vcpu **vcpus, unsigned int *n,
	      char err[QMP_ERR_MAX])
{
	json_t *ret, *cpu;
	struct qmp_vcpu *v;
	size_t i, nr;

	if (qmp_execute(q, "query-cpus-fast", NULL, &ret, err))
		return -1;
	nr = json_is_array(ret) ? json_array_size(ret) : 0;
	if (!nr) {
		snprintf(err, QMP_ERR_MAX,
			 "query-cpus-fast returned %s, not a list of vCPUs",
			 json_is_array(ret) ? "an empty list" : "something else");
		json_decref(ret);
		return -1;
	}
	v = calloc(nr, sizeof(*v));
	if (!v) {
		snprintf(err, QMP_ERR_MAX, "out of memory");
		json_decref(ret);
		return -1;
	}
	json_array_foreach(ret, i, cpu) {
		json_t *idx = json_object_get(cpu, "cpu-index");
		json_t *tid = json_object_get(cpu, "thread-id");

		if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
		    !json_is_integer(tid) || json_integer_value(tid) <= 0 ||
		    json_integer_value(tid) > 0x7fffffff) {
			snprintf(err, QMP_ERR_MAX,
				 "query-cpus-fast: entry %zu lacks a valid cpu-index or thread-id",
				 i);
			free(v);
			json_decref(ret);
			return -1;
		}
		v[i].index = (unsigned int)json_integer_value(idx);
		v[i].tid = (pid_t)json_integer_value(tid);
	}
	json_decref(ret);
	qsort(v, nr, sizeof(*v), by_index);
	for (i = 0; i < nr; i++) {
		size_t j;

		for (j = i + 1; j < nr; j++) {
			if (v[i].index != v[j].index && v[i].tid != v[j].tid)
				continue;
			snprintf(err, QMP_ERR_MAX,
				 "query-cpus-fast: vCPUs %u and %u share a cpu-index or a thread (single-threaded TCG, -accel tcg,thread=single, cannot be served per vCPU)",
				 v[i].index, v[j].index);
			free(v);
			return -1;
		}
	}
	*vcpus = v;
	*n = (unsigned int)nr;
	return 0;
}
