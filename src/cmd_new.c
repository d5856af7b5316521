/* cmd_new.c - `pnyx new post|page|deck "Title"`: a new content file with
 * its front matter, named after the title. It never overwrites a file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "permalink.h"
#include "utf8.h"
#include "util.h"

static const char new_usage[] =
	"usage: pnyx new post|page|deck \"Title\" [--locale CODE] [-s SRC]\n"
	"  post             content/blog/YYYY-MM-DD-slug.md (today, or SOURCE_DATE_EPOCH)\n"
	"  page             content/slug.md\n"
	"  deck             content/slides/slug.md, a slide deck (layout: slides)\n"
	"  -l, --locale CODE  the page's locale (one of the site's)\n"
	"  -s, --source SRC   the site folder (default: .)\n";

typedef enum { NEW_POST, NEW_PAGE, NEW_DECK } new_kind_t;

/* Latin letters as Jekyll's slugify "latin" mode folds them (through
 * I18n.transliterate), for U+00C0..U+017F, lower-cased: one letter each,
 * '*' where it takes more (see fold_special), ' ' where it is no letter. */
static const char fold_table[] =
	"aaaaaa*ceeeeiiiidnooooo*ouuuuy**"  /* U+00C0 */
	"aaaaaa*ceeeeiiiidnooooo ouuuuy*y"  /* U+00E0 */
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii**jjkkklllllll"
	"lllnnnnnn***oooo" "oo**rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

_Static_assert(sizeof fold_table - 1 == 0x180 - 0xC0, "one entry per code point");

static const char *fold_special(unsigned cp)
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xD7: return "x";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x149: return "n";
	case 0x14A: case 0x14B: return "ng";
	case 0x152: case 0x153: return "oe";
	default: return " ";
	}
}

/* Decodes one UTF-8 sequence at s[i]; returns its length (1 for a bad
 * byte, with *cp set to U+FFFD). The title was checked to be UTF-8. */
static size_t next_cp(const unsigned char *s, size_t n, size_t i, unsigned *cp)
{
	unsigned c = s[i];
	size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (i + len > n || (c >= 0x80 && c < 0xC0)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t k = 1; k < len; k++)
		*cp = (*cp << 6) | (s[i + k] & 0x3F);
	return len;
}

/* Jekyll's slugify in "latin" mode: accents folded to ASCII, then runs of
 * anything but a-z and 0-9 become one '-', none at the ends. Appends to
 * out; at most `max` bytes. */
static void slugify_latin(const char *title, buf_t *out, size_t max)
{
	const unsigned char *s = (const unsigned char *)title;
	size_t n = strlen(title);
	buf_t ascii = BUF_INIT;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += next_cp(s, n, i, &cp);
		if (cp >= 0x300 && cp <= 0x36F)
			continue;  /* a combining accent (decomposed é): dropped */
		if (cp < 0x80) {
			buf_putc(&ascii, (char)cp);
		} else if (cp >= 0xC0 && cp < 0x180) {
			char f = fold_table[cp - 0xC0];
			if (f == '*')
				buf_puts(&ascii, fold_special(cp));
			else
				buf_putc(&ascii, f);
		} else {
			buf_putc(&ascii, ' ');
		}
	}
	size_t start = out->n;
	bool dash = false;
	for (size_t i = 0; i < ascii.n; i++) {
		char c = ascii.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (out->n - start + 2 > max)
				break;
			if (dash && out->n > start)
				buf_putc(out, '-');
			buf_putc(out, c);
			dash = false;
		} else {
			dash = true;
		}
	}
	buf_free(&ascii);
}

/* The slug: latin mode, or, for a title with no Latin letter at all
 * (Greek, Japanese...), Jekyll's default mode that keeps them. */
static char *make_slug(arena_t *a, const char *title)
{
	buf_t b = BUF_INIT;
	slugify_latin(title, &b, 100);
	if (!b.n) {
		const char *u = permalink_slugify(a, title);
		size_t n = strlen(u);
		if (n > 100) {  /* cut on a character boundary */
			n = 100;
			while (n && ((unsigned char)u[n] & 0xC0) == 0x80)
				n--;
		}
		while (n && u[n - 1] == '-')
			n--;
		buf_put(&b, u, n);
	}
	char *r = arena_strndup(a, b.p ? b.p : "", b.n);
	buf_free(&b);
	return r;
}

/* Appends s as a YAML double-quoted scalar: safe whatever it holds. */
static void put_yaml_string(buf_t *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7F)
			buf_printf(b, "\\x%02X", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The first of the names that the site or its theme has as a layout;
 * else the first name (the build then says which layout is missing). */
static const char *pick_layout(arena_t *a, const config_t *cfg, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		if (file_exists(arena_printf(a, "%s/%s/%s.html", cfg->source, cfg->layouts_dir, names[i])))
			return names[i];
		if (cfg->theme_dir &&
		    file_exists(arena_printf(a, "%s/%s/layouts/%s.html", cfg->source, cfg->theme_dir, names[i])))
			return names[i];
	}
	return names[0];
}

/* The folder of a collection by name (or the posts collection for NULL),
 * under the content folder; `fallback` when the site has none. */
static const char *collection_dir(const config_t *cfg, const char *name, const char *fallback)
{
	for (size_t i = 0; i < cfg->ncollections; i++) {
		const collection_cfg_t *c = &cfg->collections[i];
		if (name ? strcmp(c->name, name) == 0 : c->posts)
			return c->dir;
	}
	return fallback;
}

/* Creates every missing folder of the path (not its last component). */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Today in the site's time zone, or SOURCE_DATE_EPOCH's day. */
static void today(const config_t *cfg, char *out, size_t n)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
	setenv("TZ", cfg->timezone ? cfg->timezone : "UTC", 1);
	tzset();
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

static void put_deck_body(buf_t *b)
{
	/* The title comes through Liquid: a title holding "{%" or "*" can
	 * not break the deck. */
	buf_puts(b, "# {{ page.title }}\n\n"
		    "---\n\n"
		    "## Second slide\n\n"
		    "- A first point\n"
		    "- A second point\n\n"
		    "Notes:\n"
		    "What to say here: speaker notes show in the speaker view, not on the slide.\n");
}

typedef struct {
	new_kind_t kind;
	const char *title;
	const char *locale;
	const char *source;
} new_args_t;

/* Parses the command line; returns -1 on bad usage (message printed). */
static int parse_new_args(int argc, char **argv, new_args_t *o)
{
	static const struct option opts[] = {
		{ "locale", required_argument, NULL, 'l' },
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o->locale = optarg; break;
		case 's': o->source = optarg; break;
		case 'h': fputs(new_usage, stdout); exit(0);
		default: fputs(new_usage, stderr); return -1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "pnyx new: %s\n%s",
			argc - optind < 2 ? "wants a kind and a title" : "too many arguments", new_usage);
		return -1;
	}
	const char *kind = argv[optind];
	if (strcmp(kind, "post") == 0)
		o->kind = NEW_POST;
	else if (strcmp(kind, "page") == 0)
		o->kind = NEW_PAGE;
	else if (strcmp(kind, "deck") == 0)
		o->kind = NEW_DECK;
	else {
		fprintf(stderr, "pnyx new: unknown kind '%s' (post, page or deck)\n%s", kind, new_usage);
		return -1;
	}
	o->title = argv[optind + 1];
	size_t bad;
	if (!utf8_valid(str_cstr(o->title), &bad)) {
		fprintf(stderr, "pnyx new: the title is not valid UTF-8 (byte %zu)\n", bad + 1);
		return -1;
	}
	const char *t = o->title;
	while (*t == ' ' || *t == '\t')
		t++;
	if (!*t) {
		fprintf(stderr, "pnyx new: the title is empty\n%s", new_usage);
		return -1;
	}
	return 0;
}

/* Writes the whole file, refusing an existing one. Returns 0, or 1 after
 * a message. */
static int write_new_file(const char *path, const buf_t *text)
{
	if (make_parents(path) != 0) {
		fprintf(stderr, "pnyx new: cannot create the folder of %s: %s\n", path, strerror(errno));
		return 1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		if (errno == EEXIST)
			fprintf(stderr, "pnyx new: %s already exists; it was left as it was\n", path);
		else
			fprintf(stderr, "pnyx new: cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}
	size_t done = 0;
	while (done < text->n) {
		ssize_t w = write(fd, text->p + done, text->n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "pnyx new: cannot write %s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return 1;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "pnyx new: cannot write %s: %s\n", path, strerror(errno));
		unlink(path);
		return 1;
	}
	return 0;
}

/* The file's path and content for the arguments; 0, or an exit status. */
static int compose(arena_t *a, const config_t *cfg, const new_args_t *o, const char **path, buf_t *text)
{
	const char *locale = o->locale;
	if (locale && !config_has_locale(cfg, locale, strlen(locale))) {
		buf_t list = BUF_INIT;
		for (size_t i = 0; i < cfg->nlocales; i++)
			buf_printf(&list, "%s%s", i ? ", " : "", cfg->locales[i]);
		fprintf(stderr, "pnyx new: '%s' is not one of the site's locales (%s)\n", locale, buf_cstr(&list));
		buf_free(&list);
		return 2;
	}
	if (!locale && cfg->nlocales > 1)
		locale = cfg->default_locale;
	const char *slug = make_slug(a, o->title);
	if (!*slug) {
		fprintf(stderr, "pnyx new: the title '%s' has no letter or digit to name the file after\n", o->title);
		return 2;
	}
	const char *dir = strcmp(cfg->source, ".") == 0 ? cfg->content_dir
		: arena_printf(a, "%s/%s", cfg->source, cfg->content_dir);
	static const char *const post_layouts[] = { "post", "blog", "default", NULL };
	static const char *const page_layouts[] = { "page", "default", NULL };
	const char *layout = "slides";
	char date[32] = "";
	switch (o->kind) {
	case NEW_POST:
		today(cfg, date, sizeof date);
		*path = arena_printf(a, "%s/%s/%s-%s.md", dir, collection_dir(cfg, NULL, collection_dir(cfg, "blog", "blog")),
				     date, slug);
		layout = pick_layout(a, cfg, post_layouts);
		break;
	case NEW_PAGE:
		*path = arena_printf(a, "%s/%s.md", dir, slug);
		layout = pick_layout(a, cfg, page_layouts);
		break;
	case NEW_DECK:
		*path = arena_printf(a, "%s/%s/%s.md", dir, collection_dir(cfg, "slides", "slides"), slug);
		break;
	}
	buf_puts(text, "---\ntitle: ");
	put_yaml_string(text, o->title);
	buf_putc(text, '\n');
	if (*date)
		buf_printf(text, "date: %s\n", date);
	buf_printf(text, "layout: %s\n", layout);
	if (locale)
		buf_printf(text, "locale: %s\n", locale);
	buf_puts(text, "---\n\n");
	if (o->kind == NEW_DECK)
		put_deck_body(text);
	return 0;
}

int cmd_new(int argc, char **argv)
{
	new_args_t o = { 0 };
	if (parse_new_args(argc, argv, &o) != 0)
		return 2;
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	config_overrides_t ov = { .source = o.source };
	config_t cfg;
	int rc = 0;
	if (config_load(a, &ov, &cfg, &d) != 0) {
		diag_print(&d, stderr, cmd_color());
		rc = 1;
	} else {
		const char *path = NULL;
		buf_t text = BUF_INIT;
		rc = compose(a, &cfg, &o, &path, &text);
		if (rc == 0)
			rc = write_new_file(path, &text);
		if (rc == 0)
			printf("%s\n", path);
		buf_free(&text);
	}
	diag_free(&d);
	arena_free(a);
	return rc;
}
