/* filters_smartify.c - Jekyll's smartify: typographic quotes, dashes and
 * ellipses as kramdown's SmartyPants parser makes them.
 *
 * The quote rules are kramdown's (a port of RubyPants), applied at each
 * quote with the one character before it as context, unless that
 * character was itself consumed by a rule (a quote, an entity, a dash).
 * Tags and comments pass through; other text has & < > escaped; known
 * entities become their characters except &amp; &lt; &gt;. Output uses
 * characters (“ ” ‘ ’ – — … « »), as kramdown's default entity output. */
#include <string.h>

#include "filters_common.h"

#define LSQUO "\xe2\x80\x98"
#define RSQUO "\xe2\x80\x99"
#define LDQUO "\xe2\x80\x9c"
#define RDQUO "\xe2\x80\x9d"
#define NBSP "\xc2\xa0"

static bool word_char(int c)
{
	return c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static bool ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool sq_punct(int c)
{
	return c > 0 && strchr("!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

/* kramdown's SQ_CLOSE: anything but space, backslash, tab, CR, LF, [ { ( - */
static bool sq_close(int c)
{
	return !(c == ' ' || c == '\\' || c == '\t' || c == '\r' || c == '\n' || c == '[' ||
		 c == '{' || c == '(' || c == '-');
}

static void quote(buf_t *b, char q, bool open)
{
	if (q == '"')
		buf_puts(b, open ? LDQUO : RDQUO);
	else
		buf_puts(b, open ? LSQUO : RSQUO);
}

static int at(str_t s, size_t i)
{
	return i < s.n ? (unsigned char)s.p[i] : -1;
}

/* Applies the quote rules at s[i]; returns the index after what was used. */
static size_t smart_quote(str_t s, size_t i, int prev, buf_t *b)
{
	char q = s.p[i];
	int n1 = at(s, i + 1), n2 = at(s, i + 2), n3 = at(s, i + 3);
	if (prev >= 0 && !ws(prev)) {
		/* "word" or word's: closing; after ( [ { - : opening */
		quote(b, q, !sq_close(prev));
		return i + 1;
	}
	if (prev < 0) {
		if ((n1 == '_' || n1 == '*') && n2 >= 0 && !ws(n2)) {
			quote(b, q, true);
			return i + 1;
		}
		if (sq_punct(n1) && !(n2 == '.' && n3 == '.') && word_char(n1) == word_char(n2)) {
			quote(b, q, false);
			return i + 1;
		}
	}
	if (q == '"' && n1 == '\'' && word_char(n2)) {
		buf_puts(b, LDQUO LSQUO);
		return i + 2;
	}
	if (q == '\'' && n1 == '"' && word_char(n2)) {
		buf_puts(b, LSQUO LDQUO);
		return i + 2;
	}
	if (q == '\'' && n1 >= '0' && n1 <= '9' && n2 >= '0' && n2 <= '9' && n3 == 's') {
		buf_puts(b, RSQUO); /* the '80s */
		return i + 1;
	}
	if (prev >= 0) /* after whitespace */
		quote(b, q, true);
	else {
		size_t j = i + 1;
		while (j < s.n && ws((unsigned char)s.p[j]))
			j++;
		if (j < s.n && (s.p[j] == '"' || s.p[j] == '\'')) {
			/* kramdown keeps the first quote as text here */
			buf_put(b, s.p + i, j - i);
			quote(b, s.p[j], false);
			return j + 1;
		}
		int a = at(s, i + 1);
		bool closes = a < 0 || ws(a) || (a == 's' && !word_char(at(s, i + 2)));
		quote(b, q, !closes);
	}
	return i + 1;
}

typedef struct {
	const char *name;
	const char *text;
} entity_t;

static const entity_t entities[] = {
	{ "amp", "&amp;" },       { "lt", "&lt;" },          { "gt", "&gt;" },
	{ "quot", "\"" },         { "apos", "'" },           { "nbsp", NBSP },
	{ "copy", "\xc2\xa9" },   { "reg", "\xc2\xae" },     { "trade", "\xe2\x84\xa2" },
	{ "hellip", "\xe2\x80\xa6" }, { "mdash", "\xe2\x80\x94" }, { "ndash", "\xe2\x80\x93" },
	{ "lsquo", LSQUO },       { "rsquo", RSQUO },        { "ldquo", LDQUO },
	{ "rdquo", RDQUO },       { "laquo", "\xc2\xab" },   { "raquo", "\xc2\xbb" },
	{ "euro", "\xe2\x82\xac" }, { "deg", "\xc2\xb0" },   { "middot", "\xc2\xb7" },
	{ "times", "\xc3\x97" },  { "eacute", "\xc3\xa9" },  { "egrave", "\xc3\xa8" },
	{ "agrave", "\xc3\xa0" }, { "ccedil", "\xc3\xa7" },  { "ecirc", "\xc3\xaa" },
	{ "thinsp", "\xe2\x80\x89" }, { "shy", "\xc2\xad" }, { "sect", "\xc2\xa7" },
};

/* An entity at s[i]: appends its text and returns its length, or 0. */
static size_t entity(str_t s, size_t i, buf_t *b)
{
	size_t j = i + 1;
	if (j < s.n && s.p[j] == '#') {
		bool hex = j + 1 < s.n && (s.p[j + 1] == 'x' || s.p[j + 1] == 'X');
		j += hex ? 2 : 1;
		uint32_t cp = 0;
		size_t d0 = j;
		for (; j < s.n && j - d0 < 8; j++) {
			int c = (unsigned char)s.p[j];
			int v = c >= '0' && c <= '9' ? c - '0' :
				hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
			if (v < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (j == d0 || j >= s.n || s.p[j] != ';' || cp == 0 || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		if (cp == '<')
			buf_puts(b, "&lt;");
		else if (cp == '>')
			buf_puts(b, "&gt;");
		else if (cp == '&')
			buf_puts(b, "&amp;");
		else
			filters_utf8_put(b, cp);
		return j + 1 - i;
	}
	size_t n0 = j;
	while (j < s.n && j - n0 < 10 && word_char((unsigned char)s.p[j]))
		j++;
	if (j >= s.n || s.p[j] != ';' || j == n0)
		return 0;
	for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		if (strlen(entities[k].name) == j - n0 && !memcmp(entities[k].name, s.p + n0, j - n0)) {
			buf_puts(b, entities[k].text);
			return j + 1 - i;
		}
	}
	return 0;
}

/* A tag or comment at s[i] (kramdown's span HTML): its length, or 0. */
static size_t tag_len(str_t s, size_t i)
{
	int c = at(s, i + 1);
	if (c == '!' && i + 3 < s.n && s.p[i + 2] == '-' && s.p[i + 3] == '-') {
		const char *e = memmem(s.p + i + 4, s.n - i - 4, "-->", 3);
		return e ? (size_t)(e - s.p) + 3 - i : 0;
	}
	if (c == '/')
		c = at(s, i + 2);
	if (c < 0 || !((c | 32) >= 'a' && (c | 32) <= 'z'))
		return 0;
	const char *e = memchr(s.p + i + 1, '>', s.n - i - 1);
	return e ? (size_t)(e - s.p) + 1 - i : 0;
}

/* kramdown's typographic symbols; returns the length used, or 0. */
static size_t typographic(str_t s, size_t i, buf_t *b)
{
	const char *p = s.p + i;
	size_t left = s.n - i;
	if (left >= 3 && !memcmp(p, "---", 3))
		return buf_puts(b, "\xe2\x80\x94"), 3;
	if (left >= 2 && !memcmp(p, "--", 2))
		return buf_puts(b, "\xe2\x80\x93"), 2;
	if (left >= 3 && !memcmp(p, "...", 3))
		return buf_puts(b, "\xe2\x80\xa6"), 3;
	if (left >= 3 && !memcmp(p, "<< ", 3))
		return buf_puts(b, "\xc2\xab" NBSP), 3;
	if (left >= 3 && !memcmp(p, " >>", 3))
		return buf_puts(b, NBSP "\xc2\xbb"), 3;
	if (left >= 2 && !memcmp(p, "<<", 2))
		return buf_puts(b, "\xc2\xab"), 2;
	if (left >= 2 && !memcmp(p, ">>", 2))
		return buf_puts(b, "\xc2\xbb"), 2;
	return 0;
}

static void smartify(str_t s, buf_t *b)
{
	int prev = -1; /* the character before, when a rule may read it */
	size_t i = 0;
	while (i < s.n) {
		char c = s.p[i];
		size_t n;
		if (c == '<' && (n = tag_len(s, i)) > 0) {
			buf_put(b, s.p + i, n);
			prev = -1;
			i += n;
		} else if ((c == '-' || c == '.' || c == '<' || c == '>' || c == ' ') &&
			   (n = typographic(s, i, b)) > 0) {
			prev = -1;
			i += n;
		} else if (c == '&' && (n = entity(s, i, b)) > 0) {
			prev = -1;
			i += n;
		} else if (c == '"' || c == '\'') {
			i = smart_quote(s, i, prev, b);
			prev = -1;
		} else {
			if (c == '&')
				buf_puts(b, "&amp;");
			else if (c == '<')
				buf_puts(b, "&lt;");
			else if (c == '>')
				buf_puts(b, "&gt;");
			else
				buf_putc(b, c);
			/* a quote after a backslash starts its own match */
			prev = c == '\\' ? -1 : (unsigned char)c;
			i++;
		}
	}
}

static value_t *f_smartify(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	if (!filters_arity(ctx, "smartify", argc, kwargs, 0, 0))
		return value_nil();
	buf_t b = BUF_INIT;
	smartify(filters_to_s(ctx, in), &b);
	/* Jekyll chomps the converter's output */
	if (b.n && b.p[b.n - 1] == '\n')
		buf_truncate(&b, b.n - (b.n > 1 && b.p[b.n - 2] == '\r' ? 2 : 1));
	return filters_buf(ctx, &b);
}

const filters_entry_t filters_smartify_table[] = {
	{ "smartify", f_smartify },
	{ NULL, NULL },
};
