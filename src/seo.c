#include "seo.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "version.h"

#define SEO_GENERATOR "pnyx v" PNYX_VERSION

typedef struct {
	liquid_ctx_t *ctx;
	arena_t *a;
	value_t *page, *site;
	const value_t *front;
	bool document;
	buf_t *out;
} seo_t;

/* ---- values, as the plugin's Ruby sees them ---- */

static value_t *get(const value_t *h, const char *key)
{
	value_t *v = h && h->kind == VALUE_HASH ? value_get_cstr(h, key) : NULL;
	return v && v->kind != VALUE_NIL ? v : NULL;
}

/* Ruby's `x.to_s.empty?` is false: a value worth using. */
static value_t *present(seo_t *s, value_t *v)
{
	return v && value_to_str(s->a, v).n ? v : NULL;
}

static const char *text_of(seo_t *s, const value_t *v)
{
	return v ? value_to_str(s->a, (value_t *)v).p : NULL;
}

static value_t *filter(seo_t *s, const char *name, value_t *in)
{
	liquid_filter_fn fn = liquid_find_filter(str_cstr(name));
	return fn && in ? fn(s->ctx, in, 0, NULL, NULL) : in;
}

/* The plugin's format_string: markdownify, strip_html,
 * normalize_whitespace, escape_once; NULL when nothing is left. */
static const char *format(seo_t *s, value_t *v)
{
	if (!v)
		return NULL;
	static const char *const steps[] = { "markdownify", "strip_html", "normalize_whitespace",
					     "escape_once" };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0] && v; i++)
		v = filter(s, steps[i], v);
	const char *t = text_of(s, v);
	return t && *t ? t : NULL;
}

static bool has_scheme(const char *u)
{
	const char *p = u;
	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* absolute_url, then uri_escape, unless it has a scheme already. */
static const char *absolute(seo_t *s, value_t *v)
{
	if (!v)
		return NULL;
	const char *u = text_of(s, v);
	if (!has_scheme(u))
		v = filter(s, "absolute_url", v);
	return text_of(s, filter(s, "uri_escape", v));
}

static const char *xmlschema(seo_t *s, value_t *date)
{
	return date ? text_of(s, filter(s, "date_to_xmlschema", date)) : NULL;
}

/* "/", "/index.html", "/about/", "/about/index.htm" */
static bool home_or_about(seo_t *s)
{
	const char *u = text_of(s, get(s->page, "url"));
	if (!u || *u++ != '/')
		return false;
	if (strncmp(u, "about/", 6) == 0)
		u += 6;
	return !*u || strcmp(u, "index.html") == 0 || strcmp(u, "index.htm") == 0;
}

/* ---- what the plugin works out ---- */

typedef struct {
	const char *site_title, *page_title, *title, *description, *canonical, *locale;
	const char *name, *type, *logo, *modified, *published;
	const char *author, *author_twitter, *author_type, *author_url;
	value_t *links, *image, *image_hash;
	const char *image_path;
} facts_t;

/* page.author, else the first of page.authors, else site.author; a name
 * is looked up in site.data.authors. */
static void author(seo_t *s, facts_t *f)
{
	value_t *a = present(s, get(s->page, "author"));
	value_t *list = get(s->page, "authors");
	if (!a && list && list->kind == VALUE_ARRAY && list->a.n)
		a = present(s, list->a.items[0]);
	if (!a)
		a = present(s, get(s->site, "author"));
	value_t *h = a && a->kind == VALUE_HASH ? a : NULL;
	if (a && a->kind == VALUE_STRING) {
		h = get(get(get(s->site, "data"), "authors"), text_of(s, a));
		h = h && h->kind == VALUE_HASH ? h : NULL;
		f->author = text_of(s, a);
	}
	if (h && get(h, "name"))
		f->author = text_of(s, get(h, "name"));
	const char *tw = h && get(h, "twitter") ? text_of(s, get(h, "twitter")) : f->author;
	f->author_twitter = tw && *tw == '@' ? tw + 1 : tw;
	f->author_type = h ? text_of(s, get(h, "type")) : NULL;
	f->author_url = h ? text_of(s, get(h, "url")) : NULL;
}

/* page.image: a path, or {path | facebook | twitter, height, width, alt}. */
static void image(seo_t *s, facts_t *f)
{
	value_t *im = get(s->page, "image");
	value_t *path = im && im->kind == VALUE_HASH ? get(im, "path") : im;
	if (im && im->kind == VALUE_HASH && !path)
		path = get(im, "facebook") ? get(im, "facebook") : get(im, "twitter");
	if (!path)
		return;
	f->image = path;
	f->image_hash = im->kind == VALUE_HASH ? im : NULL;
	f->image_path = absolute(s, path);
}

static void title(seo_t *s, facts_t *f)
{
	value_t *st = get(s->site, "title");
	f->site_title = format(s, st ? st : get(s->site, "name"));
	const char *tagline = format(s, get(s->site, "tagline"));
	const char *site_desc = format(s, get(s->site, "description"));
	f->page_title = format(s, get(s->page, "title"));
	if (!f->page_title)
		f->page_title = f->site_title;
	if (f->site_title && f->page_title && strcmp(f->page_title, f->site_title) != 0)
		f->title = arena_printf(s->a, "%s | %s", f->page_title, f->site_title);
	else if (site_desc && f->site_title)
		f->title = arena_printf(s->a, "%s | %s", f->site_title, tagline ? tagline : site_desc);
	else
		f->title = f->page_title;
	value_t *pg = liquid_ctx_lookup(s->ctx, STR_LIT("paginator"));
	value_t *cur = get(pg, "page"), *total = get(pg, "total_pages");
	if (f->title && cur && cur->kind == VALUE_INT && cur->i > 1) {
		const char *msg = text_of(s, get(s->site, "seo_paginator_message"));
		buf_t b = BUF_INIT;
		for (const char *p = msg ? msg : "Page %<current>s of %<total>s for "; *p; p++) {
			if (strncmp(p, "%<current>s", 11) == 0)
				buf_puts(&b, text_of(s, cur)), p += 10;
			else if (strncmp(p, "%<total>s", 9) == 0)
				buf_puts(&b, total ? text_of(s, total) : ""), p += 8;
			else
				buf_putc(&b, *p);
		}
		buf_puts(&b, f->title);
		f->title = arena_strdup(s->a, buf_cstr(&b));
		buf_free(&b);
	}
	value_t *d = get(s->page, "description");
	f->description = format(s, d ? d : s->document ? get(s->page, "excerpt") : NULL);
	if (!f->description)
		f->description = site_desc;
}

static void facts(seo_t *s, facts_t *f)
{
	memset(f, 0, sizeof *f);
	title(s, f);
	author(s, f);
	image(s, f);
	value_t *seo = get(s->page, "seo");
	value_t *social = get(s->site, "social");
	value_t *canon = present(s, get(s->page, "canonical_url"));
	if (canon) {
		f->canonical = text_of(s, canon);
	} else {
		const char *u = text_of(s, filter(s, "absolute_url", get(s->page, "url")));
		size_t n = u ? strlen(u) : 0;
		f->canonical = n >= 11 && strcmp(u + n - 11, "/index.html") == 0 ? arena_strndup(s->a, u, n - 10) : u;
	}
	value_t *lang = get(s->front, "lang") ? get(s->front, "lang") : get(s->site, "lang");
	value_t *loc = get(s->front, "locale") ? get(s->front, "locale") : get(s->site, "locale");
	char *l = arena_strdup(s->a, loc ? text_of(s, loc) : lang ? text_of(s, lang) : "en_US");
	for (char *p = l; *p; p++)
		if (*p == '-')
			*p = '_';
	f->locale = l;
	bool home = home_or_about(s);
	if (get(seo, "name"))
		f->name = format(s, get(seo, "name"));
	else if (home)
		f->name = get(social, "name") ? format(s, get(social, "name")) : f->site_title;
	value_t *date = get(s->page, "date");
	f->type = get(seo, "type") ? text_of(s, get(seo, "type")) : home ? "WebSite" : date ? "BlogPosting" : "WebPage";
	f->links = get(seo, "links") ? get(seo, "links") : home ? get(social, "links") : NULL;
	f->logo = absolute(s, get(s->site, "logo"));
	value_t *mod = get(seo, "date_modified");
	if (!mod)
		mod = get(s->page, "last_modified_at");
	f->modified = xmlschema(s, mod ? mod : date);
	f->published = xmlschema(s, date);
}

/* ---- writing ---- */

static void tag(seo_t *s, const char *fmt_open, const char *attr, const char *value)
{
	if (value)
		buf_printf(s->out, "<%s=\"%s\" content=\"%s\" />\n", fmt_open, attr, value);
}

static void meta_property(seo_t *s, const char *prop, const char *value)
{
	tag(s, "meta property", prop, value);
}

static void meta_name(seo_t *s, const char *name, const char *value)
{
	tag(s, "meta name", name, value);
}

static value_t *str_value(seo_t *s, const char *t)
{
	return value_new_cstr(s->a, t);
}

static void set(seo_t *s, value_t *h, const char *key, const char *t)
{
	if (t)
		value_hash_set_cstr(s->a, h, key, str_value(s, t));
}

/* The JSON-LD object: its keys sorted, as the plugin's to_json does. */
static void json_ld(seo_t *s, const facts_t *f)
{
	value_t *h = value_new_hash(s->a, 16);
	set(s, h, "@context", "https://schema.org");
	set(s, h, "@type", f->type);
	bool person = !f->author_type || strcmp(f->author_type, "Person") == 0 ||
		      strcmp(f->author_type, "Organization") == 0;
	if (f->author && person) {
		value_t *a = value_new_hash(s->a, 3);
		set(s, a, "@type", f->author_type ? f->author_type : "Person");
		set(s, a, "name", f->author);
		set(s, a, "url", f->author_url);
		value_hash_set_cstr(s->a, h, "author", a);
	}
	set(s, h, "dateModified", f->modified);
	set(s, h, "datePublished", f->published);
	set(s, h, "description", f->description);
	set(s, h, "headline", f->page_title);
	if (f->image_path && (!f->image_hash || f->image_hash->h.n == 1)) {
		set(s, h, "image", f->image_path);
	} else if (f->image_path) {
		value_t *im = value_new_hash(s->a, f->image_hash->h.n + 1);
		for (size_t i = 0; i < f->image_hash->h.n; i++)
			if (!str_eq_cstr(f->image_hash->h.entries[i].key, "path"))
				value_hash_set(s->a, im, f->image_hash->h.entries[i].key, f->image_hash->h.entries[i].val);
		set(s, im, "url", f->image_path);
		set(s, im, "@type", "imageObject");
		value_hash_set_cstr(s->a, h, "image", im);
	}
	if (strcmp(f->type, "BlogPosting") == 0 || strcmp(f->type, "CreativeWork") == 0) {
		value_t *m = value_new_hash(s->a, 2);
		set(s, m, "@type", "WebPage");
		set(s, m, "@id", f->canonical);
		value_hash_set_cstr(s->a, h, "mainEntityOfPage", m);
	}
	set(s, h, "name", f->name);
	if (f->logo) {
		value_t *p = value_new_hash(s->a, 3), *logo = value_new_hash(s->a, 2);
		set(s, p, "@type", "Organization");
		set(s, logo, "@type", "ImageObject");
		set(s, logo, "url", f->logo);
		value_hash_set_cstr(s->a, p, "logo", logo);
		set(s, p, "name", f->author);
		value_hash_set_cstr(s->a, h, "publisher", p);
	}
	if (f->links)
		value_hash_set_cstr(s->a, h, "sameAs", f->links);
	set(s, h, "url", f->canonical);
	buf_puts(s->out, "<script type=\"application/ld+json\">\n");
	buf_puts(s->out, text_of(s, filter(s, "jsonify", h)));
	buf_puts(s->out, "</script>\n");
}

static void social(seo_t *s, const facts_t *f)
{
	value_t *tw = get(s->site, "twitter");
	if (tw) {
		buf_t u = BUF_INIT;
		for (const char *p = text_of(s, get(tw, "username")); p && *p; p++)
			if (*p != '@')
				buf_putc(&u, *p);
		meta_name(s, "twitter:site", arena_printf(s->a, "@%s", u.p ? u.p : ""));
		buf_free(&u);
		if (f->author_twitter)
			meta_name(s, "twitter:creator", arena_printf(s->a, "@%s", f->author_twitter));
	}
	value_t *fb = get(s->site, "facebook");
	meta_property(s, "fb:admins", text_of(s, get(fb, "admins")));
	meta_property(s, "article:publisher", text_of(s, get(fb, "publisher")));
	meta_property(s, "fb:app_id", text_of(s, get(fb, "app_id")));
	value_t *wv = get(s->site, "webmaster_verifications");
	if (wv) {
		static const char *const names[][2] = {
			{ "google", "google-site-verification" }, { "bing", "msvalidate.01" },
			{ "alexa", "alexaVerifyID" }, { "yandex", "yandex-verification" },
			{ "baidu", "baidu-site-verification" }, { "facebook", "facebook-domain-verification" },
		};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			meta_name(s, names[i][1], text_of(s, get(wv, names[i][0])));
	} else {
		meta_name(s, "google-site-verification", text_of(s, get(s->site, "google_site_verification")));
	}
}

static void image_tags(seo_t *s, const facts_t *f)
{
	if (!f->image_path)
		return;
	meta_property(s, "og:image", f->image_path);
	meta_property(s, "og:image:height", text_of(s, get(f->image_hash, "height")));
	meta_property(s, "og:image:width", text_of(s, get(f->image_hash, "width")));
	meta_property(s, "og:image:alt", text_of(s, get(f->image_hash, "alt")));
}

void seo_write(liquid_ctx_t *ctx, str_t text, const value_t *front, bool document, buf_t *out)
{
	seo_t s = { ctx, liquid_ctx_arena(ctx), liquid_ctx_lookup(ctx, STR_LIT("page")),
		    liquid_ctx_lookup(ctx, STR_LIT("site")), front, document, out };
	facts_t f;
	facts(&s, &f);
	buf_puts(out, "<!-- Begin Jekyll SEO tag (pnyx) -->\n");
	bool no_title = false;
	for (size_t i = 0; i + 11 <= text.n && !no_title; i++)
		no_title = strncasecmp(text.p + i, "title=false", 11) == 0;
	if (f.title && !no_title)
		buf_printf(out, "<title>%s</title>\n", f.title);
	meta_name(&s, "generator", SEO_GENERATOR);
	meta_property(&s, "og:title", f.page_title);
	meta_name(&s, "author", f.author);
	meta_property(&s, "og:locale", f.locale);
	meta_name(&s, "description", f.description);
	meta_property(&s, "og:description", f.description);
	if (present(&s, get(s.site, "url")) && f.canonical) {
		buf_printf(out, "<link rel=\"canonical\" href=\"%s\" />\n", f.canonical);
		meta_property(&s, "og:url", f.canonical);
	}
	meta_property(&s, "og:site_name", f.site_title);
	image_tags(&s, &f);
	value_t *date = get(s.page, "date");
	meta_property(&s, "og:type", date ? "article" : "website");
	meta_property(&s, "article:published_time", f.published);
	value_t *pg = liquid_ctx_lookup(ctx, STR_LIT("paginator"));
	if (get(pg, "previous_page"))
		buf_printf(out, "<link rel=\"prev\" href=\"%s\" />\n",
			   text_of(&s, filter(&s, "absolute_url", get(pg, "previous_page_path"))));
	if (get(pg, "next_page"))
		buf_printf(out, "<link rel=\"next\" href=\"%s\" />\n",
			   text_of(&s, filter(&s, "absolute_url", get(pg, "next_page_path"))));
	if (f.image_path) {
		value_t *card = get(get(s.page, "twitter"), "card");
		if (!card)
			card = get(get(s.site, "twitter"), "card");
		meta_name(&s, "twitter:card", card ? text_of(&s, card) : "summary_large_image");
		meta_property(&s, "twitter:image", f.image_path);
	} else {
		meta_name(&s, "twitter:card", "summary");
	}
	meta_name(&s, "twitter:image:alt", text_of(&s, get(f.image_hash, "alt")));
	meta_property(&s, "twitter:title", f.page_title);
	social(&s, &f);
	json_ld(&s, &f);
	buf_puts(out, "<!-- End Jekyll SEO tag -->\n");
}
