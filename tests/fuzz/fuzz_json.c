/* fuzz_json.c - JSON parse, write, parse again: the second write must equal
 * the first (writing is a fixed point after one round). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/arena.h"
#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = json_parse(a, "fuzz.json", str_from((const char *)data, size), &d);
	if (!v && diag_error_count(&d) == 0)
		abort();
	if (v) {
		buf_t w1 = BUF_INIT, w2 = BUF_INIT;
		json_write(&w1, v);
		value_t *v2 = json_parse(a, "w1.json", buf_str(&w1), &d);
		if (!v2) {
			diag_print(&d, stderr, false);
			fprintf(stderr, "json_write produced JSON json_parse refuses: %.*s\n", (int)w1.n, w1.p);
			abort();
		}
		json_write(&w2, v2);
		if (w1.n != w2.n || memcmp(w1.p, w2.p, w1.n) != 0) {
			fprintf(stderr, "round trip differs:\n%.*s\n%.*s\n", (int)w1.n, w1.p, (int)w2.n, w2.p);
			abort();
		}
		buf_free(&w1);
		buf_free(&w2);
	}
	diag_free(&d);
	arena_free(a);
	return 0;
}
