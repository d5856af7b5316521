#include "render.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "liquid/liquid.h"
#include "markdown.h"
#include "mdhtml.h"
#include "outputs.h"
#include "sass.h"
#include "seo.h"
#include "slides.h"

static const markdown_opts_t page_markdown = { .heading_ids = true };

/* What the Liquid host callbacks get: the site, and the page rendered (one
 * render_host_t per render, on the stack of the thread rendering it). */
typedef struct {
	const site_t *site;
	page_t *page;
} render_host_t;

static const site_t *host_site(void *ud)
{
	return ((const render_host_t *)ud)->site;
}

static const site_t *ctx_site(liquid_ctx_t *ctx)
{
	return host_site(liquid_ctx_host(ctx)->ud);
}

/* The locale of the page being rendered, as templates see it. */
static const char *ctx_locale(liquid_ctx_t *ctx, const site_t *s)
{
	const char *l = value_cstr(value_get_cstr(liquid_ctx_lookup(ctx, STR_LIT("page")), "locale"));
	return l ? l : s->cfg->default_locale;
}

/* {{ "read_more" | t }} and {{ "posts" | t: count: n }}: a UI string in
 * the page's locale; a missing one falls back to the default locale, then
 * to the key itself, with a warning. */
static value_t *filter_t(liquid_ctx_t *ctx, value_t *input, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	const site_t *s = ctx_site(ctx);
	arena_t *a = liquid_ctx_arena(ctx);
	str_t key = value_to_str(a, input);
	const value_t *count = value_get_cstr(kwargs, "count");
	if (!count && argc > 0)
		count = argv[0];
	const char *locale = ctx_locale(ctx, s);
	if (count && count->kind != VALUE_NIL && !value_is_number(count) &&
	    !(count->kind == VALUE_STRING && count->s.n && strspn(count->s.p, "0123456789.-") == count->s.n))
		liquid_ctx_warning(ctx, "t: count must be a number, not '%s'", value_to_str(a, count).p);
	i18n_status_t st;
	const char *text = i18n_translate(s->i18n, locale, key, count, a, &st);
	if (st == I18N_FALLBACK)
		liquid_ctx_warning(ctx, "no '%s' string in locale '%s': using '%s'", key.p, locale,
				   s->cfg->default_locale);
	else if (st == I18N_MISSING)
		liquid_ctx_warning(ctx, "no '%s' string in any locale (add it to i18n/%s.yml)", key.p,
				   locale);
	return text ? value_new_cstr(a, text) : value_new_string(a, key.p, key.n);
}

static const liquid_date_names_t *host_date_names(void *ud, liquid_ctx_t *ctx)
{
	const site_t *s = host_site(ud);
	return i18n_date_names(s->i18n, ctx_locale(ctx, s));
}

static const liquid_template_t *host_partial(void *ud, str_t name, bool is_render)
{
	(void)is_render;
	render_host_t *h = ud;
	page_t *inc = site_include(h->site, name);
	if (!inc || inc->failed)
		return NULL;
	if (inc->shows_others)
		h->page->used_showing = true; /* only this page's thread writes it */
	return inc->tpl;
}

static void host_markdownify(void *ud, str_t in, buf_t *out)
{
	const site_t *s = host_site(ud);
	markdown_opts_t mo = page_markdown;
	mo.kramdown = s->cfg->jekyll;
	markdown_render(in, &mo, out);
}

/* The URL of a page with the baseurl, as Jekyll 4's link tags give it. */
static value_t *page_link(liquid_ctx_t *ctx, const page_t *p)
{
	const site_t *s = ctx_site(ctx);
	return value_new_cstr(liquid_ctx_arena(ctx), arena_printf(liquid_ctx_arena(ctx), "%s%s", s->cfg->baseurl, p->url));
}

/* {% post_url 2017-03-03-hello %}: the post of that file name (a folder
 * under _posts may be given too). */
static value_t *tag_post_url(liquid_ctx_t *ctx, value_t *input, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	const site_t *s = ctx_site(ctx);
	str_t name = value_to_str(liquid_ctx_arena(ctx), input);
	for (size_t i = 0; i < s->nrender; i++) {
		const page_t *p = s->render[i];
		if (!p->collection || !p->collection->posts || p->generated)
			continue;
		const char *rel = p->src->rel + strlen(p->collection->dir) + 1;
		const char *dot = strrchr(rel, '.');
		size_t n = dot ? (size_t)(dot - rel) : strlen(rel);
		const char *slash = strrchr(rel, '/');
		const char *base = slash && slash < rel + n ? slash + 1 : rel;
		size_t bn = n - (size_t)(base - rel);
		if ((n == name.n && memcmp(rel, name.p, n) == 0) || (bn == name.n && memcmp(base, name.p, bn) == 0))
			return page_link(ctx, p);
	}
	liquid_ctx_error(ctx, "post_url: no post named '%s'", name.p);
	return value_nil();
}

/* {% link about.md %}: the page made from that file (path from the site root). */
static value_t *tag_link(liquid_ctx_t *ctx, value_t *input, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	const site_t *s = ctx_site(ctx);
	str_t path = value_to_str(liquid_ctx_arena(ctx), input);
	if (path.n && path.p[0] == '/')
		path.p++, path.n--;
	for (size_t i = 0; i < s->nrender; i++)
		if (!s->render[i]->generated && str_eq_cstr(path, s->render[i]->src->site_rel))
			return page_link(ctx, s->render[i]);
	for (size_t i = 0; i < s->ncopies; i++)
		if (str_eq_cstr(path, s->copies[i]->src->site_rel))
			return value_new_cstr(liquid_ctx_arena(ctx), arena_printf(liquid_ctx_arena(ctx), "%s/%s",
				s->cfg->baseurl, s->copies[i]->out_path));
	liquid_ctx_error(ctx, "link: no page or file '%s' in the site", path.p);
	return value_nil();
}

/* An attribute value as Ruby's encode(xml: :attr) writes it: & < > " only. */
static void put_xml_attr(buf_t *b, const char *v)
{
	for (; *v; v++)
		switch (*v) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *v);
		}
}

/* {% feed_meta %} (jekyll-feed): the <link> to the feed of the page's
 * locale, as the plugin writes it; nothing when the site has no feed. */
static value_t *tag_feed_meta(liquid_ctx_t *ctx, value_t *input, size_t argc, value_t **argv,
			      value_t *kwargs)
{
	const site_t *s = ctx_site(ctx);
	arena_t *a = liquid_ctx_arena(ctx);
	const char *path = outputs_feed_path(s, ctx_locale(ctx, s), a);
	if (!path)
		return value_new_cstr(a, "");
	const char *title = value_cstr(value_get_cstr(s->site, "title"));
	if (!title)
		title = value_cstr(value_get_cstr(s->site, "name"));
	buf_t b = BUF_INIT;
	buf_printf(&b, "<link type=\"application/atom+xml\" rel=\"alternate\" href=\"%s%s/", s->cfg->url,
		   s->cfg->baseurl);
	put_xml_attr(&b, path);
	buf_putc(&b, '"');
	if (title) {
		buf_puts(&b, " title=\"");
		put_xml_attr(&b, title);
		buf_putc(&b, '"');
	}
	buf_puts(&b, " />");
	value_t *v = value_new_string(a, b.p, b.n);
	buf_free(&b);
	return v;
}

/* {% seo %} (jekyll-seo-tag): see seo.h. */
static value_t *tag_seo(liquid_ctx_t *ctx, value_t *input, size_t argc, value_t **argv,
			value_t *kwargs)
{
	const render_host_t *h = liquid_ctx_host(ctx)->ud;
	arena_t *a = liquid_ctx_arena(ctx);
	buf_t b = BUF_INIT;
	seo_write(ctx, value_to_str(a, input), h->page->front, h->page->collection != NULL, &b);
	value_t *v = value_new_string(a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return v;
}

/* `jekyll.environment`: JEKYLL_ENV, else "development", as Jekyll gives it
 * (themes load analytics only in "production"). Read once, before threads. */
static const char *environment;

void render_init(void)
{
	static bool done; /* called from the main thread only */
	if (done)
		return;
	done = true;
	liquid_init();
	const char *env = getenv("JEKYLL_ENV");
	environment = env && *env ? env : "development";
	liquid_register_filter("t", filter_t);
	liquid_register_text_tag("post_url", tag_post_url);
	liquid_register_text_tag("link", tag_link);
	liquid_register_text_tag("feed_meta", tag_feed_meta);
	liquid_register_text_tag("seo", tag_seo);
	markdown_init();
}

static int render_template(const site_t *s, page_t *p, const liquid_template_t *tpl,
			   value_t *globals, arena_t *tmp, buf_t *out, diag_list_t *d)
{
	render_host_t h = { s, p };
	liquid_host_t host = { .ud = &h, .load_partial = host_partial,
			       .markdownify = host_markdownify, .date_names = host_date_names };
	liquid_render_opts_t o = { .globals = globals, .host = &host, .arena = tmp, .diags = d };
	return liquid_render(tpl, &o, out);
}

static value_t *globals_for(const site_t *s, const page_t *p, arena_t *tmp)
{
	value_t *g = value_new_hash(tmp, 5);
	value_hash_set_cstr(tmp, g, "site", s->site);
	value_hash_set_cstr(tmp, g, "page", p->vars);
	if (p->paginator)
		value_hash_set_cstr(tmp, g, "paginator", p->paginator);
	value_t *j = value_new_hash(tmp, 1);
	value_hash_set_cstr(tmp, j, "environment", value_new_cstr(tmp, environment));
	value_hash_set_cstr(tmp, g, "jekyll", j);
	return g;
}

/* French pages get French spacing unless the site or the page says
 * `typography: false` (a Jekyll site only with `typography: true`). */
static bool wants_french_typography(const site_t *s, const page_t *p)
{
	if (strncmp(p->locale ? p->locale : "", "fr", 2) != 0)
		return false;
	value_t *v = value_get_cstr(p->front, "typography");
	if (!v)
		v = value_get_cstr(s->site, "typography");
	if (s->cfg->jekyll) /* jekyll build does not: only when asked */
		return v && v->kind == VALUE_BOOL && v->b;
	return !(v && v->kind == VALUE_BOOL && !v->b);
}

/* Markdown of a page (or one of its slides) to HTML, appended to out. */
static void page_markdown_to(const site_t *s, const page_t *p, str_t md, buf_t *out)
{
	buf_t prepared = BUF_INIT;
	mdhtml_dedent(md, &prepared);
	markdown_opts_t mo = page_markdown;
	mo.kramdown = s->cfg->jekyll;
	/* slides are rendered one by one: ids would repeat across a deck, and
	 * a deck is navigated by slide number (#5), not by heading */
	mo.heading_ids = !p->deck;
	mo.french_typography = wants_french_typography(s, p);
	markdown_render(buf_str(&prepared), &mo, out);
	buf_free(&prepared);
}

/* A stylesheet page: its Sass, after Liquid, to CSS. @import looks in the
 * page's own folder first, then in the site's Sass folders (config.h). */
static int page_sass_to(const site_t *s, const page_t *p, str_t scss, arena_t *tmp, buf_t *out,
			diag_list_t *d)
{
	const config_t *cfg = s->cfg;
	const char **paths = ARENA_ARRAY(tmp, const char *, cfg->nsass_paths + 1);
	size_t n = 0;
	const char *slash = strrchr(p->src->path, '/');
	paths[n++] = slash ? arena_strndup(tmp, p->src->path, (size_t)(slash - p->src->path)) : ".";
	for (size_t i = 0; i < cfg->nsass_paths; i++) {
		const char *sp = cfg->sass_paths[i];
		paths[n++] = strcmp(cfg->source, ".") == 0 || sp[0] == '/' ? sp
			     : arena_printf(tmp, "%s/%s", cfg->source, sp);
	}
	sass_opts_t o = { .path = p->src->path, .first_line = p->body_line,
			  .indented = str_ends_with(str_cstr(p->src->path), ".sass"),
			  .style = cfg->sass_style, .load_paths = paths, .nload_paths = n };
	return sass_compile(scss, &o, out, d);
}

/* A deck: the Liquid output split into slides, each rendered on its own,
 * as <section class="slide"> elements; page.slides keeps them for the
 * per-slide pages. */
static int render_deck(const site_t *s, page_t *p, str_t md, arena_t *keep, buf_t *out, diag_list_t *d)
{
	slide_list_t list;
	slides_split(keep, md, &list);
	if (list.n != p->nslides)
		return diag_error(d, p->src->path, p->body_line, 1,
				  "the deck has %zu slides after Liquid but %zu in its source: keep the --- lines out of Liquid tags",
				  list.n, p->nslides);
	p->slides = value_new_array(keep, list.n);
	buf_t html = BUF_INIT, notes = BUF_INIT;
	for (size_t i = 0; i < list.n; i++) {
		const slide_t *sl = &list.items[i];
		buf_clear(&html);
		buf_clear(&notes);
		page_markdown_to(s, p, sl->body, &html);
		if (sl->notes.n)
			page_markdown_to(s, p, sl->notes, &notes);
		buf_printf(out, "<section class=\"slide%s%s\" id=\"slide-%zu\" data-slide=\"%zu\" aria-label=\"%zu / %zu\">"
				"<div class=\"slide-body\">\n", *sl->cls ? " " : "", sl->cls, i + 1, i + 1, i + 1, list.n);
		buf_put_str(out, buf_str(&html));
		buf_puts(out, "</div>");
		if (notes.n) {
			buf_puts(out, "<div class=\"notes\" role=\"note\">\n");
			buf_put_str(out, buf_str(&notes));
			buf_puts(out, "</div>");
		}
		buf_puts(out, "</section>\n");
		value_t *v = value_new_hash(keep, 4);
		value_hash_set_cstr(keep, v, "index", value_new_int(keep, (int64_t)i + 1));
		value_hash_set_cstr(keep, v, "html", value_new_string(keep, html.p ? html.p : "", html.n));
		value_hash_set_cstr(keep, v, "notes", value_new_string(keep, notes.p ? notes.p : "", notes.n));
		value_hash_set_cstr(keep, v, "class", value_new_cstr(keep, sl->cls));
		value_array_push(keep, p->slides, v);
	}
	buf_free(&html);
	buf_free(&notes);
	return 0;
}

int render_body(const site_t *s, page_t *p, arena_t *keep, arena_t *tmp, diag_list_t *d)
{
	p->used_showing = false; /* this render and its layouts' say again */
	if (p->deck_of) { /* a slide's own page, or the print page */
		p->content = p->slide_no ? str_cstr(value_cstr(value_get_cstr(
						   p->deck_of->slides->a.items[p->slide_no - 1], "html")))
					 : p->deck_of->content;
		return 0;
	}
	if (!p->tpl) { /* a generated page: its body is ready-made HTML, or none */
		p->content = p->body.p ? p->body : (str_t){ "", 0 };
		return 0;
	}
	buf_t html = BUF_INIT;
	int rc = render_template(s, p, p->tpl, globals_for(s, p, tmp), tmp, &html, d);
	if (rc == 0 && p->sass) {
		buf_t scss = html;
		html = BUF_INIT;
		rc = page_sass_to(s, p, buf_str(&scss), tmp, &html, d);
		buf_free(&scss);
	}
	if (rc == 0 && (p->markdown || p->deck)) {
		buf_t md = html;
		html = BUF_INIT;
		if (p->deck)
			rc = render_deck(s, p, buf_str(&md), keep, &html, d);
		else
			page_markdown_to(s, p, buf_str(&md), &html);
		buf_free(&md);
	}
	p->content = arena_str(keep, buf_str(&html));
	buf_free(&html);
	return rc;
}

static bool is_void_element(const char *name, size_t n)
{
	static const char *const v[] = { "area", "base", "br", "col", "embed", "hr", "img",
					 "input", "link", "meta", "source", "track", "wbr" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strlen(v[i]) == n && strncasecmp(v[i], name, n) == 0)
			return true;
	return false;
}

/* An excerpt cut at a separator inside a paragraph leaves "<p>Suite ":
 * close what is still open, innermost first. */
static void close_open_tags(buf_t *b)
{
	str_t open[64];
	size_t depth = 0;
	for (const char *p = b->p ? b->p : "", *end = p + b->n; (p = memchr(p, '<', (size_t)(end - p)));) {
		p++;
		bool closing = p < end && *p == '/';
		const char *name = p + closing;
		size_t n = 0;
		while (name + n < end && (isalnum((unsigned char)name[n])))
			n++;
		const char *gt = memchr(name, '>', (size_t)(end - name));
		if (!n || !gt || is_void_element(name, n) || gt[-1] == '/')
			continue;
		if (!closing && depth < 64)
			open[depth++] = str_from(name, n);
		else if (closing && depth && open[depth - 1].n == n && strncasecmp(open[depth - 1].p, name, n) == 0)
			depth--;
	}
	while (depth--)
		buf_printf(b, "</%.*s>", (int)open[depth].n, open[depth].p);
}

/* page.excerpt: front matter `excerpt` or `description`, else the
 * converted body up to the excerpt separator (the page's or site's
 * `excerpt_separator`, found as written in the source, e.g. <!--more-->),
 * else its first paragraph. */
static value_t *excerpt_of(const site_t *s, const page_t *p, arena_t *a)
{
	value_t *v = value_get_cstr(p->front, "excerpt");
	if (!v || v->kind != VALUE_STRING)
		v = value_get_cstr(p->front, "description");
	if (v && v->kind == VALUE_STRING)
		return v;
	const char *html = p->content.p ? p->content.p : "";
	const char *sep = value_cstr(value_get_cstr(p->front, "excerpt_separator"));
	if (!sep)
		sep = value_cstr(value_get_cstr(s->site, "excerpt_separator"));
	const char *cut = sep && *sep ? strstr(html, sep) : NULL;
	if (!cut) {
		cut = strstr(html, "</p>");
		cut = cut ? cut + 4 : html + p->content.n;
	}
	buf_t b = BUF_INIT;
	buf_put(&b, html, (size_t)(cut - html));
	close_open_tags(&b);
	value_t *excerpt = value_new_string(a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return excerpt;
}

/* page.slides of a deck, and what each of its slide pages shows. */
static void publish_slides(page_t *deck, arena_t *a)
{
	value_hash_set_cstr(a, deck->vars, "slides", deck->slides);
	for (size_t i = 0; i < deck->nslide_pages; i++) {
		page_t *q = deck->slide_pages[i];
		if (!q->slide_no || q->slide_no > deck->slides->a.n)
			continue;
		value_t *sl = deck->slides->a.items[q->slide_no - 1];
		value_hash_set_cstr(a, q->vars, "slide_html", value_get_cstr(sl, "html"));
		value_hash_set_cstr(a, q->vars, "slide_notes", value_get_cstr(sl, "notes"));
		value_hash_set_cstr(a, q->vars, "slide_class", value_get_cstr(sl, "class"));
	}
}

void render_publish_content(const site_t *s, page_t **pages, size_t n, arena_t *a)
{
	for (size_t i = 0; i < n; i++) {
		page_t *p = pages[i];
		value_hash_set_cstr(a, p->vars, "content",
				    value_new_string_ref(a, p->content.p ? p->content.p : "", p->content.n));
		if (!p->generated)
			value_hash_set_cstr(a, p->vars, "excerpt", excerpt_of(s, p, a));
		if (p->deck && p->slides)
			publish_slides(p, a);
	}
}

/* layout.*: this layout's front matter, overridden by the layouts it wraps
 * (Jekyll merges them the same way, so a post layout's keys reach default). */
static value_t *layout_vars(arena_t *tmp, value_t *front, const value_t *inner)
{
	if (!inner)
		return front;
	value_t *v = value_new_hash(tmp, front->h.n + inner->h.n);
	for (size_t i = 0; i < front->h.n; i++)
		value_hash_set(tmp, v, front->h.entries[i].key, front->h.entries[i].val);
	for (size_t i = 0; i < inner->h.n; i++)
		value_hash_set(tmp, v, inner->h.entries[i].key, inner->h.entries[i].val);
	return v;
}

int render_layouts(const site_t *s, page_t *p, arena_t *tmp, buf_t *out, diag_list_t *d)
{
	if (!p->layout) {
		buf_put_str(out, p->content);
		return 0;
	}
	str_t content = p->content;
	buf_t cur = BUF_INIT;
	int rc = 0;
	value_t *inner = NULL;
	for (const page_t *l = p->layout; l; l = l->layout) {
		value_t *g = globals_for(s, p, tmp);
		inner = layout_vars(tmp, l->front, inner);
		value_hash_set_cstr(tmp, g, "layout", inner);
		value_hash_set_cstr(tmp, g, "content", value_new_string_ref(tmp, content.p ? content.p : "", content.n));
		buf_clear(&cur);
		if (render_template(s, p, l->tpl, g, tmp, &cur, d) != 0) {
			rc = -1;
			break;
		}
		content = arena_str(tmp, buf_str(&cur));
	}
	if (rc == 0)
		buf_put_str(out, content);
	buf_free(&cur);
	return rc;
}
