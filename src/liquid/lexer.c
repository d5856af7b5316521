#include "lexer.h"

#include <string.h>

bool liquid_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

str_t liquid_trim(str_t s)
{
	while (s.n && liquid_is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && liquid_is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

void liquid_lexer_init(liquid_lexer_t *lx, str_t src)
{
	memset(lx, 0, sizeof *lx);
	lx->src = src;
	lx->at_line = 1;
	lx->at_col = 1;
}

/* Characters (not UTF-8 continuation bytes) in p[0..n). */
static int count_chars(const char *p, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xc0) != 0x80;
	return c;
}

/* Incremental: the parser asks for offsets in increasing order, so only
 * the text since the last answer is read; newlines are found with memchr,
 * and characters are counted on the last line only. */
void liquid_lexer_pos(liquid_lexer_t *lx, size_t off, int *line, int *col)
{
	if (off > lx->src.n)
		off = lx->src.n;
	if (off < lx->at_off) {
		lx->at_off = 0;
		lx->at_line = 1;
		lx->at_col = 1;
	}
	if (off > lx->at_off) {  /* (an empty source may have no pointer at all) */
		const char *end = lx->src.p + off, *line_start = lx->src.p + lx->at_off, *nl;
		while ((nl = memchr(line_start, '\n', (size_t)(end - line_start))) != NULL) {
			lx->at_line++;
			lx->at_col = 1;
			line_start = nl + 1;
		}
		lx->at_col += count_chars(line_start, (size_t)(end - line_start));
		lx->at_off = off;
	}
	*line = lx->at_line;
	*col = lx->at_col;
}

/* Offset of the next `{{` or `{%` at or after `from`, or src.n. */
static size_t find_open(const liquid_lexer_t *lx, size_t from)
{
	const char *p = lx->src.p;
	size_t n = lx->src.n;
	while (from + 1 < n) {
		const char *q = memchr(p + from, '{', n - from - 1);
		if (!q)
			break;
		size_t i = (size_t)(q - p);
		if (p[i + 1] == '{' || p[i + 1] == '%')
			return i;
		from = i + 1;
	}
	return n;
}

static size_t find_str(const liquid_lexer_t *lx, size_t from, const char *pat)
{
	size_t m = strlen(pat);
	if (from > lx->src.n || lx->src.n - from < m)
		return (size_t)-1;
	const char *q = memmem(lx->src.p + from, lx->src.n - from, pat, m);
	return q ? (size_t)(q - lx->src.p) : (size_t)-1;
}

static liquid_tok_kind_t lex_text(liquid_lexer_t *lx, liquid_tok_t *t, size_t end)
{
	str_t s = str_from(lx->src.p + lx->pos, end - lx->pos);
	if (lx->trim_next) {
		while (s.n && liquid_is_space(s.p[0])) {
			s.p++;
			s.n--;
		}
	}
	/* `{%-` or `{{-` right after strips this text's end */
	if (end + 2 < lx->src.n && lx->src.p[end + 2] == '-') {
		while (s.n && liquid_is_space(s.p[s.n - 1]))
			s.n--;
	}
	t->kind = LIQUID_TOK_TEXT;
	t->start = lx->pos;
	t->text = s;
	lx->pos = end;
	lx->trim_next = false;
	return t->kind;
}

/* The inside of a {{ }} or {% %} between `inner` and `close`, with the
 * whitespace-control dashes removed. */
static str_t strip_dashes(str_t in, bool *trim_right)
{
	*trim_right = false;
	if (in.n && in.p[0] == '-') {
		in.p++;
		in.n--;
		/* `{%-%}`: one dash serves both sides, as in Ruby */
		if (in.n == 0)
			*trim_right = true;
	}
	if (in.n && in.p[in.n - 1] == '-') {
		in.n--;
		*trim_right = true;
	}
	return in;
}

static liquid_tok_kind_t lex_tag(liquid_lexer_t *lx, liquid_tok_t *t)
{
	size_t open = lx->pos;
	bool output = lx->src.p[open + 1] == '{';
	size_t close = find_str(lx, open + 2, output ? "}}" : "%}");
	t->start = open;
	if (close == (size_t)-1) {
		t->kind = LIQUID_TOK_ERROR;
		lx->pos = lx->src.n;
		return t->kind;
	}
	str_t in = strip_dashes(str_from(lx->src.p + open + 2, close - open - 2), &t->trim_right);
	lx->pos = close + 2;
	lx->trim_next = t->trim_right;
	if (output) {
		t->kind = LIQUID_TOK_OUTPUT;
		t->text = liquid_trim(in);
		return t->kind;
	}
	t->kind = LIQUID_TOK_TAG;
	size_t i = 0;
	while (i < in.n && liquid_is_space(in.p[i]))
		i++;
	size_t name_start = i;
	if (i < in.n && in.p[i] == '#') {
		i++;
	} else {
		while (i < in.n && is_word(in.p[i]))
			i++;
	}
	t->name = str_from(in.p + name_start, i - name_start);
	t->markup = liquid_trim(str_from(in.p + i, in.n - i));
	return t->kind;
}

liquid_tok_kind_t liquid_lexer_next(liquid_lexer_t *lx, liquid_tok_t *t)
{
	memset(t, 0, sizeof *t);
	for (;;) {
		if (lx->pos >= lx->src.n) {
			t->kind = LIQUID_TOK_EOF;
			t->start = lx->src.n;
			return t->kind;
		}
		size_t open = find_open(lx, lx->pos);
		if (open > lx->pos) {
			lex_text(lx, t, open);
			if (t->text.n)
				return t->kind;
			continue;  /* all trimmed away: nothing to emit */
		}
		return lex_tag(lx, t);
	}
}

/* Does the tag opening at `at` ({%) name `word` (then a non-word char)? */
static bool tag_named(const liquid_lexer_t *lx, size_t at, const char *word, size_t *close)
{
	const char *p = lx->src.p;
	size_t n = lx->src.n, i = at + 2;
	if (i < n && p[i] == '-')
		i++;
	while (i < n && liquid_is_space(p[i]))
		i++;
	size_t m = strlen(word);
	if (n - i < m || memcmp(p + i, word, m) != 0 || (i + m < n && is_word(p[i + m])))
		return false;
	size_t c = find_str(lx, i + m, "%}");
	if (c == (size_t)-1)
		return false;
	*close = c;
	return true;
}

bool liquid_lexer_skip_block(liquid_lexer_t *lx, const char *endname, const char *nested_name,
			     str_t *body, bool *nested)
{
	size_t from = lx->pos;
	size_t at = from;
	if (nested)
		*nested = false;
	for (;;) {
		size_t open = find_str(lx, at, "{%");
		if (open == (size_t)-1)
			return false;
		size_t close;
		if (tag_named(lx, open, endname, &close)) {
			*body = str_from(lx->src.p + from, open - from);
			lx->pos = close + 2;
			lx->trim_next = lx->src.p[close - 1] == '-';
			return true;
		}
		if (nested_name && tag_named(lx, open, nested_name, &close)) {
			*nested = true;
			lx->pos = open;
			return false;
		}
		at = open + 2;
	}
}
