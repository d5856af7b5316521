/* filters_jekyll.c - Jekyll's text and collection filters: xml_escape,
 * inspect, jsonify, markdownify, slugify, normalize_whitespace,
 * number_of_words, array_to_sentence_string, to_integer, where_exp,
 * find_exp, group_by, group_by_exp. */
#include <stdlib.h>
#include <string.h>

#include "../arena.h"
#include "../json.h"
#include "filters_common.h"

/* Ruby's encode(xml: :attr) without the quotes: & < > " escaped. */
static void xml_escape(str_t s, buf_t *b)
{
	for (size_t i = 0; i < s.n; i++) {
		switch (s.p[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, s.p[i]);
		}
	}
}

static value_t *f_xml_escape(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("xml_escape", 0, 0);
	buf_t b = BUF_INIT;
	xml_escape(filters_to_s(ctx, in), &b);
	return filters_buf(ctx, &b);
}

static value_t *f_inspect(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("inspect", 0, 0);
	buf_t t = BUF_INIT, b = BUF_INIT;
	filters_inspect(in, &t);
	xml_escape(buf_str(&t), &b);
	buf_free(&t);
	return filters_buf(ctx, &b);
}

static value_t *f_jsonify(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("jsonify", 0, 0);
	buf_t b = BUF_INIT;
	json_write(&b, in ? in : value_nil());
	return filters_buf(ctx, &b);
}

/* Without a host converter the text passes unchanged. */
static value_t *f_markdownify(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			      value_t *kwargs)
{
	ARITY("markdownify", 0, 0);
	str_t s = filters_to_s(ctx, in);
	const liquid_host_t *h = liquid_ctx_host(ctx);
	if (!h || !h->markdownify)
		return filters_str(ctx, s);
	buf_t b = BUF_INIT;
	h->markdownify(h->ud, s, &b);
	return filters_buf(ctx, &b);
}

/* ---- slugify ---- */

/* Unicode letters, marks and decimal digits (\p{L}\p{M}\p{Nd}), told
 * apart from punctuation and symbols by the blocks that hold them. */
static bool is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
	if (cp <= 0xbf)
		return cp == 0xaa || cp == 0xb5 || cp == 0xba;
	if (cp == 0xd7 || cp == 0xf7 || cp == 0x37e || cp == 0x387)
		return false;
	if (cp == 0x60c || cp == 0x61b || cp == 0x61f || (cp >= 0x66a && cp <= 0x66d) ||
	    cp == 0x6d4 || cp == 0x964 || cp == 0x965)
		return false;
	if ((cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f))
		return false;
	if ((cp >= 0x3000 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3020) || cp == 0x3030 ||
	    cp == 0x303d || cp == 0x30fb)
		return false;
	if ((cp >= 0xfe10 && cp <= 0xfe1f) || (cp >= 0xfe30 && cp <= 0xfe6f) ||
	    (cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65) ||
	    (cp >= 0xffe0 && cp <= 0xffef) || cp == 0xfeff)
		return false;
	if (cp >= 0x1f000 && cp <= 0x1faff)
		return false;
	return true;
}

/* I18n.transliterate's default table, U+00C0..U+017F ("?" elsewhere). */
static const char *const latin_table[] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",     /* C0 */
	"D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",    /* D0 */
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",     /* E0 */
	"d", "n", "o", "o", "o", "o", "o", "?", "o", "u", "u", "u", "u", "y", "th", "y",     /* F0 */
	"A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",      /* 100 */
	"D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",      /* 110 */
	"G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",      /* 120 */
	"I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",    /* 130 */
	"l", "L", "l", "N", "n", "N", "n", "N", "n", "'n", "NG", "ng", "O", "o", "O", "o",   /* 140 */
	"O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",    /* 150 */
	"S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",      /* 160 */
	"U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "?",      /* 170 */
};

static void transliterate(str_t s, buf_t *out)
{
	size_t i = 0;
	while (i < s.n) {
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		if (cp < 0x80)
			buf_putc(out, (char)cp);
		else if (cp >= 0xc0 && cp <= 0x17f)
			buf_puts(out, latin_table[cp - 0xc0]);
		else if (cp == 0x1e9e)
			buf_puts(out, "SS");
		else
			buf_putc(out, '?');
	}
}

typedef enum { SLUG_RAW, SLUG_DEFAULT, SLUG_PRETTY, SLUG_ASCII } slug_mode_t;

static bool slug_keeps(slug_mode_t mode, uint32_t cp)
{
	switch (mode) {
	case SLUG_RAW:
		return !(cp == ' ' || (cp >= '\t' && cp <= '\r'));
	case SLUG_ASCII:
		return cp < 0x80 && is_word_cp(cp);
	case SLUG_PRETTY:
		if (cp < 0x80 && strchr("._~!$&'()+,;=@", (int)cp) && cp)
			return true;
		return is_word_cp(cp);
	default:
		return is_word_cp(cp);
	}
}

static value_t *f_slugify(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("slugify", 0, 1);
	if (filters_is_nil(in))
		return value_nil();
	str_t s = filters_to_s(ctx, in);
	str_t m = argc && !filters_is_nil(argv[0]) ? filters_to_s(ctx, argv[0]) : STR_LIT("default");
	slug_mode_t mode;
	buf_t latin = BUF_INIT;
	if (str_eq_cstr(m, "raw")) {
		mode = SLUG_RAW;
	} else if (str_eq_cstr(m, "default")) {
		mode = SLUG_DEFAULT;
	} else if (str_eq_cstr(m, "pretty")) {
		mode = SLUG_PRETTY;
	} else if (str_eq_cstr(m, "ascii")) {
		mode = SLUG_ASCII;
	} else if (str_eq_cstr(m, "latin")) {
		mode = SLUG_DEFAULT;
		transliterate(s, &latin);
		s = buf_str(&latin);
	} else {
		/* "none" and unknown modes: only lowercased */
		buf_t b = BUF_INIT;
		filters_downcase(s, &b);
		return filters_buf(ctx, &b);
	}
	buf_t slug = BUF_INIT;
	size_t i = 0;
	bool in_gap = false;
	while (i < s.n) {
		size_t start = i;
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		bool valid = !(cp == (unsigned char)s.p[start] && cp >= 0x80);
		if (valid && slug_keeps(mode, cp)) {
			buf_put(&slug, s.p + start, i - start);
			in_gap = false;
		} else if (!in_gap) {
			buf_putc(&slug, '-');
			in_gap = true;
		}
	}
	buf_free(&latin);
	str_t r = buf_str(&slug);
	if (r.n && r.p[0] == '-')
		r.p++, r.n--;
	if (r.n && r.p[r.n - 1] == '-')
		r.n--;
	buf_t b = BUF_INIT;
	filters_downcase(r, &b);
	buf_free(&slug);
	return filters_buf(ctx, &b);
}

/* ---- words ---- */

static bool is_rb_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static value_t *f_normalize_whitespace(liquid_ctx_t *ctx, value_t *in, size_t argc,
				       value_t **argv, value_t *kwargs)
{
	ARITY("normalize_whitespace", 0, 0);
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < s.n;) {
		if (is_rb_space(s.p[i])) {
			while (i < s.n && is_rb_space(s.p[i]))
				i++;
			if (b.n && i < s.n)
				buf_putc(&b, ' ');
			continue;
		}
		buf_putc(&b, s.p[i++]);
	}
	return filters_buf(ctx, &b);
}

static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
	       (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0xac00 && cp <= 0xd7af) ||
	       (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f);
}

/* number_of_words: whitespace-separated words; "cjk" counts each CJK
 * character as a word, "auto" does so only when there is one. */
static value_t *f_number_of_words(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				  value_t *kwargs)
{
	ARITY("number_of_words", 0, 1);
	str_t s = filters_to_s(ctx, in);
	str_t mode = argc ? filters_to_s(ctx, argv[0]) : STR_LIT("");
	int64_t words = 0, cjk = 0, runs = 0;
	bool in_word = false, in_run = false;
	for (size_t i = 0; i < s.n;) {
		bool sp = is_rb_space(s.p[i]);
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		if (!sp && !in_word)
			words++;
		in_word = !sp;
		if (is_cjk(cp)) {
			cjk++;
			in_run = false;
		} else if (sp) {
			in_run = false;
		} else {
			if (!in_run)
				runs++;
			in_run = true;
		}
	}
	int64_t n = words;
	if (str_eq_cstr(mode, "cjk") || (str_eq_cstr(mode, "auto") && cjk))
		n = cjk + runs;
	return value_new_int(A(ctx), n);
}

static value_t *f_array_to_sentence_string(liquid_ctx_t *ctx, value_t *in, size_t argc,
					   value_t **argv, value_t *kwargs)
{
	ARITY("array_to_sentence_string", 0, 1);
	str_t conn = argc ? filters_to_s(ctx, argv[0]) : STR_LIT("and");
	value_t *ary = in && in->kind == VALUE_ARRAY ? in : filters_input_array(ctx, in);
	size_t n = ary->a.n;
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i && n == 2) {
			buf_putc(&b, ' ');
			buf_put_str(&b, conn);
			buf_putc(&b, ' ');
		} else if (i) {
			buf_puts(&b, ", ");
			if (i == n - 1) {
				buf_put_str(&b, conn);
				buf_putc(&b, ' ');
			}
		}
		filters_to_buf(ary->a.items[i], &b);
	}
	return filters_buf(ctx, &b);
}

static value_t *f_to_integer(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("to_integer", 0, 0);
	int64_t n = 0;
	if (!filters_is_nil(in)) {
		switch (in->kind) {
		case VALUE_BOOL: n = in->b; break;
		case VALUE_INT: return in;
		case VALUE_FLOAT:
			if (!(in->f > -9.2e18 && in->f < 9.2e18)) {
				liquid_ctx_error(ctx, "to_integer: %g out of range", in->f);
				return value_nil();
			}
			n = (int64_t)in->f;
			break;
		case VALUE_STRING: n = filters_str_to_i(in->s); break;
		case VALUE_TIME: n = in->t.sec; break;
		default:
			liquid_ctx_error(ctx, "to_integer: cannot convert %s to an integer",
					 value_kind_name(in->kind));
			return value_nil();
		}
	}
	return value_new_int(A(ctx), n);
}

/* ---- expressions over items ---- */

/* The items of a collection for Jekyll's *_exp and group_by filters: an
 * array as is, a hash's values; NULL for anything else. */
static value_t *jekyll_items(liquid_ctx_t *ctx, value_t *in)
{
	if (filters_is_nil(in))
		return NULL;
	if (in->kind == VALUE_ARRAY)
		return in;
	if (in->kind == VALUE_HASH) {
		value_t *items = value_new_array(A(ctx), in->h.n);
		for (size_t i = 0; i < in->h.n; i++)
			value_array_push(A(ctx), items, in->h.entries[i].val);
		return items;
	}
	return NULL;
}

static value_t *select_exp(liquid_ctx_t *ctx, const char *name, value_t *in, value_t **argv,
			   bool first)
{
	value_t *items = jekyll_items(ctx, in);
	if (!items)
		return first ? value_nil() : in ? in : value_nil();
	str_t var = filters_to_s(ctx, argv[0]), expr = filters_to_s(ctx, argv[1]);
	value_t *out = value_new_array(A(ctx), items->a.n);
	for (size_t i = 0; i < items->a.n; i++) {
		bool ok = true;
		value_t *item = items->a.items[i] ? items->a.items[i] : value_nil();
		bool hit = liquid_ctx_eval_condition(ctx, var, item, expr, &ok);
		if (!ok) {
			liquid_ctx_error(ctx, "%s: invalid expression '%.*s'", name, (int)expr.n, expr.p);
			return value_nil();
		}
		if (hit && first)
			return item;
		if (hit)
			value_array_push(A(ctx), out, item);
	}
	return first ? value_nil() : out;
}

static value_t *f_where_exp(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			    value_t *kwargs)
{
	ARITY("where_exp", 2, 2);
	return select_exp(ctx, "where_exp", in, argv, false);
}

static value_t *f_find_exp(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	ARITY("find_exp", 2, 2);
	return select_exp(ctx, "find_exp", in, argv, true);
}

/* Groups in order of first appearance: [{name, items, size}, ...]. */
typedef struct {
	value_t *groups;  /* the result array */
} grouping_t;

static void group_add(liquid_ctx_t *ctx, grouping_t *g, value_t *key, value_t *item)
{
	for (size_t i = 0; i < g->groups->a.n; i++) {
		value_t *grp = g->groups->a.items[i];
		if (filters_eql(value_get_cstr(grp, "name"), key)) {
			value_t *items = value_get_cstr(grp, "items");
			value_array_push(A(ctx), items, item);
			value_get_cstr(grp, "size")->i = (int64_t)items->a.n;
			return;
		}
	}
	value_t *grp = value_new_hash(A(ctx), 3);
	value_t *items = value_new_array(A(ctx), 1);
	value_array_push(A(ctx), items, item);
	value_hash_set_cstr(A(ctx), grp, "name", key);
	value_hash_set_cstr(A(ctx), grp, "items", items);
	value_hash_set_cstr(A(ctx), grp, "size", value_new_int(A(ctx), 1));
	value_array_push(A(ctx), g->groups, grp);
}

static value_t *f_group_by(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	ARITY("group_by", 1, 1);
	value_t *items = jekyll_items(ctx, in);
	if (!items)
		return in ? in : value_nil();
	grouping_t g = { value_new_array(A(ctx), 0) };
	str_t path = filters_to_s(ctx, argv[0]);
	for (size_t i = 0; i < items->a.n; i++) {
		value_t *item = items->a.items[i] ? items->a.items[i] : value_nil();
		value_t *key = filters_dig(ctx, item, path);
		group_add(ctx, &g, filters_str(ctx, filters_to_s(ctx, key)), item);
	}
	return g.groups;
}

/* A small evaluator for group_by_exp's expression: a variable path or a
 * literal, then filters with literal or path arguments, e.g.
 * `item.date | date: "%Y"`. The engine's condition evaluator returns only
 * a truth value, so this reads the expression itself. */
typedef struct {
	liquid_ctx_t *ctx;
	const char *p, *end;
	str_t var;
	value_t *item;
	bool ok;
} mini_t;

static void mini_ws(mini_t *m)
{
	while (m->p < m->end && is_rb_space(*m->p))
		m->p++;
}

static bool ident_char(char c, bool first)
{
	return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z') || (!first && (c == '-' || c == '?' ||
								       (c >= '0' && c <= '9')));
}

static value_t *mini_lookup_step(mini_t *m, value_t *cur, str_t key)
{
	if (filters_is_nil(cur))
		return value_nil();
	if (cur->kind == VALUE_ARRAY || cur->kind == VALUE_STRING || cur->kind == VALUE_HASH) {
		if (str_eq_cstr(key, "size"))
			return value_new_int(A(m->ctx), (int64_t)(cur->kind == VALUE_STRING ?
								  filters_utf8_len(cur->s) : value_size(cur)));
		if (cur->kind == VALUE_ARRAY && str_eq_cstr(key, "first"))
			return cur->a.n ? cur->a.items[0] : value_nil();
		if (cur->kind == VALUE_ARRAY && str_eq_cstr(key, "last"))
			return cur->a.n ? cur->a.items[cur->a.n - 1] : value_nil();
	}
	value_t *v = filters_dig(m->ctx, cur, key);
	return v ? v : value_nil();
}

static value_t *mini_operand(mini_t *m)
{
	mini_ws(m);
	if (m->p >= m->end) {
		m->ok = false;
		return value_nil();
	}
	char c = *m->p;
	if (c == '"' || c == '\'') {
		const char *q = memchr(m->p + 1, c, (size_t)(m->end - m->p - 1));
		if (!q) {
			m->ok = false;
			return value_nil();
		}
		value_t *v = filters_str(m->ctx, str_from(m->p + 1, (size_t)(q - m->p - 1)));
		m->p = q + 1;
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		const char *s = m->p++;
		while (m->p < m->end && ((*m->p >= '0' && *m->p <= '9') || *m->p == '.'))
			m->p++;
		str_t t = arena_str(A(m->ctx), str_from(s, (size_t)(m->p - s)));
		if (memchr(t.p, '.', t.n))
			return value_new_float(A(m->ctx), strtod(t.p, NULL));
		return value_new_int(A(m->ctx), filters_str_to_i(t));
	}
	if (!ident_char(c, true)) {
		m->ok = false;
		return value_nil();
	}
	const char *s = m->p;
	while (m->p < m->end && ident_char(*m->p, false))
		m->p++;
	str_t name = str_from(s, (size_t)(m->p - s));
	value_t *cur;
	if (str_eq(name, m->var))
		cur = m->item;
	else if (str_eq_cstr(name, "nil") || str_eq_cstr(name, "null"))
		return value_nil();
	else if (str_eq_cstr(name, "true") || str_eq_cstr(name, "false"))
		return value_bool(name.n == 4);
	else
		cur = liquid_ctx_lookup(m->ctx, name);
	if (!cur)
		cur = value_nil();
	while (m->p < m->end && *m->p == '.') {
		const char *k = ++m->p;
		while (m->p < m->end && ident_char(*m->p, false))
			m->p++;
		cur = mini_lookup_step(m, cur, str_from(k, (size_t)(m->p - k)));
	}
	return cur;
}

static value_t *mini_eval(mini_t *m)
{
	value_t *v = mini_operand(m);
	for (int guard = 0; m->ok && guard < 64; guard++) {
		mini_ws(m);
		if (m->p >= m->end)
			return v;
		if (*m->p != '|') {
			m->ok = false;
			break;
		}
		m->p++;
		mini_ws(m);
		const char *s = m->p;
		while (m->p < m->end && ident_char(*m->p, m->p == s))
			m->p++;
		str_t fname = str_from(s, (size_t)(m->p - s));
		liquid_filter_fn fn = fname.n ? liquid_find_filter(fname) : NULL;
		if (!fn) {
			m->ok = false;
			break;
		}
		value_t *args[16];
		size_t n = 0;
		mini_ws(m);
		if (m->p < m->end && *m->p == ':') {
			do {
				m->p++;
				if (n == 16) {
					m->ok = false;
					break;
				}
				args[n++] = mini_operand(m);
				mini_ws(m);
			} while (m->ok && m->p < m->end && *m->p == ',');
		}
		if (!m->ok)
			break;
		v = fn(m->ctx, v, n, args, NULL);
	}
	return v;
}

static value_t *f_group_by_exp(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("group_by_exp", 2, 2);
	value_t *items = jekyll_items(ctx, in);
	if (!items)
		return in ? in : value_nil();
	str_t var = filters_to_s(ctx, argv[0]), expr = filters_to_s(ctx, argv[1]);
	grouping_t g = { value_new_array(A(ctx), 0) };
	for (size_t i = 0; i < items->a.n; i++) {
		value_t *item = items->a.items[i] ? items->a.items[i] : value_nil();
		mini_t m = { ctx, expr.p, expr.p + expr.n, var, item, true };
		value_t *key = mini_eval(&m);
		if (!m.ok) {
			liquid_ctx_error(ctx, "group_by_exp: invalid expression '%.*s'", (int)expr.n,
					 expr.p);
			return value_nil();
		}
		group_add(ctx, &g, key ? key : value_nil(), item);
	}
	return g.groups;
}

const filters_entry_t filters_jekyll_table[] = {
	{ "xml_escape", f_xml_escape },
	{ "inspect", f_inspect },
	{ "jsonify", f_jsonify },
	{ "markdownify", f_markdownify },
	{ "slugify", f_slugify },
	{ "normalize_whitespace", f_normalize_whitespace },
	{ "number_of_words", f_number_of_words },
	{ "array_to_sentence_string", f_array_to_sentence_string },
	{ "to_integer", f_to_integer },
	{ "where_exp", f_where_exp },
	{ "find_exp", f_find_exp },
	{ "group_by", f_group_by },
	{ "group_by_exp", f_group_by_exp },
	{ NULL, NULL },
};
