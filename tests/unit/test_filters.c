#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "datetime.h"
#include "util.h"
#include "json.h"
#include "liquid/filters.h"
#include "liquid/filters_common.h"
#include "liquid/liquid.h"
#include "value.h"

#include "fake_liquid_ctx.h"

/* ---- a small JSON reader for test data (no escapes but \" \\ \n) ---- */

static value_t *jparse(arena_t *a, const char **p);

static void jws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t')
		(*p)++;
}

static value_t *jstring(arena_t *a, const char **p)
{
	buf_t b = BUF_INIT;
	(*p)++;
	while (**p && **p != '"') {
		if (**p == '\\') {
			(*p)++;
			buf_putc(&b, **p == 'n' ? '\n' : **p == 't' ? '\t' : **p);
		} else {
			buf_putc(&b, **p);
		}
		(*p)++;
	}
	(*p)++;
	value_t *v = value_new_string(a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return v;
}

static value_t *jparse(arena_t *a, const char **p)
{
	jws(p);
	if (**p == '"')
		return jstring(a, p);
	if (**p == '[') {
		value_t *arr = value_new_array(a, 0);
		(*p)++;
		jws(p);
		while (**p && **p != ']') {
			value_array_push(a, arr, jparse(a, p));
			jws(p);
			if (**p == ',')
				(*p)++;
		}
		(*p)++;
		return arr;
	}
	if (**p == '{') {
		value_t *h = value_new_hash(a, 0);
		(*p)++;
		jws(p);
		while (**p && **p != '}') {
			jws(p);
			value_t *k = jstring(a, p);
			jws(p);
			(*p)++; /* : */
			value_hash_set(a, h, k->s, jparse(a, p));
			jws(p);
			if (**p == ',')
				(*p)++;
			jws(p);
		}
		(*p)++;
		return h;
	}
	if (!strncmp(*p, "null", 4))
		return *p += 4, value_nil();
	if (!strncmp(*p, "true", 4))
		return *p += 4, value_bool(true);
	if (!strncmp(*p, "false", 5))
		return *p += 5, value_bool(false);
	char *end;
	const char *s = *p;
	size_t n = strspn(s, "-+0123456789.eE");
	bool is_float = memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n);
	if (is_float) {
		double f = strtod(s, &end);
		*p = end;
		return value_new_float(a, f);
	}
	long long i = strtoll(s, &end, 10);
	*p = end;
	return value_new_int(a, i);
}

/* ---- harness ---- */

static arena_t *arena;
static liquid_ctx_t ctx;

static int setup(void **state)
{
	arena = arena_new();
	memset(&ctx, 0, sizeof ctx);
	ctx.arena = arena;
	liquid_filters_register_builtin();
	return 0;
}

static int teardown(void **state)
{
	arena_free(arena);
	return 0;
}

static value_t *J(const char *json)
{
	const char *p = json;
	return jparse(arena, &p);
}

static value_t *S(const char *s)
{
	return value_new_cstr(arena, s);
}

static value_t *I(long long i)
{
	return value_new_int(arena, i);
}

static value_t *F(double f)
{
	return value_new_float(arena, f);
}

#define NIL value_nil()

/* Applies one filter; returns the printed result, or "ERROR: msg". */
static value_t *apply(const char *name, value_t *in, value_t *kwargs, size_t argc,
		      value_t **argv)
{
	liquid_filter_fn fn = liquid_find_filter(str_cstr(name));
	if (!fn)
		fail_msg("no filter %s", name);
	return fn(&ctx, in, argc, argv, kwargs);
}

static const char *text_of(value_t *v)
{
	if (ctx.errors) {
		ctx.errors = 0;
		return arena_printf(arena, "ERROR: %s", ctx.last_error);
	}
	buf_t b = BUF_INIT;
	value_to_buf(v, &b);
	char *s = arena_strndup(arena, b.p ? b.p : "", b.n);
	buf_free(&b);
	return s;
}

static const char *run_v(const char *name, value_t *in, size_t argc, va_list ap)
{
	value_t *argv[8];
	for (size_t i = 0; i < argc; i++)
		argv[i] = va_arg(ap, value_t *);
	return text_of(apply(name, in, NULL, argc, argv));
}

static const char *run(const char *name, value_t *in, size_t argc, ...)
{
	va_list ap;
	va_start(ap, argc);
	const char *r = run_v(name, in, argc, ap);
	va_end(ap);
	return r;
}

/* The raw result value (for results that are arrays or hashes). */
static value_t *val(const char *name, value_t *in, size_t argc, ...)
{
	va_list ap;
	va_start(ap, argc);
	value_t *argv[8];
	for (size_t i = 0; i < argc; i++)
		argv[i] = va_arg(ap, value_t *);
	va_end(ap);
	value_t *v = apply(name, in, NULL, argc, argv);
	assert_int_equal(ctx.errors, 0);
	return v;
}

/* Ruby's inspect of a result, without the filter's HTML escaping. */
static const char *inspect(value_t *v)
{
	buf_t b = BUF_INIT;
	filters_inspect(v, &b);
	char *s = arena_strndup(arena, b.p ? b.p : "", b.n);
	buf_free(&b);
	return s;
}

#define EXPECT(want, got) assert_string_equal(got, want)
#define IS_ERROR(got) assert_true(strncmp(got, "ERROR", 5) == 0)

/* ---- the golden-liquid cases ---- */

typedef enum { GV_NIL, GV_STR, GV_JSON } gv_kind_t;
typedef struct {
	gv_kind_t kind;
	const char *text;
} gv_t;
typedef struct {
	const char *name;
	int argc;
	gv_t args[4];
	const char *kwname;
	gv_t kwval;
} gfilter_t;
typedef struct {
	const char *name;
	gv_t input;
	int nfilters;
	gfilter_t filters[4];
	const char *result;   /* NULL: the render must fail */
	const char *result2;  /* another accepted result */
} golden_case_t;

#include "filters_golden_cases.h"

static value_t *gv(gv_t g)
{
	switch (g.kind) {
	case GV_NIL: return NIL;
	case GV_STR: return S(g.text);
	default: return J(g.text);
	}
}

static void test_golden_liquid(void **state)
{
	size_t failed = 0;
	for (size_t c = 0; c < ARRAY_LEN(golden_cases); c++) {
		const golden_case_t *g = &golden_cases[c];
		value_t *v = gv(g->input);
		ctx.errors = 0;
		for (int f = 0; f < g->nfilters && !ctx.errors; f++) {
			const gfilter_t *gf = &g->filters[f];
			value_t *argv[4];
			for (int i = 0; i < gf->argc; i++)
				argv[i] = gv(gf->args[i]);
			value_t *kw = NULL;
			if (gf->kwname) {
				kw = value_new_hash(arena, 1);
				value_hash_set_cstr(arena, kw, gf->kwname, gv(gf->kwval));
			}
			v = apply(gf->name, v, kw, (size_t)gf->argc, argv);
		}
		const char *got = text_of(v);
		bool ok = g->result ? !strcmp(got, g->result) || (g->result2 && !strcmp(got, g->result2))
				    : !strncmp(got, "ERROR", 5);
		if (!ok) {
			failed++;
			print_message("golden: %s: got '%s', want %s%s%s\n", g->name, got,
				      g->result ? "'" : "an error", g->result ? g->result : "",
				      g->result ? "'" : "");
		}
	}
	print_message("golden-liquid filter cases: %zu run, %zu failed\n", ARRAY_LEN(golden_cases),
		      failed);
	assert_int_equal(failed, 0);
}

/* ---- standard filters: edge cases beyond the golden suite ---- */

static void test_string_case_and_utf8(void **state)
{
	EXPECT("ÉTÉ STRASSE", run("upcase", S("été straße"), 0));
	EXPECT("été", run("downcase", S("ÉTÉ"), 0));
	EXPECT("Élan vital", run("capitalize", S("élan VITAL"), 0));
	EXPECT("ПРИВЕТ", run("upcase", S("привет"), 0));
	/* invalid UTF-8 passes through byte for byte */
	EXPECT("A\xff", run("upcase", S("a\xff"), 0));
	EXPECT("5", run("upcase", I(5), 0));
	EXPECT("", run("capitalize", S(""), 0));
}

static void test_truncate_counts_characters(void **state)
{
	EXPECT("éé...", run("truncate", S("éééééééé"), 1, I(5)));
	EXPECT("ééééé", run("truncate", S("ééééé"), 1, I(5)));
	EXPECT("...", run("truncate", S("abcdef"), 1, I(2)));
	EXPECT("...", run("truncate", S("abcdef"), 1, I(-3)));
	EXPECT("ab", run("truncate", S("abcdef"), 2, I(2), S("")));
	IS_ERROR(run("truncate", S("abc"), 1, S("x")));
	EXPECT("日本…", run("truncate", S("日本語のテキスト"), 2, I(3), S("…")));
}

static void test_slice_strings_and_arrays(void **state)
{
	EXPECT("é", run("slice", S("aéb"), 1, I(1)));
	EXPECT("éb", run("slice", S("aéb"), 2, I(1), I(5)));
	EXPECT("b", run("slice", S("aéb"), 1, I(-1)));
	EXPECT("", run("slice", S("abc"), 1, I(-4)));
	EXPECT("", run("slice", S("abc"), 2, I(0), I(-1)));
	EXPECT("", run("slice", S("abc"), 1, I(3)));
	EXPECT("45", run("slice", J("[1,2,3,4,5]"), 2, I(-2), I(5)));
	EXPECT("", run("slice", J("[1,2]"), 1, I(9)));
	EXPECT("c", run("slice", S("abc"), 1, S(" 0x2 ")));
	EXPECT("c", run("slice", S("abc"), 1, S("0b10")));
	IS_ERROR(run("slice", S("abc"), 1, S("2x")));
	IS_ERROR(run("slice", S("abc"), 1, S("99999999999999999999999")));
	EXPECT("", run("slice", S("abc"), 2, I(INT64_MIN), I(INT64_MAX)));
}

static void test_split_like_ruby(void **state)
{
	EXPECT("[\"\", \"a\", \"\", \"b\"]", inspect(val("split", S(",a,,b,,"), 1, S(","))));
	EXPECT("[\"a\", \"b\"]", inspect(val("split", S("  a \t\n b  "), 1, S(" "))));
	EXPECT("[\"é\", \"a\"]", inspect(val("split", S("éa"), 1, S(""))));
	EXPECT("[]", inspect(val("split", S(""), 1, S(","))));
	EXPECT("[\"a\", \"b\"]", inspect(val("split", S("a--b"), 1, S("--"))));
}

static void test_replace_and_remove(void **state)
{
	EXPECT("a-b-c", run("replace", S("a b c"), 2, S(" "), S("-")));
	EXPECT("a[ ]b", run("replace", S("a b"), 2, S(" "), S("[\\0]")));
	EXPECT("a\\b", run("replace", S("a b"), 2, S(" "), S("\\\\")));
	EXPECT("a[\\0]b", run("replace_last", S("a b"), 2, S(" "), S("[\\0]")));
	EXPECT("xaxbx", run("replace", S("ab"), 2, S(""), S("x")));
	EXPECT("ab", run("remove", S("aXbX"), 1, S("X")));
	EXPECT("abX", run("remove_first", S("aXbX"), 1, S("X")));
	EXPECT("aXb", run("remove_last", S("aXbX"), 1, S("X")));
	EXPECT("abc", run("remove_last", S("abc"), 1, S("abcd")));
}

static void test_strip_and_html(void **state)
{
	EXPECT("a", run("strip", value_new_string(arena, "\0 a \v", 5), 0));
	EXPECT("", run("strip", S(" \t\r\n"), 0));
	EXPECT("x < y", run("strip_html", S("x < y"), 0));
	EXPECT("ab", run("strip_html", S("a<script>x</script><!-- c -->b"), 0));
	/* no </script>: only the tag goes */
	EXPECT("ax", run("strip_html", S("a<script>x"), 0));
	EXPECT("a<!-- x", run("strip_html", S("a<!-- x"), 0));
	EXPECT("&lt;a href=&quot;x&quot;&gt;&#39;", run("escape", S("<a href=\"x\">'"), 0));
	EXPECT("", run("escape", NIL, 0));
	EXPECT("&amp;amp &amp; &#123; &lt;", run("escape_once", S("&amp;amp & &#123; <"), 0));
	EXPECT("a<br />\nb<br />\n", run("newline_to_br", S("a\r\nb\n"), 0));
	EXPECT("a\rb", run("strip_newlines", S("a\r\n\rb\n"), 0));
}

static void test_url_and_base64(void **state)
{
	EXPECT("%C3%A9t%C3%A9+%2F+x", run("url_encode", S("été / x"), 0));
	EXPECT("été / x", run("url_decode", S("%C3%A9t%C3%A9+%2F+x"), 0));
	EXPECT("100%", run("url_decode", S("100%"), 0));
	IS_ERROR(run("url_decode", S("%FF"), 0));
	EXPECT("", run("url_decode", NIL, 0));
	EXPECT("", run("base64_encode", S(""), 0));
	EXPECT("YQ==", run("base64_encode", S("a"), 0));
	EXPECT("YWI=", run("base64_encode", S("ab"), 0));
	EXPECT("ab", run("base64_decode", S("YWI="), 0));
	IS_ERROR(run("base64_decode", S("YWI"), 0));
	IS_ERROR(run("base64_decode", S("YW=I"), 0));
	IS_ERROR(run("base64_decode", S("YWJ="), 0)); /* nonzero padding bits */
	EXPECT("ab", run("base64_url_safe_decode", S("YWI"), 0));
	EXPECT("-_8=", run("base64_url_safe_encode", S("\xfb\xff"), 0));
	EXPECT("\xfb\xff", run("base64_url_safe_decode", S("-_8="), 0));
}

static void test_math_like_bigdecimal(void **state)
{
	EXPECT("0.3", run("plus", F(0.1), 1, F(0.2)));
	EXPECT("12.3", run("plus", S("10.1"), 1, S("2.2")));
	EXPECT("0.06", run("times", F(0.2), 1, F(0.3)));
	EXPECT("-4", run("divided_by", I(-7), 1, I(2)));
	EXPECT("2", run("modulo", I(-7), 1, I(3)));
	EXPECT("-2", run("modulo", I(7), 1, I(-3)));
	EXPECT("1.0", run("modulo", F(-2.0), 1, F(3.0)));
	IS_ERROR(run("divided_by", F(1.5), 1, F(0.0)));
	IS_ERROR(run("modulo", I(1), 1, I(0)));
	/* overflow: Ruby grows a Bignum, we give the nearest float */
	EXPECT("9.223372036854776e+18", run("divided_by", I(INT64_MIN), 1, I(-1)));
	EXPECT("9.223372036854776e+18", run("plus", I(INT64_MAX), 1, I(1)));
	EXPECT("2.68", run("round", F(2.675), 1, I(2)));
	EXPECT("-3", run("round", F(-2.5), 0));
	EXPECT("1200", run("round", I(1234), 1, I(-2)));
	EXPECT("10", run("round", F(9.96), 1, I(0)));
	EXPECT("10.0", run("round", F(9.96), 1, I(1)));
	/* found by fuzz_liquid: 1e29 digits was converted to int64_t (UB) */
	EXPECT("9061.666", run("round", F(9061.666), 1, F(1e29)));
	EXPECT("0", run("round", F(9061.666), 1, F(-1e29)));
	EXPECT("9061", run("round", I(9061), 1, F(1e29)));
	EXPECT("1", run("ceil", S("0.5"), 0));
	EXPECT("-1", run("floor", S("-0.5"), 0));
	EXPECT("12", run("plus", S(" 10abc"), 1, I(2)));
	EXPECT("3", run("sum", J("[1, \"2\", null, {\"a\": 5}]"), 0));
	EXPECT("0.3", run("sum", J("[0.1, 0.2]"), 0));
	EXPECT("3", run("sum", J("[{\"k\": 1}, \"x\", {\"k\": 2}]"), 1, S("k")));
	EXPECT("8", run("abs", S(" -8 "), 0));
}

static void test_arrays(void **state)
{
	EXPECT("1-2-3", run("join", J("[1, [2, [3]]]"), 1, S("-")));
	EXPECT("a--x", run("join", J("[[[\"a\"]], null, \"x\"]"), 1, S("-")));
	EXPECT("{\"k\"=>1}", run("join", J("[{\"k\":1}]"), 0));
	EXPECT("3", run("size", S("été"), 0));
	EXPECT("2", run("size", J("{\"a\":1,\"b\":2}"), 0));
	EXPECT("[\"a\", 1]", inspect(val("first", J("{\"a\":1,\"b\":2}"), 0)));
	EXPECT("", run("last", S("abc"), 0));
	EXPECT("[3, 2, 1]", inspect(val("reverse", J("[1, [2, 3]]"), 0)));
	EXPECT("[1, 2]", inspect(val("uniq", J("[1, 1, 2]"), 0)));
	EXPECT("[1, 1.0]", inspect(val("uniq", J("[1, 1.0]"), 0)));
	EXPECT("[1, 2, [3]]", inspect(val("concat", J("[1]"), 1, J("[2, [3]]"))));
	EXPECT("[nil, 1]", inspect(val("map", J("[{}, {\"a\":1}]"), 1, S("a"))));
	/* a float property far past any index: nil, not an undefined conversion */
	EXPECT("[nil, nil]", inspect(val("map", J("[\"abc\", \"d\"]"), 1, F(1e29))));
	EXPECT("[\"c\"]", inspect(val("map", J("[\"abc\"]"), 1, F(-1.5))));
	EXPECT("[1]", inspect(val("compact", J("[null, 1, null]"), 0)));
}

static void test_sort_orders(void **state)
{
	EXPECT("[1, 2.5, 3]", inspect(val("sort", J("[3, 2.5, 1]"), 0)));
	EXPECT("[\"B\", \"a\", nil]", inspect(val("sort", J("[null, \"a\", \"B\"]"), 0)));
	IS_ERROR(run("sort", J("[1, \"a\"]"), 0));
	EXPECT("[\"a\", \"B\", \"c\"]", inspect(val("sort_natural", J("[\"c\", \"B\", \"a\"]"), 0)));
	/* stable: equal keys keep their order */
	EXPECT("[{\"k\"=>1, \"i\"=>1}, {\"k\"=>1, \"i\"=>2}, {\"k\"=>2, \"i\"=>0}]",
	       inspect(val("sort", J("[{\"k\":2,\"i\":0},{\"k\":1,\"i\":1},{\"k\":1,\"i\":2}]"), 1,
			   S("k"))));
	/* Jekyll: nils first or last, dotted properties, text fallback */
	value_t *ary = J("[{\"a\":{\"b\":2}}, {\"x\":1}, {\"a\":{\"b\":1}}]");
	EXPECT("[{\"x\"=>1}, {\"a\"=>{\"b\"=>1}}, {\"a\"=>{\"b\"=>2}}]",
	       inspect(val("sort", ary, 2, S("a.b"), S("first"))));
	EXPECT("[{\"a\"=>{\"b\"=>1}}, {\"a\"=>{\"b\"=>2}}, {\"x\"=>1}]",
	       inspect(val("sort", ary, 2, S("a.b"), S("last"))));
	EXPECT("[{\"a\"=>{\"b\"=>1}}, {\"a\"=>{\"b\"=>2}}, {\"x\"=>1}]",
	       inspect(val("sort", ary, 1, S("a.b"))));
	IS_ERROR(run("sort", ary, 2, S("a"), S("middle")));
	EXPECT("[{\"a\"=>1}, {\"a\"=>\"b\"}]",
	       inspect(val("sort", J("[{\"a\":\"b\"},{\"a\":1}]"), 1, S("a"))));
}

static void test_where_shopify_and_jekyll(void **state)
{
	value_t *posts = J("[{\"t\":\"a\",\"tags\":[\"x\",\"y\"],\"n\":1},"
			   "{\"t\":\"b\",\"tags\":\"x\",\"n\":2},{\"t\":\"c\",\"n\":\"2\"}]");
	EXPECT("2", run("size", val("where", posts, 2, S("tags"), S("x")), 0));
	/* Jekyll compares as text: 2 matches "2" */
	EXPECT("2", run("size", val("where", posts, 2, S("n"), I(2)), 0));
	EXPECT("3", run("size", val("where", posts, 1, S("n")), 0));
	/* a hash: its values */
	value_t *h = J("{\"a\":{\"color\":\"red\"},\"b\":{\"color\":\"blue\"}}");
	EXPECT("[{\"color\"=>\"red\"}]", inspect(val("where", h, 2, S("color"), S("red"))));
	/* dotted properties */
	value_t *deep = J("[{\"p\":{\"q\":1}},{\"p\":{\"q\":2}}]");
	EXPECT("[{\"p\"=>{\"q\"=>2}}]", inspect(val("where", deep, 2, S("p.q"), S("2"))));
	EXPECT("some string", run("where", S("some string"), 2, S("la"), S("le")));
	IS_ERROR(run("where", I(123), 1, S("title")));
}

static void test_jekyll_array_helpers(void **state)
{
	value_t *a = J("[\"hi\", \"there\", \"bert\", \"and\", \"ernie\"]");
	EXPECT("[\"hi\", \"there\", \"bert\"]", inspect(val("pop", a, 1, S("2"))));
	EXPECT("[\"bert\", \"and\", \"ernie\"]", inspect(val("shift", a, 1, I(2))));
	EXPECT("[]", inspect(val("shift", a, 1, I(99))));
	EXPECT("5", run("size", a, 0)); /* the input is unchanged */
	EXPECT("[\"hi\", \"there\", \"bert\", \"and\", \"ernie\", 1]", inspect(val("push", a, 1, I(1))));
	EXPECT("[0, \"hi\", \"there\", \"bert\", \"and\", \"ernie\"]",
	       inspect(val("unshift", a, 1, I(0))));
	EXPECT("hi", run("sample", a, 0));
	EXPECT("[\"hi\", \"there\"]", inspect(val("sample", a, 1, I(2))));
	IS_ERROR(run("pop", a, 1, I(-1)));
	IS_ERROR(run("pop", a, 1, S("x")));
	EXPECT("abc", run("push", S("abc"), 1, I(1)));
}

static void test_default_and_arity(void **state)
{
	value_t *kw = value_new_hash(arena, 1);
	value_hash_set_cstr(arena, kw, "allow_false", value_bool(true));
	value_t *argv[1] = { S("x") };
	EXPECT("false", text_of(apply("default", value_bool(false), kw, 1, argv)));
	EXPECT("x", text_of(apply("default", NIL, kw, 1, argv)));
	EXPECT("x", text_of(apply("default", S(""), kw, 1, argv)));
	/* keyword arguments count as an argument for other filters */
	IS_ERROR(text_of(apply("upcase", S("a"), kw, 0, NULL)));
	IS_ERROR(run("append", S("a"), 0));
	IS_ERROR(run("join", J("[1]"), 2, S(","), S(",")));
}

/* ---- dates ---- */

static value_t *T(const char *s)
{
	value_time_t t;
	assert_true(datetime_parse(str_cstr(s), 0, &t));
	return value_new_time(arena, t);
}

static void test_date_strftime(void **state)
{
	value_t *t = T("2013-03-07T09:05:03.123456789+01:00");
	EXPECT("2013 20 13 03 3 07 7  7 066", run("date", t, 1, S("%Y %C %y %m %-m %d %-d %e %j")));
	EXPECT("09 9  9 09 9  9 AM am", run("date", t, 1, S("%H %-H %k %I %-I %l %p %P")));
	EXPECT("05 03 123 123456789 123456", run("date", t, 1, S("%M %S %L %N %6N")));
	EXPECT("Thursday Thu March Mar 4 4", run("date", t, 1, S("%A %a %B %b %u %w")));
	EXPECT("+0100 +01:00 ", run("date", t, 1, S("%z %:z %Z")));
	EXPECT("UTC", run("date", T("2013-03-07 10:00"), 1, S("%Z")));
	EXPECT("THURSDAY     March|March|0000000007", run("date", t, 1, S("%^A %9B|%-6B|%010d")));
	EXPECT("  7|7|0007|  Thu", run("date", t, 1, S("%3e|%-e|%04e|%5a")));
	EXPECT("%Q %", run("date", t, 1, S("%Q %")));
	EXPECT("Thu Mar  7 09:05:03 2013", run("date", t, 1, S("%c")));
	EXPECT("1362643503", run("date", t, 1, S("%s")));
	EXPECT("03/07/13 2013-03-07 09:05:03 09:05", run("date", t, 1, S("%D %F %T %R")));
	EXPECT("10 09 2013-W10", run("date", t, 1, S("%V %U %G-W%V")));
	EXPECT("2009-W53", run("date", T("2010-01-03"), 1, S("%G-W%V")));
	EXPECT("12 PM 12", run("date", T("2013-03-07 12:30"), 1, S("%I %p %l")));
}

static void test_date_inputs(void **state)
{
	EXPECT("2006-07-05", run("date", I(1152098955), 1, S("%F")));
	EXPECT("1969-12-31", run("date", I(-1), 1, S("%F")));
	EXPECT("2016-03-14 00:00", run("date", S("March 14, 2016"), 1, S("%F %H:%M")));
	EXPECT("2001-09-11 12:46:30 +0000",
	       run("date", S("September 11, 2001 12:46:30 -0000"), 1, S("%F %T %z")));
	EXPECT("2001-09-11 12:46 -0100", run("date", S("Tue, 11 Sep 2001 12:46:30 -0100"), 1,
					     S("%F %H:%M %z")));
	EXPECT("2016-03-14 18:05", run("date", S("14 Mar 2016 6:05 pm"), 1, S("%F %H:%M")));
	EXPECT("2016-03-14", run("date", S("03/14/2016"), 1, S("%F")));
	EXPECT("2016-03-14", run("date", S("2016/03/14"), 1, S("%F")));
	EXPECT("2016-03-01", run("date", S("March 2016"), 1, S("%F")));
	EXPECT("not a date", run("date", S("not a date"), 1, S("%F")));
	EXPECT("March 14", run("date", S("March 14"), 1, S("%F")));
	EXPECT("2016-02-30", run("date", S("2016-02-30"), 1, S("%F")));
	EXPECT("1.5", run("date", F(1.5), 1, S("%F")));
	EXPECT("99999999999999999999", run("date", S("99999999999999999999"), 1, S("%F")));
	/* "now" is site.time when the site has one */
	value_t *site = value_new_hash(arena, 1);
	value_hash_set_cstr(arena, site, "time", T("2020-01-02 03:04"));
	ctx.globals = value_new_hash(arena, 1);
	value_hash_set_cstr(arena, ctx.globals, "site", site);
	EXPECT("2020", run("date", S("now"), 1, S("%Y")));
	EXPECT("2020", run("date", S("TODAY"), 1, S("%Y")));
	ctx.globals = NULL;
}

static const liquid_date_names_t french = {
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	  "octobre", "novembre", "décembre" },
	{ "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
	  "nov.", "déc." },
	{ "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi" },
	{ NULL, "lun.", NULL, NULL, NULL, NULL, NULL },
};

static const liquid_date_names_t *french_names(void *ud, liquid_ctx_t *c)
{
	return &french;
}

static void test_date_localised(void **state)
{
	liquid_host_t host = { 0 };
	host.date_names = french_names;
	ctx.host = &host;
	value_t *t = T("2017-02-06");
	EXPECT("lundi 6 février 2017 lun. FÉVR.", run("date", t, 1, S("%A %-d %B %Y %a %^b")));
	EXPECT("Sun", run("date", T("2017-02-05"), 1, S("%a")));
	EXPECT("06 févr. 2017", run("date_to_string", t, 0));
	EXPECT("Mon, 06 Feb 2017 00:00:00 +0000", run("date_to_rfc822", t, 0));
	ctx.host = NULL;
}

static void test_jekyll_dates(void **state)
{
	value_t *t = T("2013-03-27 11:22:33");
	EXPECT("27 Mar 2013", run("date_to_string", t, 0));
	EXPECT("27 March 2013", run("date_to_long_string", t, 0));
	EXPECT("Mar 27th, 2013", run("date_to_string", t, 2, S("ordinal"), S("US")));
	EXPECT("27th March 2013", run("date_to_long_string", t, 1, S("ordinal")));
	EXPECT("March 2nd, 2013", run("date_to_long_string", T("2013-03-02"), 2, S("ordinal"),
				      S("US")));
	EXPECT("11th Sep 2001", run("date_to_string", T("2001-09-11"), 1, S("ordinal")));
	EXPECT("2013-03-27T11:22:33+00:00", run("date_to_xmlschema", t, 0));
	EXPECT("2013-03-27T00:00:00+00:00", run("date_to_xmlschema", T("2013-03-27"), 0));
	EXPECT("2017-03-03T10:17:00+02:00", run("date_to_xmlschema",
						 T("2017-03-03 10:17 +02:00"), 0));
	EXPECT("Wed, 27 Mar 2013 11:22:33 +0000", run("date_to_rfc822", t, 0));
	EXPECT("Sat, 10 May 2014 00:10:07 +0000", run("date_to_rfc822", I(1399680607), 0));
	EXPECT("Tue, 11 Sep 2001 12:46:30 +0000",
	       run("date_to_rfc822", S("September 11, 2001 12:46:30 -0000"), 0));
	EXPECT("", run("date_to_xmlschema", NIL, 0));
	EXPECT("", run("date_to_xmlschema", S(""), 0));
	IS_ERROR(run("date_to_string", S("garbage"), 0));
}

/* ---- Jekyll text filters ---- */

static void test_urls(void **state)
{
	ctx.globals = J("{\"site\": {\"baseurl\": \"/base\", \"url\": \"http://example.com/\"}}");
	EXPECT("/base/about/my_page/", run("relative_url", S("/about/my_page/"), 0));
	EXPECT("/base/about/", run("relative_url", S("about/"), 0));
	EXPECT("/base", run("relative_url", S(""), 0));
	EXPECT("/base/", run("relative_url", S("/"), 0));
	EXPECT("/base/a/b", run("relative_url", S("a//b"), 0));
	EXPECT("/base/a/b/", run("relative_url", S("/a//b/"), 0));
	EXPECT("/base/%E9%94%99%E8%AF%AF.html", run("relative_url", S("错误.html"), 0));
	EXPECT("/base/a%20b?q=1#x", run("relative_url", S("a b?q=1#x"), 0));
	EXPECT("https://example.com/错误", run("relative_url", S("https://example.com/错误"), 0));
	EXPECT("mailto:a@b.c", run("absolute_url", S("mailto:a@b.c"), 0));
	EXPECT("//cdn.example.com/x.js", run("relative_url", S("//cdn.example.com/x.js"), 0));
	EXPECT("http://example.com/base/about/", run("absolute_url", S("about/"), 0));
	EXPECT("http://example.com/base", run("absolute_url", S(""), 0));
	EXPECT("", run("relative_url", NIL, 0));
	ctx.globals = J("{\"site\": {\"baseurl\": \"/\", \"url\": \"\"}}");
	EXPECT("/", run("relative_url", S("/"), 0));
	EXPECT("/x", run("absolute_url", S("x"), 0));
	ctx.globals = J("{\"site\": {\"baseurl\": \"base//\"}}");
	EXPECT("/base/css/main.css", run("relative_url", S("/css/main.css"), 0));
	ctx.globals = NULL;
	EXPECT("/x", run("relative_url", S("x"), 0));
	EXPECT("/p", run("relative_url", J("{\"url\": \"/p\"}"), 0));
}

static void test_escapes(void **state)
{
	EXPECT("AT&amp;T", run("xml_escape", S("AT&T"), 0));
	EXPECT("&lt;code&gt;command &amp;lt;filename&amp;gt;&lt;/code&gt; &quot;'",
	       run("xml_escape", S("<code>command &lt;filename&gt;</code> \"'"), 0));
	EXPECT("", run("xml_escape", NIL, 0));
	EXPECT("my+things", run("cgi_escape", S("my things"), 0));
	EXPECT("foo%2Cbar%3Bbaz%3F", run("cgi_escape", S("foo,bar;baz?"), 0));
	EXPECT("my%20things", run("uri_escape", S("my things"), 0));
	EXPECT("foo!*'();:@&=+$,/?#[]bar", run("uri_escape", S("foo!*'();:@&=+$,/?#[]bar"), 0));
	EXPECT("foo,%20bar%20%5Cbaz?", run("uri_escape", S("foo, bar \\baz?"), 0));
	EXPECT("%C3%A9A%25", run("uri_escape", S("é%41%"), 0));
	EXPECT("{&quot;&lt;a&gt;&quot;=&gt;1}", run("inspect", J("{\"<a>\": 1}"), 0));
	EXPECT("&quot;string&quot;", run("inspect", S("string"), 0));
	EXPECT("[1, nil, 2.5, true, &quot;a\\nb\\x01&quot;]",
	       run("inspect", J("[1, null, 2.5, true, \"a\\nb\x01\"]"), 0));
	EXPECT("nil", run("inspect", NIL, 0));
}

static void test_slugify(void **state)
{
	EXPECT("q-bert-says", run("slugify", S(" Q*bert says @!#?@!"), 0));
	EXPECT("q-bert-says-@!-@!", run("slugify", S(" Q*bert says @!#?@!"), 1, S("pretty")));
	EXPECT("the-config-yml-file", run("slugify", S("The _config.yml file"), 0));
	EXPECT("the-_config.yml-file", run("slugify", S("The _config.yml file"), 1, S("pretty")));
	EXPECT("the-_config.yml-file?", run("slugify", S("The _config.yml file?"), 1, S("raw")));
	EXPECT("the-config-yml-file", run("slugify", S("The _config.yml file"), 1, S("ascii")));
	EXPECT("la-democratie-continue-c-est-l-ete",
	       run("slugify", S("La démocratie continue : c'est l'été"), 1, S("latin")));
	EXPECT("la-démocratie-continue-c-est-l-été",
	       run("slugify", S("La Démocratie continue : c'est l'été"), 0));
	EXPECT("la-d-mocratie", run("slugify", S("La Démocratie"), 1, S("ascii")));
	EXPECT("the _config.yml file", run("slugify", S("The _config.yml file"), 1, S("none")));
	EXPECT("日本語-テキスト", run("slugify", S("日本語　テキスト！"), 0));
	EXPECT("a-b", run("slugify", S("a — b"), 0));
	EXPECT("", run("slugify", S("!!!"), 0));
	EXPECT("", run("slugify", NIL, 0));
	EXPECT("oeuvre-strasse", run("slugify", S("Œuvre Straße"), 1, S("latin")));
	EXPECT("a-b", run("slugify", S("a\xff" "b"), 0));
}

static void test_words_and_sentences(void **state)
{
	EXPECT("a b", run("normalize_whitespace", S(" a \t \n\nb "), 0));
	EXPECT("7", run("number_of_words", S("These aren't the droids you're looking for."), 0));
	EXPECT("0", run("number_of_words", S("  "), 0));
	EXPECT("6", run("number_of_words", S("日本語 and 中文"), 1, S("cjk")));
	EXPECT("2", run("number_of_words", S("日本語 and"), 0));
	EXPECT("4", run("number_of_words", S("日本語 and"), 1, S("auto")));
	EXPECT("2", run("number_of_words", S("hello world"), 1, S("auto")));
	EXPECT("", run("array_to_sentence_string", J("[]"), 0));
	EXPECT("1", run("array_to_sentence_string", J("[1]"), 0));
	EXPECT("1 and 2", run("array_to_sentence_string", J("[1, 2]"), 0));
	EXPECT("1, 2, 3, or 4", run("array_to_sentence_string", J("[1, 2, 3, 4]"), 1, S("or")));
	EXPECT("142857", run("to_integer", S("142857"), 0));
	EXPECT("1", run("to_integer", value_bool(true), 0));
	EXPECT("-1", run("to_integer", F(-1.42857), 0));
	EXPECT("0", run("to_integer", NIL, 0));
	IS_ERROR(run("to_integer", J("[1, 2]"), 0));
}

static void test_smartify(void **state)
{
	EXPECT("SmartyPants is *not* Markdown", run("smartify", S("SmartyPants is *not* Markdown"), 0));
	EXPECT("“This filter’s test…”", run("smartify", S("\"This filter's test...\""), 0));
	EXPECT("#hashtag", run("smartify", S("#hashtag"), 0));
	EXPECT("’", run("smartify", S("&rsquo;"), 0));
	EXPECT("“", run("smartify", S("&ldquo;"), 0));
	EXPECT("…\n…", run("smartify", S("...\n..."), 0));
	EXPECT("Span HTML is <em>not</em> escaped",
	       run("smartify", S("Span HTML is <em>not</em> escaped"), 0));
	EXPECT("3 &lt; 4", run("smartify", S("3 < 4"), 0));
	EXPECT("5 &gt; 4", run("smartify", S("5 > 4"), 0));
	EXPECT("This &amp; that", run("smartify", S("This & that"), 0));
	EXPECT("404", run("smartify", I(404), 0));
	EXPECT("a – b — c", run("smartify", S("a -- b --- c"), 0));
	EXPECT("He said, “‘Quoted’ words”", run("smartify", S("He said, \"'Quoted' words\""), 0));
	EXPECT("the ’80s", run("smartify", S("the '80s"), 0));
	EXPECT("(“x”)", run("smartify", S("(\"x\")"), 0));
	EXPECT("\xc2\xab\xc2\xa0" "a" "\xc2\xa0\xc2\xbb", run("smartify", S("<< a >>"), 0));
	EXPECT("&amp;bogus; &amp; &lt;", run("smartify", S("&bogus; &amp; &#60;"), 0));
	EXPECT("x\n", run("smartify", S("x\n\n"), 0));
}

static void test_jsonify_markdownify(void **state)
{
	EXPECT("{\"age\":18}", run("jsonify", J("{\"age\": 18}"), 0));
	EXPECT("[1,2]", run("jsonify", J("[1, 2]"), 0));
	EXPECT("null", run("jsonify", NIL, 0));
	/* no host: the text passes */
	EXPECT("*x*", run("markdownify", S("*x*"), 0));
}

static void upper_md(void *ud, str_t in, buf_t *out)
{
	buf_puts(out, "<p>");
	buf_put_str(out, in);
	buf_puts(out, "</p>\n");
}

static void test_markdownify_host(void **state)
{
	liquid_host_t host = { 0 };
	host.markdownify = upper_md;
	ctx.host = &host;
	EXPECT("<p>404</p>\n", run("markdownify", I(404), 0));
	ctx.host = NULL;
}

static void test_where_exp_group_by(void **state)
{
	value_t *items = J("[{\"color\":\"red\",\"v\":\"1.0\",\"n\":3},"
			   "{\"color\":\"blue\",\"v\":\"1.1.5\",\"n\":4},"
			   "{\"color\":\"red\",\"v\":\"2.7.3\",\"n\":5}]");
	EXPECT("2", run("size", val("where_exp", items, 2, S("item"), S("item.color == 'red'")), 0));
	EXPECT("2", run("size", val("where_exp", items, 2, S("i"), S("i.n >= 4")), 0));
	EXPECT("{\"color\"=>\"blue\", \"v\"=>\"1.1.5\", \"n\"=>4}",
	       inspect(val("find_exp", items, 2, S("item"), S("item.color == 'blue'"))));
	IS_ERROR(run("where_exp", items, 2, S("item"), S("other.x == 1")));
	EXPECT("some string", run("where_exp", S("some string"), 2, S("la"), S("le")));
	value_t *g = val("group_by", items, 1, S("color"));
	EXPECT("2", run("size", g, 0));
	EXPECT("red", value_cstr(value_get_cstr(g->a.items[0], "name")));
	EXPECT("2", text_of(value_get_cstr(g->a.items[0], "size")));
	EXPECT("blue", value_cstr(value_get_cstr(g->a.items[1], "name")));
	value_t *ge = val("group_by_exp", items, 2, S("item"), S("item.v | split: '.' | first"));
	EXPECT("2", run("size", ge, 0));
	EXPECT("1", text_of(value_get_cstr(ge->a.items[0], "name")));
	EXPECT("2", text_of(value_get_cstr(ge->a.items[0], "size")));
	value_t *gs = val("group_by_exp", J("[\"a\",\"b\",\"a\"]"), 2, S("x"), S("x"));
	EXPECT("2", run("size", gs, 0));
	IS_ERROR(run("group_by_exp", items, 2, S("item"), S("item.v | nosuchfilter")));
	IS_ERROR(run("group_by_exp", items, 2, S("item"), S("item.v | split: 'x")));
	value_t *gn = val("group_by", J("[{\"a\":1},{\"b\":2}]"), 1, S("a"));
	EXPECT("", text_of(value_get_cstr(gn->a.items[1], "name")));
}

/* ---- hostile input: nothing crashes, nothing reads out of bounds ---- */

static void test_hostile_inputs(void **state)
{
	const char *names[] = { "upcase", "capitalize", "escape", "escape_once", "strip_html",
				"url_decode", "base64_decode", "base64_url_safe_decode",
				"truncatewords", "split", "slugify", "smartify", "inspect",
				"xml_escape", "uri_escape", "relative_url", "normalize_whitespace",
				"number_of_words", "date", "date_to_string", "newline_to_br",
				"size", "abs", "round", "sort", "uniq", "reverse", "join" };
	const char *inputs[] = { "", "<", "&", "&#", "&#x;", "%", "%4", "<!--", "<script",
				 "\xe2\x82", "\xf4\x90\x80\x80", "\xed\xa0\x80", "\0a\0",
				 "'\"'\"", "-- ---", "99999999999999999999999999", "%%%-_^#10",
				 "=", "====", "a/b/", "12/31/", "Jan 1 1 1 1", "+99:99",
				 "\xc3", "'\"" };
	for (size_t n = 0; n < ARRAY_LEN(names); n++) {
		for (size_t i = 0; i < ARRAY_LEN(inputs); i++) {
			size_t len = strlen(inputs[i]);
			if (i == 12)
				len = 4; /* with NUL bytes */
			value_t *in = value_new_string(arena, inputs[i], len);
			value_t *arg = value_new_string(arena, inputs[i], len);
			liquid_filter_fn fn = liquid_find_filter(str_cstr(names[n]));
			assert_non_null(fn);
			value_t *argv[1] = { arg };
			bool one = !strcmp(names[n], "split") || !strcmp(names[n], "date");
			value_t *r = fn(&ctx, in, one ? 1 : 0, argv, NULL);
			assert_non_null(r);
			ctx.errors = 0;
		}
	}
	/* a huge strftime width is bounded */
	const char *r = run("date", I(0), 1, S("%99999999d"));
	assert_int_equal(strlen(r), 1024);
	/* deep nesting flattens without recursion trouble */
	value_t *deep = value_new_array(arena, 1);
	value_t *cur = deep;
	for (int i = 0; i < 5000; i++) {
		value_t *next = value_new_array(arena, 1);
		value_array_push(arena, cur, next);
		cur = next;
	}
	value_array_push(arena, cur, I(7));
	assert_non_null(strchr(run("join", deep, 0), '7'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden_liquid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_case_and_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_counts_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slice_strings_and_arrays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_like_ruby, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strip_and_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_and_base64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_math_like_bigdecimal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_where_shopify_and_jekyll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jekyll_array_helpers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_and_arity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_strftime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_localised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jekyll_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slugify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_and_sentences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smartify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonify_markdownify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdownify_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_where_exp_group_by, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_inputs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
