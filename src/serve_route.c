/* serve_route.c - the pure half of serve.h: request paths onto files,
 * content types, the script injection and the overlay's JSON. Nothing here
 * touches the network, so it is all unit-tested. */
#include "serve.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "utf8.h"
#include "util.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX once; -1 on a bad escape, a NUL, a backslash or a control
 * byte. */
static int percent_decode(const char *raw, buf_t *out)
{
	for (const char *p = raw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '%') {
			int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi * 16 + lo);
			p += 2;
		}
		if (c == '\0' || c == '\\' || c < 0x20 || c == 0x7f)
			return -1;
		buf_putc(out, (char)c);
	}
	return 0;
}

int serve_clean_path(const char *raw, buf_t *out)
{
	buf_clear(out);
	if (raw[0] != '/')
		return -1;
	buf_t dec = BUF_INIT;
	int rc = percent_decode(raw, &dec);
	if (rc == 0 && !utf8_valid(buf_str(&dec), NULL))
		rc = -1;
	const char *s = buf_cstr(&dec);
	for (const char *p = s; rc == 0 && *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			rc = -1;
		else if (n) {
			buf_putc(out, '/');
			buf_put(out, p, n);
		}
		p += n;
	}
	if (rc == 0 && (out->n == 0 || s[dec.n - 1] == '/'))
		buf_putc(out, '/');
	buf_free(&dec);
	if (rc != 0)
		buf_clear(out);
	return rc;
}

bool serve_path_within(const char *root, const char *path)
{
	if (root[0] != '/' || path[0] != '/')
		return false;
	const char *a = root, *b = path;
	for (;;) {
		while (*a == '/')
			a++;
		while (*b == '/')
			b++;
		if (!*a)
			return true;  /* every component of root matched */
		size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
		if (na != nb || memcmp(a, b, na) != 0)
			return false;
		a += na;
		b += nb;
	}
}

/* Appends a path percent-encoded for a Location header: it can only start
 * with one '/', and holds no byte that could end the header. */
static void put_encoded_path(buf_t *out, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("/-._~", c))
			buf_putc(out, (char)c);
		else
			buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

static void redirect(serve_route_t *r, int status, const char *baseurl, const char *rel)
{
	buf_t b = BUF_INIT;
	put_encoded_path(&b, baseurl);
	buf_putc(&b, '/');
	put_encoded_path(&b, rel);
	if (*rel)
		buf_putc(&b, '/');
	r->kind = SERVE_REDIRECT;
	r->status = status;
	r->location = buf_detach(&b, NULL);
}

/* Resolves root/rel (+suffix) and stats it; NULL when it does not exist or
 * lies outside the real root. */
static char *resolve_inside(const char *real_root, const char *rel, const char *suffix,
			    struct stat *st)
{
	buf_t p = BUF_INIT;
	buf_printf(&p, "%s/%s%s", real_root, rel, suffix);
	char *real = realpath(buf_cstr(&p), NULL);
	buf_free(&p);
	if (!real || !serve_path_within(real_root, real) || stat(real, st) != 0) {
		free(real);
		return NULL;
	}
	return real;
}

static bool found_file(serve_route_t *r, char *real, const struct stat *st)
{
	if (!real)
		return false;
	if (!S_ISREG(st->st_mode)) {
		free(real);
		return false;
	}
	r->kind = SERVE_FILE;
	r->path = real;
	return true;
}

/* rel: the path below the baseurl, without its leading slash. */
static void route_rel(serve_route_t *r, const char *real_root, const char *baseurl, const char *rel)
{
	struct stat st;
	size_t n = strlen(rel);
	if (n == 0 || rel[n - 1] == '/') {
		found_file(r, resolve_inside(real_root, rel, "index.html", &st), &st);
		return;
	}
	char *real = resolve_inside(real_root, rel, "", &st);
	if (real && S_ISDIR(st.st_mode)) {
		free(real);
		redirect(r, 301, baseurl, rel);
		return;
	}
	if (found_file(r, real, &st))
		return;
	found_file(r, resolve_inside(real_root, rel, ".html", &st), &st);
}

void serve_route(const char *root, const char *baseurl, const char *raw, serve_route_t *r)
{
	*r = (serve_route_t){ .kind = SERVE_NOT_FOUND, .status = 404 };
	buf_t clean = BUF_INIT;
	char *real_root = NULL;
	size_t bn = strlen(baseurl);
	while (bn && baseurl[bn - 1] == '/')
		bn--;  /* "/repo/" and "/" are "/repo" and "" */
	char *base = xstrndup(baseurl, bn);
	if (serve_clean_path(raw, &clean) != 0)
		goto out;
	const char *path = buf_cstr(&clean);
	if (bn) {
		if (strcmp(path, "/") == 0) {
			redirect(r, 302, base, "");
			goto out;
		}
		if (strncmp(path, base, bn) != 0 || (path[bn] != '/' && path[bn] != '\0'))
			goto out;
		if (path[bn] == '\0') {
			redirect(r, 301, base, "");
			goto out;
		}
		path += bn;
	}
	real_root = realpath(root, NULL);
	if (real_root)
		route_rel(r, real_root, base, path + 1);
out:
	free(real_root);
	free(base);
	buf_free(&clean);
}

void serve_route_free(serve_route_t *r)
{
	free(r->path);
	free(r->location);
	*r = (serve_route_t){ .kind = SERVE_NOT_FOUND, .status = 404 };
}

const char *serve_content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html; charset=utf-8" },
		{ "htm", "text/html; charset=utf-8" },
		{ "css", "text/css; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" },
		{ "mjs", "text/javascript; charset=utf-8" },
		{ "json", "application/json" },
		{ "map", "application/json" },
		{ "webmanifest", "application/manifest+json" },
		{ "xml", "application/xml" },
		{ "rss", "application/rss+xml" },
		{ "atom", "application/atom+xml" },
		{ "xsl", "application/xml" },
		{ "svg", "image/svg+xml" },
		{ "png", "image/png" },
		{ "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },
		{ "gif", "image/gif" },
		{ "webp", "image/webp" },
		{ "avif", "image/avif" },
		{ "ico", "image/x-icon" },
		{ "woff", "font/woff" },
		{ "woff2", "font/woff2" },
		{ "ttf", "font/ttf" },
		{ "otf", "font/otf" },
		{ "txt", "text/plain; charset=utf-8" },
		{ "md", "text/markdown; charset=utf-8" },
		{ "csv", "text/csv; charset=utf-8" },
		{ "pdf", "application/pdf" },
		{ "zip", "application/zip" },
		{ "wasm", "application/wasm" },
		{ "mp4", "video/mp4" },
		{ "webm", "video/webm" },
		{ "mp3", "audio/mpeg" },
		{ "ogg", "audio/ogg" },
		{ "wav", "audio/wav" },
	};
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	const char *dot = strrchr(name, '.');
	if (dot && dot != name)
		for (size_t i = 0; i < ARRAY_LEN(types); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

void serve_inject(buf_t *out, const char *html, size_t n, const char *snippet)
{
	size_t at = n;
	for (size_t i = n; i >= 7; i--)
		if (strncasecmp(html + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	buf_put(out, html, at);
	buf_puts(out, snippet);
	buf_put(out, html + at, n - at);
}

/* ---- the overlay's JSON ---- */

static void put_json_string(buf_t *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '<': case '>': case '&': buf_printf(out, "\\u%04x", c); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(out, "\\u%04x", c);
			else
				buf_putc(out, (char)c);
		}
	}
	buf_putc(out, '"');
}

/* A string as JSON, its invalid UTF-8 bytes shown as '?'. */
static void put_json_text(buf_t *out, const char *s, size_t n)
{
	if (utf8_valid(str_from(s, n), NULL)) {
		put_json_string(out, s, n);
		return;
	}
	char *copy = xstrndup(s, n);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	put_json_string(out, copy, n);
	free(copy);
}

/* Line `line` (1-based) of a file, at most 400 bytes of it, or -1. */
static int read_line(const char *file, int line, buf_t *out)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return -1;
	int at = 1, c;
	while (at < line && (c = getc(f)) != EOF)
		if (c == '\n')
			at++;
	int rc = at == line ? 0 : -1;
	while (rc == 0 && (c = getc(f)) != EOF && c != '\n')
		if (out->n < 400 && c != '\r')
			buf_putc(out, (char)c);
	fclose(f);
	return rc;
}

static void put_error(buf_t *out, const diag_t *g)
{
	buf_puts(out, "{\"file\":");
	if (g->file)
		put_json_text(out, g->file, strlen(g->file));
	else
		buf_puts(out, "null");
	buf_printf(out, ",\"line\":%d,\"col\":%d,\"message\":", g->line, g->col);
	put_json_text(out, g->msg, strlen(g->msg));
	buf_puts(out, ",\"source\":");
	buf_t src = BUF_INIT;
	if (g->file && g->line > 0 && read_line(g->file, g->line, &src) == 0)
		put_json_text(out, src.p ? src.p : "", src.n);
	else
		buf_puts(out, "null");
	buf_free(&src);
	buf_putc(out, '}');
}

void serve_errors_json(const diag_list_t *d, buf_t *out)
{
	size_t count = diag_error_count(d), shown = 0;
	buf_printf(out, "{\"count\":%zu,\"errors\":[", count);
	for (size_t i = 0; i < d->n && shown < SERVE_MAX_OVERLAY_ERRORS; i++) {
		if (d->items[i].severity != DIAG_ERROR)
			continue;
		if (shown++)
			buf_putc(out, ',');
		put_error(out, &d->items[i]);
	}
	buf_puts(out, "]}");
}
