/* fuzz_route.c - the dev server's request-path resolver (serve_clean_path,
 * serve_route, serve_path_within) on fuzzed request paths, against a real
 * folder full of traps.
 *
 * Input: one flags byte, then the raw request path as the client sent it
 * (up to the first NUL: libmicrohttpd hands over a C string). Flags: bit 0
 * serves the site under the baseurl "/repo"; bit 1 names the output folder
 * through a symlink; bit 2 instead splits the rest at its first NUL into
 * a root and a path for serve_path_within, checked against a plain
 * string comparison of the normalised paths.
 *
 * The folder (made once, in $TMPDIR): a site with pages, a folder page, a
 * file named with a literal "%41", symlinks inside it (fine to follow)
 * and out of it: to a secret file, to the folder above, to a sibling
 * folder whose name starts with the site's, a loop and a dangling link.
 * Whatever the input: a file served lies inside the output folder, is a
 * regular file and is never the secret or the sibling's file; a redirect
 * goes to a clean local path of safe bytes, and following it never
 * redirects again; a cleaned path has no ".", ".." or empty segment, no
 * backslash, no control byte and is valid UTF-8.
 *
 *   make fuzz FUZZ_SECONDS=600    seeds: tests/fuzz/corpus/route
 * (a crash leaves its temporary folder behind: rm -rf /tmp/pnyx-fuzz-route-*) */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/buf.h"
#include "../../src/serve.h"
#include "../../src/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[PATH_MAX];       /* the temporary folder */
static char root[PATH_MAX];       /* base/site */
static char root_link[PATH_MAX];  /* base/link -> site */
static struct stat secret_st, other_st;

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_route: %s: '%s'\n", what, s ? s : "(null)");
	abort();
}

static void put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", base, rel);
	FILE *f = fopen(p, "w");
	if (!f)
		fail("cannot write", p);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", base, rel);
	if (mkdir(p, 0755) != 0)
		fail("cannot make", p);
}

static void link_to(const char *target, const char *rel)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", base, rel);
	if (symlink(target, p) != 0)
		fail("cannot link", p);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(base, sizeof base, "%s/pnyx-fuzz-route-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base))
		fail("cannot make a temporary folder", base);
	char *real = realpath(base, NULL);
	snprintf(base, sizeof base, "%s", real);
	free(real);
	put("secret.txt", "SECRET\n");
	dir("site-other");
	put("site-other/x.html", "OTHER\n");
	dir("site");
	put("site/index.html", "<body>home</body>");
	put("site/page.html", "<body>page</body>");
	put("site/404.html", "<body>not found</body>");
	put("site/%41.html", "literal percent");
	put("site/\xc3\xa9t\xc3\xa9.html", "summer");
	put("site/a b.html", "space");
	put("site/dot..dot.html", "dots");
	dir("site/dir");
	put("site/dir/index.html", "<body>dir</body>");
	put("site/dir/sub.html", "sub");
	dir("site/empty");
	dir("site/repo");
	put("site/repo/index.html", "repo");
	link_to("../secret.txt", "site/leak.txt");
	char abs[PATH_MAX + 16];
	snprintf(abs, sizeof abs, "%s/secret.txt", base);
	link_to(abs, "site/leakabs.html");
	link_to("..", "site/up");
	link_to("../site-other/x.html", "site/sibling.html");
	link_to("../site-other", "site/siblingdir");
	link_to("page.html", "site/alias.html");
	link_to("dir", "site/inner");
	link_to("loop", "site/loop");
	link_to("nowhere", "site/dangling.html");
	link_to("site", "link");
	snprintf(root, sizeof root, "%s/site", base);
	snprintf(root_link, sizeof root_link, "%s/link", base);
	if (stat(abs, &secret_st) != 0)
		fail("no secret", abs);
	snprintf(abs, sizeof abs, "%s/site-other/x.html", base);
	if (stat(abs, &other_st) != 0)
		fail("no sibling file", abs);
}

/* Removes the folder at exit, so that runs leave nothing behind. */
static void cleanup(void)
{
	if (!base[0])
		return;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_route: could not remove %s\n", base);
}

/* ---- checks ---- */

static void check_clean(const char *raw)
{
	buf_t out = BUF_INIT;
	int rc = serve_clean_path(raw, &out);
	const char *p = buf_cstr(&out);
	if (rc != 0) {
		if (out.n)
			fail("a refused path left output", raw);
		buf_free(&out);
		return;
	}
	if (p[0] != '/')
		fail("a clean path without a leading slash", raw);
	if (strstr(p, "//"))
		fail("a clean path with an empty segment", raw);
	if (!utf8_valid(buf_str(&out), NULL))
		fail("a clean path that is not UTF-8", raw);
	if (strlen(p) != out.n)
		fail("a clean path holding a NUL", raw);
	for (const char *s = p; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\')
			fail("a clean path with a control byte or a backslash", raw);
	}
	for (const char *s = p + 1; *s;) {
		size_t n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			fail("a clean path with a dot segment", raw);
		s += n;
		if (*s)
			s++;
	}
	buf_free(&out);
}

/* A plain reference for serve_path_within: both absolute, slashes
 * collapsed, trailing ones dropped, then a prefix ending at a slash. */
static void normalise(const char *in, buf_t *out)
{
	buf_clear(out);
	for (const char *s = in; *s; s++)
		if (*s != '/' || out->n == 0 || out->p[out->n - 1] != '/')
			buf_putc(out, *s);
	while (out->n > 1 && out->p[out->n - 1] == '/')
		buf_truncate(out, out->n - 1);
}

static bool reference_within(const char *r, const char *p)
{
	if (r[0] != '/' || p[0] != '/')
		return false;
	buf_t a = BUF_INIT, b = BUF_INIT;
	normalise(r, &a);
	normalise(p, &b);
	const char *x = buf_cstr(&a), *y = buf_cstr(&b);
	bool in = strcmp(x, "/") == 0 || strcmp(x, y) == 0 ||
		  (strncmp(x, y, a.n) == 0 && y[a.n] == '/');
	buf_free(&a);
	buf_free(&b);
	return in;
}

static void check_within(const char *r, const char *p)
{
	if (serve_path_within(r, p) != reference_within(r, p)) {
		fprintf(stderr, "root '%s', path '%s': serve_path_within says %d\n", r, p, serve_path_within(r, p));
		fail("serve_path_within disagrees with the reference", p);
	}
}

static bool safe_location(const char *loc)
{
	if (loc[0] != '/' || loc[1] == '/')
		return false;
	for (const char *s = loc; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~%", *s))
			return false;
	return true;
}

static void check_route(const char *dir_root, const char *baseurl, const char *raw, int depth)
{
	serve_route_t r;
	serve_route(dir_root, baseurl, raw, &r);
	char *real_root = realpath(dir_root, NULL);
	switch (r.kind) {
	case SERVE_FILE: {
		if (!r.path || r.location)
			fail("a file without its path", raw);
		if (!serve_path_within(real_root, r.path) || !reference_within(real_root, r.path))
			fail("a file served from outside the output folder", r.path);
		char *again = realpath(r.path, NULL);
		if (!again || strcmp(again, r.path) != 0)
			fail("a file path not resolved", r.path);
		free(again);
		struct stat st;
		if (lstat(r.path, &st) != 0 || !S_ISREG(st.st_mode))
			fail("a file served that is not a regular file", r.path);
		if ((st.st_dev == secret_st.st_dev && st.st_ino == secret_st.st_ino) ||
		    (st.st_dev == other_st.st_dev && st.st_ino == other_st.st_ino))
			fail("the secret served", raw);
		(void)serve_content_type(r.path);
		break;
	}
	case SERVE_REDIRECT:
		if (!r.location || r.path)
			fail("a redirect without its location", raw);
		if (r.status != 301 && r.status != 302)
			fail("a redirect with a strange status", raw);
		if (!safe_location(r.location))
			fail("a redirect to an unsafe location", r.location);
		if (baseurl[0] && strncmp(r.location, baseurl, strlen(baseurl)) != 0)
			fail("a redirect out of the baseurl", r.location);
		if (depth > 0)
			fail("a redirect that redirects again", r.location);
		check_route(dir_root, baseurl, r.location, depth + 1);
		break;
	case SERVE_NOT_FOUND:
		if (r.path || r.location)
			fail("a 404 with a path or a location", raw);
		break;
	default:
		fail("an unknown route kind", raw);
	}
	free(real_root);
	serve_route_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!base[0]) {
		setup();
		atexit(cleanup);
	}
	if (size < 1 || size > 8192)
		return 0;
	unsigned flags = data[0];
	char *in = malloc(size);
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	if (flags & 4) {
		const char *path = in + strlen(in);
		path = path < in + size - 1 ? path + 1 : path;
		check_within(in, path);
	} else {
		check_clean(in);
		check_route(flags & 2 ? root_link : root, flags & 1 ? "/repo" : "", in, 0);
	}
	free(in);
	return 0;
}
