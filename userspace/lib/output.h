/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - one printing path for text and JSON, in the style of
 * iproute2's print_*(PRINT_ANY, key, fmt, value): each call names the JSON
 * key and the printf format of the text form, and the mode decides which
 * one is produced. Durations are integer nanoseconds in JSON and exact
 * decimal text ("2.5ms") for people.
 */
#ifndef VRESCTL_OUTPUT_H
#define VRESCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "vres_analysis.h"

#define OUT_DEPTH	16

enum out_mode {
	OUT_ANY,	/* both: the JSON key and the text format */
	OUT_JSON,	/* JSON only */
	OUT_TEXT,	/* text only */
};

struct out {
	bool json;
	bool lines;	/* JSON on one line (out_set_lines()) */
	bool failed;
	FILE *f;
	int depth;
	json_t *stack[OUT_DEPTH];
};

void out_init(struct out *o, bool json, FILE *f);
void out_set_lines(struct out *o);
int out_finish(struct out *o);
void out_abort(struct out *o);

void out_open_object(struct out *o, const char *key);
void out_close_object(struct out *o);
void out_open_array(struct out *o, const char *key);
void out_close_array(struct out *o);

void out_text(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_str(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     const char *s);
void out_u64(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     u64 v);
void out_bool(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, bool v);
void out_double(struct out *o, enum out_mode m, const char *key,
		const char *fmt, double v);
/* JSON: integer ns. Text: fmt applied to the exact duration string. */
void out_dur(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     u64 ns);
/*
 * The signed difference a - b: JSON integer ns (negative if b > a); text:
 * fmt applied to "+2.5ms" or "-2.5ms".
 */
void out_sdur(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, u64 a, u64 b);
/* JSON: null. Text: fmt applied to @text. */
void out_null(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, const char *text);

#endif /* VRESCTL_OUTPUT_H */
