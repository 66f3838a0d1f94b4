/* SPDX-License-Identifier: GPL-2.0 */
/*
 * origin.h - who made a server: a configuration file, a libvirt domain,
 * or a person (origin.c).
 */
#ifndef VRES_ORIGIN_H
#define VRES_ORIGIN_H

#include <stddef.h>

/* Longest origin text: "config:" or "libvirt:" and a path or a name. */
#define ORIGIN_MAX	4160

int origin_set(const char *name, const char *origin);
void origin_clear(const char *name);
int origin_get(const char *name, char *buf, size_t len);

#endif /* VRES_ORIGIN_H */
