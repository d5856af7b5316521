/* check.h - `pnyx check`: what a reader or a crawler would trip over,
 * found in the rendered site before it is published.
 *
 * The build hands over every output (rendered pages in memory, static
 * files by path) with the source each came from; check_site() reports,
 * each at its source file (and line when known):
 *   - internal links and images that lead to no output file;
 *   - #anchors that match no id (or <a name>) in the target page;
 *   - <img> without an alt attribute;
 *   - pages whose <html> has no lang attribute;
 *   - what a screen reader stumbles on, as warnings: links with nothing
 *     to say (no text, no alt text, no aria-label or title), headings
 *     that skip a level (an <h4> after an <h2>), an id used twice in a
 *     page;
 *   - pages missing in a locale the site declares (a page whose
 *     translation group lacks that locale), as warnings;
 *   - output URLs that differ only by case (they collide on
 *     case-insensitive file systems and confuse readers);
 *   - with `external`, http(s) links that do not answer 2xx/3xx within
 *     the timeout, tried in parallel (never by default).
 * Nothing here writes to disk. */
#ifndef PNYX_CHECK_H
#define PNYX_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "str.h"

typedef struct {
	const char *url;       /* "/agora", "/blog/x/" */
	const char *out_path;  /* "agora.html", "blog/x/index.html" */
	const char *source;    /* the file to report at: "content/offers/agora.md" */
	int body_line;         /* line of the source where the body starts (0: unknown) */
	str_t html;            /* the rendered page (NULL/0 for a static file) */
	const char *locale;    /* NULL for static files */
	const char *tkey;      /* translation key: pages sharing it translate each other */
} check_output_t;

typedef struct {
	const check_output_t *outputs;
	size_t n;
	const char *baseurl;       /* "" or "/repo": internal links carry it */
	const char *site_url;      /* "https://example.org": links to it are internal too */
	const char *const *locales; /* the site's locales */
	size_t nlocales;
	bool external;             /* also try http(s) links */
	int timeout_seconds;       /* for external links (default 10) */
	int threads;               /* for external links (default 8) */
} check_input_t;

/* Runs every check. Returns the number of problems found (errors and
 * warnings), each added to d. */
size_t check_site(const check_input_t *in, diag_list_t *d);

#endif
