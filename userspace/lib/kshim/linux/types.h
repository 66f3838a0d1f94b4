/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/types.h> for kernel/vres_parse.c built in userspace by the fuzz
 * harnesses: the uapi header (__u32, __u64 for <linux/vres.h>) plus the
 * kernel's u32, u64 and bool, as kernel/vres_port.h gives them to
 * vresctl's build of vres_analysis.c.
 */
#ifndef _VRES_SHIM_LINUX_TYPES_H
#define _VRES_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include "vres_port.h"

#endif /* _VRES_SHIM_LINUX_TYPES_H */
