/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_util.h - what the fuzz harnesses share: check(), which aborts (a
 * crash to libFuzzer, with the input saved) when a property fails, and the
 * capture of what the code under test writes to stderr.
 */
#ifndef VRES_FUZZ_UTIL_H
#define VRES_FUZZ_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define check(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s: %s:%d: check failed: %s\n", \
				program_invocation_short_name, __FILE__, \
				__LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/*
 * Messages of the code under test: stderr points to a memory stream
 * between capture_begin() and capture_end(), which returns the text (free
 * it) and puts the real stderr back. The code under test reads the global
 * stderr at each fprintf(), so this sees every message it writes.
 */
struct capture {
	FILE *real;
	char *text;
	size_t len;
};

static inline void capture_begin(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->real = stderr;
	stderr = open_memstream(&c->text, &c->len);
	check(stderr);
}

static inline char *capture_end(struct capture *c)
{
	fclose(stderr);
	stderr = c->real;
	return c->text;
}

/*
 * A failed load wrote one message: non-empty, beginning with @prefix (so
 * not with the "vres: internal error" of VRES_WARN_ON_ONCE()), ending with
 * a newline, and not "@prefix internal error: ...". A successful load
 * wrote nothing. (Only the start is checked for "internal error": the rest
 * quotes the input, which may say anything.)
 */
static inline void check_message(int ret, const char *text, size_t len,
				 const char *prefix)
{
	size_t plen = strlen(prefix);

	if (!ret) {
		if (len)
			fprintf(stderr, "unexpected message: %s", text);
		check(len == 0);
		return;
	}
	if (len <= plen || strncmp(text, prefix, plen) ||
	    text[len - 1] != '\n' ||
	    !strncmp(text + plen, " internal error", 15))
		fprintf(stderr, "bad message: '%s'\n", len ? text : "");
	check(len > plen);
	check(!strncmp(text, prefix, plen));
	check(text[len - 1] == '\n');
	check(strncmp(text + plen, " internal error", 15));
}

#endif /* VRES_FUZZ_UTIL_H */
