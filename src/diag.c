#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void diag_add(diag_list_t *d, diag_severity_t sev, const char *file, int line, int col,
	      const char *fmt, va_list ap)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->items = xrealloc(d->items, d->cap * sizeof(diag_t));
	}
	buf_t b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	diag_t *g = &d->items[d->n];
	g->severity = sev;
	g->file = file ? xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->msg = buf_detach(&b, NULL);
	g->seq = d->n;
	d->n++;
	if (sev == DIAG_ERROR)
		d->errors++;
}

int diag_error(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void diag_warning(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_note(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_NOTE, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_merge(diag_list_t *into, diag_list_t *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (into->n == into->cap) {
			into->cap = into->cap ? into->cap * 2 : 8;
			into->items = xrealloc(into->items, into->cap * sizeof(diag_t));
		}
		into->items[into->n] = from->items[i];
		into->items[into->n].seq = into->n;
		into->n++;
	}
	into->errors += from->errors;
	free(from->items);
	*from = DIAG_LIST_INIT;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const diag_t *a = pa, *b = pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->msg, b->msg);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(diag_list_t *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof(diag_t), diag_cmp);
}

static bool same_diag(const diag_t *a, const diag_t *b)
{
	return a->severity == b->severity && a->line == b->line && a->col == b->col &&
	       strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0 && strcmp(a->msg, b->msg) == 0;
}

void diag_unique(diag_list_t *d)
{
	size_t w = 0;
	for (size_t r = 0; r < d->n; r++) {
		if (w > 0 && same_diag(&d->items[w - 1], &d->items[r])) {
			if (d->items[r].severity == DIAG_ERROR)
				d->errors--;
			free(d->items[r].file);
			free(d->items[r].msg);
			continue;
		}
		d->items[w++] = d->items[r];
	}
	d->n = w;
}

void diag_format(const diag_t *g, buf_t *out, bool color)
{
	static const char *names[] = { "error", "warning", "note" };
	static const char *colors[] = { "\033[1;31m", "\033[1;35m", "\033[1;36m" };
	if (color)
		buf_puts(out, "\033[1m");
	if (g->file) {
		buf_puts(out, g->file);
		if (g->line > 0) {
			buf_printf(out, ":%d", g->line);
			if (g->col > 0)
				buf_printf(out, ":%d", g->col);
		}
		buf_puts(out, ": ");
	} else {
		buf_puts(out, "pnyx: ");
	}
	if (color)
		buf_printf(out, "\033[0m%s", colors[g->severity]);
	buf_printf(out, "%s:", names[g->severity]);
	if (color)
		buf_puts(out, "\033[0m");
	buf_putc(out, ' ');
	buf_puts(out, g->msg);
}

void diag_print(const diag_list_t *d, FILE *f, bool color)
{
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		buf_clear(&b);
		diag_format(&d->items[i], &b, color);
		buf_putc(&b, '\n');
		fwrite(b.p, 1, b.n, f);
	}
	buf_free(&b);
}

size_t diag_error_count(const diag_list_t *d)
{
	return d->errors;
}

void diag_clear(diag_list_t *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	d->n = 0;
	d->errors = 0;
}

void diag_free(diag_list_t *d)
{
	diag_clear(d);
	free(d->items);
	*d = DIAG_LIST_INIT;
}
