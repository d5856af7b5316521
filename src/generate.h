/* generate.h - pages the index step makes without a file of their own:
 * pagination (the blog index, page 2, 3, …) and tag pages, per locale.
 *
 * Pagination: a page whose front matter has `paginate: N` (or
 * `paginate: {per_page: N, collection: NAME}`) is rendered once per group of
 * N documents of the collection (the posts by default) in its own locale:
 * page 1 at its URL, page K at URL/page/K/. Templates see `paginator`:
 * page, per_page, posts (also items), total_posts, total_pages,
 * previous_page, previous_page_path, next_page, next_page_path (paths
 * without the baseurl: use relative_url).
 *
 * Tags: a collection with `tag_layout: NAME` in its settings gets one page
 * per tag and locale, at `tag_permalink` (default /:collection/tags/:tag/,
 * under /LOCALE/ for other locales), rendered by that layout with page.tag,
 * page.title (the tag) and page.posts (that locale's documents with the
 * tag, in collection order). site.tags (and site.locales[i].tags) map each
 * tag to its documents. */
#ifndef PNYX_GENERATE_H
#define PNYX_GENERATE_H

#include "arena.h"
#include "diag.h"
#include "site.h"

/* Adds the generated pages to s->render (after site.* was built). Returns
 * 0, or -1 after diagnostics. */
int generate_pages(site_t *s, arena_t *a, diag_list_t *d);

#endif
