/* filters_string.c - Liquid's string filters (case, trimming, replacing,
 * splitting, truncating, HTML escaping, base64), with Ruby's semantics:
 * the input is converted with to_s first, so nil reads as "". Lengths and
 * offsets count characters, not bytes, as Ruby's String does. */
#include <string.h>

#include "../arena.h"
#include "filters_common.h"

static value_t *f_append(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("append", 1, 1);
	buf_t b = BUF_INIT;
	buf_put_str(&b, filters_to_s(ctx, in));
	buf_put_str(&b, filters_to_s(ctx, argv[0]));
	return filters_buf(ctx, &b);
}

static value_t *f_prepend(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("prepend", 1, 1);
	buf_t b = BUF_INIT;
	buf_put_str(&b, filters_to_s(ctx, argv[0]));
	buf_put_str(&b, filters_to_s(ctx, in));
	return filters_buf(ctx, &b);
}

static value_t *f_upcase(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("upcase", 0, 0);
	buf_t b = BUF_INIT;
	filters_upcase(filters_to_s(ctx, in), &b);
	return filters_buf(ctx, &b);
}

static value_t *f_downcase(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	ARITY("downcase", 0, 0);
	buf_t b = BUF_INIT;
	filters_downcase(filters_to_s(ctx, in), &b);
	return filters_buf(ctx, &b);
}

/* String#capitalize: the first character up, every other one down. */
static value_t *f_capitalize(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("capitalize", 0, 0);
	str_t s = filters_to_s(ctx, in);
	size_t first = filters_utf8_offset(s, 1);
	buf_t b = BUF_INIT;
	filters_upcase(str_from(s.p, first), &b);
	filters_downcase(str_from(s.p + first, s.n - first), &b);
	return filters_buf(ctx, &b);
}

static value_t *f_escape(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("escape", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	buf_put_html_escaped(&b, s.p, s.n);
	return filters_buf(ctx, &b);
}

/* An entity already written: &name; or &#123; */
static size_t entity_len(str_t s, size_t i)
{
	size_t j = i + 1;
	if (j < s.n && s.p[j] == '#') {
		j++;
		size_t d = j;
		while (j < s.n && s.p[j] >= '0' && s.p[j] <= '9')
			j++;
		if (j == d)
			return 0;
	} else {
		size_t d = j;
		while (j < s.n && ((s.p[j] | 32) >= 'a' && (s.p[j] | 32) <= 'z'))
			j++;
		if (j == d)
			return 0;
	}
	return j < s.n && s.p[j] == ';' ? j + 1 - i : 0;
}

static value_t *f_escape_once(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			      value_t *kwargs)
{
	ARITY("escape_once", 0, 0);
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		size_t e;
		if (s.p[i] == '&' && (e = entity_len(s, i)) > 0) {
			buf_put(&b, s.p + i, e);
			i += e - 1;
		} else {
			buf_put_html_escaped(&b, s.p + i, 1);
		}
	}
	return filters_buf(ctx, &b);
}

static value_t *f_newline_to_br(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				value_t *kwargs)
{
	ARITY("newline_to_br", 0, 0);
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\r' && i + 1 < s.n && s.p[i + 1] == '\n')
			continue;
		if (s.p[i] == '\n')
			buf_puts(&b, "<br />\n");
		else
			buf_putc(&b, s.p[i]);
	}
	return filters_buf(ctx, &b);
}

static value_t *f_strip_newlines(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				 value_t *kwargs)
{
	ARITY("strip_newlines", 0, 0);
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\r' && i + 1 < s.n && s.p[i + 1] == '\n')
			continue;
		if (s.p[i] != '\n')
			buf_putc(&b, s.p[i]);
	}
	return filters_buf(ctx, &b);
}

static value_t *strip_sides(liquid_ctx_t *ctx, value_t *in, bool left, bool right)
{
	str_t s = filters_to_s(ctx, in);
	size_t i = 0, n = s.n;
	while (left && i < n && filters_is_space(s.p[i]))
		i++;
	while (right && n > i && filters_is_space(s.p[n - 1]))
		n--;
	return filters_str(ctx, str_from(s.p + i, n - i));
}

static value_t *f_strip(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("strip", 0, 0);
	return strip_sides(ctx, in, true, true);
}

static value_t *f_lstrip(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("lstrip", 0, 0);
	return strip_sides(ctx, in, true, false);
}

static value_t *f_rstrip(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("rstrip", 0, 0);
	return strip_sides(ctx, in, false, true);
}

/* Where `<open ... close` (the regexp `<open.*?close`, across lines) ends
 * when it starts at i, or 0. */
static size_t block_end(str_t s, size_t i, const char *open, const char *close)
{
	size_t on = strlen(open), cn = strlen(close);
	if (s.n - i < on || memcmp(s.p + i, open, on) != 0)
		return 0;
	const char *e = memmem(s.p + i + on, s.n - i - on, close, cn);
	return e ? (size_t)(e - s.p) + cn : 0;
}

static value_t *f_strip_html(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("strip_html", 0, 0);
	str_t s = filters_to_s(ctx, in);
	/* pass 1: script, comment and style blocks */
	buf_t b1 = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		size_t e = 0;
		if (s.p[i] == '<' && !(e = block_end(s, i, "<script", "</script>")) &&
		    !(e = block_end(s, i, "<!--", "-->")))
			e = block_end(s, i, "<style", "</style>");
		if (e) {
			i = e - 1;
			continue;
		}
		buf_putc(&b1, s.p[i]);
	}
	/* pass 2: any tag, `<.*?>` */
	str_t t = buf_str(&b1);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < t.n; i++) {
		const char *gt;
		if (t.p[i] == '<' && (gt = memchr(t.p + i + 1, '>', t.n - i - 1)) != NULL) {
			i = (size_t)(gt - t.p);
			continue;
		}
		buf_putc(&b, t.p[i]);
	}
	buf_free(&b1);
	return filters_buf(ctx, &b);
}

/* Ruby's replacement string: \0 and \& are the match, \` and \' what
 * precedes and follows it, \\ a backslash, \1..\9 empty (no groups). */
static void put_replacement(buf_t *b, str_t rep, str_t s, size_t at, size_t len)
{
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.p[i] != '\\' || i + 1 >= rep.n) {
			buf_putc(b, rep.p[i]);
			continue;
		}
		char c = rep.p[++i];
		if (c == '0' || c == '&')
			buf_put(b, s.p + at, len);
		else if (c == '`')
			buf_put(b, s.p, at);
		else if (c == '\'')
			buf_put(b, s.p + at + len, s.n - at - len);
		else if (c == '\\')
			buf_putc(b, '\\');
		else if (c >= '1' && c <= '9')
			;
		else
			buf_putc(b, '\\'), buf_putc(b, c);
	}
}

/* gsub/sub with a literal pattern; an empty pattern matches before every
 * character and at the end. */
static value_t *substitute(liquid_ctx_t *ctx, value_t *in, value_t *pat, value_t *rep, bool all)
{
	str_t s = filters_to_s(ctx, in);
	str_t p = filters_to_s(ctx, pat);
	str_t r = filters_to_s(ctx, rep);
	buf_t b = BUF_INIT;
	size_t i = 0;
	bool done = false;
	while (!done) {
		if (p.n == 0) {
			put_replacement(&b, r, s, i, 0);
			if (i >= s.n || !all)
				break;
			size_t j = i;
			filters_utf8_next(s.p, s.n, &j);
			buf_put(&b, s.p + i, j - i);
			i = j;
			if (filters_too_long(ctx, &b))
				break;
			continue;
		}
		const char *m = i < s.n ? memmem(s.p + i, s.n - i, p.p, p.n) : NULL;
		if (!m)
			break;
		size_t at = (size_t)(m - s.p);
		buf_put(&b, s.p + i, at - i);
		put_replacement(&b, r, s, at, p.n);
		i = at + p.n;
		done = !all;
		if (filters_too_long(ctx, &b))
			break;
	}
	if (i < s.n)
		buf_put(&b, s.p + i, s.n - i);
	return filters_buf(ctx, &b);
}

/* replace_last assigns the slice: no backslash sequences. */
static value_t *substitute_last(liquid_ctx_t *ctx, value_t *in, value_t *pat, value_t *rep)
{
	str_t s = filters_to_s(ctx, in);
	str_t p = filters_to_s(ctx, pat);
	str_t r = filters_to_s(ctx, rep);
	if (p.n > s.n)
		return filters_str(ctx, s);
	size_t at = s.n - p.n;
	for (;;) {
		if (memcmp(s.p + at, p.p, p.n) == 0)
			break;
		if (at == 0)
			return filters_str(ctx, s);
		at--;
	}
	buf_t b = BUF_INIT;
	buf_put(&b, s.p, at);
	buf_put_str(&b, r);
	buf_put(&b, s.p + at + p.n, s.n - at - p.n);
	return filters_buf(ctx, &b);
}

static value_t *f_replace(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("replace", 1, 2);
	return substitute(ctx, in, argv[0], filters_arg(argc, argv, 1), true);
}

static value_t *f_replace_first(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				value_t *kwargs)
{
	ARITY("replace_first", 1, 2);
	return substitute(ctx, in, argv[0], filters_arg(argc, argv, 1), false);
}

static value_t *f_replace_last(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("replace_last", 2, 2);
	return substitute_last(ctx, in, argv[0], argv[1]);
}

static value_t *f_remove(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("remove", 1, 1);
	return substitute(ctx, in, argv[0], value_nil(), true);
}

static value_t *f_remove_first(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("remove_first", 1, 1);
	return substitute(ctx, in, argv[0], value_nil(), false);
}

static value_t *f_remove_last(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			      value_t *kwargs)
{
	ARITY("remove_last", 1, 1);
	return substitute_last(ctx, in, argv[0], value_nil());
}

static void push_str(liquid_ctx_t *ctx, value_t *arr, const char *p, size_t n)
{
	value_array_push(liquid_ctx_arena(ctx), arr, filters_str(ctx, str_from(p, n)));
}

/* Ruby's String#split with a string pattern: " " splits on runs of
 * whitespace ignoring leading ones, "" splits characters, anything else
 * splits on the literal; trailing empty strings are dropped. */
static value_t *f_split(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("split", 1, 1);
	str_t s = filters_to_s(ctx, in);
	str_t p = filters_to_s(ctx, argv[0]);
	value_t *out = value_new_array(liquid_ctx_arena(ctx), 0);
	if (s.n == 0)
		return out;
	if (p.n == 1 && p.p[0] == ' ') {
		size_t i = 0;
		for (;;) {
			while (i < s.n && filters_is_space(s.p[i]) && s.p[i])
				i++;
			if (i >= s.n)
				break;
			size_t j = i;
			while (j < s.n && !(filters_is_space(s.p[j]) && s.p[j]))
				j++;
			push_str(ctx, out, s.p + i, j - i);
			i = j;
		}
		return out;
	}
	if (p.n == 0) {
		size_t i = 0;
		while (i < s.n) {
			size_t j = i;
			filters_utf8_next(s.p, s.n, &j);
			push_str(ctx, out, s.p + i, j - i);
			i = j;
		}
		return out;
	}
	size_t i = 0;
	for (;;) {
		const char *m = memmem(s.p + i, s.n - i, p.p, p.n);
		size_t end = m ? (size_t)(m - s.p) : s.n;
		push_str(ctx, out, s.p + i, end - i);
		if (!m)
			break;
		i = end + p.n;
	}
	while (out->a.n && out->a.items[out->a.n - 1]->s.n == 0)
		out->a.n--;
	return out;
}

static value_t *f_truncate(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	ARITY("truncate", 0, 2);
	if (filters_is_nil(in))
		return value_nil();
	str_t s = filters_to_s(ctx, in);
	int64_t len = 50;
	if (argc >= 1 && !filters_to_integer(ctx, "truncate", argv[0], &len))
		return value_nil();
	str_t ell = argc >= 2 ? filters_to_s(ctx, argv[1]) : STR_LIT("...");
	int64_t chars = (int64_t)filters_utf8_len(s);
	if (chars <= len)
		return filters_str(ctx, s);
	int64_t keep = len - (int64_t)filters_utf8_len(ell);
	if (keep < 0)
		keep = 0;
	buf_t b = BUF_INIT;
	buf_put(&b, s.p, filters_utf8_offset(s, (size_t)keep));
	buf_put_str(&b, ell);
	return filters_buf(ctx, &b);
}

static value_t *f_truncatewords(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				value_t *kwargs)
{
	ARITY("truncatewords", 0, 2);
	if (filters_is_nil(in))
		return value_nil();
	str_t s = filters_to_s(ctx, in);
	int64_t words = 15;
	if (argc >= 1 && !filters_to_integer(ctx, "truncatewords", argv[0], &words))
		return value_nil();
	if (words <= 0)
		words = 1;
	/* find the first `words` words and whether any text follows them */
	buf_t b = BUF_INIT;
	size_t i = 0;
	int64_t count = 0;
	while (count < words) {
		while (i < s.n && filters_is_space(s.p[i]) && s.p[i])
			i++;
		if (i >= s.n)
			break;
		size_t j = i;
		while (j < s.n && !(filters_is_space(s.p[j]) && s.p[j]))
			j++;
		if (count)
			buf_putc(&b, ' ');
		buf_put(&b, s.p + i, j - i);
		count++;
		i = j;
	}
	while (i < s.n && filters_is_space(s.p[i]) && s.p[i])
		i++;
	if (i >= s.n) {
		buf_free(&b);
		return filters_str(ctx, s);
	}
	buf_put_str(&b, argc >= 2 ? filters_to_s(ctx, argv[1]) : STR_LIT("..."));
	return filters_buf(ctx, &b);
}

/* ---- base64 ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_encode(str_t s, buf_t *b, bool url)
{
	const unsigned char *p = (const unsigned char *)s.p;
	for (size_t i = 0; i < s.n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < s.n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < s.n)
			v |= p[i + 2];
		char q[4] = { b64[v >> 18], b64[(v >> 12) & 63], i + 1 < s.n ? b64[(v >> 6) & 63] : '=',
			      i + 2 < s.n ? b64[v & 63] : '=' };
		for (int k = 0; url && k < 4; k++)
			q[k] = q[k] == '+' ? '-' : q[k] == '/' ? '_' : q[k];
		buf_put(b, q, 4);
	}
}

static int b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

/* Ruby's strict_decode64: length a multiple of 4, padding only at the end. */
static bool base64_decode(str_t s, buf_t *b)
{
	if (s.n % 4)
		return false;
	for (size_t i = 0; i < s.n; i += 4) {
		int v[4];
		int pad = 0;
		for (int k = 0; k < 4; k++) {
			char c = s.p[i + k];
			if (c == '=' && i + 4 == s.n && k >= 2) {
				pad++;
				v[k] = 0;
				continue;
			}
			if (pad || (v[k] = b64_value(c)) < 0)
				return false;
		}
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
			     (uint32_t)v[3];
		/* unused bits of a padded group must be zero */
		if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff)))
			return false;
		char o[3] = { (char)(w >> 16), (char)(w >> 8), (char)w };
		buf_put(b, o, (size_t)(3 - pad));
	}
	return true;
}

static value_t *f_base64_encode(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				value_t *kwargs)
{
	ARITY("base64_encode", 0, 0);
	buf_t b = BUF_INIT;
	base64_encode(filters_to_s(ctx, in), &b, false);
	return filters_buf(ctx, &b);
}

static value_t *f_base64_url_safe_encode(liquid_ctx_t *ctx, value_t *in, size_t argc,
					 value_t **argv, value_t *kwargs)
{
	ARITY("base64_url_safe_encode", 0, 0);
	buf_t b = BUF_INIT;
	base64_encode(filters_to_s(ctx, in), &b, true);
	return filters_buf(ctx, &b);
}

static value_t *decode_result(liquid_ctx_t *ctx, const char *name, str_t s)
{
	buf_t b = BUF_INIT;
	if (!base64_decode(s, &b)) {
		buf_free(&b);
		liquid_ctx_error(ctx, "invalid base64 provided to %s", name);
		return value_nil();
	}
	return filters_buf(ctx, &b);
}

static value_t *f_base64_decode(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				value_t *kwargs)
{
	ARITY("base64_decode", 0, 0);
	return decode_result(ctx, "base64_decode", filters_to_s(ctx, in));
}

/* urlsafe_decode64 adds missing padding, then maps -_ to +/. */
static value_t *f_base64_url_safe_decode(liquid_ctx_t *ctx, value_t *in, size_t argc,
					 value_t **argv, value_t *kwargs)
{
	ARITY("base64_url_safe_decode", 0, 0);
	str_t s = filters_to_s(ctx, in);
	buf_t t = BUF_INIT;
	for (size_t i = 0; i < s.n; i++)
		buf_putc(&t, s.p[i] == '-' ? '+' : s.p[i] == '_' ? '/' : s.p[i]);
	if (s.n % 4 && !(s.n && s.p[s.n - 1] == '='))
		for (size_t k = s.n % 4; k < 4; k++)
			buf_putc(&t, '=');
	value_t *r = decode_result(ctx, "base64_url_safe_decode", buf_str(&t));
	buf_free(&t);
	return r;
}

const filters_entry_t filters_string_table[] = {
	{ "append", f_append },
	{ "prepend", f_prepend },
	{ "upcase", f_upcase },
	{ "downcase", f_downcase },
	{ "capitalize", f_capitalize },
	{ "escape", f_escape },
	{ "h", f_escape },
	{ "escape_once", f_escape_once },
	{ "newline_to_br", f_newline_to_br },
	{ "strip_newlines", f_strip_newlines },
	{ "strip", f_strip },
	{ "lstrip", f_lstrip },
	{ "rstrip", f_rstrip },
	{ "strip_html", f_strip_html },
	{ "replace", f_replace },
	{ "replace_first", f_replace_first },
	{ "replace_last", f_replace_last },
	{ "remove", f_remove },
	{ "remove_first", f_remove_first },
	{ "remove_last", f_remove_last },
	{ "split", f_split },
	{ "truncate", f_truncate },
	{ "truncatewords", f_truncatewords },
	{ "base64_encode", f_base64_encode },
	{ "base64_decode", f_base64_decode },
	{ "base64_url_safe_encode", f_base64_url_safe_encode },
	{ "base64_url_safe_decode", f_base64_url_safe_decode },
	{ NULL, NULL },
};
