#include "yaml.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "datetime.h"
#include "utf8.h"
#include "util.h"

#define YAML_MAX_DEPTH 1000
#define YAML_MAX_EXPANDED 1000000

#define TAG_STR "tag:yaml.org,2002:str"

/* One open sequence or mapping. Documents are built from libyaml's events
 * with this explicit stack, never by recursion, so nesting costs heap. */
typedef struct {
	value_t *v;
	const char *anchor;  /* scratch copy, registered when the node closes */
	size_t count;        /* values below, aliases counted expanded */
	bool have_key;       /* a mapping's key is read, its value comes next */
	bool merge_key;      /* ... and that key is `<<` */
	str_t key;           /* scratch copy of the key text */
} frame_t;

typedef struct {
	value_t *v;
	size_t count;
} anchor_t;

typedef struct {
	arena_t *a;
	arena_t *scratch;  /* anchor names, pending keys, the anchor index */
	const char *file;
	int first_line;
	diag_list_t *d;
	frame_t *stack;
	size_t depth, cap;
	anchor_t *anchors;
	size_t n_anchors, anchors_cap;
	value_t *anchor_index;  /* name → VALUE_INT index into anchors */
	size_t expanded;
	value_t *root;
	int documents;
	bool failed;
} builder_t;

static void fail(builder_t *b, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the error at a libyaml mark; the builder stops at the first. */
static void fail(builder_t *b, yaml_mark_t m, const char *fmt, ...)
{
	if (b->failed)
		return;
	b->failed = true;
	va_list ap;
	va_start(ap, fmt);
	diag_add(b->d, DIAG_ERROR, b->file, b->first_line + (int)m.line, (int)m.column + 1, fmt, ap);
	va_end(ap);
}

static value_t *new_value(builder_t *b, value_kind_t kind, yaml_mark_t m)
{
	value_t *v = ARENA_NEW(b->a, value_t);
	v->kind = kind;
	v->line = (uint32_t)(b->first_line + (int)m.line);
	v->col = (uint32_t)m.column + 1;
	return v;
}

/* ---- typing plain scalars as Psych does ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Reads between lo and hi digits at *i. */
static bool digits(const char *s, size_t n, size_t *i, int lo, int hi)
{
	int k = 0;
	while (*i < n && k < hi && is_digit(s[*i]))
		(*i)++, k++;
	return k >= lo;
}

static bool eat(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool date_prefix(const char *s, size_t n, size_t *i)
{
	return digits(s, n, i, 4, 4) && eat(s, n, i, '-') && digits(s, n, i, 1, 2) &&
	       eat(s, n, i, '-') && digits(s, n, i, 1, 2);
}

/* Psych's TIME: a date, T or blanks, hh:mm:ss (seconds required: Psych
 * keeps "2017-03-03 10:17" a string), a fraction, an optional zone. */
static bool timestamp_shape(const char *s, size_t n)
{
	size_t i = 0;
	if (!date_prefix(s, n, &i))
		return false;
	if (!eat(s, n, &i, 'T') && !eat(s, n, &i, 't')) {
		size_t k = i;
		while (i < n && blank(s[i]))
			i++;
		if (i == k)
			return false;
	}
	if (!digits(s, n, &i, 1, 2) || !eat(s, n, &i, ':') || !digits(s, n, &i, 2, 2) ||
	    !eat(s, n, &i, ':') || !digits(s, n, &i, 2, 2))
		return false;
	if (eat(s, n, &i, '.'))
		digits(s, n, &i, 0, INT32_MAX);
	while (i < n && blank(s[i]))
		i++;
	if (i == n || eat(s, n, &i, 'Z'))
		return i == n;
	if (!eat(s, n, &i, '+') && !eat(s, n, &i, '-'))
		return false;
	if (!digits(s, n, &i, 1, 2))
		return false;
	eat(s, n, &i, ':');
	digits(s, n, &i, 0, 2);
	return i == n;
}

static bool date_shape(const char *s, size_t n)
{
	size_t i = 0;
	return date_prefix(s, n, &i) && i == n;
}

/* Number text without the `_` and `,` separators YAML 1.1 allows, as a C
 * string for strtod. */
static void strip_separators(const char *s, size_t n, buf_t *out)
{
	buf_clear(out);
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_' && s[i] != ',')
			buf_putc(out, s[i]);
	buf_putc(out, '\0');
}

/* Psych's FLOAT ([-+]? digits? . digits? exponent?) and, as yaml.h
 * promises, 1e3 without a dot. */
static bool parse_float(const char *s, size_t n, double *out)
{
	size_t i = 0, int_digits = 0, frac_digits = 0;
	bool dot = false, exp = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < n && is_digit(s[i]))
		for (; i < n && (is_digit(s[i]) || s[i] == '_' || s[i] == ','); i++)
			int_digits += is_digit(s[i]);
	if (eat(s, n, &i, '.')) {
		dot = true;
		for (; i < n && is_digit(s[i]); i++)
			frac_digits++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		exp = true;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!digits(s, n, &i, 1, INT32_MAX))
			return false;
	}
	if (i != n || !(dot || exp) || int_digits + frac_digits == 0)
		return false;
	if (exp && !dot && !int_digits)
		return false;
	buf_t t = BUF_INIT;
	strip_separators(s, n, &t);
	*out = strtod(t.p, NULL);
	buf_free(&t);
	return true;
}

static int digit_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Psych's integers (legacy form, commas allowed): 0b…, 0x…, 0… octal, and
 * decimal; plus 0o… as yaml.h promises. Too large for int64: a float. */
static bool parse_int(const char *s, size_t n, value_t *v)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i >= n || !is_digit(s[i]))
		return false;
	int base = 10;
	if (s[i] == '0' && i + 1 < n) {
		char c = s[i + 1];
		base = c == 'b' ? 2 : c == 'x' ? 16 : c == 'o' ? 8 : 8;
		i += c == 'b' || c == 'x' || c == 'o' ? 2 : 1;
	}
	bool decimal = base == 10;
	uint64_t mag = 0;
	double dmag = 0;
	bool overflow = false;
	size_t nd = 0;
	for (; i < n; i++) {
		if (s[i] == '_' || s[i] == ',') {
			/* decimal: a separator must be followed by a digit */
			if (decimal && (i + 1 >= n || !is_digit(s[i + 1])))
				return false;
			continue;
		}
		int dv = digit_value(s[i]);
		if (dv >= base)
			return false;
		nd++;
		if (mag > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base)
			overflow = true;
		mag = mag * (uint64_t)base + (uint64_t)dv;
		dmag = dmag * base + dv;
	}
	if (!nd)
		return false;
	if (!overflow && (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= (uint64_t)INT64_MAX)) {
		v->kind = VALUE_INT;
		v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
		return true;
	}
	v->kind = VALUE_FLOAT;
	v->f = neg ? -dmag : dmag;
	if (decimal) {
		/* strtod rounds correctly where the running sum does not */
		buf_t t = BUF_INIT;
		strip_separators(s, n, &t);
		v->f = strtod(t.p, NULL);
		buf_free(&t);
	}
	return true;
}

/* Types a plain scalar's text in the order Psych's ScalarScanner does. */
static void type_plain(value_t *v, const char *s, size_t n)
{
	double f;
	value_time_t t;
	if (n == 0 || word_is(s, n, "~") || word_is(s, n, "null")) {
		v->kind = VALUE_NIL;
	} else if (memchr(s, '\n', n)) {
		/* a folded scalar with a blank line: text */
	} else if (word_is(s, n, "true") || word_is(s, n, "yes") || word_is(s, n, "on")) {
		v->kind = VALUE_BOOL;
		v->b = true;
	} else if (word_is(s, n, "false") || word_is(s, n, "no") || word_is(s, n, "off")) {
		v->kind = VALUE_BOOL;
		v->b = false;
	} else if ((timestamp_shape(s, n) || date_shape(s, n)) &&
		   datetime_parse(str_from(s, n), 0, &t)) {
		/* a time without a zone is UTC, as Psych reads it */
		v->kind = VALUE_TIME;
		v->t = t;
	} else if (word_is(s, n, ".inf") || word_is(s, n, "+.inf")) {
		v->kind = VALUE_FLOAT;
		v->f = INFINITY;
	} else if (word_is(s, n, "-.inf")) {
		v->kind = VALUE_FLOAT;
		v->f = -INFINITY;
	} else if (word_is(s, n, ".nan")) {
		v->kind = VALUE_FLOAT;
		v->f = NAN;
	} else if (parse_float(s, n, &f)) {
		v->kind = VALUE_FLOAT;
		v->f = f;
	} else {
		parse_int(s, n, v);
	}
}

static value_t *scalar_value(builder_t *b, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	value_t *v = new_value(b, VALUE_STRING, ev->start_mark);
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	/* quoted and block scalars are text; an explicit !!int etc. asks for
	 * the type whatever the style; !!str and "!" keep text */
	bool typed_tag = tag && strncmp(tag, "tag:yaml.org,2002:", 18) == 0 && strcmp(tag, TAG_STR) != 0;
	if ((plain && !tag) || typed_tag)
		type_plain(v, s, n);
	if (v->kind == VALUE_STRING)
		v->s = arena_str(b->a, str_from(s, n));
	return v;
}

/* ---- anchors ---- */

static void anchor_set(builder_t *b, const char *name, value_t *v, size_t count)
{
	value_t *idx = value_get_cstr(b->anchor_index, name);
	if (idx) {
		/* a redefined anchor: later aliases see the new node */
		b->anchors[idx->i] = (anchor_t){ v, count };
		return;
	}
	if (b->n_anchors == b->anchors_cap) {
		b->anchors_cap = b->anchors_cap ? b->anchors_cap * 2 : 16;
		b->anchors = xrealloc(b->anchors, b->anchors_cap * sizeof(anchor_t));
	}
	b->anchors[b->n_anchors] = (anchor_t){ v, count };
	value_hash_set_cstr(b->scratch, b->anchor_index, name,
			    value_new_int(b->scratch, (int64_t)b->n_anchors));
	b->n_anchors++;
}

static anchor_t *anchor_get(builder_t *b, const char *name)
{
	value_t *idx = value_get_cstr(b->anchor_index, name);
	return idx ? &b->anchors[idx->i] : NULL;
}

static const char *scratch_anchor(builder_t *b, const yaml_char_t *anchor)
{
	return anchor ? arena_strdup(b->scratch, (const char *)anchor) : NULL;
}

/* ---- building ---- */

/* Psych's merge: `<<: map` sets each of its keys (later keys of this
 * mapping override them), `<<: [a, b]` merges a over b; anything else is
 * an ordinary `<<` entry. */
static void merge_into(builder_t *b, value_t *h, value_t *m)
{
	if (m->kind == VALUE_HASH) {
		for (size_t i = 0; i < m->h.n; i++)
			value_hash_set(b->a, h, m->h.entries[i].key, m->h.entries[i].val);
		return;
	}
	bool all_hashes = m->kind == VALUE_ARRAY;
	for (size_t i = 0; all_hashes && i < m->a.n; i++)
		all_hashes = m->a.items[i]->kind == VALUE_HASH;
	if (!all_hashes) {
		value_hash_set(b->a, h, STR_LIT("<<"), m);
		return;
	}
	value_t *tmp = value_new_hash(b->scratch, 0);
	for (size_t i = m->a.n; i-- > 0;) {
		value_t *e = m->a.items[i];
		for (size_t k = 0; k < e->h.n; k++)
			value_hash_set(b->scratch, tmp, e->h.entries[k].key, e->h.entries[k].val);
	}
	merge_into(b, h, tmp);
}

/* The text a key is stored under: a scalar key keeps its written text
 * (`yes:` is "yes", `2017-03-03:` is "2017-03-03"), another node its
 * printed text. */
static str_t key_text(builder_t *b, value_t *node, const str_t *raw)
{
	if (raw)
		return arena_str(b->scratch, *raw);
	buf_t t = BUF_INIT;
	value_to_buf(node, &t);
	str_t k = arena_str(b->scratch, buf_str(&t));
	buf_free(&t);
	return k;
}

/* Hands a finished node to the open collection (or makes it the root).
 * `raw` is a scalar's written text, `merge` whether it reads as `<<`. */
static void finish_node(builder_t *b, value_t *node, size_t count, const str_t *raw, bool merge)
{
	if (!b->depth) {
		if (!b->root)
			b->root = node;
		return;
	}
	frame_t *f = &b->stack[b->depth - 1];
	f->count += count;
	if (f->v->kind == VALUE_ARRAY) {
		value_array_push(b->a, f->v, node);
	} else if (!f->have_key) {
		f->key = key_text(b, node, raw);
		f->merge_key = merge;
		f->have_key = true;
	} else {
		if (f->merge_key)
			merge_into(b, f->v, node);
		else
			value_hash_set(b->a, f->v, f->key, node);
		f->have_key = false;
	}
}

static void on_scalar(builder_t *b, const yaml_event_t *ev)
{
	value_t *v = scalar_value(b, ev);
	const char *tag = (const char *)ev->data.scalar.tag;
	str_t raw = str_from((const char *)ev->data.scalar.value, ev->data.scalar.length);
	bool merge = str_eq_cstr(raw, "<<") && !(tag && strcmp(tag, TAG_STR) == 0);
	if (ev->data.scalar.anchor)
		anchor_set(b, (const char *)ev->data.scalar.anchor, v, 1);
	finish_node(b, v, 1, &raw, merge);
}

static void on_start(builder_t *b, const yaml_event_t *ev, bool map)
{
	if (b->depth >= YAML_MAX_DEPTH) {
		fail(b, ev->start_mark, "YAML: nesting deeper than %d levels", YAML_MAX_DEPTH);
		return;
	}
	if (b->depth == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->stack = xrealloc(b->stack, b->cap * sizeof(frame_t));
	}
	const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	value_t *v = map ? new_value(b, VALUE_HASH, ev->start_mark)
			 : new_value(b, VALUE_ARRAY, ev->start_mark);
	b->stack[b->depth++] = (frame_t){ .v = v, .anchor = scratch_anchor(b, anchor), .count = 1 };
}

static void on_end(builder_t *b)
{
	frame_t f = b->stack[--b->depth];
	if (f.anchor)
		anchor_set(b, f.anchor, f.v, f.count);
	finish_node(b, f.v, f.count, NULL, false);
}

static void on_alias(builder_t *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	anchor_t *an = anchor_get(b, name);
	if (!an) {
		for (size_t i = 0; i < b->depth; i++)
			if (b->stack[i].anchor && strcmp(b->stack[i].anchor, name) == 0) {
				fail(b, ev->start_mark,
				     "YAML: alias *%s refers to a node that contains it "
				     "(recursive data is not supported)", name);
				return;
			}
		fail(b, ev->start_mark, "YAML: unknown anchor '%s' (no &anchor before this alias)", name);
		return;
	}
	b->expanded += an->count;
	if (b->expanded > YAML_MAX_EXPANDED) {
		fail(b, ev->start_mark,
		     "YAML: more than %d values expanded through aliases (refusing a billion laughs)",
		     YAML_MAX_EXPANDED);
		return;
	}
	/* the alias shares the anchored value: it is never mutated after it
	 * is finished (merges copy entries into the new mapping) */
	finish_node(b, an->v, an->count, NULL, false);
}

/* libyaml's error in words, at its mark (reader errors carry a byte
 * offset instead). */
static void fail_libyaml(builder_t *b, const yaml_parser_t *p, str_t text)
{
	if (p->error == YAML_MEMORY_ERROR)
		die("libyaml: out of memory");
	const char *problem = p->problem ? p->problem : "syntax error";
	int line, col;
	buf_t msg = BUF_INIT;
	if (p->error == YAML_READER_ERROR) {
		utf8_position(text, p->problem_offset, &line, &col);
		line += b->first_line - 1;
		if (p->problem_value >= 0)
			buf_printf(&msg, "YAML: %s (#%X)", problem, p->problem_value);
		else
			buf_printf(&msg, "YAML: %s", problem);
	} else {
		line = b->first_line + (int)p->problem_mark.line;
		col = (int)p->problem_mark.column + 1;
		buf_printf(&msg, "YAML: %s", problem);
		if (p->context)
			buf_printf(&msg, " (%s at line %d, column %d)", p->context,
				   b->first_line + (int)p->context_mark.line,
				   (int)p->context_mark.column + 1);
	}
	b->failed = true;
	diag_error(b->d, b->file, line, col, "%s", buf_cstr(&msg));
	buf_free(&msg);
}

/* Handles one event; returns true at the end of the stream. */
static bool on_event(builder_t *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->documents++)
			fail(b, ev->start_mark,
			     "YAML: a second document (a line '---') is not allowed here");
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(b, ev, false);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(b, ev, true);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(b);
		break;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		break;
	case YAML_STREAM_END_EVENT:
		return true;
	default:
		break;
	}
	return false;
}

value_t *yaml_parse(arena_t *a, const char *file, str_t src, int first_line, diag_list_t *d)
{
	if (!src.p)
		src.p = "";  /* an empty slice may have no memory behind it */
	size_t bom = src.n >= 3 && memcmp(src.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	str_t text = str_from(src.p + bom, src.n - bom);
	size_t bad;
	if (!utf8_valid(text, &bad)) {
		/* checked here rather than by libyaml, whose offsets for some
		 * bad sequences point past their first byte */
		int line, col;
		utf8_position(text, bad, &line, &col);
		diag_error(d, file, line + (first_line > 0 ? first_line : 1) - 1, col,
			   "YAML: invalid UTF-8 (byte 0x%02X)", (unsigned char)text.p[bad]);
		return NULL;
	}
	builder_t b = {
		.a = a, .scratch = arena_new(), .file = file,
		.first_line = first_line > 0 ? first_line : 1, .d = d,
	};
	b.anchor_index = value_new_hash(b.scratch, 0);
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		die("libyaml: cannot initialize a parser");
	/* UTF-8 only (never guess UTF-16); libyaml then keeps a leading BOM
	 * as content, so it is skipped above */
	yaml_parser_set_input_string(&p, (const unsigned char *)text.p, text.n);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	for (bool end = false; !end && !b.failed;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			fail_libyaml(&b, &p, text);
			break;
		}
		end = on_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	free(b.stack);
	free(b.anchors);
	arena_free(b.scratch);
	if (b.failed)
		return NULL;
	value_t *root = b.root;
	if (!root || root->kind == VALUE_NIL) {
		/* an empty document (or only `~`): an empty hash */
		root = value_new_hash(a, 0);
		root->line = (uint32_t)b.first_line;
		root->col = 1;
	}
	return root;
}
