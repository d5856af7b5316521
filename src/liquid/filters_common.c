/* filters_common.c - Ruby's coercions and UTF-8 helpers for the filters,
 * and the registration of every built-in filter. */
#include "filters_common.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "../arena.h"
#include "../util.h"
#include "filters.h"

void liquid_filters_register_builtin(void)
{
	const filters_entry_t *tables[] = {
		filters_string_table, filters_array_table, filters_math_table,
		filters_date_table,   filters_url_table,   filters_smartify_table,
		/* last: Jekyll's where/sort replace nothing, they are the same
		 * functions, but Jekyll-only names come from here */
		filters_jekyll_table,
	};
	for (size_t t = 0; t < ARRAY_LEN(tables); t++)
		for (const filters_entry_t *e = tables[t]; e->name; e++)
			liquid_register_filter(e->name, e->fn);
}

bool filters_arity(liquid_ctx_t *ctx, const char *name, size_t argc, const value_t *kwargs,
		   size_t min, size_t max)
{
	if (kwargs && kwargs->kind == VALUE_HASH && kwargs->h.n)
		argc++;
	if (argc >= min && argc <= max)
		return true;
	liquid_ctx_error(ctx, "%s: wrong number of arguments (given %zu, expected %zu%s%zu)", name,
			 argc, min, min == max ? "" : "..", max);
	return false;
}

value_t *filters_arg(size_t argc, value_t **argv, size_t i)
{
	return i < argc && argv[i] ? argv[i] : value_nil();
}

bool filters_is_nil(const value_t *v)
{
	return !v || v->kind == VALUE_NIL;
}

value_t *filters_str(liquid_ctx_t *ctx, str_t s)
{
	return value_new_string(liquid_ctx_arena(ctx), s.p ? s.p : "", s.n);
}

value_t *filters_buf(liquid_ctx_t *ctx, buf_t *b)
{
	value_t *v = filters_str(ctx, buf_str(b));
	buf_free(b);
	return v;
}

/* ---- text of values ---- */

static void inspect_string(str_t s, buf_t *out)
{
	buf_putc(out, '"');
	size_t i = 0;
	while (i < s.n) {
		unsigned char c = (unsigned char)s.p[i];
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\f': esc = "\\f"; break;
		case '\v': esc = "\\v"; break;
		case '\b': esc = "\\b"; break;
		case '\a': esc = "\\a"; break;
		case 27: esc = "\\e"; break;
		case '#':
			/* Ruby escapes what would read back as interpolation */
			if (i + 1 < s.n && (s.p[i + 1] == '{' || s.p[i + 1] == '$' || s.p[i + 1] == '@'))
				esc = "\\#";
			break;
		}
		if (esc) {
			buf_puts(out, esc);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_printf(out, "\\x%02X", c);
			i++;
			continue;
		}
		if (c < 0x80) {
			buf_putc(out, (char)c);
			i++;
			continue;
		}
		size_t start = i;
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		if (cp == c && i == start + 1)
			buf_printf(out, "\\x%02X", c); /* invalid byte */
		else
			buf_put(out, s.p + start, i - start);
	}
	buf_putc(out, '"');
}

void filters_inspect(const value_t *v, buf_t *out)
{
	if (filters_is_nil(v)) {
		buf_puts(out, "nil");
		return;
	}
	switch (v->kind) {
	case VALUE_STRING:
		inspect_string(v->s, out);
		break;
	case VALUE_ARRAY:
		buf_putc(out, '[');
		for (size_t i = 0; i < v->a.n; i++) {
			if (i)
				buf_puts(out, ", ");
			filters_inspect(v->a.items[i], out);
		}
		buf_putc(out, ']');
		break;
	case VALUE_HASH:
		buf_putc(out, '{');
		for (size_t i = 0; i < v->h.n; i++) {
			if (i)
				buf_puts(out, ", ");
			inspect_string(v->h.entries[i].key, out);
			buf_puts(out, "=>");
			filters_inspect(v->h.entries[i].val, out);
		}
		buf_putc(out, '}');
		break;
	default:
		value_to_buf(v, out);
	}
}

void filters_to_buf(const value_t *v, buf_t *out)
{
	if (filters_is_nil(v))
		return;
	if (v->kind == VALUE_ARRAY || v->kind == VALUE_HASH)
		filters_inspect(v, out);
	else
		value_to_buf(v, out);
}

str_t filters_to_s(liquid_ctx_t *ctx, const value_t *v)
{
	if (filters_is_nil(v))
		return STR_LIT("");
	if (v->kind == VALUE_STRING)
		return v->s;
	buf_t b = BUF_INIT;
	filters_to_buf(v, &b);
	str_t s = arena_str(liquid_ctx_arena(ctx), buf_str(&b));
	buf_free(&b);
	return s;
}

/* ---- integers ---- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Ruby's Integer(str): the whole string must be the number. */
static bool parse_ruby_integer(str_t s, int64_t *out)
{
	size_t i = 0, n = s.n;
	while (i < n && filters_is_space(s.p[i]))
		i++;
	while (n > i && filters_is_space(s.p[n - 1]))
		n--;
	bool neg = false;
	if (i < n && (s.p[i] == '+' || s.p[i] == '-'))
		neg = s.p[i++] == '-';
	int base = 10;
	if (i + 1 < n && s.p[i] == '0') {
		char p = s.p[i + 1];
		if (p == 'x' || p == 'X')
			base = 16, i += 2;
		else if (p == 'b' || p == 'B')
			base = 2, i += 2;
		else if (p == 'o' || p == 'O')
			base = 8, i += 2;
		else if (p == 'd' || p == 'D')
			base = 10, i += 2;
		else
			base = 8, i += 1;
	}
	if (i >= n)
		return false;
	uint64_t v = 0;
	bool prev_digit = false;
	for (; i < n; i++) {
		if (s.p[i] == '_' && prev_digit && i + 1 < n && digit_value(s.p[i + 1]) < base) {
			prev_digit = false;
			continue;
		}
		int d = digit_value(s.p[i]);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
		prev_digit = true;
	}
	if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

bool filters_to_integer(liquid_ctx_t *ctx, const char *name, const value_t *v, int64_t *out)
{
	if (v && v->kind == VALUE_INT) {
		*out = v->i;
		return true;
	}
	str_t s = filters_to_s(ctx, v);
	if (parse_ruby_integer(s, out))
		return true;
	liquid_ctx_error(ctx, "%s: invalid integer", name);
	return false;
}

int64_t filters_str_to_i(str_t s)
{
	size_t i = 0;
	while (i < s.n && filters_is_space(s.p[i]))
		i++;
	bool neg = false;
	if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
		neg = s.p[i++] == '-';
	uint64_t v = 0;
	for (; i < s.n; i++) {
		if (s.p[i] == '_' && i > 0 && i + 1 < s.n && s.p[i - 1] >= '0' && s.p[i - 1] <= '9' &&
		    s.p[i + 1] >= '0' && s.p[i + 1] <= '9')
			continue;
		if (s.p[i] < '0' || s.p[i] > '9')
			break;
		/* Ruby would grow a Bignum; saturate instead */
		if (v > ((uint64_t)INT64_MAX - 9) / 10) {
			v = (uint64_t)INT64_MAX;
			break;
		}
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	return neg ? -(int64_t)v : (int64_t)v;
}

/* ---- collections ---- */

static void flatten_into(arena_t *a, value_t *out, value_t *arr, int depth)
{
	for (size_t i = 0; i < arr->a.n; i++) {
		value_t *it = arr->a.items[i] ? arr->a.items[i] : value_nil();
		/* depth bound: a hostile self-nesting is impossible with arena
		 * values, but a very deep one would blow the stack */
		if (it->kind == VALUE_ARRAY && depth < 1000)
			flatten_into(a, out, it, depth + 1);
		else
			value_array_push(a, out, it);
	}
}

value_t *filters_input_array(liquid_ctx_t *ctx, value_t *input)
{
	arena_t *a = liquid_ctx_arena(ctx);
	if (filters_is_nil(input))
		return value_new_array(a, 0);
	if (input->kind == VALUE_ARRAY) {
		value_t *out = value_new_array(a, input->a.n);
		flatten_into(a, out, input, 0);
		return out;
	}
	value_t *out = value_new_array(a, 1);
	value_array_push(a, out, input);
	return out;
}

/* String#[](int): the character at a (possibly negative) index. */
static value_t *string_char_at(liquid_ctx_t *ctx, str_t s, int64_t idx)
{
	size_t len = filters_utf8_len(s);
	if (idx < 0)
		idx += (int64_t)len;
	if (idx < 0 || (uint64_t)idx >= len)
		return value_nil();
	size_t from = filters_utf8_offset(s, (size_t)idx);
	size_t to = filters_utf8_offset(s, (size_t)idx + 1);
	return filters_str(ctx, str_from(s.p + from, to - from));
}

filters_get_t filters_item_get(liquid_ctx_t *ctx, value_t *item, value_t *prop, value_t **out)
{
	*out = value_nil();
	if (filters_is_nil(item))
		return FILTERS_GET_NO_METHOD;
	bool pnil = filters_is_nil(prop);
	switch (item->kind) {
	case VALUE_HASH:
		if (!pnil && prop->kind == VALUE_STRING) {
			value_t *v = value_get(item, prop->s);
			if (v)
				*out = v;
		}
		return FILTERS_GET_OK;
	case VALUE_DROP: {
		if (pnil)
			return FILTERS_GET_OK;
		str_t key = filters_to_s(ctx, prop);
		value_t *v = item->d.cls->get ? item->d.cls->get(item->d.self, key,
								   liquid_ctx_arena(ctx))
					      : NULL;
		if (v)
			*out = v;
		return FILTERS_GET_OK;
	}
	case VALUE_STRING:
		/* Ruby raises here, but the golden suite wants `reject: nil`
		 * over strings to give nothing rather than fail */
		if (pnil)
			return FILTERS_GET_NO_METHOD;
		if (prop->kind == VALUE_STRING) {
			if (prop->s.n == 0 || memmem(item->s.p, item->s.n, prop->s.p, prop->s.n))
				*out = prop;
			return FILTERS_GET_OK;
		}
		if (prop->kind == VALUE_INT || prop->kind == VALUE_FLOAT) {
			/* clamped: past the string either way, and defined */
			int64_t idx = prop->kind == VALUE_INT ? prop->i
							      : (int64_t)fmax(-4e18, fmin(4e18, prop->f));
			*out = string_char_at(ctx, item->s, idx);
			return FILTERS_GET_OK;
		}
		return FILTERS_GET_TYPE_ERROR;
	case VALUE_INT:
		/* Integer#[] reads a bit */
		if (!pnil && (prop->kind == VALUE_INT || prop->kind == VALUE_FLOAT)) {
			double fb = prop->kind == VALUE_INT ? (double)prop->i : prop->f;
			int64_t bit = fb < 0 ? -1 : fb > 64 ? 64 : (int64_t)fb;
			int64_t r = bit < 0 ? 0 : bit >= 63 ? (item->i < 0) : (item->i >> bit) & 1;
			*out = value_new_int(liquid_ctx_arena(ctx), r);
			return FILTERS_GET_OK;
		}
		return FILTERS_GET_TYPE_ERROR;
	case VALUE_ARRAY:
		if (!pnil && prop->kind == VALUE_INT) {
			int64_t idx = prop->i < 0 ? prop->i + (int64_t)item->a.n : prop->i;
			if (idx >= 0 && (uint64_t)idx < item->a.n && item->a.items[idx])
				*out = item->a.items[idx];
			return FILTERS_GET_OK;
		}
		return FILTERS_GET_TYPE_ERROR;
	default:
		return FILTERS_GET_NO_METHOD;
	}
}

void filters_property_error(liquid_ctx_t *ctx, const char *name, value_t *prop)
{
	str_t p = filters_to_s(ctx, prop);
	liquid_ctx_error(ctx, "%s: cannot select the property '%.*s'", name, (int)p.n, p.p);
}

value_t *filters_dig(liquid_ctx_t *ctx, value_t *item, str_t path)
{
	value_t *cur = item;
	size_t i = 0;
	for (;;) {
		size_t j = i;
		while (j < path.n && path.p[j] != '.')
			j++;
		if (filters_is_nil(cur) || (cur->kind != VALUE_HASH && cur->kind != VALUE_DROP))
			return value_nil();
		str_t key = arena_str(liquid_ctx_arena(ctx), str_from(path.p + i, j - i));
		value_t *next;
		if (cur->kind == VALUE_DROP)
			next = cur->d.cls->get ? cur->d.cls->get(cur->d.self, key, liquid_ctx_arena(ctx))
					       : NULL;
		else
			next = value_get(cur, key);
		if (!next)
			return value_nil();
		cur = next;
		if (j >= path.n)
			return cur;
		i = j + 1;
	}
}

bool filters_eql(const value_t *a, const value_t *b)
{
	if (filters_is_nil(a) || filters_is_nil(b))
		return filters_is_nil(a) && filters_is_nil(b);
	if (a->kind != b->kind)
		return false;
	if (a->kind == VALUE_ARRAY) {
		if (a->a.n != b->a.n)
			return false;
		for (size_t i = 0; i < a->a.n; i++)
			if (!filters_eql(a->a.items[i], b->a.items[i]))
				return false;
		return true;
	}
	return value_equal(a, b);
}

/* ---- UTF-8 ---- */

uint32_t filters_utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i;
	unsigned char c = p[0];
	int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (len == 1) {
		(*i)++;
		return c;
	}
	if (len == 0 || (size_t)len > left)
		goto bad;
	uint32_t cp = c & (0x7f >> len);
	for (int k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	*i += (size_t)len;
	return cp;
bad:
	(*i)++;
	return c;
}

void filters_utf8_put(buf_t *b, uint32_t cp)
{
	char t[4];
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | cp >> 6);
		t[1] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | cp >> 12);
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | cp >> 18);
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, t, 4);
	}
}

bool filters_utf8_valid(str_t s)
{
	size_t i = 0;
	while (i < s.n) {
		size_t start = i;
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		if (cp >= 0x80 && i == start + 1)
			return false;
	}
	return true;
}

size_t filters_utf8_len(str_t s)
{
	size_t i = 0, n = 0;
	while (i < s.n) {
		filters_utf8_next(s.p, s.n, &i);
		n++;
	}
	return n;
}

size_t filters_utf8_offset(str_t s, size_t chars)
{
	size_t i = 0;
	while (chars-- && i < s.n)
		filters_utf8_next(s.p, s.n, &i);
	return i;
}

/* ---- case mapping ---- */

uint32_t filters_lower_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 32;
	if (cp == 0x178)
		return 0xff;
	if (cp >= 0x100 && cp <= 0x17f) {
		if (cp == 0x130)
			return 'i';
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return cp & 1 ? cp + 1 : cp;
		if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17f)
			return cp;
		return cp & 1 ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3ab && cp != 0x3a2)
		return cp + 32;
	switch (cp) {
	case 0x386: return 0x3ac;
	case 0x388: return 0x3ad;
	case 0x389: return 0x3ae;
	case 0x38a: return 0x3af;
	case 0x38c: return 0x3cc;
	case 0x38e: return 0x3cd;
	case 0x38f: return 0x3ce;
	}
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 80;
	if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf))
		return cp & 1 ? cp : cp + 1;
	return cp;
}

uint32_t filters_upper_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7)
		return cp - 32;
	if (cp == 0xff)
		return 0x178;
	if (cp == 0xb5)
		return 0x39c;
	if (cp >= 0x100 && cp <= 0x17f) {
		if (cp == 0x131)
			return 'I';
		if (cp == 0x17f)
			return 'S';
		if (cp == 0x130 || cp == 0x138 || cp == 0x149 || cp == 0x178)
			return cp;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return cp & 1 ? cp : cp - 1;
		return cp & 1 ? cp - 1 : cp;
	}
	if (cp >= 0x3b1 && cp <= 0x3cb)
		return cp == 0x3c2 ? 0x3a3 : cp - 32;
	switch (cp) {
	case 0x3ac: return 0x386;
	case 0x3ad: return 0x388;
	case 0x3ae: return 0x389;
	case 0x3af: return 0x38a;
	case 0x3cc: return 0x38c;
	case 0x3cd: return 0x38e;
	case 0x3ce: return 0x38f;
	}
	if (cp >= 0x430 && cp <= 0x44f)
		return cp - 32;
	if (cp >= 0x450 && cp <= 0x45f)
		return cp - 80;
	if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf))
		return cp & 1 ? cp - 1 : cp;
	return cp;
}

static void map_case(str_t s, buf_t *out, bool up)
{
	size_t i = 0;
	while (i < s.n) {
		size_t start = i;
		unsigned char c = (unsigned char)s.p[i];
		if (c < 0x80) {
			char m = (char)(up ? filters_upper_cp(c) : filters_lower_cp(c));
			buf_putc(out, m);
			i++;
			continue;
		}
		uint32_t cp = filters_utf8_next(s.p, s.n, &i);
		if (cp == c && i == start + 1) {
			buf_putc(out, (char)c); /* invalid byte: kept */
			continue;
		}
		if (up && cp == 0xdf) {
			buf_puts(out, "SS");
			continue;
		}
		filters_utf8_put(out, up ? filters_upper_cp(cp) : filters_lower_cp(cp));
	}
}

void filters_upcase(str_t s, buf_t *out)
{
	map_case(s, out, true);
}

void filters_downcase(str_t s, buf_t *out)
{
	map_case(s, out, false);
}
