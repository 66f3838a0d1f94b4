/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/slab.h> in userspace: kcalloc() and kfree() on the C library's
 * allocator; the GFP flags mean nothing here.
 */
#ifndef _VRES_SHIM_LINUX_SLAB_H
#define _VRES_SHIM_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL	0

#define kcalloc(n, size, gfp)	calloc(n, size)
#define kfree(p)		free(p)

#endif /* _VRES_SHIM_LINUX_SLAB_H */
