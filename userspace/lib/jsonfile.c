// SPDX-License-Identifier: GPL-2.0
/*
 * jsonfile.c - the task set and plan files vresctl reads may be "-", for
 * standard input, as a file argument is in most Unix tools.
 */
#include <stdio.h>
#include <string.h>

#include "jsonfile.h"

/**
 * jsonfile_load() - parse the JSON document of a file, or of standard input.
 * @path: the file, or "-" for standard input.
 * @name: set to what messages should call it: @path, or JSONFILE_STDIN.
 * @err: jansson's complaint when the result is NULL.
 *
 * Duplicate keys in an object are an error, as everywhere in vresctl.
 * Return: the document (the caller's reference), or NULL.
 */
json_t *jsonfile_load(const char *path, const char **name, json_error_t *err)
{
	if (strcmp(path, "-")) {
		*name = path;
		return json_load_file(path, JSON_REJECT_DUPLICATES, err);
	}
	*name = JSONFILE_STDIN;
	return json_loadf(stdin, JSON_REJECT_DUPLICATES, err);
}
