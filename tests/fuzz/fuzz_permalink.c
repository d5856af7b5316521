/* fuzz_permalink.c - permalink_expand, permalink_clean and
 * permalink_output_path on fuzzed patterns and variables.
 *
 * Input: one flags byte, then NUL-separated fields: pattern, title, dir,
 * name, collection, categories, lang, output_ext. Every URL returned must
 * stay in the site (one leading slash, no empty, "." or ".." segment) and
 * every output path must be relative and stay in the output folder. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/arena.h"
#include "../../src/permalink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *field(arena_t *a, const char **p, const char *end)
{
	const char *nul = memchr(*p, 0, (size_t)(end - *p));
	const char *e = nul ? nul : end;
	char *s = arena_strndup(a, *p, (size_t)(e - *p));
	*p = nul ? nul + 1 : end;
	return s;
}

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "%s: '%s'\n", what, s);
	abort();
}

/* A path whose segments are all proper names (no "", ".", ".."), except
 * that a URL may end with a slash. */
static void check_segments(const char *what, const char *s, int url)
{
	const char *p = s + (url ? 1 : 0);
	for (;;) {
		const char *sl = strchr(p, '/');
		size_t n = sl ? (size_t)(sl - p) : strlen(p);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			fail(what, s);
		if (n == 0 && (sl || !url) && !(url && p == s + 1 && !sl))
			fail(what, s);
		if (!sl)
			break;
		p = sl + 1;
	}
}

static void check_url(arena_t *a, const char *url)
{
	if (url[0] != '/')
		fail("URL without a leading slash", url);
	if (strstr(url, "//"))
		fail("URL with a doubled slash", url);
	check_segments("URL leaves the site", url, 1);
	const char *out = permalink_output_path(a, url);
	if (!out || !*out || out[0] == '/')
		fail("bad output path for URL", url);
	check_segments("output path leaves the folder", out, 0);
	/* A cleaned URL is clean already. */
	const char *err = NULL;
	const char *again = permalink_clean(a, url, &err);
	if (!again || strcmp(again, url) != 0) {
		fprintf(stderr, "cleaned again: '%s' (%s)\n", again ? again : "NULL", err ? err : "");
		fail("permalink_clean is not idempotent on", url);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	arena_t *a = arena_new();
	unsigned flags = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *pattern = field(a, &p, end);
	permalink_vars_t v = { 0 };
	v.title = field(a, &p, end);
	v.dir = field(a, &p, end);
	v.name = field(a, &p, end);
	const char *coll = field(a, &p, end);
	v.collection = (flags & 2) ? coll : NULL;
	v.categories = field(a, &p, end);
	v.lang = field(a, &p, end);
	v.output_ext = field(a, &p, end);
	v.slug = permalink_slugify(a, v.title);
	v.has_date = flags & 4;
	/* Dates from 1901 to 2038, with the offset a byte gives. */
	v.date.sec = (int64_t)(int32_t)((unsigned)flags << 24 | (unsigned)size * 2654435761u);
	v.date.utc_off = ((int)(flags >> 3) - 16) * 1800;

	const char *err = NULL;
	const char *url = permalink_expand(a, pattern, &v, flags & 1, &err);
	if (url)
		check_url(a, url);
	else if (!err)
		fail("NULL without an error for pattern", pattern);
	err = NULL;
	url = permalink_clean(a, pattern, &err);
	if (url)
		check_url(a, url);
	else if (!err)
		fail("NULL without an error for URL", pattern);
	arena_free(a);
	return 0;
}
