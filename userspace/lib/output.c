// SPDX-License-Identifier: GPL-2.0
/*
 * output.c - one printing path for text and JSON; see output.h.
 */
#include <stdarg.h>

#include "duration.h"
#include "output.h"

/**
 * out_init() - start an output document.
 * @o: the output state.
 * @json: produce JSON (true) or text (false).
 * @f: where to write it.
 */
void out_init(struct out *o, bool json, FILE *f)
{
	o->json = json;
	o->lines = false;
	o->failed = false;
	o->f = f;
	o->depth = 0;
}

/**
 * out_set_lines() - write the JSON document on one line (JSON Lines), for
 *	a stream of documents, one per line.
 * @o: the output state, after out_init().
 */
void out_set_lines(struct out *o)
{
	o->lines = true;
}

/**
 * out_finish() - write the JSON document (text went out as it came).
 * @o: the output state; every object and array must be closed.
 *
 * Return: 0, or -1 if building or writing the output failed.
 */
int out_finish(struct out *o)
{
	if (o->json) {
		if (o->depth != 1 || !o->stack[0]) {
			o->failed = true;
		} else {
			if (json_dumpf(o->stack[0], o->f, o->lines ?
				       JSON_COMPACT : JSON_INDENT(2)))
				o->failed = true;
			fputc('\n', o->f);
		}
		while (o->depth > 0)
			json_decref(o->stack[--o->depth]);
	}
	if (fflush(o->f))
		o->failed = true;
	return o->failed ? -1 : 0;
}

/**
 * out_abort() - drop a JSON document that cannot be completed.
 * @o: the output state.
 *
 * Text already written stays written; the caller reports the error.
 */
void out_abort(struct out *o)
{
	while (o->depth > 0)
		json_decref(o->stack[--o->depth]);
	fflush(o->f);
}

/* Attach @v under @key (ignored in arrays) to the innermost container. */
static void add(struct out *o, const char *key, json_t *v)
{
	json_t *top;

	if (!v || o->depth == 0) {
		o->failed = true;
		json_decref(v);
		return;
	}
	top = o->stack[o->depth - 1];
	if (json_is_array(top)) {
		if (json_array_append_new(top, v))
			o->failed = true;
	} else if (!key || json_object_set_new(top, key, v)) {
		o->failed = true;
	}
}

static void open_container(struct out *o, const char *key, json_t *c)
{
	if (!o->json) {
		json_decref(c);
		return;
	}
	if (!c || o->depth == OUT_DEPTH) {
		json_decref(c);
		o->failed = true;
		return;
	}
	/* The document root stays on the stack until out_finish(). */
	if (o->depth == 0 && key)
		o->failed = true;
	if (o->depth > 0)
		add(o, key, json_incref(c));
	o->stack[o->depth++] = c;
}

static void close_container(struct out *o)
{
	if (!o->json)
		return;
	if (o->depth <= 1) {
		/* Leave the root for out_finish(). */
		if (o->depth < 1)
			o->failed = true;
		return;
	}
	json_decref(o->stack[--o->depth]);
}

void out_open_object(struct out *o, const char *key)
{
	open_container(o, key, o->json ? json_object() : NULL);
}

void out_close_object(struct out *o)
{
	close_container(o);
}

void out_open_array(struct out *o, const char *key)
{
	open_container(o, key, o->json ? json_array() : NULL);
}

void out_close_array(struct out *o)
{
	close_container(o);
}

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

static bool want_json(const struct out *o, enum out_mode m)
{
	return o->json && m != OUT_TEXT;
}

static bool want_text(const struct out *o, enum out_mode m)
{
	return !o->json && m != OUT_JSON;
}

/* The text forms use caller formats: the one place they are not literals. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void out_str(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     const char *s)
{
	if (want_json(o, m))
		add(o, key, json_string(s));
	else if (want_text(o, m))
		fprintf(o->f, fmt, s);
}

void out_u64(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     u64 v)
{
	if (want_json(o, m))
		add(o, key, json_integer((json_int_t)v));
	else if (want_text(o, m))
		fprintf(o->f, fmt, v);
}

void out_bool(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, bool v)
{
	if (want_json(o, m))
		add(o, key, json_boolean(v));
	else if (want_text(o, m))
		fprintf(o->f, fmt, v ? "yes" : "no");
}

void out_double(struct out *o, enum out_mode m, const char *key,
		const char *fmt, double v)
{
	if (want_json(o, m))
		add(o, key, json_real(v));
	else if (want_text(o, m))
		fprintf(o->f, fmt, v);
}

void out_dur(struct out *o, enum out_mode m, const char *key, const char *fmt,
	     u64 ns)
{
	char buf[DURATION_STR_MAX];

	if (want_json(o, m))
		add(o, key, json_integer((json_int_t)ns));
	else if (want_text(o, m))
		fprintf(o->f, fmt, duration_str(ns, buf));
}

void out_sdur(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, u64 a, u64 b)
{
	char buf[DURATION_STR_MAX + 1];

	buf[0] = a >= b ? '+' : '-';
	duration_str(a >= b ? a - b : b - a, buf + 1);
	if (want_json(o, m))
		add(o, key, json_integer(a >= b ? (json_int_t)(a - b) :
					 -(json_int_t)(b - a)));
	else if (want_text(o, m))
		fprintf(o->f, fmt, buf);
}

void out_null(struct out *o, enum out_mode m, const char *key,
	      const char *fmt, const char *text)
{
	if (want_json(o, m))
		add(o, key, json_null());
	else if (want_text(o, m))
		fprintf(o->f, fmt, text);
}

#pragma GCC diagnostic pop
