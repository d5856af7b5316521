/* outputs.h - the emit step: what a site publishes besides its pages.
 *
 *   feed.xml, LOCALE/feed.xml   Atom feed of the posts, per locale
 *                               (site.yml `feed: {limit: 20}`, `feed: false`)
 *   sitemap.xml                 every page, with xhtml:link hreflang alternates
 *   robots.txt                  pointing at the sitemap
 *   search.json, LOCALE/...     title, url, date, excerpt, tags per page, for
 *                               a search box that needs no server
 *   .nojekyll                   so GitHub Pages publishes the files as they are
 *   CNAME                       when site.yml names a `domain`
 * A page of the site that writes one of these paths wins: nothing is
 * emitted over it. A Jekyll site gets only what its plugins would make
 * (jekyll-feed, jekyll-sitemap) and .nojekyll. Output is deterministic (sorted, dates from the pages
 * and site.time). */
#ifndef PNYX_OUTPUTS_H
#define PNYX_OUTPUTS_H

#include <stddef.h>

#include "buf.h"
#include "site.h"

typedef struct {
	const char *path;  /* relative to the output root */
	buf_t data;
} output_file_t;

typedef struct {
	output_file_t *items;
	size_t n, cap;
} output_list_t;

enum {
	OUTPUTS_FEEDS = 1,    /* feed.xml per locale */
	OUTPUTS_SEARCH = 2,   /* search.json per locale */
	OUTPUTS_SITEMAP = 4,  /* sitemap.xml */
	OUTPUTS_FIXED = 8,    /* robots.txt, .nojekyll, CNAME */
	OUTPUTS_ALL = 15,
	/* what an edit of page bodies can change */
	OUTPUTS_CONTENT = OUTPUTS_FEEDS | OUTPUTS_SEARCH,
};

/* Appends the emitted files named by `what` to out (after the render
 * step: feeds carry the pages' converted content). Each page's search
 * entry is kept in page->search_entry (allocated from a) and made again
 * only when it was reset, so a rebuild after one edit stays cheap. */
/* The feed a page of `locale` links to ("feed.xml", "en/feed.xml"), or
 * NULL when the site writes no feed (Jekyll's feed_meta tag). */
const char *outputs_feed_path(const site_t *s, const char *locale, arena_t *a);
void outputs_emit(const site_t *s, arena_t *a, unsigned what, output_list_t *out);
void outputs_free(output_list_t *out);

#endif
