#include "permalink.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

#define PERMALINK_MAX 4096

static const char *style_pattern(const char *p, bool for_page)
{
	if (for_page) {
		if (strcmp(p, "pretty") == 0)
			return "/:path/:basename/";
		if (strcmp(p, "date") == 0 || strcmp(p, "none") == 0 || strcmp(p, "ordinal") == 0)
			return "/:path/:basename:output_ext";
		return NULL; /* a pattern with date parts means nothing for a page */
	}
	if (strcmp(p, "date") == 0)
		return "/:categories/:year/:month/:day/:title:output_ext";
	if (strcmp(p, "pretty") == 0)
		return "/:categories/:year/:month/:day/:title/";
	if (strcmp(p, "ordinal") == 0)
		return "/:categories/:year/:y_day/:title:output_ext";
	if (strcmp(p, "none") == 0)
		return "/:categories/:title:output_ext";
	return p;
}

const char *permalink_slugify(arena_t *a, const char *s)
{
	buf_t b = BUF_INIT;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p >= 0x80) {
			if (dash && b.n)
				buf_putc(&b, '-');
			dash = false;
			buf_putc(&b, (char)tolower(*p));
		} else {
			dash = true;
		}
	}
	const char *r = arena_strndup(a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return r;
}

/* Appends one placeholder's value; false when the name is unknown. */
static bool put_var(buf_t *b, const char *name, size_t n, const permalink_vars_t *v,
		    bool for_page)
{
	struct tm tm = { 0 };
	if (v->has_date)
		value_time_to_tm(v->date, &tm);
	char num[16];
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
#define NUM(fmt, x) (snprintf(num, sizeof num, fmt, x), buf_puts(b, num))
	if (IS("year")) NUM("%04d", tm.tm_year + 1900);
	else if (IS("short_year")) NUM("%02d", (tm.tm_year + 1900) % 100);
	else if (IS("month")) NUM("%02d", tm.tm_mon + 1);
	else if (IS("i_month")) NUM("%d", tm.tm_mon + 1);
	else if (IS("day")) NUM("%02d", tm.tm_mday);
	else if (IS("i_day")) NUM("%d", tm.tm_mday);
	else if (IS("y_day")) NUM("%03d", tm.tm_yday + 1);
	else if (IS("hour")) NUM("%02d", tm.tm_hour);
	else if (IS("minute")) NUM("%02d", tm.tm_min);
	else if (IS("second")) NUM("%02d", tm.tm_sec);
	else if (IS("title")) buf_puts(b, v->title);
	else if (IS("slug")) buf_puts(b, v->slug);
	else if (IS("name") || IS("basename")) buf_puts(b, v->name);
	else if (IS("path")) {
		/* a page's :path is its folder (Jekyll); a document's, folder and name */
		buf_puts(b, v->dir);
		if (!for_page)
			buf_printf(b, "%s%s", *v->dir ? "/" : "", v->name);
	} else if (IS("collection")) buf_puts(b, v->collection ? v->collection : "");
	else if (IS("categories")) buf_puts(b, v->categories ? v->categories : "");
	else if (IS("output_ext")) buf_puts(b, v->output_ext);
	else if (IS("lang") || IS("locale")) buf_puts(b, v->lang ? v->lang : "");
	else
		return false;
#undef IS
#undef NUM
	return true;
}

/* Collapses slashes, refuses "." and ".." segments. */
static const char *clean(arena_t *a, const char *url, size_t n, const char **err)
{
	if (n > PERMALINK_MAX) {
		*err = "is longer than 4096 bytes";
		return NULL;
	}
	buf_t b = BUF_INIT;
	buf_putc(&b, '/');
	size_t i = 0;
	while (i < n) {
		while (i < n && url[i] == '/')
			i++;
		size_t start = i;
		while (i < n && url[i] != '/')
			i++;
		size_t len = i - start;
		if (len == 0)
			break;
		if ((len == 1 && url[start] == '.') || (len == 2 && memcmp(url + start, "..", 2) == 0)) {
			buf_free(&b);
			*err = "has a '.' or '..' segment: it would leave the site";
			return NULL;
		}
		if (memchr(url + start, '\0', len) || memchr(url + start, '\\', len)) {
			buf_free(&b);
			*err = "has a NUL byte or a backslash";
			return NULL;
		}
		if (b.n > 1)
			buf_putc(&b, '/');
		buf_put(&b, url + start, len);
	}
	if (n > 0 && url[n - 1] == '/' && b.n > 1)
		buf_putc(&b, '/');
	/* the leading slash may make the result one byte longer than url */
	if (b.n > PERMALINK_MAX) {
		buf_free(&b);
		*err = "is longer than 4096 bytes";
		return NULL;
	}
	const char *r = arena_strndup(a, b.p, b.n);
	buf_free(&b);
	return r;
}

const char *permalink_clean(arena_t *a, const char *url, const char **err)
{
	return clean(a, url, strlen(url), err);
}

const char *permalink_expand(arena_t *a, const char *pattern, const permalink_vars_t *v,
			     bool for_page, const char **err)
{
	const char *p = style_pattern(pattern, for_page);
	if (!p)
		p = pattern;
	buf_t b = BUF_INIT;
	while (*p) {
		if (*p == ':' && isalpha((unsigned char)p[1])) {
			const char *name = p + 1;
			size_t n = 0;
			while (isalnum((unsigned char)name[n]) || name[n] == '_')
				n++;
			if (put_var(&b, name, n, v, for_page)) {
				p = name + n;
				continue;
			}
		}
		buf_putc(&b, *p++);
	}
	const char *url = clean(a, b.p ? b.p : "", b.n, err);
	buf_free(&b);
	if (url && for_page) {
		/* /blog/index.html is served as /blog/, and so is /blog/index/ (pretty) */
		size_t n = strlen(url);
		if (n >= 11 && strcmp(url + n - 11, "/index.html") == 0)
			url = arena_strndup(a, url, n - 10);
		else if (n >= 7 && strcmp(url + n - 7, "/index/") == 0)
			url = arena_strndup(a, url, n - 6);
	}
	return url;
}

const char *permalink_output_path(arena_t *a, const char *url)
{
	while (*url == '/')
		url++;
	size_t n = strlen(url);
	if (n == 0)
		return "index.html";
	if (url[n - 1] == '/')
		return arena_printf(a, "%sindex.html", url);
	const char *last = strrchr(url, '/');
	last = last ? last + 1 : url;
	if (strchr(last, '.'))
		return arena_strdup(a, url);
	return arena_printf(a, "%s.html", url);
}
