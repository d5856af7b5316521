/* page.h - the parse step: one source file read and parsed.
 *
 * A page_t is made for every source file. Parsing reads the file, splits
 * the front matter, turns it into a value, and parses the body (pages,
 * layouts, includes) into a Liquid template once. Later steps only add to
 * the fields marked as theirs; nothing re-reads the file. */
#ifndef PNYX_PAGE_H
#define PNYX_PAGE_H

#include <stdbool.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "liquid/liquid.h"
#include "source.h"
#include "value.h"

typedef struct page page_t;

struct page {
	/* parse */
	const source_file_t *src;
	bool is_static;          /* copied as is: no front matter, or under static/ */
	bool markdown;           /* .md or .markdown: converted after Liquid */
	bool sass;               /* .scss or .sass: compiled to CSS after Liquid, no layout */
	bool failed;             /* parsing reported an error */
	value_t *front;          /* front matter hash (empty when none) */
	value_t *data;           /* SOURCE_DATA: the file's value */
	str_t yaml;              /* the front matter text (to tell a body-only edit) */
	str_t body;              /* the body text, after the front matter */
	int body_line;
	liquid_template_t *tpl;  /* the body as a template (pages, layouts, includes) */
	bool shows_others;       /* an include whose text may show other pages' content */

	/* index */
	const collection_cfg_t *collection;
	const char *dir_categories;  /* "news/tech" for news/tech/_posts/x.md (Jekyll), else NULL */
	const char *locale;      /* "fr": front matter, else folder, else file name, else default */
	const char *tkey;        /* translation key: pages sharing it translate each other */
	bool output;             /* gets written (published, output collection) */
	bool has_date;
	value_time_t date;
	const char *url;         /* "/agora" */
	const char *out_path;    /* "agora.html" */
	value_t *vars;           /* what templates see as page.* */
	page_t *layout;          /* first layout of the chain, or NULL */
	bool generated;          /* made by the index step (pagination, tags): src is its origin */
	value_t *paginator;      /* `paginator` for this page, or NULL */
	bool deck;               /* a slide deck (layout: slides, or the slides collection) */
	page_t *deck_of;         /* a deck's per-slide or print page: its deck */
	size_t slide_no;         /* the slide shown (1-based); 0 for the print page */
	page_t **slide_pages;    /* a deck's generated pages, and how many */
	size_t nslide_pages;
	size_t nslides;          /* slides counted in the source (index) */

	/* render */
	str_t content;           /* body after Liquid and Markdown */
	value_t *slides;         /* a deck's slides: [{index, html, notes, class}] */
	str_t html;              /* the final output, kept only by in-memory builds (pnyx check) */
	str_t search_entry;      /* its entry of search.json, once made (NULL: to make) */
	bool used_showing;       /* rendering it loaded an include with shows_others */
	bool reads_others;       /* its templates may show other pages' content or excerpts */
};

/* Reads and parses one source file into p (p->src set by the caller).
 * Allocations come from a (an arena living as long as the build). On bad
 * input adds diagnostics and sets p->failed. */
void page_parse(page_t *p, const config_t *cfg, arena_t *a, diag_list_t *d);
/* True when a template's text may show other pages' content or excerpts
 * (`.content`, `excerpt`, `paginator` in a template with Liquid in it):
 * what pnyx serve re-renders, besides the page, after a body edit. */
bool page_text_shows_others(str_t text);
/* True for the extensions converted from Markdown. */
bool page_is_markdown_name(const char *name);

#endif
