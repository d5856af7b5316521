#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frontmatter.h"
#include "util.h"

static void expect_str(str_t s, const char *want)
{
	assert_int_equal(s.n, strlen(want));
	assert_memory_equal(s.p, want, s.n);
}

/* Splits text expecting success. */
static frontmatter_t split_ok(const char *text, size_t n)
{
	diag_list_t d = DIAG_LIST_INIT;
	frontmatter_t fm;
	assert_int_equal(frontmatter_split("p.md", str_from(text, n), &fm, &d), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return fm;
}

#define SPLIT(lit) split_ok(lit, sizeof(lit) - 1)

static void split_err(const char *text, size_t n, int line, int col, const char *want)
{
	diag_list_t d = DIAG_LIST_INIT;
	frontmatter_t fm;
	assert_int_equal(frontmatter_split("p.md", str_from(text, n), &fm, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, "p.md");
	assert_int_equal(d.items[0].line, line);
	assert_int_equal(d.items[0].col, col);
	assert_non_null(strstr(d.items[0].msg, want));
	diag_free(&d);
}

#define SPLIT_ERR(lit, line, col, want) split_err(lit, sizeof(lit) - 1, line, col, want)

static void test_basic(void **state)
{
	frontmatter_t fm = SPLIT("---\ntitle: x\nlayout: y\n---\nBody\nmore\n");
	assert_true(fm.present);
	expect_str(fm.yaml, "title: x\nlayout: y\n");
	assert_int_equal(fm.yaml_line, 2);
	expect_str(fm.body, "Body\nmore\n");
	assert_int_equal(fm.body_line, 5);
}

static void test_no_front_matter(void **state)
{
	const char *text = " D\xC3\x89ROUL\xC3\x89 DE LA FORMATION\n\nMARDI 24 AVRIL\n---\n";
	frontmatter_t fm = split_ok(text, strlen(text));
	assert_false(fm.present);
	assert_int_equal(fm.yaml.n, 0);
	assert_true(fm.body.p == text);
	assert_int_equal(fm.body.n, strlen(text));
	assert_int_equal(fm.body_line, 1);

	/* "---" must be the very first line */
	fm = SPLIT("\n---\na: 1\n---\nx");
	assert_false(fm.present);
	assert_int_equal(fm.body.n, 15);
	fm = SPLIT(" ---\na: 1\n---\n");
	assert_false(fm.present);
	fm = SPLIT("----\na: 1\n---\n");
	assert_false(fm.present);
	fm = SPLIT("--- title: x\n---\n");
	assert_false(fm.present);
	fm = SPLIT("--\n");
	assert_false(fm.present);
	fm = SPLIT("");
	assert_false(fm.present);
	assert_int_equal(fm.body.n, 0);
	assert_int_equal(fm.body_line, 1);
}

static void test_empty_front_matter(void **state)
{
	frontmatter_t fm = SPLIT("---\n---\n");
	assert_true(fm.present);
	assert_int_equal(fm.yaml.n, 0);
	assert_int_equal(fm.yaml_line, 2);
	assert_int_equal(fm.body.n, 0);
	assert_int_equal(fm.body_line, 3);

	/* closing line at the very end without a newline */
	fm = SPLIT("---\na: 1\n---");
	assert_true(fm.present);
	expect_str(fm.yaml, "a: 1\n");
	assert_int_equal(fm.body.n, 0);
	assert_int_equal(fm.body_line, 4);
}

static void test_delimiters(void **state)
{
	/* closing with "...", trailing blanks on both lines */
	frontmatter_t fm = SPLIT("---  \na: 1\n... \t\nbody");
	assert_true(fm.present);
	expect_str(fm.yaml, "a: 1\n");
	expect_str(fm.body, "body");
	assert_int_equal(fm.body_line, 4);

	/* a "---" inside a value or indented does not close */
	fm = SPLIT("---\na: ---\n ---\nb: |\n  ---x\n---\nB");
	assert_true(fm.present);
	expect_str(fm.yaml, "a: ---\n ---\nb: |\n  ---x\n");
	assert_int_equal(fm.body_line, 7);
	expect_str(fm.body, "B");

	/* the body may hold more "---" lines (slides): only the first closes */
	fm = SPLIT("---\nlayout: slides\n---\n# one\n---\n# two\n");
	expect_str(fm.yaml, "layout: slides\n");
	expect_str(fm.body, "# one\n---\n# two\n");
	assert_int_equal(fm.body_line, 4);
}

static void test_crlf_and_bom(void **state)
{
	frontmatter_t fm = SPLIT("---\r\ntitle: x\r\n\r\n---\r\nBody\r\n");
	assert_true(fm.present);
	expect_str(fm.yaml, "title: x\r\n\r\n");
	assert_int_equal(fm.yaml_line, 2);
	expect_str(fm.body, "Body\r\n");
	assert_int_equal(fm.body_line, 5);

	fm = SPLIT("\xEF\xBB\xBF---\na: 1\n---\nB");
	assert_true(fm.present);
	expect_str(fm.yaml, "a: 1\n");
	expect_str(fm.body, "B");
	assert_int_equal(fm.body_line, 4);

	/* the BOM is skipped in a body without front matter too */
	fm = SPLIT("\xEF\xBB\xBFHello");
	assert_false(fm.present);
	expect_str(fm.body, "Hello");

	/* a CR alone in the middle does not make a delimiter */
	fm = SPLIT("---\r \n");
	assert_false(fm.present);
}

static void test_seed_003_blank_line_before_close(void **state)
{
	static const char text[] =
		"---\n"
		"locale: fr\n"
		"date : 2017-03-03 10:17\n"
		"article-description: La France sort d\xE2\x80\x99une intense campagne.\n"
		"\n"
		"---\n"
		"\n"
		"<div class = \"blogcontent\">La France</div>\n";
	frontmatter_t fm = SPLIT(text);
	assert_true(fm.present);
	assert_true(str_ends_with(fm.yaml, "campagne.\n\n"));
	assert_true(str_starts_with(fm.yaml, "locale: fr\n"));
	assert_int_equal(fm.body_line, 7);
	assert_true(str_starts_with(fm.body, "\n<div"));
}

static void test_never_closed(void **state)
{
	SPLIT_ERR("---\ntitle: x\nbody without end\n", 1, 1, "never closed");
	SPLIT_ERR("---", 1, 1, "never closed");
	SPLIT_ERR("---\n", 1, 1, "never closed");
	SPLIT_ERR("\xEF\xBB\xBF---\r\na: 1\r\n--\r\n", 1, 1, "never closed");
}

static void test_invalid_utf8(void **state)
{
	SPLIT_ERR("---\ntitle: caf\xE9\n---\n", 2, 11, "invalid UTF-8 (byte 0xE9)");
	SPLIT_ERR("ok\nok\n\xC3\xA9\xC3\xA9\xED\xA0\x80\n", 3, 3, "invalid UTF-8");
	SPLIT_ERR("---\na: 1\n---\nbody \xF4\x90\x80\x80", 4, 6, "invalid UTF-8");
	SPLIT_ERR("\xC0\xAF", 1, 1, "invalid UTF-8");
}

static void test_never_reads_past_slice(void **state)
{
	/* the slice ends right after "---"; what follows in memory must not
	 * close the front matter */
	const char *mem = "---\na: 1\n---\nbody";
	diag_list_t d = DIAG_LIST_INIT;
	frontmatter_t fm;
	assert_int_equal(frontmatter_split("p.md", str_from(mem, 9), &fm, &d), -1);
	assert_int_equal(d.n, 1);
	diag_free(&d);
	fm = split_ok(mem, 12);  /* "---\na: 1\n---" */
	assert_true(fm.present);
	assert_int_equal(fm.body.n, 0);

	/* a heap copy without a terminator, for ASan */
	char *heap = xmalloc(12);
	memcpy(heap, mem, 12);
	fm = split_ok(heap, 12);
	assert_true(fm.present);
	expect_str(fm.yaml, "a: 1\n");
	free(heap);
}

static void test_nul_bytes_and_huge(void **state)
{
	static const char text[] = "---\na: \0x\n---\nbo\0dy";
	frontmatter_t fm = split_ok(text, sizeof text - 1);
	assert_true(fm.present);
	assert_int_equal(fm.yaml.n, 6);
	assert_int_equal(fm.body.n, 5);

	size_t n = 8 * 1024 * 1024;
	char *big = xmalloc(n);
	memset(big, 'x', n);
	memcpy(big, "---\nt: 1\n---\n", 13);
	for (size_t i = 100; i < n; i += 100)
		big[i] = '\n';
	fm = split_ok(big, n);
	assert_true(fm.present);
	assert_int_equal(fm.body.n, n - 13);
	assert_int_equal(fm.body_line, 4);
	/* an unclosed one over a huge file: one error, at the opening line */
	memcpy(big, "---\nt: 1\n-x-\n", 13);
	split_err(big, n, 1, 1, "never closed");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_empty_front_matter),
		cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_seed_003_blank_line_before_close),
		cmocka_unit_test(test_never_closed),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_never_reads_past_slice),
		cmocka_unit_test(test_nul_bytes_and_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
