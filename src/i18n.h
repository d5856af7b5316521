/* i18n.h - UI string tables and localised date names, per locale.
 *
 * A table is the parsed content of an i18n/LOCALE.yml file: a hash of
 * strings, nested hashes ("nav: {blog: Blog}", looked up as "nav.blog"),
 * plural hashes ("{zero?, one, few?, many?, other}") and an optional
 * `date:` hash of month and day names:
 *
 *   date: {months: [12 names], months_abbr: [12], days: [7, Sunday first],
 *          days_abbr: [7]}
 *
 * Set-up (one thread): i18n_new, then i18n_add_table for the theme's
 * tables, then for the site's (later tables override earlier ones key by
 * key, nested hashes merge). Everything lookups need is built there, so
 * afterwards the structure is read-only and any number of threads may call
 * i18n_translate and i18n_date_names at once.
 *
 * Locales are matched exactly, then by language ("fr-CA" and "fr_CA" find
 * "fr"), ASCII case-insensitively. Memory: the i18n_t and its merged tables
 * live in the arena given to i18n_new; the strings of the added tables are
 * referenced, not copied, so the tables must live as long as the i18n_t. */
#ifndef PNYX_I18N_H
#define PNYX_I18N_H

#include "arena.h"
#include "diag.h"
#include "liquid/liquid.h"
#include "str.h"
#include "value.h"

typedef struct i18n i18n_t;

typedef enum {
	I18N_FOUND,     /* in the locale asked for (or its language) */
	I18N_FALLBACK,  /* only in the default locale */
	I18N_MISSING,   /* nowhere: i18n_translate returned NULL */
} i18n_status_t;

/* A new, empty set of tables; default_locale (e.g. "fr") is where lookups
 * fall back to. Allocated from `a`. */
i18n_t *i18n_new(arena_t *a, const char *default_locale);
/* Merges a table into the locale's strings (deep: nested hashes merge,
 * other values replace). A table that is not a hash, or a `date:` entry of
 * the wrong shape, is reported as a warning in d (which may be NULL; file
 * names the table in the message) and ignored where it is wrong. */
void i18n_add_table(i18n_t *t, const char *locale, const value_t *table, diag_list_t *d,
		    const char *file);

/* The string for a dotted key ("nav.blog") in `locale`, else in the
 * default locale (*status FALLBACK), else NULL (*status MISSING); status
 * may be NULL. With a count (an int, a float or a numeric string; NULL for
 * none), a plural hash gives the form the locale's CLDR rule picks ("zero"
 * first when present and the count is 0; "other" when the picked form is
 * absent), and "%{count}" in the result is replaced by the count's text;
 * other "%{name}" placeholders are left as they are. A plural hash without
 * a count gives its "other" form. Numbers and booleans give their text.
 * The result is the table's own string, or allocated from `a`. */
const char *i18n_translate(const i18n_t *t, const char *locale, str_t key, const value_t *count,
			   arena_t *a, i18n_status_t *status);
/* Month and day names for `locale`: the table's `date:` names over the
 * built-in ones (fr, en, es, de, it, pt), or NULL when the locale has
 * neither (the date filter then uses English). The pointer lives as long
 * as the i18n_t (or is static). */
const liquid_date_names_t *i18n_date_names(const i18n_t *t, const char *locale);

/* The CLDR plural category of n in `locale`: "zero", "one", "few", "many"
 * or "other" ("zero" is never returned: it is a table convenience). v is
 * the count of visible fraction digits (0 for an integer, 1 for "1.0").
 * Languages without a built-in rule use English's. */
const char *i18n_plural_category(const char *locale, double n, int v);

#endif
