/* markdown.h - Markdown to HTML with libcmark-gfm and its extensions.
 *
 * Thread safety: libcmark-gfm 0.29 keeps the table of special inline
 * characters in one global that each parser edits (see design.md); this
 * module makes concurrent rendering safe. markdown_init() must be called
 * once, before any thread renders. */
#ifndef PNYX_MARKDOWN_H
#define PNYX_MARKDOWN_H

#include <stdbool.h>

#include "buf.h"
#include "str.h"

typedef struct {
	bool heading_ids;  /* <h2 id="slug"> on Markdown headings (not raw HTML ones) */
	bool hardbreaks;   /* soft line breaks become <br /> */
	bool french_typography; /* no-break spaces before ; : ! ? and inside « » (typo.h) */
	bool kramdown;     /* as Jekyll's kramdown (GFM input): typographic quotes and dashes, Rouge's code markup, styled table alignment */
} markdown_opts_t;

/* Registers the core extensions; call once before threads start. */
void markdown_init(void);
/* Renders src (GFM: tables, strikethrough, autolinks, task lists; raw
 * HTML passes through untouched) and appends the HTML to out. */
void markdown_render(str_t src, const markdown_opts_t *o, buf_t *out);
/* Appends the anchor id of a heading text: lower case, letters (any
 * script), digits, '-' and '_' kept, spaces to '-', the rest dropped, as
 * GitHub does. Empty text gives "section". */
void markdown_slug(str_t text, buf_t *out);

#endif
