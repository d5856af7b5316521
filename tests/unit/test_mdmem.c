#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "mdmem.h"

static bool aligned(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

/* calloc zeroes even memory a previous document dirtied. */
static void test_calloc_zeroes_reused_memory(void **state)
{
	cmark_mem *m = mdmem_allocator();
	unsigned char *a = m->calloc(1, 1000);
	memset(a, 0xAB, 1000);
	mdmem_reset();
	unsigned char *b = m->calloc(10, 100);
	assert_ptr_equal(a, b);  /* the same room, reused */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(b[i], 0);
	mdmem_reset();
}

/* realloc keeps the content, grows the newest block in place, copies
 * others, and every block stays aligned as malloc's. */
static void test_grow_and_copy(void **state)
{
	cmark_mem *m = mdmem_allocator();
	char *a = m->realloc(NULL, 10);
	memcpy(a, "0123456789", 10);
	char *a2 = m->realloc(a, 5000);
	assert_ptr_equal(a, a2);  /* newest: in place */
	assert_memory_equal(a2, "0123456789", 10);
	char *b = m->calloc(1, 3);
	assert_true(aligned(b) && aligned(a2));
	char *a3 = m->realloc(a2, 9000);  /* not the newest any more: copied */
	assert_ptr_not_equal(a3, a2);
	assert_memory_equal(a3, "0123456789", 10);
	char *big = m->realloc(a3, 200000);  /* past the big size: malloc */
	assert_memory_equal(big, "0123456789", 10);
	big = m->realloc(big, 400000);
	assert_memory_equal(big, "0123456789", 10);
	big[399999] = 'x';
	m->free(big);
	m->free(b);
	mdmem_reset();
}

/* Freeing the newest block gives its room back at once. */
static void test_free_newest(void **state)
{
	cmark_mem *m = mdmem_allocator();
	void *a = m->calloc(1, 64);
	m->free(a);
	void *b = m->calloc(1, 64);
	assert_ptr_equal(a, b);
	mdmem_reset();
}

/* More than a chunk's worth, then a reset: chunks are chained and kept. */
static void test_many_chunks(void **state)
{
	cmark_mem *m = mdmem_allocator();
	char *first = NULL;
	for (int i = 0; i < 10000; i++) {
		char *p = m->calloc(1, 1000);
		assert_true(aligned(p));
		p[999] = (char)i;
		if (!first)
			first = p;
	}
	mdmem_reset();
	assert_ptr_equal(m->calloc(1, 1000), first);
	mdmem_reset();
}

/* Each thread has its own state: two threads allocating at once never
 * get the same block; their memory goes when they end. */
static void *fill(void *arg)
{
	cmark_mem *m = mdmem_allocator();
	char c = *(char *)arg;
	for (int round = 0; round < 50; round++) {
		char *blocks[200];
		for (int i = 0; i < 200; i++) {
			blocks[i] = m->calloc(1, 100 + (size_t)i);
			memset(blocks[i], c, 100 + (size_t)i);
		}
		for (int i = 0; i < 200; i++)
			for (int k = 0; k < 100 + i; k++)
				if (blocks[i][k] != c)
					return (void *)1;
		mdmem_reset();
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[2];
	char cs[2] = { 'a', 'b' };
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, fill, &cs[i]), 0);
	for (int i = 0; i < 2; i++) {
		void *bad;
		pthread_join(t[i], &bad);
		assert_null(bad);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calloc_zeroes_reused_memory),
		cmocka_unit_test(test_grow_and_copy),
		cmocka_unit_test(test_free_newest),
		cmocka_unit_test(test_many_chunks),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
