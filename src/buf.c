#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void buf_grow(buf_t *b, size_t extra)
{
	if (extra >= ((size_t)-1) / 2 - b->n)
		die("buffer too large");
	size_t need = b->n + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_put(buf_t *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void buf_puts(buf_t *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_put_str(buf_t *b, str_t s)
{
	buf_put(b, s.p, s.n);
}

void buf_putc(buf_t *b, char c)
{
	buf_grow(b, 1);
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
}

void buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	buf_grow(b, 64);
	int n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n >= b->cap - b->n) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap2);
	}
	va_end(ap2);
	b->n += (size_t)n;
}

void buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_clear(buf_t *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_truncate(buf_t *b, size_t n)
{
	if (n < b->n) {
		b->n = n;
		b->p[n] = '\0';
	}
}

const char *buf_cstr(buf_t *b)
{
	return b->p ? b->p : "";
}

char *buf_detach(buf_t *b, size_t *len)
{
	if (!b->p)
		buf_grow(b, 0), b->p[0] = '\0';
	char *p = b->p;
	if (len)
		*len = b->n;
	*b = BUF_INIT;
	return p;
}

void buf_free(buf_t *b)
{
	free(b->p);
	*b = BUF_INIT;
}

void buf_put_html_escaped(buf_t *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}
