// SPDX-License-Identifier: GPL-2.0
/*
 * origin.c - who made a server, kept beside the module's state.
 *
 * The module knows a server's parameters and thread, not why it exists.
 * vresctl records that in /run/vres/origin/NAME (VRES_RUN_DIR for tests
 * replaces /run/vres), one line:
 *
 *   config:FILE      "vresctl apply --config" made it from FILE
 *   libvirt:DOMAIN   the libvirt hook made it for DOMAIN (attach --origin)
 *
 * and "vresctl status" shows it; a server without a record was made by
 * hand ("manual"). /run is empty after a boot, as the module's servers
 * are. Every vresctl command that creates a server sets or clears its
 * record, and destroy clears it; a record whose server is gone is
 * ignored and replaced when the name is used again.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "origin.h"
#include "sysfs.h"

static int origin_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("VRES_RUN_DIR");
	int n;

	n = snprintf(buf, len, "%s/origin/%s", dir && *dir ? dir : "/run/vres",
		     name ? name : "");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* mkdir -p of @path's directory. */
static int make_dirs(char *path)
{
	char *p;

	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

/**
 * origin_set() - record who made server @name
 * @name: the server
 * @origin: "config:FILE" or "libvirt:DOMAIN"; NULL or "" clears it
 *
 * Return: 0 or -errno (the server itself is not affected).
 */
int origin_set(const char *name, const char *origin)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int ret;

	if (!origin || !*origin) {
		origin_clear(name);
		return 0;
	}
	ret = origin_path(path, sizeof(path), name);
	if (ret)
		return ret;
	ret = make_dirs(path);
	if (ret)
		return ret;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "%s\n", origin);
	if (fclose(f) || rename(tmp, path)) {
		ret = -errno;
		unlink(tmp);
		return ret;
	}
	return 0;
}

void origin_clear(const char *name)
{
	char path[PATH_MAX];

	if (!origin_path(path, sizeof(path), name))
		unlink(path);
}

/**
 * origin_get() - who made server @name
 * @name: the server
 * @buf: set to the record, or to "manual" when there is none
 * @len: size of @buf
 *
 * Return: 0 if there was a record, -ENOENT if not.
 */
int origin_get(const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret;

	ret = origin_path(path, sizeof(path), name);
	if (!ret)
		ret = vsys_read_file(path, buf, len);
	if (ret <= 0) {
		snprintf(buf, len, "manual");
		return -ENOENT;
	}
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
