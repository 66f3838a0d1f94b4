/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jsonfile.h - read a JSON file, or standard input for "-" (jsonfile.c).
 */
#ifndef VRES_JSONFILE_H
#define VRES_JSONFILE_H

#include <jansson.h>

/* What messages call standard input read as "-". */
#define JSONFILE_STDIN	"(standard input)"

json_t *jsonfile_load(const char *path, const char **name,
		      json_error_t *err);

#endif /* VRES_JSONFILE_H */
