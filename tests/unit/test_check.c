#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "check.h"
#include "util.h"

/* ---- building a site in memory ---- */

typedef struct {
	check_output_t out[32];
	size_t n;
	check_input_t in;
	diag_list_t d;
	buf_t text;  /* every diagnostic, one per line */
	size_t found;
} site_t;

static void site_init(site_t *s)
{
	memset(s, 0, sizeof *s);
	s->in.outputs = s->out;
	s->in.baseurl = "";
	s->in.site_url = "https://example.org";
	s->in.timeout_seconds = 5;
	s->in.threads = 2;
	s->d = DIAG_LIST_INIT;
}

/* A page: url, out_path, source, and its HTML (NULL: a static file). */
static check_output_t *page(site_t *s, const char *url, const char *out, const char *src,
			    const char *html)
{
	assert_true(s->n < ARRAY_LEN(s->out));
	check_output_t *o = &s->out[s->n++];
	*o = (check_output_t){ .url = url, .out_path = out, .source = src,
			       .html = html ? str_cstr(html) : (str_t){ NULL, 0 },
			       .locale = html ? "fr" : NULL };
	return o;
}

static void run(site_t *s)
{
	s->in.n = s->n;
	s->found = check_site(&s->in, &s->d);
	buf_clear(&s->text);
	for (size_t i = 0; i < s->d.n; i++) {
		diag_format(&s->d.items[i], &s->text, false);
		buf_putc(&s->text, '\n');
	}
}

static void site_free(site_t *s)
{
	diag_free(&s->d);
	buf_free(&s->text);
}

static void expect_line(site_t *s, const char *line)
{
	if (!strstr(buf_cstr(&s->text), line))
		fail_msg("no '%s' in:\n%s", line, buf_cstr(&s->text));
}

static void expect_none(site_t *s)
{
	if (s->found || s->d.n)
		fail_msg("expected no problem, got %zu:\n%s", s->found, buf_cstr(&s->text));
}

static const char *html(const char *body)
{
	static char pages[16][8192];
	static int next;
	char *p = pages[next++ % 16];
	snprintf(p, sizeof pages[0], "<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body>%s</body></html>", body);
	return p;
}

/* ---- what must pass ---- */

static void test_no_false_positives(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md", html(
		"<a href=\"mailto:x@example.org\">m</a><a href=\"tel:+33100000000\">t</a>"
		"<a href=\"javascript:void(0)\">j</a><img alt=\"\" src=\"data:image/png;base64,AAAA\">"
		"<a href=\"//cdn.example.com/x.js\">p</a><a href=\"\">e</a><a href=\" \">s</a>"
		"<a href=\"#\">h</a><a href=\"#top\">top</a><a href=\"#:~:text=x\">tf</a><a href=\"#/3\">slide</a>"
		"<a href=\"?page=2\">q</a><a href=\"https://elsewhere.example.net/nope\">ext</a>"
		"<a href=\"ftp://example.org/x\">f</a><a href=\"irc://x\">i</a>"
		"<pre><code>&lt;a href=\"/nope\"&gt;&lt;img src=\"/nope.png\"&gt;</code></pre>"
		"<!-- <a href=\"/commented-out\"> <img src=x> -->"
		"<script>document.write('<a href=\"/in-script\"><img src=y>')</script>"
		"<style>a[href=\"/x\"]{}</style>"
		"<a href=\"/agora\">1</a><a href=\"/agora.html\">2</a><a href=\"/blog/x/\">3</a>"
		"<a href=\"/blog/x\">4</a><a href=\"agora?x=1#sec\">5</a><a href=\" /agora \">6</a>"
		"<a href=\"/blog/d%C3%A9mocratie/\">7</a><a href=\"/blog/démocratie/\">8</a>"
		"<a href=\"https://example.org/agora#sec\">9</a><a href=\"HTTPS://EXAMPLE.ORG/\">10</a>"
		"<a href=\"/agora#old-name\">11</a><a href=\"/agora#caf%C3%A9\">12</a>"
		"<a href=\"./blog/./x/../x/\">13</a><a href=\"/../../agora\">14</a>"
		"<a href=\"/img/logo.png#frag\">15</a><a href=\"/files/doc.pdf#page=2\">16</a>"
		"<a href=\"#here\" id=\"here\">17</a><a href=\"/blog/x/#with-&amp;-amp\">18</a>"
		"<a href=\"&#47;agora\">19</a><a href=\"/static.html#anything\">20</a>"
		"<img src=\"img/logo.png\" alt=\"Logo\" srcset=\"/img/logo.png 1x, img/logo.png 2x\">"
		"<link rel=\"preconnect\" href=\"https://fonts.example.com\"><link rel=\"stylesheet\" href=\"/assets/site.css\">"
		"<script src=\"/assets/app.js\"></script><area href=\"/agora\">"
		"<a href=\"https://example.org.evil.example/x\">lookalike</a>"));
	page(&s, "/agora", "agora.html", "content/agora.md",
	     html("<h2 id=\"sec\">S</h2><a name=\"old-name\"></a><p id=\"café\">c</p>"
		  "<img src=\"img/logo.png\" alt=\"x\"><a href=\"../blog/x/\">up</a>"));
	page(&s, "/blog/x/", "blog/x/index.html", "content/blog/x.md",
	     html("<h2 id=\"with-&amp;-amp\">x</h2><img src=\"pic.png\" alt=\"p\"><a href=\"../x/\">up</a>"
		  "<a href=\"../../agora\">a</a>"));
	page(&s, "/blog/démocratie/", "blog/démocratie/index.html", "content/blog/d.md", html(""));
	page(&s, "/img/logo.png", "img/logo.png", "static/img/logo.png", NULL);
	page(&s, "/blog/x/pic.png", "blog/x/pic.png", "content/blog/x/pic.png", NULL);
	page(&s, "/files/doc.pdf", "files/doc.pdf", "static/files/doc.pdf", NULL);
	page(&s, "/assets/site.css", "assets/site.css", "themes/t/assets/site.css", NULL);
	page(&s, "/assets/app.js", "assets/app.js", "themes/t/assets/app.js", NULL);
	page(&s, "/static.html", "static.html", "static/static.html", NULL);
	/* Not HTML: never scanned, even with what looks like broken links. */
	page(&s, "/feed.xml", "feed.xml", "themes/t/feed.xml", "<feed><link href=\"/nope\"/></feed>");
	run(&s);
	expect_none(&s);
	site_free(&s);
}

/* ---- what must be found ---- */

static void test_broken_links_images_files(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md",
	     html("<a href=\"/nope\">n</a><img src=\"/img/missing.png\" alt=\"m\">"
		  "<script src=\"/js/missing.js\"></script><a href=\"https://example.org/gone/\">g</a>"
		  "<img alt=\"s\" srcset=\"/img/a.png 1x, /img/b.png 2x\"><a href=\"/agora?x=1\">ok</a>"));
	page(&s, "/agora", "agora.html", "content/agora.md", html("<img src=\"img/x.png\" alt=\"x\">"));
	page(&s, "/blog/x/", "blog/x/index.html", "content/blog/x.md", html("<img src=\"img/x.png\" alt=\"x\">"));
	page(&s, "/img/x.png", "img/x.png", "static/img/x.png", NULL);
	page(&s, "/img/a.png", "img/a.png", "static/img/a.png", NULL);
	run(&s);
	expect_line(&s, "content/index.md: error: broken link to /nope (from URL /)\n");
	expect_line(&s, "content/index.md: error: missing image /img/missing.png (from URL /)\n");
	expect_line(&s, "content/index.md: error: missing file /js/missing.js (from URL /)\n");
	expect_line(&s, "content/index.md: error: broken link to /gone/ (written \"https://example.org/gone/\" from URL /)\n");
	expect_line(&s, "content/index.md: error: missing image /img/b.png (from URL /)\n");
	/* "img/x.png" from /agora is /img/x.png (fine); from /blog/x/ it is not. */
	expect_line(&s, "content/blog/x.md: error: missing image /blog/x/img/x.png (written \"img/x.png\" from URL /blog/x/)\n");
	assert_int_equal(s.found, 6);
	assert_int_equal(diag_error_count(&s.d), 6);
	site_free(&s);
}

static void test_anchors(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md",
	     html("<a href=\"#nowhere\">a</a><a href=\"/agora#sec\">b</a><a href=\"/agora#missing\">c</a>"
		  "<a href=\"#in-agora\">d</a><a href=\"/#local\">e</a><p id=\"local\"></p>"
		  "<a href=\"agora#SEC\">case matters</a>"));
	page(&s, "/agora", "agora.html", "content/agora.md", html("<h2 id=\"sec\">S</h2><p id=in-agora></p>"));
	run(&s);
	expect_line(&s, "content/index.md: error: broken anchor #nowhere: no id=\"nowhere\" on this page (from URL /)\n");
	expect_line(&s, "content/index.md: error: broken anchor in the link to /agora#missing: no id=\"missing\" in /agora (from URL /)\n");
	expect_line(&s, "content/index.md: error: broken anchor #in-agora: no id=\"in-agora\" on this page (from URL /)\n");
	expect_line(&s, "content/index.md: error: broken anchor in the link to agora#SEC: no id=\"SEC\" in /agora (from URL /)\n");
	assert_int_equal(s.found, 4);
	site_free(&s);
}

static void test_baseurl(void **state)
{
	site_t s;
	site_init(&s);
	s.in.baseurl = "/repo/";  /* a trailing slash changes nothing */
	s.in.site_url = "https://user.github.io/";
	page(&s, "/", "index.html", "content/index.md",
	     html("<a href=\"/agora\">no base</a><a href=\"/repo/agora\">ok</a><a href=\"agora\">rel ok</a>"
		  "<a href=\"/repo\">home</a><a href=\"/repo/\">home/</a><a href=\"/repository/x\">other</a>"
		  "<a href=\"https://user.github.io/repo/agora\">abs ok</a>"
		  "<a href=\"https://user.github.io/other-project/\">not ours</a>"
		  "<a href=\"https://user.github.io/repo/nope\">abs broken</a>"
		  "<a href=\"../../x\">climbs out</a><a href=\"/repo/agora#sec\">anchor</a>"));
	page(&s, "/agora", "agora.html", "content/agora.md", html("<h2 id=sec>s</h2><a href=\"./\">home</a>"));
	run(&s);
	expect_line(&s, "content/index.md: error: internal link without the baseurl: /agora should be /repo/agora (from URL /)\n");
	expect_line(&s, "content/index.md: error: internal link without the baseurl: /repository/x should be /repo/repository/x (from URL /)\n");
	expect_line(&s, "content/index.md: error: broken link to /repo/nope (written \"https://user.github.io/repo/nope\" from URL /)\n");
	expect_line(&s, "content/index.md: error: broken link to /x: it leads out of the baseurl /repo (from URL /)\n");
	assert_int_equal(s.found, 4);
	site_free(&s);
}

static void test_alt_and_lang(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md",
	     "<html><body><img src=\"/img/a.png\"><img src=\"/img/a.png\" alt=\"\"><img></body></html>");
	page(&s, "/b", "b.html", "content/b.md", "<HTML LANG=\"\"><p>b</p></HTML>");
	page(&s, "/c", "c.html", "content/c.md", "<p>a fragment, no html tag</p>");
	page(&s, "/img/a.png", "img/a.png", "static/img/a.png", NULL);
	run(&s);
	expect_line(&s, "content/index.md: warning: image /img/a.png has no alt text (alt=\"\" if it is decorative) (from URL /)\n");
	expect_line(&s, "content/index.md: warning: image without src has no alt text");
	/* Both from the same layout, most likely: said once. */
	expect_line(&s, "content/index.md: warning: the page's <html> has no lang attribute "
		    "(screen readers and search engines need it) (from URL / and 1 other page)\n");
	assert_int_equal(s.found, 3);
	assert_int_equal(diag_error_count(&s.d), 0);
	site_free(&s);
}

static void test_screen_reader_structure(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md", html(
		/* links a screen reader can name */
		"<a href=\"/a\">words</a><a href=\"/a\"><img src=\"/i.png\" alt=\"Logo\"></a>"
		"<a href=\"/a\" aria-label=\"Home\"><svg></svg></a><a href=\"/a\" title=\"Home\"></a>"
		"<a href=\"/a\"><span class=\"sr-only\">Texte</span></a><a name=\"top\"></a><a id=\"x\"></a>"
		/* and three it cannot */
		"<a href=\"/empty\"></a><a href=\"/img\"><img src=\"/i.png\" alt=\"\"></a><a href=\"/blank\">\n </a>"
		/* levels: h1 h2 h3 h2 are fine, then h4 after h2, h6 after h4 */
		"<h1>T</h1><h2>a</h2><h3>b</h3><h2>c</h2><h4> <em>Deep</em> one </h4><h6>Deeper</h6>"
		/* ids: x twice more (said once), name= beside id= is no duplicate */
		"<p id=\"x\"></p><p id=\"x\"></p><a id=\"top2\" name=\"top2\">t</a>"));
	page(&s, "/b", "b.html", "content/b.md", html("<h2>Starts at two</h2><h3>fine</h3><p id=\"x\">other page</p>"));
	page(&s, "/i.png", "i.png", "static/i.png", NULL);
	page(&s, "/a", "a.html", "content/a.md", html("<h1>A</h1>"));
	page(&s, "/empty", "empty.html", "content/empty.md", html("<h1>E</h1>"));
	page(&s, "/img", "img.html", "content/img.md", html("<h1>I</h1>"));
	page(&s, "/blank", "blank.html", "content/blank.md", html("<h1>B</h1>"));
	run(&s);
	expect_line(&s, "content/index.md: warning: the link to /empty has no text: a screen reader says the "
		    "address or nothing (give it words, or alt text to its image) (from URL /)\n");
	expect_line(&s, "warning: the link to /img has no text");
	expect_line(&s, "warning: the link to /blank has no text");
	expect_line(&s, "content/index.md: warning: heading <h4> \"Deep one\" follows an <h2>: "
		    "a level is skipped (from URL /)\n");
	expect_line(&s, "warning: heading <h6> \"Deeper\" follows an <h4>");
	expect_line(&s, "content/index.md: warning: the id \"x\" is used more than once in the page: "
		    "#x links reach the first (from URL /)\n");
	assert_int_equal(s.found, 6);
	site_free(&s);
}

static void test_shared_problems_said_once(void **state)
{
	/* A broken link in a layout: on every page, in no page's source. */
	site_t s;
	site_init(&s);
	const char *layout = "<html lang=fr><nav><a href=\"/old-menu\">menu</a></nav></html>";
	page(&s, "/a", "a.html", "content/a.md", layout);
	page(&s, "/b", "b.html", "content/b.md", layout);
	page(&s, "/c", "c.html", "content/c.md", layout);
	run(&s);
	assert_int_equal(s.found, 1);
	expect_line(&s, "content/a.md: error: broken link to /old-menu (from URL /a and 2 other pages)\n");
	site_free(&s);
}

/* A page's source on disk, for the checks to find lines in: DIR/page.md
 * in a fresh folder (dir is its template, path gets the file's name). */
static void source_file(char *dir, char path[256], const char *text)
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, 256, "%s/page.md", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_lines_from_the_source(void **state)
{
	char dir[] = "/tmp/pnyx-check-XXXXXX", path[256];
	source_file(dir, path, "---\ntitle: \"A link /nope in the title\"\nref1-url: /gone-too\n---\n\n"
		    "Intro, with /nope as text.\n\nSee [the offer](/nope) and ![é](img/x.png \"t\").\n"
		    "[query](/gone?a=1&b=2)\n");
	site_t s;
	site_init(&s);
	check_output_t *o = page(&s, "/", "index.html", path,
				 html("<p>See <a href=\"/nope\">the offer</a> <img src=\"img/x.png\" alt=\"é\"></p>"
				      "<a href=\"/gone-too\">ref</a><a href=\"/gone?a=1&amp;b=2\">q</a>"));
	o->body_line = 5;
	run(&s);
	char want[512];
	snprintf(want, sizeof want, "%s:8:17: error: broken link to /nope (from URL /)\n", path);
	expect_line(&s, want);
	snprintf(want, sizeof want, "%s:8:33: error: missing image /img/x.png (written \"img/x.png\" from URL /)\n", path);
	expect_line(&s, want);
	/* Not in the body: found in the front matter, where the layout took it from. */
	snprintf(want, sizeof want, "%s:3:11: error: broken link to /gone-too (from URL /)\n", path);
	expect_line(&s, want);
	/* &amp; in the HTML, & in the Markdown. */
	snprintf(want, sizeof want, "%s:9:9: error: broken link to /gone (written \"/gone?a=1&b=2\" from URL /)\n", path);
	expect_line(&s, want);
	assert_int_equal(s.found, 4);
	site_free(&s);
	remove(path);
	rmdir(dir);
}

/* The structure warnings are said at the Markdown line that made them. */
static void test_structure_lines(void **state)
{
	char dir[] = "/tmp/pnyx-check-XXXXXX", path[256];
	source_file(dir, path, "---\ntitle: T\n---\n\nText.\n\n### Détails\n\n[](/a)\n");
	site_t s;
	site_init(&s);
	check_output_t *o = page(&s, "/", "index.html", path,
				 html("<h1>T</h1><p>Text.</p><h3 id=\"details\">Détails</h3><p><a href=\"/a\"></a></p>"));
	o->body_line = 4;
	page(&s, "/a", "a.html", "content/a.md", html("<h1>A</h1>"));
	run(&s);
	char want[512];
	snprintf(want, sizeof want, "%s:7:5: warning: heading <h3> \"Détails\" follows an <h1>", path);
	expect_line(&s, want);
	snprintf(want, sizeof want, "%s:9:4: warning: the link to /a has no text", path);
	expect_line(&s, want);
	assert_int_equal(s.found, 2);
	site_free(&s);
	remove(path);
	rmdir(dir);
}

static void test_missing_translations(void **state)
{
	static const char *const locales[] = { "fr", "en", "de" };
	site_t s;
	site_init(&s);
	s.in.locales = locales;
	s.in.nlocales = 3;
	check_output_t *o;
	o = page(&s, "/agora", "agora.html", "content/agora.md", html(""));
	o->tkey = "agora";
	o = page(&s, "/en/agora", "en/agora.html", "content/en/agora.md", html(""));
	o->tkey = "agora", o->locale = "en";
	o = page(&s, "/de/agora", "de/agora.html", "content/de/agora.md", html(""));
	o->tkey = "agora", o->locale = "de";
	o = page(&s, "/blog/", "blog/index.html", "content/blog.md", html(""));
	o->tkey = "blog";
	o = page(&s, "/blog/page2/", "blog/page2/index.html", "content/blog.md", html(""));
	o->tkey = "blog";
	o = page(&s, "/en/blog/", "en/blog/index.html", "content/en/blog.md", html(""));
	o->tkey = "blog", o->locale = "en";
	page(&s, "/404.html", "404.html", "themes/t/404.html", html(""));  /* no tkey: not a translation */
	run(&s);
	expect_line(&s, "content/blog.md: warning: no 'de' version of this page (URL /blog/)\n");
	assert_int_equal(s.found, 1);
	site_free(&s);

	/* One locale: nothing to translate into. */
	site_init(&s);
	s.in.locales = locales;
	s.in.nlocales = 1;
	o = page(&s, "/agora", "agora.html", "content/agora.md", html(""));
	o->tkey = "agora";
	o->locale = "en";
	run(&s);
	expect_none(&s);
	site_free(&s);
}

static void test_case_collisions(void **state)
{
	site_t s;
	site_init(&s);
	page(&s, "/agora", "agora.html", "content/agora.md", html(""));
	page(&s, "/Agora", "Agora.html", "content/Agora.md", html(""));
	page(&s, "/blog/x/", "blog/x/index.html", "content/blog/x.md", html(""));
	page(&s, "/blog/y/", "blog/y/index.html", "content/blog/y.md", html(""));
	page(&s, "/Blog/z/", "Blog/z/index.html", "content/Blog/z.md", html(""));
	page(&s, "/img/A.png", "img/A.png", "static/img/A.png", NULL);
	page(&s, "/img/a.PNG", "img/a.PNG", "static/img/a.PNG", NULL);
	page(&s, "/img/b.png", "img/b.png", "static/img/b.png", NULL);
	run(&s);
	expect_line(&s, "content/agora.md: error: output 'agora.html' and 'Agora.html' (from content/Agora.md) differ only by case");
	expect_line(&s, "content/blog/x.md: error: folder 'blog/' and 'Blog/' (from content/Blog/z.md) differ only by case");
	expect_line(&s, "static/img/a.PNG: error: output 'img/a.PNG' and 'img/A.png' (from static/img/A.png) differ only by case");
	assert_int_equal(s.found, 3);
	site_free(&s);
}

static void test_hostile_pages(void **state)
{
	site_t s;
	site_init(&s);
	static const char nul[] = "<html lang=fr><a href=\"/x\0y\">n</a><a href=\"#a\0b\">z</a><img alt src=\"i\0.png\">"
		"<a href=\"\0#\0\">trimmed, as the URL standard does</a></html>";
	check_output_t *o = page(&s, "/", "index.html", "content/nul.md", NULL);
	o->html = str_from(nul, sizeof nul - 1);
	page(&s, "/cut", "cut.html", NULL, "<html lang=fr><a href=\"/nope");
	page(&s, "/cmt", "cmt.html", NULL, "<html lang=fr><!-- <a href=\"/nope\">");
	page(&s, "/dots", "dots.html", NULL,
	     "<html lang=fr><a href=\"../../../../../../../\">root</a><a href=\"%zz%\">bad escape</a>"
	     "<a href=\"%2e%2e/%2E%2e/dots\">dots</a><a href=\"a:b\">scheme-ish</a>");
	page(&s, NULL, NULL, NULL, html("<a href=\"x\">no url</a>"));
	run(&s);
	/* NUL bytes inside a URL are sent as %00, as browsers do: they lead
	 * nowhere. Around it, they are stripped. */
	expect_line(&s, "content/nul.md: error: broken link to /x%00y (from URL /)");
	expect_line(&s, "content/nul.md: error: broken anchor #a%00b: no id=\"a%00b\" on this page");
	expect_line(&s, "content/nul.md: error: missing image /i%00.png (written \"i%00.png\" from URL /)");
	assert_int_equal(s.found, 4);
	expect_line(&s, "pnyx: error: broken link to /%zz%");
	assert_null(strstr(buf_cstr(&s.text), "/nope"));
	site_free(&s);
}

/* ---- external links, against a server on 127.0.0.1 ---- */

typedef struct {
	int fd;
	int port;
	atomic_bool stop;
	atomic_int heads, gets;
	pthread_t thread;
} server_t;

/* Answers one request: /ok 200, /nohead 405 to HEAD and 200 to GET,
 * /moved 301 to /ok, anything else 404. */
static void serve_one(server_t *sv, int c)
{
	char req[2048];
	size_t n = 0;
	while (n < sizeof req - 1) {
		ssize_t r = read(c, req + n, sizeof req - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n] = '\0';
	bool head = strncmp(req, "HEAD ", 5) == 0;
	if (head)
		atomic_fetch_add(&sv->heads, 1);
	else
		atomic_fetch_add(&sv->gets, 1);
	const char *path = strchr(req, ' ');
	path = path ? path + 1 : "";
	const char *status = "404 Not Found", *extra = "";
	char loc[128];
	if (strncmp(path, "/ok ", 4) == 0 || strncmp(path, "/ok?", 4) == 0) {
		status = "200 OK";
	} else if (strncmp(path, "/nohead ", 8) == 0) {
		status = head ? "405 Method Not Allowed" : "200 OK";
	} else if (strncmp(path, "/moved ", 7) == 0) {
		status = "301 Moved Permanently";
		snprintf(loc, sizeof loc, "Location: http://127.0.0.1:%d/ok\r\n", sv->port);
		extra = loc;
	}
	char resp[512];
	int len = snprintf(resp, sizeof resp,
			   "HTTP/1.1 %s\r\n%sContent-Type: text/plain\r\nContent-Length: 5\r\n"
			   "Connection: close\r\n\r\n%s",
			   status, extra, head ? "" : "body\n");
	ssize_t w = write(c, resp, (size_t)len);
	(void)w;
	close(c);
}

static void *server_main(void *arg)
{
	server_t *sv = arg;
	while (!atomic_load(&sv->stop)) {
		struct pollfd p = { sv->fd, POLLIN, 0 };
		if (poll(&p, 1, 50) <= 0)
			continue;
		int c = accept(sv->fd, NULL, NULL);
		if (c >= 0)
			serve_one(sv, c);
	}
	return NULL;
}

static void server_start(server_t *sv)
{
	memset(sv, 0, sizeof *sv);
	sv->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(sv->fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(sv->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(sv->fd, 16), 0);
	socklen_t len = sizeof a;
	assert_int_equal(getsockname(sv->fd, (struct sockaddr *)&a, &len), 0);
	sv->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&sv->thread, NULL, server_main, sv), 0);
}

static void server_stop(server_t *sv)
{
	atomic_store(&sv->stop, true);
	pthread_join(sv->thread, NULL);
	close(sv->fd);
}

static void test_external_links(void **state)
{
	server_t sv;
	server_start(&sv);
	char body[2048];
	int p = sv.port;
	snprintf(body, sizeof body,
		 "<a href=\"http://127.0.0.1:%d/ok\">1</a><a href=\"http://127.0.0.1:%d/ok#frag\">same</a>"
		 "<a href=\"http://127.0.0.1:%d/missing\">2</a><a href=\"http://127.0.0.1:%d/nohead\">3</a>"
		 "<a href=\"http://127.0.0.1:%d/moved\">4</a><img alt=x src=\"http://127.0.0.1:%d/gone.png\">"
		 "<a href=\"mailto:x@example.org\">m</a>",
		 p, p, p, p, p, p);
	char body2[512];
	snprintf(body2, sizeof body2, "<a href=\"http://127.0.0.1:%d/missing\">again</a>", p);
	site_t s;
	site_init(&s);
	s.in.external = true;
	s.in.timeout_seconds = 5;
	s.in.threads = 3;
	page(&s, "/", "index.html", "content/index.md", html(body));
	page(&s, "/b", "b.html", "content/b.md", html(body2));
	run(&s);
	char want[256];
	snprintf(want, sizeof want,
		 "content/index.md: warning: external link http://127.0.0.1:%d/missing answered 404 (from URL / and 1 other page)\n", p);
	expect_line(&s, want);
	snprintf(want, sizeof want,
		 "content/index.md: warning: external link http://127.0.0.1:%d/gone.png answered 404 (from URL /)\n", p);
	expect_line(&s, want);
	assert_int_equal(s.found, 2);
	assert_int_equal(diag_error_count(&s.d), 0);
	site_free(&s);
	/* 5 URLs by HEAD (the fragment does not make another) and the
	 * redirect's target; GET after the 405 and the 404s. */
	assert_int_equal(atomic_load(&sv.heads), 6);
	assert_int_equal(atomic_load(&sv.gets), 3);

	/* Without `external`, the server is never asked. */
	site_init(&s);
	page(&s, "/", "index.html", "content/index.md", html(body));
	run(&s);
	expect_none(&s);
	site_free(&s);
	assert_int_equal(atomic_load(&sv.heads), 6);
	server_stop(&sv);
}

static void test_external_refused_and_timeout(void **state)
{
	/* A port nobody listens on: closed at once. And a server that never
	 * answers: the timeout. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	int closed_port = ntohs(a.sin_port);
	close(fd);
	int silent = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = 0;
	assert_int_equal(bind(silent, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(silent, 4), 0);
	len = sizeof a;
	getsockname(silent, (struct sockaddr *)&a, &len);
	int silent_port = ntohs(a.sin_port);
	char body[512];
	snprintf(body, sizeof body, "<a href=\"http://127.0.0.1:%d/x\">c</a><a href=\"http://127.0.0.1:%d/y\">s</a>",
		 closed_port, silent_port);
	site_t s;
	site_init(&s);
	s.in.external = true;
	s.in.timeout_seconds = 1;
	page(&s, "/", "index.html", "content/index.md", html(body));
	run(&s);
	char want[256];
	snprintf(want, sizeof want, "warning: external link http://127.0.0.1:%d/x failed: ", closed_port);
	expect_line(&s, want);
	snprintf(want, sizeof want, "warning: external link http://127.0.0.1:%d/y failed: ", silent_port);
	expect_line(&s, want);
	assert_non_null(strstr(buf_cstr(&s.text), "imed out"));
	assert_int_equal(s.found, 2);
	site_free(&s);
	close(silent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_false_positives),
		cmocka_unit_test(test_broken_links_images_files),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_baseurl),
		cmocka_unit_test(test_alt_and_lang),
		cmocka_unit_test(test_screen_reader_structure),
		cmocka_unit_test(test_shared_problems_said_once),
		cmocka_unit_test(test_lines_from_the_source),
		cmocka_unit_test(test_structure_lines),
		cmocka_unit_test(test_missing_translations),
		cmocka_unit_test(test_case_collisions),
		cmocka_unit_test(test_hostile_pages),
		cmocka_unit_test(test_external_links),
		cmocka_unit_test(test_external_refused_and_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
