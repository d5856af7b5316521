/* source.h - the load step: which files make up a site.
 *
 * Scans the content, data and static folders, the site's own layouts and
 * includes, and the theme's layouts, includes and assets. The list is
 * sorted, so everything after it is deterministic. Hidden files, editor
 * swap and backup files, excluded paths and symlinks leading out of the
 * site are left out. */
#ifndef PNYX_SOURCE_H
#define PNYX_SOURCE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "diag.h"

typedef enum {
	SOURCE_CONTENT,  /* pages, documents, and files copied as they are */
	SOURCE_ASSET,    /* theme assets: like content, under /assets/ */
	SOURCE_STATIC,   /* copied as is */
	SOURCE_DATA,     /* data/NAME.yml|yaml|json -> site.data.NAME */
	SOURCE_LAYOUT,
	SOURCE_INCLUDE,
	SOURCE_I18N,     /* i18n/LOCALE.yml: the theme's first, then the site's */
} source_kind_t;

typedef struct {
	source_kind_t kind;
	const char *path;  /* to open: "SRC/content/blog/x.md" */
	const char *rel;   /* within its folder: "blog/x.md" (assets: "assets/site.css") */
	const char *site_rel; /* relative to the site root: "content/blog/x.md" (page.path) */
} source_file_t;

typedef struct {
	source_file_t *items;
	size_t n, cap;
} source_list_t;

/* Fills out with every source file, sorted by kind then rel, a site file
 * hiding the theme's file of the same kind and name. Strings live in a.
 * Returns 0, or -1 after diagnostics (a folder that cannot be read). */
int source_scan(arena_t *a, const config_t *cfg, source_list_t *out, diag_list_t *d);
void source_list_free(source_list_t *l);
/* Reads a whole file. Returns 0, or -1 with errno set. */
int source_read(const char *path, buf_t *out);
/* True for names the scan skips: ".x", "x~", "#x#", ".#x", "x.swp", "x.swx". */
bool source_ignored_name(const char *name);

#endif
