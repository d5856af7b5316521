#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "datetime.h"
#include "permalink.h"

static permalink_vars_t post_vars(void)
{
	permalink_vars_t v = { .collection = "blog", .dir = "", .name = "2017-03-03-la-democratie",
			       .title = "la-democratie", .slug = "la-democratie",
			       .output_ext = ".html", .categories = "", .has_date = true };
	datetime_parse(str_cstr("2017-03-03 10:17:05"), 0, &v.date);
	return v;
}

static void test_collection_patterns(void **state)
{
	arena_t *a = arena_new();
	permalink_vars_t v = post_vars();
	const char *err = NULL;
	assert_string_equal(permalink_expand(a, "/blog/:year/:month/:day/:title/", &v, false, &err),
			    "/blog/2017/03/03/la-democratie/");
	assert_string_equal(permalink_expand(a, "date", &v, false, &err), "/2017/03/03/la-democratie.html");
	assert_string_equal(permalink_expand(a, "pretty", &v, false, &err), "/2017/03/03/la-democratie/");
	assert_string_equal(permalink_expand(a, "/:collection/:path:output_ext", &v, false, &err),
			    "/blog/2017-03-03-la-democratie.html");
	assert_string_equal(permalink_expand(a, "/:i_month/:i_day/:short_year/:hour:minute:second", &v, false, &err),
			    "/3/3/17/101705");
	assert_string_equal(permalink_expand(a, "/:y_day/:unknown/", &v, false, &err), "/062/:unknown/");
	v.categories = "a/b";
	assert_string_equal(permalink_expand(a, "date", &v, false, &err), "/a/b/2017/03/03/la-democratie.html");
	arena_free(a);
}

static void test_page_patterns(void **state)
{
	arena_t *a = arena_new();
	permalink_vars_t v = { .dir = "docs", .name = "about", .title = "about", .slug = "about",
			       .output_ext = ".html" };
	const char *err = NULL;
	assert_string_equal(permalink_expand(a, "date", &v, true, &err), "/docs/about.html");
	assert_string_equal(permalink_expand(a, "pretty", &v, true, &err), "/docs/about/");
	v.name = "index";
	assert_string_equal(permalink_expand(a, "date", &v, true, &err), "/docs/");
	assert_string_equal(permalink_expand(a, "pretty", &v, true, &err), "/docs/");
	v.dir = "";
	assert_string_equal(permalink_expand(a, "date", &v, true, &err), "/");
	arena_free(a);
}

static void test_clean_refuses_leaving_the_site(void **state)
{
	arena_t *a = arena_new();
	const char *err = NULL;
	assert_string_equal(permalink_clean(a, "agora", &err), "/agora");
	assert_string_equal(permalink_clean(a, "//a///b//", &err), "/a/b/");
	assert_string_equal(permalink_clean(a, "/", &err), "/");
	assert_null(permalink_clean(a, "/a/../../etc/passwd", &err));
	assert_non_null(err);
	err = NULL;
	assert_null(permalink_clean(a, "/./x", &err));
	assert_non_null(err);
	assert_string_equal(permalink_clean(a, "/a..b/", &err), "/a..b/");
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_null(permalink_clean(a, big, &err));
	arena_free(a);
}

/* Found by fuzz_permalink: a 4,096-byte URL without its leading slash
 * passed the length check, and came out 4,097 bytes long, which cleaning
 * it again then refused. */
static void test_limit_applies_to_the_result(void **state)
{
	arena_t *a = arena_new();
	permalink_vars_t v = post_vars();
	const char *err = NULL;
	char url[4098];
	memset(url, 'a', 4096);
	url[4096] = '\0';
	assert_null(permalink_clean(a, url, &err));
	assert_string_equal(err, "is longer than 4096 bytes");
	err = NULL;
	assert_null(permalink_expand(a, url, &v, false, &err));
	assert_non_null(err);
	/* with its slash, the same length is fine */
	url[0] = '/';
	const char *r = permalink_clean(a, url, &err);
	assert_non_null(r);
	assert_int_equal(strlen(r), 4096);
	assert_string_equal(permalink_clean(a, r, &err), r);
	arena_free(a);
}

static void test_output_paths_follow_jekyll(void **state)
{
	arena_t *a = arena_new();
	assert_string_equal(permalink_output_path(a, "/agora"), "agora.html");
	assert_string_equal(permalink_output_path(a, "/agora/"), "agora/index.html");
	assert_string_equal(permalink_output_path(a, "/"), "index.html");
	assert_string_equal(permalink_output_path(a, "/feed.xml"), "feed.xml");
	assert_string_equal(permalink_output_path(a, "/v1.2/notes"), "v1.2/notes.html");
	arena_free(a);
}

static void test_slugify(void **state)
{
	arena_t *a = arena_new();
	assert_string_equal(permalink_slugify(a, "Hello, World!"), "hello-world");
	assert_string_equal(permalink_slugify(a, "  Démocratie  continue "), "démocratie-continue");
	assert_string_equal(permalink_slugify(a, "---"), "");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collection_patterns),
		cmocka_unit_test(test_page_patterns),
		cmocka_unit_test(test_clean_refuses_leaving_the_site),
		cmocka_unit_test(test_limit_applies_to_the_result),
		cmocka_unit_test(test_output_paths_follow_jekyll),
		cmocka_unit_test(test_slugify),
	};
	return cmocka_run_group_tests_name("permalink", tests, NULL, NULL);
}
