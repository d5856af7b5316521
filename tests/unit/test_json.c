#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "util.h"

/* Parses text (expecting success) into the arena. */
static value_t *parse_ok(arena_t *a, const char *text)
{
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = json_parse(a, "t.json", str_cstr(text), &d);
	if (!v && d.n)
		fprintf(stderr, "unexpected error: %d:%d: %s\n", d.items[0].line, d.items[0].col,
			d.items[0].msg);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return v;
}

/* Parses a slice expecting an error at line:col whose text holds `want`. */
static void parse_err_n(const char *text, size_t n, int line, int col, const char *want)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = json_parse(a, "t.json", str_from(text, n), &d);
	assert_null(v);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, "t.json");
	if (d.items[0].line != line || d.items[0].col != col || !strstr(d.items[0].msg, want))
		fprintf(stderr, "got %d:%d: %s\n", d.items[0].line, d.items[0].col, d.items[0].msg);
	assert_int_equal(d.items[0].line, line);
	assert_int_equal(d.items[0].col, col);
	assert_non_null(strstr(d.items[0].msg, want));
	diag_free(&d);
	arena_free(a);
}

static void parse_err(const char *text, int line, int col, const char *want)
{
	parse_err_n(text, strlen(text), line, col, want);
}

static void expect_json(const value_t *v, const char *want)
{
	buf_t b = BUF_INIT;
	json_write(&b, v);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_scalars(void **state)
{
	arena_t *a = arena_new();
	value_t *v = parse_ok(a, "  42 ");
	assert_int_equal(v->kind, VALUE_INT);
	assert_int_equal(v->i, 42);
	v = parse_ok(a, "-0");
	assert_int_equal(v->kind, VALUE_INT);
	assert_int_equal(v->i, 0);
	v = parse_ok(a, "9223372036854775807");
	assert_int_equal(v->kind, VALUE_INT);
	assert_true(v->i == INT64_MAX);
	v = parse_ok(a, "-9223372036854775808");
	assert_int_equal(v->kind, VALUE_INT);
	assert_true(v->i == INT64_MIN);
	v = parse_ok(a, "9223372036854775808");
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->f == 9223372036854775808.0);
	v = parse_ok(a, "1.0");
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->f == 1.0);
	v = parse_ok(a, "-2.5e-3");
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->f == -2.5e-3);
	v = parse_ok(a, "1E2");
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->f == 100.0);
	v = parse_ok(a, "true");
	assert_int_equal(v->kind, VALUE_BOOL);
	assert_true(v->b);
	v = parse_ok(a, "false");
	assert_int_equal(v->kind, VALUE_BOOL);
	assert_false(v->b);
	v = parse_ok(a, "null");
	assert_int_equal(v->kind, VALUE_NIL);
	v = parse_ok(a, "\"hi\"");
	assert_int_equal(v->kind, VALUE_STRING);
	assert_string_equal(v->s.p, "hi");
	assert_int_equal(v->s.n, 2);
	arena_free(a);
}

static void test_strings_and_escapes(void **state)
{
	arena_t *a = arena_new();
	value_t *v = parse_ok(a, "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"");
	assert_string_equal(v->s.p, "a\"b\\c/d\b\f\n\r\t");
	v = parse_ok(a, "\"\\u00e9t\\u00C9 \\u20ac\"");
	assert_string_equal(v->s.p, "\xC3\xA9t\xC3\x89 \xE2\x82\xAC");
	/* U+1F600 as a surrogate pair */
	v = parse_ok(a, "\"\\ud83d\\ude00!\"");
	assert_string_equal(v->s.p, "\xF0\x9F\x98\x80!");
	/* raw UTF-8 passes through */
	v = parse_ok(a, "\"d\xC3\xA9mocratie\"");
	assert_string_equal(v->s.p, "d\xC3\xA9mocratie");
	/* \u0000 gives a NUL inside the string, length kept */
	v = parse_ok(a, "\"a\\u0000b\"");
	assert_int_equal(v->s.n, 3);
	assert_memory_equal(v->s.p, "a\0b", 3);
	assert_int_equal(v->s.p[3], '\0');
	arena_free(a);
}

static void test_containers_and_marks(void **state)
{
	arena_t *a = arena_new();
	const char *text = "{\n  \"title\": \"pnyx\",\n  \"tags\": [1, 2.5, \"x\", null, true],\n"
			   "  \"nested\": {\"a\": {\"b\": []}, \"e\": {}},\n  \"title\": \"last\"\n}";
	value_t *v = parse_ok(a, text);
	assert_int_equal(v->kind, VALUE_HASH);
	assert_int_equal(v->h.n, 3);
	assert_string_equal(v->h.entries[0].key.p, "title");
	/* duplicate key: last wins, first position kept */
	assert_string_equal(value_cstr(value_get_cstr(v, "title")), "last");
	value_t *tags = value_get_cstr(v, "tags");
	assert_int_equal(tags->kind, VALUE_ARRAY);
	assert_int_equal(tags->a.n, 5);
	assert_int_equal(tags->a.items[0]->i, 1);
	assert_int_equal(tags->a.items[3]->kind, VALUE_NIL);
	assert_int_equal(tags->line, 3);
	assert_int_equal(tags->col, 11);
	assert_int_equal(tags->a.items[2]->line, 3);
	assert_int_equal(tags->a.items[2]->col, 20);
	value_t *b = value_dig(v, "nested.a.b");
	assert_non_null(b);
	assert_int_equal(b->kind, VALUE_ARRAY);
	assert_int_equal(b->a.n, 0);
	assert_int_equal(value_get_cstr(value_get_cstr(v, "nested"), "e")->kind, VALUE_HASH);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->col, 1);
	/* columns count characters, not bytes */
	v = parse_ok(a, "[\"\xC3\xA9\xC3\xA9\", 7]");
	assert_int_equal(v->a.items[1]->col, 8);
	v = parse_ok(a, "\xEF\xBB\xBF[]");
	assert_int_equal(v->kind, VALUE_ARRAY);
	arena_free(a);
}

static void test_errors_have_positions(void **state)
{
	parse_err("", 1, 1, "unexpected end of input");
	parse_err("   \n  ", 2, 3, "unexpected end of input");
	parse_err("{\"a\": 1,}", 1, 9, "string key");
	parse_err("[1, 2,]", 1, 7, "expected a value");
	parse_err("[1 2]", 1, 4, "',' or ']'");
	parse_err("{\"a\" 1}", 1, 6, "':'");
	parse_err("{\n\"a\": tru}", 2, 6, "expected a value");
	parse_err("[1]]", 1, 4, "end of input");
	parse_err("01", 1, 2, "end of input");
	parse_err("1.", 1, 1, "invalid number");
	parse_err("1e", 1, 1, "exponent");
	parse_err("-", 1, 1, "invalid number");
	parse_err("+1", 1, 1, "unexpected '+'");
	parse_err(".5", 1, 1, "unexpected '.'");
	parse_err("NaN", 1, 1, "unexpected 'N'");
	parse_err("'a'", 1, 1, "unexpected '''");
	parse_err("\"abc", 1, 1, "unterminated string");
	parse_err("\"a\\", 1, 4, "unterminated string");
	parse_err("\"a\nb\"", 1, 3, "control character");
	parse_err("\"\\x\"", 1, 2, "invalid escape");
	parse_err("\"\\u12\"", 1, 2, "four hexadecimal digits");
	parse_err("\"\\ud800\"", 1, 2, "high surrogate");
	parse_err("\"\\ud800\\u0041\"", 1, 2, "high surrogate");
	parse_err("\"\\udc00\"", 1, 2, "low surrogate");
	parse_err("[\"\xC3\xA9\", \xFF]", 1, 7, "invalid UTF-8");
	parse_err("\"\xED\xA0\x80\"", 1, 2, "invalid UTF-8");
	parse_err("\"\xC0\xAF\"", 1, 2, "invalid UTF-8");
	parse_err("\"\xE2\x82", 1, 2, "invalid UTF-8");
	parse_err("{} {}", 1, 4, "end of input");
	parse_err_n("[1,\0 2]", 7, 1, 4, "byte 0x00");
}

static void test_truncated_everywhere(void **state)
{
	const char *text = "{\"a\": [1, -2.5e3, \"x\\u00e9\", {\"b\": null}], \"c\": true}";
	size_t n = strlen(text);
	arena_t *a = arena_new();
	for (size_t i = 0; i < n; i++) {
		diag_list_t d = DIAG_LIST_INIT;
		value_t *v = json_parse(a, "t.json", str_from(text, i), &d);
		/* "{"... prefixes never make a document */
		assert_null(v);
		assert_int_equal(d.n, 1);
		diag_free(&d);
	}
	parse_ok(a, text);
	arena_free(a);
}

static void test_deep_nesting_refused(void **state)
{
	size_t n = 100000;
	char *text = xmalloc(n);
	memset(text, '[', n);
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	assert_null(json_parse(a, "deep.json", str_from(text, n), &d));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.items[0].msg, "10000"));
	assert_int_equal(d.items[0].col, 10001);
	diag_free(&d);

	/* exactly at the limit is fine */
	size_t k = 10000;
	char *ok = xmalloc(2 * k);
	memset(ok, '[', k);
	memset(ok + k, ']', k);
	value_t *v = json_parse(a, "deep.json", str_from(ok, 2 * k), &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	buf_t b = BUF_INIT;
	json_write(&b, v);
	assert_int_equal(b.n, 2 * k);
	assert_memory_equal(b.p, ok, 2 * k);
	buf_free(&b);
	free(ok);
	free(text);
	arena_free(a);
}

/* Found by fuzz_json: 1e309 parses to infinity, which JSON cannot write. */
static void test_write_non_finite(void **state)
{
	(void)state;
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = json_parse(a, "inf.json", STR_LIT("[1e309,-1e309,1.5]"), &d);
	assert_non_null(v);
	value_array_push(a, v, value_new_float(a, NAN));
	buf_t b = BUF_INIT;
	json_write(&b, v);
	assert_string_equal(buf_cstr(&b), "[null,null,1.5,null]");
	assert_non_null(json_parse(a, "again.json", buf_str(&b), &d));
	assert_int_equal(d.n, 0);
	buf_free(&b);
	arena_free(a);
}

static void test_huge_string(void **state)
{
	size_t n = 4 * 1024 * 1024;
	char *text = xmalloc(n + 2);
	text[0] = '"';
	memset(text + 1, 'x', n);
	text[n + 1] = '"';
	arena_t *a = arena_new();
	value_t *v = parse_ok(a, "0");
	diag_list_t d = DIAG_LIST_INIT;
	v = json_parse(a, "big.json", str_from(text, n + 2), &d);
	assert_non_null(v);
	assert_int_equal(v->s.n, n);
	diag_free(&d);
	free(text);
	arena_free(a);
}

static void test_write_compact(void **state)
{
	arena_t *a = arena_new();
	value_t *v = parse_ok(a, "{ \"a\" : [ 1 , 2.5 , \"x\" , null , true , false ] , \"b\" : { } , "
				 "\"c\": [] }");
	expect_json(v, "{\"a\":[1,2.5,\"x\",null,true,false],\"b\":{},\"c\":[]}");
	expect_json(value_new_float(a, 1.0), "1.0");
	expect_json(value_new_float(a, 1e20), "1.0e+20");
	expect_json(value_new_int(a, -7), "-7");
	expect_json(value_nil(), "null");
	expect_json(NULL, "null");
	expect_json(value_new_cstr(a, "q\"b\\s/\n\t\x01\x1f\x7f \xC3\xA9\xE2\x82\xAC"),
		    "\"q\\\"b\\\\s/\\n\\t\\u0001\\u001f\x7f \xC3\xA9\xE2\x82\xAC\"");
	expect_json(value_new_string(a, "a\0b", 3), "\"a\\u0000b\"");
	value_t *t = value_new_time(a, value_time_make(2017, 3, 3, 10, 17, 0, 0, 0));
	expect_json(t, "\"2017-03-03 10:17:00 +0000\"");
	value_time_t dt = value_time_make(2017, 3, 3, 0, 0, 0, 0, 0);
	dt.date_only = true;
	expect_json(value_new_time(a, dt), "\"2017-03-03\"");
	arena_free(a);
}

static void drop_text(void *self, buf_t *out)
{
	buf_puts(out, (const char *)self);
}

static void test_write_drop_and_roundtrip(void **state)
{
	static const value_drop_class_t cls = { "test", NULL, drop_text, NULL };
	arena_t *a = arena_new();
	value_t *h = value_new_hash(a, 0);
	value_hash_set_cstr(a, h, "drop", value_new_drop(a, &cls, (void *)"my \"drop\""));
	value_hash_set_cstr(a, h, "k\xC3\xA9y", value_new_cstr(a, "\xF0\x9F\x98\x80"));
	expect_json(h, "{\"drop\":\"my \\\"drop\\\"\",\"k\xC3\xA9y\":\"\xF0\x9F\x98\x80\"}");

	const char *doc = "{\"s\":\"\\u0001\\\"\\\\\",\"n\":[-1,0.5,1.0e+20,true,null],\"e\":{}}";
	value_t *v = parse_ok(a, doc);
	expect_json(v, doc);
	arena_free(a);
}

static void test_write_string_slice(void **state)
{
	buf_t b = BUF_INIT;
	json_write_string(&b, str_from("abcdef", 3));
	assert_string_equal(buf_cstr(&b), "\"abc\"");
	buf_clear(&b);
	json_write_string(&b, str_from("", 0));
	assert_string_equal(buf_cstr(&b), "\"\"");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_strings_and_escapes),
		cmocka_unit_test(test_containers_and_marks),
		cmocka_unit_test(test_errors_have_positions),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_deep_nesting_refused),
		cmocka_unit_test(test_write_non_finite),
		cmocka_unit_test(test_huge_string),
		cmocka_unit_test(test_write_compact),
		cmocka_unit_test(test_write_drop_and_roundtrip),
		cmocka_unit_test(test_write_string_slice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
