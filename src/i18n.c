#include "i18n.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "buf.h"
#include "util.h"

/* Nesting deeper than this in a table is dropped (with a warning): the
 * merge recurses once per level. */
#define I18N_MAX_DEPTH 64

typedef struct {
	const char *name;
	value_t *strings;           /* merged hash; every hash in it is ours */
	liquid_date_names_t dates;  /* valid when has_dates */
	bool has_dates;
} i18n_locale_t;

struct i18n {
	arena_t *a;
	const char *default_locale;
	i18n_locale_t **locs;  /* pointers, so that &loc->dates stays put */
	size_t n, cap;
};

typedef struct {
	const char *lang;
	liquid_date_names_t names;
} builtin_dates_t;

static const builtin_dates_t builtin_dates[] = {
	{ "fr", {
		{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		  "septembre", "octobre", "novembre", "décembre" },
		{ "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
		  "oct.", "nov.", "déc." },
		{ "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi" },
		{ "dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam." },
	} },
	{ "en", {
		{ "January", "February", "March", "April", "May", "June", "July", "August",
		  "September", "October", "November", "December" },
		{ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
		{ "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
		{ "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" },
	} },
	{ "es", {
		{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
		  "septiembre", "octubre", "noviembre", "diciembre" },
		{ "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic" },
		{ "domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado" },
		{ "dom", "lun", "mar", "mié", "jue", "vie", "sáb" },
	} },
	{ "de", {
		{ "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
		  "September", "Oktober", "November", "Dezember" },
		{ "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez" },
		{ "Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag" },
		{ "So", "Mo", "Di", "Mi", "Do", "Fr", "Sa" },
	} },
	{ "it", {
		{ "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
		  "settembre", "ottobre", "novembre", "dicembre" },
		{ "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic" },
		{ "domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato" },
		{ "dom", "lun", "mar", "mer", "gio", "ven", "sab" },
	} },
	{ "pt", {
		{ "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
		  "setembro", "outubro", "novembro", "dezembro" },
		{ "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez" },
		{ "domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira",
		  "sexta-feira", "sábado" },
		{ "dom", "seg", "ter", "qua", "qui", "sex", "sáb" },
	} },
};

/* Length of the language part of a locale name: "fr" in "fr-CA", "fr_CA". */
static size_t lang_len(const char *locale)
{
	size_t n = 0;
	while (locale[n] && locale[n] != '-' && locale[n] != '_')
		n++;
	return n;
}

static bool lang_is(const char *locale, const char *lang)
{
	size_t n = lang_len(locale);
	return n == strlen(lang) && strncasecmp(locale, lang, n) == 0;
}

static const liquid_date_names_t *builtin_for(const char *locale)
{
	for (size_t i = 0; i < ARRAY_LEN(builtin_dates); i++)
		if (lang_is(locale, builtin_dates[i].lang))
			return &builtin_dates[i].names;
	return NULL;
}

i18n_t *i18n_new(arena_t *a, const char *default_locale)
{
	i18n_t *t = ARENA_NEW(a, i18n_t);
	t->a = a;
	t->default_locale = arena_strdup(a, default_locale ? default_locale : "en");
	return t;
}

/* The locale's tables: the exact name first, then a table named like its
 * language ("fr" for "fr-CA"). NULL when there is none. */
static const i18n_locale_t *find_locale(const i18n_t *t, const char *locale)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcasecmp(t->locs[i]->name, locale) == 0)
			return t->locs[i];
	size_t n = lang_len(locale);
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->locs[i]->name) == n && strncasecmp(t->locs[i]->name, locale, n) == 0)
			return t->locs[i];
	return NULL;
}

static i18n_locale_t *locale_get_or_add(i18n_t *t, const char *locale)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcasecmp(t->locs[i]->name, locale) == 0)
			return t->locs[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4;
		t->locs = arena_realloc(t->a, t->locs, t->cap * sizeof *t->locs, cap * sizeof *t->locs);
		t->cap = cap;
	}
	i18n_locale_t *l = ARENA_NEW(t->a, i18n_locale_t);
	l->name = arena_strdup(t->a, locale);
	l->strings = value_new_hash(t->a, 0);
	t->locs[t->n++] = l;
	return l;
}

/* Deep merge of src into dst (ours): nested hashes merge into fresh
 * hashes, so the caller's tables are never modified; leaves are shared. */
static void merge(i18n_t *t, value_t *dst, const value_t *src, int depth, diag_list_t *d,
		  const char *file)
{
	for (size_t i = 0; i < src->h.n; i++) {
		const value_entry_t *e = &src->h.entries[i];
		if (e->val->kind != VALUE_HASH) {
			value_hash_set(t->a, dst, e->key, e->val);
			continue;
		}
		if (depth >= I18N_MAX_DEPTH) {
			if (d)
				diag_warning(d, file, e->val->line, e->val->col,
					     "i18n: table nested too deeply, '%s' ignored", e->key.p);
			continue;
		}
		value_t *old = value_get(dst, e->key);
		value_t *h = old && old->kind == VALUE_HASH ? old : value_new_hash(t->a, 0);
		merge(t, h, e->val, depth + 1, d, file);
		if (h != old)
			value_hash_set(t->a, dst, e->key, h);
	}
}

static const char *const date_keys[] = { "months", "months_abbr", "days", "days_abbr" };

static size_t date_key_len(size_t k)
{
	return k < 2 ? 12 : 7;
}

/* The slots of a liquid_date_names_t, in the order of date_keys. */
static const char **date_slots(liquid_date_names_t *n, size_t k)
{
	switch (k) {
	case 0: return n->months;
	case 1: return n->months_abbr;
	case 2: return n->days;
	default: return n->days_abbr;
	}
}

/* Warns about a `date:` entry of the wrong shape in one added table. */
static void check_dates(const value_t *date, diag_list_t *d, const char *file)
{
	if (!d || !date)
		return;
	if (date->kind != VALUE_HASH) {
		diag_warning(d, file, date->line, date->col,
			     "i18n: 'date' should be a hash of months, months_abbr, days, days_abbr");
		return;
	}
	for (size_t k = 0; k < ARRAY_LEN(date_keys); k++) {
		const value_t *l = value_get_cstr(date, date_keys[k]);
		if (!l)
			continue;
		bool ok = l->kind == VALUE_ARRAY && l->a.n == date_key_len(k);
		for (size_t i = 0; ok && i < l->a.n; i++)
			ok = l->a.items[i]->kind == VALUE_STRING;
		if (!ok)
			diag_warning(d, file, l->line, l->col, "i18n: 'date.%s' should be a list of %zu strings",
				     date_keys[k], date_key_len(k));
	}
}

/* Rebuilds the locale's date names from its merged table: each name from
 * the table when it is a string, else the built-in one, else NULL. */
static void build_dates(i18n_locale_t *l)
{
	const value_t *date = value_get_cstr(l->strings, "date");
	const liquid_date_names_t *base = builtin_for(l->name);
	l->has_dates = date && date->kind == VALUE_HASH;
	if (!l->has_dates)
		return;
	liquid_date_names_t empty = { 0 };
	l->dates = base ? *base : empty;
	for (size_t k = 0; k < ARRAY_LEN(date_keys); k++) {
		const value_t *list = value_get_cstr(date, date_keys[k]);
		if (!list || list->kind != VALUE_ARRAY)
			continue;
		const char **slots = date_slots(&l->dates, k);
		for (size_t i = 0; i < list->a.n && i < date_key_len(k); i++)
			if (list->a.items[i]->kind == VALUE_STRING)
				slots[i] = list->a.items[i]->s.p;
	}
}

void i18n_add_table(i18n_t *t, const char *locale, const value_t *table, diag_list_t *d,
		    const char *file)
{
	if (!table)
		return;
	if (table->kind != VALUE_HASH) {
		if (d)
			diag_warning(d, file, table->line, table->col,
				     "i18n: a locale table should be a hash of strings");
		return;
	}
	check_dates(value_get_cstr(table, "date"), d, file);
	i18n_locale_t *l = locale_get_or_add(t, locale);
	merge(t, l->strings, table, 0, d, file);
	build_dates(l);
}

const liquid_date_names_t *i18n_date_names(const i18n_t *t, const char *locale)
{
	if (!locale)
		locale = t->default_locale;
	const i18n_locale_t *l = find_locale(t, locale);
	if (l && l->has_dates)
		return &l->dates;
	return builtin_for(locale);
}

/* Plural rules (CLDR, integer part i and visible fraction digits v). */

static bool million_many(uint64_t i, int v)
{
	return v == 0 && i != 0 && i % 1000000 == 0;
}

static const char *slavic_east(uint64_t i, int v)
{
	if (v != 0)
		return "other";
	if (i % 10 == 1 && i % 100 != 11)
		return "one";
	if (i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14))
		return "few";
	return "many";
}

static const char *polish(uint64_t i, int v)
{
	if (v != 0)
		return "other";
	if (i == 1)
		return "one";
	if (i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14))
		return "few";
	return "many";
}

static bool lang_in(const char *locale, const char *const *langs)
{
	for (; *langs; langs++)
		if (lang_is(locale, *langs))
			return true;
	return false;
}

const char *i18n_plural_category(const char *locale, double n, int v)
{
	static const char *const no_plural[] = { "ja", "zh", "ko", "vi", "th", "id", "ms", NULL };
	if (!locale)
		locale = "en";
	if (isnan(n))
		return "other";
	double a = fabs(n);
	uint64_t i = a >= 1.8e19 ? UINT64_MAX : (uint64_t)a;
	bool pt_pt = strcasecmp(locale, "pt-PT") == 0 || strcasecmp(locale, "pt_PT") == 0;
	if (lang_in(locale, no_plural))
		return "other";
	if (lang_is(locale, "ru") || lang_is(locale, "uk"))
		return slavic_east(i, v);
	if (lang_is(locale, "pl"))
		return polish(i, v);
	if (lang_is(locale, "fr") || (lang_is(locale, "pt") && !pt_pt))
		return i <= 1 ? "one" : million_many(i, v) ? "many" : "other";
	if (lang_is(locale, "es"))
		return a == 1 ? "one" : million_many(i, v) ? "many" : "other";
	if (lang_is(locale, "it") || pt_pt)
		return i == 1 && v == 0 ? "one" : million_many(i, v) ? "many" : "other";
	return i == 1 && v == 0 ? "one" : "other";
}

/* A count as a number: ints, floats and numeric strings. */
typedef struct {
	double n;
	int v;        /* visible fraction digits */
	str_t text;   /* what %{count} becomes */
} i18n_count_t;

static int fraction_digits(const char *s)
{
	const char *dot = strchr(s, '.');
	if (!dot)
		return 0;
	int v = 0;
	while (dot[1 + v] >= '0' && dot[1 + v] <= '9')
		v++;
	return v;
}

static bool count_parse(const value_t *count, arena_t *a, i18n_count_t *c)
{
	if (!count)
		return false;
	switch (count->kind) {
	case VALUE_INT:
		c->n = (double)count->i;
		c->v = 0;
		c->text = value_to_str(a, count);
		return true;
	case VALUE_FLOAT:
		if (!isfinite(count->f))
			return false;
		c->n = count->f;
		c->text = value_to_str(a, count);
		c->v = fraction_digits(c->text.p);
		return true;
	case VALUE_STRING: {
		char *end;
		if (count->s.n == 0 || count->s.n != strlen(count->s.p))
			return false;
		c->n = strtod(count->s.p, &end);
		if (*end != '\0' || !isfinite(c->n) || !(count->s.p[0] == '-' ||
		    (count->s.p[0] >= '0' && count->s.p[0] <= '9')))
			return false;
		c->v = fraction_digits(count->s.p);
		c->text = count->s;
		return true;
	}
	default:
		return false;
	}
}

/* s with every "%{count}" replaced by the count's text. */
static const char *subst_count(const char *s, const i18n_count_t *c, arena_t *a)
{
	if (!strstr(s, "%{count}"))
		return s;
	buf_t b = BUF_INIT;
	const char *p;
	while ((p = strstr(s, "%{count}")) != NULL) {
		buf_put(&b, s, (size_t)(p - s));
		buf_put_str(&b, c->text);
		s = p + 8;
	}
	buf_puts(&b, s);
	char *r = arena_strndup(a, b.p, b.n);
	buf_free(&b);
	return r;
}

/* The plural form of a hash for this count (or "other" without one). */
static const value_t *plural_pick(const value_t *h, const char *locale, const i18n_count_t *c)
{
	const value_t *v = NULL;
	if (c && c->n == 0)
		v = value_get_cstr(h, "zero");
	if (!v && c)
		v = value_get_cstr(h, i18n_plural_category(locale, c->n, c->v));
	if (!v)
		v = value_get_cstr(h, "other");
	return v;
}

/* The text of one entry, or NULL when it has none. */
static const char *entry_text(const value_t *v, const char *locale, const i18n_count_t *c,
			      arena_t *a)
{
	if (v && v->kind == VALUE_HASH)
		v = plural_pick(v, locale, c);
	if (!v)
		return NULL;
	switch (v->kind) {
	case VALUE_STRING:
		return c ? subst_count(v->s.p, c, a) : v->s.p;
	case VALUE_INT:
	case VALUE_FLOAT:
	case VALUE_BOOL:
		return value_to_str(a, v).p;
	default:
		return NULL;
	}
}

/* Follows a dotted key through nested hashes; the whole key as one entry
 * ("nav.blog": ...) when the path does not lead anywhere. */
static const value_t *dig(const value_t *h, str_t key)
{
	const value_t *v = h;
	size_t start = 0;
	for (size_t i = 0; i <= key.n && v; i++) {
		if (i < key.n && key.p[i] != '.')
			continue;
		v = v->kind == VALUE_HASH ? value_get(v, str_from(key.p + start, i - start)) : NULL;
		start = i + 1;
	}
	return v ? v : value_get(h, key);
}

static const char *lookup(const i18n_locale_t *l, str_t key, const i18n_count_t *c, arena_t *a)
{
	return l ? entry_text(dig(l->strings, key), l->name, c, a) : NULL;
}

const char *i18n_translate(const i18n_t *t, const char *locale, str_t key, const value_t *count,
			   arena_t *a, i18n_status_t *status)
{
	i18n_status_t st = I18N_MISSING;
	i18n_count_t c;
	const i18n_count_t *cp = count_parse(count, a, &c) ? &c : NULL;
	const i18n_locale_t *l = find_locale(t, locale ? locale : t->default_locale);
	const char *r = lookup(l, key, cp, a);
	if (r) {
		st = I18N_FOUND;
	} else {
		const i18n_locale_t *dl = find_locale(t, t->default_locale);
		r = dl != l ? lookup(dl, key, cp, a) : NULL;
		if (r)
			st = I18N_FALLBACK;
	}
	if (status)
		*status = st;
	return r;
}
