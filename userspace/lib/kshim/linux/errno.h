/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/errno.h> in userspace: the uapi header, which has the kernel's
 * EINVAL and ERANGE (glibc's <errno.h> includes it too).
 */
#ifndef _VRES_SHIM_LINUX_ERRNO_H
#define _VRES_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _VRES_SHIM_LINUX_ERRNO_H */
