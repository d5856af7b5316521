/* mdmem.c - a bump allocator per thread for libcmark-gfm (see mdmem.h).
 *
 * Each block has a 16-byte header (its size, and whether malloc made it)
 * and is rounded to 16 bytes, so every block keeps malloc's alignment.
 * Small blocks are cut from 1 MiB chunks. free() of the newest block gives
 * its room back (the library often frees what it just allocated), and
 * realloc() of the newest block grows it in place; other frees wait for
 * mdmem_reset(). Under AddressSanitizer the room between blocks is
 * poisoned, so an overflow out of a block is still reported.
 *
 * Chunks are mapped with mmap, not malloc, and a thread that ends hands
 * them to a shared spare list (a few at most; the rest are unmapped): the
 * pool's threads live for one step of a build, and pnyx serve starts new
 * ones at each rebuild. Through malloc, glibc kept a little of each
 * thread's freed chunks in its per-thread arenas, and the server's memory
 * grew by 2.7 MB over 200 rebuilds (make load). */
#include "mdmem.h"

#include <pthread.h>
#include <stddef.h>
#include <sys/mman.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define MDMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MDMEM_ASAN 1
#endif
#endif
#ifdef MDMEM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum {
	CHUNK_SIZE = 1 << 20,
	BIG = 64 << 10,       /* from this size on, malloc */
	KEPT_CHUNKS = 4,      /* kept by mdmem_reset; more go back */
	SPARE_CHUNKS = 8,     /* kept for other threads when a thread ends */
};

typedef struct {
	size_t size;   /* as asked */
	size_t big;    /* 1: made by malloc */
} block_t;

typedef struct chunk {
	struct chunk *next;
	size_t used;
	_Alignas(16) unsigned char data[];
} chunk_t;

typedef struct {
	chunk_t *first, *cur;
	block_t *last;  /* the newest small block, in cur */
} state_t;

static _Thread_local state_t st;
static pthread_key_t release_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static chunk_t *spare;  /* chunks of threads that ended, under spare_lock */
static int nspare;

static size_t round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static void release_at_exit(void *unused)
{
	mdmem_release();
}

/* Threads release their memory when they end; the thread that calls
 * exit() (the main one) through atexit. */
static void make_key(void)
{
	if (pthread_key_create(&release_key, release_at_exit) != 0)
		die("mdmem: cannot create a thread key");
	atexit(mdmem_release);
}

static chunk_t *chunk_new(void)
{
	pthread_once(&key_once, make_key);
	pthread_setspecific(release_key, &st);  /* so that the thread's end releases */
	pthread_mutex_lock(&spare_lock);
	chunk_t *c = spare;
	if (c) {
		spare = c->next;
		nspare--;
	}
	pthread_mutex_unlock(&spare_lock);
	if (!c) {
		c = mmap(NULL, sizeof *c + CHUNK_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c == MAP_FAILED)
			die("out of memory");
	}
	c->next = NULL;
	c->used = 0;
	POISON(c->data, CHUNK_SIZE);
	return c;
}

/* A chunk this thread no longer needs: to the spare list, or unmapped. */
static void chunk_drop(chunk_t *c)
{
	UNPOISON(c->data, CHUNK_SIZE);
	pthread_mutex_lock(&spare_lock);
	if (nspare < SPARE_CHUNKS) {
		c->next = spare;
		spare = c;
		nspare++;
		c = NULL;
	}
	pthread_mutex_unlock(&spare_lock);
	if (c)
		munmap(c, sizeof *c + CHUNK_SIZE);
}

/* The chunk after cur with room for need bytes: the next kept one, or a
 * new one. need is at most BIG + a header, far below CHUNK_SIZE. */
static chunk_t *chunk_next(void)
{
	if (!st.cur) {
		if (!st.first)
			st.first = chunk_new();
		return st.first;
	}
	if (!st.cur->next)
		st.cur->next = chunk_new();
	st.cur->next->used = 0;
	return st.cur->next;
}

static void *alloc_big(size_t n)
{
	block_t *b = xmalloc(sizeof *b + n);
	b->size = n;
	b->big = 1;
	return b + 1;
}

static void *alloc(size_t n)
{
	if (n >= BIG)
		return alloc_big(n);
	size_t need = sizeof(block_t) + round16(n);
	if (!st.cur || st.cur->used + need > CHUNK_SIZE)
		st.cur = chunk_next();
	block_t *b = (block_t *)(st.cur->data + st.cur->used);
	st.cur->used += need;
	UNPOISON(b, sizeof *b + n);
	b->size = n;
	b->big = 0;
	POISON(b, sizeof *b);  /* the header is the allocator's alone */
	st.last = b;
	return b + 1;
}

static block_t *header(void *p)
{
	block_t *b = (block_t *)p - 1;
	UNPOISON(b, sizeof *b);
	return b;
}

static void *mdmem_calloc(size_t count, size_t size)
{
	if (size && count > (SIZE_MAX - sizeof(block_t) - 16) / size)
		die("mdmem: allocation too large");
	size_t n = count * size;
	void *p = alloc(n);
	memset(p, 0, n);
	return p;
}

static void *mdmem_realloc(void *p, size_t n)
{
	if (!p)
		return alloc(n);
	block_t *b = header(p);
	if (b->big) {
		b = xrealloc(b, sizeof *b + n);
		b->size = n;
		return b + 1;
	}
	size_t old = b->size;
	if (b == st.last && n < BIG) {
		size_t grown = st.cur->used - round16(old) + round16(n);
		if (grown <= CHUNK_SIZE) {
			st.cur->used = grown;
			UNPOISON(p, n);
			if (n < old)
				POISON((unsigned char *)p + n, old - n);
			b->size = n;
			POISON(b, sizeof *b);
			return p;
		}
	}
	void *q = alloc(n);
	memcpy(q, p, old < n ? old : n);
	POISON(b, sizeof *b + old);  /* left for mdmem_reset */
	return q;
}

static void mdmem_free(void *p)
{
	if (!p)
		return;
	block_t *b = header(p);
	if (b->big) {
		free(b);
		return;
	}
	size_t size = b->size;
	if (b == st.last) {
		st.cur->used = (size_t)((unsigned char *)b - st.cur->data);
		st.last = NULL;
	}
	POISON(b, sizeof *b + size);
}

static cmark_mem allocator = { mdmem_calloc, mdmem_realloc, mdmem_free };

cmark_mem *mdmem_allocator(void)
{
	return &allocator;
}

void mdmem_reset(void)
{
	chunk_t *c = st.first;
	for (int kept = 1; c && kept < KEPT_CHUNKS; kept++)
		c = c->next;
	if (c) {
		chunk_t *rest = c->next;
		c->next = NULL;
		while (rest) {
			chunk_t *next = rest->next;
			chunk_drop(rest);
			rest = next;
		}
	}
	for (c = st.first; c; c = c->next) {
		POISON(c->data, c->used);
		c->used = 0;
	}
	st.cur = st.first;
	st.last = NULL;
}

void mdmem_release(void)
{
	for (chunk_t *c = st.first; c;) {
		chunk_t *next = c->next;
		chunk_drop(c);
		c = next;
	}
	st = (state_t){ NULL, NULL, NULL };
}
