#include "site.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "generate.h"
#include "permalink.h"
#include "util.h"

/* ---- names and dates ---------------------------------------------------- */

int32_t site_local_offset(value_time_t civil)
{
	struct tm tm;
	value_time_to_tm(civil, &tm);
	tm.tm_isdst = -1;
	time_t local = mktime(&tm);
	if (local == (time_t)-1)
		return 0;
	return (int32_t)(civil.sec + civil.utc_off - (int64_t)local);
}

/* Reads a date string in the site's time zone unless it names an offset. */
static bool parse_site_date(str_t s, value_time_t *out)
{
	value_time_t a, b;
	if (!datetime_parse(s, 0, &a) || !datetime_parse(s, 3600, &b))
		return false;
	if (a.sec == b.sec) { /* the text named its offset */
		*out = a;
		return true;
	}
	int32_t off = site_local_offset(a);
	*out = a;
	out->sec -= off;
	out->utc_off = off;
	return true;
}

/* "2017-03-03-hello" -> date and "hello"; false when the name is not dated. */
static bool split_dated_name(const char *name, value_time_t *date, const char **rest)
{
	if (strlen(name) < 12 || name[10] != '-')
		return false;
	if (!parse_site_date(str_from(name, 10), date))
		return false;
	*rest = name + 11;
	return true;
}

/* "la-democratie-continue" -> "La Democratie Continue", as Jekyll titles posts. */
static const char *titleize(arena_t *a, const char *slug)
{
	char *t = arena_strdup(a, slug);
	bool start = true;
	for (char *p = t; *p; p++) {
		if (*p == '-' || *p == '_') {
			*p = ' ';
			start = true;
		} else if (start) {
			*p = (char)toupper((unsigned char)*p);
			start = false;
		}
	}
	return t;
}

static const char *base_name(arena_t *a, const char *rel, const char **dir)
{
	const char *slash = strrchr(rel, '/');
	const char *file = slash ? slash + 1 : rel;
	*dir = slash ? arena_strndup(a, rel, (size_t)(slash - rel)) : "";
	const char *dot = strrchr(file, '.');
	return dot && dot != file ? arena_strndup(a, file, (size_t)(dot - file)) : arena_strdup(a, file);
}

/* ---- lookups ------------------------------------------------------------ */

/* Compares a name with a file's rel, ignoring rel's extension when the name has none. */
static int name_cmp(str_t name, const char *rel, bool strip_ext)
{
	size_t n = strlen(rel);
	if (strip_ext) {
		const char *dot = strrchr(rel, '.');
		const char *slash = strrchr(rel, '/');
		if (dot && (!slash || dot > slash) && !memchr(name.p, '.', name.n))
			n = (size_t)(dot - rel);
	}
	size_t m = name.n < n ? name.n : n;
	int c = m ? memcmp(name.p, rel, m) : 0;
	if (c)
		return c;
	return name.n < n ? -1 : name.n > n;
}

static page_t *find_by_name(page_t **list, size_t n, str_t name, bool strip_ext)
{
	for (size_t i = 0; i < n; i++)  /* few layouts and includes: a scan is enough */
		if (name_cmp(name, list[i]->src->rel, strip_ext) == 0)
			return list[i];
	return NULL;
}

page_t *site_layout(const site_t *s, str_t name)
{
	return find_by_name(s->layouts, s->nlayouts, name, true);
}

static bool name_leaves_folder(str_t name)
{
	if (name.n == 0 || name.p[0] == '/' || memchr(name.p, '\\', name.n) || memchr(name.p, '\0', name.n))
		return true;
	for (size_t i = 0; i + 1 < name.n; i++)
		if (name.p[i] == '.' && name.p[i + 1] == '.' && (i == 0 || name.p[i - 1] == '/') &&
		    (i + 2 == name.n || name.p[i + 2] == '/'))
			return true;
	return false;
}

page_t *site_include(const site_t *s, str_t name)
{
	if (name_leaves_folder(name))
		return NULL;
	return find_by_name(s->includes, s->nincludes, name, false);
}

/* ---- pages -------------------------------------------------------------- */

typedef struct {
	site_t *s;
	arena_t *a;
	diag_list_t *d;
} ix_t;

static value_t *front_get(const page_t *p, const char *key)
{
	return value_get_cstr(p->front, key);
}

static void set_str(ix_t *x, value_t *h, const char *key, const char *val)
{
	value_hash_set_cstr(x->a, h, key, value_new_cstr(x->a, val));
}

/* Jekyll reads a document's date as a time: a date alone is midnight in
 * the site's time zone, and prints as "2017-04-10 00:00:00 +0200". */
static value_time_t local_midnight(value_time_t t)
{
	struct tm tm;
	value_time_to_tm(t, &tm);
	char ymd[48];
	snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	value_time_t out = t;
	parse_site_date(str_cstr(ymd), &out);
	out.date_only = false;
	return out;
}

/* The page's date: front matter `date`, else the file name's, else none. */
static bool page_date(ix_t *x, page_t *p, bool name_dated, value_time_t name_date)
{
	value_t *v = front_get(p, "date");
	if (v && v->kind == VALUE_TIME) {
		p->date = v->t;
		return true;
	}
	if (v && v->kind == VALUE_STRING) {
		if (parse_site_date(v->s, &p->date))
			return true;
		diag_error(x->d, p->src->path, (int)v->line, (int)v->col,
			   "date: cannot read '%s' as a date (write 2017-03-03 or 2017-03-03 10:17:00 +01:00)",
			   v->s.p);
		return false;
	}
	if (v && v->kind != VALUE_NIL) {
		diag_error(x->d, p->src->path, (int)v->line, (int)v->col,
			   "date must be a date, not %s", value_kind_name(v->kind));
		return false;
	}
	if (name_dated) {
		p->date = name_date;
		return true;
	}
	return false;
}

/* The URL from front matter `permalink`, or from the pattern. */
static bool page_url(ix_t *x, page_t *p, const permalink_vars_t *pv)
{
	const char *err = NULL;
	value_t *v = front_get(p, "permalink");
	if (v && v->kind == VALUE_STRING) {
		p->url = permalink_clean(x->a, v->s.p, &err);
		if (!p->url) {
			diag_error(x->d, p->src->path, (int)v->line, (int)v->col, "permalink '%.80s' %s",
				   v->s.p, err);
			return false;
		}
		return true;
	}
	const char *pattern = p->collection ? p->collection->permalink : x->s->cfg->permalink;
	if (p->src->kind == SOURCE_ASSET)
		pattern = "/:path/:basename:output_ext";
	p->url = permalink_expand(x->a, pattern, pv, p->collection == NULL, &err);
	if (!p->url) {
		int line = v ? (int)v->line : 0;
		diag_error(x->d, p->src->path, line, 0, "permalink %s", err);
		return false;
	}
	return true;
}

static const char *output_ext(const page_t *p)
{
	if (p->markdown)
		return ".html";
	if (p->sass)
		return ".css";
	const char *dot = strrchr(p->src->rel, '.');
	const char *slash = strrchr(p->src->rel, '/');
	return dot && (!slash || dot > slash) ? dot : "";
}

static void push_category(ix_t *x, value_t *list, const value_t *v)
{
	str_t t = value_to_str(x->a, (value_t *)v);
	if (v->kind != VALUE_NIL && t.n)
		value_array_push(x->a, list, value_new_string(x->a, t.p, t.n));
}

/* page.categories, as Jekyll makes it: `category` as one, then
 * `categories` -- a list, or a string split at spaces ("jekyll update",
 * what `jekyll new` writes, is two). */
static value_t *categories_list(ix_t *x, const page_t *p)
{
	value_t *list = value_new_array(x->a, 4);
	/* the folders above a nested _posts come first, as Jekyll puts them */
	for (const char *q = p->dir_categories; q && *q;) {
		size_t n = strcspn(q, "/");
		if (n)
			value_array_push(x->a, list, value_new_string(x->a, q, n));
		q += n + (q[n] == '/');
	}
	value_t *one = front_get(p, "category");
	for (size_t i = 0; one && i < (one->kind == VALUE_ARRAY ? one->a.n : 1); i++)
		push_category(x, list, one->kind == VALUE_ARRAY ? one->a.items[i] : one);
	value_t *c = front_get(p, "categories");
	if (c && c->kind == VALUE_STRING) {
		for (const char *q = c->s.p; *q;) {
			size_t skip = strspn(q, " \t\r\n"), n = strcspn(q + skip, " \t\r\n");
			if (n)
				value_array_push(x->a, list, value_new_string(x->a, q + skip, n));
			q += skip + n;
		}
	} else {
		for (size_t i = 0; c && c->kind == VALUE_ARRAY && i < c->a.n; i++)
			push_category(x, list, c->a.items[i]);
	}
	size_t w = 0; /* each once (news/_posts/ with `categories: news`) */
	for (size_t r = 0; r < list->a.n; r++) {
		size_t k = 0;
		while (k < w && !str_eq(list->a.items[k]->s, list->a.items[r]->s))
			k++;
		if (k == w)
			list->a.items[w++] = list->a.items[r];
	}
	list->a.n = w;
	return list;
}

/* :categories of a permalink: the categories slugified, joined by '/'. */
static const char *categories_path(ix_t *x, const value_t *c)
{
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < c->a.n; i++) {
		if (b.n)
			buf_putc(&b, '/');
		buf_puts(&b, permalink_slugify(x->a, c->a.items[i]->s.p));
	}
	const char *r = arena_strndup(x->a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return r;
}

/* page.* : the front matter, then what pnyx knows about the page. */
static void page_vars(ix_t *x, page_t *p, const permalink_vars_t *pv, value_t *categories)
{
	value_t *v = value_new_hash(x->a, p->front->h.n + 12);
	for (size_t i = 0; i < p->front->h.n; i++)
		value_hash_set(x->a, v, p->front->h.entries[i].key, p->front->h.entries[i].val);
	if (p->url)
		set_str(x, v, "url", p->url);
	set_str(x, v, "path", p->src->site_rel);
	set_str(x, v, "name", strrchr(p->src->site_rel, '/') ? strrchr(p->src->site_rel, '/') + 1 : p->src->site_rel);
	set_str(x, v, "slug", pv->slug);
	set_str(x, v, "ext", output_ext(p));
	set_str(x, v, "locale", p->locale);
	value_hash_set_cstr(x->a, v, "categories", categories);
	if (p->has_date)
		value_hash_set_cstr(x->a, v, "date", value_new_time(x->a, p->date));
	if (p->collection) {
		set_str(x, v, "collection", p->collection->name);
		const char *id = p->url ? p->url : "";
		size_t n = strlen(id);
		if (n > 5 && strcmp(id + n - 5, ".html") == 0)
			id = arena_strndup(x->a, id, n - 5);
		set_str(x, v, "id", id);
		if (!front_get(p, "title"))
			set_str(x, v, "title", titleize(x->a, pv->title));
	}
	/* replaced by the converted body before layouts are rendered */
	value_hash_set_cstr(x->a, v, "content", value_new_string_ref(x->a, p->body.p ? p->body.p : "", p->body.n));
	p->vars = v;
}

static bool is_published(const page_t *p)
{
	value_t *v = front_get(p, "published");
	return !(v && v->kind == VALUE_BOOL && !v->b);
}

/* Splits "en/about.md" into locale "en" and "about.md" when the first
 * folder is a declared locale. */
static const char *locale_folder(ix_t *x, const char **rel)
{
	const char *slash = strchr(*rel, '/');
	if (!slash || !x->s->cfg->locales_declared ||
	    !config_has_locale(x->s->cfg, *rel, (size_t)(slash - *rel)))
		return NULL;
	const char *code = arena_strndup(x->a, *rel, (size_t)(slash - *rel));
	*rel = slash + 1;
	return code;
}

/* Splits "agora.en" into "agora" and locale "en". */
static const char *locale_suffix(ix_t *x, const char **name)
{
	const char *dot = strrchr(*name, '.');
	if (!dot || !x->s->cfg->locales_declared || !config_has_locale(x->s->cfg, dot + 1, strlen(dot + 1)))
		return NULL;
	const char *code = arena_strdup(x->a, dot + 1);
	*name = arena_strndup(x->a, *name, (size_t)(dot - *name));
	return code;
}

static const char *front_locale(ix_t *x, page_t *p)
{
	value_t *v = front_get(p, "locale");
	if (!v || v->kind != VALUE_STRING)
		v = front_get(p, "lang");
	if (!v || v->kind != VALUE_STRING)
		return NULL;
	if (x->s->cfg->locales_declared && !config_has_locale(x->s->cfg, v->s.p, v->s.n))
		diag_warning(x->d, p->src->path, (int)v->line, (int)v->col,
			     "locale '%s' is not one of the site's locales", v->s.p);
	return v->s.p;
}

/* Pages of other locales than the default live under /LOCALE/. */
static void prefix_locale(ix_t *x, page_t *p)
{
	const config_t *cfg = x->s->cfg;
	if (p->src->kind == SOURCE_ASSET || !cfg->locales_declared ||
	    !config_has_locale(cfg, p->locale, strlen(p->locale)) ||
	    (strcmp(p->locale, cfg->default_locale) == 0 && !cfg->prefix_default_locale))
		return;
	size_t n = strlen(p->locale);
	if (strncmp(p->url + 1, p->locale, n) == 0 && (p->url[n + 1] == '/' || p->url[n + 1] == '\0'))
		return;
	p->url = arena_printf(x->a, "/%s%s", p->locale, p->url);
}

/* Date, URL and vars of a page or document. */
/* A Jekyll draft (_drafts/x.md): a post that waits for --drafts. */
static bool in_drafts(const config_t *cfg, const char *rel)
{
	size_t n = cfg->drafts_dir ? strlen(cfg->drafts_dir) : 0;
	return n && strncmp(rel, cfg->drafts_dir, n) == 0 && rel[n] == '/';
}

/* Where "/_posts/" (or "/_drafts/", then *draft is set) starts in the
 * path of a post kept in a folder's own _posts (news/_posts/x.md); NULL
 * for any other file. */
static const char *nested_posts_at(const char *rel, bool *draft)
{
	const char *m = strstr(rel, "/_posts/");
	if (!m && (m = strstr(rel, "/_drafts/")))
		*draft = true;
	return m;
}

/* `defaults:` front matter, by the page's path and type. */
static void apply_defaults(ix_t *x, page_t *p)
{
	const config_t *cfg = x->s->cfg;
	if (!cfg->defaults || p->src->kind != SOURCE_CONTENT)
		return;
	const collection_cfg_t *c = config_collection_for(cfg, p->src->rel);
	bool nested_draft = false;
	const char *nested = cfg->jekyll && !c ? nested_posts_at(p->src->rel, &nested_draft) : NULL;
	const char *type = in_drafts(cfg, p->src->rel) || nested_draft ? "drafts"
			   : c ? c->name : nested ? "posts" : "pages";
	p->front = config_apply_defaults(x->a, cfg, p->src->site_rel, type, p->front);
	if (strcmp(type, "drafts") == 0) /* drafts take the posts' defaults too */
		p->front = config_apply_defaults(x->a, cfg, p->src->site_rel, "posts", p->front);
}

static void index_page(ix_t *x, page_t *p)
{
	const config_t *cfg = x->s->cfg;
	apply_defaults(x, p);
	const char *rel = p->src->rel;
	const char *fl = front_locale(x, p);
	const char *unprefixed = rel;
	const char *folder_locale = p->src->kind == SOURCE_CONTENT ? locale_folder(x, &unprefixed) : NULL;
	/* content/en/x.md that says `locale: fr` keeps en/ in its path */
	if (folder_locale && (!fl || strcmp(fl, folder_locale) == 0))
		rel = unprefixed;
	else
		folder_locale = NULL;
	p->collection = p->src->kind == SOURCE_CONTENT ? config_collection_for(cfg, rel) : NULL;
	bool draft_file = p->src->kind == SOURCE_CONTENT && in_drafts(cfg, rel);
	const char *nested = !p->collection && !draft_file && cfg->jekyll && p->src->kind == SOURCE_CONTENT
				     ? nested_posts_at(rel, &draft_file) : NULL;
	if (p->collection) {
		rel += strlen(p->collection->dir) + 1;
	} else if (nested && site_posts_collection(x->s)) {
		p->collection = site_posts_collection(x->s);
		p->dir_categories = arena_strndup(x->a, rel, (size_t)(nested - rel));
		rel = nested + strlen(draft_file ? "/_drafts/" : "/_posts/");
	} else if (draft_file && site_posts_collection(x->s)) {
		p->collection = site_posts_collection(x->s);
		rel += strlen(cfg->drafts_dir) + 1;
	}
	permalink_vars_t pv = { .collection = p->collection ? p->collection->name : NULL };
	pv.name = base_name(x->a, rel, &pv.dir);
	const char *name_locale = locale_suffix(x, &pv.name);
	p->locale = fl ? fl : folder_locale ? folder_locale : name_locale ? name_locale : cfg->default_locale;
	pv.lang = p->locale;
	value_t *ref = front_get(p, "ref");
	bool scalar_ref = ref && ref->kind != VALUE_NIL && ref->kind != VALUE_ARRAY && ref->kind != VALUE_HASH;
	p->tkey = scalar_ref ? arena_printf(x->a, "ref:%s", value_to_str(x->a, ref).p)
			  : arena_printf(x->a, "%s/%s/%s", pv.collection ? pv.collection : "", pv.dir, pv.name);
	value_time_t name_date;
	const char *title = pv.name;
	bool dated = split_dated_name(pv.name, &name_date, &title);
	value_t *slug = front_get(p, "slug");
	pv.title = slug && slug->kind == VALUE_STRING ? slug->s.p : title;
	pv.slug = permalink_slugify(x->a, pv.title);
	pv.output_ext = output_ext(p);
	value_t *categories = categories_list(x, p);
	pv.categories = categories_path(x, categories);
	p->has_date = page_date(x, p, dated, name_date);
	if (!p->has_date && p->collection && (p->collection->posts || cfg->jekyll)) {
		/* Jekyll dates undated posts (every document, in a Jekyll site) with the build time */
		p->date = x->s->time;
		p->has_date = true;
	}
	if (cfg->jekyll && p->collection && p->has_date && p->date.date_only)
		p->date = local_midnight(p->date);
	pv.has_date = p->has_date;
	pv.date = p->date;
	p->output = is_published(p) && (!p->collection || p->collection->output);
	value_t *layout = front_get(p, "layout");
	p->deck = (p->collection && strcmp(p->collection->name, "slides") == 0) ||
		  (layout && layout->kind == VALUE_STRING && strcmp(layout->s.p, "slides") == 0);
	value_t *draft = front_get(p, "draft");
	if (((draft && draft->kind == VALUE_BOOL && draft->b) || draft_file) && !cfg->show_drafts)
		p->output = false; /* drafts wait for --drafts */
	if (p->collection && p->has_date && !cfg->future && p->date.sec > x->s->time.sec)
		p->output = false; /* future posts wait for --future */
	if (!page_url(x, p, &pv)) {
		p->failed = true;
	} else {
		prefix_locale(x, p);
		p->out_path = permalink_output_path(x->a, p->url);
	}
	page_vars(x, p, &pv, categories);
}

/* ---- translations ------------------------------------------------------- */

static size_t locale_rank(const config_t *cfg, const char *code)
{
	for (size_t i = 0; i < cfg->nlocales; i++)
		if (strcmp(cfg->locales[i], code) == 0)
			return i;
	return cfg->nlocales;
}

static int tkey_cmp(const void *pa, const void *pb, void *arg)
{
	const page_t *a = *(page_t *const *)pa, *b = *(page_t *const *)pb;
	int c = strcmp(a->tkey, b->tkey);
	if (c)
		return c;
	size_t ra = locale_rank(arg, a->locale), rb = locale_rank(arg, b->locale);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a->src->site_rel, b->src->site_rel);
}

/* page.translations: every page sharing a key (itself included), in the
 * order of site.locales, as {locale, url, title}. One array per group,
 * shared by its pages. */
static void link_translations(ix_t *x)
{
	size_t n = x->s->nrender;
	page_t **pages = xmalloc((n + 1) * sizeof(page_t *));
	memcpy(pages, x->s->render, n * sizeof(page_t *));
	qsort_r(pages, n, sizeof(page_t *), tkey_cmp, (void *)x->s->cfg);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(pages[j]->tkey, pages[i]->tkey) == 0)
			j++;
		value_t *arr = value_new_array(x->a, j - i);
		for (size_t k = i + 1; k < j; k++)
			if (strcmp(pages[k]->locale, pages[k - 1]->locale) == 0)
				diag_warning(x->d, pages[k]->src->path, 0, 0,
					     "%s is also a '%s' version of this page (same %s): one of them is unreachable from the language switcher",
					     pages[k - 1]->src->path, pages[k]->locale,
					     strncmp(pages[k]->tkey, "ref:", 4) == 0 ? "ref" : "path");
		for (size_t k = i; k < j; k++) {
			value_t *t = value_new_hash(x->a, 3);
			set_str(x, t, "locale", pages[k]->locale);
			set_str(x, t, "url", pages[k]->url);
			value_t *title = value_get_cstr(pages[k]->vars, "title");
			value_hash_set_cstr(x->a, t, "title", title ? title : value_nil());
			value_array_push(x->a, arr, t);
		}
		for (size_t k = i; k < j; k++)
			value_hash_set_cstr(x->a, pages[k]->vars, "translations", arr);
		i = j;
	}
	free(pages);
}

/* ---- layouts ------------------------------------------------------------ */

/* The layout named in `from`'s front matter; NULL for none or "none". */
static page_t *layout_of(ix_t *x, page_t *from, bool *bad)
{
	value_t *v = front_get(from, "layout");
	*bad = false;
	if (!v || v->kind == VALUE_NIL)
		return NULL;
	if (v->kind != VALUE_STRING) {
		diag_error(x->d, from->src->path, (int)v->line, (int)v->col, "layout must be a name");
		*bad = true;
		return NULL;
	}
	if (v->s.n == 0 || strcmp(v->s.p, "none") == 0 || strcmp(v->s.p, "null") == 0)
		return NULL;
	page_t *l = site_layout(x->s, v->s);
	if (!l) {
		diag_error(x->d, from->src->path, (int)v->line, (int)v->col,
			   "layout '%s' not found (looked in %s/ and the theme's layouts/)", v->s.p,
			   x->s->cfg->layouts_dir);
		*bad = true;
	}
	return l;
}

/* Follows every layout's own `layout:` and reports chains that loop. */
static void check_layouts(ix_t *x)
{
	for (size_t i = 0; i < x->s->nlayouts; i++) {
		page_t *start = x->s->layouts[i];
		if (start->failed)
			continue;
		bool bad;
		start->layout = layout_of(x, start, &bad);
		if (bad)
			start->failed = true;
	}
	for (size_t i = 0; i < x->s->nlayouts; i++) {
		page_t *l = x->s->layouts[i];
		size_t steps = 0;
		for (page_t *p = l->layout; p; p = p->layout) {
			if (p == l || ++steps > x->s->nlayouts) {
				value_t *v = front_get(l, "layout");
				diag_error(x->d, l->src->path, v ? (int)v->line : 0, v ? (int)v->col : 0,
					   "layout chain loops back to '%s'", l->src->rel);
				l->failed = true;
				break;
			}
		}
	}
}

/* ---- site.* ------------------------------------------------------------- */

/* site.html_pages: the pages written as HTML (Jekyll's nav loops), in
 * site.pages order. */
static value_t *html_pages(ix_t *x, const value_t *pages)
{
	value_t *out = value_new_array(x->a, pages->a.n);
	for (size_t i = 0; i < pages->a.n; i++) {
		const char *ext = value_cstr(value_get_cstr(pages->a.items[i], "ext"));
		if (ext && (strcmp(ext, ".html") == 0 || strcmp(ext, ".htm") == 0))
			value_array_push(x->a, out, pages->a.items[i]);
	}
	return out;
}

static int page_url_cmp(const void *pa, const void *pb)
{
	const page_t *a = *(page_t *const *)pa, *b = *(page_t *const *)pb;
	int c = strcmp(a->out_path, b->out_path);
	return c ? c : strcmp(a->src->site_rel, b->src->site_rel);
}

/* Two files that write the same output: report both, once per pair. */
static void check_collisions(ix_t *x, page_t **all, size_t n)
{
	qsort(all, n, sizeof(page_t *), page_url_cmp);
	for (size_t i = 1; i < n; i++)
		if (strcmp(all[i - 1]->out_path, all[i]->out_path) == 0)
			diag_error(x->d, all[i]->src->path, 0, 0,
				   "writes %s, which %s writes too", all[i]->out_path,
				   all[i - 1]->src->path);
}

/* `sort_by`, else by date (posts newest first), then by path. */
static int doc_cmp(const void *pa, const void *pb, void *arg)
{
	const page_t *a = *(page_t *const *)pa, *b = *(page_t *const *)pb;
	const collection_cfg_t *c = arg;
	if (c->sort_by) {
		int r;
		value_t *va = value_get_cstr(a->vars, c->sort_by), *vb = value_get_cstr(b->vars, c->sort_by);
		if (va && vb && value_compare(va, vb, &r) && r)
			return r;
		if (!va != !vb)
			return va ? -1 : 1;
	} else if (a->has_date && b->has_date && a->date.sec != b->date.sec) {
		return c->posts ? (a->date.sec > b->date.sec ? -1 : 1) : (a->date.sec < b->date.sec ? -1 : 1);
	}
	return strcmp(a->src->site_rel, b->src->site_rel);
}

/* A copy of a page's vars without its own neighbours, so that
 * page.next.previous is not page itself: values never form a cycle
 * (printing or jsonify would not end). */
static value_t *neighbour_vars(ix_t *x, const page_t *p)
{
	value_t *v = value_new_hash(x->a, p->vars->h.n);
	for (size_t i = 0; i < p->vars->h.n; i++) {
		str_t k = p->vars->h.entries[i].key;
		if (!str_eq_cstr(k, "previous") && !str_eq_cstr(k, "next"))
			value_hash_set(x->a, v, k, p->vars->h.entries[i].val);
	}
	return v;
}

/* page.previous and page.next within a collection and a locale, as Jekyll
 * gives posts: previous is the older one, next the newer. `docs` is in the
 * collection's order (posts newest first, others oldest first). */
static void link_neighbours(ix_t *x, page_t **docs, size_t n, bool newest_first)
{
	for (size_t i = 0; i < n; i++) {
		page_t *before = NULL, *after = NULL;
		for (size_t j = i; j-- > 0;)
			if (strcmp(docs[j]->locale, docs[i]->locale) == 0) {
				before = docs[j];
				break;
			}
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(docs[j]->locale, docs[i]->locale) == 0) {
				after = docs[j];
				break;
			}
		page_t *older = newest_first ? after : before, *newer = newest_first ? before : after;
		value_hash_set_cstr(x->a, docs[i]->vars, "previous", older ? neighbour_vars(x, older) : value_nil());
		value_hash_set_cstr(x->a, docs[i]->vars, "next", newer ? neighbour_vars(x, newer) : value_nil());
	}
}

static value_t *collection_docs(ix_t *x, const collection_cfg_t *c)
{
	size_t n = 0;
	page_t **docs = xmalloc((x->s->nfiles + 1) * sizeof(page_t *));
	for (size_t i = 0; i < x->s->nfiles; i++) {
		page_t *p = &x->s->files[i];
		if (p->collection == c && p->vars && !p->failed && is_published(p) &&
		    (p->output || !c->output))
			docs[n++] = p;
	}
	qsort_r(docs, n, sizeof(page_t *), doc_cmp, (void *)c);
	value_t *arr = value_new_array(x->a, n);
	for (size_t i = 0; i < n; i++)
		value_array_push(x->a, arr, docs[i]->vars);
	link_neighbours(x, docs, n, c->posts && !c->sort_by); /* sort_by sorts oldest first */
	free(docs);
	return arr;
}

/* site.data.a.b from data/a/b.yml */
static void add_data(ix_t *x, value_t *data, page_t *p)
{
	value_t *h = data;
	const char *rel = p->src->rel;
	for (const char *slash; (slash = strchr(rel, '/')); rel = slash + 1) {
		str_t dir = str_from(rel, (size_t)(slash - rel));
		value_t *sub = value_get(h, dir);
		if (!sub || sub->kind != VALUE_HASH) {
			sub = value_new_hash(x->a, 4);
			value_hash_set(x->a, h, dir, sub);
		}
		h = sub;
	}
	const char *dot = strrchr(rel, '.');
	value_hash_set(x->a, h, str_from(rel, dot ? (size_t)(dot - rel) : strlen(rel)), p->data);
}

static value_t *static_file_vars(ix_t *x, page_t *p)
{
	value_t *v = value_new_hash(x->a, 5);
	const char *dir;
	const char *base = base_name(x->a, p->out_path, &dir);
	set_str(x, v, "path", arena_printf(x->a, "/%s", p->out_path));
	set_str(x, v, "name", strrchr(p->out_path, '/') ? strrchr(p->out_path, '/') + 1 : p->out_path);
	set_str(x, v, "basename", base);
	const char *dot = strrchr(p->out_path, '.');
	set_str(x, v, "extname", dot && !strchr(dot, '/') ? dot : "");
	return v;
}

static value_t *filter_locale(ix_t *x, const value_t *arr, const char *code)
{
	value_t *out = value_new_array(x->a, 8);
	for (size_t i = 0; i < arr->a.n; i++)
		if (strcmp(value_cstr(value_get_cstr(arr->a.items[i], "locale")), code) == 0)
			value_array_push(x->a, out, arr->a.items[i]);
	return out;
}

/* site.locales: [{code, url, pages, posts, COLLECTION...}] in declared order;
 * url is the locale's home ("/" or "/en/"). */
static value_t *locales_value(ix_t *x, value_t *site)
{
	const config_t *cfg = x->s->cfg;
	value_t *locales = value_new_array(x->a, cfg->nlocales);
	for (size_t i = 0; i < cfg->nlocales; i++) {
		const char *code = cfg->locales[i];
		value_t *l = value_new_hash(x->a, 4 + cfg->ncollections);
		set_str(x, l, "code", code);
		bool prefixed = strcmp(code, cfg->default_locale) != 0 || cfg->prefix_default_locale;
		set_str(x, l, "url", prefixed ? arena_printf(x->a, "/%s/", code) : "/");
		value_hash_set_cstr(x->a, l, "pages", filter_locale(x, value_get_cstr(site, "pages"), code));
		value_hash_set_cstr(x->a, l, "posts", filter_locale(x, value_get_cstr(site, "posts"), code));
		for (size_t c = 0; c < cfg->ncollections; c++)
			value_hash_set_cstr(x->a, l, cfg->collections[c].name,
					    filter_locale(x, value_get_cstr(site, cfg->collections[c].name), code));
		value_array_push(x->a, locales, l);
	}
	return locales;
}

static void build_site_value(ix_t *x)
{
	site_t *s = x->s;
	value_t *site = value_new_hash(x->a, s->cfg->site->h.n + 12);
	for (size_t i = 0; i < s->cfg->site->h.n; i++)
		value_hash_set(x->a, site, s->cfg->site->h.entries[i].key, s->cfg->site->h.entries[i].val);
	value_hash_set_cstr(x->a, site, "time", value_new_time(x->a, s->time));
	value_t *pages = value_new_array(x->a, 16), *statics = value_new_array(x->a, 16);
	value_t *data = value_new_hash(x->a, 8), *docs = value_new_array(x->a, 16);
	for (size_t i = 0; i < s->nfiles; i++) {
		page_t *p = &s->files[i];
		if (p->src->kind == SOURCE_DATA && p->data)
			add_data(x, data, p);
		else if (p->is_static && p->out_path)
			value_array_push(x->a, statics, static_file_vars(x, p));
		else if (p->vars && p->output && !p->collection && p->src->kind == SOURCE_CONTENT)
			value_array_push(x->a, pages, p->vars);
	}
	value_t *collections = value_new_array(x->a, s->cfg->ncollections);
	value_hash_set_cstr(x->a, site, "posts", value_new_array(x->a, 0));
	for (size_t c = 0; c < s->cfg->ncollections; c++) {
		const collection_cfg_t *cc = &s->cfg->collections[c];
		value_t *arr = collection_docs(x, cc);
		value_hash_set_cstr(x->a, site, cc->name, arr);
		if (cc->posts)
			value_hash_set_cstr(x->a, site, "posts", arr);
		for (size_t i = 0; i < arr->a.n; i++)
			value_array_push(x->a, docs, arr->a.items[i]);
		value_t *meta = value_new_hash(x->a, cc->meta->h.n + 4);
		for (size_t i = 0; i < cc->meta->h.n; i++)
			value_hash_set(x->a, meta, cc->meta->h.entries[i].key, cc->meta->h.entries[i].val);
		set_str(x, meta, "label", cc->name);
		set_str(x, meta, "relative_directory", cc->dir);
		value_hash_set_cstr(x->a, meta, "output", value_bool(cc->output));
		value_hash_set_cstr(x->a, meta, "docs", arr);
		value_array_push(x->a, collections, meta);
	}
	value_hash_set_cstr(x->a, site, "collections", collections);
	value_hash_set_cstr(x->a, site, "pages", pages);
	value_hash_set_cstr(x->a, site, "html_pages", html_pages(x, pages));
	value_hash_set_cstr(x->a, site, "documents", docs);
	value_hash_set_cstr(x->a, site, "static_files", statics);
	value_hash_set_cstr(x->a, site, "data", data);
	value_hash_set_cstr(x->a, site, "locales", locales_value(x, site));
	s->site = site;
}

/* ---- the step ----------------------------------------------------------- */

static void push(page_t ***list, size_t *n, page_t *p)
{
	if ((*n & (*n - 1)) == 0) /* grow at powers of two */
		*list = xrealloc(*list, (*n ? *n * 2 : 1) * sizeof(page_t *));
	(*list)[(*n)++] = p;
}

static void classify(ix_t *x)
{
	site_t *s = x->s;
	for (size_t i = 0; i < s->nfiles; i++) {
		page_t *p = &s->files[i];
		switch (p->src->kind) {
		case SOURCE_LAYOUT:
			push(&s->layouts, &s->nlayouts, p);
			break;
		case SOURCE_INCLUDE:
			push(&s->includes, &s->nincludes, p);
			break;
		case SOURCE_DATA:
			break; /* read into site.data below; never published */
		case SOURCE_I18N:
			if (p->data) {
				const char *dir;
				const char *locale = base_name(x->a, p->src->rel, &dir);
				i18n_add_table(s->i18n, locale, p->data, x->d, p->src->path);
			}
			break;
		default:
			if (p->is_static) {
				p->out_path = p->src->rel;
				p->output = true;
				push(&s->copies, &s->ncopies, p);
			} else if (!p->failed) {
				index_page(x, p);
				if (p->output && !p->failed)
					push(&s->render, &s->nrender, p);
			}
			break;
		}
	}
}

static void check_page_layouts(ix_t *x)
{
	for (size_t i = 0; i < x->s->nrender; i++) {
		page_t *p = x->s->render[i];
		bool bad;
		if (p->sass)
			continue; /* a stylesheet, as Jekyll's assets: never in a layout */
		p->layout = layout_of(x, p, &bad);
		if (bad)
			p->failed = true;
		else if (p->deck && !value_get_cstr(p->front, "layout"))
			p->layout = site_layout(x->s, STR_LIT("slides")); /* decks default to it */
	}
}

int site_index(site_t *s, arena_t *a, diag_list_t *d)
{
	ix_t x = { s, a, d };
	size_t before = diag_error_count(d);
	s->i18n = i18n_new(a, s->cfg->default_locale);
	classify(&x);
	link_translations(&x);
	build_site_value(&x);
	generate_pages(s, a, d);
	check_layouts(&x);
	check_page_layouts(&x);
	size_t nout = s->nrender + s->ncopies;
	page_t **all = xmalloc((nout + 1) * sizeof(page_t *));
	memcpy(all, s->render, s->nrender * sizeof(page_t *));
	if (s->ncopies)
		memcpy(all + s->nrender, s->copies, s->ncopies * sizeof(page_t *));
	check_collisions(&x, all, nout);
	free(all);
	return diag_error_count(d) > before ? -1 : 0;
}

void site_add_render(site_t *s, page_t *p)
{
	push(&s->render, &s->nrender, p);
}

bool site_has_plugin(const site_t *s, const char *name)
{
	value_t *list = value_get_cstr(s->site, "plugins");
	if (!list)
		list = value_get_cstr(s->site, "gems");
	for (size_t i = 0; list && list->kind == VALUE_ARRAY && i < list->a.n; i++)
		if (value_cstr(list->a.items[i]) && strcmp(value_cstr(list->a.items[i]), name) == 0)
			return true;
	return false;
}

const collection_cfg_t *site_posts_collection(const site_t *s)
{
	for (size_t i = 0; i < s->cfg->ncollections; i++)
		if (s->cfg->collections[i].posts)
			return &s->cfg->collections[i];
	return NULL;
}

void site_free(site_t *s)
{
	free(s->render);
	free(s->copies);
	free(s->layouts);
	free(s->includes);
	s->render = s->copies = s->layouts = s->includes = NULL;
	s->nrender = s->ncopies = s->nlayouts = s->nincludes = 0;
}
