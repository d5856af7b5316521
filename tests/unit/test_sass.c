/* test_sass.c - Sass through sassc: CSS out, errors at the page's line or
 * at the partial's, Liquid-free text in, a missing program said plainly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "sass.h"

static char tmp[64];

static int make_tmp(void **state)
{
	snprintf(tmp, sizeof tmp, "/tmp/pnyx-sass-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	char p[128];
	snprintf(p, sizeof p, "%s/_sass", tmp);
	if (mkdir(p, 0755) != 0)
		return -1;
	snprintf(p, sizeof p, "%s/_sass/_vars.scss", tmp);
	FILE *f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("$main: #123456;\n@mixin pad { padding: 1px; }\n", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/_sass/_broken.scss", tmp);
	f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("// a partial\n.x { color: $nowhere; }\n", f);
	fclose(f);
	return 0;
}

static int remove_tmp(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* Compiles src as the page assets/main.scss whose Sass starts at line 4. */
static int compile(const char *src, const char *style, bool indented, buf_t *out, diag_list_t *d)
{
	char dir[128];
	snprintf(dir, sizeof dir, "%s/_sass", tmp);
	const char *paths[] = { tmp, dir };
	sass_opts_t o = { .path = "assets/main.scss", .first_line = 4, .indented = indented,
			  .style = style, .load_paths = paths, .nload_paths = 2 };
	return sass_compile(str_cstr(src), &o, out, d);
}

static void test_names(void **state)
{
	assert_true(sass_is_name("assets/main.scss"));
	assert_true(sass_is_name("a.sass"));
	assert_false(sass_is_name("main.css"));
	assert_false(sass_is_name("scss"));
	assert_false(sass_is_name("a.scss.bak"));
}

static void test_css_out(void **state)
{
	buf_t out = BUF_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(compile("@import \"vars\";\n.a { color: $main; .b { @include pad; } }\n",
				 "compact", false, &out, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(buf_cstr(&out), ".a { color: #123456; }\n\n.a .b { padding: 1px; }\n");
	buf_clear(&out);
	assert_int_equal(compile(".a\n  width: (100% / 3)\n", "expanded", true, &out, &d), 0);
	assert_string_equal(buf_cstr(&out), ".a {\n  width: 33.3333333333%;\n}\n");
	/* nothing to output is no error */
	buf_clear(&out);
	assert_int_equal(compile("$only: 1px;\n", "compact", false, &out, &d), 0);
	assert_int_equal(out.n, 0);
	buf_free(&out);
	diag_free(&d);
}

static void test_error_in_the_page(void **state)
{
	buf_t out = BUF_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(compile(".a {\n  color: $nope;\n}\n", "compact", false, &out, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].file, "assets/main.scss");
	assert_int_equal(d.items[0].line, 5); /* the text's line 2, from line 4 */
	assert_int_equal(d.items[0].col, 10);
	assert_string_equal(d.items[0].msg, "Sass: Undefined variable: \"$nope\".");
	assert_int_equal(out.n, 0);
	buf_free(&out);
	diag_free(&d);
}

static void test_error_in_a_partial(void **state)
{
	buf_t out = BUF_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(compile("@import \"broken\";\n", "compact", false, &out, &d), -1);
	assert_int_equal(d.n, 1);
	/* sassc names it relative to the working folder, as pnyx's other
	 * messages name files (the load paths are relative in a build) */
	char *real = realpath(d.items[0].file, NULL), want[128];
	snprintf(want, sizeof want, "%s/_sass/_broken.scss", tmp);
	assert_non_null(real);
	assert_string_equal(real, want);
	free(real);
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].col, 13);
	buf_free(&out);
	diag_free(&d);
}

static void test_missing_program(void **state)
{
	setenv("PNYX_SASSC", "/nonexistent/sassc", 1);
	buf_t out = BUF_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(compile(".a { b: c; }\n", "compact", false, &out, &d), -1);
	unsetenv("PNYX_SASSC");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 4);
	assert_non_null(strstr(d.items[0].msg, "Debian package sassc"));
	buf_free(&out);
	diag_free(&d);
}

/* A program that dies by a signal: said, never taken for CSS. */
static void test_crash_is_an_error(void **state)
{
	char sh[128];
	snprintf(sh, sizeof sh, "%s/crash.sh", tmp);
	FILE *f = fopen(sh, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\nprintf '.partial {'\nkill -SEGV $$\n", f);
	fclose(f);
	assert_int_equal(chmod(sh, 0755), 0);
	setenv("PNYX_SASSC", sh, 1);
	buf_t out = BUF_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(compile(".a { b: c; }\n", "compact", false, &out, &d), -1);
	unsetenv("PNYX_SASSC");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.items[0].msg, "stopped by signal 11"));
	assert_int_equal(out.n, 0);
	buf_free(&out);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_css_out, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_error_in_the_page, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_error_in_a_partial, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_missing_program, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_crash_is_an_error, make_tmp, remove_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
