/* buf.h - a growable byte buffer, the one string builder pnyx uses.
 *
 * A buf_t owns its heap memory (free it with buf_free). Its bytes are
 * always followed by a NUL so that buf.p can be passed to C APIs, but the
 * content may itself hold NUL bytes: buf.n is the length. */
#ifndef PNYX_BUF_H
#define PNYX_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "str.h"

typedef struct {
	char *p;     /* bytes, NUL-terminated once anything was added; may be NULL when empty */
	size_t n;    /* length, not counting the NUL */
	size_t cap;  /* allocated size */
} buf_t;

#define BUF_INIT ((buf_t){ NULL, 0, 0 })

/* Makes room for at least `extra` more bytes (and the NUL). */
void buf_grow(buf_t *b, size_t extra);
/* Appends n bytes. */
void buf_put(buf_t *b, const void *p, size_t n);
/* Appends a NUL-terminated string, a slice, or one byte. */
void buf_puts(buf_t *b, const char *s);
void buf_put_str(buf_t *b, str_t s);
void buf_putc(buf_t *b, char c);
/* Appends printf-formatted text. */
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Empties the buffer but keeps its memory for reuse. */
void buf_clear(buf_t *b);
/* Shortens the buffer to n bytes (n <= b->n). */
void buf_truncate(buf_t *b, size_t n);
/* Returns the content as a C string ("" when empty); valid until the next change. */
const char *buf_cstr(buf_t *b);
/* Gives the heap string to the caller (who frees it) and resets the buffer. */
char *buf_detach(buf_t *b, size_t *len);
void buf_free(buf_t *b);
/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
void buf_put_html_escaped(buf_t *b, const char *s, size_t n);

static inline str_t buf_str(const buf_t *b)
{
	return (str_t){ b->p ? b->p : "", b->n };
}

#endif
