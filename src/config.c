#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"
#include "yaml.h"

#define CONFIG_FILE "site.yml"
#define JEKYLL_CONFIG "_config.yml"

/* Reads a whole file into a buffer; -1 with errno set on failure. */
static int read_file(const char *path, buf_t *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(out, chunk, n);
	int err = ferror(f);
	fclose(f);
	return err ? -1 : 0;
}

/* A string setting: `def` when absent or nil, an error when not a string. */
static const char *cfg_string(const config_t *cfg, const char *key, const char *def,
			      diag_list_t *d)
{
	value_t *v = value_get_cstr(cfg->site, key);
	if (!v || v->kind == VALUE_NIL)
		return def;
	if (v->kind != VALUE_STRING) {
		diag_error(d, cfg->file, (int)v->line, (int)v->col, "'%s' must be a string, not %s",
			   key, value_kind_name(v->kind));
		return def;
	}
	return v->s.p;
}

static bool cfg_bool(const value_t *h, const char *key, bool def)
{
	value_t *v = value_get_cstr(h, key);
	return v && v->kind == VALUE_BOOL ? v->b : def;
}

/* "/repo/" -> "/repo", "repo" -> "/repo", "/" -> "" */
static const char *normalize_baseurl(arena_t *a, const char *b)
{
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	if (n == 0)
		return "";
	if (b[0] == '/')
		return arena_strndup(a, b, n);
	return arena_printf(a, "/%.*s", (int)n, b);
}

static const char *strip_trailing_slash(arena_t *a, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		n--;
	return arena_strndup(a, s, n);
}

static void add_collection(arena_t *a, config_t *cfg, const char *name, value_t *meta,
			   diag_list_t *d)
{
	collection_cfg_t *c = &cfg->collections[cfg->ncollections++];
	c->name = name;
	c->meta = meta;
	c->posts = strcmp(name, "posts") == 0 || cfg_bool(meta, "posts", false);
	c->output = cfg_bool(meta, "output", c->posts);
	const char *dir = value_cstr(value_get_cstr(meta, "dir"));
	c->dir = dir ? strip_trailing_slash(a, dir) : name;
	c->permalink = value_cstr(value_get_cstr(meta, "permalink"));
	if (!c->permalink)
		c->permalink = c->posts ? "/:year/:month/:day/:title:output_ext"
					: "/:collection/:path:output_ext";
	c->sort_by = value_cstr(value_get_cstr(meta, "sort_by"));
	if (strstr(c->dir, "..") || c->dir[0] == '/')
		diag_error(d, cfg->file, (int)meta->line, (int)meta->col,
			   "collection '%s': its folder must stay inside the content folder", name);
}

/* collections: {name: {output: true, ...}} or [name, ...] */
static void load_collections(arena_t *a, config_t *cfg, diag_list_t *d)
{
	value_t *cols = value_get_cstr(cfg->site, "collections");
	if (!cols || cols->kind == VALUE_NIL)
		return;
	size_t n = cols->kind == VALUE_HASH ? cols->h.n : cols->kind == VALUE_ARRAY ? cols->a.n : 0;
	if (cols->kind != VALUE_HASH && cols->kind != VALUE_ARRAY) {
		diag_error(d, cfg->file, (int)cols->line, (int)cols->col,
			   "'collections' must be a map of names to settings");
		return;
	}
	cfg->collections = ARENA_ARRAY(a, collection_cfg_t, n);
	value_t *normalized = value_new_hash(a, n);
	for (size_t i = 0; i < n; i++) {
		const char *name;
		value_t *meta;
		if (cols->kind == VALUE_HASH) {
			name = cols->h.entries[i].key.p;
			meta = cols->h.entries[i].val;
		} else {
			name = value_cstr(cols->a.items[i]);
			meta = NULL;
			if (!name) {
				diag_error(d, cfg->file, (int)cols->a.items[i]->line,
					   (int)cols->a.items[i]->col, "a collection name must be a string");
				continue;
			}
		}
		if (!meta || meta->kind != VALUE_HASH)
			meta = value_new_hash(a, 4);
		add_collection(a, cfg, name, meta, d);
		value_hash_set_cstr(a, normalized, name, meta);
	}
	value_hash_set_cstr(a, cfg->site, "collections_config", normalized);
}

static void load_exclude(arena_t *a, config_t *cfg)
{
	value_t *ex = value_get_cstr(cfg->site, "exclude");
	if (!ex || ex->kind != VALUE_ARRAY)
		return;
	cfg->exclude = ARENA_ARRAY(a, const char *, ex->a.n);
	for (size_t i = 0; i < ex->a.n; i++) {
		const char *s = value_cstr(ex->a.items[i]);
		if (s)
			cfg->exclude[cfg->nexclude++] = strip_trailing_slash(a, s[0] == '/' ? s + 1 : s);
	}
}

static bool valid_locale_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* locales: [fr, en], default_locale: fr (else the first), prefix_default_locale */
static void load_locales(arena_t *a, config_t *cfg, diag_list_t *d)
{
	value_t *list = value_get_cstr(cfg->site, "locales");
	const char *lang = cfg_string(cfg, "lang", "en", d);
	cfg->default_locale = cfg_string(cfg, "default_locale", NULL, d);
	size_t n = list && list->kind == VALUE_ARRAY ? list->a.n : 0;
	cfg->locales_declared = n > 0;
	cfg->locales = ARENA_ARRAY(a, const char *, n + 1);
	for (size_t i = 0; i < n; i++) {
		const char *code = value_cstr(list->a.items[i]);
		if (!code || !valid_locale_code(code)) {
			diag_error(d, cfg->file, (int)list->a.items[i]->line, (int)list->a.items[i]->col,
				   "a locale is a code such as fr, en or pt-BR");
			continue;
		}
		cfg->locales[cfg->nlocales++] = code;
	}
	if (list && list->kind != VALUE_ARRAY && list->kind != VALUE_NIL)
		diag_error(d, cfg->file, (int)list->line, (int)list->col, "'locales' must be a list of codes");
	if (!cfg->default_locale)
		cfg->default_locale = cfg->nlocales ? cfg->locales[0] : lang;
	if (!config_has_locale(cfg, cfg->default_locale, strlen(cfg->default_locale))) {
		if (cfg->nlocales) {
			value_t *v = value_get_cstr(cfg->site, "default_locale");
			diag_error(d, cfg->file, v ? (int)v->line : 0, v ? (int)v->col : 0,
				   "default_locale '%s' is not one of the locales", cfg->default_locale);
		}
		cfg->locales[cfg->nlocales++] = cfg->default_locale;
	}
	cfg->prefix_default_locale = cfg_bool(cfg->site, "prefix_default_locale", false);
	value_hash_set_cstr(a, cfg->site, "default_locale", value_new_cstr(a, cfg->default_locale));
}

bool config_has_locale(const config_t *cfg, const char *code, size_t n)
{
	for (size_t i = 0; i < cfg->nlocales; i++)
		if (strlen(cfg->locales[i]) == n && strncmp(cfg->locales[i], code, n) == 0)
			return true;
	return false;
}

/* Deep merge: b's keys over a's (nested hashes merge), as Jekyll merges
 * several --config files. */
static void merge_into(arena_t *a, value_t *into, const value_t *from)
{
	for (size_t i = 0; i < from->h.n; i++) {
		value_t *old = value_get(into, from->h.entries[i].key);
		value_t *v = from->h.entries[i].val;
		if (old && old->kind == VALUE_HASH && v->kind == VALUE_HASH)
			merge_into(a, old, v);
		else
			value_hash_set(a, into, from->h.entries[i].key, v);
	}
}

static const char *in_source(arena_t *a, const char *source, const char *file)
{
	return strcmp(source, ".") == 0 || file[0] == '/' ? file : arena_printf(a, "%s/%s", source, file);
}

/* One configuration file, merged into cfg->site. */
static int read_config_file(arena_t *a, config_t *cfg, const char *file, diag_list_t *d)
{
	buf_t text = BUF_INIT;
	if (read_file(file, &text) != 0) {
		buf_free(&text);
		return diag_error(d, file, 0, 0, "cannot read the site configuration: %m");
	}
	value_t *v = yaml_parse(a, file, buf_str(&text), 1, d);
	buf_free(&text);
	if (!v)
		return -1;
	if (v->kind != VALUE_HASH)
		return diag_error(d, file, 1, 1, "the configuration must be a map of settings");
	if (!cfg->site)
		cfg->site = v;
	else
		merge_into(a, cfg->site, v);
	cfg->file = file;
	return 0;
}

/* site.yml, else _config.yml (a Jekyll site), or the --config list. The
 * first file of the list named site.yml or _config.yml says which kind of
 * site it is (`site.yml,dev.yml` stays a pnyx site); a list naming neither
 * is read as the folder says: a pnyx site when site.yml is there. */
static int read_config(arena_t *a, const config_overrides_t *o, config_t *cfg, diag_list_t *d)
{
	const char *pnyx = in_source(a, cfg->source, CONFIG_FILE);
	const char *jekyll = in_source(a, cfg->source, JEKYLL_CONFIG);
	if (o->config_files) {
		int kind = 0; /* 1 pnyx, 2 Jekyll */
		const char *p = o->config_files;
		while (*p) {
			size_t n = strcspn(p, ",");
			const char *f = in_source(a, cfg->source, arena_strndup(a, p, n));
			const char *base = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
			if (!kind && strcmp(base, CONFIG_FILE) == 0)
				kind = 1;
			if (!kind && strcmp(base, JEKYLL_CONFIG) == 0)
				kind = 2;
			if (n && read_config_file(a, cfg, f, d) != 0)
				return -1;
			p += n + (p[n] == ',');
		}
		cfg->jekyll = kind ? kind == 2 : access(pnyx, F_OK) != 0;
		return cfg->site ? 0 : diag_error(d, NULL, 0, 0, "--config names no file");
	}
	if (access(pnyx, F_OK) != 0 && access(jekyll, F_OK) == 0) {
		cfg->jekyll = true;
		return read_config_file(a, cfg, jekyll, d);
	}
	return read_config_file(a, cfg, pnyx, d);
}

/* Jekyll's folders and defaults: _posts is always a collection, pages
 * live anywhere in the site, files starting with _ are its own. */
static void jekyll_defaults(arena_t *a, config_t *cfg, diag_list_t *d)
{
	cfg->content_dir = ".";
	cfg->data_dir = cfg_string(cfg, "data_dir", "_data", d);
	cfg->layouts_dir = cfg_string(cfg, "layouts_dir", "_layouts", d);
	cfg->includes_dir = cfg_string(cfg, "includes_dir", "_includes", d);
	cfg->static_dir = NULL;
	cfg->i18n_dir = NULL;
	cfg->drafts_dir = "_drafts";
	value_t *posts = value_get_cstr(value_get_cstr(cfg->site, "collections"), "posts");
	if (!posts || posts->kind != VALUE_HASH) {
		posts = value_new_hash(a, 2);
		value_t *cols = value_get_cstr(cfg->site, "collections");
		if (!cols || cols->kind != VALUE_HASH) {
			value_t *list = cols;
			cols = value_new_hash(a, 4);
			for (size_t i = 0; list && list->kind == VALUE_ARRAY && i < list->a.n; i++)
				if (value_cstr(list->a.items[i]))
					value_hash_set_cstr(a, cols, value_cstr(list->a.items[i]), value_new_hash(a, 0));
			value_hash_set_cstr(a, cfg->site, "collections", cols);
		}
		value_t *merged = value_new_hash(a, cols->h.n + 1);
		value_hash_set_cstr(a, merged, "posts", posts);
		for (size_t i = 0; i < cols->h.n; i++)
			value_hash_set(a, merged, cols->h.entries[i].key, cols->h.entries[i].val);
		value_hash_set_cstr(a, cfg->site, "collections", merged);
	}
	value_hash_set_cstr(a, posts, "output", value_bool(true));
	value_hash_set_cstr(a, posts, "posts", value_bool(true));
	if (!value_get_cstr(posts, "permalink"))
		value_hash_set_cstr(a, posts, "permalink", value_new_cstr(a, cfg->permalink));
	const char *cdir = cfg_string(cfg, "collections_dir", "", d);
	value_t *cols = value_get_cstr(cfg->site, "collections");
	for (size_t i = 0; i < cols->h.n; i++) {
		value_t *meta = cols->h.entries[i].val;
		if (meta->kind == VALUE_HASH && !value_get_cstr(meta, "dir"))
			value_hash_set_cstr(a, meta, "dir", value_new_cstr(a,
				arena_printf(a, "%s%s_%s", cdir, *cdir ? "/" : "", cols->h.entries[i].key.p)));
	}
	/* A gem theme's files cannot be loaded; once copied into the site
	 * (its _layouts there), there is nothing to say. */
	const char *theme = cfg_string(cfg, "theme", NULL, d);
	if (theme && access(in_source(a, cfg->source, cfg->layouts_dir), F_OK) != 0) {
		value_t *v = value_get_cstr(cfg->site, "theme");
		diag_warning(d, cfg->file, (int)v->line, (int)v->col,
			     "Jekyll theme gem '%s' cannot be loaded: copy its _layouts, _includes, _sass and "
			     "assets into the site ('bundle info --path %s' says where they are)", theme, theme);
	}
	cfg->defaults = value_get_cstr(cfg->site, "defaults");
	static const char *const excluded[] = { ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile",
		"Gemfile.lock", "node_modules", "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby" };
	value_t *ex = value_get_cstr(cfg->site, "exclude");
	value_t *all = value_new_array(a, 16);
	for (size_t i = 0; i < sizeof excluded / sizeof excluded[0]; i++)
		value_array_push(a, all, value_new_cstr(a, excluded[i]));
	for (size_t i = 0; ex && ex->kind == VALUE_ARRAY && i < ex->a.n; i++)
		value_array_push(a, all, ex->a.items[i]);
	value_hash_set_cstr(a, cfg->site, "exclude", all);
}

static void load_include(arena_t *a, config_t *cfg)
{
	value_t *inc = value_get_cstr(cfg->site, "include");
	if (!inc || inc->kind != VALUE_ARRAY)
		return;
	cfg->include = ARENA_ARRAY(a, const char *, inc->a.n);
	for (size_t i = 0; i < inc->a.n; i++)
		if (value_cstr(inc->a.items[i]))
			cfg->include[cfg->ninclude++] = value_cstr(inc->a.items[i]);
}

/* `sass: {sass_dir, load_paths, style}`. */
static void load_sass(arena_t *a, config_t *cfg, diag_list_t *d)
{
	static const char *const styles[] = { "nested", "expanded", "compact", "compressed" };
	value_t *sass = value_get_cstr(cfg->site, "sass");
	if (sass && sass->kind != VALUE_HASH) {
		diag_error(d, cfg->file, (int)sass->line, (int)sass->col, "'sass' must be a map of settings");
		sass = NULL;
	}
	value_t *dir = value_get_cstr(sass, "sass_dir");
	value_t *paths = value_get_cstr(sass, "load_paths");
	value_t *style = value_get_cstr(sass, "style");
	size_t npaths = paths && paths->kind == VALUE_ARRAY ? paths->a.n : paths ? 1 : 0;
	cfg->sass_paths = ARENA_ARRAY(a, const char *, npaths + 2);
	for (size_t i = 0; i < npaths; i++) {
		const char *p = value_cstr(paths->kind == VALUE_ARRAY ? paths->a.items[i] : paths);
		if (p && *p)
			cfg->sass_paths[cfg->nsass_paths++] = p;
	}
	const char *d0 = value_cstr(dir);
	cfg->sass_paths[cfg->nsass_paths++] = d0 && *d0 ? d0 : cfg->jekyll ? "_sass" : "sass";
	if (cfg->theme_dir)
		cfg->sass_paths[cfg->nsass_paths++] = arena_printf(a, "%s/sass", cfg->theme_dir);
	cfg->sass_style = cfg->jekyll ? "compact" : "expanded";
	const char *st = value_cstr(style);
	if (st) {
		size_t i = 0;
		while (i < ARRAY_LEN(styles) && strcmp(styles[i], *st == ':' ? st + 1 : st) != 0)
			i++;
		if (i < ARRAY_LEN(styles))
			cfg->sass_style = styles[i];
		else
			diag_error(d, cfg->file, (int)style->line, (int)style->col,
				   "sass style '%s' is not one of nested, expanded, compact, compressed", st);
	}
}

int config_load(arena_t *a, const config_overrides_t *o, config_t *cfg, diag_list_t *d)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->source = o->source ? o->source : ".";
	size_t before = diag_error_count(d);
	if (read_config(a, o, cfg, d) != 0)
		return -1;
	cfg->permalink = cfg_string(cfg, "permalink", "date", d);
	if (cfg->jekyll) {
		jekyll_defaults(a, cfg, d);
	} else {
		cfg->content_dir = cfg_string(cfg, "content_dir", "content", d);
		cfg->data_dir = cfg_string(cfg, "data_dir", "data", d);
		cfg->static_dir = cfg_string(cfg, "static_dir", "static", d);
		cfg->layouts_dir = cfg_string(cfg, "layouts_dir", "layouts", d);
		cfg->includes_dir = cfg_string(cfg, "includes_dir", "includes", d);
		cfg->i18n_dir = cfg_string(cfg, "i18n_dir", "i18n", d);
	}
	const char *theme = cfg->jekyll ? NULL : cfg_string(cfg, "theme", NULL, d);
	if (theme && (strchr(theme, '/') || strcmp(theme, "..") == 0 || !*theme)) {
		value_t *v = value_get_cstr(cfg->site, "theme");
		diag_error(d, cfg->file, (int)v->line, (int)v->col,
			   "theme '%s' must be a folder name under themes/", theme);
		theme = NULL;
	}
	cfg->theme_dir = theme ? arena_printf(a, "themes/%s", theme) : NULL;
	cfg->url = strip_trailing_slash(a, cfg_string(cfg, "url", "", d));
	const char *baseurl = o->baseurl ? o->baseurl : cfg_string(cfg, "baseurl", "", d);
	cfg->baseurl = normalize_baseurl(a, baseurl);
	value_hash_set_cstr(a, cfg->site, "baseurl", value_new_cstr(a, cfg->baseurl));
	value_hash_set_cstr(a, cfg->site, "url", value_new_cstr(a, cfg->url));
	cfg->timezone = cfg_string(cfg, "timezone", NULL, d);
	cfg->show_drafts = o->drafts;
	cfg->future = o->future || cfg_bool(cfg->site, "future", false);
	load_collections(a, cfg, d);
	load_exclude(a, cfg);
	load_include(a, cfg);
	load_locales(a, cfg, d);
	load_sass(a, cfg, d);
	return diag_error_count(d) > before ? -1 : 0;
}

const collection_cfg_t *config_collection_for(const config_t *cfg, const char *rel)
{
	for (size_t i = 0; i < cfg->ncollections; i++) {
		size_t n = strlen(cfg->collections[i].dir);
		if (strncmp(rel, cfg->collections[i].dir, n) == 0 && rel[n] == '/')
			return &cfg->collections[i];
	}
	return NULL;
}

bool config_excluded(const config_t *cfg, const char *rel)
{
	for (size_t i = 0; i < cfg->nexclude; i++) {
		const char *ex = cfg->exclude[i];
		size_t n = strlen(ex);
		if (strncmp(rel, ex, n) == 0 && (rel[n] == '\0' || rel[n] == '/'))
			return true;
		if (fnmatch(ex, rel, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

bool config_included(const config_t *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->ninclude; i++)
		if (strcmp(cfg->include[i], name) == 0)
			return true;
	return false;
}

/* scope: {path: "blog", type: "posts"}: path is a prefix of the page's
 * path from the site root ("" matches all), type its kind. */
static bool scope_matches(const value_t *scope, const char *site_rel, const char *type)
{
	const char *path = value_cstr(value_get_cstr(scope, "path"));
	const char *t = value_cstr(value_get_cstr(scope, "type"));
	if (t && strcmp(t, type) != 0)
		return false;
	if (!path || !*path)
		return true;
	if (strchr(path, '*'))
		return fnmatch(path, site_rel, 0) == 0;
	size_t n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	return strncmp(site_rel, path, n) == 0 && (site_rel[n] == '/' || site_rel[n] == '\0');
}

value_t *config_apply_defaults(arena_t *a, const config_t *cfg, const char *site_rel,
			       const char *type, value_t *front)
{
	const value_t *defs = cfg->defaults;
	if (!defs || defs->kind != VALUE_ARRAY)
		return front;
	value_t *merged = NULL;
	for (size_t i = 0; i < defs->a.n; i++) {
		const value_t *def = defs->a.items[i];
		const value_t *values = value_get_cstr(def, "values");
		if (!values || values->kind != VALUE_HASH || !scope_matches(value_get_cstr(def, "scope"), site_rel, type))
			continue;
		if (!merged)
			merged = value_new_hash(a, values->h.n + front->h.n);
		merge_into(a, merged, values); /* later defaults over earlier ones */
	}
	if (!merged)
		return front;
	for (size_t i = 0; i < front->h.n; i++)
		value_hash_set(a, merged, front->h.entries[i].key, front->h.entries[i].val);
	return merged;
}
