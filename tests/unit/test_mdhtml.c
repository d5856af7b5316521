#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "mdhtml.h"

static void expect(const char *in, const char *want)
{
	buf_t b = BUF_INIT;
	mdhtml_dedent(str_cstr(in), &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_indented_html_inside_open_div_is_dedented(void **state)
{
	expect("<div>\n  <div class=\"row\">\n    <h2>T</h2>\n\n      <p>Un texte</p>\n  </div>\n</div>\n",
	       "<div>\n  <div class=\"row\">\n    <h2>T</h2>\n\n<p>Un texte</p>\n  </div>\n</div>\n");
}

static void test_code_outside_html_stays_code(void **state)
{
	const char *md = "Text\n\n    <p>shown as code</p>\n";
	expect(md, md);
	const char *closed = "<div>\nx\n</div>\n\n    code after the div\n";
	expect(closed, closed);
}

static void test_continuation_lines_keep_their_indentation(void **state)
{
	const char *md = "<div>\n      <p>no blank line before</p>\n</div>\n";
	expect(md, md);
}

static void test_fenced_code_is_untouched(void **state)
{
	const char *md = "<div>\n\n```\n<div>\n\n    kept\n```\n</div>\n";
	expect("<div>\n\n```\n<div>\n\n    kept\n```\n</div>\n", md);
}

static void test_self_closing_and_unbalanced_input(void **state)
{
	const char *md = "<div/>\n\n    code\n</div></div></div>\n\n    code too\n";
	expect(md, md);
	expect("", "");
	expect("<div", "<div");
	expect("\t\t<div>\n\n\t\t<p>x</p>", "\t\t<div>\n\n<p>x</p>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indented_html_inside_open_div_is_dedented),
		cmocka_unit_test(test_code_outside_html_stays_code),
		cmocka_unit_test(test_continuation_lines_keep_their_indentation),
		cmocka_unit_test(test_fenced_code_is_untouched),
		cmocka_unit_test(test_self_closing_and_unbalanced_input),
	};
	return cmocka_run_group_tests_name("mdhtml", tests, NULL, NULL);
}
