/* liquid_suite.c - runs the golden Liquid conformance suite
 * (tests/liquid-suite/golden_liquid.json) through pnyx's engine.
 *
 *   liquid_suite [-v] [--allow-fail] [--min N] [FILE]
 *
 * Each case gives a template, its globals ("data"), partials for include
 * and render ("templates"), and either the expected output ("result", or
 * any of "results") or "invalid": true when an error is expected. Failing
 * cases are printed with the expected and the actual output; the last line
 * is "liquid-suite: P passed, F failed, S skipped". The exit status is 1
 * when a case failed, unless --allow-fail is given or at least N passed
 * (--min N, or the LIQUID_SUITE_MIN environment variable). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "json.h"
#include "liquid/liquid.h"
#include "value.h"

/* Cases that contradict another case of the suite: the suite holds both
 * the lax and the strict answer, and pnyx parses strictly. */
static const char *const skipped[] = {
	"tags, case, unexpected when token",
};

typedef struct {
	arena_t *arena;
	value_t *templates;   /* name -> source, or NULL */
	diag_list_t *diags;
	struct {
		str_t name;
		const liquid_template_t *t;
	} cache[64];
	size_t ncache;
} partials_t;

static const liquid_template_t *load_partial(void *ud, str_t name, bool is_render)
{
	partials_t *p = ud;
	for (size_t i = 0; i < p->ncache; i++)
		if (str_eq(p->cache[i].name, name))
			return p->cache[i].t;
	value_t *src = p->templates ? value_get(p->templates, name) : NULL;
	if (!src || src->kind != VALUE_STRING)
		return NULL;
	char *file = arena_printf(p->arena, "%.*s", (int)name.n, name.p);
	const liquid_template_t *t = liquid_parse(p->arena, file, src->s, 1, p->diags);
	if (t && p->ncache < sizeof p->cache / sizeof p->cache[0]) {
		p->cache[p->ncache].name = arena_str(p->arena, name);
		p->cache[p->ncache].t = t;
		p->ncache++;
	}
	return t;
}

static bool is_skipped(const char *name)
{
	for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
		if (strcmp(skipped[i], name) == 0)
			return true;
	return false;
}

static bool matches(const value_t *tc, str_t out)
{
	const value_t *r = value_get_cstr(tc, "result");
	if (r && r->kind == VALUE_STRING)
		return str_eq(r->s, out);
	const value_t *rs = value_get_cstr(tc, "results");
	if (rs && rs->kind == VALUE_ARRAY)
		for (size_t i = 0; i < rs->a.n; i++)
			if (rs->a.items[i]->kind == VALUE_STRING && str_eq(rs->a.items[i]->s, out))
				return true;
	return false;
}

static void print_escaped(const char *label, str_t s)
{
	printf("  %s: \"", label);
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	puts("\"");
}

static void print_expected(const value_t *tc)
{
	const value_t *r = value_get_cstr(tc, "result");
	const value_t *rs = value_get_cstr(tc, "results");
	if (value_truthy(value_get_cstr(tc, "invalid")))
		puts("  expected: an error");
	else if (r && r->kind == VALUE_STRING)
		print_escaped("expected", r->s);
	else if (rs && rs->kind == VALUE_ARRAY)
		for (size_t i = 0; i < rs->a.n; i++)
			if (rs->a.items[i]->kind == VALUE_STRING)
				print_escaped("expected (one of)", rs->a.items[i]->s);
}

/* Runs one case: true when it passes. */
static bool run_case(const value_t *tc, bool verbose)
{
	const char *name = value_cstr(value_get_cstr(tc, "name"));
	const value_t *src = value_get_cstr(tc, "template");
	if (!name || !src || src->kind != VALUE_STRING) {
		printf("FAIL (malformed case) %s\n", name ? name : "?");
		return false;
	}
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	partials_t parts = { .arena = a, .diags = &d };
	parts.templates = value_get_cstr(tc, "templates");
	liquid_host_t host = { .ud = &parts, .load_partial = load_partial };
	value_t *data = value_get_cstr(tc, "data");
	if (!data || data->kind != VALUE_HASH)
		data = value_new_hash(a, 0);
	buf_t out = BUF_INIT;
	bool ok = false;
	liquid_template_t *t = liquid_parse(a, "template", src->s, 1, &d);
	if (t) {
		liquid_render_opts_t o = {.globals = data, .host = &host, .arena = a, .diags = &d};
		ok = liquid_render(t, &o, &out) == 0;
	}
	bool invalid = value_truthy(value_get_cstr(tc, "invalid"));
	bool pass = invalid ? !ok : ok && matches(tc, buf_str(&out));
	if (!pass || verbose) {
		printf("%s %s\n", pass ? "PASS" : "FAIL", name);
		if (!pass) {
			print_escaped("template", src->s);
			print_expected(tc);
			if (ok)
				print_escaped("actual", buf_str(&out));
			else
				puts("  actual: an error");
		}
		for (size_t i = 0; i < d.n; i++) {
			buf_t m = BUF_INIT;
			diag_format(&d.items[i], &m, false);
			printf("  %s\n", buf_cstr(&m));
			buf_free(&m);
		}
	}
	buf_free(&out);
	diag_free(&d);
	arena_free(a);
	return pass;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

int main(int argc, char **argv)
{
	const char *path = "tests/liquid-suite/golden_liquid.json";
	bool verbose = false, allow_fail = false;
	long min = getenv("LIQUID_SUITE_MIN") ? atol(getenv("LIQUID_SUITE_MIN")) : -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[i], "--allow-fail") == 0)
			allow_fail = true;
		else if (strcmp(argv[i], "--min") == 0 && i + 1 < argc)
			min = atol(argv[++i]);
		else
			path = argv[i];
	}
	liquid_init();
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "liquid-suite: cannot read %s\n", path);
		return 2;
	}
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *doc = json_parse(a, path, str_from(text ? text : "", len), &d);
	value_t *tests = value_get_cstr(doc, "tests");
	if (!tests || tests->kind != VALUE_ARRAY) {
		diag_print(&d, stderr, false);
		fprintf(stderr, "liquid-suite: %s has no \"tests\" array\n", path);
		return 2;
	}
	size_t passed = 0, failed = 0, skip = 0;
	for (size_t i = 0; i < tests->a.n; i++) {
		const char *name = value_cstr(value_get_cstr(tests->a.items[i], "name"));
		if (name && is_skipped(name))
			skip++;
		else if (run_case(tests->a.items[i], verbose))
			passed++;
		else
			failed++;
	}
	printf("liquid-suite: %zu passed, %zu failed, %zu skipped\n", passed, failed, skip);
	diag_free(&d);
	arena_free(a);
	free(text);
	if (failed == 0 || allow_fail || (min >= 0 && passed >= (size_t)min))
		return 0;
	return 1;
}
