/* fuzz_slides.c - slides_split and slides_count must agree, and every slice
 * a slide holds must be readable. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/arena.h"
#include "../../src/slides.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned sum(str_t s)
{
	unsigned h = 0;
	for (size_t i = 0; i < s.n; i++)
		h = h * 31 + (unsigned char)s.p[i];
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str_t src = str_from((const char *)data, size);
	arena_t *a = arena_new();
	slide_list_t l = { 0 };
	slides_split(a, src, &l);
	size_t n = slides_count(src);
	if (l.n != n || n < 1) {
		fprintf(stderr, "slides_split found %zu slides, slides_count %zu\n", l.n, n);
		abort();
	}
	volatile unsigned h = 0;
	for (size_t i = 0; i < l.n; i++) {
		h += sum(l.items[i].body) + sum(l.items[i].notes) + sum(str_cstr(l.items[i].cls));
		if (l.items[i].line < 1)
			abort();
	}
	(void)h;
	arena_free(a);
	return 0;
}
