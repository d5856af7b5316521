/* gensite.c - writes the benchmark site: N blog posts of about 5 KB.
 *
 *   gensite [--jekyll | --hugo] DIR [PAGES]      (PAGES defaults to 10000)
 *
 * The output depends only on PAGES: one seeded PRNG (splitmix64), no clock,
 * no locale. Each post has front matter (title, date, layout, three tags),
 * headings, paragraphs with **bold**, `code`, [links](/x) and ~~strike~~,
 * a list and a table. The theme "bench" has a two-level layout chain
 * (post -> default), one include and a loop over the page's tags.
 *
 * The three modes write the same posts (same file names, front matter and
 * bodies, byte for byte) in three site shapes, so that one benchmark can
 * time pnyx against the others doing the same work:
 *   (default)  a pnyx site: site.yml, themes/bench/, content/blog/
 *   --jekyll   a Jekyll site: _config.yml, _layouts/, _includes/, _posts/,
 *              with the same Liquid (pnyx and Jekyll both read it)
 *   --hugo     a Hugo site: hugo.yaml, layouts/, content/blog/, the same
 *              page in Go templates; the front matter has no layout: line
 *              (Hugo would look for a layout named "post"), and everything
 *              Hugo adds by default that the others do not (home, section
 *              and taxonomy pages, RSS, sitemap, robots.txt, 404) is off. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state = 0x5eed2017c0ffee00ull;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

static const char *const words[] = {
	/* French-ish */
	"démocratie", "citoyen", "assemblée", "délibération", "vote", "société", "liberté",
	"égalité", "fraternité", "république", "commune", "débat", "décision", "parole",
	"écoute", "projet", "territoire", "élu", "pouvoir", "confiance", "transparence",
	"numérique", "outil", "atelier", "réseau", "énergie", "avenir", "mémoire", "été",
	"hiver", "rivière", "forêt", "chemin", "maison", "école", "quartier", "voisin",
	"pensée", "lumière", "œuvre", "français", "ça", "déjà", "où", "très", "aussi",
	"ensemble", "toujours", "peut-être", "aujourd’hui", "la", "le", "les", "des", "une",
	"et", "pour", "avec", "dans", "sur", "qui", "que", "est", "sont", "nous", "vous",
	/* English-ish */
	"the", "a", "of", "and", "to", "in", "is", "for", "with", "on", "that", "this",
	"site", "page", "static", "build", "fast", "template", "layout", "content", "theme",
	"people", "community", "meeting", "proposal", "question", "answer", "open", "source",
	"public", "data", "network", "garden", "river", "city", "market", "story", "letter",
	"morning", "evening", "window", "bridge", "paper", "engine", "signal", "pattern",
	"simple", "careful", "quiet", "bright", "early", "later", "never", "always", "often",
};
#define NWORDS (sizeof words / sizeof words[0])

/* ASCII words for file names. */
static const char *const slug_words[] = {
	"agora", "bridge", "citizen", "debate", "engine", "forest", "garden", "harbor",
	"island", "journal", "kernel", "letter", "market", "network", "orbit", "paper",
	"quarter", "river", "signal", "theme", "union", "village", "window", "yield",
};

static const char *const tags[] = {
	"démocratie", "société", "numérique", "écologie", "éducation", "culture", "politique",
	"économie", "santé", "énergie", "Open Source", "Web", "C", "Performance", "Design",
	"Community", "Events", "Notes", "Release", "Tutorial", "Vie locale", "Participation",
	"Transparence", "Données ouvertes", "Accessibilité", "Sécurité", "Logiciel libre",
	"Urbanisme", "Transport", "Jeunesse", "Sport", "Musique",
};
#define NTAGS (sizeof tags / sizeof tags[0])

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gensite: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void mkdirs(const char *path)
{
	char p[4096];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			die("%s: %s", p, strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		die("%s: %s", p, strerror(errno));
}

static void write_text(const char *dir, const char *name, const char *text, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/* A growable string, enough for one page. */
typedef struct {
	char *p;
	size_t n, cap;
} sb_t;

static void sb_printf(sb_t *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k < 0)
			die("vsnprintf failed");
		if ((size_t)k < b->cap - b->n) {
			b->n += (size_t)k;
			return;
		}
		b->cap = (b->cap + (size_t)k + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
}

/* "Démocratie" from "démocratie": upper-cases an ASCII first letter and
 * the two-byte Latin-1 lower-case letters (é → É). */
static void sb_capitalized(sb_t *b, const char *w)
{
	unsigned char c = (unsigned char)w[0];
	if (c >= 'a' && c <= 'z') {
		sb_printf(b, "%c%s", c - 32, w + 1);
	} else if (c == 0xc3 && (unsigned char)w[1] >= 0xa0 && (unsigned char)w[1] <= 0xbe) {
		sb_printf(b, "\xc3%c%s", (unsigned char)w[1] - 0x20, w + 2);
	} else {
		sb_printf(b, "%s", w);
	}
}

static void sentence_words(sb_t *b, unsigned n, int markup)
{
	for (unsigned i = 0; i < n; i++) {
		const char *w = words[pick(NWORDS)];
		if (i == 0) {
			sb_capitalized(b, w);
			continue;
		}
		unsigned r = markup ? pick(100) : 100;
		if (r < 4)
			sb_printf(b, " **%s**", w);
		else if (r < 7)
			sb_printf(b, " `%s_%u()`", slug_words[pick(24)], pick(100));
		else if (r < 10)
			sb_printf(b, " [%s %s](/x/%s/)", w, words[pick(NWORDS)], slug_words[pick(24)]);
		else if (r < 12)
			sb_printf(b, " ~~%s~~", w);
		else if (r < 14)
			sb_printf(b, " *%s*", w);
		else
			sb_printf(b, " %s", w);
	}
}

static void paragraph(sb_t *b)
{
	unsigned sentences = 3 + pick(4);
	for (unsigned s = 0; s < sentences; s++) {
		if (s)
			sb_printf(b, " ");
		sentence_words(b, 8 + pick(14), 1);
		sb_printf(b, "%s", pick(8) == 0 ? " ?" : ".");
	}
	sb_printf(b, "\n\n");
}

static void list(sb_t *b)
{
	unsigned n = 4 + pick(3);
	for (unsigned i = 0; i < n; i++) {
		sb_printf(b, "- ");
		sentence_words(b, 4 + pick(8), 1);
		sb_printf(b, "\n");
	}
	sb_printf(b, "\n");
}

static void table(sb_t *b)
{
	sb_printf(b, "| %s | %s | %s | %s |\n|:---|:---:|---:|---|\n", "Nom", "Année", "Votes",
		  "Notes");
	unsigned rows = 5 + pick(3);
	for (unsigned i = 0; i < rows; i++) {
		sb_printf(b, "| ");
		sentence_words(b, 2, 0);
		sb_printf(b, " | %u | %u | ", 1990 + pick(35), pick(100000));
		sentence_words(b, 3 + pick(4), 1);
		sb_printf(b, " |\n");
	}
	sb_printf(b, "\n");
}

static void heading(sb_t *b, int level)
{
	sb_printf(b, "%.*s ", level, "######");
	sentence_words(b, 2 + pick(4), 0);
	sb_printf(b, "\n\n");
}

static void body(sb_t *b)
{
	size_t start = b->n;
	paragraph(b);
	heading(b, 2);
	paragraph(b);
	list(b);
	paragraph(b);
	table(b);
	heading(b, 2);
	while (b->n - start < 4800) {
		paragraph(b);
		if (pick(4) == 0)
			heading(b, 3);
	}
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil(long days, int *y, int *m, int *d)
{
	days += 719468;
	long era = days / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

enum mode { MODE_PNYX, MODE_JEKYLL, MODE_HUGO };

static void page(const char *dir, unsigned i, sb_t *b, enum mode mode)
{
	int y, m, d;
	civil(14610 + (long)(i / 3), &y, &m, &d);  /* from 2010-01-01, three posts a day */
	b->n = 0;
	sb_printf(b, "---\ntitle: \"");
	sentence_words(b, 3 + pick(5), 0);
	sb_printf(b, " %u\"\ndate: %04d-%02d-%02d\n%stags:\n", i, y, m, d,
		  mode == MODE_HUGO ? "" : "layout: post\n");
	unsigned t0 = pick(NTAGS), t1 = (t0 + 1 + pick(NTAGS - 1)) % NTAGS, t2;
	do
		t2 = pick(NTAGS);
	while (t2 == t0 || t2 == t1);
	sb_printf(b, "  - %s\n  - %s\n  - %s\n---\n", tags[t0], tags[t1], tags[t2]);
	body(b);

	char name[256];
	snprintf(name, sizeof name, "%04d-%02d-%02d-%s-%s-%u.md", y, m, d, slug_words[pick(24)],
		 slug_words[pick(24)], i);
	write_text(dir, name, b->p, b->n);
}

static const char site_yml[] =
	"title: Bench\n"
	"url: https://bench.example.org\n"
	"baseurl: /bench\n"
	"theme: bench\n"
	"collections:\n"
	"  blog:\n"
	"    output: true\n"
	"    permalink: /blog/:year/:month/:day/:title/\n";

static const char default_html[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"fr\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<title>{{ page.title }} - {{ site.title }}</title>\n"
	"<link rel=\"stylesheet\" href=\"{{ site.baseurl }}/style.css\">\n"
	"</head>\n"
	"<body>\n"
	"{% include header.html title=page.title %}\n"
	"<main>\n"
	"{{ content }}\n"
	"</main>\n"
	"<footer><a href=\"{{ site.url }}{{ site.baseurl }}/\">{{ site.title }}</a></footer>\n"
	"</body>\n"
	"</html>\n";

static const char post_html[] =
	"---\n"
	"layout: default\n"
	"---\n"
	"<article class=\"post\">\n"
	"<p class=\"tags\">{% for tag in page.tags %}<a href=\"{{ site.baseurl }}/tags/"
	"{{ tag | slugify }}/\">{{ tag }}</a>{% endfor %}</p>\n"
	"{{ content }}\n"
	"</article>\n";

static const char header_html[] =
	"<header>\n"
	"<a class=\"home\" href=\"{{ site.baseurl }}/\">{{ site.title }}</a>\n"
	"<h1>{{ include.title }}</h1>\n"
	"</header>\n";

/* Jekyll: the same title, url, baseurl and post permalink as site.yml
 * (Jekyll's :title is the slug of a dated file name, as pnyx's is). */
static const char jekyll_config_yml[] =
	"title: Bench\n"
	"url: https://bench.example.org\n"
	"baseurl: /bench\n"
	"permalink: /blog/:year/:month/:day/:title/\n";

/* Hugo: the date and slug come from the dated file name, as in Jekyll, so
 * :slug gives the same URL; raw HTML passes as in cmark-gfm --unsafe and
 * kramdown. In the templates, "" | relURL is the path of baseURL ("/bench/";
 * "/" | relURL would be "/"), and anchorize is slugify for these tags (lower
 * case, a space becomes "-"); Go's html/template then percent-encodes the
 * non-ASCII letters of the href, the same URL in other bytes. */
static const char hugo_yaml[] =
	"baseURL: https://bench.example.org/bench/\n"
	"title: Bench\n"
	"languageCode: fr\n"
	"disableKinds: [home, section, taxonomy, term, RSS, sitemap, robotsTXT, 404]\n"
	"permalinks:\n"
	"  blog: /blog/:year/:month/:day/:slug/\n"
	"frontmatter:\n"
	"  date: [':filename', ':default']\n"
	"markup:\n"
	"  goldmark:\n"
	"    renderer:\n"
	"      unsafe: true\n";

static const char hugo_baseof_html[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"fr\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<title>{{ .Title }} - {{ site.Title }}</title>\n"
	"<link rel=\"stylesheet\" href=\"{{ \"style.css\" | relURL }}\">\n"
	"</head>\n"
	"<body>\n"
	"{{ partial \"header.html\" . }}\n"
	"<main>\n"
	"{{ block \"main\" . }}{{ end }}\n"
	"</main>\n"
	"<footer><a href=\"{{ site.BaseURL }}\">{{ site.Title }}</a></footer>\n"
	"</body>\n"
	"</html>\n";

static const char hugo_single_html[] =
	"{{ define \"main\" }}<article class=\"post\">\n"
	"<p class=\"tags\">{{ range .Params.tags }}<a href=\"{{ \"\" | relURL }}tags/"
	"{{ anchorize . }}/\">{{ . }}</a>{{ end }}</p>\n"
	"{{ .Content }}\n"
	"</article>{{ end }}\n";

static const char hugo_header_html[] =
	"<header>\n"
	"<a class=\"home\" href=\"{{ \"\" | relURL }}\">{{ site.Title }}</a>\n"
	"<h1>{{ .Title }}</h1>\n"
	"</header>\n";

#define WRITE(dir, name, text) write_text(dir, name, text, sizeof text - 1)

/* Writes the configuration and templates of one site shape into root, and
 * the folder that gets the posts into dir. */
static void skeleton(const char *root, enum mode mode, char *dir, size_t size)
{
	mkdirs(root);
	switch (mode) {
	case MODE_PNYX:
		WRITE(root, "site.yml", site_yml);
		snprintf(dir, size, "%s/themes/bench/layouts", root);
		mkdirs(dir);
		WRITE(dir, "default.html", default_html);
		WRITE(dir, "post.html", post_html);
		snprintf(dir, size, "%s/themes/bench/includes", root);
		mkdirs(dir);
		WRITE(dir, "header.html", header_html);
		snprintf(dir, size, "%s/content/blog", root);
		break;
	case MODE_JEKYLL:
		WRITE(root, "_config.yml", jekyll_config_yml);
		snprintf(dir, size, "%s/_layouts", root);
		mkdirs(dir);
		WRITE(dir, "default.html", default_html);
		WRITE(dir, "post.html", post_html);
		snprintf(dir, size, "%s/_includes", root);
		mkdirs(dir);
		WRITE(dir, "header.html", header_html);
		snprintf(dir, size, "%s/_posts", root);
		break;
	case MODE_HUGO:
		WRITE(root, "hugo.yaml", hugo_yaml);
		snprintf(dir, size, "%s/layouts/_default", root);
		mkdirs(dir);
		WRITE(dir, "baseof.html", hugo_baseof_html);
		WRITE(dir, "single.html", hugo_single_html);
		snprintf(dir, size, "%s/layouts/partials", root);
		mkdirs(dir);
		WRITE(dir, "header.html", hugo_header_html);
		snprintf(dir, size, "%s/content/blog", root);
		break;
	}
	mkdirs(dir);
}

int main(int argc, char **argv)
{
	enum mode mode = MODE_PNYX;
	if (argc > 1 && strcmp(argv[1], "--jekyll") == 0)
		mode = MODE_JEKYLL;
	else if (argc > 1 && strcmp(argv[1], "--hugo") == 0)
		mode = MODE_HUGO;
	if (mode != MODE_PNYX) {
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-')
		die("usage: gensite [--jekyll | --hugo] DIR [PAGES]");
	const char *root = argv[1];
	unsigned pages = argc == 3 ? (unsigned)strtoul(argv[2], NULL, 10) : 10000;
	if (pages == 0 || pages > 1000000)
		die("PAGES must be between 1 and 1000000");

	char dir[4096];
	skeleton(root, mode, dir, sizeof dir);
	sb_t b = { malloc(16384), 0, 16384 };
	if (!b.p)
		die("out of memory");
	for (unsigned i = 0; i < pages; i++)
		page(dir, i, &b, mode);
	free(b.p);
	return 0;
}

