#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frontmatter.h"
#include "json.h"
#include "util.h"
#include "yaml.h"

/* ---- helpers ---- */

static value_t *parse_n(arena_t *a, const char *text, size_t n, int first_line)
{
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = yaml_parse(a, "f.md", str_from(text, n), first_line, &d);
	if (!v && d.n)
		fprintf(stderr, "unexpected: %d:%d: %s\n", d.items[0].line, d.items[0].col,
			d.items[0].msg);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return v;
}

static value_t *parse(arena_t *a, const char *text)
{
	return parse_n(a, text, strlen(text), 1);
}

static void parse_err_n(const char *text, size_t n, int first_line, int line, int col,
			const char *want)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = yaml_parse(a, "f.md", str_from(text, n), first_line, &d);
	assert_null(v);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, "f.md");
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
	parse_err_n(text, strlen(text), 1, line, col, want);
}

static value_t *get(const value_t *h, const char *key)
{
	value_t *v = value_get_cstr(h, key);
	if (!v)
		fprintf(stderr, "missing key %s\n", key);
	assert_non_null(v);
	return v;
}

static void want_string(const value_t *h, const char *key, const char *want)
{
	value_t *v = get(h, key);
	assert_int_equal(v->kind, VALUE_STRING);
	assert_string_equal(v->s.p, want);
	assert_int_equal(v->s.n, strlen(want));
}

static void want_int(const value_t *h, const char *key, int64_t want)
{
	value_t *v = get(h, key);
	assert_int_equal(v->kind, VALUE_INT);
	assert_true(v->i == want);
}

static void want_float(const value_t *h, const char *key, double want)
{
	value_t *v = get(h, key);
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->f == want);
}

static void want_bool(const value_t *h, const char *key, bool want)
{
	value_t *v = get(h, key);
	assert_int_equal(v->kind, VALUE_BOOL);
	assert_int_equal(v->b, want);
}

static void want_nil(const value_t *h, const char *key)
{
	assert_int_equal(get(h, key)->kind, VALUE_NIL);
}

static void want_mark(const value_t *h, const char *key, unsigned line, unsigned col)
{
	value_t *v = get(h, key);
	assert_int_equal(v->line, line);
	assert_int_equal(v->col, col);
}

static void expect_text(const value_t *v, const char *want)
{
	buf_t b = BUF_INIT;
	value_to_buf(v, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void expect_json(const value_t *v, const char *want)
{
	buf_t b = BUF_INIT;
	json_write(&b, v);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

/* Splits a whole file and parses its front matter as the site will. */
static value_t *front_matter(arena_t *a, const char *file_text)
{
	diag_list_t d = DIAG_LIST_INIT;
	frontmatter_t fm;
	assert_int_equal(frontmatter_split("f.md", str_cstr(file_text), &fm, &d), 0);
	assert_true(fm.present);
	value_t *v = yaml_parse(a, "f.md", fm.yaml, fm.yaml_line, &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	assert_int_equal(v->kind, VALUE_HASH);
	diag_free(&d);
	return v;
}

/* ---- the seed files' front matter ---- */

static void test_seed_000(void **state)
{
	arena_t *a = arena_new();
	value_t *h = front_matter(a,
		"---\n"
		"title: OSP Formation\n"
		"layout: offres\n"
		"baseline: Notre offre de formation aux bonnes pratiques de la d\xC3\xA9mocratie connect\xC3\xA9" "e\n"
		"published: true\n"
		"image: /img/formation.png\n"
		"locale: fr\n"
		"permalink: /formation-civic-tech\n"
		"---\n"
		"\n"
		"#### OSP FORMATION est notre offre p\xC3\xA9" "dagogique\n");
	assert_int_equal(h->h.n, 7);
	want_string(h, "title", "OSP Formation");
	want_string(h, "layout", "offres");
	want_string(h, "baseline",
		      "Notre offre de formation aux bonnes pratiques de la d\xC3\xA9mocratie connect\xC3\xA9" "e");
	want_bool(h, "published", true);
	want_string(h, "image", "/img/formation.png");
	want_string(h, "locale", "fr");
	want_string(h, "permalink", "/formation-civic-tech");
	want_mark(h, "title", 2, 8);
	want_mark(h, "permalink", 8, 12);
	assert_string_equal(h->h.entries[6].key.p, "permalink");
	arena_free(a);
}

static void test_seed_001(void **state)
{
	arena_t *a = arena_new();
	value_t *h = front_matter(a,
		"---\n"
		"title: OSP Agora\n"
		"layout: offres\n"
		"baseline: Notre offre de plateforme num\xC3\xA9rique et d'accompagnement pour vos consultations publiques\n"
		"published: true\n"
		"image: /img/agora.png\n"
		"locale: fr\n"
		"permalink: /agora\n"
		"ref1-name: Agence du num\xC3\xA9rique\n"
		"ref1-url: /refs-fr/2017-02-15-article69/\n"
		"ref2-name: Consultation PGO Etalab\n"
		"ref2-url: https://democracyos.consultation.etalab.gouv.fr/\n"
		"ref3-name: D\xC3\xA9p\xC3\xB4t SNCF Ordener\n"
		"ref3-url: /refs-fr/2017-01-10-depot-ordener/\n"
		"---\n"
		"\n"
		"#### Une consultation publique\n");
	assert_int_equal(h->h.n, 13);
	want_string(h, "title", "OSP Agora");
	want_string(h, "layout", "offres");
	want_string(h, "baseline",
		      "Notre offre de plateforme num\xC3\xA9rique et d'accompagnement pour vos consultations publiques");
	want_bool(h, "published", true);
	want_string(h, "image", "/img/agora.png");
	want_string(h, "locale", "fr");
	want_string(h, "permalink", "/agora");
	want_string(h, "ref1-name", "Agence du num\xC3\xA9rique");
	want_string(h, "ref1-url", "/refs-fr/2017-02-15-article69/");
	want_string(h, "ref2-name", "Consultation PGO Etalab");
	want_string(h, "ref2-url", "https://democracyos.consultation.etalab.gouv.fr/");
	want_string(h, "ref3-name", "D\xC3\xA9p\xC3\xB4t SNCF Ordener");
	want_string(h, "ref3-url", "/refs-fr/2017-01-10-depot-ordener/");
	want_mark(h, "ref3-url", 14, 11);
	arena_free(a);
}

static void test_seed_002(void **state)
{
	arena_t *a = arena_new();
	value_t *h = front_matter(a,
		"---\n"
		"title: OSP Budget\n"
		"layout: offres\n"
		"baseline: Notre offre de plateforme num\xC3\xA9rique et d'accompagnement pour la mise en\n"
		"  place de budgets participatifs\n"
		"published: true\n"
		"image: \"/img/budget-participatif.png\"\n"
		"locale: fr\n"
		"permalink: \"/budget-participatif\"\n"
		"ref1-name: Budget participatif de la RIVP\n"
		"ref1-url: \"/refs-fr/2017-03-29-bp-rivp/\"\n"
		"date: '2017-05-23T16:02:11.316+00:00'\n"
		"---\n"
		"<!-- definition -->\n");
	assert_int_equal(h->h.n, 10);
	want_string(h, "title", "OSP Budget");
	/* a plain scalar folded over two lines: one space */
	want_string(h, "baseline",
		      "Notre offre de plateforme num\xC3\xA9rique et d'accompagnement pour la mise en "
		      "place de budgets participatifs");
	want_bool(h, "published", true);
	want_string(h, "image", "/img/budget-participatif.png");
	want_string(h, "locale", "fr");
	want_string(h, "permalink", "/budget-participatif");
	want_string(h, "ref1-name", "Budget participatif de la RIVP");
	want_string(h, "ref1-url", "/refs-fr/2017-03-29-bp-rivp/");
	/* a quoted date stays a string */
	want_string(h, "date", "2017-05-23T16:02:11.316+00:00");
	want_mark(h, "published", 6, 12);
	want_mark(h, "date", 12, 7);
	arena_free(a);
}

static void test_seed_003(void **state)
{
	arena_t *a = arena_new();
	value_t *h = front_matter(a,
		"---\n"
		"locale: fr\n"
		"title: La d\xC3\xA9mocratie continue entre les \xC3\xA9lections\n"
		"layout: blog\n"
		"comments: true\n"
		"img: https://cdn-images-1.medium.com/max/960/1*kPZVQJuDA2YsmPysfQVh-Q.png\n"
		"author : Valentin Chaput\n"
		"author-pic : https://cdn-images-1.medium.com/fit/c/120/120/0*qPkzIjhX0CUWVeaD.jpg\n"
		"author-medium : https://medium.com/@ValentinChaput\n"
		"Medium-link : https://medium.com/open-source-politics/la-d%C3%A9mocratie-continue-entre-les-%C3%A9lections-babf6fd18754\n"
		"project-date : 3 mai 2017\n"
		"date : 2017-03-03 10:17\n"
		"filename : La_democratie_continue\n"
		"article-description: La France sort d\xE2\x80\x99une intense campagne. Haletante pour les uns, "
		"tant elle fut impr\xC3\xA9visible et marqu\xC3\xA9" "e par les rebondissements...\n"
		"\n"
		"---\n"
		"\n"
		"<div class = \"blogcontent\">La France</div>\n");
	assert_int_equal(h->h.n, 13);
	want_string(h, "locale", "fr");
	want_string(h, "title", "La d\xC3\xA9mocratie continue entre les \xC3\xA9lections");
	want_string(h, "layout", "blog");
	want_bool(h, "comments", true);
	want_string(h, "img", "https://cdn-images-1.medium.com/max/960/1*kPZVQJuDA2YsmPysfQVh-Q.png");
	/* a space before the colon is not part of the key */
	want_string(h, "author", "Valentin Chaput");
	want_string(h, "author-pic",
		      "https://cdn-images-1.medium.com/fit/c/120/120/0*qPkzIjhX0CUWVeaD.jpg");
	want_string(h, "author-medium", "https://medium.com/@ValentinChaput");
	want_string(h, "Medium-link",
		      "https://medium.com/open-source-politics/la-d%C3%A9mocratie-continue-entre-les-"
		      "%C3%A9lections-babf6fd18754");
	want_string(h, "project-date", "3 mai 2017");
	/* Psych keeps a time without seconds a string */
	want_string(h, "date", "2017-03-03 10:17");
	want_string(h, "filename", "La_democratie_continue");
	want_string(h, "article-description",
		      "La France sort d\xE2\x80\x99une intense campagne. Haletante pour les uns, tant elle "
		      "fut impr\xC3\xA9visible et marqu\xC3\xA9" "e par les rebondissements...");
	assert_null(value_get_cstr(h, "author "));
	want_mark(h, "author", 7, 10);
	want_mark(h, "date", 12, 8);
	/* columns are characters: "title: La dé" puts é at 12, not 13 */
	want_mark(h, "title", 3, 8);
	arena_free(a);
}

/* ---- typing ---- */

static void test_nulls_and_booleans(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"a: ~\nb: null\nc: NULL\nd:\ne: Null\n"
		"t1: true\nt2: True\nt3: TRUE\nt4: yes\nt5: Yes\nt6: on\nt7: ON\n"
		"f1: false\nf2: False\nf3: no\nf4: NO\nf5: off\nf6: Off\n"
		"s1: y\ns2: n\ns3: nul\ns4: truely\ns5: 'true'\ns6: \"null\"\ns7: !!str yes\n");
	want_nil(h, "a");
	want_nil(h, "b");
	want_nil(h, "c");
	want_nil(h, "d");
	want_nil(h, "e");
	for (int i = 1; i <= 7; i++) {
		char k[16];
		snprintf(k, sizeof k, "t%d", i);
		want_bool(h, k, true);
	}
	for (int i = 1; i <= 6; i++) {
		char k[16];
		snprintf(k, sizeof k, "f%d", i);
		want_bool(h, k, false);
	}
	want_string(h, "s1", "y");
	want_string(h, "s2", "n");
	want_string(h, "s3", "nul");
	want_string(h, "s4", "truely");
	want_string(h, "s5", "true");
	want_string(h, "s6", "null");
	want_string(h, "s7", "yes");
	/* every value carries its own mark, nil and booleans too */
	want_mark(h, "a", 1, 4);
	want_mark(h, "t2", 7, 5);
	want_mark(h, "d", 4, 3);
	arena_free(a);
}

static void test_numbers(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"i1: 42\ni2: -17\ni3: +5\ni4: 0\ni5: 1_000_000\ni6: 0x1F\ni7: 0o17\ni8: 017\n"
		"i9: 0b101\ni10: 9223372036854775807\ni11: -9223372036854775808\ni12: 1,000\n"
		"f1: 1.5\nf2: -0.25\nf3: 1e3\nf4: 1.5e-3\nf5: .5\nf6: 1.\nf7: 1_000.5\nf8: 1.10\n"
		"f9: 99999999999999999999\n"
		"inf1: .inf\ninf2: -.Inf\ninf3: +.INF\nnan: .NaN\n"
		"s1: '42'\ns2: 1.2.3\ns3: 09\ns4: 0x\ns5: 1e\ns6: .\ns7: 10:17\ns8: 1__0\n"
		"s9: 12abc\ns10: \"1.5\"\ns11: +\ns12: 0b2\ns14: e3\n");
	want_int(h, "i1", 42);
	want_int(h, "i2", -17);
	want_int(h, "i3", 5);
	want_int(h, "i4", 0);
	want_int(h, "i5", 1000000);
	want_int(h, "i6", 31);
	want_int(h, "i7", 15);
	want_int(h, "i8", 15);
	want_int(h, "i9", 5);
	want_int(h, "i10", INT64_MAX);
	want_int(h, "i11", INT64_MIN);
	want_int(h, "i12", 1000);
	want_float(h, "f1", 1.5);
	want_float(h, "f2", -0.25);
	want_float(h, "f3", 1000.0);
	want_float(h, "f4", 1.5e-3);
	want_float(h, "f5", 0.5);
	want_float(h, "f6", 1.0);
	want_float(h, "f7", 1000.5);
	want_float(h, "f8", 1.1);
	want_float(h, "f9", 1e20);
	want_float(h, "inf1", INFINITY);
	want_float(h, "inf2", -INFINITY);
	want_float(h, "inf3", INFINITY);
	assert_int_equal(get(h, "nan")->kind, VALUE_FLOAT);
	assert_true(isnan(get(h, "nan")->f));
	want_string(h, "s1", "42");
	want_string(h, "s2", "1.2.3");
	want_string(h, "s3", "09");
	want_string(h, "s4", "0x");
	want_string(h, "s5", "1e");
	want_string(h, "s6", ".");
	want_string(h, "s7", "10:17");
	want_string(h, "s8", "1__0");
	want_string(h, "s9", "12abc");
	want_string(h, "s10", "1.5");
	want_string(h, "s11", "+");
	want_string(h, "s12", "0b2");
	want_string(h, "s14", "e3");
	arena_free(a);
}

static void test_explicit_tags(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a, "a: !!str 12\nb: !!int \"12\"\nc: !!float '1.5'\nd: ! 12\n"
			      "e: !!bool \"yes\"\nf: !custom 7\n");
	want_string(h, "a", "12");
	want_int(h, "b", 12);
	want_float(h, "c", 1.5);
	want_string(h, "d", "12");
	want_bool(h, "e", true);
	want_string(h, "f", "7");
	arena_free(a);
}

static void test_times(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"d1: 2017-03-03\nd2: 2017-3-3\n"
		"t1: 2017-03-03 10:17:05 +01:00\nt2: 2017-03-03T10:17:05Z\nt3: 2017-03-03 10:17:05\n"
		"t4: 2017-05-23T16:02:11.316+00:00\nt5: 2017-03-03t10:17:05-0530\n"
		"t6: 2017-03-03   10:17:05.5 Z\n"
		"s1: 2017-03-03 10:17\ns2: '2017-03-03'\ns3: 2017-02-30\ns4: 2017-13-01\n"
		"s5: 2017-03-03 25:00:00\ns6: 2017-03-03 10:17:05 bogus\ns7: 20170303\n"
		"s8: \"2017-03-03 10:17:05\"\n");
	value_t *v = get(h, "d1");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_true(v->t.date_only);
	expect_text(v, "2017-03-03");
	v = get(h, "d2");
	assert_int_equal(v->kind, VALUE_TIME);
	expect_text(v, "2017-03-03");
	v = get(h, "t1");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_false(v->t.date_only);
	assert_int_equal(v->t.utc_off, 3600);
	expect_text(v, "2017-03-03 10:17:05 +0100");
	v = get(h, "t2");
	assert_int_equal(v->kind, VALUE_TIME);
	expect_text(v, "2017-03-03 10:17:05 +0000");
	/* without a zone: UTC, as Psych reads it */
	v = get(h, "t3");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_int_equal(v->t.utc_off, 0);
	assert_true(v->t.sec == 1488536225);
	v = get(h, "t4");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_int_equal(v->t.nsec, 316000000);
	v = get(h, "t5");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_int_equal(v->t.utc_off, -(5 * 3600 + 30 * 60));
	v = get(h, "t6");
	assert_int_equal(v->kind, VALUE_TIME);
	assert_int_equal(v->t.nsec, 500000000);
	want_string(h, "s1", "2017-03-03 10:17");
	want_string(h, "s2", "2017-03-03");
	want_string(h, "s3", "2017-02-30");
	want_string(h, "s4", "2017-13-01");
	want_string(h, "s5", "2017-03-03 25:00:00");
	want_string(h, "s6", "2017-03-03 10:17:05 bogus");
	want_int(h, "s7", 20170303);
	want_string(h, "s8", "2017-03-03 10:17:05");
	arena_free(a);
}

static void test_block_and_quoted_scalars(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"lit: |\n  line one\n  line two\n\n"
		"fold: >\n  folded\n  text\n\n  para\n"
		"strip: |-\n  no newline\n"
		"keep: |+\n  kept\n\n"
		"dq: \"tab\\there \\u00e9 \\\"q\\\"\"\n"
		"sq: 'it''s'\n"
		"multi: first\n  second\n\n  third\n"
		"url: http://example.com:8080/a?b=c#d\n"
		"colon: a:b\n"
		"hash: a #not a comment? no, a comment\n"
		"num: '007'\n");
	want_string(h, "lit", "line one\nline two\n");
	want_string(h, "fold", "folded text\npara\n");
	want_string(h, "strip", "no newline");
	want_string(h, "keep", "kept\n\n");
	want_string(h, "dq", "tab\there \xC3\xA9 \"q\"");
	want_string(h, "sq", "it's");
	/* a blank line inside a plain scalar is a newline: stays text */
	want_string(h, "multi", "first second\nthird");
	want_string(h, "url", "http://example.com:8080/a?b=c#d");
	want_string(h, "colon", "a:b");
	want_string(h, "hash", "a");
	want_string(h, "num", "007");
	/* a block scalar is text even when it reads as a number */
	h = parse(a, "n: |-\n  42\n");
	want_string(h, "n", "42");
	arena_free(a);
}

/* ---- structure ---- */

static void test_collections(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"tags:\n  - civic tech\n  - 2017\n  - [a, b]\n"
		"flow: {x: 1, y: [true, ~], 'z': \"s\"}\n"
		"list: [1, 2, 3]\n"
		"nested:\n  deeper:\n    deepest: v\n"
		"empty_list: []\nempty_map: {}\n"
		"items:\n- name: one\n  n: 1\n- name: two\n  n: 2\n");
	value_t *tags = get(h, "tags");
	assert_int_equal(tags->kind, VALUE_ARRAY);
	assert_int_equal(tags->a.n, 3);
	assert_string_equal(tags->a.items[0]->s.p, "civic tech");
	assert_int_equal(tags->a.items[1]->kind, VALUE_INT);
	assert_int_equal(tags->a.items[2]->a.n, 2);
	assert_int_equal(tags->a.items[0]->line, 2);
	assert_int_equal(tags->a.items[0]->col, 5);
	expect_json(get(h, "flow"), "{\"x\":1,\"y\":[true,null],\"z\":\"s\"}");
	expect_json(get(h, "list"), "[1,2,3]");
	assert_string_equal(value_cstr(value_dig(h, "nested.deeper.deepest")), "v");
	assert_int_equal(get(h, "empty_list")->a.n, 0);
	assert_int_equal(get(h, "empty_map")->kind, VALUE_HASH);
	expect_json(get(h, "items"), "[{\"name\":\"one\",\"n\":1},{\"name\":\"two\",\"n\":2}]");
	/* the root may be a sequence or a scalar (data files) */
	value_t *v = parse(a, "- a\n- b\n");
	assert_int_equal(v->kind, VALUE_ARRAY);
	v = parse(a, "just text");
	assert_int_equal(v->kind, VALUE_STRING);
	arena_free(a);
}

static void test_keys(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"title: first\nother: x\ntitle: last\n"
		"404: not found\nyes: key\n1.50: f\n2017-03-03: d\n~: n\n"
		"? [a, b]\n: seq key\n"
		"\"quoted key\": q\n"
		"key-with-dashes: 1\n"
		"d\xC3\xA9j\xC3\xA0: vu\n");
	/* duplicate keys: the last wins, in the first one's place */
	want_string(h, "title", "last");
	assert_string_equal(h->h.entries[0].key.p, "title");
	assert_string_equal(h->h.entries[1].key.p, "other");
	/* non-string keys are their text */
	want_string(h, "404", "not found");
	want_string(h, "yes", "key");
	want_string(h, "1.50", "f");
	want_string(h, "2017-03-03", "d");
	want_string(h, "~", "n");
	want_string(h, "ab", "seq key");
	want_string(h, "quoted key", "q");
	want_int(h, "key-with-dashes", 1);
	want_string(h, "d\xC3\xA9j\xC3\xA0", "vu");
	arena_free(a);
}

static void test_anchors_and_aliases(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"base: &base {x: 1, y: [1, 2]}\n"
		"copy: *base\n"
		"name: &n pnyx\n"
		"again: *n\n"
		"list: [*n, *base]\n"
		"redef: &n other\n"
		"after: *n\n");
	/* an alias shares the anchored value */
	assert_ptr_equal(get(h, "copy"), get(h, "base"));
	assert_ptr_equal(get(h, "again"), get(h, "name"));
	assert_ptr_equal(get(h, "list")->a.items[1], get(h, "base"));
	want_string(h, "again", "pnyx");
	/* a redefined anchor: later aliases see the new node */
	want_string(h, "after", "other");
	arena_free(a);
}

static void test_merge_keys(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a,
		"defaults: &d\n  layout: post\n  comments: true\n  lang: fr\n"
		"page:\n  <<: *d\n  lang: en\n"
		"before:\n  lang: en\n  <<: *d\n"
		"a: &a {x: 1, k: a}\nb: &b {x: 2, z: 5, k: b}\n"
		"multi:\n  <<: [*a, *b]\n  w: 0\n"
		"notmap:\n  <<: 5\n"
		"quoted:\n  !!str <<: literal\n"
		"inline: {<<: *a, x: 9}\n");
	expect_json(get(h, "page"), "{\"layout\":\"post\",\"comments\":true,\"lang\":\"en\"}");
	/* Psych applies the merge where it stands: it overrides keys before it */
	expect_json(get(h, "before"), "{\"lang\":\"fr\",\"layout\":\"post\",\"comments\":true}");
	/* in a list, earlier maps win (Psych merges the list in reverse, so
	 * the later map's key order shows) */
	expect_json(get(h, "multi"), "{\"x\":1,\"z\":5,\"k\":\"a\",\"w\":0}");
	expect_json(get(h, "notmap"), "{\"<<\":5}");
	expect_json(get(h, "quoted"), "{\"<<\":\"literal\"}");
	expect_json(get(h, "inline"), "{\"x\":9,\"k\":\"a\"}");
	/* the anchored maps are untouched by merging */
	expect_json(get(h, "defaults"), "{\"layout\":\"post\",\"comments\":true,\"lang\":\"fr\"}");
	expect_json(get(h, "a"), "{\"x\":1,\"k\":\"a\"}");
	arena_free(a);
}

static void test_marks_offset_by_first_line(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse_n(a, "a: 1\nlist:\n  - x\n", 17, 10);
	assert_int_equal(h->line, 10);
	assert_int_equal(h->col, 1);
	want_mark(h, "a", 10, 4);
	value_t *l = get(h, "list");
	assert_int_equal(l->line, 12);
	assert_int_equal(l->col, 3);
	assert_int_equal(l->a.items[0]->line, 12);
	assert_int_equal(l->a.items[0]->col, 5);
	arena_free(a);
}

static void test_empty_documents(void **state)
{
	arena_t *a = arena_new();
	const char *empties[] = { "", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "~\n",
				  "\xEF\xBB\xBF", "  \n \n" };
	for (size_t i = 0; i < ARRAY_LEN(empties); i++) {
		value_t *v = parse(a, empties[i]);
		assert_int_equal(v->kind, VALUE_HASH);
		assert_int_equal(v->h.n, 0);
	}
	value_t *v = parse_n(a, NULL, 0, 3);
	assert_int_equal(v->kind, VALUE_HASH);
	assert_int_equal(v->line, 3);
	/* one explicit document is fine */
	v = parse(a, "---\na: 1\n...\n");
	want_int(v, "a", 1);
	arena_free(a);
}

static void test_bom_and_crlf(void **state)
{
	arena_t *a = arena_new();
	value_t *h = parse(a, "\xEF\xBB\xBFtitle: x\r\nlist:\r\n  - a\r\n  - b\r\nblock: |\r\n  l1\r\n  l2\r\n");
	want_string(h, "title", "x");
	want_mark(h, "title", 1, 8);
	assert_int_equal(get(h, "list")->a.n, 2);
	want_mark(h, "list", 3, 3);
	want_string(h, "block", "l1\nl2\n");
	arena_free(a);
}

/* ---- errors ---- */

static void test_syntax_errors(void **state)
{
	/* a tab where indentation is expected, at the tab */
	parse_err("a: 1\n\tb: 2\n", 2, 1, "tab");
	parse_err("a:\n\t- x\n", 2, 1, "cannot start any token");
	parse_err("a: 1\nb\nc: 2\n", 3, 1, "could not find expected ':'");
	parse_err("a: b: c\n", 1, 5, "mapping values are not allowed");
	parse_err("a:\n  - x\n  y: 1\n", 3, 3, "did not find expected");
	parse_err("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'");
	parse_err("a: \"unterminated\n", 2, 1, "end of stream");
	parse_err("a: {x: 1\n", 2, 1, "did not find expected ',' or '}'");
	parse_err("a: @x\n", 1, 4, "cannot start any token");
	/* the context is said too */
	parse_err("a: [1, 2\n", 2, 1, "while parsing a flow sequence at line 1, column 4");
	/* positions are the file's: first_line shifts them */
	const char *t = "title: x\n\tbad: 1\n";
	parse_err_n(t, strlen(t), 5, 6, 1, "tab");
}

static void test_alias_errors(void **state)
{
	parse_err("a: *nope\n", 1, 4, "unknown anchor 'nope'");
	parse_err("a: &x [1, *x]\n", 1, 11, "contains it");
	parse_err("a: &x {k: *x}\n", 1, 11, "contains it");
	parse_err("a: *x\nb: &x 1\n", 1, 4, "unknown anchor");
}

static void test_second_document_refused(void **state)
{
	parse_err("a: 1\n---\nb: 2\n", 2, 1, "second document");
	parse_err("---\na: 1\n---\n", 3, 1, "second document");
	parse_err("a: 1\n...\n---\nb: 1\n", 3, 1, "second document");
	parse_err("a\n--- b\n", 2, 1, "second document");
}

static void test_invalid_utf8_and_nul(void **state)
{
	parse_err("title: caf\xE9\n", 1, 11, "UTF-8");
	parse_err("a: 1\nb: \xC0\xAF\n", 2, 4, "UTF-8");
	parse_err("a: \xED\xA0\x80\n", 1, 4, "invalid UTF-8 (byte 0xED)");
	parse_err("a: \xF0\x9F\x98\n", 1, 4, "UTF-8");
	parse_err_n("a: x\0y\n", 7, 1, 1, 5, "control characters");
	parse_err_n("\0", 1, 1, 1, 1, "control characters");
	/* UTF-16 is refused, not guessed */
	parse_err_n("\xFF\xFE" "a\0:\0", 6, 1, 1, 1, "UTF-8");
	/* after a BOM, columns do not count it */
	parse_err("\xEF\xBB\xBF" "a: \xFF\n", 1, 4, "UTF-8");
}

static void test_deep_nesting_refused(void **state)
{
	size_t n = 100000;
	char *text = xmalloc(n);
	memset(text, '[', n);
	parse_err_n(text, n, 1, 1, 1001, "nesting deeper than 1000");
	for (size_t i = 0; i + 4 <= n; i += 4)
		memcpy(text + i, "{a: ", 4);
	parse_err_n(text, n, 1, 1, 4001, "nesting deeper than 1000");
	free(text);

	/* block style: one level per line */
	buf_t b = BUF_INIT;
	for (int i = 0; i < 2000; i++) {
		for (int k = 0; k < i; k++)
			buf_putc(&b, ' ');
		buf_puts(&b, "- \n");
	}
	parse_err_n(b.p, b.n, 1, 1001, 1001, "nesting deeper than 1000");
	buf_free(&b);

	/* 1000 levels are fine */
	char ok[2000];
	memset(ok, '[', 1000);
	memset(ok + 1000, ']', 1000);
	arena_t *a = arena_new();
	value_t *v = parse_n(a, ok, sizeof ok, 1);
	assert_int_equal(v->kind, VALUE_ARRAY);
	arena_free(a);
}

static void test_billion_laughs_refused(void **state)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	const char *names = "abcdefghi";
	for (int i = 1; i < 9; i++) {
		buf_printf(&b, "%c: &%c [", names[i], names[i]);
		for (int k = 0; k < 9; k++)
			buf_printf(&b, "%s*%c", k ? "," : "", names[i - 1]);
		buf_puts(&b, "]\n");
	}
	parse_err_n(b.p, b.n, 1, 7, 8, "more than 1000000 values expanded through aliases");
	buf_free(&b);

	/* many small aliases below the limit are fine */
	buf_t ok = BUF_INIT;
	buf_puts(&ok, "x: &x [1, 2, 3]\nl:\n");
	for (int i = 0; i < 1000; i++)
		buf_puts(&ok, "  - *x\n");
	arena_t *a = arena_new();
	value_t *v = parse_n(a, ok.p, ok.n, 1);
	assert_int_equal(get(v, "l")->a.n, 1000);
	arena_free(a);
	buf_free(&ok);
}

static void test_truncated_documents(void **state)
{
	const char *text =
		"title: \"OSP\"\nlist:\n  - a\n  - {k: [1, 2], 'q': |\n      block\n    }\n"
		"anchor: &x {m: 1}\nuse: *x\nmerge:\n  <<: *x\ndate: 2017-03-03\n";
	size_t n = strlen(text);
	arena_t *a = arena_new();
	size_t errors = 0;
	for (size_t i = 0; i <= n; i++) {
		/* a heap copy of exactly i bytes, so ASan sees any overread */
		char *cut = xmalloc(i ? i : 1);
		memcpy(cut, text, i);
		diag_list_t d = DIAG_LIST_INIT;
		value_t *v = yaml_parse(a, "t.yml", str_from(cut, i), 1, &d);
		/* either a value or exactly one error, never both, never none */
		assert_true((v != NULL) != (d.n == 1));
		assert_true(d.n <= 1);
		errors += d.n;
		diag_free(&d);
		free(cut);
	}
	assert_true(errors > 0);
	arena_free(a);
}

static void test_huge_scalar(void **state)
{
	size_t n = 8 * 1024 * 1024;
	char *text = xmalloc(n + 4);
	memcpy(text, "x: ", 3);
	memset(text + 3, 'a', n);
	text[n + 3] = '\n';
	arena_t *a = arena_new();
	value_t *h = parse_n(a, text, n + 4, 1);
	value_t *x = get(h, "x");
	assert_int_equal(x->kind, VALUE_STRING);
	assert_int_equal(x->s.n, n);
	/* a huge number-looking scalar */
	memset(text + 3, '7', n);
	h = parse_n(a, text, n + 4, 1);
	assert_int_equal(get(h, "x")->kind, VALUE_FLOAT);
	free(text);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_000),
		cmocka_unit_test(test_seed_001),
		cmocka_unit_test(test_seed_002),
		cmocka_unit_test(test_seed_003),
		cmocka_unit_test(test_nulls_and_booleans),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_explicit_tags),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_block_and_quoted_scalars),
		cmocka_unit_test(test_collections),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_anchors_and_aliases),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_marks_offset_by_first_line),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_second_document_refused),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_deep_nesting_refused),
		cmocka_unit_test(test_billion_laughs_refused),
		cmocka_unit_test(test_truncated_documents),
		cmocka_unit_test(test_huge_scalar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
