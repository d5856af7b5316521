/* check.c - `pnyx check`: links, anchors, alt text, lang, translations,
 * case collisions and (on request) external links, over the rendered site.
 *
 * Two passes over the pages: the first collects every id (and <a name>)
 * so that an anchor to a later page can be checked; the second follows
 * each link the way a browser and GitHub Pages would. A problem that
 * cannot be found in its page's own source (it comes from a layout or an
 * include) is said once, with the number of other pages that share it,
 * instead of once per page. */
#include "check.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "htmlscan.h"
#include "utf8.h"
#include "util.h"

/* ---- a small hash map from (bytes, number) to a number ---- */

typedef struct {
	const char *p;   /* NULL: empty slot */
	size_t n;
	size_t tag;      /* part of the key: the page of an id */
	size_t val;
} slot_t;

typedef struct {
	slot_t *slots;
	size_t cap, n;
} smap_t;

static uint64_t smap_hash(const char *p, size_t n, size_t tag)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)tag * 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

static slot_t *smap_find(const smap_t *m, const char *p, size_t n, size_t tag)
{
	if (!m->cap)
		return NULL;
	size_t i = (size_t)smap_hash(p, n, tag) & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		slot_t *s = &m->slots[i];
		if (!s->p)
			return NULL;
		if (s->tag == tag && s->n == n && memcmp(s->p, p, n) == 0)
			return s;
	}
}

/* Inserts the key (its bytes must outlive the map) unless present;
 * returns its slot and whether it was added. */
static slot_t *smap_put(smap_t *m, const char *p, size_t n, size_t tag, size_t val, bool *added)
{
	if (2 * (m->n + 1) > m->cap) {
		smap_t big = { xcalloc(m->cap ? m->cap * 2 : 64, sizeof(slot_t)), m->cap ? m->cap * 2 : 64, 0 };
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].p) {
				bool unused;
				slot_t *s = &m->slots[i];
				smap_put(&big, s->p, s->n, s->tag, s->val, &unused);
			}
		free(m->slots);
		*m = big;
	}
	size_t i = (size_t)smap_hash(p, n, tag) & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		slot_t *s = &m->slots[i];
		if (!s->p) {
			*s = (slot_t){ p ? p : "", n, tag, val };
			m->n++;
			*added = true;
			return s;
		}
		if (s->tag == tag && s->n == n && memcmp(s->p, p, n) == 0) {
			*added = false;
			return s;
		}
	}
}

/* ---- the checker's state ---- */

/* A problem found only in a layout or include: said once. */
typedef struct {
	diag_severity_t sev;
	size_t page;       /* first page it was found on */
	char *msg;         /* without the "(from URL ...)" part */
	char *written;     /* the link as written, when it differs from the message's */
	size_t others;     /* other pages with the same problem */
	size_t last;       /* last page it was found on */
} shared_t;

/* An external URL to try, with the first page that links to it. */
typedef struct {
	char *url;
	size_t page;
	char *written;
	size_t others;
	size_t last;       /* last page that links to it */
	long status;       /* HTTP status of the last answer, 0 for none */
	CURLcode res;
	char err[CURL_ERROR_SIZE];
} ext_t;

typedef struct {
	const check_input_t *in;
	diag_list_t *d;
	size_t problems;
	arena_t *a;
	smap_t paths;      /* out_path -> output index */
	smap_t ids;        /* (id, page) */
	smap_t shared_ix;  /* message + written -> index in shared */
	shared_t *shared;
	size_t nshared, capshared;
	smap_t ext_ix;     /* url -> index in ext */
	ext_t *ext;
	size_t next, capext;
	/* The page being checked. */
	size_t page;
	const char *base;  /* what relative links resolve against: "/repo/blog/x/" */
	bool lang_seen;
	size_t text_from;  /* end of the last tag: the text after it starts there */
	int last_level;    /* of the last heading, 0 before the first */
	int skipped_from;  /* the heading open skipped levels after this one (0: it did not) */
	buf_t heading;     /* the text of the heading open, to find it in the source */
	bool in_heading;
	bool in_link;      /* inside <a href>: has it a name a screen reader can say? */
	bool link_named;
	str_t link_href;
	/* ids used twice in one page: (page, id), said when that page is checked */
	size_t *dup_page;
	const char **dup_id;
	size_t ndup, capdup;
	/* The last source file read, to find lines in. */
	const char *src_path;
	buf_t src;
	bool src_ok;
	size_t body_off;
} ck_t;

/* Link kinds: the word their messages use, and whether #anchors count. */
typedef enum { K_LINK, K_IMAGE, K_FILE } kind_t;

static bool is_html_output(const check_output_t *o)
{
	if (!o->html.p || !o->out_path)
		return false;
	str_t p = str_cstr(o->out_path);
	return str_ends_with(p, ".html") || str_ends_with(p, ".htm") || str_ends_with(p, ".xhtml");
}

/* ---- finding a link in the page's source ---- */

static void load_source(ck_t *c, const check_output_t *o)
{
	if (c->src_path && o->source && strcmp(c->src_path, o->source) == 0)
		return;
	buf_clear(&c->src);
	c->src_path = o->source;
	c->src_ok = false;
	c->body_off = 0;
	if (!o->source)
		return;
	FILE *f = fopen(o->source, "rb");
	if (!f)
		return;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&c->src, chunk, n);
	fclose(f);
	c->src_ok = true;
	int line = 1;
	for (size_t i = 0; i < c->src.n && line < o->body_line; i++)
		if (c->src.p[i] == '\n') {
			line++;
			c->body_off = i + 1;
		}
}

/* What may stand before a link in a source: strictly, the '(' of a
 * Markdown link, the '<' of an autolink, an attribute's quote or '=';
 * loosely also a space (a reference definition, a bare URL). */
static bool opens(char ch, bool loose)
{
	return strchr("(\"'=<", ch) || (loose && strchr(" \t\r\n[", ch));
}

static bool closes(char ch)
{
	return strchr(")\"'> \t\r\n]", ch) != NULL;
}

/* Offset of needle in s from `from`, standing alone as a link would, or
 * SIZE_MAX. */
static size_t find_link_text(str_t s, size_t from, str_t needle, bool loose)
{
	if (!needle.n || needle.n > s.n)
		return SIZE_MAX;
	for (size_t i = from; i + needle.n <= s.n; i++) {
		if (s.p[i] != needle.p[0] || memcmp(s.p + i, needle.p, needle.n) != 0)
			continue;
		if (i > 0 && !opens(s.p[i - 1], loose))
			continue;
		if (i + needle.n < s.n && !closes(s.p[i + needle.n]))
			continue;
		return i;
	}
	return SIZE_MAX;
}

/* Line and column of the needle in page p's source: as a link in the body,
 * as a link anywhere (front matter values that layouts use), then as a
 * bare word in the body and anywhere. False when absent. */
static bool locate(ck_t *c, size_t page, str_t needle, int *line, int *col)
{
	const check_output_t *o = &c->in->outputs[page];
	if (!needle.n)
		return false;
	load_source(c, o);
	if (!c->src_ok)
		return false;
	str_t s = buf_str(&c->src);
	size_t at = SIZE_MAX;
	for (int loose = 0; loose < 2 && at == SIZE_MAX; loose++) {
		at = find_link_text(s, c->body_off, needle, loose);
		if (at == SIZE_MAX && c->body_off)
			at = find_link_text(s, 0, needle, loose);
	}
	if (at == SIZE_MAX) {
		/* "a&amp;b" in the HTML may be "a&b" in Markdown */
		if (!memchr(needle.p, '&', needle.n))
			return false;
		buf_t dec = BUF_INIT;
		htmlscan_decode(needle, &dec);
		bool found = dec.n != needle.n && locate(c, page, buf_str(&dec), line, col);
		buf_free(&dec);
		return found;
	}
	utf8_position(s, at, line, col);
	return true;
}

/* ---- saying a problem ---- */

static void emit(ck_t *c, diag_severity_t sev, size_t page, int line, int col, const char *msg,
		 const char *written, size_t others)
{
	const check_output_t *o = &c->in->outputs[page];
	buf_t b = BUF_INIT;
	buf_puts(&b, msg);
	buf_puts(&b, " (");
	if (written)
		buf_printf(&b, "written \"%s\" ", written);
	buf_printf(&b, "from URL %s", o->url ? o->url : "?");
	if (others)
		buf_printf(&b, " and %zu other page%s", others, others == 1 ? "" : "s");
	buf_putc(&b, ')');
	if (sev == DIAG_ERROR)
		diag_error(c->d, o->source, line, col, "%s", buf_cstr(&b));
	else
		diag_warning(c->d, o->source, line, col, "%s", buf_cstr(&b));
	buf_free(&b);
	c->problems++;
}

/* Reports a problem on the current page. `needle` is the text to look for
 * in the source; `written` (or NULL) the link as written when the message
 * names it otherwise. Found in the source: said at its line; else kept to
 * be said once for all the pages that share it. */
static void report(ck_t *c, diag_severity_t sev, str_t needle, const char *written,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(ck_t *c, diag_severity_t sev, str_t needle, const char *written,
		   const char *fmt, ...)
{
	buf_t msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	int line = 0, col = 0;
	if (locate(c, c->page, needle, &line, &col)) {
		emit(c, sev, c->page, line, col, buf_cstr(&msg), written, 0);
		buf_free(&msg);
		return;
	}
	char *key = arena_printf(c->a, "%d\n%s\n%s", (int)sev, buf_cstr(&msg), written ? written : "");
	bool added;
	slot_t *s = smap_put(&c->shared_ix, key, strlen(key), 0, c->nshared, &added);
	if (!added) {
		shared_t *sh = &c->shared[s->val];
		if (sh->last != c->page)
			sh->others++;
		sh->last = c->page;
		buf_free(&msg);
		return;
	}
	if (c->nshared == c->capshared) {
		c->capshared = c->capshared ? 2 * c->capshared : 16;
		c->shared = xrealloc(c->shared, c->capshared * sizeof *c->shared);
	}
	c->shared[c->nshared++] = (shared_t){ sev, c->page, arena_strdup(c->a, buf_cstr(&msg)),
					      written ? arena_strdup(c->a, written) : NULL, 0, c->page };
	buf_free(&msg);
}

/* ---- URLs ---- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Appends s with %XX sequences decoded (bad ones kept as written). */
static void percent_decode(str_t s, buf_t *out)
{
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '%' && i + 2 < s.n && hexval(s.p[i + 1]) >= 0 && hexval(s.p[i + 2]) >= 0) {
			buf_putc(out, (char)(hexval(s.p[i + 1]) * 16 + hexval(s.p[i + 2])));
			i += 2;
		} else {
			buf_putc(out, s.p[i]);
		}
	}
}

static bool is_dot(str_t seg)
{
	return str_eq_cstr(seg, ".") || (seg.n == 3 && strncasecmp(seg.p, "%2e", 3) == 0);
}

static bool is_dotdot(str_t seg)
{
	if (str_eq_cstr(seg, ".."))
		return true;
	if (seg.n == 4)
		return (seg.p[0] == '.' && strncasecmp(seg.p + 1, "%2e", 3) == 0) ||
		       (seg.p[3] == '.' && strncasecmp(seg.p, "%2e", 3) == 0);
	return seg.n == 6 && strncasecmp(seg.p, "%2e%2e", 6) == 0;
}

/* Appends an absolute path ("/a/./b/../c") with its "." and ".." segments
 * removed, as a browser does: ".." never climbs above the root. */
static void remove_dots(str_t path, buf_t *out)
{
	size_t start = out->n;
	for (size_t i = 0; i < path.n;) {
		size_t j = i + 1;  /* path.p[i] is a '/' */
		while (j < path.n && path.p[j] != '/')
			j++;
		str_t seg = str_from(path.p + i + 1, j - i - 1);
		bool last = j >= path.n;
		if (is_dot(seg) || is_dotdot(seg)) {
			if (is_dotdot(seg)) {
				while (out->n > start && out->p[out->n - 1] != '/')
					out->n--;
				if (out->n > start)
					out->n--;
			}
			if (last)
				buf_putc(out, '/');
		} else {
			buf_putc(out, '/');
			buf_put_str(out, seg);
		}
		i = j;
	}
	if (out->n == start)
		buf_putc(out, '/');
	out->p[out->n] = '\0';
}

/* The output a site path ("/blog/x/", percent-decoded, without the
 * baseurl) leads to, as GitHub Pages serves it, or SIZE_MAX. */
static size_t resolve_output(ck_t *c, str_t path)
{
	str_t p = str_from(path.p + 1, path.n - 1);
	buf_t b = BUF_INIT;
	size_t r = SIZE_MAX;
	slot_t *s;
	if (p.n == 0 || p.p[p.n - 1] == '/') {
		buf_put_str(&b, p);
		buf_puts(&b, "index.html");
		if ((s = smap_find(&c->paths, b.p, b.n, 0)))
			r = s->val;
	} else if ((s = smap_find(&c->paths, p.p, p.n, 0))) {
		r = s->val;
	} else {
		buf_put_str(&b, p);
		buf_puts(&b, ".html");
		if ((s = smap_find(&c->paths, b.p, b.n, 0))) {
			r = s->val;
		} else {
			buf_truncate(&b, p.n);
			buf_puts(&b, "/index.html");
			if ((s = smap_find(&c->paths, b.p, b.n, 0)))
				r = s->val;
		}
	}
	buf_free(&b);
	return r;
}

static bool has_id(ck_t *c, size_t page, str_t frag)
{
	if (smap_find(&c->ids, frag.p, frag.n, page))
		return true;
	buf_t b = BUF_INIT;
	percent_decode(frag, &b);
	bool r = b.n != frag.n && smap_find(&c->ids, b.p, b.n, page);
	buf_free(&b);
	return r;
}

/* Fragments that name no element: "#", "#top", text fragments, and the
 * "#/3" or "#!x" routes of scripts (slide decks). */
static bool frag_is_free(str_t f)
{
	return f.n == 0 || (f.n == 3 && strncasecmp(f.p, "top", 3) == 0) ||
	       str_starts_with(f, ":~:") || f.p[0] == '/' || f.p[0] == '!';
}

static void check_anchor(ck_t *c, size_t target, str_t frag, str_t needle, const char *shown)
{
	if (frag_is_free(frag) || !is_html_output(&c->in->outputs[target]) || has_id(c, target, frag))
		return;
	const char *turl = c->in->outputs[target].url;
	if (target == c->page && shown[0] == '#')
		report(c, DIAG_ERROR, needle, NULL, "broken anchor %s: no id=\"%.*s\" on this page", shown,
		       (int)frag.n, frag.p);
	else
		report(c, DIAG_ERROR, needle, NULL, "broken anchor in the link to %s: no id=\"%.*s\" in %s",
		       shown, (int)frag.n, frag.p, turl ? turl : "the page");
}

static bool is_scheme_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '+' || ch == '-' || ch == '.';
}

/* Length of a URL's scheme ("https" -> 5), 0 when it has none. */
static size_t scheme_len(str_t u)
{
	if (!u.n || !((u.p[0] >= 'a' && u.p[0] <= 'z') || (u.p[0] >= 'A' && u.p[0] <= 'Z')))
		return 0;
	for (size_t i = 1; i < u.n; i++) {
		if (u.p[i] == ':')
			return i;
		if (!is_scheme_char(u.p[i]))
			return 0;
	}
	return 0;
}

static void add_external(ck_t *c, str_t url, str_t needle)
{
	const char *hash = memchr(url.p, '#', url.n);
	if (hash)
		url.n = (size_t)(hash - url.p);
	bool added;
	char *key = arena_strndup(c->a, url.p, url.n);
	slot_t *s = smap_put(&c->ext_ix, key, url.n, 0, c->next, &added);
	if (!added) {
		ext_t *e = &c->ext[s->val];
		if (e->last != c->page)
			e->others++;
		e->last = c->page;
		return;
	}
	if (c->next == c->capext) {
		c->capext = c->capext ? 2 * c->capext : 16;
		c->ext = xrealloc(c->ext, c->capext * sizeof *c->ext);
	}
	c->ext[c->next++] = (ext_t){ .url = key, .page = c->page, .last = c->page,
				     .written = arena_strndup(c->a, needle.p, needle.n) };
}

/* When u is an http(s) URL on the site (site_url followed by a path),
 * returns that path; else an empty slice with p NULL. */
static str_t site_path(ck_t *c, str_t u)
{
	str_t none = { NULL, 0 };
	const char *site = c->in->site_url;
	if (!site || !*site)
		return none;
	const char *sep = strstr(site, "://");
	if (!sep)
		return none;
	str_t rest = str_cstr(sep + 3);
	while (rest.n && rest.p[rest.n - 1] == '/')
		rest.n--;
	size_t sl = scheme_len(u);
	if (sl + 3 > u.n || memcmp(u.p + sl, "://", 3) != 0)
		return none;
	str_t after = str_from(u.p + sl + 3, u.n - sl - 3);
	if (after.n < rest.n || strncasecmp(after.p, rest.p, rest.n) != 0)
		return none;
	str_t path = str_from(after.p + rest.n, after.n - rest.n);
	if (path.n && path.p[0] != '/' && path.p[0] != '?' && path.p[0] != '#')
		return none;  /* example.org.evil.com, example.org:8080 */
	return path.n ? path : (str_t){ "/", 1 };
}

/* The baseurl without its trailing slashes ("/" is none); its length. */
static size_t baseurl(const ck_t *c, const char **bu)
{
	*bu = c->in->baseurl ? c->in->baseurl : "";
	size_t n = strlen(*bu);
	while (n && (*bu)[n - 1] == '/')
		n--;
	return n;
}

static const char *kind_word(kind_t k)
{
	return k == K_LINK ? "broken link to" : k == K_IMAGE ? "missing image" : "missing file";
}

/* Checks one root-relative URL (after resolution against the page):
 * baseurl, then output, then anchor. `root_written`: the link was written
 * from the root ("/x"), so a missing baseurl is the likely mistake. */
static void check_internal(ck_t *c, kind_t kind, str_t abs, str_t needle, const char *written,
			   bool root_written)
{
	const char *bu;
	size_t bn = baseurl(c, &bu);
	/* Split off the fragment, then the query. */
	str_t frag = { NULL, 0 };
	const char *h = memchr(abs.p, '#', abs.n);
	if (h) {
		frag = str_from(h + 1, abs.n - (size_t)(h - abs.p) - 1);
		abs.n = (size_t)(h - abs.p);
	}
	const char *q = memchr(abs.p, '?', abs.n);
	if (q)
		abs.n = (size_t)(q - abs.p);
	buf_t path = BUF_INIT;
	remove_dots(abs, &path);
	str_t p = buf_str(&path);
	if (bn) {
		bool under = p.n >= bn && memcmp(p.p, bu, bn) == 0 && (p.n == bn || p.p[bn] == '/');
		if (!under) {
			if (root_written)
				report(c, DIAG_ERROR, needle, NULL,
				       "internal link without the baseurl: %s should be %.*s%s", written,
				       (int)bn, bu, written);
			else
				report(c, DIAG_ERROR, needle, NULL, "%s %s: it leads out of the baseurl %.*s",
				       kind_word(kind), p.p, (int)bn, bu);
			buf_free(&path);
			return;
		}
	}
	str_t rel = str_from(p.p + bn, p.n - bn);
	buf_t dec = BUF_INIT;
	if (!rel.n)
		buf_putc(&dec, '/');
	percent_decode(rel, &dec);
	size_t target = resolve_output(c, buf_str(&dec));
	if (target == SIZE_MAX) {
		bool same = strcmp(written, p.p) == 0;
		report(c, DIAG_ERROR, needle, same ? NULL : written, "%s %s", kind_word(kind), p.p);
	} else if (kind == K_LINK && frag.p) {
		check_anchor(c, target, frag, needle, written);
	}
	buf_free(&dec);
	buf_free(&path);
}

/* Decodes an attribute's URL, strips the ASCII whitespace around it and
 * the tabs and newlines in it (browsers ignore them), and writes other
 * control bytes (NUL...) as %XX, as browsers send them. */
static void clean_url(str_t v, buf_t *out)
{
	buf_t dec = BUF_INIT;
	htmlscan_decode(v, &dec);
	str_t s = buf_str(&dec);
	while (s.n && (unsigned char)s.p[0] <= ' ')
		s.p++, s.n--;
	while (s.n && (unsigned char)s.p[s.n - 1] <= ' ')
		s.n--;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		if (ch < 0x20 || ch == 0x7F)
			buf_printf(out, "%%%02X", ch);
		else
			buf_putc(out, (char)ch);
	}
	if (!out->p)
		buf_puts(out, "");
	buf_free(&dec);
}

/* Checks one URL written in an attribute (value as written). */
static void check_url(ck_t *c, kind_t kind, str_t value)
{
	buf_t u = BUF_INIT;
	clean_url(value, &u);
	str_t s = buf_str(&u);
	str_t needle = value;
	if (!s.n) {
		buf_free(&u);
		return;  /* href="": this page */
	}
	size_t sl = scheme_len(s);
	if (sl) {
		bool http = (sl == 4 && strncasecmp(s.p, "http", 4) == 0) ||
			    (sl == 5 && strncasecmp(s.p, "https", 5) == 0);
		str_t sp = http ? site_path(c, s) : (str_t){ NULL, 0 };
		if (sp.p) {
			const char *bu;
			size_t bn = baseurl(c, &bu);
			bool under = !bn || (sp.n >= bn && memcmp(sp.p, bu, bn) == 0 &&
					     (sp.n == bn || (sp.p[bn] && strchr("/?#", sp.p[bn]))));
			/* Under another project of the same host: not ours to judge. */
			if (under) {
				buf_t abs = BUF_INIT;
				if (sp.p[0] != '/')
					buf_putc(&abs, '/');
				buf_put_str(&abs, sp);
				check_internal(c, kind, buf_str(&abs), needle, s.p, false);
				buf_free(&abs);
			} else if (c->in->external) {
				add_external(c, s, needle);
			}
		} else if (http && c->in->external) {
			add_external(c, s, needle);
		}
		/* mailto:, tel:, data:, javascript: ... are not pages. */
		buf_free(&u);
		return;
	}
	if (s.n >= 2 && s.p[0] == '/' && s.p[1] == '/') {
		/* A network path: another host, over the page's scheme. */
		if (c->in->external) {
			buf_t abs = BUF_INIT;
			buf_puts(&abs, "https:");
			buf_put_str(&abs, s);
			add_external(c, buf_str(&abs), needle);
			buf_free(&abs);
		}
		buf_free(&u);
		return;
	}
	if (s.p[0] == '#') {
		if (kind == K_LINK)
			check_anchor(c, c->page, str_from(s.p + 1, s.n - 1), needle, s.p);
	} else if (s.p[0] == '?') {
		/* the same page with a query: nothing to find */
	} else if (s.p[0] == '/') {
		check_internal(c, kind, s, needle, s.p, true);
	} else {
		buf_t abs = BUF_INIT;
		buf_puts(&abs, c->base);
		buf_put_str(&abs, s);
		check_internal(c, kind, buf_str(&abs), needle, s.p, false);
		buf_free(&abs);
	}
	buf_free(&u);
}

/* Checks each URL of a srcset ("a.png 1x, b.png 2x"). */
static void check_srcset(ck_t *c, str_t v)
{
	size_t i = 0;
	while (i < v.n) {
		while (i < v.n && (v.p[i] == ',' || (unsigned char)v.p[i] <= ' '))
			i++;
		size_t start = i;
		while (i < v.n && (unsigned char)v.p[i] > ' ')
			i++;
		size_t end = i;
		while (end > start && v.p[end - 1] == ',')
			end--;
		if (end > start)
			check_url(c, K_IMAGE, str_from(v.p + start, end - start));
		/* descriptors, up to the next comma */
		if (i > end)  /* the URL ended with a comma: no descriptors */
			continue;
		while (i < v.n && v.p[i] != ',')
			i++;
	}
}

/* Sets the base relative links resolve against: the page's folder, or
 * a <base href>. Both carry the baseurl. */
static void set_base(ck_t *c, const check_output_t *o, str_t base_href)
{
	const char *bu;
	size_t bn = baseurl(c, &bu);
	const char *url = o->url && o->url[0] == '/' ? o->url : "/";
	const char *slash = strrchr(url, '/');
	buf_t b = BUF_INIT;
	buf_put(&b, bu, bn);
	buf_put(&b, url, (size_t)(slash - url) + 1);
	if (base_href.n) {
		buf_t h = BUF_INIT;
		clean_url(base_href, &h);
		str_t hs = buf_str(&h);
		if (hs.n && !scheme_len(hs) && hs.p[0] != '/') {
			buf_put_str(&b, hs);
		} else if (hs.n && hs.p[0] == '/' && (hs.n < 2 || hs.p[1] != '/')) {
			buf_clear(&b);
			buf_put_str(&b, hs);
		} else if (hs.n) {
			str_t sp = site_path(c, hs);
			if (sp.p) {
				buf_clear(&b);
				buf_put_str(&b, sp);
			}
		}
		buf_free(&h);
		/* keep only the folder */
		while (b.n && b.p[b.n - 1] != '/')
			b.n--;
		if (!b.n)
			buf_putc(&b, '/');
	}
	c->base = arena_strndup(c->a, b.p, b.n);
	buf_free(&b);
}

static void check_tag(ck_t *c, const htmlscan_tag_t *t)
{
	const htmlscan_attr_t *a;
	if (htmlscan_name_is(t->name, "a") || htmlscan_name_is(t->name, "area")) {
		if ((a = htmlscan_attr(t, "href")))
			check_url(c, K_LINK, a->value);
	} else if (htmlscan_name_is(t->name, "link")) {
		const htmlscan_attr_t *rel = htmlscan_attr(t, "rel");
		buf_t r = BUF_INIT;
		if (rel)
			htmlscan_decode(rel->value, &r);
		/* preconnect and dns-prefetch name a host, not a file */
		bool host_only = r.n && (strcasestr(r.p, "preconnect") || strcasestr(r.p, "dns-prefetch"));
		buf_free(&r);
		if (!host_only && (a = htmlscan_attr(t, "href")))
			check_url(c, K_FILE, a->value);
	} else if (htmlscan_name_is(t->name, "img")) {
		const htmlscan_attr_t *src = htmlscan_attr(t, "src");
		if (src)
			check_url(c, K_IMAGE, src->value);
		if ((a = htmlscan_attr(t, "srcset")))
			check_srcset(c, a->value);
		if (!htmlscan_attr(t, "alt")) {
			buf_t s = BUF_INIT;
			if (src)
				clean_url(src->value, &s);
			report(c, DIAG_WARNING, src ? src->value : (str_t){ NULL, 0 }, NULL,
			       "image %s has no alt text (alt=\"\" if it is decorative)",
			       s.n ? s.p : "without src");
			buf_free(&s);
		}
	} else if (htmlscan_name_is(t->name, "source")) {
		if ((a = htmlscan_attr(t, "src")))
			check_url(c, K_FILE, a->value);
		if ((a = htmlscan_attr(t, "srcset")))
			check_srcset(c, a->value);
	} else if (htmlscan_name_is(t->name, "script") || htmlscan_name_is(t->name, "iframe") ||
		   htmlscan_name_is(t->name, "embed") || htmlscan_name_is(t->name, "audio") ||
		   htmlscan_name_is(t->name, "track")) {
		if ((a = htmlscan_attr(t, "src")))
			check_url(c, K_FILE, a->value);
	} else if (htmlscan_name_is(t->name, "video")) {
		if ((a = htmlscan_attr(t, "src")))
			check_url(c, K_FILE, a->value);
		if ((a = htmlscan_attr(t, "poster")))
			check_url(c, K_IMAGE, a->value);
	} else if (htmlscan_name_is(t->name, "html") && !c->lang_seen) {
		c->lang_seen = true;
		a = htmlscan_attr(t, "lang");
		if (!a || !a->value.n)
			report(c, DIAG_WARNING, (str_t){ NULL, 0 }, NULL,
			       "the page's <html> has no lang attribute (screen readers and search engines need it)");
	} else if (htmlscan_name_is(t->name, "base") && (a = htmlscan_attr(t, "href"))) {
		set_base(c, &c->in->outputs[c->page], a->value);
	}
}

/* ---- the passes ---- */

static void note_duplicate(ck_t *c, size_t page, const char *id)
{
	if (c->ndup == c->capdup) {
		c->capdup = c->capdup ? 2 * c->capdup : 16;
		c->dup_page = xrealloc(c->dup_page, c->capdup * sizeof *c->dup_page);
		c->dup_id = xrealloc(c->dup_id, c->capdup * sizeof *c->dup_id);
	}
	c->dup_page[c->ndup] = page;
	c->dup_id[c->ndup++] = id;
}

static void collect_ids(ck_t *c, size_t page)
{
	htmlscan_t s;
	htmlscan_tag_t t;
	htmlscan_init(&s, c->in->outputs[page].html);
	while (htmlscan_next(&s, &t)) {
		if (t.closing)
			continue;
		const htmlscan_attr_t *a = htmlscan_attr(&t, "id");
		bool is_id = a != NULL;
		if (!a && htmlscan_name_is(t.name, "a"))
			a = htmlscan_attr(&t, "name");
		if (!a || !a->value.n)
			continue;
		buf_t b = BUF_INIT;
		htmlscan_decode(a->value, &b);
		bool added;
		char *id = arena_strndup(c->a, b.p ? b.p : "", b.n);
		slot_t *slot = smap_put(&c->ids, id, b.n, page, 0, &added);
		/* an id= seen before in this page (once per id); name= may repeat */
		if (is_id && !added && slot->val++ == 0)
			note_duplicate(c, page, id);
		buf_free(&b);
		/* <a id=x name=y>: both work */
		if (htmlscan_name_is(t.name, "a") && (a = htmlscan_attr(&t, "name")) && a->value.n) {
			buf_t n = BUF_INIT;
			htmlscan_decode(a->value, &n);
			smap_put(&c->ids, arena_strndup(c->a, n.p ? n.p : "", n.n), n.n, page, 0, &added);
			buf_free(&n);
		}
	}
	htmlscan_free(&s);
}

/* ---- what a screen reader needs: link names, heading levels, ids ---- */

static bool has_text(str_t s)
{
	for (size_t i = 0; i < s.n; i++)
		if (!strchr(" \t\r\n\f", s.p[i]))
			return true;
	return false;
}

static bool attr_filled(const htmlscan_tag_t *t, const char *name)
{
	const htmlscan_attr_t *a = htmlscan_attr(t, name);
	return a && has_text(a->value);
}

/* The heading level of <h1>…<h6>, else 0. */
static int heading_level(str_t name)
{
	return name.n == 2 && (name.p[0] == 'h' || name.p[0] == 'H') && name.p[1] >= '1' && name.p[1] <= '6'
		       ? name.p[1] - '0'
		       : 0;
}

static void end_link(ck_t *c)
{
	if (c->in_link && !c->link_named) {
		buf_t u = BUF_INIT;
		clean_url(c->link_href, &u);
		report(c, DIAG_WARNING, c->link_href, NULL,
		       "the link to %s has no text: a screen reader says the address or nothing "
		       "(give it words, or alt text to its image)", u.n ? u.p : "?");
		buf_free(&u);
	}
	c->in_link = false;
}

/* A heading that skips levels (an <h4> after an <h2>) breaks the outline
 * screen reader users move through; said once its text is known. */
static void end_heading(ck_t *c, int level)
{
	if (c->skipped_from) {
		str_t text = buf_str(&c->heading);
		while (text.n && strchr(" \t\r\n", text.p[0]))
			text.p++, text.n--;
		while (text.n && strchr(" \t\r\n", text.p[text.n - 1]))
			text.n--;
		report(c, DIAG_WARNING, text, NULL, "heading <h%d> \"%.*s\" follows an <h%d>: a level is skipped",
		       level, (int)(text.n > 60 ? 60 : text.n), text.p, c->skipped_from);
	}
	c->in_heading = false;
	c->skipped_from = 0;
}

/* Called for every tag in order: the text before it, then the tag. */
static void check_structure(ck_t *c, const htmlscan_tag_t *t, str_t html)
{
	str_t text = { html.p + c->text_from, t->offset - c->text_from };
	c->text_from = t->end;
	if (c->in_heading)
		buf_put(&c->heading, text.p, text.n);
	if (c->in_link && has_text(text))
		c->link_named = true;
	int level = heading_level(t->name);
	if (htmlscan_name_is(t->name, "a")) {
		end_link(c); /* a closing tag, or a link opened inside another */
		if (!t->closing && htmlscan_attr(t, "href")) {
			c->in_link = true;
			c->link_named = attr_filled(t, "aria-label") || attr_filled(t, "aria-labelledby") ||
					attr_filled(t, "title");
			c->link_href = htmlscan_attr(t, "href")->value;
		}
	} else if (level && t->closing) {
		if (c->in_heading)
			end_heading(c, level);
	} else if (level) {
		c->skipped_from = c->last_level && level > c->last_level + 1 ? c->last_level : 0;
		c->last_level = level;
		c->in_heading = true;
		buf_clear(&c->heading);
	} else if (c->in_link && !t->closing &&
		   (attr_filled(t, "aria-label") || attr_filled(t, "alt"))) {
		c->link_named = true; /* an image with alt text, a labelled icon */
	}
}

static void check_page(ck_t *c, size_t page)
{
	const check_output_t *o = &c->in->outputs[page];
	c->page = page;
	c->lang_seen = false;
	c->text_from = 0;
	c->last_level = 0;
	c->in_heading = c->in_link = false;
	set_base(c, o, (str_t){ NULL, 0 });
	htmlscan_t s;
	htmlscan_tag_t t;
	htmlscan_init(&s, o->html);
	while (htmlscan_next(&s, &t)) {
		if (!t.closing)
			check_tag(c, &t);
		check_structure(c, &t, o->html);
	}
	htmlscan_free(&s);
	end_link(c);
	for (size_t i = 0; i < c->ndup; i++)
		if (c->dup_page[i] == page)
			report(c, DIAG_WARNING, str_cstr(c->dup_id[i]), NULL,
			       "the id \"%s\" is used more than once in the page: #%s links reach the first",
			       c->dup_id[i], c->dup_id[i]);
}

static void flush_shared(ck_t *c)
{
	for (size_t i = 0; i < c->nshared; i++) {
		shared_t *sh = &c->shared[i];
		emit(c, sh->sev, sh->page, 0, 0, sh->msg, sh->written, sh->others);
	}
}

/* ---- missing translations ---- */

static int by_tkey(const void *x, const void *y, void *arg)
{
	const check_input_t *in = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int r = strcmp(in->outputs[a].tkey, in->outputs[b].tkey);
	return r ? r : (a > b) - (a < b);
}

static void check_translations(ck_t *c)
{
	const check_input_t *in = c->in;
	if (in->nlocales < 2)
		return;
	size_t *ix = xmalloc((in->n + 1) * sizeof *ix), n = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->outputs[i].tkey && in->outputs[i].locale)
			ix[n++] = i;
	qsort_r(ix, n, sizeof *ix, by_tkey, (void *)in);
	for (size_t g = 0; g < n;) {
		size_t e = g;
		while (e < n && strcmp(in->outputs[ix[e]].tkey, in->outputs[ix[g]].tkey) == 0)
			e++;
		for (size_t l = 0; l < in->nlocales; l++) {
			bool found = false;
			for (size_t k = g; k < e && !found; k++)
				found = strcmp(in->outputs[ix[k]].locale, in->locales[l]) == 0;
			if (found)
				continue;
			const check_output_t *o = &in->outputs[ix[g]];
			diag_warning(c->d, o->source, 0, 0, "no '%s' version of this page (URL %s)",
				     in->locales[l], o->url ? o->url : "?");
			c->problems++;
		}
		g = e;
	}
	free(ix);
}

/* ---- case collisions ---- */

typedef struct {
	const char *s;  /* an output path, or one of its folders ("Blog/") */
	size_t n;
	size_t page;
} spelling_t;

static int by_spelling(const void *x, const void *y)
{
	const spelling_t *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int r = strncasecmp(a->s, b->s, n);
	if (r)
		return r;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	r = memcmp(a->s, b->s, n);
	return r ? r : (a->page > b->page) - (a->page < b->page);
}

static void check_case(ck_t *c)
{
	const check_input_t *in = c->in;
	size_t cap = 16, n = 0;
	spelling_t *sp = xmalloc(cap * sizeof *sp);
	for (size_t i = 0; i < in->n; i++) {
		const char *p = in->outputs[i].out_path;
		if (!p)
			continue;
		size_t len = strlen(p);
		for (size_t k = 0; k < len; k++) {
			if (p[k] != '/' && k + 1 != len)
				continue;
			if (n == cap)
				sp = xrealloc(sp, (cap *= 2) * sizeof *sp);
			sp[n++] = (spelling_t){ p, k + 1, i };
		}
	}
	qsort(sp, n, sizeof *sp, by_spelling);
	size_t g = 0;
	for (size_t i = 1; i < n; i++) {
		if (sp[i].n != sp[g].n || strncasecmp(sp[i].s, sp[g].s, sp[i].n) != 0) {
			g = i;
			continue;
		}
		/* same letters: report each new spelling once, against the first */
		if (memcmp(sp[i].s, sp[i - 1].s, sp[i].n) == 0)
			continue;
		const check_output_t *o = &in->outputs[sp[i].page], *first = &in->outputs[sp[g].page];
		bool folder = sp[i].s[sp[i].n - 1] == '/';
		diag_error(c->d, o->source, 0, 0,
			   "%s '%.*s' and '%.*s' (from %s) differ only by case: they collide on "
			   "case-insensitive file systems (macOS, Windows)",
			   folder ? "folder" : "output", (int)sp[i].n, sp[i].s, (int)sp[g].n, sp[g].s,
			   first->source ? first->source : "?");
		c->problems++;
	}
	free(sp);
}

/* ---- external links ---- */

typedef struct {
	CURL *h;
	size_t ix;
	bool get;
} probe_t;

/* For GET: the status is known once the body starts, so stop there. */
static size_t drop_body(char *p, size_t size, size_t n, void *arg)
{
	return 0;
}

static void probe_setup(probe_t *p, ext_t *e, const check_input_t *in, bool get)
{
	CURL *h = p->h;
	p->get = get;
	e->err[0] = '\0';
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, e->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, p);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, e->err);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	long t = in->timeout_seconds > 0 ? in->timeout_seconds : 10;
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "pnyx-check (link checker)");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drop_body);
	if (get)
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	else
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
}

static bool status_ok(long st)
{
	/* 429: the server limits how fast we ask, it did not say the page is gone. */
	return (st >= 200 && st < 400) || st == 429;
}

/* Tries every external URL, at most in->threads at once. */
static void run_probes(ck_t *c)
{
	if (!c->next)
		return;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die("curl_global_init failed");
	CURLM *m = curl_multi_init();
	if (!m)
		die("curl_multi_init failed");
	size_t max = c->in->threads > 0 ? (size_t)c->in->threads : 8;
	if (max > c->next)
		max = c->next;
	probe_t *pr = xcalloc(max, sizeof *pr);
	size_t next = 0, active = 0;
	for (size_t i = 0; i < max; i++) {
		pr[i].h = curl_easy_init();
		if (!pr[i].h)
			die("curl_easy_init failed");
		pr[i].ix = next;
		probe_setup(&pr[i], &c->ext[next++], c->in, false);
		curl_multi_add_handle(m, pr[i].h);
		active++;
	}
	while (active) {
		int running;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			char *priv = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
			probe_t *p = (probe_t *)(void *)priv;
			ext_t *e = &c->ext[p->ix];
			CURLcode res = msg->data.result;
			long st = 0;
			curl_easy_getinfo(p->h, CURLINFO_RESPONSE_CODE, &st);
			curl_multi_remove_handle(m, p->h);
			/* The GET stopped itself at the body: the status is the answer. */
			if (p->get && res == CURLE_WRITE_ERROR && st > 0)
				res = CURLE_OK;
			e->res = res;
			e->status = st;
			/* Many servers answer HEAD wrongly (405, 501, even 404):
			 * ask again with GET before saying the link is broken. */
			if (!p->get && res == CURLE_OK && !status_ok(st)) {
				probe_setup(p, e, c->in, true);
				curl_multi_add_handle(m, p->h);
				continue;
			}
			if (next < c->next) {
				p->ix = next;
				probe_setup(p, &c->ext[next++], c->in, false);
				curl_multi_add_handle(m, p->h);
			} else {
				active--;
			}
		}
		if (active)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	}
	for (size_t i = 0; i < max; i++)
		curl_easy_cleanup(pr[i].h);
	free(pr);
	curl_multi_cleanup(m);
	curl_global_cleanup();
}

static void check_external(ck_t *c)
{
	run_probes(c);
	for (size_t i = 0; i < c->next; i++) {
		ext_t *e = &c->ext[i];
		int line = 0, col = 0;
		locate(c, e->page, str_cstr(e->written), &line, &col);
		buf_t msg = BUF_INIT;
		if (e->res != CURLE_OK)
			buf_printf(&msg, "external link %s failed: %s", e->url,
				   e->err[0] ? e->err : curl_easy_strerror(e->res));
		else if (!status_ok(e->status))
			buf_printf(&msg, "external link %s answered %ld", e->url, e->status);
		else {
			buf_free(&msg);
			continue;
		}
		emit(c, DIAG_WARNING, e->page, line, col, buf_cstr(&msg), NULL, e->others);
		buf_free(&msg);
	}
}

size_t check_site(const check_input_t *in, diag_list_t *d)
{
	ck_t c = { .in = in, .d = d, .a = arena_new() };
	for (size_t i = 0; i < in->n; i++) {
		const char *p = in->outputs[i].out_path;
		bool added;
		if (p)
			smap_put(&c.paths, p, strlen(p), 0, i, &added);
	}
	for (size_t i = 0; i < in->n; i++)
		if (is_html_output(&in->outputs[i]))
			collect_ids(&c, i);
	for (size_t i = 0; i < in->n; i++)
		if (is_html_output(&in->outputs[i]))
			check_page(&c, i);
	flush_shared(&c);
	check_translations(&c);
	check_case(&c);
	if (in->external)
		check_external(&c);
	free(c.paths.slots);
	free(c.ids.slots);
	free(c.shared_ix.slots);
	free(c.ext_ix.slots);
	free(c.shared);
	free(c.ext);
	free(c.dup_page);
	free(c.dup_id);
	buf_free(&c.heading);
	buf_free(&c.src);
	arena_free(c.a);
	return c.problems;
}
