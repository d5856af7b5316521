#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "serve.h"

/* ---- a temporary output folder ---- */

static char tmp[64];
static char site[128];     /* tmp/site: the output folder */
static char *real_site;    /* its realpath */

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", tmp, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", tmp, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void link_to(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", tmp, rel);
	assert_int_equal(symlink(target, p), 0);
}

/* site/: index.html, agora.html, dir/index.html, bare/ (no index),
 * both.html and both/, a 404.html; site-other/ beside it with secret.html;
 * symlinks out of the site and one inside it. */
static int make_site(void **state)
{
	snprintf(tmp, sizeof tmp, "/tmp/pnyx-serve-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(site, sizeof site, "%s/site", tmp);
	dir("site");
	dir("site/dir");
	dir("site/bare");
	dir("site/both");
	dir("site/css");
	dir("site-other");
	put("site/index.html", "home");
	put("site/agora.html", "agora");
	put("site/dir/index.html", "dir index");
	put("site/both.html", "both file");
	put("site/both/index.html", "both dir");
	put("site/css/site.css", "body{}");
	put("site/404.html", "not here");
	put("site/%2e%2e", "literal");
	put("site/caf\xc3\xa9.html", "cafe");
	put("site-other/secret.html", "secret");
	put("secret.txt", "secret");
	link_to("../site-other/secret.html", "site/leak.html");
	link_to("../site-other", "site/leakdir");
	link_to("/etc", "site/etc");
	link_to("agora.html", "site/alias.html");
	real_site = realpath(site, NULL);
	return real_site ? 0 : -1;
}

static int remove_site(void **state)
{
	free(real_site);
	real_site = NULL;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- serve_clean_path ---- */

static void expect_clean(const char *raw, const char *want)
{
	buf_t b = BUF_INIT;
	int rc = serve_clean_path(raw, &b);
	if (!want) {
		if (rc != -1)
			fail_msg("'%s' was accepted as '%s'", raw, buf_cstr(&b));
	} else {
		if (rc != 0)
			fail_msg("'%s' was refused", raw);
		assert_string_equal(buf_cstr(&b), want);
	}
	buf_free(&b);
}

static void test_clean_plain(void **state)
{
	expect_clean("/", "/");
	expect_clean("/agora", "/agora");
	expect_clean("/dir/", "/dir/");
	expect_clean("/a//b///c", "/a/b/c");
	expect_clean("//", "/");
	expect_clean("/caf%C3%A9", "/caf\xc3\xa9");
	expect_clean("/a%20b", "/a b");
	expect_clean("/a+b", "/a+b");
	expect_clean("/...", "/...");
	expect_clean("/..a/b..", "/..a/b..");
	expect_clean("/.well-known/x", "/.well-known/x");
}

static void test_clean_dotdot_encodings(void **state)
{
	expect_clean("/../etc/passwd", NULL);
	expect_clean("/a/../b", NULL);
	expect_clean("/a/..", NULL);
	expect_clean("/..", NULL);
	expect_clean("/./a", NULL);
	expect_clean("/a/.", NULL);
	expect_clean("/%2e%2e/etc/passwd", NULL);
	expect_clean("/%2E%2e/", NULL);
	expect_clean("/%2E%2E", NULL);
	expect_clean("/.%2e/x", NULL);
	expect_clean("/%2e./x", NULL);
	expect_clean("/..%2f..%2fetc", NULL);
	expect_clean("/a/..%2F", NULL);
	expect_clean("/%2f..%2f", NULL);
	expect_clean("/%2e", NULL);
	/* decoded once only: %25 is a literal '%' */
	expect_clean("/%252e%252e/x", "/%2e%2e/x");
	expect_clean("/%252e%252e%252f", "/%2e%2e%2f");
}

static void test_clean_hostile_bytes(void **state)
{
	expect_clean("/a%00b", NULL);
	expect_clean("/%00", NULL);
	expect_clean("/a\\b", NULL);
	expect_clean("/a%5cb", NULL);
	expect_clean("/..%5c..%5cetc", NULL);
	expect_clean("/%5C", NULL);
	/* overlong UTF-8 for '.' and '/' */
	expect_clean("/%c0%ae%c0%ae/x", NULL);
	expect_clean("/%c0%af", NULL);
	expect_clean("/%e0%80%ae", NULL);
	/* invalid UTF-8, surrogates, out of range */
	expect_clean("/%ff", NULL);
	expect_clean("/%c3", NULL);
	expect_clean("/%ed%a0%80", NULL);
	expect_clean("/%f4%90%80%80", NULL);
	/* bad escapes */
	expect_clean("/%", NULL);
	expect_clean("/%2", NULL);
	expect_clean("/%zz", NULL);
	expect_clean("/%2g", NULL);
	expect_clean("/%%32%65", NULL);
	/* control bytes, raw or encoded */
	expect_clean("/a%0d%0aSet-Cookie:x", NULL);
	expect_clean("/a\tb", NULL);
	expect_clean("/a%7f", NULL);
	/* not a path */
	expect_clean("", NULL);
	expect_clean("agora", NULL);
	expect_clean("http://example.org/", NULL);
	expect_clean("*", NULL);
	expect_clean("%2fetc", NULL);
}

static void test_clean_huge(void **state)
{
	size_t n = 1 << 20;
	char *raw = malloc(n + 1);
	assert_non_null(raw);
	for (size_t i = 0; i < n; i++)
		raw[i] = i % 2 ? 'a' : '/';
	raw[n] = '\0';
	buf_t b = BUF_INIT;
	assert_int_equal(serve_clean_path(raw, &b), 0);
	assert_int_equal(b.n, n);
	/* a million bytes of "/%2e%2e": refused */
	for (size_t i = 0; i + 7 <= n; i += 7)
		memcpy(raw + i, "/%2e%2e", 7);
	raw[n - n % 7] = '\0';
	assert_int_equal(serve_clean_path(raw, &b), -1);
	assert_int_equal(b.n, 0);
	buf_free(&b);
	free(raw);
}

/* ---- serve_path_within ---- */

static void test_within(void **state)
{
	assert_true(serve_path_within("/srv/site", "/srv/site"));
	assert_true(serve_path_within("/srv/site", "/srv/site/"));
	assert_true(serve_path_within("/srv/site", "/srv/site/a/b.html"));
	assert_true(serve_path_within("/srv/site/", "/srv/site/a"));
	assert_true(serve_path_within("/", "/etc/passwd"));
	assert_false(serve_path_within("/srv/site", "/srv/site-other"));
	assert_false(serve_path_within("/srv/site", "/srv/site-other/x"));
	assert_false(serve_path_within("/srv/site", "/srv/sit"));
	assert_false(serve_path_within("/srv/site", "/srv"));
	assert_false(serve_path_within("/srv/site", "/"));
	assert_false(serve_path_within("/srv/site", "/etc/passwd"));
	assert_false(serve_path_within("/srv/site", "srv/site/x"));
	assert_false(serve_path_within("srv/site", "/srv/site/x"));
	assert_false(serve_path_within("/srv/site", "/srv/sitex"));
	assert_false(serve_path_within("/srv/site", "/srv/Site/x"));
}

/* ---- serve_route ---- */

static void expect_file(const char *baseurl, const char *url, const char *rel)
{
	serve_route_t r;
	serve_route(site, baseurl, url, &r);
	if (r.kind != SERVE_FILE)
		fail_msg("%s (baseurl '%s'): kind %d, not a file", url, baseurl, r.kind);
	char want[1024];
	snprintf(want, sizeof want, "%s/%s", real_site, rel);
	assert_string_equal(r.path, want);
	serve_route_free(&r);
}

static void expect_redirect(const char *baseurl, const char *url, int status, const char *location)
{
	serve_route_t r;
	serve_route(site, baseurl, url, &r);
	if (r.kind != SERVE_REDIRECT)
		fail_msg("%s (baseurl '%s'): kind %d, not a redirect", url, baseurl, r.kind);
	assert_int_equal(r.status, status);
	assert_string_equal(r.location, location);
	serve_route_free(&r);
}

static void expect_missing(const char *baseurl, const char *url)
{
	serve_route_t r;
	serve_route(site, baseurl, url, &r);
	if (r.kind != SERVE_NOT_FOUND)
		fail_msg("%s (baseurl '%s'): kind %d (%s), wanted not found", url, baseurl, r.kind,
			 r.path ? r.path : r.location ? r.location : "");
	assert_null(r.path);
	assert_null(r.location);
	serve_route_free(&r);
}

static void test_route_mapping(void **state)
{
	expect_file("", "/", "index.html");
	expect_file("", "/index.html", "index.html");
	expect_file("", "/agora", "agora.html");
	expect_file("", "/agora.html", "agora.html");
	expect_file("", "/dir/", "dir/index.html");
	expect_file("", "/dir/index.html", "dir/index.html");
	expect_file("", "/css/site.css", "css/site.css");
	expect_file("", "/caf%C3%A9", "caf\xc3\xa9.html");
	expect_file("", "//agora", "agora.html");
	expect_redirect("", "/dir", 301, "/dir/");
	expect_redirect("", "/bare", 301, "/bare/");
	expect_redirect("", "/both", 301, "/both/");
}

static void test_route_mapping_more(void **state)
{
	expect_file("", "/both/", "both/index.html");
	expect_file("", "/both.html", "both.html");
	expect_missing("", "/bare/");
	expect_missing("", "/agora/");
	expect_missing("", "/nothing");
	expect_missing("", "/nothing/");
	expect_missing("", "/index.html/");
	expect_missing("", "/css/site");
	/* a symlink inside the folder is followed */
	expect_file("", "/alias.html", "agora.html");
	expect_file("", "/alias", "agora.html");
	/* the literal file named %2e%2e, reached by %252e%252e */
	expect_file("", "/%252e%252e", "%2e%2e");
}

static void test_route_refuses_escapes(void **state)
{
	expect_missing("", "/../secret.txt");
	expect_missing("", "/%2e%2e/secret.txt");
	expect_missing("", "/%2E%2e/secret.txt");
	expect_missing("", "/..%2fsecret.txt");
	expect_missing("", "/%2e%2e%2fsite-other/secret.html");
	expect_missing("", "/..%5csecret.txt");
	expect_missing("", "/%c0%ae%c0%ae/secret.txt");
	expect_missing("", "/secret.txt%00.html");
	/* symlinks out of the folder: a file, a folder, an absolute one */
	expect_missing("", "/leak.html");
	expect_missing("", "/leak");
	expect_missing("", "/leakdir/secret.html");
	expect_missing("", "/leakdir/");
	expect_missing("", "/leakdir");
	expect_missing("", "/etc/passwd");
	expect_missing("", "/etc/");
	/* /srv/site-other is not inside /srv/site */
	expect_missing("", "/../site-other/secret.html");
}

static void test_route_baseurl(void **state)
{
	expect_redirect("/repo", "/", 302, "/repo/");
	expect_redirect("/repo", "/repo", 301, "/repo/");
	expect_file("/repo", "/repo/", "index.html");
	expect_file("/repo", "/repo/agora", "agora.html");
	expect_file("/repo", "/repo/dir/", "dir/index.html");
	expect_redirect("/repo", "/repo/dir", 301, "/repo/dir/");
	expect_missing("/repo", "/agora");
	expect_missing("/repo", "/repository/agora");
	expect_missing("/repo", "/repo%2fagora.html/x");
	expect_missing("/repo", "/other/");
	expect_missing("/repo", "/repo/../repo/agora");
	/* a trailing slash in the configuration changes nothing */
	expect_file("/repo/", "/repo/agora", "agora.html");
	expect_file("/", "/agora", "agora.html");
	/* nested and encoded baseurls */
	expect_file("/a/b", "/a/b/agora", "agora.html");
	expect_missing("/a/b", "/a/agora");
	expect_redirect("/my repo", "/", 302, "/my%20repo/");
	expect_file("/my repo", "/my%20repo/agora", "agora.html");
}

static void test_route_redirect_is_safe(void **state)
{
	/* "//evil.example/" as a Location would leave the site */
	expect_missing("", "//evil.example");
	char p[600];
	snprintf(p, sizeof p, "%s/site/a\r\nb", tmp);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/site/sp ace", tmp);
	assert_int_equal(mkdir(p, 0755), 0);
	expect_redirect("", "/sp%20ace", 301, "/sp%20ace/");
	expect_missing("", "/a%0d%0ab");
}

static void test_route_missing_root(void **state)
{
	serve_route_t r;
	serve_route("/nonexistent/pnyx/site", "", "/", &r);
	assert_int_equal(r.kind, SERVE_NOT_FOUND);
	serve_route_free(&r);
}

/* ---- content types, injection, overlay JSON ---- */

static void test_content_types(void **state)
{
	static const char *cases[][2] = {
		{ "a.html", "text/html; charset=utf-8" }, { "a.HTM", "text/html; charset=utf-8" },
		{ "a.css", "text/css; charset=utf-8" }, { "a.js", "text/javascript; charset=utf-8" },
		{ "a.json", "application/json" }, { "feed.xml", "application/xml" },
		{ "a.svg", "image/svg+xml" }, { "a.png", "image/png" }, { "a.jpg", "image/jpeg" },
		{ "a.JPEG", "image/jpeg" }, { "a.gif", "image/gif" }, { "a.webp", "image/webp" },
		{ "favicon.ico", "image/x-icon" }, { "f.woff2", "font/woff2" }, { "f.woff", "font/woff" },
		{ "robots.txt", "text/plain; charset=utf-8" }, { "a.pdf", "application/pdf" },
		{ "/x/y.tar.gz", "application/octet-stream" }, { "noext", "application/octet-stream" },
		{ ".html", "application/octet-stream" }, { "/d.html/file", "application/octet-stream" },
		{ "a.", "application/octet-stream" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(serve_content_type(cases[i][0]), cases[i][1]);
}

static void expect_inject(const char *html, const char *want)
{
	buf_t b = BUF_INIT;
	serve_inject(&b, html, strlen(html), "[S]");
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_inject(void **state)
{
	expect_inject("<html><body><p>x</p></body></html>", "<html><body><p>x</p>[S]</body></html>");
	expect_inject("<BODY>x</BODY>", "<BODY>x[S]</BODY>");
	expect_inject("<body>x</Body>\n", "<body>x[S]</Body>\n");
	/* the last one: a page quoting "</body>" in its text keeps it */
	expect_inject("<pre></body></pre></body>", "<pre></body></pre>[S]</body>");
	expect_inject("<p>no body", "<p>no body[S]");
	expect_inject("", "[S]");
	expect_inject("</body", "</body[S]");
	expect_inject("</body>", "[S]</body>");
	/* NUL bytes in a page are kept */
	buf_t b = BUF_INIT;
	serve_inject(&b, "a\0b</body>", 10, "[S]");
	assert_int_equal(b.n, 13);
	assert_memory_equal(b.p, "a\0b[S]</body>", 13);
	buf_free(&b);
}

static void test_errors_json(void **state)
{
	put("bad.md", "---\ntitle: [x\n\tlayout: <b>\"q\"</b> \xff\n---\n");
	char file[512];
	snprintf(file, sizeof file, "%s/bad.md", tmp);
	diag_list_t d = DIAG_LIST_INIT;
	diag_error(&d, file, 3, 9, "bad <thing> \"here\"");
	diag_warning(&d, file, 1, 1, "a warning is not shown");
	diag_error(&d, NULL, 0, 0, "no file");
	diag_error(&d, file, 99, 1, "past the end");
	buf_t j = BUF_INIT;
	serve_errors_json(&d, &j);
	const char *s = buf_cstr(&j);
	char want[2048];
	snprintf(want, sizeof want,
		 "{\"count\":3,\"errors\":[{\"file\":\"%s\",\"line\":3,\"col\":9,"
		 "\"message\":\"bad \\u003cthing\\u003e \\\"here\\\"\","
		 "\"source\":\"\\tlayout: \\u003cb\\u003e\\\"q\\\"\\u003c/b\\u003e ?\"},"
		 "{\"file\":null,\"line\":0,\"col\":0,\"message\":\"no file\",\"source\":null},"
		 "{\"file\":\"%s\",\"line\":99,\"col\":1,\"message\":\"past the end\",\"source\":null}]}",
		 file, file);
	assert_string_equal(s, want);
	assert_null(strstr(s, "</"));
	buf_free(&j);
	diag_free(&d);
}

static void test_errors_json_capped(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	for (int i = 0; i < 50; i++)
		diag_error(&d, "/nonexistent/x.md", i + 1, 1, "e%d", i);
	buf_t j = BUF_INIT;
	serve_errors_json(&d, &j);
	const char *s = buf_cstr(&j);
	assert_true(strncmp(s, "{\"count\":50,", 12) == 0);
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "\"message\"")); p++)
		n++;
	assert_int_equal(n, SERVE_MAX_OVERLAY_ERRORS);
	buf_free(&j);
	diag_free(&d);
}

static void test_client_script(void **state)
{
	/* it sits inside <script>: it must not close it, and must know the events */
	assert_null(strstr(serve_client_js, "</"));
	assert_non_null(strstr(serve_client_js, "EventSource"));
	assert_non_null(strstr(serve_client_js, "'reload'"));
	assert_non_null(strstr(serve_client_js, "'css'"));
	assert_non_null(strstr(serve_client_js, "'builderror'"));
	assert_null(strstr(serve_client_js, "innerHTML"));
}

/* ---- the server itself, over a socket ---- */

static int connect_to(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* Reads until `want` shows up, the peer closes, or 3 s pass. */
static void read_until(int fd, buf_t *out, const char *want)
{
	for (int i = 0; i < 300 && !(want && out->n && strstr(buf_cstr(out), want)); i++) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, 10) <= 0)
			continue;
		char b[4096];
		ssize_t k = read(fd, b, sizeof b);
		if (k <= 0)
			return;
		buf_put(out, b, (size_t)k);
	}
}

/* One request on a fresh connection; the whole response. */
static void request(int port, const char *req, buf_t *out)
{
	int fd = connect_to(port);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf_clear(out);
	read_until(fd, out, NULL);
	close(fd);
}

static serve_t *start(const char *baseurl)
{
	diag_list_t d = DIAG_LIST_INIT;
	serve_opts_t o = { .root = site, .baseurl = baseurl, .host = "127.0.0.1", .port = 0 };
	serve_t *s = serve_start(&o, &d);
	assert_non_null(s);
	assert_true(serve_port(s) > 0);
	diag_free(&d);
	return s;
}

static void test_server_requests(void **state)
{
	put("site/page.html", "<html><body><p>page</p></body></html>");
	serve_t *s = start("");
	int port = serve_port(s);
	buf_t r = BUF_INIT;
	request(port, "GET /page HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 200 OK"));
	assert_non_null(strstr(buf_cstr(&r), "Content-Type: text/html; charset=utf-8"));
	assert_non_null(strstr(buf_cstr(&r), "Cache-Control: no-store"));
	assert_non_null(strstr(buf_cstr(&r), "window.__pnyx="));
	assert_non_null(strstr(buf_cstr(&r), "</script>\n</body></html>"));
	request(port, "GET /css/site.css HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), "Content-Type: text/css"));
	assert_null(strstr(buf_cstr(&r), "__pnyx"));
	request(port, "GET /dir HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 301 "));
	assert_non_null(strstr(buf_cstr(&r), "Location: /dir/\r\n"));
	request(port, "GET /nothing HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 404 "));
	assert_non_null(strstr(buf_cstr(&r), "not here"));
	request(port, "GET /%2e%2e/secret.txt HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 404 "));
	assert_null(strstr(buf_cstr(&r), "secret"));
	request(port, "GET /leak.html HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 404 "));
	request(port, "POST /page HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc", &r);
	assert_non_null(strstr(buf_cstr(&r), " 405 "));
	assert_non_null(strstr(buf_cstr(&r), "Allow: GET, HEAD"));
	request(port, "HEAD /page HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 200 "));
	assert_null(strstr(buf_cstr(&r), "<p>page"));
	/* garbage, then the server still answers */
	request(port, "\x01\x02 garbage\r\n\r\n", &r);
	request(port, "GET /agora HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), "agora"));
	buf_free(&r);
	serve_stop(s);
}

/* A client that sends half a request and waits does not hold up others. */
static void test_server_slow_client(void **state)
{
	serve_t *s = start("");
	int slow = connect_to(serve_port(s));
	assert_int_equal(write(slow, "GET /agora HT", 13), 13);
	buf_t r = BUF_INIT;
	request(serve_port(s), "GET /agora HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 200 "));
	close(slow);
	buf_free(&r);
	serve_stop(s);
}

static void test_server_port_taken(void **state)
{
	serve_t *s = start("");
	diag_list_t d = DIAG_LIST_INIT;
	serve_opts_t o = { .root = site, .baseurl = "", .host = "127.0.0.1", .port = serve_port(s) };
	assert_null(serve_start(&o, &d));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.items[0].msg, "already in use"));
	diag_free(&d);
	o.host = "no-such-host.invalid";
	o.port = 0;
	assert_null(serve_start(&o, &d));
	assert_int_equal(d.n, 1);
	diag_free(&d);
	serve_stop(s);
}

/* The event stream: reload, css, errors, catching up from an old token. */
static void test_server_events(void **state)
{
	put("site/page.html", "<body>x</body>");
	serve_t *s = start("");
	int port = serve_port(s);
	buf_t page = BUF_INIT;
	request(port, "GET /page HTTP/1.0\r\n\r\n", &page);
	const char *t = strstr(buf_cstr(&page), "\"token\":\"");
	assert_non_null(t);
	char token[64];
	t += 9;
	size_t tn = strcspn(t, "\"");
	assert_true(tn < sizeof token);
	memcpy(token, t, tn);
	token[tn] = '\0';

	char req[256];
	snprintf(req, sizeof req, "GET %s?since=%s HTTP/1.1\r\nHost: x\r\n\r\n", SERVE_EVENTS_PATH, token);
	int fd = connect_to(port);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf_t ev = BUF_INIT;
	read_until(fd, &ev, "retry:");
	assert_non_null(strstr(buf_cstr(&ev), "text/event-stream"));
	assert_null(strstr(buf_cstr(&ev), "event:"));

	serve_notify_built(s, true);
	read_until(fd, &ev, "event: css");
	assert_non_null(strstr(buf_cstr(&ev), "event: css"));
	serve_notify_built(s, false);
	read_until(fd, &ev, "event: reload");
	assert_non_null(strstr(buf_cstr(&ev), "event: reload"));

	diag_list_t d = DIAG_LIST_INIT;
	diag_error(&d, "content/x.md", 2, 3, "broken");
	serve_notify_failed(s, &d);
	read_until(fd, &ev, "event: builderror");
	assert_non_null(strstr(buf_cstr(&ev), "\"message\":\"broken\""));
	/* a page loaded while the error stands carries it */
	request(port, "GET /page HTTP/1.0\r\n\r\n", &page);
	assert_non_null(strstr(buf_cstr(&page), "\"error\":{\"count\":1"));
	/* fixed with a CSS change only: the overlay must go, so a reload */
	buf_clear(&ev);
	serve_notify_built(s, true);
	read_until(fd, &ev, "event: reload");
	assert_non_null(strstr(buf_cstr(&ev), "event: reload"));
	request(port, "GET /page HTTP/1.0\r\n\r\n", &page);
	assert_non_null(strstr(buf_cstr(&page), "\"error\":null"));
	close(fd);

	/* a browser coming back with the first token missed a reload */
	fd = connect_to(port);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf_clear(&ev);
	read_until(fd, &ev, "event: reload");
	assert_non_null(strstr(buf_cstr(&ev), "event: reload"));
	close(fd);
	/* and one from another server run, too */
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0.0\r\n\r\n", SERVE_EVENTS_PATH);
	fd = connect_to(port);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf_clear(&ev);
	read_until(fd, &ev, "event: reload");
	assert_non_null(strstr(buf_cstr(&ev), "event: reload"));
	/* stopping ends the open stream */
	serve_stop(s);
	close(fd);
	diag_free(&d);
	buf_free(&ev);
	buf_free(&page);
}

/* No output folder at all (the first build failed): the 404 carries the
 * errors while they stand, and is plain text again after a good build. */
static void test_server_no_site_yet(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	serve_opts_t o = { .root = "/nonexistent/pnyx/_site", .baseurl = "", .host = "127.0.0.1" };
	serve_t *s = serve_start(&o, &d);
	assert_non_null(s);
	buf_t r = BUF_INIT;
	request(serve_port(s), "GET / HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 404 "));
	assert_null(strstr(buf_cstr(&r), "__pnyx"));
	diag_error(&d, "content/x.md", 1, 1, "broken");
	serve_notify_failed(s, &d);
	request(serve_port(s), "GET / HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), " 404 "));
	assert_non_null(strstr(buf_cstr(&r), "Content-Type: text/html"));
	assert_non_null(strstr(buf_cstr(&r), "\"error\":{\"count\":1"));
	serve_notify_built(s, false);
	request(serve_port(s), "GET / HTTP/1.0\r\n\r\n", &r);
	assert_non_null(strstr(buf_cstr(&r), "404 not found\n"));
	assert_null(strstr(buf_cstr(&r), "__pnyx"));
	buf_free(&r);
	diag_free(&d);
	serve_stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_plain),
		cmocka_unit_test(test_clean_dotdot_encodings),
		cmocka_unit_test(test_clean_hostile_bytes),
		cmocka_unit_test(test_clean_huge),
		cmocka_unit_test(test_within),
		cmocka_unit_test_setup_teardown(test_route_mapping, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_route_mapping_more, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_route_refuses_escapes, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_route_baseurl, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_route_redirect_is_safe, make_site, remove_site),
		cmocka_unit_test(test_route_missing_root),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_inject),
		cmocka_unit_test_setup_teardown(test_errors_json, make_site, remove_site),
		cmocka_unit_test(test_errors_json_capped),
		cmocka_unit_test(test_client_script),
		cmocka_unit_test_setup_teardown(test_server_requests, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_server_slow_client, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_server_port_taken, make_site, remove_site),
		cmocka_unit_test_setup_teardown(test_server_events, make_site, remove_site),
		cmocka_unit_test(test_server_no_site_yet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
