/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qmp.h - a small client of the QEMU Machine Protocol (QMP) over a UNIX
 * socket: read the greeting, negotiate capabilities, run commands, and the
 * one question vresctl asks, the host thread of every vCPU.
 *
 * Protocol: docs/interop/qmp-spec.rst in QEMU. Every message is a JSON
 * object; the server's first is the greeting {"QMP": {...}}; commands are
 * refused until "qmp_capabilities" has been executed; each command gets
 * exactly one reply, {"return": ...} or {"error": {"class", "desc"}},
 * carrying the command's "id"; asynchronous {"event": ...} messages may
 * come at any time and are skipped here.
 */
#ifndef VRESCTL_QMP_H
#define VRESCTL_QMP_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#define QMP_ERR_MAX	256

struct qmp {
	int fd;
	int timeout_ms;		/* for each reply */
	unsigned int next_id;
	char *buf;		/* received, not yet parsed */
	size_t len;
	size_t cap;
	char version[32];	/* QEMU's, from the greeting */
};

struct qmp_vcpu {
	unsigned int index;	/* cpu-index */
	pid_t tid;		/* host thread running it */
};

int qmp_open(struct qmp *q, const char *path, int timeout_ms,
	     char err[QMP_ERR_MAX]);
int qmp_execute(struct qmp *q, const char *command, json_t *args,
		json_t **ret, char err[QMP_ERR_MAX]);
void qmp_close(struct qmp *q);
int qmp_vcpus(struct qmp *q, struct qmp_vcpu **vcpus, unsigned int *n,
	      char err[QMP_ERR_MAX]);

#endif /* VRESCTL_QMP_H */
