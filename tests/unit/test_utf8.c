#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static void expect_valid(const char *s, size_t n)
{
	size_t bad = 12345;
	assert_true(utf8_valid(str_from(s, n), &bad));
	assert_int_equal(bad, 12345);
}

static void expect_bad(const char *s, size_t n, size_t at)
{
	size_t bad = 12345;
	assert_false(utf8_valid(str_from(s, n), &bad));
	assert_int_equal(bad, at);
}

#define VALID(lit) expect_valid(lit, sizeof(lit) - 1)
#define BAD(lit, at) expect_bad(lit, sizeof(lit) - 1, at)

static void test_valid_forms(void **state)
{
	VALID("");
	VALID("plain ascii, long enough to take the eight-byte path");
	VALID("d\xC3\xA9mocratie");                    /* é */
	VALID("\xE2\x82\xAC");                          /* € */
	VALID("\xF0\x9F\x98\x80");                      /* U+1F600 */
	VALID("\xC2\x80");                              /* U+0080, smallest 2-byte */
	VALID("\xE0\xA0\x80");                          /* U+0800, smallest 3-byte */
	VALID("\xED\x9F\xBF");                          /* U+D7FF, before surrogates */
	VALID("\xEE\x80\x80");                          /* U+E000, after them */
	VALID("\xEF\xBB\xBF");                          /* BOM is a character */
	VALID("\xF0\x90\x80\x80");                      /* U+10000 */
	VALID("\xF4\x8F\xBF\xBF");                      /* U+10FFFF */
	VALID("a\0b");                                  /* NUL is valid UTF-8 */
	assert_true(utf8_valid(str_from("xyz\xFF", 3), NULL));  /* stays in the slice */
}

static void test_invalid_forms(void **state)
{
	BAD("\x80", 0);                                 /* lone continuation */
	BAD("abc\xBF", 3);
	BAD("\xC0\xAF", 0);                             /* overlong '/' */
	BAD("\xC1\xBF", 0);                             /* overlong */
	BAD("\xE0\x80\xAF", 0);                         /* overlong 3-byte */
	BAD("\xE0\x9F\xBF", 0);                         /* overlong U+07FF */
	BAD("\xF0\x80\x80\xAF", 0);                     /* overlong 4-byte */
	BAD("\xF0\x8F\xBF\xBF", 0);                     /* overlong U+FFFF */
	BAD("ok \xED\xA0\x80", 3);                      /* surrogate U+D800 */
	BAD("\xED\xBF\xBF", 0);                         /* surrogate U+DFFF */
	BAD("\xF4\x90\x80\x80", 0);                     /* U+110000 */
	BAD("\xF5\x80\x80\x80", 0);
	BAD("\xFE", 0);
	BAD("\xFF", 0);
	BAD("x\xC3", 1);                                /* truncated 2-byte */
	BAD("x\xE2\x82", 1);                            /* truncated 3-byte */
	BAD("\xF0\x9F\x98", 0);                         /* truncated 4-byte */
	BAD("\xE2\x82x", 0);                            /* continuation missing */
	BAD("\xC3\xA9\xC3(", 2);
	BAD("0123456789abcdef\x80", 16);                /* after the fast path */
	/* a slice that cuts a valid sequence is truncated */
	expect_bad("\xC3\xA9", 1, 0);
}

static void test_position(void **state)
{
	const char *s = "ab\nd\xC3\xA9" "f\r\nxyz";
	str_t t = str_cstr(s);
	int line, col;
	utf8_position(t, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	utf8_position(t, 2, &line, &col);  /* the \n itself */
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	utf8_position(t, 3, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	utf8_position(t, 6, &line, &col);  /* 'f' after the two-byte é */
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	utf8_position(t, 9, &line, &col);  /* after CRLF */
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	utf8_position(t, 1000, &line, &col);  /* clamped to the end */
	assert_int_equal(line, 3);
	assert_int_equal(col, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_forms),
		cmocka_unit_test(test_invalid_forms),
		cmocka_unit_test(test_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
