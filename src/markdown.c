/* markdown.c - Markdown to HTML with libcmark-gfm and its core extensions.
 *
 * Thread safety, the trap (design.md, "Known traps"): libcmark-gfm 0.29
 * keeps the table of special inline characters ('~', ':', 'w' …) in one
 * global. cmark_parser_feed() adds the characters of the parser's
 * extensions and cmark_parser_finish() removes them, so a thread finishing
 * a document strips '~' from another thread that is still parsing, whose
 * ~~strike~~ then comes out as text.
 *
 * The fix chosen: keep threads and make the table stable. The library
 * calls its exported cmark_manage_extensions_special_characters() through
 * the PLT, so the definition below, in the executable, interposes it: the
 * first "add" from a parser that has extensions is forwarded to the
 * library's own function (found with dlsym(RTLD_NEXT)), every later call
 * is ignored, and the characters are never removed. Every parser pnyx
 * makes attaches the same extensions, so the table is then exactly what
 * each parse wants, and nobody writes it again. markdown_init() makes that
 * first call itself, before any thread starts, and checks that the hook
 * really is the one the library calls; if it is not (a static link, say),
 * parsing falls back to one global lock instead of racing.
 *
 * Measured with tests/unit/test_markdown.c's thread test (2 threads x
 * 2,000 renders of a 40-paragraph document with tables and strikethrough):
 * with the hook 0 differences; with the hook renamed away (the library's
 * own function running) one thread alone got 450 to 1,000 of its 2,000
 * renders wrong, in each of 6 runs. */
#include "markdown.h"

#include <ctype.h>
#include "typo.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "mdmem.h"
#include "util.h"

typedef void (*manage_fn)(cmark_parser *, int);

static const char *const ext_names[] = { "table", "strikethrough", "autolink", "tasklist" };
static cmark_syntax_extension *exts[ARRAY_LEN(ext_names)];

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t special_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool special_added;
/* Set each time the library calls through our hook: proves interposition. */
static atomic_bool hook_seen;
/* True when the hook does not interpose: every parse then takes parse_lock. */
static bool serialize_parses;
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static bool parser_has_extensions(cmark_parser *parser)
{
	return parser && cmark_parser_get_syntax_extensions(parser) != NULL;
}

/* Interposes the library's function of the same name (see the top of this
 * file). Exported on purpose: the name and signature are the library's
 * (cmark-gfm-extension_api.h, 0.29.0.gfm.6). */
void cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
	if (!atomic_load_explicit(&hook_seen, memory_order_relaxed))
		atomic_store_explicit(&hook_seen, true, memory_order_relaxed);
	if (!add || atomic_load_explicit(&special_added, memory_order_acquire))
		return;
	if (!parser_has_extensions(parser))
		return;
	pthread_mutex_lock(&special_lock);
	if (!atomic_load_explicit(&special_added, memory_order_relaxed)) {
		manage_fn real = (manage_fn)dlsym(RTLD_NEXT,
						  "cmark_manage_extensions_special_characters");
		if (!real)
			die("markdown: cmark_manage_extensions_special_characters not found in libcmark-gfm");
		real(parser, 1);
		atomic_store_explicit(&special_added, true, memory_order_release);
	}
	pthread_mutex_unlock(&special_lock);
}

static cmark_parser *parser_new(int options, cmark_mem *mem)
{
	cmark_parser *p = cmark_parser_new_with_mem(options, mem);
	for (size_t i = 0; i < ARRAY_LEN(exts); i++)
		cmark_parser_attach_syntax_extension(p, exts[i]);
	return p;
}

static void init_once_fn(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	for (size_t i = 0; i < ARRAY_LEN(ext_names); i++) {
		exts[i] = cmark_find_syntax_extension(ext_names[i]);
		if (!exts[i])
			die("markdown: cmark-gfm extension '%s' is missing", ext_names[i]);
	}
	/* One parse before any thread: the first "add" happens here, and it
	 * tells whether the library really calls our hook. */
	cmark_parser *p = parser_new(CMARK_OPT_DEFAULT, cmark_get_default_mem_allocator());
	cmark_parser_feed(p, "~~x~~\n", 6);
	cmark_node_free(cmark_parser_finish(p));
	cmark_parser_free(p);
	serialize_parses = !atomic_load(&hook_seen) || !atomic_load(&special_added);
}

void markdown_init(void)
{
	pthread_once(&init_once, init_once_fn);
}

/* ---- heading ids ---- */

/* Slugs already given in one document, with the count of repeats, as
 * GitHub's slugger keeps them: "a", "a-1", "a-2" … */
typedef struct {
	char *slug;
	size_t repeats;
} slug_entry_t;

typedef struct {
	slug_entry_t *slots;
	size_t cap, n;
} slug_set_t;

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static slug_entry_t *slug_find(slug_set_t *set, const char *s, size_t n, bool add)
{
	if (add && (set->n + 1) * 2 > set->cap) {
		slug_set_t grown = { xcalloc(set->cap ? set->cap * 2 : 16, sizeof(slug_entry_t)),
				     set->cap ? set->cap * 2 : 16, 0 };
		for (size_t i = 0; i < set->cap; i++) {
			slug_entry_t *e = &set->slots[i];
			if (e->slug)
				*slug_find(&grown, e->slug, strlen(e->slug), true) = *e;
		}
		grown.n = set->n;
		free(set->slots);
		*set = grown;
	}
	if (!set->cap)
		return NULL;
	size_t i = hash_bytes(s, n) & (set->cap - 1);
	while (set->slots[i].slug) {
		if (strlen(set->slots[i].slug) == n && memcmp(set->slots[i].slug, s, n) == 0)
			return &set->slots[i];
		i = (i + 1) & (set->cap - 1);
	}
	return add ? &set->slots[i] : NULL;
}

static void slug_set_free(slug_set_t *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i].slug);
	free(set->slots);
}

/* Turns base into a slug not used yet in this document (GitHub's rule:
 * while taken, bump the base's counter and try base-N) and records it. */
static void slug_unique(slug_set_t *set, buf_t *slug)
{
	slug_entry_t *base = slug_find(set, slug->p, slug->n, false);
	if (base) {
		size_t base_n = slug->n;
		do {
			base = slug_find(set, slug->p, base_n, false);
			base->repeats++;
			size_t k = base->repeats;
			buf_truncate(slug, base_n);
			buf_printf(slug, "-%zu", k);
		} while (slug_find(set, slug->p, slug->n, false));
	}
	slug_entry_t *e = slug_find(set, slug->p, slug->n, true);
	e->slug = xstrndup(slug->p, slug->n);
	e->repeats = 0;
	set->n++;
}

/* The plain text of a heading: text and code literals; breaks as spaces;
 * raw inline HTML left out, as GitHub does. */
static void heading_text(cmark_node *heading, buf_t *out)
{
	cmark_iter *it = cmark_iter_new(heading);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				buf_puts(out, lit);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Replaces a heading by a custom block holding a custom inline that holds
 * the heading's children. The block renders as a line of its own (its
 * on_enter/on_exit are empty); the inline carries <hN id="…"> and </hN>
 * with nothing added between them and the text, so the output is the
 * library's own heading with an id. The heading node itself is returned
 * to the caller, who frees it after rendering: the children's literals
 * may point into its memory. */
static cmark_node *heading_with_id(cmark_node *h, const char *slug)
{
	int level = cmark_node_get_heading_level(h);
	buf_t open = BUF_INIT;
	buf_printf(&open, "<h%d id=\"", level);
	buf_put_html_escaped(&open, slug, strlen(slug));
	buf_puts(&open, "\">");
	char close[8];
	snprintf(close, sizeof close, "</h%d>", level);

	cmark_node *block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mdmem_allocator());
	cmark_node *inl = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mdmem_allocator());
	cmark_node_set_on_enter(block, "");
	cmark_node_set_on_exit(block, "");
	cmark_node_set_on_enter(inl, buf_cstr(&open));
	cmark_node_set_on_exit(inl, close);
	buf_free(&open);
	cmark_node *c;
	while ((c = cmark_node_first_child(h)) != NULL)
		if (!cmark_node_append_child(inl, c))
			die("markdown: cannot move a heading child");
	if (!cmark_node_append_child(block, inl) || !cmark_node_replace(h, block))
		die("markdown: cannot replace a heading node");
	return h;
}

typedef struct {
	cmark_node **p;
	size_t n, cap;
} node_list_t;

static void node_list_push(node_list_t *l, cmark_node *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->p = xrealloc(l->p, l->cap * sizeof *l->p);
	}
	l->p[l->n++] = n;
}

/* Gives every Markdown heading an id. Headings are collected first, since
 * the tree must not change under the iterator; the replaced heading nodes
 * are left in *detached for the caller to free after rendering. */
static void add_heading_ids(cmark_node *doc, node_list_t *detached)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
			node_list_push(detached, n);
	}
	cmark_iter_free(it);

	slug_set_t seen = { NULL, 0, 0 };
	buf_t text = BUF_INIT, slug = BUF_INIT;
	for (size_t i = 0; i < detached->n; i++) {
		buf_clear(&text);
		buf_clear(&slug);
		heading_text(detached->p[i], &text);
		/* GitHub's ids are also Jekyll's: it reads Markdown as kramdown's GFM */
		markdown_slug(buf_str(&text), &slug);
		slug_unique(&seen, &slug);
		heading_with_id(detached->p[i], buf_cstr(&slug));
	}
	buf_free(&text);
	buf_free(&slug);
	slug_set_free(&seen);
}

/* ---- kramdown's code markup ---- */

/* A node that prints `html` verbatim in place of n (inline or block). */
static void replace_with_html(cmark_node *n, bool block, const buf_t *html, node_list_t *detached)
{
	cmark_node *r = cmark_node_new_with_mem(block ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE,
						mdmem_allocator());
	cmark_node_set_literal(r, buf_cstr((buf_t *)html));
	cmark_node_replace(n, r);
	node_list_push(detached, n); /* freed after rendering, as the heading nodes */
}

/* Jekyll's kramdown with Rouge marks code up as
 *   <code class="language-plaintext highlighter-rouge">x</code>
 *   <div class="language-LANG highlighter-rouge"><div class="highlight"><pre class="highlight"><code>…</code></pre></div></div>
 * (without Rouge's token spans: pnyx does not colour code). */
static void kramdown_code(cmark_node *doc, node_list_t *detached)
{
	node_list_t code = { NULL, 0, 0 };
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK))
			node_list_push(&code, n);
	}
	cmark_iter_free(it);
	buf_t html = BUF_INIT;
	for (size_t i = 0; i < code.n; i++) {
		cmark_node *n = code.p[i];
		const char *text = cmark_node_get_literal(n);
		buf_clear(&html);
		if (cmark_node_get_type(n) == CMARK_NODE_CODE) {
			buf_puts(&html, "<code class=\"language-plaintext highlighter-rouge\">");
			buf_put_html_escaped(&html, text ? text : "", text ? strlen(text) : 0);
			buf_puts(&html, "</code>");
			replace_with_html(n, false, &html, detached);
			continue;
		}
		const char *info = cmark_node_get_fence_info(n);
		size_t lang = info ? strcspn(info, " \t") : 0;
		buf_puts(&html, "<div class=\"language-");
		if (lang)
			buf_put_html_escaped(&html, info, lang);
		else
			buf_puts(&html, "plaintext");
		buf_puts(&html, " highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>");
		buf_put_html_escaped(&html, text ? text : "", text ? strlen(text) : 0);
		buf_puts(&html, "</code></pre></div></div>\n");
		replace_with_html(n, true, &html, detached);
	}
	buf_free(&html);
	free(code.p);
}

/* kramdown aligns table cells with style="text-align: left" where the
 * table extension writes align="left". */
static void kramdown_table_align(const char *html, buf_t *out)
{
	const char *p = html;
	for (;;) {
		const char *td = strstr(p, "<td align=\"");
		const char *th = strstr(p, "<th align=\"");
		const char *at = !td ? th : !th ? td : td < th ? td : th;
		if (!at)
			break;
		buf_put(out, p, (size_t)(at - p) + 3); /* "<td" */
		buf_puts(out, " style=\"text-align: ");
		p = at + strlen("<td align=\"");
	}
	buf_puts(out, p);
}

/* ---- rendering ---- */

void markdown_render(str_t src, const markdown_opts_t *o, buf_t *out)
{
	markdown_init();
	int options = CMARK_OPT_UNSAFE;
	if (o && o->hardbreaks)
		options |= CMARK_OPT_HARDBREAKS;
	if (o && o->kramdown)
		options |= CMARK_OPT_SMART;

	cmark_mem *mem = mdmem_allocator();
	cmark_parser *p = parser_new(options, mem);
	if (serialize_parses)
		pthread_mutex_lock(&parse_lock);
	if (src.n)
		cmark_parser_feed(p, src.p, src.n);
	cmark_node *doc = cmark_parser_finish(p);
	if (serialize_parses)
		pthread_mutex_unlock(&parse_lock);

	node_list_t detached = { NULL, 0, 0 };
	if (o && o->heading_ids)
		add_heading_ids(doc, &detached);
	if (o && o->french_typography)
		typo_french(doc); /* after the ids: slugs must not see the no-break spaces */
	if (o && o->kramdown)
		kramdown_code(doc, &detached);
	char *html = cmark_render_html_with_mem(doc, options, cmark_parser_get_syntax_extensions(p),
						mem);
	if (o && o->kramdown)
		kramdown_table_align(html, out);
	else
		buf_puts(out, html);
	mem->free(html);

	cmark_node_free(doc);
	for (size_t i = 0; i < detached.n; i++)
		cmark_node_free(detached.p[i]);
	free(detached.p);
	cmark_parser_free(p);
	mdmem_reset();  /* everything the document took, at once */
}

/* ---- slugs ---- */

/* Decodes one UTF-8 sequence at s[0..n); returns its length, or 0 when it
 * is malformed (overlong, surrogate, above U+10FFFF, truncated). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static void utf8_encode(uint32_t c, buf_t *out)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6)), b[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12)), b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | (c >> 18)), b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f)), b[3] = (char)(0x80 | (c & 0x3f)), n = 4;
	}
	buf_put(out, b, n);
}

/* Non-ASCII code points that GitHub's slugger drops: punctuation,
 * symbols, spaces, controls and invisible marks. Everything else (letters
 * of any script, digits, combining marks) is kept. Ranges, not the full
 * Unicode tables: enough for Latin, Greek, Cyrillic, CJK text and emoji. */
static bool drop_nonascii(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{ 0x0080, 0x00a9 }, { 0x00ab, 0x00b1 }, { 0x00b4, 0x00b4 },
		{ 0x00b6, 0x00b8 }, { 0x00bb, 0x00bb }, { 0x00bf, 0x00bf },
		{ 0x00d7, 0x00d7 }, { 0x00f7, 0x00f7 },
		{ 0x02c2, 0x02c5 }, { 0x02d2, 0x02df }, { 0x037e, 0x037e },
		{ 0x0387, 0x0387 }, { 0x055a, 0x055f }, { 0x0589, 0x058a },
		{ 0x05be, 0x05be }, { 0x05c0, 0x05c0 }, { 0x05c3, 0x05c3 },
		{ 0x060c, 0x060d }, { 0x061b, 0x061f }, { 0x066a, 0x066d },
		{ 0x06d4, 0x06d4 }, { 0x0964, 0x0965 }, { 0x0e4f, 0x0e4f },
		{ 0x2000, 0x203e }, { 0x2041, 0x2053 }, { 0x2055, 0x206f },
		{ 0x20a0, 0x20cf }, { 0x2100, 0x2101 }, { 0x2103, 0x2106 },
		{ 0x2108, 0x2109 }, { 0x2114, 0x2114 }, { 0x2116, 0x2118 },
		{ 0x211e, 0x2123 }, { 0x2125, 0x2125 }, { 0x2127, 0x2127 },
		{ 0x2129, 0x2129 }, { 0x212e, 0x212e }, { 0x213a, 0x213b },
		{ 0x2140, 0x2144 }, { 0x214a, 0x214d }, { 0x214f, 0x214f },
		{ 0x2190, 0x245f }, { 0x2500, 0x2775 }, { 0x2794, 0x2bff },
		{ 0x2e00, 0x2e7f }, { 0x3000, 0x3004 }, { 0x3008, 0x3020 },
		{ 0x3030, 0x3030 }, { 0x303d, 0x303d }, { 0x30a0, 0x30a0 },
		{ 0x30fb, 0x30fb }, { 0xd800, 0xf8ff }, { 0xfd3e, 0xfd3f },
		{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe32 }, { 0xfe35, 0xfe4c },
		{ 0xfe50, 0xfe6f }, { 0xfeff, 0xfeff }, { 0xff01, 0xff0f },
		{ 0xff1a, 0xff20 }, { 0xff3b, 0xff3e }, { 0xff40, 0xff40 },
		{ 0xff5b, 0xff65 }, { 0xffe0, 0xffff }, { 0x1f000, 0x1faff },
		{ 0xe0000, 0x10ffff },
	};
	for (size_t i = 0; i < ARRAY_LEN(ranges); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	return false;
}

/* Lower case for the scripts whose case maps are simple offsets or pairs:
 * Latin-1, Latin Extended-A, Greek, Cyrillic, fullwidth Latin. */
static uint32_t lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7) || (c >= 0x391 && c <= 0x3ab && c != 0x3a2) ||
	    (c >= 0x410 && c <= 0x42f) || (c >= 0xff21 && c <= 0xff3a))
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c == 0x178)
		return 0xff;
	if ((c >= 0x100 && c <= 0x137 && c != 0x130) || (c >= 0x14a && c <= 0x177) || (c >= 0x460 && c <= 0x481) ||
	    (c >= 0x48a && c <= 0x4bf) || (c >= 0x4d0 && c <= 0x52f))
		return (c % 2 == 0) ? c + 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c % 2 == 1) ? c + 1 : c;
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 37;
	if (c == 0x38c)
		return 0x3cc;
	if (c == 0x38e || c == 0x38f)
		return c + 63;
	if (c == 0x130)
		return 'i';
	return c;
}

void markdown_slug(str_t text, buf_t *out)
{
	size_t start = out->n;
	const unsigned char *s = (const unsigned char *)text.p;
	size_t i = 0;
	while (i < text.n) {
		uint32_t c;
		size_t len = utf8_decode(s + i, text.n - i, &c);
		if (len == 0) {
			i++;  /* a malformed byte is dropped, like any other junk */
			continue;
		}
		i += len;
		if (c < 0x80) {
			if (c == ' ')
				buf_putc(out, '-');
			else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')
				buf_putc(out, (char)c);
			else if (c >= 'A' && c <= 'Z')
				buf_putc(out, (char)(c + 32));
			continue;
		}
		if (!drop_nonascii(c))
			utf8_encode(lower(c), out);
	}
	if (out->n == start)
		buf_puts(out, "section");
}
