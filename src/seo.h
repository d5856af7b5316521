/* seo.h - {% seo %}: the <head> tags jekyll-seo-tag (2.8) writes.
 *
 * minima, the layout most Jekyll sites start from, calls it: the page's
 * <title>, description, canonical URL, Open Graph and Twitter tags, and a
 * JSON-LD object, worked out from page.* and site.* as the plugin does
 * (the title "Page | Site", the description from page.description or the
 * excerpt, through markdownify, strip_html, normalize_whitespace and
 * escape_once; the author from page.author or site.author and
 * site.data.authors; ...). Built on the Liquid filters, called directly.
 * The generator tag names pnyx. */
#ifndef PNYX_SEO_H
#define PNYX_SEO_H

#include "buf.h"
#include "liquid/liquid.h"
#include "str.h"
#include "value.h"

/* Appends the tags for the page being rendered in ctx. `text` is the
 * tag's own text ("title=false" leaves <title> out); `front` the page's
 * front matter as written (pnyx gives every page a locale: the tag reads
 * only one its author set); `document` is true for a collection's
 * document (a post): only those have an excerpt in Jekyll. */
void seo_write(liquid_ctx_t *ctx, str_t text, const value_t *front, bool document, buf_t *out);

#endif
