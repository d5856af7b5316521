/* config.h - the site's configuration (site.yml) and its folder layout.
 *
 * Folder names live here, not in code, so that a Jekyll site (_layouts,
 * _posts, ...) is the same model with other names. */
#ifndef PNYX_CONFIG_H
#define PNYX_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

typedef struct {
	const char *name;       /* "blog" */
	const char *dir;        /* folder under the content folder: "blog" */
	bool output;            /* documents get their own pages */
	const char *permalink;  /* pattern, e.g. "/blog/:year/:month/:day/:title/" */
	const char *sort_by;    /* front matter key, or NULL: date for dated collections, else path */
	bool posts;             /* the collection site.posts refers to */
	value_t *meta;          /* its configuration hash, exposed in site.collections */
} collection_cfg_t;

typedef struct {
	const char *source;      /* site root, as given (-s) */
	const char *file;        /* the configuration file read, for diagnostics */
	value_t *site;           /* the whole configuration hash: what templates see as site.* */
	/* Folders, relative to source. */
	const char *content_dir;  /* "content" */
	const char *data_dir;     /* "data" */
	const char *static_dir;   /* "static" */
	const char *layouts_dir;  /* site overrides: "layouts" */
	const char *includes_dir; /* "includes" */
	const char *i18n_dir;     /* "i18n" */
	const char *theme_dir;    /* "themes/NAME", or NULL without a theme */
	const char *url;          /* "https://example.org", no trailing slash */
	const char *baseurl;      /* "" or "/repo", no trailing slash */
	const char *permalink;    /* default pattern for pages outside collections */
	const char *timezone;     /* IANA name, or NULL for UTC */
	collection_cfg_t *collections;
	size_t ncollections;
	const char **exclude;     /* path prefixes or globs (relative to source) */
	size_t nexclude;
	bool show_drafts, future;
	/* Locales: `locales: [fr, en]`, `default_locale: fr`. A site that
	 * declares none has one, its `lang` (or "en"). */
	const char **locales;
	size_t nlocales;
	const char *default_locale;
	bool locales_declared;      /* site.yml lists `locales:` (else pages are not moved under /LOCALE/) */
	bool prefix_default_locale; /* /fr/agora rather than /agora */
	/* A Jekyll site (_config.yml, _layouts, _posts, ...), read unchanged. */
	bool jekyll;
	const char *drafts_dir;   /* "_drafts" (Jekyll), or NULL */
	value_t *defaults;        /* `defaults:` front matter by path and type, or NULL */
	const char **include;     /* names kept although they start with _ or . */
	size_t ninclude;
	/* Sass (`sass:` as Jekyll reads it): where @import looks, relative to
	 * source -- `load_paths`, then `sass_dir` (_sass, or sass/ and the
	 * theme's sass/ for a pnyx site) -- and the output style (compact for
	 * a Jekyll site, as its sassc converter writes, else expanded). */
	const char **sass_paths;
	size_t nsass_paths;
	const char *sass_style;
} config_t;

/* Command-line settings that override the file. */
typedef struct {
	const char *source;   /* default "." */
	const char *baseurl;  /* NULL: from the file */
	const char *config_files; /* --config a.yml,b.yml (later files override), or NULL */
	bool drafts, future;
} config_overrides_t;

/* Reads SOURCE/site.yml into cfg (allocated from a); a folder with
 * _config.yml and no site.yml is a Jekyll site, read with Jekyll's folder
 * names and defaults. Returns 0, or -1 after diagnostics (missing file,
 * broken YAML, a bad value). */
int config_load(arena_t *a, const config_overrides_t *o, config_t *cfg, diag_list_t *d);
/* The collection a content-relative path belongs to, or NULL. */
const collection_cfg_t *config_collection_for(const config_t *cfg, const char *rel);
/* True when code is one of the site's locales. */
bool config_has_locale(const config_t *cfg, const char *code, size_t n);
/* True when the scan keeps a name starting with _ or . (Jekyll's `include:`). */
bool config_included(const config_t *cfg, const char *name);
/* Front matter for a page from `defaults:` (type: "pages", "posts",
 * "drafts" or a collection name; site_rel: its path from the site root),
 * with the page's own front matter over it. Returns front itself when no
 * default applies. */
value_t *config_apply_defaults(arena_t *a, const config_t *cfg, const char *site_rel,
			       const char *type, value_t *front);
/* True when a path relative to the source matches an `exclude` entry. */
bool config_excluded(const config_t *cfg, const char *rel);

#endif
