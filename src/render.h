/* render.h - the render step: page -> HTML through Liquid, Markdown and
 * the layout chain.
 *
 * Rendering runs in two passes over all pages, each in parallel: first
 * every body (Liquid, then Markdown for .md files) into page->content; then,
 * after render_publish_content() made the converted bodies visible as
 * page.content to every template, each page through its layouts. A page's
 * output depends only on the site, never on the order pages are rendered
 * in, so any thread count gives the same bytes. */
#ifndef PNYX_RENDER_H
#define PNYX_RENDER_H

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "site.h"

/* Registers filters and Markdown extensions. Once, before threads. */
void render_init(void);
/* Pass 1: renders p's body into p->content (allocated from keep; tmp is
 * scratch the caller may reset afterwards). Returns 0 or -1. */
int render_body(const site_t *s, page_t *p, arena_t *keep, arena_t *tmp, diag_list_t *d);
/* After pass 1 of these pages, on one thread: their page.content becomes
 * the converted body, and page.excerpt is set. */
void render_publish_content(const site_t *s, page_t **pages, size_t n, arena_t *a);
/* Pass 2: p->content through p's layout chain, appended to out. Both
 * passes note in p->used_showing whether an include they loaded may show
 * other pages' content (what pnyx serve re-renders after an edit). */
int render_layouts(const site_t *s, page_t *p, arena_t *tmp, buf_t *out, diag_list_t *d);

#endif
