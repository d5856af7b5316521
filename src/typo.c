#include "typo.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

#define NBSP "\xC2\xA0"         /* U+00A0 */
#define NNBSP "\xE2\x80\xAF"    /* U+202F */

/* State of the walk within one block. Rewritten literals are kept in
 * buffers and written back once the next node no longer needs to edit
 * them, so each text node is copied once. */
typedef struct {
	uint32_t prev;         /* last code point of the block's text so far; 0 at its start */
	bool prev_in_pend;     /* prev is the last character of pend_out */
	bool open_quote;       /* pend ends with a « still waiting for its space */
	cmark_node *pend;      /* last text node of the block, not written back yet */
	bool pend_changed;
	buf_t pend_out;        /* pend's new literal */
	buf_t cur;             /* the literal being built */
	bool cur_changed;
} typo_t;

/* Decodes one UTF-8 character of s[0..n) (n > 0) into *c and returns its
 * length; a malformed byte is returned alone as U+FFFD (the bytes are
 * copied unchanged anyway). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *c)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] >> 5) == 6 ? 2 : (s[0] >> 4) == 14 ? 3
		   : (s[0] >> 3) == 30 ? 4 : 0;
	if (len == 0 || len > n) {
		*c = 0xFFFD;
		return 1;
	}
	if (len == 1) {
		*c = s[0];
		return 1;
	}
	uint32_t v = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*c = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*c = v;
	return len;
}

/* The last character of a NUL-terminated string, 0 when it is empty. */
static uint32_t utf8_last(const char *s)
{
	size_t n = strlen(s), start = n;
	if (n == 0)
		return 0;
	while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start > 0)
		start--;
	uint32_t c;
	size_t len = utf8_next((const unsigned char *)s + start, n - start, &c);
	return start + len == n ? c : 0xFFFD;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* The marks that take a space before them and may come in runs ("?!"). */
static bool is_high_punct(uint32_t c)
{
	return c == ';' || c == '!' || c == '?' || c == ':';
}

/* What may directly follow a mark that ends a phrase: a mark after which
 * anything else makes the mark part of a word (a URL, 10:17). */
static bool ends_phrase(uint32_t c)
{
	return is_space(c) || is_high_punct(c) || c == '.' || c == ',' || c == ')' || c == ']' ||
	       c == '}' || c == '"' || c == '\'' || c == 0xBB /* » */ || c == 0x2019 /* ’ */ ||
	       c == 0x201D /* ” */ || c == 0x2026 /* … */;
}

/* True when the run of ; ! ? : continuing at s + i ends a phrase, so that
 * "Quoi?!" is punctuation but "std::vector" and "10:17" are words. */
static bool run_ends_phrase(const char *s, size_t n, size_t i)
{
	while (i < n && is_high_punct((unsigned char)s[i]))
		i++;
	if (i == n)
		return true;
	uint32_t next;
	utf8_next((const unsigned char *)s + i, n - i, &next);
	return ends_phrase(next);
}

static bool is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == '{';
}

static void strip_spaces(buf_t *b)
{
	size_t n = b->n;
	while (n > 0 && b->p[n - 1] == ' ')
		n--;
	buf_truncate(b, n);
}

/* Puts the no-break space `sp` between the text so far and the mark about
 * to be appended to cur: replaces an ordinary space (in cur, or at the end
 * of the previous text node), keeps a no-break one, inserts one after a
 * word. `in_run` refuses to insert after another ; ! ? :. */
static void space_before(typo_t *t, const char *sp, bool in_run)
{
	uint32_t p = t->prev;
	if (p == ' ') {
		buf_t *b = t->cur.n > 0 ? &t->cur : t->prev_in_pend ? &t->pend_out : NULL;
		if (!b)
			return;
		strip_spaces(b);
		buf_puts(b, sp);
		*(b == &t->cur ? &t->cur_changed : &t->pend_changed) = true;
		return;
	}
	if (p == 0 || is_space(p) || is_opening(p) || (in_run && is_high_punct(p)))
		return;
	buf_puts(&t->cur, sp);
	t->cur_changed = true;
}

/* Inside the text node s[0..n), at i just after a «: the space after it. */
static size_t after_open_quote(typo_t *t, const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && s[j] == ' ')
		j++;
	if (j == n && j == i) {
		t->open_quote = true;  /* decided by what follows the node */
		return i;
	}
	uint32_t c = 0;
	if (j < n)
		utf8_next((const unsigned char *)s + j, n - j, &c);
	if (j > i || !is_space(c)) {
		buf_puts(&t->cur, NBSP);
		t->cur_changed = true;
		t->prev = 0xA0;
	}
	return j;
}

/* A « ended the previous text node: give it its space now that something
 * follows (text not starting with a space, or a code span). */
static void close_open_quote(typo_t *t)
{
	if (!t->open_quote)
		return;
	t->open_quote = false;
	if (t->pend) {
		buf_puts(&t->pend_out, NBSP);
		t->pend_changed = true;
		if (t->prev_in_pend)
			t->prev = 0xA0;
	}
}

/* Handles the character c (len bytes at s + i) and returns how many bytes
 * of s it consumed. */
static size_t typo_char(typo_t *t, const char *s, size_t n, size_t i, uint32_t c, size_t len)
{
	if (is_high_punct(c)) {
		if (run_ends_phrase(s, n, i + len))
			space_before(t, c == ':' ? NBSP : NNBSP, true);
	} else if (c == 0xBB) {
		space_before(t, NBSP, false);
	}
	buf_put(&t->cur, s + i, len);
	t->prev = c;
	if (c == 0xAB)
		return after_open_quote(t, s, n, i + len) - i;
	return len;
}

static void typo_text(typo_t *t, cmark_node *node)
{
	const char *s = cmark_node_get_literal(node);
	size_t n = s ? strlen(s) : 0, i = 0;
	if (n == 0)
		return;  /* nothing to edit, and the pending node stays pending */
	buf_clear(&t->cur);
	t->cur_changed = false;
	if (t->open_quote) {
		uint32_t c;
		utf8_next((const unsigned char *)s, n, &c);
		while (i < n && s[i] == ' ')
			i++;
		t->cur_changed = i > 0;
		if (i > 0 || !is_space(c))
			close_open_quote(t);
		t->open_quote = false;
	}
	while (i < n) {
		uint32_t c;
		size_t len = utf8_next((const unsigned char *)s + i, n - i, &c);
		i += typo_char(t, s, n, i, c, len);
	}
	if (t->pend && t->pend_changed)
		cmark_node_set_literal(t->pend, buf_cstr(&t->pend_out));
	buf_t tmp = t->pend_out;
	t->pend_out = t->cur;
	t->cur = tmp;
	t->pend = node;
	t->pend_changed = t->cur_changed;
	t->prev_in_pend = true;
}

/* Writes back the last text node and forgets the block. */
static void typo_reset(typo_t *t)
{
	if (t->pend && t->pend_changed)
		cmark_node_set_literal(t->pend, buf_cstr(&t->pend_out));
	t->pend = NULL;
	t->pend_changed = false;
	t->prev = 0;
	t->prev_in_pend = false;
	t->open_quote = false;
}

/* An inline leaf whose content is not text to edit (code span, footnote
 * reference): it is what precedes the next mark. */
static void typo_opaque(typo_t *t, uint32_t last)
{
	if (last == 0)
		return;
	close_open_quote(t);
	t->prev = last;
	t->prev_in_pend = false;
}

/* True for a text node that is the whole label of a link showing its own
 * URL (<http://x.org/?a!>, a GFM "www.x.org" autolink): typography would
 * change the address the reader sees. */
static bool is_autolink_label(cmark_node *text)
{
	cmark_node *link = cmark_node_parent(text);
	if (!link || cmark_node_get_type(link) != CMARK_NODE_LINK ||
	    cmark_node_first_child(link) != text || cmark_node_next(text))
		return false;
	const char *url = cmark_node_get_url(link), *lit = cmark_node_get_literal(text);
	size_t un = url ? strlen(url) : 0, ln = lit ? strlen(lit) : 0;
	return ln > 0 && un >= ln && memcmp(url + un - ln, lit, ln) == 0;
}

static void typo_node(typo_t *t, cmark_node *node, cmark_event_type ev)
{
	cmark_node_type type = cmark_node_get_type(node);
	if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
		typo_reset(t);
		return;
	}
	if (ev != CMARK_EVENT_ENTER)
		return;
	switch (type) {
	case CMARK_NODE_TEXT:
		if (is_autolink_label(node))
			typo_opaque(t, utf8_last(cmark_node_get_literal(node)));
		else
			typo_text(t, node);
		break;
	case CMARK_NODE_CODE:
		typo_opaque(t, utf8_last(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : ""));
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		typo_opaque(t, '0');
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		t->prev = '\n';
		t->prev_in_pend = false;
		t->open_quote = false;
		break;
	default:
		break;  /* raw HTML and inline containers are transparent */
	}
}

void typo_french(cmark_node *root)
{
	if (!root)
		return;
	cmark_consolidate_text_nodes(root);
	typo_t t = { 0 };
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		typo_node(&t, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
	typo_reset(&t);
	buf_free(&t.pend_out);
	buf_free(&t.cur);
}
