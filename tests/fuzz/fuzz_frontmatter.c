/* fuzz_frontmatter.c - front matter splitting, then the YAML part to a value.
 *
 * The value is written back as JSON so that every node the parser built is
 * visited (a dangling pointer or a bad length shows under ASan). */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/arena.h"
#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/frontmatter.h"
#include "../../src/json.h"
#include "../../src/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str_t src = str_from((const char *)data, size);
	diag_list_t d = DIAG_LIST_INIT;
	frontmatter_t fm;
	if (frontmatter_split("fuzz.md", src, &fm, &d) == 0) {
		/* The parts are slices of the input, in order. */
		if (fm.body.n > size || (fm.body.n && (fm.body.p < src.p || fm.body.p + fm.body.n > src.p + size)))
			abort();
		if (fm.present) {
			if (fm.yaml.n && (fm.yaml.p < src.p || fm.yaml.p + fm.yaml.n > src.p + size))
				abort();
			arena_t *a = arena_new();
			value_t *v = yaml_parse(a, "fuzz.md", fm.yaml, fm.yaml_line, &d);
			if (!v && diag_error_count(&d) == 0)
				abort(); /* NULL must come with a diagnostic */
			if (v) {
				buf_t out = BUF_INIT;
				json_write(&out, v);
				buf_free(&out);
			}
			arena_free(a);
		}
	} else if (diag_error_count(&d) == 0) {
		abort();
	}
	diag_free(&d);
	return 0;
}
