#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "source.h"
#include "util.h"

/* IN_CLOSE_WRITE rather than IN_MODIFY: a file is reported once its
 * writer closed it, not half-written. Creations, deletions and both ends
 * of a rename cover the other ways editors save. */
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		      IN_EXCL_UNLINK | IN_ONLYDIR)
#define WATCH_MAX_DEPTH 64

typedef struct {
	char *rel;   /* the folder, relative to the base ("" for the base); NULL: slot free */
	bool tree;   /* inside a tree root: every name counts */
} watched_t;

typedef struct {
	char *rel;
	bool tree;
} root_t;

struct watch {
	int fd;
	char *base;
	root_t *roots;
	size_t nroots;
	char **ignored;   /* path prefixes or globs never followed (watch_ignore) */
	size_t nignored;
	watched_t *dirs;  /* indexed by watch descriptor */
	size_t ndirs;     /* slots */
	size_t count;     /* slots in use */
};

/* True when p is root or below it ("" is above everything). */
static bool under(const char *p, const char *root)
{
	size_t n = strlen(root);
	if (n == 0)
		return true;
	return strncmp(p, root, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* True when p is, or lies below, an ignored path or matches an ignored
 * glob: the same test as the build's `exclude` (config_excluded). */
static bool is_ignored(const watch_t *w, const char *p)
{
	for (size_t i = 0; i < w->nignored; i++)
		if (under(p, w->ignored[i]) || fnmatch(w->ignored[i], p, FNM_PATHNAME) == 0)
			return true;
	return false;
}

static bool in_tree(const watch_t *w, const char *p)
{
	for (size_t i = 0; i < w->nroots; i++)
		if (w->roots[i].tree && under(p, w->roots[i].rel))
			return true;
	return false;
}

/* True when p is a folder on the way to a root (the base included). */
static bool is_ancestor(const watch_t *w, const char *p)
{
	for (size_t i = 0; i < w->nroots; i++)
		if (under(w->roots[i].rel, p) && strcmp(w->roots[i].rel, p) != 0)
			return true;
	return false;
}

static bool is_file_root(const watch_t *w, const char *p)
{
	for (size_t i = 0; i < w->nroots; i++)
		if (!w->roots[i].tree && strcmp(w->roots[i].rel, p) == 0)
			return true;
	return false;
}

static bool relevant(const watch_t *w, const char *p)
{
	return in_tree(w, p) || is_file_root(w, p) || is_ancestor(w, p);
}

static char *join(const char *dir, const char *name)
{
	buf_t b = BUF_INIT;
	if (*dir) {
		buf_puts(&b, dir);
		buf_putc(&b, '/');
	}
	buf_puts(&b, name);
	return buf_detach(&b, NULL);
}

static char *full_path(const watch_t *w, const char *rel)
{
	return *rel ? join(w->base, rel) : xstrdup(w->base);
}

static void forget(watch_t *w, int wd)
{
	if (wd < 0 || (size_t)wd >= w->ndirs || !w->dirs[wd].rel)
		return;
	free(w->dirs[wd].rel);
	w->dirs[wd].rel = NULL;
	w->count--;
}

static void remember(watch_t *w, int wd, const char *rel, bool tree)
{
	if ((size_t)wd >= w->ndirs) {
		size_t n = w->ndirs ? w->ndirs : 64;
		while (n <= (size_t)wd)
			n *= 2;
		w->dirs = xrealloc(w->dirs, n * sizeof(watched_t));
		memset(w->dirs + w->ndirs, 0, (n - w->ndirs) * sizeof(watched_t));
		w->ndirs = n;
	}
	if (w->dirs[wd].rel)
		free(w->dirs[wd].rel);
	else
		w->count++;
	w->dirs[wd] = (watched_t){ xstrdup(rel), tree };
}

/* Stops watching p and every folder below it (moved away or deleted). */
static void drop_under(watch_t *w, const char *p)
{
	for (size_t wd = 0; wd < w->ndirs; wd++)
		if (w->dirs[wd].rel && under(w->dirs[wd].rel, p)) {
			inotify_rm_watch(w->fd, (int)wd);
			forget(w, (int)wd);
		}
}

static int add_error(const char *path, diag_list_t *d)
{
	if (errno == ENOSPC)
		return diag_error(d, path, 0, 0,
				  "cannot watch this folder: the inotify watch limit (fs.inotify.max_user_watches) "
				  "is reached; raise it with 'sudo sysctl fs.inotify.max_user_watches=524288'");
	return diag_error(d, path, 0, 0, "cannot watch this folder: %s", strerror(errno));
}

static int sync_dir(watch_t *w, const char *rel, int depth, diag_list_t *d);

/* Watches the folders below a tree folder. */
static int sync_children(watch_t *w, const char *rel, const char *full, int depth, diag_list_t *d)
{
	DIR *dh = opendir(full);
	if (!dh)
		return 0;  /* gone already, or unreadable: the build says so */
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(dh))) {
		if (source_ignored_name(e->d_name))
			continue;  /* ".", "..", hidden folders */
		bool dir = e->d_type == DT_DIR;
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;
			char *p = join(full, e->d_name);
			dir = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
			free(p);
		}
		if (dir) {
			char *child = join(rel, e->d_name);
			rc = sync_dir(w, child, depth + 1, d);
			free(child);
		}
	}
	closedir(dh);
	return rc;
}

/* Watches the next folder on the way from an ancestor to each root. */
static int sync_towards_roots(watch_t *w, const char *rel, int depth, diag_list_t *d)
{
	size_t n = strlen(rel);
	for (size_t i = 0; i < w->nroots; i++) {
		const char *r = w->roots[i].rel;
		if (!under(r, rel) || strcmp(r, rel) == 0)
			continue;
		const char *next = n ? r + n + 1 : r;
		const char *slash = strchr(next, '/');
		char *comp = xstrndup(next, slash ? (size_t)(slash - next) : strlen(next));
		char *child = join(rel, comp);
		free(comp);
		int rc = is_file_root(w, child) ? 0 : sync_dir(w, child, depth + 1, d);
		free(child);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Adds watches for the folder rel (if it exists and matters) and what
 * lies below it. Safe to call again on a folder already watched. */
static int sync_dir(watch_t *w, const char *rel, int depth, diag_list_t *d)
{
	if (depth > WATCH_MAX_DEPTH || (*rel && is_ignored(w, rel)))
		return 0;
	bool tree = in_tree(w, rel);
	if (!tree && !is_ancestor(w, rel))
		return 0;
	char *full = full_path(w, rel);
	int rc = 0;
	int wd = inotify_add_watch(w->fd, full, WATCH_EVENTS);
	if (wd < 0) {
		if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
			rc = add_error(full, d);
	} else {
		remember(w, wd, rel, tree);
		rc = tree ? sync_children(w, rel, full, depth, d) : sync_towards_roots(w, rel, depth, d);
	}
	free(full);
	return rc;
}

watch_t *watch_new(const char *base, diag_list_t *d)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		if (errno == EMFILE)
			diag_error(d, base, 0, 0,
				   "cannot watch for changes: no inotify instance left (fs.inotify.max_user_instances); "
				   "raise it with 'sudo sysctl fs.inotify.max_user_instances=1024'");
		else
			diag_error(d, base, 0, 0, "cannot watch for changes: %s", strerror(errno));
		return NULL;
	}
	watch_t *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->base = xstrdup(base);
	return w;
}

int watch_add(watch_t *w, const char *rel, bool tree, diag_list_t *d)
{
	for (size_t i = 0; i < w->nroots; i++)
		if (strcmp(w->roots[i].rel, rel) == 0 && w->roots[i].tree == tree)
			return 0;
	w->roots = xrealloc(w->roots, (w->nroots + 1) * sizeof(root_t));
	w->roots[w->nroots++] = (root_t){ xstrdup(rel), tree };
	return sync_dir(w, "", 0, d);
}

void watch_ignore(watch_t *w, const char *rel)
{
	if (!*rel)
		return; /* "" would be everything */
	for (size_t i = 0; i < w->nignored; i++)
		if (strcmp(w->ignored[i], rel) == 0)
			return;
	w->ignored = xrealloc(w->ignored, (w->nignored + 1) * sizeof(char *));
	w->ignored[w->nignored++] = xstrdup(rel);
}

size_t watch_count(const watch_t *w)
{
	return w->count;
}

void watch_free(watch_t *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].rel);
	for (size_t i = 0; i < w->nroots; i++)
		free(w->roots[i].rel);
	for (size_t i = 0; i < w->nignored; i++)
		free(w->ignored[i]);
	free(w->ignored);
	free(w->dirs);
	free(w->roots);
	free(w->base);
	free(w);
}

/* ---- batches ---- */

static void batch_add(watch_batch_t *b, char *p)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->paths[i], p) == 0) {
			free(p);
			return;
		}
	if (b->n >= WATCH_MAX_PATHS) {
		b->overflow = true;
		free(p);
		return;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->paths = xrealloc(b->paths, b->cap * sizeof(char *));
	}
	b->paths[b->n++] = p;
}

bool watch_batch_only(const watch_batch_t *b, const char *const *exts)
{
	if (b->overflow || b->n == 0)
		return false;
	for (size_t i = 0; i < b->n; i++) {
		size_t k = 0;
		while (exts[k] && !str_ends_with(str_cstr(b->paths[i]), exts[k]))
			k++;
		if (!exts[k])
			return false;
	}
	return true;
}

bool watch_batch_has(const watch_batch_t *b, const char *rel)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->paths[i], rel) == 0)
			return true;
	return false;
}

void watch_batch_clear(watch_batch_t *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->paths[i]);
	b->n = 0;
	b->overflow = false;
}

void watch_batch_free(watch_batch_t *b)
{
	watch_batch_clear(b);
	free(b->paths);
	*b = WATCH_BATCH_INIT;
}

/* ---- events ---- */

/* One event: a path to record, and watches to add or drop. */
static int handle_event(watch_t *w, const struct inotify_event *ev, watch_batch_t *b, diag_list_t *d)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		/* events were lost: new folders may be unwatched, so look again */
		b->overflow = true;
		return sync_dir(w, "", 0, d);
	}
	if (ev->wd < 0 || (size_t)ev->wd >= w->ndirs || !w->dirs[ev->wd].rel)
		return 0;
	if (ev->mask & IN_IGNORED) {
		forget(w, ev->wd);
		return 0;
	}
	if (ev->len == 0 || source_ignored_name(ev->name))
		return 0;
	const watched_t *dir = &w->dirs[ev->wd];
	char *p = join(dir->rel, ev->name);
	if ((!dir->tree && !relevant(w, p)) || is_ignored(w, p)) {
		free(p);
		return 0;
	}
	int rc = 0;
	if (ev->mask & IN_ISDIR) {
		if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
			drop_under(w, p);
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			rc = sync_dir(w, p, 0, d);
	}
	batch_add(b, p);
	return rc;
}

/* Reads every queued event. */
static int drain(watch_t *w, watch_batch_t *b, diag_list_t *d)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int rc = 0;
	for (;;) {
		ssize_t len = read(w->fd, buf, sizeof buf);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return rc;
			return diag_error(d, w->base, 0, 0, "cannot read file events: %s", strerror(errno));
		}
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			if (handle_event(w, ev, b, d) != 0)
				rc = -1;
			p += sizeof(struct inotify_event) + ev->len;
		}
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long the next poll may sleep: -2 when the wait is over. */
static int next_wait(const watch_batch_t *b, long long first, long long deadline)
{
	long long now = now_ms();
	if (b->n || b->overflow) {
		long long left = first + WATCH_MAX_MS - now;
		if (left <= 0)
			return -2;
		return (int)(left < WATCH_QUIET_MS ? left : WATCH_QUIET_MS);
	}
	if (deadline < 0)
		return -1;
	return deadline > now ? (int)(deadline - now) : -2;
}

int watch_wait(watch_t *w, int stop_fd, int timeout_ms, watch_batch_t *batch, diag_list_t *d)
{
	watch_batch_clear(batch);
	long long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	long long first = 0;
	for (;;) {
		int wait = next_wait(batch, first, deadline);
		if (wait == -2)
			return batch->n || batch->overflow ? 1 : 0;
		struct pollfd pf[2] = { { w->fd, POLLIN, 0 }, { stop_fd, POLLIN, 0 } };
		int r = poll(pf, stop_fd >= 0 ? 2 : 1, wait);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return diag_error(d, w->base, 0, 0, "cannot wait for file events: %s", strerror(errno));
		}
		if (stop_fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
			return 0;
		if (r == 0) {
			if (batch->n || batch->overflow)
				return 1;  /* quiet for WATCH_QUIET_MS: the burst is over */
			if (deadline >= 0)
				return 0;
			continue;
		}
		bool was_empty = !batch->n && !batch->overflow;
		if (drain(w, batch, d) != 0)
			return -1;
		if (was_empty && (batch->n || batch->overflow))
			first = now_ms();
	}
}
