#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "i18n.h"
#include "yaml.h"

static value_t *yaml(arena_t *a, const char *src)
{
	diag_list_t d = DIAG_LIST_INIT;
	value_t *v = yaml_parse(a, "t.yml", str_cstr(src), 1, &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return v;
}

static void add(i18n_t *t, arena_t *a, const char *locale, const char *src)
{
	i18n_add_table(t, locale, yaml(a, src), NULL, "t.yml");
}

/* Translation without a count; checks the status too. */
static void expect(const i18n_t *t, arena_t *a, const char *locale, const char *key,
		   const char *want, i18n_status_t want_status)
{
	i18n_status_t st = I18N_FOUND;
	const char *got = i18n_translate(t, locale, str_cstr(key), NULL, a, &st);
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
	assert_int_equal(st, want_status);
}

static const char *plural(const i18n_t *t, arena_t *a, const char *locale, const char *key,
			  const value_t *count)
{
	i18n_status_t st;
	return i18n_translate(t, locale, str_cstr(key), count, a, &st);
}

static void test_site_overrides_theme_deeply(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "fr");
	add(t, a, "fr", "read_more: Lire la suite\nnav:\n  blog: Blogue\n  home: Accueil\n");
	add(t, a, "fr", "nav:\n  blog: Journal\nfooter: Pied\n");
	expect(t, a, "fr", "read_more", "Lire la suite", I18N_FOUND);
	expect(t, a, "fr", "nav.blog", "Journal", I18N_FOUND);
	expect(t, a, "fr", "nav.home", "Accueil", I18N_FOUND);
	expect(t, a, "fr", "footer", "Pied", I18N_FOUND);
	expect(t, a, "fr", "nav", NULL, I18N_MISSING);
	expect(t, a, "fr", "nav.blog.deeper", NULL, I18N_MISSING);
	expect(t, a, "fr", "", NULL, I18N_MISSING);
	expect(t, a, "fr", "nav..blog", NULL, I18N_MISSING);
	expect(t, a, "fr", ".", NULL, I18N_MISSING);
	expect(t, a, "fr", "nav.", NULL, I18N_MISSING);
	/* A key is a slice: a NUL inside it is part of it, the bytes past it are not read. */
	i18n_status_t st;
	assert_null(i18n_translate(t, "fr", str_from("nav\0blog", 8), NULL, a, &st));
	assert_int_equal(st, I18N_MISSING);
	assert_string_equal(i18n_translate(t, "fr", str_from("nav.blogXYZ", 8), NULL, a, &st),
			    "Journal");
	arena_free(a);
}

static void test_override_does_not_modify_the_added_tables(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "en");
	value_t *theme = yaml(a, "nav:\n  blog: Blog\n");
	i18n_add_table(t, "en", theme, NULL, "theme.yml");
	add(t, a, "en", "nav:\n  blog: Posts\n");
	assert_string_equal(value_cstr(value_dig(theme, "nav.blog")), "Blog");
	expect(t, a, "en", "nav.blog", "Posts", I18N_FOUND);
	arena_free(a);
}

static void test_string_replaces_hash_and_hash_replaces_string(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "en");
	add(t, a, "en", "a:\n  b: deep\nc: flat\n");
	add(t, a, "en", "a: now flat\nc:\n  d: now deep\n");
	expect(t, a, "en", "a", "now flat", I18N_FOUND);
	expect(t, a, "en", "a.b", NULL, I18N_MISSING);
	expect(t, a, "en", "c.d", "now deep", I18N_FOUND);
	arena_free(a);
}

static void test_dotted_literal_key(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "en");
	add(t, a, "en", "\"nav.blog\": Literal\n");
	expect(t, a, "en", "nav.blog", "Literal", I18N_FOUND);
	arena_free(a);
}

static void test_fallback_and_missing(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "fr");
	add(t, a, "fr", "read_more: Lire la suite\nonly_fr: Seulement\n");
	add(t, a, "en", "read_more: Read more\n");
	expect(t, a, "en", "read_more", "Read more", I18N_FOUND);
	expect(t, a, "en", "only_fr", "Seulement", I18N_FALLBACK);
	expect(t, a, "de", "read_more", "Lire la suite", I18N_FALLBACK);
	expect(t, a, "en", "nothing", NULL, I18N_MISSING);
	expect(t, a, "fr", "nothing", NULL, I18N_MISSING);
	/* A NULL locale is the default one. */
	expect(t, a, NULL, "read_more", "Lire la suite", I18N_FOUND);
	/* Region and case variants find the language's table. */
	expect(t, a, "en-GB", "read_more", "Read more", I18N_FOUND);
	expect(t, a, "EN_us", "read_more", "Read more", I18N_FOUND);
	/* A NULL status is allowed. */
	assert_string_equal(i18n_translate(t, "en", STR_LIT("read_more"), NULL, a, NULL),
			    "Read more");
	arena_free(a);
}

static void test_no_tables_at_all(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, NULL);
	expect(t, a, "fr", "x", NULL, I18N_MISSING);
	assert_non_null(i18n_date_names(t, "fr"));
	assert_null(i18n_date_names(t, "ja"));
	arena_free(a);
}

static void test_plurals(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "en");
	add(t, a, "fr", "posts:\n  one: \"%{count} article\"\n  other: \"%{count} articles\"\n"
		"comments:\n  zero: Aucun commentaire\n  one: Un commentaire\n"
		"  other: \"%{count} commentaires\"\n"
		"big:\n  one: un\n  many: \"%{count} de\"\n  other: \"%{count} autres\"\n");
	add(t, a, "en", "posts:\n  one: \"%{count} post\"\n  other: \"%{count} posts (%{count})\"\n"
		"greeting: \"Hello %{name}, %{count}\"\n");
	assert_string_equal(plural(t, a, "fr", "posts", value_new_int(a, 0)), "0 article");
	assert_string_equal(plural(t, a, "fr", "posts", value_new_int(a, 1)), "1 article");
	assert_string_equal(plural(t, a, "fr", "posts", value_new_int(a, 2)), "2 articles");
	assert_string_equal(plural(t, a, "fr", "posts", value_new_float(a, 1.5)), "1.5 article");
	assert_string_equal(plural(t, a, "en", "posts", value_new_int(a, 0)), "0 posts (0)");
	assert_string_equal(plural(t, a, "en", "posts", value_new_int(a, 1)), "1 post");
	assert_string_equal(plural(t, a, "en", "posts", value_new_int(a, -1)), "-1 post");
	assert_string_equal(plural(t, a, "en", "posts", value_new_float(a, 1.0)), "1.0 posts (1.0)");
	assert_string_equal(plural(t, a, "en", "posts", value_new_cstr(a, "1")), "1 post");
	assert_string_equal(plural(t, a, "en", "posts", value_new_cstr(a, "21")), "21 posts (21)");
	assert_string_equal(plural(t, a, "fr", "comments", value_new_int(a, 0)), "Aucun commentaire");
	assert_string_equal(plural(t, a, "fr", "comments", value_new_int(a, 1)), "Un commentaire");
	assert_string_equal(plural(t, a, "fr", "comments", value_new_int(a, 7)), "7 commentaires");
	assert_string_equal(plural(t, a, "fr", "big", value_new_int(a, 2000000)), "2000000 de");
	assert_string_equal(plural(t, a, "fr", "big", value_new_int(a, 2000001)), "2000001 autres");
	/* A plain string gets %{count}; other placeholders stay. */
	assert_string_equal(plural(t, a, "en", "greeting", value_new_int(a, 3)), "Hello %{name}, 3");
	/* Without a count, a plural hash gives "other", untouched. */
	expect(t, a, "en", "posts", "%{count} posts (%{count})", I18N_FOUND);
	/* A count that is not a number is no count. */
	assert_string_equal(plural(t, a, "en", "posts", value_new_cstr(a, "abc")),
			    "%{count} posts (%{count})");
	assert_string_equal(plural(t, a, "en", "posts", value_new_cstr(a, "")),
			    "%{count} posts (%{count})");
	assert_string_equal(plural(t, a, "en", "posts", value_new_cstr(a, "nan")),
			    "%{count} posts (%{count})");
	assert_string_equal(plural(t, a, "en", "posts", value_new_string(a, "1\0x", 3)),
			    "%{count} posts (%{count})");
	/* Fallback to the default locale uses the default locale's rule. */
	assert_string_equal(plural(t, a, "de", "posts", value_new_int(a, 0)), "0 posts (0)");
	arena_free(a);
}

static void test_plural_without_other_falls_back(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "en");
	add(t, a, "en", "items:\n  one: one item\n  other: \"%{count} items\"\n");
	add(t, a, "fr", "items:\n  one: un seul\n");
	i18n_status_t st;
	const char *s = i18n_translate(t, "fr", STR_LIT("items"), value_new_int(a, 5), a, &st);
	assert_string_equal(s, "5 items");
	assert_int_equal(st, I18N_FALLBACK);
	s = i18n_translate(t, "fr", STR_LIT("items"), value_new_int(a, 1), a, &st);
	assert_string_equal(s, "un seul");
	assert_int_equal(st, I18N_FOUND);
	arena_free(a);
}

static void test_plural_categories(void **state)
{
	assert_string_equal(i18n_plural_category("fr", 0, 0), "one");
	assert_string_equal(i18n_plural_category("fr", 1.99, 2), "one");
	assert_string_equal(i18n_plural_category("fr", 2, 0), "other");
	assert_string_equal(i18n_plural_category("fr", 1e6, 0), "many");
	assert_string_equal(i18n_plural_category("fr-CA", 0, 0), "one");
	assert_string_equal(i18n_plural_category("en", 0, 0), "other");
	assert_string_equal(i18n_plural_category("en", 1, 1), "other");
	assert_string_equal(i18n_plural_category("de", 1, 0), "one");
	assert_string_equal(i18n_plural_category("de", 1e6, 0), "other");
	assert_string_equal(i18n_plural_category("es", 1, 0), "one");
	assert_string_equal(i18n_plural_category("es", 0, 0), "other");
	assert_string_equal(i18n_plural_category("it", 1, 0), "one");
	assert_string_equal(i18n_plural_category("it", 3e6, 0), "many");
	assert_string_equal(i18n_plural_category("pt", 0, 0), "one");
	assert_string_equal(i18n_plural_category("pt-PT", 0, 0), "other");
	assert_string_equal(i18n_plural_category("pt_PT", 1, 0), "one");
	assert_string_equal(i18n_plural_category("ru", 21, 0), "one");
	assert_string_equal(i18n_plural_category("ru", 11, 0), "many");
	assert_string_equal(i18n_plural_category("ru", 23, 0), "few");
	assert_string_equal(i18n_plural_category("ru", 13, 0), "many");
	assert_string_equal(i18n_plural_category("pl", 1, 0), "one");
	assert_string_equal(i18n_plural_category("pl", 22, 0), "few");
	assert_string_equal(i18n_plural_category("pl", 21, 0), "many");
	assert_string_equal(i18n_plural_category("ja", 1, 0), "other");
	assert_string_equal(i18n_plural_category("xx", 1, 0), "one");
	assert_string_equal(i18n_plural_category(NULL, 1, 0), "one");
	assert_string_equal(i18n_plural_category("en", 1e300, 0), "other");
	assert_string_equal(i18n_plural_category("fr", -1e300, 0), "other");
}

static void test_builtin_date_names(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "fr");
	const liquid_date_names_t *n = i18n_date_names(t, "fr");
	assert_non_null(n);
	assert_string_equal(n->months[4], "mai");
	assert_string_equal(n->months[7], "août");
	assert_string_equal(n->months_abbr[1], "févr.");
	assert_string_equal(n->days[2], "mardi");
	assert_string_equal(n->days_abbr[0], "dim.");
	n = i18n_date_names(t, "en");
	assert_string_equal(n->months[4], "May");
	assert_string_equal(n->days[0], "Sunday");
	assert_string_equal(n->days_abbr[6], "Sat");
	n = i18n_date_names(t, "es");
	assert_string_equal(n->months[0], "enero");
	assert_string_equal(n->days[3], "miércoles");
	n = i18n_date_names(t, "de");
	assert_string_equal(n->months[2], "März");
	assert_string_equal(n->days[1], "Montag");
	assert_string_equal(n->days_abbr[1], "Mo");
	n = i18n_date_names(t, "it");
	assert_string_equal(n->months[5], "giugno");
	assert_string_equal(n->days[1], "lunedì");
	n = i18n_date_names(t, "pt");
	assert_string_equal(n->months[2], "março");
	assert_string_equal(n->days[6], "sábado");
	assert_string_equal(i18n_date_names(t, "pt-BR")->months[0], "janeiro");
	assert_string_equal(i18n_date_names(t, "DE")->months[0], "Januar");
	assert_string_equal(i18n_date_names(t, NULL)->months[0], "janvier");
	assert_null(i18n_date_names(t, "ja"));
	assert_null(i18n_date_names(t, ""));
	/* Every slot of every built-in table is filled. */
	const char *langs[] = { "fr", "en", "es", "de", "it", "pt" };
	for (size_t l = 0; l < 6; l++) {
		n = i18n_date_names(t, langs[l]);
		for (int i = 0; i < 12; i++)
			assert_true(n->months[i] && n->months_abbr[i] && *n->months[i]);
		for (int i = 0; i < 7; i++)
			assert_true(n->days[i] && n->days_abbr[i] && *n->days[i]);
	}
	arena_free(a);
}

static void test_table_date_names_override_builtin(void **state)
{
	arena_t *a = arena_new();
	i18n_t *t = i18n_new(a, "fr");
	add(t, a, "fr", "date:\n  days_abbr: [di, lu, ma, me, je, ve, sa]\n");
	add(t, a, "fr", "date:\n  months: [Janvier, Février, Mars, Avril, Mai, Juin, Juillet, Août, "
		"Septembre, Octobre, Novembre, Décembre]\n");
	add(t, a, "br", "date:\n  months: [Genver, C'hwevrer]\n");
	const liquid_date_names_t *n = i18n_date_names(t, "fr");
	assert_string_equal(n->months[4], "Mai");
	assert_string_equal(n->days_abbr[1], "lu");
	assert_string_equal(n->days[2], "mardi");          /* built-in */
	assert_string_equal(n->months_abbr[4], "mai");
	assert_ptr_equal(i18n_date_names(t, "fr-CA"), n);
	/* A locale without a built-in table: its names, NULL elsewhere. */
	n = i18n_date_names(t, "br");
	assert_string_equal(n->months[1], "C'hwevrer");
	assert_null(n->months[2]);
	assert_null(n->days[0]);
	arena_free(a);
}

static void test_bad_shapes_do_not_crash(void **state)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	i18n_t *t = i18n_new(a, "fr");
	i18n_add_table(t, "fr", yaml(a, "- a\n- b\n"), &d, "list.yml");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].file, "list.yml");
	i18n_add_table(t, "fr", NULL, &d, "none.yml");
	i18n_add_table(t, "fr", yaml(a, "date: [a, b]\nnav: [x, y]\nn: 42\nb: true\nz: ~\n"
				  "when: 2017-03-03\nposts:\n  one: [x]\n  other: {a: b}\n"),
		       &d, "fr.yml");
	assert_int_equal(d.n, 2);
	assert_int_equal(d.items[1].line, 1);
	i18n_add_table(t, "de", yaml(a, "date:\n  months: [a, 1, [x], {y: z}]\n  days: oops\n"
				  "  days_abbr: [So, Mo, Di, Mi, Do, Fr, Sa]\n"),
		       &d, "de.yml");
	assert_int_equal(d.n, 4);
	expect(t, a, "fr", "nav", NULL, I18N_MISSING);
	expect(t, a, "fr", "nav.0", NULL, I18N_MISSING);
	expect(t, a, "fr", "n", "42", I18N_FOUND);
	expect(t, a, "fr", "b", "true", I18N_FOUND);
	expect(t, a, "fr", "z", NULL, I18N_MISSING);
	expect(t, a, "fr", "when", NULL, I18N_MISSING);
	assert_null(plural(t, a, "fr", "posts", value_new_int(a, 1)));
	assert_null(plural(t, a, "fr", "posts", value_new_int(a, 2)));
	/* The bad `date:` of fr leaves the built-in names. */
	assert_string_equal(i18n_date_names(t, "fr")->months[4], "mai");
	/* Good entries of a half-bad list are used, the rest built-in. */
	const liquid_date_names_t *n = i18n_date_names(t, "de");
	assert_string_equal(n->months[0], "a");
	assert_string_equal(n->months[1], "Februar");
	assert_string_equal(n->months[3], "April");
	assert_string_equal(n->days[0], "Sonntag");
	diag_free(&d);
	arena_free(a);
}

static void test_deep_nesting_is_bounded(void **state)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	i18n_t *t = i18n_new(a, "en");
	value_t *root = value_new_hash(a, 0), *h = root;
	for (int i = 0; i < 200; i++) {
		value_t *c = value_new_hash(a, 0);
		value_hash_set_cstr(a, h, "k", c);
		h = c;
	}
	value_hash_set_cstr(a, h, "leaf", value_new_cstr(a, "x"));
	value_hash_set_cstr(a, root, "ok", value_new_cstr(a, "fine"));
	i18n_add_table(t, "en", root, &d, "deep.yml");
	assert_int_equal(d.n, 1);
	expect(t, a, "en", "ok", "fine", I18N_FOUND);
	diag_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_overrides_theme_deeply),
		cmocka_unit_test(test_override_does_not_modify_the_added_tables),
		cmocka_unit_test(test_string_replaces_hash_and_hash_replaces_string),
		cmocka_unit_test(test_dotted_literal_key),
		cmocka_unit_test(test_fallback_and_missing),
		cmocka_unit_test(test_no_tables_at_all),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_plural_without_other_falls_back),
		cmocka_unit_test(test_plural_categories),
		cmocka_unit_test(test_builtin_date_names),
		cmocka_unit_test(test_table_date_names_override_builtin),
		cmocka_unit_test(test_bad_shapes_do_not_crash),
		cmocka_unit_test(test_deep_nesting_is_bounded),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
