#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Blocks grow geometrically up to this size; a larger request gets a block
 * of its own so that big strings (a whole rendered page) waste nothing. */
#define ARENA_MIN_BLOCK (64 * 1024)
#define ARENA_MAX_BLOCK (4 * 1024 * 1024)
#define ARENA_ALIGN 16

typedef struct block {
	struct block *next;
	size_t size;
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
} block_t;

struct arena {
	block_t *head;
	size_t next_size;
	size_t total;
};

static block_t *block_new(size_t size)
{
	block_t *b = xmalloc(sizeof(block_t) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena_t *arena_new(void)
{
	arena_t *a = xcalloc(1, sizeof(*a));
	a->next_size = ARENA_MIN_BLOCK;
	return a;
}

static void blocks_free(block_t *b)
{
	while (b) {
		block_t *next = b->next;
		free(b);
		b = next;
	}
}

void arena_free(arena_t *a)
{
	if (!a)
		return;
	blocks_free(a->head);
	free(a);
}

void arena_reset(arena_t *a)
{
	block_t *last = a->head;
	if (!last)
		return;
	while (last->next)
		last = last->next;
	/* keep the oldest block: it has the common size */
	block_t *b = a->head;
	while (b != last) {
		block_t *next = b->next;
		free(b);
		b = next;
	}
	last->used = 0;
	a->head = last;
	a->total = 0;
}

void *arena_alloc(arena_t *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		die("arena allocation too large");
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	block_t *b = a->head;
	if (!b || b->size - b->used < need) {
		if (need > a->next_size && a->head) {
			/* oversized: a block of its own behind the current one,
			 * which stays open for small allocations */
			b = block_new(need);
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b = block_new(need > a->next_size ? need : a->next_size);
			if (a->next_size < ARENA_MAX_BLOCK)
				a->next_size *= 2;
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

void *arena_realloc(arena_t *a, void *p, size_t old, size_t n)
{
	void *q = arena_alloc(a, n);
	if (p && old)
		memcpy(q, p, old < n ? old : n);
	return q;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(arena_t *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

str_t arena_str(arena_t *a, str_t s)
{
	return (str_t){ arena_strndup(a, s.p, s.n), s.n };
}

char *arena_printf(arena_t *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		return arena_strdup(a, "");
	}
	char *d = arena_alloc(a, (size_t)n + 1);
	vsnprintf(d, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return d;
}

size_t arena_used(const arena_t *a)
{
	return a->total;
}
