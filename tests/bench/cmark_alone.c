/* cmark_alone.c - the baseline of the benchmark: libcmark-gfm alone.
 *
 *   cmark_alone SITE [--concat FILE]
 *
 * Reads every .md file of SITE/content/blog, drops its front matter, keeps the
 * bodies in memory, then renders each body as its own document with the
 * library and the four extensions pnyx attaches (table, strikethrough,
 * autolink, tasklist; CMARK_OPT_UNSAFE), on one thread. Only the
 * rendering is timed. Prints "DOCS BYTES_IN BYTES_OUT SECONDS".
 * With --concat, also writes all bodies to FILE (for timing the
 * cmark-gfm command over them). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

typedef struct {
	char *p;
	size_t n;
} text_t;

static int is_md(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 3 && strcmp(e->d_name + n - 3, ".md") == 0;
}

static text_t slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text_t t = { malloc((size_t)n + 1), (size_t)n };
	if (!t.p || fread(t.p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return t;
}

/* The body: what follows the closing "---" line of the front matter. */
static text_t body_of(text_t t)
{
	if (t.n < 4 || memcmp(t.p, "---\n", 4) != 0)
		return t;
	for (size_t i = 3; i + 4 <= t.n; i++) {
		if (memcmp(t.p + i, "\n---", 4) == 0 && (i + 4 == t.n || t.p[i + 4] == '\n')) {
			size_t start = i + 4 < t.n ? i + 5 : t.n;
			return (text_t){ t.p + start, t.n - start };
		}
	}
	return t;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--concat") == 0)) {
		fputs("usage: cmark_alone SITE [--concat FILE]\n", stderr);
		return 2;
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/content/blog", argv[1]);
	struct dirent **names;
	int n = scandir(dir, &names, is_md, alphasort);
	if (n <= 0) {
		fprintf(stderr, "cmark_alone: no .md files in %s\n", dir);
		return 1;
	}
	text_t *files = calloc((size_t)n, sizeof *files);
	text_t *bodies = calloc((size_t)n, sizeof *bodies);
	size_t bytes_in = 0;
	for (int i = 0; i < n; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		files[i] = slurp(path);
		bodies[i] = body_of(files[i]);
		bytes_in += bodies[i].n;
		free(names[i]);
	}
	free(names);

	if (argc == 4) {
		FILE *f = fopen(argv[3], "wb");
		if (!f) {
			perror(argv[3]);
			return 1;
		}
		for (int i = 0; i < n; i++)
			fwrite(bodies[i].p, 1, bodies[i].n, f);
		fclose(f);
	}

	cmark_gfm_core_extensions_ensure_registered();
	static const char *const names_ext[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_syntax_extension *ext[4];
	for (int k = 0; k < 4; k++)
		ext[k] = cmark_find_syntax_extension(names_ext[k]);

	double t0 = now();
	size_t bytes_out = 0;
	for (int i = 0; i < n; i++) {
		cmark_parser *p = cmark_parser_new(CMARK_OPT_UNSAFE);
		for (int k = 0; k < 4; k++)
			cmark_parser_attach_syntax_extension(p, ext[k]);
		cmark_parser_feed(p, bodies[i].p, bodies[i].n);
		cmark_node *doc = cmark_parser_finish(p);
		char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(p));
		bytes_out += strlen(html);
		free(html);
		cmark_node_free(doc);
		cmark_parser_free(p);
	}
	double secs = now() - t0;
	printf("%d %zu %zu %.3f\n", n, bytes_in, bytes_out, secs);

	for (int i = 0; i < n; i++)
		free(files[i].p);
	free(files);
	free(bodies);
	return 0;
}
