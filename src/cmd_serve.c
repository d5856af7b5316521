/* cmd_serve.c - `pnyx serve`: build, serve, watch, rebuild, tell the
 * browsers.
 *
 * The loop is: watch_wait gathers one burst of file changes, rebuild()
 * turns it into a new output folder (or diagnostics), and the server
 * tells the pages (reload, swap stylesheets, or show the errors). For now
 * a rebuild is a whole build_run(); an incremental build only has to
 * replace rebuild(), which already gets the list of changed paths. */
#include <errno.h>
#include <malloc.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "cmd.h"
#include "config.h"
#include "serve.h"
#include "util.h"
#include "watch.h"

extern char **environ;

static const char serve_usage[] =
	"usage: pnyx serve [-s SRC] [--host HOST] [--port PORT] [--open] [--baseurl PATH]\n"
	"                  [--config A.yml,B.yml] [--drafts] [--future] [-j N]\n"
	"  -s, --source SRC    the site folder (default: .); the site is built into SRC/_site\n"
	"      --host HOST     address to listen on (default: 127.0.0.1, this machine only)\n"
	"  -p, --port PORT     port to listen on (default: 4000; 0 picks a free one)\n"
	"  -o, --open          open the site in the default browser\n"
	"      --baseurl PATH  serve the site under PATH (default: from site.yml)\n"
	"      --config FILES  configuration files, comma-separated, later ones win (Jekyll's option);\n"
	"                      each is watched, as site.yml is\n"
	"      --drafts        include drafts\n"
	"      --future        include posts dated in the future\n"
	"  -j, --jobs N        build threads (default: one per core)\n"
	"Pages reload in the browser when a source file changes; errors show over the page.\n";

typedef struct {
	build_opts_t build;
	const char *source;
	const char *host;
	int port;
	bool open;
} serve_args_t;

/* One session of `pnyx serve`: what the loop carries from one rebuild to
 * the next. */
typedef struct {
	serve_args_t args;
	char *dest;        /* the output folder served */
	serve_t *server;
	watch_t *watch;
	bool color;
	bool failed;       /* the last build failed */
	char *baseurl;     /* as the configuration last said */
	build_session_t *build; /* the last good build, kept for incremental rebuilds */
} session_t;

/* Parses the options into a; returns -1 on bad usage (message printed). */
static int parse_serve_args(int argc, char **argv, serve_args_t *a)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "open", no_argument, NULL, 'o' },
		{ "baseurl", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ "drafts", no_argument, NULL, 'D' },
		{ "future", no_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	long n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:p:oj:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': a->build.config.source = a->source = optarg; break;
		case 'H': a->host = optarg; break;
		case 'p':
			if (cmd_number("serve", "--port", optarg, 0, 65535, &n) != 0)
				return -1;
			a->port = (int)n;
			break;
		case 'o': a->open = true; break;
		case 'b': a->build.config.baseurl = optarg; break;
		case 'c': a->build.config.config_files = optarg; break;
		case 'D': a->build.config.drafts = true; break;
		case 'F': a->build.config.future = true; break;
		case 'j':
			if (cmd_number("serve", "-j", optarg, 1, 256, &n) != 0)
				return -1;
			a->build.threads = (int)n;
			break;
		case 'h': fputs(serve_usage, stdout); exit(0);
		default: fputs(serve_usage, stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pnyx serve: unexpected argument '%s'\n%s", argv[optind], serve_usage);
		return -1;
	}
	return 0;
}

/* ---- the site's folders, from its configuration ---- */

/* Watches the configuration: each file --config lists (named from the
 * site folder, as the build reads them), else `file`. A list is watched
 * whole even when one of its files is broken or missing; a file given by
 * an absolute path is read at each build but not watched (the watch
 * follows paths below the site folder). */
static bool watch_config(session_t *s, const char *file, diag_list_t *d)
{
	const char *p = s->args.build.config.config_files;
	if (!p)
		return watch_add(s->watch, file, false, d) == 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *one = xstrndup(p, n);
		int rc = n && one[0] != '/' ? watch_add(s->watch, one, false, d) : 0;
		free(one);
		if (rc != 0)
			return false;
		p += n + (p[n] == ',');
	}
	return true;
}

/* The configuration's baseurl and the roots to watch. Reads site.yml
 * again after every good build: a change of theme or baseurl follows. */
static void follow_config(session_t *s, bool initial, diag_list_t *d)
{
	arena_t *a = arena_new();
	config_t cfg;
	diag_list_t cd = DIAG_LIST_INIT;
	/* site.yml broken at start: watch the usual places until it is fixed */
	const char *file = "site.yml";
	const char *trees[] = { "content", "data", "static", "layouts", "includes", "themes" };
	bool loaded = config_load(a, &s->args.build.config, &cfg, &cd) == 0;
	if (loaded) {
		serve_set_baseurl(s->server, cfg.baseurl);
		free(s->baseurl);
		s->baseurl = xstrdup(cfg.baseurl ? cfg.baseurl : "");
		const char *slash = strrchr(cfg.file, '/');
		file = slash ? slash + 1 : cfg.file;
		const char *dirs[] = { cfg.content_dir, cfg.data_dir, cfg.static_dir, cfg.layouts_dir,
				       cfg.includes_dir, cfg.theme_dir };
		/* "." (a Jekyll site's pages) is the base itself: paths then
		 * read "about.md", as the build names the page */
		for (size_t i = 0; i < ARRAY_LEN(trees); i++)
			trees[i] = dirs[i] && strcmp(dirs[i], ".") == 0 ? "" : dirs[i];
		for (size_t i = 0; i < cfg.nexclude; i++)
			watch_ignore(s->watch, cfg.exclude[i]);
	}
	/* one message, not one per root, when the watch limit is reached */
	if (loaded || initial) {
		bool ok = watch_config(s, file, d);
		for (size_t i = 0; ok && i < ARRAY_LEN(trees); i++)
			ok = !trees[i] || watch_add(s->watch, trees[i], true, d) == 0;
		/* Sass partials (sass/, _sass/): not pages, but stylesheets import them */
		for (size_t i = 0; ok && loaded && i < cfg.nsass_paths; i++)
			ok = cfg.sass_paths[i][0] == '/' || watch_add(s->watch, cfg.sass_paths[i], true, d) == 0;
	}
	diag_free(&cd);
	arena_free(a);
}

/* ---- building ---- */

/* Builds, prints what happened, and returns 0 or -1 with the
 * diagnostics left in d. */
static int build_once(session_t *s, diag_list_t *d, const char *why, const watch_batch_t *b)
{
	build_stats_t st = { 0 };
	if (!s->build)
		s->build = build_session_new(&s->args.build);
	/* the watcher names paths from the site folder; the build, as opened */
	size_t n = b && !b->overflow ? b->n : 0;
	char **paths = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		buf_t p = BUF_INIT;
		if (strcmp(s->args.source, ".") != 0)
			buf_printf(&p, "%s/", s->args.source);
		buf_puts(&p, b->paths[i]);
		paths[i] = buf_detach(&p, NULL);
	}
	int rc = build_session_run(s->build, (const char *const *)paths, n, d, &st);
	/* builds free as much as they allocate: give it back, so the server
	 * stays the size of one build over a day of edits (about 1 ms) */
	malloc_trim(0);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	diag_print(d, stderr, s->color);
	if (rc != 0)
		fprintf(stderr, "pnyx: build failed with %zu error%s; still serving the last good site\n",
			diag_error_count(d), diag_error_count(d) == 1 ? "" : "s");
	else if (st.incremental)
		fprintf(stderr, "updated %zu file%s (%zu page%s rendered) in %.2f s\n", st.written,
			st.written == 1 ? "" : "s", st.pages, st.pages == 1 ? "" : "s", st.seconds);
	else if (st.updated)
		fprintf(stderr, "%s %zu pages and %zu static files in %.2f s: %zu file%s changed\n", why,
			st.pages, st.copies, st.seconds, st.written, st.written == 1 ? "" : "s");
	else
		fprintf(stderr, "%s %zu pages and copied %zu files in %.2f s\n", why, st.pages, st.copies,
			st.seconds);
	return rc;
}

/* Names the first changed file that still exists: an editor or `sed -i`
 * saving through a temporary file makes that file the first path of the
 * burst, and the editor wants to read the name of the page. */
static void print_changes(const session_t *s, const watch_batch_t *b)
{
	if (b->overflow || b->n == 0) {
		fputs("changed: many files\n", stderr);
		return;
	}
	const char *name = b->paths[0];
	for (size_t i = 0; i < b->n; i++) {
		char *path = xasprintf("%s/%s", s->args.source, b->paths[i]);
		bool exists = access(path, F_OK) == 0;
		free(path);
		if (exists) {
			name = b->paths[i];
			break;
		}
	}
	if (b->n == 1)
		fprintf(stderr, "changed: %s\n", name);
	else
		fprintf(stderr, "changed: %s and %zu more\n", name, b->n - 1);
}

/* One burst of changes: a new output folder, then the browsers told.
 * The place for an incremental build: b says which sources changed. */
static void rebuild(session_t *s, const watch_batch_t *b)
{
	print_changes(s, b);
	diag_list_t d = DIAG_LIST_INIT;
	if (build_once(s, &d, "rebuilt", b) == 0) {
		/* only stylesheets (CSS, or Sass compiling to it): swapped in place */
		static const char *const styles[] = { ".css", ".scss", ".sass", NULL };
		serve_notify_built(s->server, !s->failed && watch_batch_only(b, styles));
		s->failed = false;
		diag_list_t wd = DIAG_LIST_INIT;
		follow_config(s, false, &wd);
		diag_print(&wd, stderr, s->color);
		diag_free(&wd);
	} else {
		serve_notify_failed(s->server, &d);
		s->failed = true;
	}
	diag_free(&d);
}

/* ---- start, loop, stop ---- */

static void print_url(const session_t *s, char *out, size_t n)
{
	const char *h = s->args.host;
	bool v6 = strchr(h, ':') != NULL;
	snprintf(out, n, "http://%s%s%s:%d%s/", v6 ? "[" : "", h, v6 ? "]" : "", serve_port(s->server),
		 s->baseurl ? s->baseurl : "");
}

/* Starts xdg-open with the signal mask and SIGPIPE as a fresh process has
 * them: ours (blocked SIGINT, ignored SIGPIPE) would be inherited. */
static pid_t open_browser(const char *url)
{
	pid_t pid;
	char *argv[] = { "xdg-open", (char *)url, NULL };
	posix_spawnattr_t attr;
	sigset_t none, def;
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	int rc = posix_spawnp(&pid, "xdg-open", NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		fprintf(stderr, "pnyx serve: could not open a browser (xdg-open); open %s yourself\n", url);
		return -1;
	}
	return pid;
}

/* SIGINT and SIGTERM arrive on a file descriptor the loop polls: blocked
 * here, before any thread starts, so that every thread inherits the mask
 * and none is interrupted in the middle of a build or a response. */
static int signal_fd(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the time zone is read now, once: later each build sets TZ with
	 * setenv while server threads format dates, and glibc reads TZ with
	 * getenv only on its first use */
	tzset();
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Starts the server (first: a port in use is said at once) and the
 * watch (before the build: an edit made during it is not missed); -1
 * after printing why not. */
static int start(session_t *s)
{
	diag_list_t d = DIAG_LIST_INIT;
	serve_opts_t so = { .root = s->dest, .baseurl = "", .host = s->args.host, .port = s->args.port };
	s->server = serve_start(&so, &d);
	if (s->server)
		s->watch = watch_new(s->args.source, &d);
	if (s->watch) {
		/* our own output, SRC/_site, and its staging folders (write.h) */
		watch_ignore(s->watch, "_site");
		watch_ignore(s->watch, "_site.staging-*");
		follow_config(s, true, &d);
	}
	diag_print(&d, stderr, s->color);
	int rc = diag_error_count(&d) ? -1 : 0;
	diag_free(&d);
	return rc;
}

/* Waits for changes and rebuilds until a signal; the exit status. */
static int loop(session_t *s, int sig)
{
	watch_batch_t b = WATCH_BATCH_INIT;
	int status = 0;
	for (;;) {
		diag_list_t d = DIAG_LIST_INIT;
		int r = watch_wait(s->watch, sig, -1, &b, &d);
		diag_print(&d, stderr, s->color);
		diag_free(&d);
		if (r == 0)
			break;
		if (r < 0 && !b.n && !b.overflow) {
			status = 1;
			break;
		}
		rebuild(s, &b);
	}
	watch_batch_free(&b);
	return status;
}

static int run(session_t *s, int sig)
{
	if (start(s) != 0)
		return 1;
	diag_list_t d = DIAG_LIST_INIT;
	if (build_once(s, &d, "built", NULL) != 0) {
		serve_notify_failed(s->server, &d);
		s->failed = true;
	}
	diag_free(&d);
	char url[300];
	print_url(s, url, sizeof url);
	fprintf(stderr, "serving %s at %s (Ctrl-C to stop)\n", s->dest, url);
	pid_t browser = s->args.open ? open_browser(url) : -1;
	int status = loop(s, sig);
	if (browser > 0)
		waitpid(browser, NULL, WNOHANG);
	return status;
}

int cmd_serve(int argc, char **argv)
{
	session_t s = { .args = { .source = ".", .host = "127.0.0.1", .port = 4000 } };
	if (parse_serve_args(argc, argv, &s.args) != 0)
		return 2;
	struct stat st;
	if (stat(s.args.source, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "pnyx serve: no site folder at '%s' (give one with -s)\n", s.args.source);
		return 1;
	}
	s.color = cmd_color();
	buf_t dest = BUF_INIT;
	buf_printf(&dest, "%s/_site", s.args.source);
	s.dest = buf_detach(&dest, NULL);
	s.args.build.dest = s.dest;
	s.args.build.in_place = true; /* whole rebuilds update the served folder file by file */
	int sig = signal_fd();
	if (sig < 0) {
		fprintf(stderr, "pnyx serve: cannot receive signals: %s\n", strerror(errno));
		free(s.dest);
		return 1;
	}
	int status = run(&s, sig);
	build_session_free(s.build);
	watch_free(s.watch);
	serve_stop(s.server);
	close(sig);
	free(s.baseurl);
	free(s.dest);
	if (status == 0)
		fputs("stopped\n", stderr);
	return status;
}
