/* fuzz_liquid.c - the Liquid lexer, parser and renderer.
 *
 * Input: a template, a NUL byte, then a JSON document for the variables (a
 * hash is used as the globals; anything else is bound to `data`). Limits
 * are small so that loops and output stay cheap: 1 MB of output and
 * 100,000 loop iterations. Every include or render name loads the same
 * small partial, which includes itself while `include.rec` is truthy, so
 * include recursion up to the depth limit is reachable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/arena.h"
#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/json.h"
#include "../../src/liquid/liquid.h"
#include "../../src/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char partial_src[] =
	"<p>{{ include.a | default: x }}</p>"
	"{% for i in (1..3) %}{{ i }}{% endfor %}"
	"{% if include.rec %}{% include self rec=include.rec a=include.a %}{% endif %}";

static const liquid_template_t *partial;

static const liquid_template_t *load_partial(void *ud, str_t name, bool is_render)
{
	(void)ud;
	(void)name;
	(void)is_render;
	return partial;
}

static void markdownify(void *ud, str_t in, buf_t *out)
{
	(void)ud;
	static const markdown_opts_t o = { .heading_ids = true };
	markdown_render(in, &o, out);
}

static void init(void)
{
	static arena_t *forever; /* lives as long as the process */
	diag_list_t d = DIAG_LIST_INIT;
	liquid_init();
	markdown_init();
	forever = arena_new();
	partial = liquid_parse(forever, "_includes/partial.html", STR_LIT(partial_src), 1, &d);
	if (!partial)
		abort();
	diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		init();
		ready = 1;
	}
	const char *p = (const char *)data;
	const char *nul = memchr(p, 0, size);
	str_t tpl_src = str_from(p, nul ? (size_t)(nul - p) : size);
	str_t json_src = nul ? str_from(nul + 1, size - tpl_src.n - 1) : STR_LIT("{}");

	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *globals = value_new_hash(a, 4);
	value_t *vars = json_parse(a, "data.json", json_src, &d);
	if (vars && vars->kind == VALUE_HASH)
		globals = vars;
	else if (vars)
		value_hash_set_cstr(a, globals, "data", vars);
	diag_clear(&d);

	liquid_template_t *t = liquid_parse(a, "fuzz.html", tpl_src, 1, &d);
	if (!t && diag_error_count(&d) == 0)
		abort();
	if (t) {
		liquid_host_t host = { .load_partial = load_partial, .markdownify = markdownify };
		liquid_render_opts_t o = {
			.globals = globals, .host = &host, .arena = a, .diags = &d,
			.limits = { .max_output = 1 << 20, .max_iterations = 100000 },
			.strict_variables = size > 0 && (data[size - 1] & 1),
		};
		buf_t out = BUF_INIT;
		int rc = liquid_render(t, &o, &out);
		if (rc != 0 && diag_error_count(&d) == 0)
			abort();
		/* The output limit holds (with slack for one last piece). */
		if (out.n > 2 * (1 << 20))
			abort();
		buf_free(&out);
	}
	diag_free(&d);
	arena_free(a);
	return 0;
}
