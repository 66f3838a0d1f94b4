/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions vres builds against (Debian 12's
 * 6.1 and bookworm-backports' 6.12). Every LINUX_VERSION_CODE test in vres
 * lives in this file.
 */
#ifndef _VRES_COMPAT_H
#define _VRES_COMPAT_H

#include <linux/version.h>

#endif /* _VRES_COMPAT_H */
