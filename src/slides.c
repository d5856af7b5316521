/* Provisional splitter (separators and fences only); the full one, with
 * classes and notes, replaces it. */
#include "slides.h"

#include <string.h>

static bool is_sep(const char *p, const char *end)
{
	return end - p >= 3 && memcmp(p, "---", 3) == 0 &&
	       (end - p == 3 || (end - p == 4 && p[3] == '\r'));
}

static size_t split(arena_t *a, str_t src, slide_list_t *out)
{
	size_t n = 0;
	bool fence = false;
	const char *p = src.p, *end = src.p + src.n, *start = p;
	int line = 1, start_line = 1;
	for (;;) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		const char *le = nl ? nl : end;
		if (p < end && le - p >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0))
			fence = !fence;
		bool last = p >= end;
		if (last || (!fence && is_sep(p, le))) {
			if (out) {
				out->items[n] = (slide_t){ str_from(start, (size_t)(p - start)), { "", 0 }, "", start_line };
			}
			n++;
			if (last)
				break;
			start = nl ? nl + 1 : end;
			start_line = line + 1;
		}
		if (!nl) {
			p = end;
			if (last)
				break;
		} else {
			p = nl + 1;
		}
		line++;
	}
	(void)a;
	return n;
}

size_t slides_count(str_t src)
{
	return split(NULL, src, NULL);
}

void slides_split(arena_t *a, str_t src, slide_list_t *out)
{
	out->n = slides_count(src);
	out->items = ARENA_ARRAY(a, slide_t, out->n);
	split(a, src, out);
}
