#include "outputs.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------ */

static buf_t *add_file(output_list_t *out, const char *path)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->items = xrealloc(out->items, out->cap * sizeof(output_file_t));
	}
	out->items[out->n] = (output_file_t){ path, BUF_INIT };
	return &out->items[out->n++].data;
}

/* True when a page or a static file already writes path. */
static bool taken(const site_t *s, const char *path)
{
	for (size_t i = 0; i < s->nrender; i++)
		if (strcmp(s->render[i]->out_path, path) == 0)
			return true;
	for (size_t i = 0; i < s->ncopies; i++)
		if (strcmp(s->copies[i]->out_path, path) == 0)
			return true;
	return false;
}

/* Escapes text for XML, dropping the control characters XML 1.0 forbids. */
static void xml_escape(buf_t *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		switch (c) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&apos;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				buf_putc(b, (char)c);
		}
	}
}

static void xml_escape_cstr(buf_t *b, const char *s)
{
	xml_escape(b, s, strlen(s));
}

/* site.url + baseurl + url */
static void absolute_url(buf_t *b, const site_t *s, const char *url)
{
	buf_puts(b, s->cfg->url);
	buf_puts(b, s->cfg->baseurl);
	buf_puts(b, url);
}

static void xmlschema(buf_t *b, value_time_t t)
{
	struct tm tm;
	value_time_to_tm(t, &tm);
	int off = t.utc_off < 0 ? -t.utc_off : t.utc_off;
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, t.utc_off < 0 ? '-' : '+', off / 3600,
		   off % 3600 / 60);
}

static const char *page_str(const page_t *p, const char *key)
{
	return value_cstr(value_get_cstr(p->vars, key));
}

static bool page_flag_off(const page_t *p, const char *key)
{
	value_t *v = value_get_cstr(p->front, key);
	return v && v->kind == VALUE_BOOL && !v->b;
}

static bool is_html_page(const page_t *p)
{
	size_t n = strlen(p->out_path);
	return n >= 5 && strcmp(p->out_path + n - 5, ".html") == 0;
}

/* Where a per-locale file goes: "feed.xml" or "en/feed.xml". */
static const char *locale_path(const site_t *s, arena_t *a, const char *locale, const char *name)
{
	if (strcmp(locale, s->cfg->default_locale) == 0 && !s->cfg->prefix_default_locale)
		return name;
	return arena_printf(a, "%s/%s", locale, name);
}

/* ---- Atom feeds --------------------------------------------------------- */

/* The posts of one locale (sorted by the caller). */
static size_t feed_entries(const site_t *s, const char *locale, const page_t **out)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nrender; i++) {
		const page_t *p = s->render[i];
		if (p->collection && p->collection->posts && !p->generated && strcmp(p->locale, locale) == 0)
			out[n++] = p;
	}
	return n;
}

static int newest_first(const void *pa, const void *pb)
{
	const page_t *a = *(const page_t *const *)pa, *b = *(const page_t *const *)pb;
	if (a->date.sec != b->date.sec)
		return a->date.sec > b->date.sec ? -1 : 1;
	return strcmp(a->url, b->url);
}

static value_time_t updated_of(const page_t *p)
{
	value_t *v = value_get_cstr(p->front, "last_modified_at");
	if (!v)
		v = value_get_cstr(p->front, "updated");
	return v && v->kind == VALUE_TIME ? v->t : p->date;
}

static void feed_entry(buf_t *b, const site_t *s, const page_t *p)
{
	buf_puts(b, "<entry>\n<title type=\"html\">");
	xml_escape_cstr(b, page_str(p, "title") ? page_str(p, "title") : "");
	buf_puts(b, "</title>\n<link href=\"");
	buf_t url = BUF_INIT;
	absolute_url(&url, s, p->url);
	xml_escape(b, url.p, url.n);
	buf_puts(b, "\" rel=\"alternate\" type=\"text/html\"/>\n<published>");
	xmlschema(b, p->date);
	buf_puts(b, "</published>\n<updated>");
	xmlschema(b, updated_of(p));
	buf_puts(b, "</updated>\n<id>");
	xml_escape(b, url.p, url.n);
	buf_puts(b, "</id>\n");
	if (page_str(p, "author")) {
		buf_puts(b, "<author><name>");
		xml_escape_cstr(b, page_str(p, "author"));
		buf_puts(b, "</name></author>\n");
	}
	value_t *tags = value_get_cstr(p->vars, "tags");
	for (size_t i = 0; tags && tags->kind == VALUE_ARRAY && i < tags->a.n; i++) {
		const char *t = value_cstr(tags->a.items[i]);
		if (t) {
			buf_puts(b, "<category term=\"");
			xml_escape_cstr(b, t);
			buf_puts(b, "\"/>\n");
		}
	}
	const char *excerpt = page_str(p, "excerpt");
	if (excerpt) {
		buf_puts(b, "<summary type=\"html\">");
		xml_escape_cstr(b, excerpt);
		buf_puts(b, "</summary>\n");
	}
	buf_puts(b, "<content type=\"html\" xml:base=\"");
	xml_escape(b, url.p, url.n);
	buf_puts(b, "\">");
	xml_escape(b, p->content.p ? p->content.p : "", p->content.n);
	buf_puts(b, "</content>\n</entry>\n");
	buf_free(&url);
}

static void feed(const site_t *s, arena_t *a, const char *locale, size_t limit, output_list_t *out)
{
	const char *path = locale_path(s, a, locale, "feed.xml");
	if (taken(s, path))
		return;
	const page_t **entries = xmalloc((s->nrender + 1) * sizeof(page_t *));
	size_t n = feed_entries(s, locale, entries);
	qsort(entries, n, sizeof(page_t *), newest_first);
	if (n > limit)
		n = limit;
	buf_t *b = add_file(out, path);
	const char *title = value_cstr(value_get_cstr(s->site, "title"));
	const char *desc = value_cstr(value_get_cstr(s->site, "description"));
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml_escape_cstr(b, locale);
	buf_puts(b, "\">\n<title type=\"html\">");
	xml_escape_cstr(b, title ? title : "");
	buf_puts(b, "</title>\n");
	if (desc) {
		buf_puts(b, "<subtitle>");
		xml_escape_cstr(b, desc);
		buf_puts(b, "</subtitle>\n");
	}
	buf_t self = BUF_INIT;
	absolute_url(&self, s, arena_printf(a, "/%s", path));
	buf_puts(b, "<link href=\"");
	xml_escape(b, self.p, self.n);
	buf_puts(b, "\" rel=\"self\" type=\"application/atom+xml\"/>\n<link href=\"");
	buf_t home = BUF_INIT;
	absolute_url(&home, s, strcmp(path, "feed.xml") == 0 ? "/" : arena_printf(a, "/%s/", locale));
	xml_escape(b, home.p, home.n);
	buf_puts(b, "\" rel=\"alternate\" type=\"text/html\"/>\n<updated>");
	value_time_t updated = s->time;
	if (n) {
		updated = updated_of(entries[0]);
		for (size_t i = 1; i < n; i++)
			if (updated_of(entries[i]).sec > updated.sec)
				updated = updated_of(entries[i]);
	}
	xmlschema(b, updated);
	buf_puts(b, "</updated>\n<id>");
	xml_escape(b, self.p, self.n);
	buf_puts(b, "</id>\n");
	const char *author = value_cstr(value_get_cstr(s->site, "author"));
	buf_puts(b, "<author><name>");
	xml_escape_cstr(b, author ? author : title ? title : "");
	buf_puts(b, "</name></author>\n");
	for (size_t i = 0; i < n; i++)
		feed_entry(b, s, entries[i]);
	buf_puts(b, "</feed>\n");
	buf_free(&self);
	buf_free(&home);
	free(entries);
}

/* Whether the site has feeds: `feed: false` and a site without posts have
 * none, a Jekyll site only with jekyll-feed. */
static bool has_feeds(const site_t *s)
{
	value_t *cfg = value_get_cstr(s->site, "feed");
	if ((cfg && cfg->kind == VALUE_BOOL && !cfg->b) || !site_posts_collection(s))
		return false;
	return !s->cfg->jekyll || site_has_plugin(s, "jekyll-feed");
}

const char *outputs_feed_path(const site_t *s, const char *locale, arena_t *a)
{
	if (!has_feeds(s))
		return NULL;
	return locale_path(s, a, locale && config_has_locale(s->cfg, locale, strlen(locale)) ? locale
							 : s->cfg->default_locale, "feed.xml");
}

static void feeds(const site_t *s, arena_t *a, output_list_t *out)
{
	value_t *cfg = value_get_cstr(s->site, "feed");
	if (!has_feeds(s))
		return;
	value_t *limit = cfg ? value_get_cstr(cfg, "limit") : NULL;
	size_t max = limit && limit->kind == VALUE_INT && limit->i > 0 ? (size_t)limit->i : 20;
	for (size_t i = 0; i < s->cfg->nlocales; i++)
		feed(s, a, s->cfg->locales[i], max, out);
}

/* ---- sitemap ------------------------------------------------------------ */

static int url_cmp(const void *pa, const void *pb)
{
	return strcmp((*(const page_t *const *)pa)->url, (*(const page_t *const *)pb)->url);
}

static void sitemap_url(buf_t *b, const site_t *s, const page_t *p)
{
	buf_puts(b, "<url>\n<loc>");
	buf_t u = BUF_INIT;
	absolute_url(&u, s, p->url);
	xml_escape(b, u.p, u.n);
	buf_puts(b, "</loc>\n");
	if (p->has_date) {
		buf_puts(b, "<lastmod>");
		xmlschema(b, updated_of(p));
		buf_puts(b, "</lastmod>\n");
	}
	value_t *tr = value_get_cstr(p->vars, "translations");
	for (size_t i = 0; tr && tr->kind == VALUE_ARRAY && tr->a.n > 1 && i < tr->a.n; i++) {
		buf_puts(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
		xml_escape_cstr(b, value_cstr(value_get_cstr(tr->a.items[i], "locale")));
		buf_puts(b, "\" href=\"");
		buf_clear(&u);
		absolute_url(&u, s, value_cstr(value_get_cstr(tr->a.items[i], "url")));
		xml_escape(b, u.p, u.n);
		buf_puts(b, "\"/>\n");
	}
	buf_puts(b, "</url>\n");
	buf_free(&u);
}

static void sitemap(const site_t *s, output_list_t *out)
{
	if (taken(s, "sitemap.xml"))
		return;
	const page_t **pages = xmalloc((s->nrender + 1) * sizeof(page_t *));
	size_t n = 0;
	for (size_t i = 0; i < s->nrender; i++) {
		const page_t *p = s->render[i];
		if (is_html_page(p) && strcmp(p->out_path, "404.html") != 0 && !page_flag_off(p, "sitemap"))
			pages[n++] = p;
	}
	qsort(pages, n, sizeof(page_t *), url_cmp);
	buf_t *b = add_file(out, "sitemap.xml");
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		    "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (size_t i = 0; i < n; i++)
		sitemap_url(b, s, pages[i]);
	buf_puts(b, "</urlset>\n");
	free(pages);
}

/* ---- search index ------------------------------------------------------- */

/* Length of the UTF-8 sequence a lead byte starts (1 for anything else). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Text of some HTML: tags dropped, white space folded, at most `max`
 * bytes, never cutting a UTF-8 character. */
static void plain_text(buf_t *b, const char *html, size_t n, size_t max)
{
	bool in_tag = false, space = false;
	size_t start = b->n;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)html[i];
		size_t len = utf8_len(c);
		if (in_tag || c == '<') { /* tags say nothing; the line ends around blocks do */
			in_tag = c != '>';
			i++;
			continue;
		}
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = true;
			i++;
			continue;
		}
		if (len > n - i || b->n - start + len + (space ? 1 : 0) > max)
			break;
		if (space && b->n > start)
			buf_putc(b, ' ');
		space = false;
		buf_put(b, html + i, len);
		i += len;
	}
}

static void search_entry(buf_t *b, arena_t *a, const site_t *s, page_t *p)
{
	if (p->search_entry.p) {
		buf_put_str(b, p->search_entry);
		return;
	}
	size_t start = b->n;
	buf_puts(b, "{\"title\":");
	json_write_string(b, str_cstr(page_str(p, "title")));
	buf_puts(b, ",\"url\":");
	json_write_string(b, str_cstr(arena_printf(a, "%s%s", s->cfg->baseurl, p->url)));
	if (p->has_date) {
		struct tm tm;
		value_time_to_tm(p->date, &tm);
		buf_printf(b, ",\"date\":\"%04d-%02d-%02d\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	buf_t text = BUF_INIT;
	const char *ex = page_str(p, "excerpt");
	plain_text(&text, ex ? ex : "", ex ? strlen(ex) : 0, 300);
	buf_puts(b, ",\"excerpt\":");
	json_write_string(b, buf_str(&text));
	buf_free(&text);
	value_t *tags = value_get_cstr(p->vars, "tags");
	buf_puts(b, ",\"tags\":");
	if (tags && tags->kind == VALUE_ARRAY)
		json_write(b, tags);
	else
		buf_puts(b, "[]");
	buf_putc(b, '}');
	p->search_entry = arena_str(a, str_from(b->p + start, b->n - start));
}

static void search_index(const site_t *s, arena_t *a, const char *locale, output_list_t *out)
{
	const char *path = locale_path(s, a, locale, "search.json");
	if (taken(s, path))
		return;
	page_t **pages = xmalloc((s->nrender + 1) * sizeof(page_t *));
	size_t n = 0;
	for (size_t i = 0; i < s->nrender; i++) {
		page_t *p = s->render[i];
		if (is_html_page(p) && !p->generated && page_str(p, "title") && strcmp(p->locale, locale) == 0 &&
		    !page_flag_off(p, "search") && strcmp(p->out_path, "404.html") != 0)
			pages[n++] = p;
	}
	qsort(pages, n, sizeof(page_t *), url_cmp);
	buf_t *b = add_file(out, path);
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, ",\n");
		search_entry(b, a, s, pages[i]);
	}
	buf_puts(b, "]\n");
	free(pages);
}

/* ---- the step ----------------------------------------------------------- */

/* A Jekyll site gets what its plugins would give (jekyll-feed, jekyll-sitemap
 * and its robots.txt) and .nojekyll, nothing else: the files `jekyll build`
 * writes (feed.xml and sitemap.xml laid out pnyx's way). */
static unsigned jekyll_outputs(const site_t *s, unsigned what)
{
	unsigned keep = 0;
	if (site_has_plugin(s, "jekyll-feed"))
		keep |= OUTPUTS_FEEDS;
	if (site_has_plugin(s, "jekyll-sitemap"))
		keep |= OUTPUTS_SITEMAP;
	return what & keep;
}

void outputs_emit(const site_t *s, arena_t *a, unsigned what, output_list_t *out)
{
	bool fixed = what & OUTPUTS_FIXED;
	if (s->cfg->jekyll) {
		what = jekyll_outputs(s, what);
		if (fixed && !taken(s, ".nojekyll"))
			add_file(out, ".nojekyll");
		/* jekyll-sitemap writes robots.txt too, naming the sitemap only */
		if (fixed && site_has_plugin(s, "jekyll-sitemap") && !taken(s, "robots.txt")) {
			buf_t *b = add_file(out, "robots.txt");
			buf_puts(b, "Sitemap: ");
			absolute_url(b, s, "/sitemap.xml");
			buf_putc(b, '\n');
		}
	}
	if (what & OUTPUTS_FEEDS)
		feeds(s, a, out);
	if (what & OUTPUTS_SITEMAP)
		sitemap(s, out);
	if (what & OUTPUTS_SEARCH) {
		value_t *search = value_get_cstr(s->site, "search");
		if (!(search && search->kind == VALUE_BOOL && !search->b))
			for (size_t i = 0; i < s->cfg->nlocales; i++)
				search_index(s, a, s->cfg->locales[i], out);
	}
	if (!(what & OUTPUTS_FIXED))
		return;
	if (!taken(s, "robots.txt")) {
		buf_t *b = add_file(out, "robots.txt");
		buf_puts(b, "User-agent: *\nAllow: /\n\nSitemap: ");
		absolute_url(b, s, "/sitemap.xml");
		buf_putc(b, '\n');
	}
	if (!taken(s, ".nojekyll"))
		add_file(out, ".nojekyll");
	const char *domain = value_cstr(value_get_cstr(s->site, "domain"));
	if (domain && *domain && !taken(s, "CNAME"))
		buf_printf(add_file(out, "CNAME"), "%s\n", domain);
}

void outputs_free(output_list_t *out)
{
	for (size_t i = 0; i < out->n; i++)
		buf_free(&out->items[i].data);
	free(out->items);
	*out = (output_list_t){ 0 };
}
