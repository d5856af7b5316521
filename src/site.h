/* site.h - the index step: from parsed files to a site.
 *
 * Decides which files are pages, documents of a collection or static
 * copies; gives each page its date, URL and output file; builds site.*
 * (configuration, pages, collections, data, time) for the templates; and
 * checks what can only be checked with the whole site in view: layouts
 * that exist and do not loop, two pages writing one file. After
 * site_index the site is read-only until the render step fills
 * page->content. */
#ifndef PNYX_SITE_H
#define PNYX_SITE_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "i18n.h"
#include "page.h"
#include "value.h"

typedef struct {
	const config_t *cfg;
	page_t *files;        /* every parsed source file, in source order */
	size_t nfiles;
	page_t **render;      /* pages to render and write, in source order */
	size_t nrender;
	page_t **copies;      /* static files to copy */
	size_t ncopies;
	page_t **layouts;     /* SOURCE_LAYOUT files, sorted by name */
	size_t nlayouts;
	page_t **includes;    /* SOURCE_INCLUDE files, sorted by name */
	size_t nincludes;
	value_t *site;        /* site.* */
	i18n_t *i18n;         /* UI strings and date names, per locale */
	value_time_t time;    /* site.time */
} site_t;

/* Indexes the parsed files (s->cfg, s->files, s->nfiles set by the
 * caller). Allocates from a. Returns 0, or -1 after diagnostics. */
int site_index(site_t *s, arena_t *a, diag_list_t *d);
/* Adds a page to the pages to render (generators). */
void site_add_render(site_t *s, page_t *p);
/* The collection site.posts refers to, or NULL. */
const collection_cfg_t *site_posts_collection(const site_t *s);
/* True when a Jekyll site's `plugins:` (or `gems:`) lists name: what
 * jekyll-feed, jekyll-sitemap and jekyll-paginate would add, it gets. */
bool site_has_plugin(const site_t *s, const char *name);
/* Frees the lists (not the pages, which live in the caller's arena). */
void site_free(site_t *s);
/* A layout by name ("default" or "default.html"), or NULL. */
page_t *site_layout(const site_t *s, str_t name);
/* An include by file name relative to the includes folder, or NULL. Names
 * that would leave the folder never match. */
page_t *site_include(const site_t *s, str_t name);
/* The time in the site's time zone for civil fields read without an
 * offset (TZ must have been set by the caller; UTC when unset). */
int32_t site_local_offset(value_time_t civil_as_utc);

#endif
