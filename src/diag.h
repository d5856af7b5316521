/* diag.h - diagnostics: errors are values, collected, printed once by main.
 *
 * Every module reports bad input into a diag_list_t instead of printing. A
 * diagnostic carries the file and the 1-based line and column (0 when not
 * known) so that editors and CI can annotate the place. Each render worker
 * fills its own list; lists are merged and sorted so the output order does
 * not depend on the thread count. */
#ifndef PNYX_DIAG_H
#define PNYX_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

typedef enum {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
} diag_severity_t;

typedef struct {
	diag_severity_t severity;
	char *file;  /* owned; may be NULL for messages about no file */
	int line, col;
	char *msg;   /* owned */
	size_t seq;  /* order of arrival, to keep the sort stable */
} diag_t;

typedef struct {
	diag_t *items;
	size_t n, cap;
	size_t errors;
} diag_list_t;

#define DIAG_LIST_INIT ((diag_list_t){ NULL, 0, 0, 0 })

/* Records an error and returns -1, so that `return diag_error(...)` reads
 * as one line. */
int diag_error(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_warning(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_note(diag_list_t *d, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_add(diag_list_t *d, diag_severity_t sev, const char *file, int line, int col,
	      const char *fmt, va_list ap);
/* Moves every diagnostic of `from` to the end of `into`; `from` is left empty. */
void diag_merge(diag_list_t *into, diag_list_t *from);
/* Sorts by file, line, column (then arrival), for output that does not
 * depend on which thread found what. */
void diag_sort(diag_list_t *d);
/* After diag_sort: drops repeats of the same message at the same place
 * (a warning from an include shared by many pages is said once). */
void diag_unique(diag_list_t *d);
/* Appends "file:line:col: error: message" (no newline). */
void diag_format(const diag_t *g, buf_t *out, bool color);
/* Prints every diagnostic, one per line. Colour only when asked. */
void diag_print(const diag_list_t *d, FILE *f, bool color);
size_t diag_error_count(const diag_list_t *d);
void diag_clear(diag_list_t *d);
void diag_free(diag_list_t *d);

#endif
