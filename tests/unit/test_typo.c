#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "typo.h"

#define NB "\xC2\xA0"        /* U+00A0 */
#define NN "\xE2\x80\xAF"    /* U+202F */

/* Markdown (GFM tables and autolinks, raw HTML kept) through typo_french,
 * as HTML; the caller frees it. */
static char *render_n(const char *md, size_t n)
{
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_UNSAFE);
	cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
	cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("autolink"));
	cmark_parser_feed(p, md, n);
	cmark_node *doc = cmark_parser_finish(p);
	typo_french(doc);
	char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(p));
	cmark_node_free(doc);
	cmark_parser_free(p);
	return html;
}

static void expect(const char *md, const char *want)
{
	char *html = render_n(md, strlen(md));
	assert_string_equal(html, want);
	free(html);
}

static void test_spaces_inserted(void **state)
{
	expect("Bonjour!", "<p>Bonjour" NN "!</p>\n");
	expect("Quoi? Oui; non: peut-être.",
	       "<p>Quoi" NN "? Oui" NN "; non" NB ": peut-être.</p>\n");
	expect("« Bonjour »", "<p>«" NB "Bonjour" NB "»</p>\n");
	expect("«Bonjour»", "<p>«" NB "Bonjour" NB "»</p>\n");
	expect("«  Bonjour   »", "<p>«" NB "Bonjour" NB "»</p>\n");
	expect("«»", "<p>«" NB "»</p>\n");
	expect("(voir ci-dessous)!", "<p>(voir ci-dessous)" NN "!</p>\n");
	expect("« Quoi ?»", "<p>«" NB "Quoi" NN "?" NB "»</p>\n");
	expect("« Oui »!", "<p>«" NB "Oui" NB "»" NN "!</p>\n");
}

static void test_spaces_replaced(void **state)
{
	expect("Bonjour !", "<p>Bonjour" NN "!</p>\n");
	expect("Note : ceci ; cela ? oui !",
	       "<p>Note" NB ": ceci" NN "; cela" NN "? oui" NN "!</p>\n");
	expect("Bonjour    !", "<p>Bonjour" NN "!</p>\n");
}

static void test_existing_no_break_spaces_kept(void **state)
{
	expect("Bonjour" NB "! Quoi" NN "? Note" NB ": x", "<p>Bonjour" NB "! Quoi" NN "? Note" NB
	       ": x</p>\n");
	expect("«" NB "mot" NB "»", "<p>«" NB "mot" NB "»</p>\n");
	expect("«" NN "mot" NN "»", "<p>«" NN "mot" NN "»</p>\n");
	expect("Bonjour&nbsp;!", "<p>Bonjour" NB "!</p>\n");
	/* Running the pass twice changes nothing more. */
	cmark_parser *p = cmark_parser_new(0);
	const char *md = "Oui! « Non » : 10:17";
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	typo_french(doc);
	char *once = cmark_render_html(doc, 0, NULL);
	typo_french(doc);
	char *twice = cmark_render_html(doc, 0, NULL);
	assert_string_equal(once, "<p>Oui" NN "! «" NB "Non" NB "»" NB ": 10:17</p>\n");
	assert_string_equal(once, twice);
	free(once);
	free(twice);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

static void test_nothing_at_block_start_or_after_breaks(void **state)
{
	expect("! oui", "<p>! oui</p>\n");
	expect("? Quoi", "<p>? Quoi</p>\n");
	expect("» fin", "<p>» fin</p>\n");
	expect("ligne\n!", "<p>ligne\n!</p>\n");
	expect("a\tb\t!", "<p>a\tb\t!</p>\n");
	expect("(!) [?]", "<p>(!) [?]</p>\n");
	expect("# Titre !\n\n! début", "<h1>Titre" NN "!</h1>\n<p>! début</p>\n");
	expect("- un\n- !deux", "<ul>\n<li>un</li>\n<li>!deux</li>\n</ul>\n");
}

static void test_runs_of_marks(void **state)
{
	expect("Quoi?!", "<p>Quoi" NN "?!</p>\n");
	expect("Quoi ?!", "<p>Quoi" NN "?!</p>\n");
	expect("Non!!!", "<p>Non" NN "!!!</p>\n");
	expect("Hein ?!? Bon.", "<p>Hein" NN "?!? Bon.</p>\n");
}

static void test_words_with_marks_inside_untouched(void **state)
{
	expect("Il est 10:17 et 1:2.", "<p>Il est 10:17 et 1:2.</p>\n");
	expect("std::vector a;b", "<p>std::vector a;b</p>\n");
	expect("À 10:17!", "<p>À 10:17" NN "!</p>\n");
	expect("Voir http://example.org/a?b=1;c=2 ici",
	       "<p>Voir <a href=\"http://example.org/a?b=1;c=2\">http://example.org/a?b=1;c=2</a>"
	       " ici</p>\n");
	expect("Écrire à mailto:moi@example.org !", "<p>Écrire à <a href=\"mailto:moi@example.org\">"
	       "mailto:moi@example.org</a>" NN "!</p>\n");
}

static void test_plain_text_url_without_autolink(void **state)
{
	cmark_parser *p = cmark_parser_new(0);
	const char *md = "Voir http://example.org/?q=1 et https://x.org/#!/a, ou mailto:a@b.c ; fin";
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	typo_french(doc);
	char *html = cmark_render_html(doc, 0, NULL);
	assert_string_equal(html, "<p>Voir http://example.org/?q=1 et https://x.org/#!/a, ou "
			    "mailto:a@b.c" NN "; fin</p>\n");
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

static void test_code_untouched(void **state)
{
	expect("Lancez `make test!` ici : oui", "<p>Lancez <code>make test!</code> ici" NB
	       ": oui</p>\n");
	expect("```\nBonjour!\n« x »\n```\n", "<pre><code>Bonjour!\n« x »\n</code></pre>\n");
	expect("    Bonjour !\n", "<pre><code>Bonjour !\n</code></pre>\n");
	/* After a code span its last character counts; the space goes outside. */
	expect("Lancez `make`!", "<p>Lancez <code>make</code>" NN "!</p>\n");
	expect("Lancez `make` !", "<p>Lancez <code>make</code>" NN "!</p>\n");
	expect("«`x`»", "<p>«" NB "<code>x</code>" NB "»</p>\n");
}

static void test_raw_html_untouched(void **state)
{
	expect("Un <a href=\"x:y\" title=\"a !\">lien</a>!",
	       "<p>Un <a href=\"x:y\" title=\"a !\">lien</a>" NN "!</p>\n");
	expect("<div>\nBonjour ! « x »\n</div>\n", "<div>\nBonjour ! « x »\n</div>\n");
	expect("Bonjour <b>!</b>", "<p>Bonjour" NN "<b>!</b></p>\n");
	expect("<!-- a:b ! -->", "<!-- a:b ! -->\n");
}

static void test_links_url_untouched_label_processed(void **state)
{
	expect("[Quoi ?](http://x.org/a?b \"Titre !\") et [lien](u)!",
	       "<p><a href=\"http://x.org/a?b\" title=\"Titre !\">Quoi" NN "?</a> et "
	       "<a href=\"u\">lien</a>" NN "!</p>\n");
	/* An autolink's label is its URL: left alone, but what follows is text. */
	expect("Voir <http://example.org/?a!> !", "<p>Voir <a href=\"http://example.org/?a!\">"
	       "http://example.org/?a!</a>" NN "!</p>\n");
	expect("Voir www.example.org/a:b!", "<p>Voir <a href=\"http://www.example.org/a:b\">"
	       "www.example.org/a:b</a>" NN "!</p>\n");
	expect("Voir [ici](mailto:a@b.c) : bien", "<p>Voir <a href=\"mailto:a@b.c\">ici</a>" NB
	       ": bien</p>\n");
	expect("![Oui !](x:y.png)", "<p><img src=\"x:y.png\" alt=\"Oui" NN "!\" /></p>\n");
}

static void test_emphasis_boundaries(void **state)
{
	expect("**mot** !", "<p><strong>mot</strong>" NN "!</p>\n");
	expect("*mot*!", "<p><em>mot</em>" NN "!</p>\n");
	expect("*mot !*", "<p><em>mot" NN "!</em></p>\n");
	/* The space to replace is in an earlier text node. */
	expect("Bonjour **!**", "<p>Bonjour" NN "<strong>!</strong></p>\n");
	expect("« **mot** »", "<p>«" NB "<strong>mot</strong>" NB "»</p>\n");
	expect("«**mot**»", "<p>«" NB "<strong>mot</strong>" NB "»</p>\n");
	expect("«*mot*» !", "<p>«" NB "<em>mot</em>" NB "»" NN "!</p>\n");
}

static void test_blocks_are_separate(void **state)
{
	expect("mot\n\n!", "<p>mot</p>\n<p>!</p>\n");
	expect("| a | b |\n|---|---|\n| x | ! |\n| y! | ? |\n",
	       "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n"
	       "<tr>\n<td>x</td>\n<td>!</td>\n</tr>\n<tr>\n<td>y" NN "!</td>\n<td>?</td>\n"
	       "</tr>\n</tbody>\n</table>\n");
	expect("> Oui!\n\nNon!", "<blockquote>\n<p>Oui" NN "!</p>\n</blockquote>\n<p>Non" NN
	       "!</p>\n");
}

static void test_multibyte_around_marks(void **state)
{
	expect("Été!", "<p>Été" NN "!</p>\n");
	expect("Ça va?", "<p>Ça va" NN "?</p>\n");
	expect("日本!", "<p>日本" NN "!</p>\n");
	expect("😀!😀 : ok", "<p>😀!😀" NB ": ok</p>\n");
	expect("«été»", "<p>«" NB "été" NB "»</p>\n");
	expect("Voilà…?", "<p>Voilà…" NN "?</p>\n");
}

static void test_empty_and_degenerate(void **state)
{
	expect("", "");
	expect("«", "<p>«</p>\n");
	expect("»", "<p>»</p>\n");
	expect(":", "<p>:</p>\n");
	expect("a «\nb", "<p>a «\nb</p>\n");
	typo_french(NULL);
	/* A tree without text, and a lone empty text node. */
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	typo_french(doc);
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	assert_true(cmark_node_append_child(doc, para));
	assert_true(cmark_node_append_child(para, text));
	typo_french(doc);
	assert_string_equal(cmark_node_get_literal(text), "");
	cmark_node_free(doc);
}

static void test_invalid_utf8_in_literal(void **state)
{
	/* cmark cleans its input, but a literal set by other code may not be. */
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	assert_true(cmark_node_append_child(doc, para));
	assert_true(cmark_node_append_child(para, text));
	cmark_node_set_literal(text, "\xC3 ! \xE2\x80! \xF0\x9F!");
	cmark_node *code = cmark_node_new(CMARK_NODE_CODE);
	cmark_node *after = cmark_node_new(CMARK_NODE_TEXT);
	assert_true(cmark_node_append_child(para, code));
	assert_true(cmark_node_append_child(para, after));
	cmark_node_set_literal(code, "\x9F\x98\x80\x80\x80");
	cmark_node_set_literal(after, "? \xAB");
	typo_french(doc);
	assert_string_equal(cmark_node_get_literal(text), "\xC3" NN "! \xE2\x80" NN "! \xF0\x9F" NN
			    "!");
	assert_string_equal(cmark_node_get_literal(code), "\x9F\x98\x80\x80\x80");
	assert_string_equal(cmark_node_get_literal(after), NN "? \xAB");
	cmark_node_free(doc);
}

static void test_megabyte_line(void **state)
{
	buf_t md = BUF_INIT;
	while (md.n < 1024 * 1024)
		buf_puts(&md, "Bonjour! « mot » a:b `c` *d* ?! ");
	clock_t t0 = clock();
	char *html = render_n(md.p, md.n);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_non_null(strstr(html, "Bonjour" NN "! «" NB "mot" NB "» a:b <code>c</code> <em>d</em>"
			       NN "?! Bonjour"));
	/* Generous: linear work is well under a second even under ASan. */
	assert_true(secs < 20.0);
	free(html);
	buf_free(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spaces_inserted),
		cmocka_unit_test(test_spaces_replaced),
		cmocka_unit_test(test_existing_no_break_spaces_kept),
		cmocka_unit_test(test_nothing_at_block_start_or_after_breaks),
		cmocka_unit_test(test_runs_of_marks),
		cmocka_unit_test(test_words_with_marks_inside_untouched),
		cmocka_unit_test(test_plain_text_url_without_autolink),
		cmocka_unit_test(test_code_untouched),
		cmocka_unit_test(test_raw_html_untouched),
		cmocka_unit_test(test_links_url_untouched_label_processed),
		cmocka_unit_test(test_emphasis_boundaries),
		cmocka_unit_test(test_blocks_are_separate),
		cmocka_unit_test(test_multibyte_around_marks),
		cmocka_unit_test(test_empty_and_degenerate),
		cmocka_unit_test(test_invalid_utf8_in_literal),
		cmocka_unit_test(test_megabyte_line),
	};
	return cmocka_run_group_tests_name("typo", tests, NULL, NULL);
}
