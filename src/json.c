#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

#define JSON_MAX_DEPTH 10000

/* One open array or object. The parser keeps these on a heap stack instead
 * of recursing, so that deep nesting costs memory, not C stack. */
typedef struct {
	value_t *v;
	str_t key;  /* pending key of an object, while its value is read */
} frame_t;

typedef struct {
	arena_t *a;
	const char *file;
	diag_list_t *d;
	const char *p, *start, *end;
	/* position tracking: line, start of the line, and a cursor that
	 * counts characters along the line so columns cost linear time */
	uint32_t line;
	const char *line_start;
	const char *col_at;
	uint32_t col_chars;
	frame_t *stack;
	size_t depth, cap;
	buf_t scratch;  /* decoded strings with escapes, number text */
	bool failed;
} json_parser_t;

static uint32_t column_of(json_parser_t *jp, const char *at)
{
	if (jp->col_at < jp->line_start || jp->col_at > at) {
		jp->col_at = jp->line_start;
		jp->col_chars = 1;
	}
	for (; jp->col_at < at; jp->col_at++)
		if (((unsigned char)*jp->col_at & 0xC0) != 0x80)
			jp->col_chars++;
	return jp->col_chars;
}

/* Adds the error at `at`; the parser stops at the first one. */
static void fail_at(json_parser_t *jp, const char *at, const char *msg)
{
	if (jp->failed)
		return;
	jp->failed = true;
	diag_error(jp->d, jp->file, (int)jp->line, (int)column_of(jp, at), "JSON: %s", msg);
}

/* Describes what was found where something else was expected. */
static void fail_unexpected(json_parser_t *jp, const char *expected)
{
	char msg[128];
	if (jp->p >= jp->end)
		snprintf(msg, sizeof msg, "unexpected end of input, expected %s", expected);
	else if ((unsigned char)*jp->p > 0x20 && (unsigned char)*jp->p < 0x7f)
		snprintf(msg, sizeof msg, "unexpected '%c', expected %s", *jp->p, expected);
	else
		snprintf(msg, sizeof msg, "unexpected byte 0x%02X, expected %s", (unsigned char)*jp->p,
			 expected);
	fail_at(jp, jp->p, msg);
}

static void skip_ws(json_parser_t *jp)
{
	while (jp->p < jp->end) {
		char c = *jp->p;
		if (c == '\n') {
			jp->line++;
			jp->line_start = jp->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		jp->p++;
	}
}

static value_t *new_value(json_parser_t *jp, value_kind_t kind, const char *at)
{
	value_t *v = ARENA_NEW(jp->a, value_t);
	v->kind = kind;
	v->line = jp->line;
	v->col = column_of(jp, at);
	return v;
}

static int hex4(const char *p, const char *end, uint32_t *out)
{
	if (end - p < 4)
		return -1;
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(buf_t *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(b, u, n);
}

/* Reads a \uXXXX escape (p at the 'u'), pairing surrogates. */
static int read_unicode_escape(json_parser_t *jp, buf_t *out)
{
	const char *esc = jp->p - 1;
	uint32_t cp;
	if (hex4(jp->p + 1, jp->end, &cp) < 0) {
		fail_at(jp, esc, "invalid \\u escape: expected four hexadecimal digits");
		return -1;
	}
	jp->p += 5;
	if (cp >= 0xDC00 && cp <= 0xDFFF) {
		fail_at(jp, esc, "invalid \\u escape: low surrogate without a high surrogate");
		return -1;
	}
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		uint32_t lo;
		if (jp->end - jp->p < 6 || jp->p[0] != '\\' || jp->p[1] != 'u' ||
		    hex4(jp->p + 2, jp->end, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF) {
			fail_at(jp, esc, "invalid \\u escape: high surrogate without a low surrogate");
			return -1;
		}
		jp->p += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	put_utf8(out, cp);
	return 0;
}

/* Reads one escape (p after the backslash) into out. */
static int read_escape(json_parser_t *jp, buf_t *out)
{
	if (jp->p >= jp->end) {
		fail_at(jp, jp->p, "unterminated string");
		return -1;
	}
	char c = *jp->p, r;
	switch (c) {
	case '"': r = '"'; break;
	case '\\': r = '\\'; break;
	case '/': r = '/'; break;
	case 'b': r = '\b'; break;
	case 'f': r = '\f'; break;
	case 'n': r = '\n'; break;
	case 'r': r = '\r'; break;
	case 't': r = '\t'; break;
	case 'u': return read_unicode_escape(jp, out);
	default:
		fail_at(jp, jp->p - 1, "invalid escape in string");
		return -1;
	}
	buf_putc(out, r);
	jp->p++;
	return 0;
}

/* Reads a string (p at the opening quote). Returns its bytes: a slice of
 * the source when it has no escape, else of jp->scratch. */
static int read_string(json_parser_t *jp, str_t *out)
{
	const char *open = jp->p++;
	const char *run = jp->p;
	bool escaped = false;
	buf_clear(&jp->scratch);
	for (;;) {
		if (jp->p >= jp->end) {
			fail_at(jp, open, "unterminated string");
			return -1;
		}
		unsigned char c = (unsigned char)*jp->p;
		if (c == '"')
			break;
		if (c < 0x20) {
			fail_at(jp, jp->p, "control character in string (escape it)");
			return -1;
		}
		if (c != '\\') {
			jp->p++;
			continue;
		}
		escaped = true;
		buf_put(&jp->scratch, run, (size_t)(jp->p - run));
		jp->p++;
		if (read_escape(jp, &jp->scratch) < 0)
			return -1;
		run = jp->p;
	}
	if (escaped) {
		buf_put(&jp->scratch, run, (size_t)(jp->p - run));
		*out = buf_str(&jp->scratch);
	} else {
		*out = str_from(run, (size_t)(jp->p - run));
	}
	jp->p++;
	return 0;
}

static size_t skip_digits(json_parser_t *jp)
{
	const char *s = jp->p;
	while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
		jp->p++;
	return (size_t)(jp->p - s);
}

/* Reads a number as RFC 8259 writes it: an int when it has no fraction or
 * exponent and fits int64, else a float. */
static value_t *read_number(json_parser_t *jp)
{
	const char *s = jp->p;
	bool integral = true;
	if (*jp->p == '-')
		jp->p++;
	if (jp->p < jp->end && *jp->p == '0') {
		jp->p++;
	} else if (!skip_digits(jp)) {
		fail_at(jp, s, "invalid number");
		return NULL;
	}
	if (jp->p < jp->end && *jp->p == '.') {
		jp->p++;
		integral = false;
		if (!skip_digits(jp)) {
			fail_at(jp, s, "invalid number: digits expected after '.'");
			return NULL;
		}
	}
	if (jp->p < jp->end && (*jp->p == 'e' || *jp->p == 'E')) {
		jp->p++;
		integral = false;
		if (jp->p < jp->end && (*jp->p == '+' || *jp->p == '-'))
			jp->p++;
		if (!skip_digits(jp)) {
			fail_at(jp, s, "invalid number: digits expected in the exponent");
			return NULL;
		}
	}
	/* strtoll/strtod need a terminated copy: the source is a slice */
	buf_clear(&jp->scratch);
	buf_put(&jp->scratch, s, (size_t)(jp->p - s));
	value_t *v;
	if (integral) {
		errno = 0;
		long long i = strtoll(jp->scratch.p, NULL, 10);
		if (errno != ERANGE) {
			v = new_value(jp, VALUE_INT, s);
			v->i = i;
			return v;
		}
	}
	v = new_value(jp, VALUE_FLOAT, s);
	v->f = strtod(jp->scratch.p, NULL);
	return v;
}

static value_t *read_literal(json_parser_t *jp)
{
	static const struct {
		const char *word;
		value_kind_t kind;
		bool b;
	} lits[] = {
		{ "true", VALUE_BOOL, true },
		{ "false", VALUE_BOOL, false },
		{ "null", VALUE_NIL, false },
	};
	for (size_t i = 0; i < ARRAY_LEN(lits); i++) {
		size_t n = strlen(lits[i].word);
		if ((size_t)(jp->end - jp->p) >= n && memcmp(jp->p, lits[i].word, n) == 0) {
			value_t *v = new_value(jp, lits[i].kind, jp->p);
			v->b = lits[i].b;
			jp->p += n;
			return v;
		}
	}
	fail_unexpected(jp, "a value");
	return NULL;
}

static void push(json_parser_t *jp, value_t *v)
{
	if (jp->depth == jp->cap) {
		jp->cap = jp->cap ? jp->cap * 2 : 16;
		jp->stack = xrealloc(jp->stack, jp->cap * sizeof(frame_t));
	}
	jp->stack[jp->depth++] = (frame_t){ v, { NULL, 0 } };
}

/* Reads `"key" :` (p at the quote) into the top frame. */
static int read_key(json_parser_t *jp)
{
	if (jp->p >= jp->end || *jp->p != '"') {
		fail_unexpected(jp, "a string key");
		return -1;
	}
	str_t k;
	if (read_string(jp, &k) < 0)
		return -1;
	/* an unescaped key can stay a slice of the source (value_hash_set
	 * copies it); a decoded one lives in scratch, which the value reuses */
	jp->stack[jp->depth - 1].key = k.p == jp->scratch.p ? arena_str(jp->a, k) : k;
	skip_ws(jp);
	if (jp->p >= jp->end || *jp->p != ':') {
		fail_unexpected(jp, "':' after the key");
		return -1;
	}
	jp->p++;
	return 0;
}

/* Opens an array or object (p at the bracket). Returns the finished value
 * when it is empty, else NULL with the frame pushed (or on error). */
static value_t *open_container(json_parser_t *jp, bool *opened)
{
	bool obj = *jp->p == '{';
	*opened = false;
	if (jp->depth >= JSON_MAX_DEPTH) {
		fail_at(jp, jp->p, "nesting deeper than 10000 levels");
		return NULL;
	}
	value_t *v = obj ? new_value(jp, VALUE_HASH, jp->p) : new_value(jp, VALUE_ARRAY, jp->p);
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == (obj ? '}' : ']')) {
		jp->p++;
		return v;
	}
	push(jp, v);
	*opened = true;
	if (obj && read_key(jp) < 0)
		return NULL;
	return NULL;
}

/* Reads a scalar, or opens a container. NULL with *opened set means a
 * frame was pushed and its first value comes next. */
static value_t *read_value(json_parser_t *jp, bool *opened)
{
	*opened = false;
	skip_ws(jp);
	if (jp->p >= jp->end) {
		fail_unexpected(jp, "a value");
		return NULL;
	}
	char c = *jp->p;
	if (c == '{' || c == '[')
		return open_container(jp, opened);
	if (c == '"') {
		const char *at = jp->p;
		str_t s;
		if (read_string(jp, &s) < 0)
			return NULL;
		value_t *v = new_value(jp, VALUE_STRING, at);
		v->s = arena_str(jp->a, s);
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return read_number(jp);
	return read_literal(jp);
}

/* Adds a finished value to the open container; then reads ',' (and the
 * next key) or the closing bracket, which finishes the container. Returns
 * the value that is now finished at the top level, or NULL to go on. */
static value_t *add_value(json_parser_t *jp, value_t *v, bool *done)
{
	*done = false;
	while (jp->depth) {
		frame_t *f = &jp->stack[jp->depth - 1];
		bool obj = f->v->kind == VALUE_HASH;
		if (obj)
			value_hash_set(jp->a, f->v, f->key, v);
		else
			value_array_push(jp->a, f->v, v);
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			if (obj) {
				skip_ws(jp);
				if (read_key(jp) < 0)
					return NULL;
			}
			return NULL;
		}
		if (jp->p >= jp->end || *jp->p != (obj ? '}' : ']')) {
			fail_unexpected(jp, obj ? "',' or '}'" : "',' or ']'");
			return NULL;
		}
		jp->p++;
		v = f->v;
		jp->depth--;
	}
	*done = true;
	return v;
}

static value_t *parse_document(json_parser_t *jp)
{
	for (;;) {
		bool opened, done;
		value_t *v = read_value(jp, &opened);
		if (jp->failed)
			return NULL;
		if (opened)
			continue;
		v = add_value(jp, v, &done);
		if (jp->failed)
			return NULL;
		if (done)
			return v;
	}
}

value_t *json_parse(arena_t *a, const char *file, str_t src, diag_list_t *d)
{
	if (!src.p)
		src.p = "";  /* an empty slice may have no memory behind it */
	size_t bad;
	if (!utf8_valid(src, &bad)) {
		int line, col;
		utf8_position(src, bad, &line, &col);
		diag_error(d, file, line, col, "JSON: invalid UTF-8 (byte 0x%02X)",
			   (unsigned char)src.p[bad]);
		return NULL;
	}
	json_parser_t jp = {
		.a = a, .file = file, .d = d,
		.p = src.p, .start = src.p, .end = src.p + src.n,
		.line = 1, .line_start = src.p, .col_at = src.p, .col_chars = 1,
	};
	/* RFC 8259 lets a parser ignore a byte-order mark; editors add one */
	if (src.n >= 3 && memcmp(src.p, "\xEF\xBB\xBF", 3) == 0)
		jp.p += 3;
	value_t *v = parse_document(&jp);
	if (v) {
		skip_ws(&jp);
		if (jp.p < jp.end) {
			fail_unexpected(&jp, "the end of input after the value");
			v = NULL;
		}
	}
	free(jp.stack);
	buf_free(&jp.scratch);
	return v;
}

/* ---- writing ---- */

/* Deeper than any parser here builds; stops runaway recursion on a value
 * built by hand. */
#define JSON_WRITE_MAX_DEPTH 20000

void json_write_string(buf_t *out, str_t s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(out, s.p + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			buf_put(out, u, sizeof u);
		}
		}
	}
	buf_put(out, s.p + run, s.n - run);
	buf_putc(out, '"');
}

/* Writes a value through its text, as a JSON string (times, drops). */
static void write_as_text(buf_t *out, const value_t *v)
{
	buf_t t = BUF_INIT;
	value_to_buf(v, &t);
	json_write_string(out, buf_str(&t));
	buf_free(&t);
}

static void write_value(buf_t *out, const value_t *v, int depth)
{
	if (!v || depth > JSON_WRITE_MAX_DEPTH) {
		buf_puts(out, "null");
		return;
	}
	switch (v->kind) {
	case VALUE_NIL:
		buf_puts(out, "null");
		break;
	case VALUE_BOOL:
		buf_puts(out, v->b ? "true" : "false");
		break;
	case VALUE_INT:
		buf_printf(out, "%" PRId64, v->i);
		break;
	case VALUE_FLOAT:
		/* JSON has no Infinity or NaN (1e309 parses to one): null, as
		 * JavaScript's JSON.stringify writes them. */
		if (isfinite(v->f))
			value_to_buf(v, out);
		else
			buf_puts(out, "null");
		break;
	case VALUE_STRING:
		json_write_string(out, v->s);
		break;
	case VALUE_TIME:
	case VALUE_DROP:
		write_as_text(out, v);
		break;
	case VALUE_ARRAY:
		buf_putc(out, '[');
		for (size_t i = 0; i < v->a.n; i++) {
			if (i)
				buf_putc(out, ',');
			write_value(out, v->a.items[i], depth + 1);
		}
		buf_putc(out, ']');
		break;
	case VALUE_HASH:
		buf_putc(out, '{');
		for (size_t i = 0; i < v->h.n; i++) {
			if (i)
				buf_putc(out, ',');
			json_write_string(out, v->h.entries[i].key);
			buf_putc(out, ':');
			write_value(out, v->h.entries[i].val, depth + 1);
		}
		buf_putc(out, '}');
		break;
	}
}

void json_write(buf_t *out, const value_t *v)
{
	write_value(out, v, 0);
}
