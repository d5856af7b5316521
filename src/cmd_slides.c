/* cmd_slides.c - `pnyx slides DECK --pdf FILE`: a deck printed to PDF.
 *
 * The site is built into a temporary folder whose absolute path is also
 * the baseurl, so that the root-relative links of the deck's print page
 * (stylesheet, images) resolve under file://; headless Chromium then
 * prints that page. Chromium is a runtime tool here, not a library: it is
 * looked up on PATH only when this command runs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "cmd.h"
#include "config.h"
#include "diag.h"
#include "util.h"

static const char slides_usage[] =
	"usage: pnyx slides DECK --pdf FILE [-s SRC]\n"
	"  DECK                a deck: its file name without extension under content/slides/\n"
	"                      (formation-democracyos), its file, or its URL (/slides/NAME/)\n"
	"      --pdf FILE      print the deck to FILE, one slide per page (needs Chromium)\n"
	"  -s, --source SRC    the site folder (default: .)\n";

static const char install_hint[] =
	"pnyx slides: install Chromium: sudo apt-get install chromium (or make deps)\n";

/* Seconds Chromium gets to print before it is stopped. */
enum { CHROMIUM_TIMEOUT = 120, WALK_DEPTH = 24 };

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The full path of the first of Chromium's names found on PATH ($CHROMIUM
 * first, when set), or NULL. */
static char *find_chromium(void)
{
	const char *env = getenv("CHROMIUM");
	if (env && *env)
		return access(env, X_OK) == 0 ? xstrdup(env) : NULL;
	static const char *names[] = { "chromium", "chromium-browser", "google-chrome",
				       "google-chrome-stable" };
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		const char *p = path;
		while (*p) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			buf_t b = BUF_INIT;
			buf_printf(&b, "%.*s/%s", (int)n, n ? p : ".", names[k]);
			struct stat st;
			if (stat(b.p, &st) == 0 && S_ISREG(st.st_mode) && access(b.p, X_OK) == 0)
				return buf_detach(&b, NULL);
			buf_free(&b);
			p += n;
			if (*p == ':')
				p++;
		}
	}
	return NULL;
}

/* A growable list of heap strings. */
typedef struct {
	char **items;
	size_t n, cap;
} names_t;

static void names_add(names_t *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->n++] = s;
}

static void names_free(names_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	*l = (names_t){ 0 };
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_deck_ext(const char *name, size_t *stem)
{
	static const char *exts[] = { ".md", ".markdown", ".html" };
	size_t n = strlen(name);
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(name + n - e, exts[i]) == 0) {
			*stem = n - e;
			return true;
		}
	}
	return false;
}

/* The names of the decks under dir (recursively), into out. */
static void list_decks(const char *dir, int depth, names_t *out)
{
	DIR *d = depth < WALK_DEPTH ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		buf_t p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		struct stat st;
		size_t stem;
		if (stat(p.p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				list_decks(p.p, depth + 1, out);
			else if (S_ISREG(st.st_mode) && has_deck_ext(e->d_name, &stem))
				names_add(out, xstrndup(e->d_name, stem));
		}
		buf_free(&p);
	}
	closedir(d);
}

/* Folders `print` holding index.html whose parent is called name, under
 * dir (rel is dir relative to the output root), into out as paths. */
static void find_print_pages(const char *dir, const char *name, int depth, names_t *out)
{
	DIR *d = depth < WALK_DEPTH ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_t p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p.p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (strcmp(e->d_name, name) == 0) {
				buf_t f = BUF_INIT;
				buf_printf(&f, "%s/print/index.html", p.p);
				if (access(f.p, R_OK) == 0)
					names_add(out, buf_detach(&f, NULL));
				buf_free(&f);
			}
			find_print_pages(p.p, name, depth + 1, out);
		}
		buf_free(&p);
	}
	closedir(d);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes the temporary folder and all it holds (symlinks not followed). */
static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The slides collection's folder: SRC/CONTENT/DIR. */
static char *decks_dir(const config_t *cfg, const char *source)
{
	const char *dir = "slides";
	for (size_t i = 0; i < cfg->ncollections; i++)
		if (strcmp(cfg->collections[i].name, "slides") == 0)
			dir = cfg->collections[i].dir;
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s/%s", source, cfg->content_dir, dir);
	return buf_detach(&b, NULL);
}

/* What DECK names: a deck name (file stem) or a URL. */
typedef struct {
	char *name;  /* heap; NULL when url is set */
	char *url;   /* heap; "/slides/x/" */
} deck_ref_t;

static deck_ref_t deck_ref(const char *arg)
{
	deck_ref_t r = { 0 };
	if (arg[0] == '/') {
		r.url = xstrdup(arg);
		return r;
	}
	const char *base = strrchr(arg, '/');
	base = base ? base + 1 : arg;
	size_t stem;
	r.name = has_deck_ext(base, &stem) ? xstrndup(base, stem) : xstrdup(base);
	return r;
}

/* Checks that the deck exists in the sources; prints the decks found
 * when it does not. */
static bool deck_known(const deck_ref_t *r, const char *dir)
{
	if (r->url)
		return true;
	names_t decks = { 0 };
	list_decks(dir, 0, &decks);
	qsort(decks.items, decks.n, sizeof *decks.items, cmp_names);
	for (size_t i = 0; i < decks.n; i++)
		if (strcmp(decks.items[i], r->name) == 0) {
			names_free(&decks);
			return true;
		}
	fprintf(stderr, "pnyx slides: no deck '%s' in %s/", r->name, dir);
	if (decks.n == 0) {
		fputs(" (no decks there)\n", stderr);
	} else {
		fputs("; decks found:", stderr);
		for (size_t i = 0; i < decks.n; i++)
			if (i == 0 || strcmp(decks.items[i], decks.items[i - 1]) != 0)
				fprintf(stderr, " %s", decks.items[i]);
		fputc('\n', stderr);
	}
	names_free(&decks);
	return false;
}

/* The print page of the deck in the built site, or NULL (message printed). */
static char *print_page(const deck_ref_t *r, const char *site)
{
	if (r->url) {
		if (strstr(r->url, "..")) {
			fprintf(stderr, "pnyx slides: '%s' is not a deck URL\n", r->url);
			return NULL;
		}
		size_t n = strlen(r->url);
		buf_t f = BUF_INIT;
		buf_printf(&f, "%s%s%sprint/index.html", site, r->url, r->url[n - 1] == '/' ? "" : "/");
		if (access(f.p, R_OK) == 0)
			return buf_detach(&f, NULL);
		fprintf(stderr, "pnyx slides: no print page for %s (expected %sprint/ on the built site); "
			"is it a page with `layout: slides`?\n", r->url, r->url);
		buf_free(&f);
		return NULL;
	}
	names_t found = { 0 };
	find_print_pages(site, r->name, 0, &found);
	if (found.n == 0) {
		fprintf(stderr, "pnyx slides: the deck '%s' has no print page on the built site; "
			"is its layout `slides`? (or give its URL: pnyx slides /URL/ --pdf FILE)\n", r->name);
		return NULL;
	}
	/* Translations give /en/slides/x/print/ too: the shortest is the deck
	 * itself; ties are broken by name, for the same choice every time. */
	size_t best = 0;
	for (size_t i = 1; i < found.n; i++) {
		size_t a = strlen(found.items[i]), b = strlen(found.items[best]);
		if (a < b || (a == b && strcmp(found.items[i], found.items[best]) < 0))
			best = i;
	}
	char *path = found.items[best];
	found.items[best] = xstrdup("");
	names_free(&found);
	return path;
}

/* file:// and the path, percent-encoded where a URL needs it. */
static char *file_url(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_t b = BUF_INIT;
	buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_detach(&b, NULL);
}

/* Runs Chromium on url, printing to pdf; its chatter goes to log. Returns
 * its exit status, or -1 (timeout, interrupted, could not start). */
static int run_chromium(const char *exe, const char *tmp, const char *url, const char *pdf,
			const char *log)
{
	buf_t profile = BUF_INIT, print = BUF_INIT;
	buf_printf(&profile, "--user-data-dir=%s/profile", tmp);
	buf_printf(&print, "--print-to-pdf=%s", pdf);
	char *argv[] = {
		(char *)exe, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--disable-sync", profile.p, "--no-pdf-header-footer", print.p, (char *)url, NULL,
	};
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "pnyx slides: cannot start %s: %s\n", exe, strerror(errno));
		buf_free(&profile);
		buf_free(&print);
		return -1;
	}
	if (pid == 0) {
		/* Its own process group, so that a timeout stops its helpers too
		 * and Ctrl-C reaches pnyx, which cleans up. */
		setpgid(0, 0);
		int in = open("/dev/null", O_RDONLY);
		int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		execv(exe, argv);
		_exit(127);
	}
	setpgid(pid, pid);
	buf_free(&profile);
	buf_free(&print);
	int status = 0;
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	for (long waited = 0;; waited += 50) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -1;
		if (interrupted || waited >= CHROMIUM_TIMEOUT * 1000L) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			if (!interrupted)
				fprintf(stderr, "pnyx slides: Chromium did not finish printing in %d s\n",
					CHROMIUM_TIMEOUT);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Copies the printed PDF to its destination; checks it is one. */
static int copy_pdf(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in) {
		fprintf(stderr, "pnyx slides: Chromium wrote no PDF\n");
		return -1;
	}
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_put(&b, chunk, n);
	fclose(in);
	int rc = 0;
	if (b.n < 5 || memcmp(b.p, "%PDF-", 5) != 0) {
		fprintf(stderr, "pnyx slides: Chromium wrote something that is not a PDF\n");
		rc = -1;
	} else {
		FILE *out = fopen(to, "wb");
		if (!out || fwrite(b.p, 1, b.n, out) != b.n || fclose(out) != 0) {
			fprintf(stderr, "pnyx slides: cannot write %s: %s\n", to, strerror(errno));
			if (out)
				remove(to);
			rc = -1;
		}
	}
	buf_free(&b);
	return rc;
}

/* Prints the last lines of Chromium's log, to explain a failure. */
static void show_log(const char *log)
{
	FILE *f = fopen(log, "r");
	if (!f)
		return;
	char line[1024];
	fputs("pnyx slides: Chromium said:\n", stderr);
	for (int k = 0; k < 40 && fgets(line, sizeof line, f); k++)
		fprintf(stderr, "  %s", line);
	fclose(f);
}

typedef struct {
	const char *source;
	const char *deck;
	const char *pdf;
} slides_args_t;

static int parse_slides_args(int argc, char **argv, slides_args_t *a)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "pdf", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': a->source = optarg; break;
		case 'p': a->pdf = optarg; break;
		case 'h': fputs(slides_usage, stdout); exit(0);
		default: fputs(slides_usage, stderr); return -1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "pnyx slides: which deck?\n%s", slides_usage);
		return -1;
	}
	a->deck = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "pnyx slides: unexpected argument '%s'\n%s", argv[optind], slides_usage);
		return -1;
	}
	if (!a->pdf || !*a->pdf || !*a->deck) {
		fprintf(stderr, "pnyx slides: say where the PDF goes: --pdf FILE\n%s", slides_usage);
		return -1;
	}
	return 0;
}

/* The build into TMP/site with TMP/site as baseurl. Returns 0 or 1. */
static int build_into(const char *source, const char *site)
{
	build_opts_t o = { 0 };
	o.config.source = source;
	o.config.baseurl = site;
	o.dest = site;
	diag_list_t d = DIAG_LIST_INIT;
	build_stats_t st = { 0 };
	int rc = build_run(&o, &d, &st);
	diag_print(&d, stderr, cmd_color());
	if (rc != 0)
		fprintf(stderr, "pnyx slides: the site did not build (%zu error%s)\n",
			diag_error_count(&d), diag_error_count(&d) == 1 ? "" : "s");
	diag_free(&d);
	return rc == 0 ? 0 : 1;
}

/* Everything after the arguments and Chromium were found. */
static int print_deck(const slides_args_t *a, const char *chromium, const char *tmp)
{
	buf_t site = BUF_INIT, pdf = BUF_INIT, log = BUF_INIT;
	buf_printf(&site, "%s/site", tmp);
	buf_printf(&pdf, "%s/deck.pdf", tmp);
	buf_printf(&log, "%s/chromium.log", tmp);
	deck_ref_t r = deck_ref(a->deck);
	char *page = NULL, *url = NULL;
	int rc = 1;

	arena_t *ar = arena_new();
	config_t cfg;
	diag_list_t d = DIAG_LIST_INIT;
	config_overrides_t ov = { .source = a->source };
	if (config_load(ar, &ov, &cfg, &d) != 0) {
		diag_print(&d, stderr, cmd_color());
		goto out;
	}
	char *dir = decks_dir(&cfg, a->source);
	bool known = deck_known(&r, dir);
	free(dir);
	if (!known || build_into(a->source, site.p) != 0 || interrupted)
		goto out;
	if (!(page = print_page(&r, site.p)))
		goto out;
	url = file_url(page);
	int st = run_chromium(chromium, tmp, url, pdf.p, log.p);
	if (interrupted)
		goto out;
	if (st != 0) {
		fprintf(stderr, "pnyx slides: %s failed (status %d) printing %s\n", chromium, st, url);
		show_log(log.p);
		goto out;
	}
	if (copy_pdf(pdf.p, a->pdf) != 0) {
		show_log(log.p);
		goto out;
	}
	fprintf(stderr, "wrote %s from %s\n", a->pdf, page + site.n);
	rc = 0;
out:
	diag_free(&d);
	arena_free(ar);
	free(page);
	free(url);
	free(r.name);
	free(r.url);
	buf_free(&site);
	buf_free(&pdf);
	buf_free(&log);
	return rc;
}

int cmd_slides(int argc, char **argv)
{
	slides_args_t a = { .source = "." };
	if (parse_slides_args(argc, argv, &a) != 0)
		return 2;
	char *chromium = find_chromium();
	if (!chromium) {
		fputs(install_hint, stderr);
		return 1;
	}
	const char *tmpdir = getenv("TMPDIR");
	buf_t tmp = BUF_INIT;
	buf_printf(&tmp, "%s/pnyx-slides-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(tmp.p)) {
		fprintf(stderr, "pnyx slides: cannot make a temporary folder %s: %s\n", tmp.p,
			strerror(errno));
		buf_free(&tmp);
		free(chromium);
		return 1;
	}
	/* The baseurl must be absolute for file:// links to resolve. */
	char *abs = realpath(tmp.p, NULL);
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	int rc = abs ? print_deck(&a, chromium, abs) : 1;
	remove_tree(tmp.p);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (interrupted) {
		fputs("pnyx slides: interrupted\n", stderr);
		rc = 130;
	}
	free(abs);
	free(chromium);
	buf_free(&tmp);
	return rc;
}
