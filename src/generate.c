#include "generate.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "permalink.h"
#include "slides.h"
#include "util.h"

typedef struct {
	site_t *s;
	arena_t *a;
	diag_list_t *d;
} gen_t;

static void set_str(gen_t *g, value_t *h, const char *key, const char *val)
{
	value_hash_set_cstr(g->a, h, key, value_new_cstr(g->a, val));
}

static bool is_default_locale(const config_t *cfg, const char *locale)
{
	return strcmp(locale, cfg->default_locale) == 0 && !cfg->prefix_default_locale;
}

/* The documents of a collection (by site.NAME) in one locale. */
static value_t *docs_in_locale(gen_t *g, const char *collection, const char *locale)
{
	value_t *all = value_get_cstr(g->s->site, collection);
	value_t *out = value_new_array(g->a, all ? all->a.n : 0);
	for (size_t i = 0; all && i < all->a.n; i++)
		if (strcmp(value_cstr(value_get_cstr(all->a.items[i], "locale")), locale) == 0)
			value_array_push(g->a, out, all->a.items[i]);
	return out;
}

static value_t *copy_hash(gen_t *g, const value_t *h)
{
	value_t *v = value_new_hash(g->a, h->h.n + 2);
	for (size_t i = 0; i < h->h.n; i++)
		value_hash_set(g->a, v, h->h.entries[i].key, h->h.entries[i].val);
	return v;
}

/* ---- pagination --------------------------------------------------------- */

/* "/blog/" -> "/blog/", "/blog/index.html" or "/blog.html" -> "/blog/" */
static const char *pager_base(gen_t *g, const char *url)
{
	size_t n = strlen(url);
	if (n && url[n - 1] == '/')
		return url;
	const char *slash = strrchr(url, '/');
	const char *dot = strrchr(url, '.');
	if (dot && dot > slash) {
		if (strcmp(slash + 1, "index.html") == 0)
			return arena_strndup(g->a, url, (size_t)(slash - url) + 1);
		return arena_printf(g->a, "%.*s/", (int)(dot - url), url);
	}
	return arena_printf(g->a, "%s/", url);
}

static const char *pager_path(gen_t *g, const char *base, const char *first, size_t k)
{
	return k == 1 ? first : arena_printf(g->a, "%spage/%zu/", base, k);
}

/* `paginator` for page k of `pages`; paths[j] is page j's URL (1-based). */
static value_t *paginator(gen_t *g, value_t *items, size_t per, size_t k, size_t pages,
			  const char *const *paths)
{
	value_t *v = value_new_hash(g->a, 10);
	size_t from = (k - 1) * per, to = from + per < items->a.n ? from + per : items->a.n;
	value_t *slice = value_new_array(g->a, to - from);
	for (size_t i = from; i < to; i++)
		value_array_push(g->a, slice, items->a.items[i]);
	value_hash_set_cstr(g->a, v, "page", value_new_int(g->a, (int64_t)k));
	value_hash_set_cstr(g->a, v, "per_page", value_new_int(g->a, (int64_t)per));
	value_hash_set_cstr(g->a, v, "posts", slice);
	value_hash_set_cstr(g->a, v, "items", slice);
	value_hash_set_cstr(g->a, v, "total_posts", value_new_int(g->a, (int64_t)items->a.n));
	value_hash_set_cstr(g->a, v, "total_pages", value_new_int(g->a, (int64_t)pages));
	value_hash_set_cstr(g->a, v, "previous_page", k > 1 ? value_new_int(g->a, (int64_t)k - 1) : value_nil());
	value_hash_set_cstr(g->a, v, "previous_page_path",
			    k > 1 ? value_new_cstr(g->a, paths[k - 1]) : value_nil());
	value_hash_set_cstr(g->a, v, "next_page", k < pages ? value_new_int(g->a, (int64_t)k + 1) : value_nil());
	value_hash_set_cstr(g->a, v, "next_page_path",
			    k < pages ? value_new_cstr(g->a, paths[k + 1]) : value_nil());
	return v;
}

/* A copy of page p at another URL. */
static page_t *clone_at(gen_t *g, const page_t *p, const char *url)
{
	page_t *q = ARENA_NEW(g->a, page_t);
	*q = *p;
	q->generated = true;
	q->url = url;
	q->out_path = permalink_output_path(g->a, url);
	q->vars = copy_hash(g, p->vars);
	set_str(g, q->vars, "url", url);
	return q;
}

/* paginate: N, or {per_page: N, collection: NAME}. */
static int paginate_page(gen_t *g, page_t *p, const value_t *spec)
{
	const collection_cfg_t *posts = site_posts_collection(g->s);
	const value_t *n = spec->kind == VALUE_HASH ? value_get_cstr(spec, "per_page") : spec;
	const char *coll = spec->kind == VALUE_HASH ? value_cstr(value_get_cstr(spec, "collection")) : NULL;
	if (!coll)
		coll = posts ? posts->name : "posts";
	if (!n || n->kind != VALUE_INT || n->i < 1 || n->i > 100000)
		return diag_error(g->d, p->src->path, (int)spec->line, (int)spec->col,
				  "paginate: a number of items per page (1 to 100000), or {per_page: N, collection: NAME}");
	if (!value_get_cstr(g->s->site, coll) || value_get_cstr(g->s->site, coll)->kind != VALUE_ARRAY)
		return diag_error(g->d, p->src->path, (int)spec->line, (int)spec->col,
				  "paginate: no collection '%s'", coll);
	value_t *items = docs_in_locale(g, coll, p->locale);
	size_t per = (size_t)n->i;
	size_t pages = items->a.n ? (items->a.n + per - 1) / per : 1;
	const char *base = pager_base(g, p->url);
	const char **paths = ARENA_ARRAY(g->a, const char *, pages + 1);
	for (size_t k = 1; k <= pages; k++)
		paths[k] = pager_path(g, base, p->url, k);
	for (size_t k = 1; k <= pages; k++) {
		page_t *q = k == 1 ? p : clone_at(g, p, paths[k]);
		q->paginator = paginator(g, items, per, k, pages, paths);
		if (k > 1)
			site_add_render(g->s, q);
	}
	return 0;
}

/* ---- jekyll-paginate ---------------------------------------------------- */

/* The folder of paginate_path ("/blog/page:num/" -> "blog", "/page:num" -> ""). */
static const char *paginate_dir(gen_t *g, const char *path)
{
	while (*path == '/')
		path++;
	size_t n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	const char *slash = memrchr(path, '/', n);
	return slash ? arena_strndup(g->a, path, (size_t)(slash - path)) : "";
}

/* The page the plugin paginates: an index.html in that folder or the
 * nearest above it. */
static page_t *paginate_template(gen_t *g, const char *dir)
{
	page_t *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < g->s->nrender; i++) {
		page_t *p = g->s->render[i];
		const char *rel = p->src->site_rel, *slash = strrchr(rel, '/');
		size_t n = slash ? (size_t)(slash - rel) : 0;
		if (p->generated || strcmp(slash ? slash + 1 : rel, "index.html") != 0)
			continue;
		bool above = n == 0 || (strncmp(dir, rel, n) == 0 && (dir[n] == '\0' || dir[n] == '/'));
		if (above && (!best || n > best_len))
			best = p, best_len = n;
	}
	return best;
}

/* jekyll-paginate (v1), for a Jekyll site that lists it: `paginate: N`
 * spreads site.posts (less `hidden: true` ones) over that index.html;
 * page K > 1 is written at paginate_path with :num = K ("/page2/"). Its
 * paths carry no baseurl, as the plugin's do. */
static int jekyll_paginate(gen_t *g)
{
	const value_t *n = value_get_cstr(g->s->site, "paginate");
	if (!g->s->cfg->jekyll || !n || n->kind != VALUE_INT || n->i < 1 || !site_has_plugin(g->s, "jekyll-paginate"))
		return 0;
	const char *format = value_cstr(value_get_cstr(g->s->site, "paginate_path"));
	if (!format)
		format = "/page:num";
	page_t *p = paginate_template(g, paginate_dir(g, format));
	value_t *all = value_get_cstr(g->s->site, "posts");
	if (!p || !all || all->kind != VALUE_ARRAY || !all->a.n)
		return 0;
	value_t *items = value_new_array(g->a, all->a.n);
	for (size_t i = 0; i < all->a.n; i++)
		if (!value_truthy(value_get_cstr(all->a.items[i], "hidden")))
			value_array_push(g->a, items, all->a.items[i]);
	size_t per = (size_t)n->i, pages = (items->a.n + per - 1) / per;
	const char **paths = ARENA_ARRAY(g->a, const char *, pages + 1);
	const char *num = strstr(format, ":num");
	for (size_t k = 1; k <= pages; k++)
		paths[k] = k == 1 || !num ? p->url
			   : arena_printf(g->a, "%s%.*s%zu%s", format[0] == '/' ? "" : "/", (int)(num - format),
					  format, k, num + 4);
	for (size_t k = 1; k <= pages; k++) {
		size_t len = strlen(paths[k]);
		const char *url = len && paths[k][len - 1] == '/' ? paths[k] : arena_printf(g->a, "%s/", paths[k]);
		page_t *q = k == 1 ? p : clone_at(g, p, url);
		q->paginator = paginator(g, items, per, k, pages, paths);
		if (k > 1)
			site_add_render(g->s, q);
	}
	return 0;
}

static int paginate_all(gen_t *g)
{
	int rc = 0;
	size_t n = g->s->nrender; /* pages added here are not paginated again */
	for (size_t i = 0; i < n; i++) {
		page_t *p = g->s->render[i];
		const value_t *spec = value_get_cstr(p->front, "paginate");
		if (spec && spec->kind != VALUE_NIL && paginate_page(g, p, spec) != 0)
			rc = -1;
	}
	return rc;
}

/* ---- tags --------------------------------------------------------------- */

/* value of `attr` (a list) -> the documents that have it, in the order
 * of docs (newest first); keys in the order docs met them from the oldest. */
static value_t *attr_index(gen_t *g, const value_t *docs, const char *attr)
{
	value_t *index = value_new_hash(g->a, 16);
	for (size_t i = docs->a.n; i-- > 0;) {
		value_t *list = value_get_cstr(docs->a.items[i], attr);
		if (!list || list->kind != VALUE_ARRAY)
			continue;
		for (size_t j = 0; j < list->a.n; j++) {
			str_t t = value_to_str(g->a, list->a.items[j]);
			if (!t.n)
				continue;
			value_t *arr = value_get(index, t);
			if (!arr) {
				arr = value_new_array(g->a, 4);
				value_hash_set(g->a, index, t, arr);
			}
			value_array_push(g->a, arr, docs->a.items[i]);
		}
	}
	for (size_t k = 0; k < index->h.n; k++) { /* pushed oldest first */
		value_t *arr = index->h.entries[k].val;
		for (size_t a = 0, b = arr->a.n; a + 1 < b; a++, b--) {
			value_t *t = arr->a.items[a];
			arr->a.items[a] = arr->a.items[b - 1];
			arr->a.items[b - 1] = t;
		}
	}
	return index;
}

/* tag -> documents, tags sorted by name. */
static value_t *tag_index(gen_t *g, const value_t *docs)
{
	return value_hash_sorted(g->a, attr_index(g, docs, "tags"));
}

/* A generated page rendered by `layout` only (no body of its own). */
static page_t *tag_page(gen_t *g, page_t *layout, const collection_cfg_t *c, const char *locale,
			const value_entry_t *tag)
{
	const char *pattern = value_cstr(value_get_cstr(c->meta, "tag_permalink"));
	if (!pattern)
		pattern = "/:collection/tags/:tag/";
	const char *slug = permalink_slugify(g->a, tag->key.p);
	buf_t b = BUF_INIT;
	for (const char *q = pattern; *q; q++) {
		if (strncmp(q, ":tag", 4) == 0) {
			buf_puts(&b, slug);
			q += 3;
		} else if (strncmp(q, ":collection", 11) == 0) {
			buf_puts(&b, c->name);
			q += 10;
		} else {
			buf_putc(&b, *q);
		}
	}
	const char *err;
	const char *url = permalink_clean(g->a, buf_cstr(&b), &err);
	buf_free(&b);
	if (!url)
		return NULL;
	if (!is_default_locale(g->s->cfg, locale))
		url = arena_printf(g->a, "/%s%s", locale, url);
	page_t *p = ARENA_NEW(g->a, page_t);
	p->src = layout->src;
	p->generated = true;
	p->output = true;
	p->locale = locale;
	p->tkey = arena_printf(g->a, "tag:%s:%s", c->name, slug);
	p->front = value_new_hash(g->a, 1);
	set_str(g, p->front, "layout", value_cstr(value_get_cstr(c->meta, "tag_layout")));
	p->url = url;
	p->out_path = permalink_output_path(g->a, url);
	p->vars = value_new_hash(g->a, 8);
	value_hash_set_cstr(g->a, p->vars, "title", value_new_string(g->a, tag->key.p, tag->key.n));
	value_hash_set_cstr(g->a, p->vars, "tag", value_new_string(g->a, tag->key.p, tag->key.n));
	value_hash_set_cstr(g->a, p->vars, "posts", tag->val);
	set_str(g, p->vars, "url", url);
	set_str(g, p->vars, "locale", locale);
	set_str(g, p->vars, "slug", slug);
	set_str(g, p->vars, "layout", value_cstr(value_get_cstr(c->meta, "tag_layout")));
	return p;
}

/* page.translations of tag pages: the same tag's page in other locales. */
static void link_tag_translations(gen_t *g, page_t **pages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		value_t *arr = value_new_array(g->a, 2);
		for (size_t j = 0; j < n; j++) {
			if (strcmp(pages[i]->tkey, pages[j]->tkey) != 0)
				continue;
			value_t *t = value_new_hash(g->a, 3);
			set_str(g, t, "locale", pages[j]->locale);
			set_str(g, t, "url", pages[j]->url);
			value_hash_set_cstr(g->a, t, "title", value_get_cstr(pages[j]->vars, "title"));
			value_array_push(g->a, arr, t);
		}
		value_hash_set_cstr(g->a, pages[i]->vars, "translations", arr);
	}
}

static int tags_of_collection(gen_t *g, const collection_cfg_t *c)
{
	const config_t *cfg = g->s->cfg;
	const char *layout_name = value_cstr(value_get_cstr(c->meta, "tag_layout"));
	page_t *layout = layout_name ? site_layout(g->s, str_cstr(layout_name)) : NULL;
	if (layout_name && !layout) {
		value_t *v = value_get_cstr(c->meta, "tag_layout");
		return diag_error(g->d, cfg->file, (int)v->line, (int)v->col,
				  "tag_layout '%s' not found", layout_name);
	}
	page_t **made = NULL;
	size_t nmade = 0, cap = 0;
	for (size_t l = 0; l < cfg->nlocales; l++) {
		value_t *tags = tag_index(g, docs_in_locale(g, c->name, cfg->locales[l]));
		value_t *loc = value_get_cstr(g->s->site, "locales")->a.items[l];
		if (c->posts)
			value_hash_set_cstr(g->a, loc, "tags", tags);
		for (size_t i = 0; layout && i < tags->h.n; i++) {
			page_t *p = tag_page(g, layout, c, cfg->locales[l], &tags->h.entries[i]);
			if (!p)
				continue;
			if (nmade == cap)
				made = xrealloc(made, (cap = cap ? cap * 2 : 16) * sizeof(page_t *));
			made[nmade++] = p;
			site_add_render(g->s, p);
		}
	}
	link_tag_translations(g, made, nmade);
	free(made);
	return 0;
}

static int tags_all(gen_t *g)
{
	int rc = 0;
	const collection_cfg_t *posts = site_posts_collection(g->s);
	value_t *all = posts ? value_get_cstr(g->s->site, posts->name) : NULL;
	value_t *tags = all ? tag_index(g, all) : value_new_hash(g->a, 0);
	value_hash_set_cstr(g->a, g->s->site, "tags", tags);
	/* site.categories: in the order Jekyll builds it (first met, oldest post first) */
	value_hash_set_cstr(g->a, g->s->site, "categories", all ? attr_index(g, all, "categories")
								 : value_new_hash(g->a, 0));
	for (size_t i = 0; i < g->s->cfg->ncollections; i++)
		if (tags_of_collection(g, &g->s->cfg->collections[i]) != 0)
			rc = -1;
	return rc;
}

/* ---- slides ------------------------------------------------------------ */

/* A page of a deck: slide N at DECK/N/, or the print page at DECK/print/,
 * rendered by `layout` (the theme's slide or slides-print). */
static page_t *deck_page(gen_t *g, page_t *deck, const char *base, size_t n, const char *layout)
{
	page_t *p = clone_at(g, deck, n ? arena_printf(g->a, "%s%zu/", base, n)
					: arena_printf(g->a, "%sprint/", base));
	p->deck = false;
	p->deck_of = deck;
	p->slide_no = n;
	p->tpl = NULL;
	p->paginator = NULL;
	p->front = value_new_hash(g->a, 1);
	set_str(g, p->front, "layout", layout);
	set_str(g, p->vars, "layout", layout);
	value_hash_set_cstr(g->a, p->front, "sitemap", value_bool(n == 1));
	value_hash_set_cstr(g->a, p->front, "search", value_bool(false));
	value_hash_set_cstr(g->a, p->vars, "deck", deck->vars);
	value_hash_set_cstr(g->a, p->vars, "slide", value_new_int(g->a, (int64_t)n));
	value_hash_set_cstr(g->a, p->vars, "slide_count", value_new_int(g->a, (int64_t)deck->nslides));
	value_hash_set_cstr(g->a, p->vars, "previous_url",
			    n > 1 ? value_new_cstr(g->a, arena_printf(g->a, "%s%zu/", base, n - 1)) : value_nil());
	value_hash_set_cstr(g->a, p->vars, "next_url",
			    n && n < deck->nslides ? value_new_cstr(g->a, arena_printf(g->a, "%s%zu/", base, n + 1))
						   : value_nil());
	const char *title = value_cstr(value_get_cstr(deck->vars, "title"));
	if (n)
		set_str(g, p->vars, "title", arena_printf(g->a, "%s — %zu/%zu", title ? title : "", n, deck->nslides));
	value_hash_set_cstr(g->a, p->vars, "translations", value_new_array(g->a, 0));
	return p;
}

/* One page per slide and a print page for every deck, when the theme has
 * the layouts for them (slide, slides-print). */
static void deck_pages(gen_t *g)
{
	bool one = site_layout(g->s, STR_LIT("slide")) != NULL;
	bool print = site_layout(g->s, STR_LIT("slides-print")) != NULL;
	size_t n = g->s->nrender;
	for (size_t i = 0; i < n; i++) {
		page_t *deck = g->s->render[i];
		if (!deck->deck || deck->generated)
			continue;
		deck->nslides = slides_count(deck->body);
		value_hash_set_cstr(g->a, deck->vars, "slide_count", value_new_int(g->a, (int64_t)deck->nslides));
		size_t count = (one ? deck->nslides : 0) + (print ? 1 : 0);
		deck->slide_pages = ARENA_ARRAY(g->a, page_t *, count + 1);
		const char *base = pager_base(g, deck->url);
		for (size_t k = 1; one && k <= deck->nslides; k++)
			deck->slide_pages[deck->nslide_pages++] = deck_page(g, deck, base, k, "slide");
		if (print)
			deck->slide_pages[deck->nslide_pages++] = deck_page(g, deck, base, 0, "slides-print");
		for (size_t k = 0; k < deck->nslide_pages; k++)
			site_add_render(g->s, deck->slide_pages[k]);
	}
}

/* ---- 404 --------------------------------------------------------------- */

/* A 404.html through the `default` layout when the site has none: GitHub
 * Pages and `pnyx serve` answer missing pages with it. Its text comes from
 * the `not_found` UI string, else English. */
static void page_not_found(gen_t *g)
{
	for (size_t i = 0; i < g->s->nrender; i++)
		if (strcmp(g->s->render[i]->out_path, "404.html") == 0)
			return;
	for (size_t i = 0; i < g->s->ncopies; i++) /* static/404.html */
		if (strcmp(g->s->copies[i]->out_path, "404.html") == 0)
			return;
	page_t *layout = site_layout(g->s, STR_LIT("default"));
	if (!layout || g->s->cfg->jekyll) /* jekyll build makes none */
		return;
	const char *locale = g->s->cfg->default_locale;
	const char *title = i18n_translate(g->s->i18n, locale, STR_LIT("not_found"), NULL, g->a, NULL);
	const char *home = i18n_translate(g->s->i18n, locale, STR_LIT("home"), NULL, g->a, NULL);
	if (!title)
		title = "Page not found";
	page_t *p = ARENA_NEW(g->a, page_t);
	p->src = layout->src;
	p->generated = true;
	p->output = true;
	p->locale = locale;
	p->tkey = "404";
	p->url = "/404.html";
	p->out_path = "404.html";
	p->front = value_new_hash(g->a, 1);
	set_str(g, p->front, "layout", "default");
	p->vars = value_new_hash(g->a, 6);
	set_str(g, p->vars, "title", title);
	set_str(g, p->vars, "url", p->url);
	set_str(g, p->vars, "locale", locale);
	value_hash_set_cstr(g->a, p->vars, "sitemap", value_bool(false));
	buf_t b = BUF_INIT;
	buf_puts(&b, "<h1>");
	buf_put_html_escaped(&b, title, strlen(title));
	buf_printf(&b, "</h1>\n<p><a href=\"%s/\">", g->s->cfg->baseurl);
	buf_put_html_escaped(&b, home ? home : "Home", strlen(home ? home : "Home"));
	buf_puts(&b, "</a></p>\n");
	p->body = arena_str(g->a, buf_str(&b));
	buf_free(&b);
	site_add_render(g->s, p);
}

/* ---- jekyll-redirect-from ---------------------------------------------- */

/* What the plugin's own redirect layout writes. */
static str_t redirect_html(gen_t *g, const char *to)
{
	return str_cstr(arena_printf(g->a,
		"<!DOCTYPE html>\n<html lang=\"en-US\">\n  <meta charset=\"utf-8\">\n"
		"  <title>Redirecting&hellip;</title>\n  <link rel=\"canonical\" href=\"%s\">\n"
		"  <script>location=\"%s\"</script>\n  <meta http-equiv=\"refresh\" content=\"0; url=%s\">\n"
		"  <meta name=\"robots\" content=\"noindex\">\n  <h1>Redirecting&hellip;</h1>\n"
		"  <a href=\"%s\">Click here if you are not redirected.</a>\n</html>\n", to, to, to, to));
}

/* The plugin's `to`: a URL as given when it is http(s), else absolute. */
static const char *redirect_target(gen_t *g, const char *to)
{
	if (strncmp(to, "http://", 7) == 0 || strncmp(to, "https://", 8) == 0)
		return to;
	return arena_printf(g->a, "%s%s%s", g->s->cfg->url, g->s->cfg->baseurl, to);
}

/* Front matter for a page that redirects: the site's `redirect` layout,
 * or none (the body is then the plugin's markup); not in the sitemap. */
static value_t *redirect_front(gen_t *g, const value_t *front, const char *from, const char *to)
{
	value_t *f = front ? copy_hash(g, front) : value_new_hash(g->a, 3);
	set_str(g, f, "layout", site_layout(g->s, STR_LIT("redirect")) ? "redirect" : "none");
	value_hash_set_cstr(g->a, f, "sitemap", value_bool(false));
	value_t *r = value_new_hash(g->a, 2);
	set_str(g, r, "from", from);
	set_str(g, r, "to", to);
	value_hash_set_cstr(g->a, f, "redirect", r);
	return f;
}

/* The page at `from` that sends the reader to `to` (absolute). */
static void redirect_page(gen_t *g, const page_t *origin, const char *from, const char *to)
{
	const char *err;
	const char *url = permalink_clean(g->a, from, &err);
	if (!url) {
		diag_error(g->d, origin->src->path, 0, 0, "redirect_from %s: %s", from, err);
		return;
	}
	page_t *p = ARENA_NEW(g->a, page_t);
	p->src = origin->src;
	p->generated = true;
	p->output = true;
	p->locale = origin->locale;
	p->url = url;
	p->out_path = permalink_output_path(g->a, url);
	p->front = redirect_front(g, NULL, url, to);
	p->vars = copy_hash(g, p->front);
	set_str(g, p->vars, "url", url);
	p->body = redirect_html(g, to);
	site_add_render(g->s, p);
}

/* Item i of a string or a list of strings (redirect_from, redirect_to),
 * NULL past the end or for an empty or non-string item. */
static const char *redirect_item(const value_t *v, size_t i)
{
	const value_t *item = v && v->kind == VALUE_ARRAY ? (i < v->a.n ? v->a.items[i] : NULL)
							  : i == 0 ? v : NULL;
	const char *t = value_cstr(item);
	return t && *t ? t : NULL;
}

static size_t redirect_count(const value_t *v)
{
	return !v ? 0 : v->kind == VALUE_ARRAY ? v->a.n : 1;
}

/* jekyll-redirect-from, for a Jekyll site that lists it: each path in a
 * page's `redirect_from` gets a page sending the reader to it, a page
 * with `redirect_to` becomes one, and redirects.json maps them all
 * (documents first, then pages, as the plugin goes). */
static void jekyll_redirects(gen_t *g)
{
	if (!g->s->cfg->jekyll || !site_has_plugin(g->s, "jekyll-redirect-from"))
		return;
	value_t *map = value_new_hash(g->a, 8);
	size_t n = g->s->nrender;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			page_t *p = g->s->render[i];
			if (p->generated || p->is_static || (p->collection != NULL) != (pass == 0))
				continue;
			const value_t *from = value_get_cstr(p->front, "redirect_from");
			for (size_t k = 0; k < redirect_count(from); k++) {
				const char *f = redirect_item(from, k);
				if (!f)
					continue;
				f = f[0] == '/' ? f : arena_printf(g->a, "/%s", f);
				const char *to = redirect_target(g, p->url);
				redirect_page(g, p, f, to);
				set_str(g, map, f, to);
			}
			/* the plugin takes the first of a list */
			const char *to = redirect_item(value_get_cstr(p->front, "redirect_to"), 0);
			if (to) {
				const char *target = redirect_target(g, to);
				p->front = redirect_front(g, p->front, p->url, target);
				value_hash_set_cstr(g->a, p->vars, "redirect", value_get_cstr(p->front, "redirect"));
				p->tpl = NULL;
				p->body = redirect_html(g, target);
				set_str(g, map, p->url, target);
			}
		}
	value_t *json = value_get_cstr(value_get_cstr(g->s->site, "redirect_from"), "json");
	if (json && json->kind == VALUE_BOOL && !json->b)
		return;
	for (size_t i = 0; i < g->s->nrender; i++)
		if (strcmp(g->s->render[i]->out_path, "redirects.json") == 0)
			return; /* the site has its own */
	page_t *p = ARENA_NEW(g->a, page_t);
	p->src = g->s->nrender ? g->s->render[0]->src : NULL;
	p->generated = true;
	p->output = true;
	p->locale = g->s->cfg->default_locale;
	p->url = "/redirects.json";
	p->out_path = "redirects.json";
	p->front = value_new_hash(g->a, 2);
	set_str(g, p->front, "layout", "none");
	value_hash_set_cstr(g->a, p->front, "sitemap", value_bool(false));
	p->vars = copy_hash(g, p->front);
	set_str(g, p->vars, "url", p->url);
	buf_t b = BUF_INIT;
	json_write(&b, map);
	p->body = arena_str(g->a, buf_str(&b));
	buf_free(&b);
	if (p->src)
		site_add_render(g->s, p);
}

int generate_pages(site_t *s, arena_t *a, diag_list_t *d)
{
	gen_t g = { s, a, d };
	int rc = paginate_all(&g);
	if (jekyll_paginate(&g) != 0)
		rc = -1;
	if (tags_all(&g) != 0)
		rc = -1;
	deck_pages(&g);
	jekyll_redirects(&g);
	page_not_found(&g);
	return rc;
}
