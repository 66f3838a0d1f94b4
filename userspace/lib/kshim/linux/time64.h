/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/time64.h> in userspace: the constants kernel/ uses. */
#ifndef _VRES_SHIM_LINUX_TIME64_H
#define _VRES_SHIM_LINUX_TIME64_H

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

#endif /* _VRES_SHIM_LINUX_TIME64_H */
