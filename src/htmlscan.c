/* htmlscan.c - the tag scanner: a simplified HTML tokenizer.
 *
 * It follows the states of the HTML standard's tokenizer where they decide
 * what is a tag (data, tag open, comment, bogus comment, attribute name and
 * value, raw text) and ignores the rest (character references in text,
 * script escapes). Every read is bounded by the document's length. */
#include "htmlscan.h"

#include <stdint.h>
#include <stdlib.h>

#include "util.h"

/* The elements whose content is text up to their end tag. */
static const char *const raw_text[] = {
	"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool htmlscan_name_is(str_t name, const char *lw)
{
	size_t n = strlen(lw);
	if (name.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(name.p[i]) != lw[i])
			return false;
	return true;
}

const htmlscan_attr_t *htmlscan_attr(const htmlscan_tag_t *t, const char *lw)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (htmlscan_name_is(t->attrs[i].name, lw))
			return &t->attrs[i];
	return NULL;
}

void htmlscan_init(htmlscan_t *s, str_t doc)
{
	*s = (htmlscan_t){ .doc = doc };
}

void htmlscan_free(htmlscan_t *s)
{
	free(s->attrs);
	s->attrs = NULL;
	s->cap = 0;
}

/* Offset of the first occurrence of lit at or after from, or doc.n. */
static size_t find(str_t doc, size_t from, const char *lit)
{
	size_t n = strlen(lit);
	for (size_t i = from; i + n <= doc.n; i++)
		if (doc.p[i] == lit[0] && memcmp(doc.p + i, lit, n) == 0)
			return i;
	return doc.n;
}

/* Offset of the end tag "</name" (ASCII case ignored, followed by a space,
 * '/' or '>') that closes a raw text element, or doc.n. */
static size_t find_end_tag(str_t doc, size_t from, str_t name)
{
	for (size_t i = from; i + 2 + name.n < doc.n; i++) {
		if (doc.p[i] != '<' || doc.p[i + 1] != '/')
			continue;
		size_t k = 0;
		while (k < name.n && lower(doc.p[i + 2 + k]) == lower(name.p[k]))
			k++;
		if (k < name.n)
			continue;
		char c = doc.p[i + 2 + k];
		if (is_space(c) || c == '/' || c == '>')
			return i;
	}
	return doc.n;
}

static void add_attr(htmlscan_t *s, size_t *n, htmlscan_attr_t a)
{
	if (*n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->attrs = xrealloc(s->attrs, s->cap * sizeof *s->attrs);
	}
	s->attrs[(*n)++] = a;
}

/* Reads a tag's name and attributes from s->pos (just after "<" or "</").
 * Returns false when the document ends inside the tag (the tag is dropped). */
static bool read_tag(htmlscan_t *s, htmlscan_tag_t *t)
{
	str_t d = s->doc;
	size_t i = s->pos, n = 0;
	size_t start = i;
	while (i < d.n && !is_space(d.p[i]) && d.p[i] != '/' && d.p[i] != '>')
		i++;
	t->name = str_from(d.p + start, i - start);
	for (;;) {
		while (i < d.n && is_space(d.p[i]))
			i++;
		if (i >= d.n)
			return false;
		if (d.p[i] == '>') {
			s->pos = i + 1;
			break;
		}
		if (d.p[i] == '/') {
			i++;
			if (i < d.n && d.p[i] == '>') {
				t->self_closing = true;
				s->pos = i + 1;
				break;
			}
			continue;
		}
		/* An attribute name; a leading '=' belongs to it. */
		htmlscan_attr_t a = { .offset = i };
		start = i++;
		while (i < d.n && !is_space(d.p[i]) && d.p[i] != '/' && d.p[i] != '>' && d.p[i] != '=')
			i++;
		a.name = str_from(d.p + start, i - start);
		size_t j = i;
		while (j < d.n && is_space(d.p[j]))
			j++;
		if (j < d.n && d.p[j] == '=') {
			j++;
			while (j < d.n && is_space(d.p[j]))
				j++;
			if (j >= d.n)
				return false;
			a.has_value = true;
			char q = d.p[j];
			if (q == '"' || q == '\'') {
				size_t end = j + 1;
				while (end < d.n && d.p[end] != q)
					end++;
				if (end >= d.n)
					return false;
				a.value = str_from(d.p + j + 1, end - j - 1);
				a.offset = j + 1;
				i = end + 1;
			} else if (q == '>') {
				/* "<a href=>": an empty value, and the tag ends. */
				a.value = str_from(d.p + j, 0);
				a.offset = j;
				i = j;
			} else {
				size_t end = j;
				while (end < d.n && !is_space(d.p[end]) && d.p[end] != '>')
					end++;
				a.value = str_from(d.p + j, end - j);
				a.offset = j;
				i = end;
			}
		}
		add_attr(s, &n, a);
	}
	t->attrs = s->attrs;
	t->nattrs = n;
	return true;
}

/* After a start tag: skips the content of a raw text element. */
static void skip_raw_text(htmlscan_t *s, const htmlscan_tag_t *t)
{
	if (htmlscan_name_is(t->name, "plaintext")) {
		s->pos = s->doc.n;
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(raw_text); i++)
		if (htmlscan_name_is(t->name, raw_text[i])) {
			s->pos = find_end_tag(s->doc, s->pos, t->name);
			return;
		}
}

/* Skips "<!...", "<?..." forms starting at s->pos (on the '<'). */
static void skip_markup(htmlscan_t *s)
{
	str_t d = s->doc;
	size_t i = s->pos;
	if (i + 4 <= d.n && memcmp(d.p + i, "<!--", 4) == 0) {
		/* "<!-->" and "<!--->" are whole (empty) comments. */
		if (i + 4 < d.n && d.p[i + 4] == '>') {
			s->pos = i + 5;
			return;
		}
		if (i + 5 < d.n && d.p[i + 4] == '-' && d.p[i + 5] == '>') {
			s->pos = i + 6;
			return;
		}
		size_t end = find(d, i + 4, "-->");
		size_t bang = find(d, i + 4, "--!>");
		if (bang < end)
			s->pos = bang + 4;
		else
			s->pos = end < d.n ? end + 3 : d.n;
		return;
	}
	size_t end = find(d, i + 2, ">");
	s->pos = end < d.n ? end + 1 : d.n;
}

bool htmlscan_next(htmlscan_t *s, htmlscan_tag_t *t)
{
	str_t d = s->doc;
	while (s->pos < d.n) {
		const char *lt = memchr(d.p + s->pos, '<', d.n - s->pos);
		if (!lt) {
			s->pos = d.n;
			return false;
		}
		size_t i = (size_t)(lt - d.p);
		s->pos = i;
		if (i + 1 >= d.n) {
			s->pos = d.n;
			return false;
		}
		char c = d.p[i + 1];
		if (c == '!' || c == '?') {
			skip_markup(s);
			continue;
		}
		bool closing = c == '/';
		if (closing) {
			if (i + 2 >= d.n) {
				s->pos = d.n;
				return false;
			}
			if (d.p[i + 2] == '>') {  /* "</>" is nothing */
				s->pos = i + 3;
				continue;
			}
			if (!is_alpha(d.p[i + 2])) {  /* "</ x>": a bogus comment */
				skip_markup(s);
				continue;
			}
		} else if (!is_alpha(c)) {  /* "a < b": text */
			s->pos = i + 1;
			continue;
		}
		*t = (htmlscan_tag_t){ .closing = closing, .offset = i };
		s->pos = i + (closing ? 2 : 1);
		if (!read_tag(s, t)) {
			s->pos = d.n;
			return false;
		}
		t->end = s->pos;
		if (!closing)
			skip_raw_text(s, t);
		return true;
	}
	return false;
}

static void put_utf8(buf_t *b, uint32_t c)
{
	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		buf_putc(b, (char)(0xC0 | (c >> 6)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_putc(b, (char)(0xE0 | (c >> 12)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | (c >> 18)));
		buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	}
}

static const struct {
	const char *name;
	const char *text;
	bool legacy;  /* also recognised without its ';' */
} named[] = {
	{ "amp", "&", true },
	{ "lt", "<", true },
	{ "gt", ">", true },
	{ "quot", "\"", true },
	{ "apos", "'", false },
	{ "nbsp", "\xC2\xA0", true },
	{ "sol", "/", false },
	{ "num", "#", false },
	{ "quest", "?", false },
	{ "equals", "=", false },
	{ "colon", ":", false },
	{ "period", ".", false },
	{ "percnt", "%", false },
	{ "lowbar", "_", false },
	{ "hyphen", "-", false },
	{ "dash", "\xE2\x80\x90", false },
};

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Decodes one numeric reference at v.p[i] == '&', v.p[i+1] == '#';
 * returns the length used, or 0 when it is not one. */
static size_t numeric_ref(str_t v, size_t i, buf_t *out)
{
	size_t j = i + 2;
	bool hex = j < v.n && (v.p[j] == 'x' || v.p[j] == 'X');
	if (hex)
		j++;
	uint32_t c = 0;
	size_t digits = 0;
	for (; j < v.n; j++, digits++) {
		char ch = v.p[j];
		int dv;
		if (ch >= '0' && ch <= '9')
			dv = ch - '0';
		else if (hex && lower(ch) >= 'a' && lower(ch) <= 'f')
			dv = lower(ch) - 'a' + 10;
		else
			break;
		c = c > 0x10FFFF ? c : c * (hex ? 16 : 10) + (uint32_t)dv;
	}
	if (digits == 0)
		return 0;
	if (j < v.n && v.p[j] == ';')
		j++;
	put_utf8(out, c);
	return j - i;
}

void htmlscan_decode(str_t v, buf_t *out)
{
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] != '&') {
			buf_putc(out, v.p[i]);
			continue;
		}
		if (i + 1 < v.n && v.p[i + 1] == '#') {
			size_t used = numeric_ref(v, i, out);
			if (used) {
				i += used - 1;
				continue;
			}
		}
		size_t j = i + 1;
		while (j < v.n && is_alnum(v.p[j]))
			j++;
		str_t name = str_from(v.p + i + 1, j - i - 1);
		bool semi = j < v.n && v.p[j] == ';';
		bool decoded = false;
		for (size_t k = 0; k < ARRAY_LEN(named) && !decoded; k++) {
			if (!str_eq_cstr(name, named[k].name))
				continue;
			/* Without ';', only the legacy names, and only when what
			 * follows could not continue a name (as browsers do in
			 * attribute values). */
			if (!semi && !(named[k].legacy && (j >= v.n || v.p[j] != '=')))
				continue;
			buf_puts(out, named[k].text);
			i = semi ? j : j - 1;
			decoded = true;
		}
		if (!decoded)
			buf_putc(out, '&');
	}
}
