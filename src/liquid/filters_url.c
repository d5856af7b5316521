/* filters_url.c - URL filters: Liquid's url_encode/url_decode, Jekyll's
 * cgi_escape, uri_escape, relative_url and absolute_url.
 *
 * relative_url/absolute_url join site.baseurl (and site.url) with the
 * input without ever doubling a slash, percent-encode what a URL cannot
 * hold raw (spaces, non-ASCII), and leave URLs with a scheme ("https:",
 * "mailto:") or protocol-relative ones ("//cdn...") alone. */
#include <ctype.h>
#include <string.h>

#include "filters_common.h"

static const char hexd[] = "0123456789ABCDEF";

static void put_pct(buf_t *b, unsigned char c)
{
	char t[3] = { '%', hexd[c >> 4], hexd[c & 15] };
	buf_put(b, t, 3);
}

/* Ruby's CGI.escape: all but A-Z a-z 0-9 _ . - ~ encoded, space as '+'. */
static void cgi_escape(str_t s, buf_t *b)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~')
			buf_putc(b, (char)c);
		else if (c == ' ')
			buf_putc(b, '+');
		else
			put_pct(b, c);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 32);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static value_t *f_url_encode(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("url_encode", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	buf_t b = BUF_INIT;
	cgi_escape(filters_to_s(ctx, in), &b);
	return filters_buf(ctx, &b);
}

static value_t *f_cgi_escape(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("cgi_escape", 0, 0);
	buf_t b = BUF_INIT;
	cgi_escape(filters_to_s(ctx, in), &b);
	return filters_buf(ctx, &b);
}

/* Ruby's CGI.unescape; the result must be valid UTF-8. */
static value_t *f_url_decode(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("url_decode", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	str_t s = filters_to_s(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		int h, l;
		if (s.p[i] == '+')
			buf_putc(&b, ' ');
		else if (s.p[i] == '%' && i + 2 < s.n && (h = hexval(s.p[i + 1])) >= 0 &&
			 (l = hexval(s.p[i + 2])) >= 0)
			buf_putc(&b, (char)(h << 4 | l)), i += 2;
		else
			buf_putc(&b, s.p[i]);
	}
	if (!filters_utf8_valid(buf_str(&b))) {
		buf_free(&b);
		liquid_ctx_error(ctx, "url_decode: invalid byte sequence in UTF-8");
		return value_nil();
	}
	return filters_buf(ctx, &b);
}

static bool uri_allowed(unsigned char c)
{
	return isalnum(c) || (c && strchr("-._~:/?#[]@!$&'()*+,;=", c));
}

/* Addressable's normalize_component: decode %XX, then encode every byte
 * outside the reserved and unreserved sets. */
static void uri_normalize(str_t s, buf_t *b, bool (*allowed)(unsigned char))
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		int h, l;
		if (c == '%' && i + 2 < s.n && (h = hexval(s.p[i + 1])) >= 0 &&
		    (l = hexval(s.p[i + 2])) >= 0) {
			unsigned char d = (unsigned char)(h << 4 | l);
			if (allowed(d) && d != '%')
				buf_putc(b, (char)d);
			else
				put_pct(b, d);
			i += 2;
		} else if (allowed(c)) {
			buf_putc(b, (char)c);
		} else {
			put_pct(b, c);
		}
	}
}

static value_t *f_uri_escape(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("uri_escape", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	buf_t b = BUF_INIT;
	uri_normalize(filters_to_s(ctx, in), &b, uri_allowed);
	return filters_buf(ctx, &b);
}

/* ---- relative_url, absolute_url ---- */

/* A scheme ("https:", "mailto:") or a protocol-relative "//host". */
static bool is_absolute_url(str_t s)
{
	if (s.n >= 2 && s.p[0] == '/' && s.p[1] == '/')
		return true;
	if (!s.n || !isalpha((unsigned char)s.p[0]))
		return false;
	for (size_t i = 1; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c == ':')
			return true;
		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return false;
	}
	return false;
}

/* The input's URL text: a drop or hash with a "url" field gives it. */
static str_t url_of(liquid_ctx_t *ctx, value_t *in)
{
	if (in->kind == VALUE_DROP || in->kind == VALUE_HASH) {
		value_t *u = value_get_cstr(in, "url");
		if (u && !filters_is_nil(u))
			return filters_to_s(ctx, u);
	}
	return filters_to_s(ctx, in);
}

static str_t site_field(liquid_ctx_t *ctx, const char *key)
{
	value_t *site = liquid_ctx_lookup(ctx, STR_LIT("site"));
	value_t *v = site ? value_get_cstr(site, key) : NULL;
	return filters_is_nil(v) ? STR_LIT("") : filters_to_s(ctx, v);
}

static bool path_allowed(unsigned char c)
{
	return uri_allowed(c) && c != '[' && c != ']';
}

/* Appends part to a path, with exactly one '/' between them and no run of
 * slashes inside the part; the query and fragment are kept as written. */
static void join_path(buf_t *b, str_t part)
{
	size_t i = 0;
	while (i < part.n && part.p[i] == '/')
		i++;
	if (i == part.n && part.n == 0)
		return;
	if (!(b->n && b->p[b->n - 1] == '/'))
		buf_putc(b, '/');
	buf_t raw = BUF_INIT;
	bool in_path = true;
	for (; i < part.n; i++) {
		char c = part.p[i];
		if (c == '?' || c == '#')
			in_path = false;
		if (in_path && c == '/' && raw.n && raw.p[raw.n - 1] == '/')
			continue;
		buf_putc(&raw, c);
	}
	uri_normalize(buf_str(&raw), b, path_allowed);
	buf_free(&raw);
}

static void relative_into(liquid_ctx_t *ctx, str_t url, buf_t *b)
{
	str_t base = site_field(ctx, "baseurl");
	while (base.n && base.p[base.n - 1] == '/')
		base.n--;
	if (base.n)
		join_path(b, base);
	if (url.n)
		join_path(b, url);
}

static value_t *f_relative_url(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("relative_url", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	str_t url = url_of(ctx, in);
	if (is_absolute_url(url))
		return filters_str(ctx, url);
	buf_t b = BUF_INIT;
	relative_into(ctx, url, &b);
	return filters_buf(ctx, &b);
}

static value_t *f_absolute_url(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("absolute_url", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	str_t url = url_of(ctx, in);
	if (is_absolute_url(url))
		return filters_str(ctx, url);
	str_t site = site_field(ctx, "url");
	while (site.n && site.p[site.n - 1] == '/')
		site.n--;
	buf_t path = BUF_INIT;
	relative_into(ctx, url, &path);
	buf_t b = BUF_INIT;
	buf_put_str(&b, site);
	buf_put_str(&b, buf_str(&path));
	buf_free(&path);
	return filters_buf(ctx, &b);
}

const filters_entry_t filters_url_table[] = {
	{ "url_encode", f_url_encode },
	{ "url_decode", f_url_decode },
	{ "cgi_escape", f_cgi_escape },
	{ "uri_escape", f_uri_escape },
	{ "relative_url", f_relative_url },
	{ "absolute_url", f_absolute_url },
	{ NULL, NULL },
};
