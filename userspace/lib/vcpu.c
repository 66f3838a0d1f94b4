// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu.c - which VM and vCPU a thread is.
 *
 * QEMU started with "-name NAME,debug-threads=on" (libvirt always does)
 * names each vCPU thread "CPU N/KVM" or "CPU N/TCG"; the process's
 * command line has the VM's name after -name, as "NAME,..." or
 * "guest=NAME,...". vresctl status shows a served thread so, as
 * "NAME/vCPU N", rather than as a bare thread id.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"
#include "vcpu.h"

/**
 * vcpu_comm_index() - is @comm a vCPU thread's name, "CPU N/KVM" or
 *	"CPU N/TCG"?
 * @comm: the thread's name, without the newline
 * @vcpu: set to N
 */
bool vcpu_comm_index(const char *comm, unsigned int *vcpu)
{
	char accel[8], end;

	return sscanf(comm, "CPU %u/%7[A-Z]%c", vcpu, accel, &end) == 2 &&
	       (!strcmp(accel, "KVM") || !strcmp(accel, "TCG"));
}

/* The VM's name from QEMU's command line @cmd (@len bytes, NUL-separated). */
static void vm_name(const char *cmd, size_t len, char *out, size_t size)
{
	const char *p = cmd, *end = cmd + len, *v;

	out[0] = '\0';
	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (!strcmp(p, "-name") && p + n + 1 < end) {
			v = p + n + 1;
			if (!strncmp(v, "guest=", 6))
				v += 6;
			snprintf(out, size, "%.*s", (int)strcspn(v, ","), v);
			return;
		}
		p += n + 1;
	}
}

/**
 * vcpu_thread_of() - the QEMU process, VM name and vCPU of thread @tid
 * @tid: a thread
 * @t: filled in
 *
 * Return: 0, or -ENOENT if @tid is no vCPU thread (or is gone).
 */
int vcpu_thread_of(pid_t tid, struct vcpu_thread *t)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	if (vsys_read_file(path, buf, sizeof(buf)) <= 0)
		return -ENOENT;
	buf[strcspn(buf, "\n")] = '\0';
	if (!vcpu_comm_index(buf, &t->vcpu))
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (vsys_read_file(path, buf, sizeof(buf)) <= 0)
		return -ENOENT;
	p = strstr(buf, "\nTgid:");
	if (!p || sscanf(p + 6, "%d", &t->qemu_pid) != 1)
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)t->qemu_pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		vm_name(buf, (size_t)n, t->vm, sizeof(t->vm));
	}
	return 0;
}

/* "rt1/vCPU 0", or "QEMU 4242/vCPU 0" for a VM without -name. */
const char *vcpu_label(const struct vcpu_thread *t, char *buf, size_t len)
{
	if (t->vm[0])
		snprintf(buf, len, "%s/vCPU %u", t->vm, t->vcpu);
	else
		snprintf(buf, len, "QEMU %d/vCPU %u", (int)t->qemu_pid, t->vcpu);
	return buf;
}
