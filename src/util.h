/* util.h - allocation wrappers that abort on out-of-memory, small helpers.
 *
 * pnyx treats running out of memory as fatal: every other failure is a
 * diagnostic, but an allocation failure ends the process with one message,
 * so the rest of the code never checks for NULL from these. */
#ifndef PNYX_UTIL_H
#define PNYX_UTIL_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A formatted string in a new allocation, for the caller to free. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "pnyx: fatal: MSG" and exits with status 70. For broken
 * invariants and out-of-memory only, never for bad input. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
