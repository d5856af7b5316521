#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "datetime.h"
#include "value.h"

static void expect_text(const value_t *v, const char *want)
{
	buf_t b = BUF_INIT;
	value_to_buf(v, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_floats_print_like_ruby(void **state)
{
	arena_t *a = arena_new();
	expect_text(value_new_float(a, 1.0), "1.0");
	expect_text(value_new_float(a, 0.1), "0.1");
	expect_text(value_new_float(a, -2.5), "-2.5");
	expect_text(value_new_float(a, 123456.789), "123456.789");
	expect_text(value_new_float(a, 1e20), "1.0e+20");
	expect_text(value_new_float(a, 0.00001), "1.0e-05");
	expect_text(value_new_float(a, 0.0001), "0.0001");
	expect_text(value_new_float(a, 1e15), "1000000000000000.0");
	arena_free(a);
}

static void test_hash_keeps_order_and_indexes(void **state)
{
	arena_t *a = arena_new();
	value_t *h = value_new_hash(a, 0);
	char key[16];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "k%d", i);
		value_hash_set_cstr(a, h, key, value_new_int(a, i));
	}
	value_hash_set_cstr(a, h, "k5", value_new_int(a, 500));
	assert_int_equal(h->h.n, 100);
	assert_string_equal(h->h.entries[0].key.p, "k0");
	assert_int_equal(value_get_cstr(h, "k5")->i, 500);
	assert_int_equal(value_get_cstr(h, "k99")->i, 99);
	assert_null(value_get_cstr(h, "k100"));
	arena_free(a);
}

static void test_dig_and_equality(void **state)
{
	arena_t *a = arena_new();
	value_t *site = value_new_hash(a, 0);
	value_t *data = value_new_hash(a, 0);
	value_hash_set_cstr(a, data, "title", value_new_cstr(a, "pnyx"));
	value_hash_set_cstr(a, site, "site", data);
	assert_string_equal(value_cstr(value_dig(site, "site.title")), "pnyx");
	assert_null(value_dig(site, "site.nope.deeper"));
	assert_true(value_equal(value_new_int(a, 1), value_new_float(a, 1.0)));
	assert_false(value_equal(value_new_cstr(a, "1"), value_new_int(a, 1)));
	assert_false(value_truthy(value_nil()));
	assert_true(value_truthy(value_new_cstr(a, "")));
	int c;
	assert_true(value_compare(value_new_cstr(a, "ab"), value_new_cstr(a, "b"), &c));
	assert_int_equal(c, -1);
	assert_false(value_compare(value_new_cstr(a, "1"), value_new_int(a, 2), &c));
	arena_free(a);
}

static void test_times(void **state)
{
	arena_t *a = arena_new();
	value_time_t t;
	assert_true(datetime_parse(str_cstr("2017-03-03 10:17"), 0, &t));
	expect_text(value_new_time(a, t), "2017-03-03 10:17:00 +0000");
	assert_true(datetime_parse(str_cstr("2017-05-23T16:02:11.316+00:00"), 0, &t));
	assert_int_equal(t.nsec, 316000000);
	expect_text(value_new_time(a, t), "2017-05-23 16:02:11 +0000");
	assert_true(datetime_parse(str_cstr("2017-03-03"), 3600, &t));
	assert_true(t.date_only);
	expect_text(value_new_time(a, t), "2017-03-03");
	assert_true(datetime_parse(str_cstr("2016-02-29 23:59:59 -0130"), 0, &t));
	expect_text(value_new_time(a, t), "2016-02-29 23:59:59 -0130");
	assert_int_equal(t.sec, 1456795799);
	assert_false(datetime_parse(str_cstr("2017-02-29"), 0, &t));
	assert_false(datetime_parse(str_cstr("2017-13-01"), 0, &t));
	assert_false(datetime_parse(str_cstr("3 mai 2017"), 0, &t));
	assert_false(datetime_parse(str_cstr("2017-03-03 10"), 0, &t));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_floats_print_like_ruby),
		cmocka_unit_test(test_hash_keeps_order_and_indexes),
		cmocka_unit_test(test_dig_and_equality),
		cmocka_unit_test(test_times),
	};
	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
