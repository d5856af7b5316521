#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"
#include "util.h"

bool source_ignored_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || name[0] == '.' || name[n - 1] == '~')
		return true;
	if (name[0] == '#' && n > 1 && name[n - 1] == '#')
		return true;
	if (n > 4 && (strcmp(name + n - 4, ".swp") == 0 || strcmp(name + n - 4, ".swx") == 0))
		return true;
	return false;
}

typedef struct {
	arena_t *a;
	const config_t *cfg;
	source_list_t *out;
	diag_list_t *d;
	const char *real_root; /* resolved site root, for symlink checks */
} scan_t;

typedef struct {
	source_file_t f;
	int priority;
} ranked_t;

static void list_push(source_list_t *l, source_file_t f)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->items = xrealloc(l->items, l->cap * sizeof(source_file_t));
	}
	l->items[l->n++] = f;
}

/* A symlink is followed only when it resolves to a file inside the site. */
static bool link_inside(scan_t *s, const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return false;
	size_t n = strlen(s->real_root);
	bool inside = strncmp(real, s->real_root, n) == 0 && (real[n] == '/' || real[n] == '\0');
	struct stat st;
	bool file = stat(real, &st) == 0 && S_ISREG(st.st_mode);
	free(real);
	return inside && file;
}

/* Editor files, hidden files, and in a Jekyll site the names starting
 * with _ (its own folders), unless `include:` names them. */
static bool skipped_name(const scan_t *s, const char *name)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return true;
	if ((name[0] == '.' || (s->cfg->jekyll && name[0] == '_')) && config_included(s->cfg, name))
		return false;
	return source_ignored_name(name) || (s->cfg->jekyll && name[0] == '_');
}

/* Jekyll also keeps posts in the _posts folder of any folder
 * (news/_posts/x.md: a post in category "news"), and drafts in _drafts;
 * the root's own are scanned as the collections. */
static bool nested_posts(const scan_t *s, source_kind_t kind, int depth, const char *name)
{
	return s->cfg->jekyll && kind == SOURCE_CONTENT && depth > 0 &&
	       (strcmp(name, "_posts") == 0 || (s->cfg->show_drafts && strcmp(name, "_drafts") == 0));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Walks dir (path on disk) adding files with rel prefixed by `prefix`. */
static void scan_dir(scan_t *s, source_kind_t kind, const char *dir, const char *prefix,
		     const char *display_prefix, int depth)
{
	if (depth > 64) {
		diag_error(s->d, dir, 0, 0, "folders nested too deep (64 levels)");
		return;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		if (errno != ENOENT && errno != ENOTDIR)
			diag_error(s->d, dir, 0, 0, "cannot read folder: %s", strerror(errno));
		return;
	}
	/* read all names first: the order readdir gives is the disk's, not ours */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (skipped_name(s, e->d_name) && !nested_posts(s, kind, depth, e->d_name))
			continue;
		if (n == cap)
			names = xrealloc(names, (cap = cap ? cap * 2 : 32) * sizeof(char *));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof(char *), name_cmp);
	for (size_t i = 0; i < n; i++) {
		const char *path = arena_printf(s->a, "%s/%s", dir, names[i]);
		const char *rel = *prefix ? arena_printf(s->a, "%s/%s", prefix, names[i]) : arena_strdup(s->a, names[i]);
		const char *display = *display_prefix ? arena_printf(s->a, "%s/%s", display_prefix, names[i])
						      : arena_strdup(s->a, names[i]);
		free(names[i]);
		if (config_excluded(s->cfg, display))
			continue;
		/* A name becomes a URL, a template or data key, and text in
		 * sitemap.xml and search.json, which must be UTF-8. */
		size_t bad;
		if (!utf8_valid(str_cstr(display), &bad)) {
			diag_error(s->d, display, 0, 0, "file name is not valid UTF-8 (byte 0x%02X): rename it",
				   (unsigned char)display[bad]);
			continue;
		}
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			if (!link_inside(s, path)) {
				diag_warning(s->d, display, 0, 0,
					     "symbolic link leads outside the site or to a folder: skipped");
				continue;
			}
		} else if (S_ISDIR(st.st_mode)) {
			scan_dir(s, kind, path, rel, display, depth + 1);
			continue;
		} else if (!S_ISREG(st.st_mode)) {
			continue;
		}
		list_push(s->out, (source_file_t){ kind, path, rel, display });
	}
	free(names);
}

static void scan_folder(scan_t *s, source_kind_t kind, const char *folder, const char *prefix)
{
	if (!folder)
		return;
	bool root = strcmp(folder, ".") == 0;
	const char *dir = strcmp(s->cfg->source, ".") == 0 ? folder
			  : root ? s->cfg->source
				 : arena_printf(s->a, "%s/%s", s->cfg->source, folder);
	scan_dir(s, kind, dir, prefix, root ? "" : folder, 0);
}

static int source_cmp(const void *pa, const void *pb)
{
	const source_file_t *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->rel, b->rel);
}

/* Kind, name, then the theme's file before the site's. */
static int ranked_cmp(const void *pa, const void *pb)
{
	const ranked_t *a = pa, *b = pb;
	int c = source_cmp(&a->f, &b->f);
	return c ? c : a->priority - b->priority;
}

/* Drops theme files hidden by a site file of the same kind and name
 * (after ranked_cmp, the site's comes second); string tables stay both. */
static void dedup(source_list_t *l)
{
	size_t w = 0;
	for (size_t r = 0; r < l->n; r++) {
		if (w > 0 && l->items[r].kind != SOURCE_I18N &&
		    source_cmp(&l->items[w - 1], &l->items[r]) == 0) {
			l->items[w - 1] = l->items[r];
			continue;
		}
		l->items[w++] = l->items[r];
	}
	l->n = w;
}

int source_scan(arena_t *a, const config_t *cfg, source_list_t *out, diag_list_t *d)
{
	char *root = realpath(cfg->source, NULL);
	if (!root)
		return diag_error(d, cfg->source, 0, 0, "cannot open the site folder: %s", strerror(errno));
	scan_t s = { a, cfg, out, d, arena_strdup(a, root) };
	free(root);
	size_t before = diag_error_count(d);
	if (cfg->theme_dir) {
		scan_folder(&s, SOURCE_LAYOUT, arena_printf(a, "%s/layouts", cfg->theme_dir), "");
		scan_folder(&s, SOURCE_INCLUDE, arena_printf(a, "%s/includes", cfg->theme_dir), "");
		scan_folder(&s, SOURCE_ASSET, arena_printf(a, "%s/assets", cfg->theme_dir), "assets");
		scan_folder(&s, SOURCE_I18N, arena_printf(a, "%s/i18n", cfg->theme_dir), "");
	}
	size_t theme_end = out->n;
	scan_folder(&s, SOURCE_LAYOUT, cfg->layouts_dir, "");
	scan_folder(&s, SOURCE_INCLUDE, cfg->includes_dir, "");
	scan_folder(&s, SOURCE_CONTENT, cfg->content_dir, "");
	if (cfg->jekyll) {
		/* a Jekyll site's collections are _NAME folders the root scan skips */
		for (size_t i = 0; i < cfg->ncollections; i++)
			scan_folder(&s, SOURCE_CONTENT, cfg->collections[i].dir, cfg->collections[i].dir);
		if (cfg->show_drafts && cfg->drafts_dir)
			scan_folder(&s, SOURCE_CONTENT, cfg->drafts_dir, cfg->drafts_dir);
	}
	scan_folder(&s, SOURCE_STATIC, cfg->static_dir, "");
	scan_folder(&s, SOURCE_DATA, cfg->data_dir, "");
	scan_folder(&s, SOURCE_I18N, cfg->i18n_dir, "");
	ranked_t *tmp = xmalloc((out->n + 1) * sizeof(ranked_t));
	for (size_t i = 0; i < out->n; i++)
		tmp[i] = (ranked_t){ out->items[i], i >= theme_end };
	qsort(tmp, out->n, sizeof(ranked_t), ranked_cmp);
	for (size_t i = 0; i < out->n; i++)
		out->items[i] = tmp[i].f;
	free(tmp);
	dedup(out);
	return diag_error_count(d) > before ? -1 : 0;
}

void source_list_free(source_list_t *l)
{
	free(l->items);
	*l = (source_list_t){ 0 };
}

int source_read(const char *path, buf_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && st.st_size > 0)
		buf_grow(out, (size_t)st.st_size);
	for (;;) {
		buf_grow(out, 65536);
		ssize_t r = read(fd, out->p + out->n, out->cap - out->n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		out->n += (size_t)r;
	}
	out->p[out->n] = '\0';
	close(fd);
	return 0;
}
