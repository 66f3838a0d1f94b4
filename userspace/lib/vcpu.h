/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcpu.h - which VM and vCPU a thread is, from /proc (vcpu.c).
 */
#ifndef VRES_VCPU_H
#define VRES_VCPU_H

#include <stdbool.h>
#include <sys/types.h>

/* A QEMU vCPU thread: its process, the VM's -name and the vCPU index. */
struct vcpu_thread {
	pid_t qemu_pid;
	char vm[64];		/* QEMU's -name (guest=), or "" */
	unsigned int vcpu;
};

bool vcpu_comm_index(const char *comm, unsigned int *vcpu);
int vcpu_thread_of(pid_t tid, struct vcpu_thread *t);
const char *vcpu_label(const struct vcpu_thread *t, char *buf, size_t len);

#endif /* VRES_VCPU_H */
