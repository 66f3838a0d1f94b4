/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/string.h> in userspace: the C library's string functions (with
 * _GNU_SOURCE for strchrnul(), which glibc defines as the kernel does) and
 * the sysfs string matching of the kernel's lib/string_helpers.c (lib.c).
 */
#ifndef _VRES_SHIM_LINUX_STRING_H
#define _VRES_SHIM_LINUX_STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

bool sysfs_streq(const char *s1, const char *s2);
int __sysfs_match_string(const char * const *array, size_t n,
			 const char *str);

#endif /* _VRES_SHIM_LINUX_STRING_H */
