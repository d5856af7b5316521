/* arena.h - bump allocator: many small allocations, freed all at once.
 *
 * A build keeps one arena for what lives as long as the site (pages, their
 * values, parsed templates); each render worker keeps one it resets after
 * every page. An arena is not thread-safe: one owner thread at a time. */
#ifndef PNYX_ARENA_H
#define PNYX_ARENA_H

#include <stddef.h>

#include "str.h"

typedef struct arena arena_t;

arena_t *arena_new(void);
/* Frees every allocation made from the arena, and the arena. */
void arena_free(arena_t *a);
/* Frees every allocation but keeps the first block for reuse. */
void arena_reset(arena_t *a);
/* Returns n bytes aligned for any type, zeroed. Never NULL. */
void *arena_alloc(arena_t *a, size_t n);
/* Grows an allocation made from this arena: returns a new block of n bytes
 * holding the first `old` bytes of p (the old block is not reused). */
void *arena_realloc(arena_t *a, void *p, size_t old, size_t n);
/* NUL-terminated copies owned by the arena. */
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_strdup(arena_t *a, const char *s);
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A NUL-terminated copy of the slice, returned as a slice. */
str_t arena_str(arena_t *a, str_t s);
/* Bytes handed out so far (for peak-memory reports). */
size_t arena_used(const arena_t *a);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (n)))

#endif
