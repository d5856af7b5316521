/* str.h - a slice: pointer and length into memory owned by someone else.
 *
 * Slices point into source files, arena strings or buffers; they are not
 * NUL-terminated and never own their bytes. */
#ifndef PNYX_STR_H
#define PNYX_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
	const char *p;
	size_t n;
} str_t;

#define STR_LIT(s) ((str_t){ (s), sizeof(s) - 1 })

static inline str_t str_from(const char *p, size_t n)
{
	return (str_t){ p, n };
}

static inline str_t str_cstr(const char *s)
{
	return (str_t){ s, s ? strlen(s) : 0 };
}

static inline bool str_eq(str_t a, str_t b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool str_eq_cstr(str_t a, const char *b)
{
	return str_eq(a, str_cstr(b));
}

static inline bool str_starts_with(str_t s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

static inline bool str_ends_with(str_t s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.n >= n && memcmp(s.p + s.n - n, suffix, n) == 0;
}

#endif
