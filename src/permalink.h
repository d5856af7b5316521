/* permalink.h - URLs of pages and the files they are written to.
 *
 * Patterns are Jekyll's: placeholders :year :month :day :i_month :i_day
 * :short_year :y_day :hour :minute :second (from the date), :title (the
 * file's slug as written, or front matter `slug`), :slug (slugified),
 * :name (file name without extension), :basename, :path (a document's
 * folder and name relative to its collection; a page's folder), :collection, :categories, :output_ext,
 * :lang; or a style name: date, pretty, ordinal, none. */
#ifndef PNYX_PERMALINK_H
#define PNYX_PERMALINK_H

#include <stdbool.h>

#include "arena.h"
#include "value.h"

typedef struct {
	const char *collection;  /* NULL for a page outside collections */
	const char *dir;         /* folder relative to the collection or content root: "" or "a/b" */
	const char *name;        /* file name without extension: "2017-03-03-hello" */
	const char *title;       /* "hello" */
	const char *slug;        /* "hello" */
	const char *output_ext;  /* ".html" */
	const char *categories;  /* "" or "a/b" */
	const char *lang;        /* "" or "fr" */
	bool has_date;
	value_time_t date;
} permalink_vars_t;

/* Expands a pattern or style name into a clean URL: one leading slash,
 * no doubled slashes. `for_page` selects the style meaning for pages
 * outside collections (date/none: /:path/:basename:output_ext, pretty:
 * /:path/:basename/). Returns NULL and sets *err when the result would
 * leave the site (a "." or ".." segment) or is too long (4,096 bytes). */
const char *permalink_expand(arena_t *a, const char *pattern, const permalink_vars_t *v,
			     bool for_page, const char **err);
/* Checks and cleans a URL written in front matter (`permalink: /agora`);
 * NULL with *err as above. */
const char *permalink_clean(arena_t *a, const char *url, const char **err);
/* The output file for a URL, relative to the output root, as Jekyll and
 * GitHub Pages map them: "/agora" -> "agora.html", "/a/" -> "a/index.html",
 * "/feed.xml" -> "feed.xml", "/" -> "index.html". */
const char *permalink_output_path(arena_t *a, const char *url);
/* Jekyll's slugify in its default mode: lower case, runs of anything but
 * letters (any script) and digits become one '-', no '-' at the ends. */
const char *permalink_slugify(arena_t *a, const char *s);

#endif
