/* slides.c - splitting a deck's Markdown into slides.
 *
 * One pass over the lines, a small state machine: where we are in the
 * slide (body or notes, after a `Notes:` line) and what the line belongs
 * to (plain text, a fenced code block, a settings comment spread over
 * several lines). slides_count and slides_split run the very same scanner
 * (split only adds the building), so they cannot disagree.
 *
 * Choices worth knowing:
 * - Line endings are \n, \r\n or a lone \r, as in CommonMark.
 * - A separator is `---` at the start of a line, with only spaces or tabs
 *   after it. It splits everywhere except in fenced code, also in the
 *   middle of an unterminated settings comment (which it closes), so a
 *   forgotten `-->` never swallows the rest of the deck.
 * - An unterminated fence runs to the end of the deck, as CommonMark
 *   renders it: its separators are code, not slide breaks.
 * - Settings comments are recognised at the start of a line (after
 *   spaces); other HTML comments stay in the body untouched. Class names
 *   are kept only when made of letters, digits, '-', '_' or non-ASCII
 *   bytes: they end up in an HTML attribute. */
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "slides.h"
#include "util.h"

typedef enum {
	MODE_TEXT,     /* ordinary Markdown lines */
	MODE_FENCE,    /* inside ``` or ~~~ fenced code */
	MODE_COMMENT,  /* inside a <!-- class/notes: --> comment not closed yet */
} scan_mode_t;

typedef enum { COMMENT_CLASS, COMMENT_NOTES } comment_kind_t;

/* The slide being built (only when splitting). */
typedef struct {
	buf_t body, notes, cls, comment;
} build_t;

typedef struct {
	scan_mode_t mode;
	bool in_notes;          /* after a `Notes:` line */
	char fence_char;        /* '`' or '~' */
	size_t fence_len;       /* length of the opening fence run */
	comment_kind_t comment; /* which comment MODE_COMMENT is in */
	size_t separators;      /* separators seen: the slide index, 0-based */
	int line;               /* current line, 1-based */
	/* Splitting only (NULL when counting). */
	arena_t *a;
	slide_list_t *out;
	build_t *b;
	int slide_line;         /* line where the current slide starts */
} scan_t;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ascii_ieq(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	return true;
}

/* Leading spaces and tabs of a line. */
static size_t indent_of(str_t ln)
{
	size_t i = 0;
	while (i < ln.n && is_blank(ln.p[i]))
		i++;
	return i;
}

/* The slice without its trailing white space (line endings included). */
static str_t rtrim(str_t s)
{
	while (s.n > 0 && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static str_t ltrim(str_t s)
{
	while (s.n > 0 && is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	return s;
}

/* `---` then only spaces or tabs. */
static bool is_separator(str_t ln)
{
	if (ln.n < 3 || memcmp(ln.p, "---", 3) != 0)
		return false;
	for (size_t i = 3; i < ln.n; i++)
		if (!is_blank(ln.p[i]))
			return false;
	return true;
}

/* A run of at least three ` or ~ after the indentation; sets *ch and *len. */
static bool fence_run(str_t ln, char *ch, size_t *len)
{
	size_t i = indent_of(ln);
	if (i >= ln.n || (ln.p[i] != '`' && ln.p[i] != '~'))
		return false;
	char c = ln.p[i];
	size_t j = i;
	while (j < ln.n && ln.p[j] == c)
		j++;
	if (j - i < 3)
		return false;
	*ch = c;
	*len = j - i;
	/* CommonMark: a backtick fence's info string holds no backtick
	 * (```a``` on one line is inline code, not a fence). */
	if (c == '`' && memchr(ln.p + j, '`', ln.n - j))
		return false;
	return true;
}

static bool fence_closes(const scan_t *s, str_t ln)
{
	char c;
	size_t n;
	if (!fence_run(ln, &c, &n) || c != s->fence_char || n < s->fence_len)
		return false;
	size_t i = indent_of(ln) + n;
	for (; i < ln.n; i++)
		if (!is_blank(ln.p[i]))
			return false;
	return true;
}

/* The first occurrence of `-->` in s, or s.n. */
static size_t find_comment_end(str_t s)
{
	for (size_t i = 0; i + 3 <= s.n; i++)
		if (s.p[i] == '-' && s.p[i + 1] == '-' && s.p[i + 2] == '>')
			return i;
	return s.n;
}

/* `<!-- class:` or `<!-- notes:` at the start of the line: sets *kind and
 * *rest (the text after the colon). */
static bool comment_start(str_t ln, comment_kind_t *kind, str_t *rest)
{
	size_t i = indent_of(ln);
	if (ln.n - i < 4 || memcmp(ln.p + i, "<!--", 4) != 0)
		return false;
	i += 4;
	while (i < ln.n && is_blank(ln.p[i]))
		i++;
	if (ascii_ieq(ln.p + i, ln.n - i, "class"))
		*kind = COMMENT_CLASS;
	else if (ascii_ieq(ln.p + i, ln.n - i, "notes"))
		*kind = COMMENT_NOTES;
	else
		return false;
	i += 5;
	while (i < ln.n && is_blank(ln.p[i]))
		i++;
	if (i >= ln.n || ln.p[i] != ':')
		return false;
	*rest = str_from(ln.p + i + 1, ln.n - i - 1);
	return true;
}

/* A `Notes:` line (any case, up to three spaces before it, spaces allowed
 * before the colon as French typography puts one there): sets *rest. */
static bool notes_start(str_t ln, str_t *rest)
{
	size_t i = 0;
	while (i < ln.n && i < 3 && ln.p[i] == ' ')
		i++;
	if (!ascii_ieq(ln.p + i, ln.n - i, "notes"))
		return false;
	i += 5;
	for (;;) {
		if (i < ln.n && is_blank(ln.p[i]))
			i++;
		else if (ln.n - i >= 2 && memcmp(ln.p + i, "\xC2\xA0", 2) == 0)
			i += 2;  /* no-break space */
		else if (ln.n - i >= 3 && memcmp(ln.p + i, "\xE2\x80\xAF", 3) == 0)
			i += 3;  /* narrow no-break space */
		else
			break;
	}
	if (i >= ln.n || ln.p[i] != ':')
		return false;
	*rest = str_from(ln.p + i + 1, ln.n - i - 1);
	return true;
}

/* Building (split only). */

static bool class_byte_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c >= 0x80;
}

/* Adds the safe class names of text to the slide's classes. */
static void add_classes(build_t *b, str_t text)
{
	size_t i = 0;
	while (i < text.n) {
		while (i < text.n && is_space(text.p[i]))
			i++;
		size_t start = i;
		bool ok = true;
		while (i < text.n && !is_space(text.p[i])) {
			if (!class_byte_ok((unsigned char)text.p[i]))
				ok = false;
			i++;
		}
		if (i > start && ok) {
			if (b->cls.n)
				buf_putc(&b->cls, ' ');
			buf_put(&b->cls, text.p + start, i - start);
		}
	}
}

/* Starts a new paragraph of notes: a blank line after what is there. */
static void notes_paragraph(build_t *b)
{
	str_t t = rtrim(buf_str(&b->notes));
	if (t.n == 0) {
		buf_clear(&b->notes);
		return;
	}
	buf_truncate(&b->notes, t.n);
	buf_puts(&b->notes, "\n\n");
}

static void comment_finish(scan_t *s)
{
	if (!s->b)
		return;
	build_t *b = s->b;
	str_t text = ltrim(rtrim(buf_str(&b->comment)));
	if (s->comment == COMMENT_CLASS) {
		add_classes(b, text);
	} else if (text.n) {
		notes_paragraph(b);
		buf_put_str(&b->notes, text);
		buf_putc(&b->notes, '\n');
	}
	buf_clear(&b->comment);
}

/* The text of the current section: body or notes. */
static void put_line(scan_t *s, str_t raw)
{
	if (!s->b)
		return;
	buf_put_str(s->in_notes ? &s->b->notes : &s->b->body, raw);
}

/* Body without its leading blank lines and trailing white space. */
static str_t trim_block(str_t t)
{
	size_t start = 0, i = 0;
	while (i < t.n) {
		if (t.p[i] == '\n' || t.p[i] == '\r')
			start = i + 1;
		else if (!is_blank(t.p[i]))
			break;
		i++;
	}
	if (i == t.n)
		return str_from(t.p, 0);
	return rtrim(str_from(t.p + start, t.n - start));
}

static void slide_finish(scan_t *s)
{
	if (s->mode == MODE_COMMENT) {
		comment_finish(s);
		s->mode = MODE_TEXT;
	}
	if (!s->b)
		return;
	build_t *b = s->b;
	if (s->separators >= s->out->n)
		die("slides: split found more slides than slides_count");
	slide_t *sl = &s->out->items[s->separators];
	sl->body = arena_str(s->a, trim_block(buf_str(&b->body)));
	sl->notes = arena_str(s->a, trim_block(buf_str(&b->notes)));
	sl->cls = b->cls.n ? arena_strndup(s->a, b->cls.p, b->cls.n) : "";
	sl->line = s->slide_line;
	buf_clear(&b->body);
	buf_clear(&b->notes);
	buf_clear(&b->cls);
}

/* Handles a line in MODE_COMMENT: collects it up to `-->`. */
static void line_in_comment(scan_t *s, str_t ln)
{
	size_t end = find_comment_end(ln);
	if (s->b)
		buf_put(&s->b->comment, ln.p, end);
	if (end == ln.n) {
		if (s->b)
			buf_putc(&s->b->comment, '\n');
		return;
	}
	comment_finish(s);
	s->mode = MODE_TEXT;
	/* Text after `-->` on the same line stays where it was. */
	str_t after = str_from(ln.p + end + 3, ln.n - end - 3);
	if (ltrim(after).n && s->b) {
		put_line(s, after);
		buf_putc(s->in_notes ? &s->b->notes : &s->b->body, '\n');
	}
}

/* One line: ln without its line ending, raw with it. */
static void scan_line(scan_t *s, str_t ln, str_t raw)
{
	if (s->mode != MODE_FENCE && is_separator(ln)) {
		slide_finish(s);
		s->separators++;
		s->in_notes = false;
		s->slide_line = s->line + 1;
		return;
	}
	switch (s->mode) {
	case MODE_FENCE:
		if (fence_closes(s, ln))
			s->mode = MODE_TEXT;
		put_line(s, raw);
		return;
	case MODE_COMMENT:
		line_in_comment(s, ln);
		return;
	case MODE_TEXT:
		break;
	}
	str_t rest;
	if (comment_start(ln, &s->comment, &rest)) {
		s->mode = MODE_COMMENT;
		line_in_comment(s, rest);
		return;
	}
	if (!s->in_notes && notes_start(ln, &rest)) {
		s->in_notes = true;
		if (s->b) {
			notes_paragraph(s->b);
			rest = ltrim(rest);
			if (rest.n) {
				buf_put_str(&s->b->notes, rest);
				buf_putc(&s->b->notes, '\n');
			}
		}
		return;
	}
	if (fence_run(ln, &s->fence_char, &s->fence_len))
		s->mode = MODE_FENCE;
	put_line(s, raw);
}

static void scan(scan_t *s, str_t src)
{
	size_t i = 0;
	s->line = 1;
	s->slide_line = 1;
	while (i < src.n) {
		size_t j = i;
		while (j < src.n && src.p[j] != '\n' && src.p[j] != '\r')
			j++;
		size_t end = j;
		if (j < src.n)
			j += (src.p[j] == '\r' && j + 1 < src.n && src.p[j + 1] == '\n') ? 2 : 1;
		scan_line(s, str_from(src.p + i, end - i), str_from(src.p + i, j - i));
		s->line++;
		i = j;
	}
	slide_finish(s);
}

size_t slides_count(str_t src)
{
	scan_t s = { 0 };
	scan(&s, src);
	return s.separators + 1;
}

void slides_split(arena_t *a, str_t src, slide_list_t *out)
{
	size_t n = slides_count(src);
	out->items = ARENA_ARRAY(a, slide_t, n);
	out->n = n;
	build_t b = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	scan_t s = { .a = a, .out = out, .b = &b };
	scan(&s, src);
	if (s.separators + 1 != n)
		die("slides: split found %zu slides, slides_count %zu", s.separators + 1, n);
	buf_free(&b.body);
	buf_free(&b.notes);
	buf_free(&b.cls);
	buf_free(&b.comment);
}
