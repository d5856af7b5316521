#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "htmlscan.h"
#include "util.h"

/* Scans doc (n bytes, in an exactly-sized heap copy so that ASan sees any
 * read past the end) and writes one line per tag: "a href=x title" for a
 * start tag, "/a" for an end tag, values decoded, attributes in order. */
static char *scan(const char *doc, size_t n)
{
	char *copy = xmalloc(n ? n : 1);
	memcpy(copy, doc, n);
	htmlscan_t s;
	htmlscan_tag_t t;
	buf_t out = BUF_INIT;
	htmlscan_init(&s, str_from(copy, n));
	while (htmlscan_next(&s, &t)) {
		if (out.n)
			buf_putc(&out, '|');
		if (t.closing)
			buf_putc(&out, '/');
		buf_put_str(&out, t.name);
		for (size_t i = 0; i < t.nattrs; i++) {
			buf_putc(&out, ' ');
			buf_put_str(&out, t.attrs[i].name);
			if (t.attrs[i].has_value) {
				buf_putc(&out, '=');
				htmlscan_decode(t.attrs[i].value, &out);
			}
		}
		if (t.self_closing)
			buf_puts(&out, " /");
	}
	htmlscan_free(&s);
	free(copy);
	char *r = xstrdup(buf_cstr(&out));
	buf_free(&out);
	return r;
}

static void expect(const char *doc, size_t n, const char *want)
{
	char *got = scan(doc, n);
	assert_string_equal(got, want);
	free(got);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, want)

static void test_tags_and_attribute_forms(void **state)
{
	EXPECT("<p>hi</p>", "p|/p");
	EXPECT("<a href=\"/x\" title='it\"s' data-x=plain hidden>", "a href=/x title=it\"s data-x=plain hidden");
	EXPECT("<a title='a''b'>", "a title=a 'b'");  /* a quote starts a (strange) name */
	EXPECT("<A HREF = \"/x\" >", "A HREF=/x");
	EXPECT("<br/><img src=a.png />", "br /|img src=a.png /");
	EXPECT("<a href=/x/>", "a href=/x/");  /* unquoted value keeps its slash */
	EXPECT("<a href=>x</a>", "a href=|/a");
	EXPECT("<a\nhref\n=\n'x'\n>", "a href=x");
	EXPECT("<div =odd>", "div =odd");
}

static void test_text_that_is_not_a_tag(void **state)
{
	EXPECT("a < b and c<1 </ p> </> <3", "");
	EXPECT("<!-- <a href=\"/c\"> --><b>", "b");
	EXPECT("<!--> <i> <!---> <u>", "i|u");
	EXPECT("<!-- x --!> <s>", "s");
	EXPECT("<!DOCTYPE html><html lang=fr>", "html lang=fr");
	EXPECT("<?xml version=\"1.0\"?><r>", "r");
	EXPECT("<![CDATA[ x ]]><q>", "q");
	/* Escaped code, as Markdown renders it: text, not a tag. */
	EXPECT("<pre><code>&lt;a href=\"/nope\"&gt;</code></pre>", "pre|code|/code|/pre");
}

static void test_raw_text_elements(void **state)
{
	EXPECT("<script>if (a<b) document.write('<a href=\"/x\">')</script><p>", "script|/script|p");
	EXPECT("<SCRIPT src=x.js></Script ><p>", "SCRIPT src=x.js|/Script|p");
	EXPECT("<style>a[href='<b>']{}</style><i>", "style|/style|i");
	EXPECT("<title><a href=/t></title>", "title|/title");
	EXPECT("<textarea></textareax><a></textarea><b>", "textarea|/textarea|b");
	EXPECT("<script>no end <a href=/x>", "script");
	EXPECT("<plaintext><a href=/x>", "plaintext");
}

static void test_decode(void **state)
{
	EXPECT("<a href=\"/x?a=1&amp;b=2&lt;&gt;&quot;&apos;\">", "a href=/x?a=1&b=2<>\"'");
	EXPECT("<a href='&#47;&#x2F;&#X2f;&#65'>", "a href=///A");
	EXPECT("<a href='&amp&ampx&amp=&unknown;&'>", "a href=&&ampx&amp=&unknown;&");
	EXPECT("<a title='&#0;&#xD800;&#99999999999;&#;&#x;'>",
	       "a title=\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&#;&#x;");
	EXPECT("<a title='&#233;&#x20AC;&#x1F600;'>", "a title=\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

static void test_lookup(void **state)
{
	const char *doc = "<IMG SRC=a.png src=b.png Alt=''>";
	htmlscan_t s;
	htmlscan_tag_t t;
	htmlscan_init(&s, str_cstr(doc));
	assert_true(htmlscan_next(&s, &t));
	assert_true(htmlscan_name_is(t.name, "img"));
	assert_false(htmlscan_name_is(t.name, "im"));
	const htmlscan_attr_t *a = htmlscan_attr(&t, "src");
	assert_non_null(a);
	assert_true(str_eq_cstr(a->value, "a.png"));  /* the first one wins */
	assert_int_equal(a->offset, 9);
	a = htmlscan_attr(&t, "alt");
	assert_non_null(a);
	assert_true(a->has_value);
	assert_int_equal(a->value.n, 0);
	assert_null(htmlscan_attr(&t, "href"));
	assert_false(htmlscan_next(&s, &t));
	assert_false(htmlscan_next(&s, &t));
	htmlscan_free(&s);
}

static void test_cut_at_the_end(void **state)
{
	/* Every prefix of a document: never a read past the end, and a tag
	 * cut in the middle is dropped, never half reported. */
	const char *head = "<!DOCTYPE html><!-- c --><a href=\"/x\" title='y' z=w>";
	const char *doc = "<!DOCTYPE html><!-- c --><a href=\"/x\" title='y' z=w>t</a><script>s</script>";
	size_t n = strlen(doc), a_end = strlen(head), close_end = a_end + strlen("t</a>");
	for (size_t k = 0; k <= n; k++) {
		char *got = scan(doc, k);
		if (k < a_end)
			assert_string_equal(got, "");
		else if (k < close_end)
			assert_string_equal(got, "a href=/x title=y z=w");
		else if (k == close_end)
			assert_string_equal(got, "a href=/x title=y z=w|/a");
		else if (k == n)
			assert_string_equal(got, "a href=/x title=y z=w|/a|script|/script");
		free(got);
	}
	EXPECT("<a href=\"/x", "");
	EXPECT("<a href='/x", "");
	EXPECT("<a href=", "");
	EXPECT("<a href", "");
	EXPECT("<a", "");
	EXPECT("<", "");
	EXPECT("</", "");
	EXPECT("</a", "");
	EXPECT("<!--", "");
	EXPECT("<!-- <a href=x>", "");
	EXPECT("<!", "");
	EXPECT("<p><a href=\"/x\" <b>", "p|a href=/x <b");  /* as browsers read it */
}

static void test_nul_bytes(void **state)
{
	static const char doc[] = "<a\0b href=\"/\0x\">\0<i\0>";
	char *got = scan(doc, sizeof doc - 1);
	/* The NUL stays part of the names and values it is in. */
	assert_int_equal(strlen(got), 1);
	assert_memory_equal(got, "a", 1);
	free(got);
	htmlscan_t s;
	htmlscan_tag_t t;
	htmlscan_init(&s, str_from(doc, sizeof doc - 1));
	assert_true(htmlscan_next(&s, &t));
	assert_int_equal(t.name.n, 3);
	assert_int_equal(t.nattrs, 1);
	assert_int_equal(t.attrs[0].value.n, 3);
	assert_true(htmlscan_next(&s, &t));
	assert_int_equal(t.name.n, 2);
	assert_false(htmlscan_next(&s, &t));
	htmlscan_free(&s);
}

static void test_huge_inputs(void **state)
{
	/* A 1 MB attribute value, quoted and unquoted, and one without its
	 * closing quote. */
	size_t big = 1 << 20;
	char *doc = xmalloc(big + 64);
	for (int form = 0; form < 3; form++) {
		size_t n = 0;
		n += (size_t)sprintf(doc, "<a href=%s", form == 1 ? "" : "\"");
		memset(doc + n, 'x', big);
		n += big;
		if (form == 0)
			n += (size_t)sprintf(doc + n, "\">");
		else if (form == 1)
			n += (size_t)sprintf(doc + n, ">");
		htmlscan_t s;
		htmlscan_tag_t t;
		char *exact = xmalloc(n);
		memcpy(exact, doc, n);
		htmlscan_init(&s, str_from(exact, n));
		if (form < 2) {
			assert_true(htmlscan_next(&s, &t));
			assert_int_equal(t.attrs[0].value.n, big);
		}
		assert_false(htmlscan_next(&s, &t));
		htmlscan_free(&s);
		free(exact);
	}
	/* Many attributes, and many tags. */
	size_t n = 0;
	n += (size_t)sprintf(doc, "<p");
	while (n + 3 < big)
		n += (size_t)sprintf(doc + n, " a");
	doc[n++] = '>';
	htmlscan_t s;
	htmlscan_tag_t t;
	htmlscan_init(&s, str_from(doc, n));
	assert_true(htmlscan_next(&s, &t));
	assert_true(t.nattrs > 300000);
	htmlscan_free(&s);
	for (n = 0; n + 3 <= big; n += 3)
		memcpy(doc + n, "<b>", 3);
	htmlscan_init(&s, str_from(doc, n));
	size_t tags = 0;
	while (htmlscan_next(&s, &t))
		tags++;
	assert_int_equal(tags, n / 3);
	htmlscan_free(&s);
	free(doc);
}

static void test_invalid_utf8_and_binary(void **state)
{
	/* Noise: never a crash, and the scan ends. */
	char noise[4096];
	unsigned x = 12345;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof noise; i++) {
			x = x * 1103515245u + 12345u;
			static const char alphabet[] = "<>/=\"' a!-\0\xff\xc3&#;x";
			noise[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		free(scan(noise, sizeof noise));
	}
	EXPECT("<a href='\xff\xfe'>", "a href=\xff\xfe");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags_and_attribute_forms),
		cmocka_unit_test(test_text_that_is_not_a_tag),
		cmocka_unit_test(test_raw_text_elements),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_cut_at_the_end),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_huge_inputs),
		cmocka_unit_test(test_invalid_utf8_and_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
