#include "build.h"
#include "build_int.h"
#include "check.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "liquid/liquid.h"
#include "outputs.h"
#include "page.h"
#include "pool.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "util.h"
#include "write.h"

double build_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* site.time: SOURCE_DATE_EPOCH when set, for reproducible builds; shown
 * in the site's time zone. */
static value_time_t site_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return (value_time_t){ .sec = (int64_t)t, .utc_off = (int32_t)tm.tm_gmtoff };
}

static void set_timezone(const config_t *cfg)
{
	/* the site's zone, never the machine's: same sources, same bytes */
	setenv("TZ", cfg->timezone ? cfg->timezone : "UTC", 1);
	tzset();
}

/* With PNYX_TIMINGS in the environment, each step's wall time goes to
 * stderr: what `make bench` and a profile need, nothing a user sees. */
static void step_done(build_t *b, const char *step)
{
	if (!b->timings)
		return;
	double t = build_now();
	fprintf(stderr, "pnyx: %-7s %.3f s\n", step, t - b->mark);
	b->mark = t;
}

static void parse_one(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	page_parse(&b->files[i], b->cfg, b->workers[w].keep, &b->workers[w].diags);
}

void build_body_one(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	worker_t *wk = &b->workers[w];
	page_t *p = b->body_order[i];
	if (render_body(&b->site, p, wk->keep, wk->tmp, &wk->diags) != 0)
		p->failed = true;
	arena_reset(wk->tmp);
}

/* Pass 2 and the write: pages first, then static copies. */
static void output_one(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	worker_t *wk = &b->workers[w];
	if (i < b->site.nrender) {
		page_t *p = b->site.render[i];
		buf_clear(&wk->out);
		if (render_layouts(&b->site, p, wk->tmp, &wk->out, &wk->diags) == 0) {
			if (b->in_memory)
				p->html = arena_str(wk->keep, buf_str(&wk->out));
			else
				write_file(b->writer, p->out_path, wk->out.p, wk->out.n, &wk->diags);
		}
		arena_reset(wk->tmp);
	} else if (!b->in_memory) {
		page_t *p = b->site.copies[i - b->site.nrender];
		write_copy(b->writer, p->out_path, p->src->path, &wk->diags);
	}
}

/* Feeds, sitemap, search indexes and the like, written beside the pages. */
static void emit_write(build_t *b, diag_list_t *d)
{
	output_list_t *out = &b->emitted;
	for (size_t i = 0; !b->in_memory && i < out->n; i++)
		write_file(b->writer, out->items[i].path, out->items[i].data.p, out->items[i].data.n, d);
}

/* Every file the build writes: pages, copies, emitted outputs (emitted
 * already). For the caller to free. */
static const char **output_paths(const build_t *b, size_t *n)
{
	*n = b->site.nrender + b->site.ncopies + b->emitted.n;
	const char **paths = xcalloc(*n + 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < b->site.nrender; i++)
		paths[k++] = b->site.render[i]->out_path;
	for (size_t i = 0; i < b->site.ncopies; i++)
		paths[k++] = b->site.copies[i]->out_path;
	for (size_t i = 0; i < b->emitted.n; i++)
		paths[k++] = b->emitted.items[i].path;
	return paths;
}

/* Gathers every worker's diagnostics; true when there is no error. */
bool build_collect(build_t *b, diag_list_t *d)
{
	for (int w = 0; w < b->nworkers; w++)
		diag_merge(d, &b->workers[w].diags);
	return diag_error_count(d) == 0;
}

static void update_one(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	page_t *p = b->site.render[i];
	build_update_file(b->update_dest, p->out_path, p->html.p, p->html.n, &b->workers[w].written,
			  &b->workers[w].diags);
}

bool build_update_file(const char *dest, const char *rel, const void *data, size_t n,
		       size_t *written, diag_list_t *d)
{
	int rc = write_update(dest, rel, data, n, d);
	if (rc > 0)
		(*written)++;
	return rc >= 0;
}

/* A whole rebuild of pnyx serve: everything rendered in memory first (an
 * error leaves the served site as it was), then only the files whose bytes
 * changed are replaced, each atomically, and files no longer made are
 * removed. Cheaper than a fresh folder of 10,000 files and unlinking the
 * old one. */
static bool update_in_place(build_t *b, arena_t *a, const char *dest, diag_list_t *d)
{
	b->in_memory = true;
	pool_run(b->site.nrender, b->nworkers, output_one, b);
	step_done(b, "layouts");
	if (!build_collect(b, d))
		return false;
	b->update_dest = dest;
	pool_run(b->site.nrender, b->nworkers, update_one, b);
	bool ok = build_collect(b, d);
	for (int w = 0; w < b->nworkers; w++)
		b->written += b->workers[w].written;
	for (size_t i = 0; i < b->site.ncopies; i++) {
		page_t *p = b->site.copies[i];
		buf_t data = BUF_INIT;
		if (source_read(p->src->path, &data) != 0)
			ok = diag_error(d, p->src->path, 0, 0, "cannot read: %s", strerror(errno)) == 0;
		else
			ok &= build_update_file(dest, p->out_path, data.p, data.n, &b->written, d);
		buf_free(&data);
	}
	for (size_t i = 0; i < b->emitted.n; i++)
		ok &= build_update_file(dest, b->emitted.items[i].path, b->emitted.items[i].data.p,
					b->emitted.items[i].data.n, &b->written, d);
	size_t n;
	const char **keep = output_paths(b, &n);
	if (ok)
		write_prune(dest, keep, n);
	free(keep);
	for (size_t i = 0; i < b->site.nrender; i++)
		b->site.render[i]->html = (str_t){ NULL, 0 }; /* kept arenas are reused by rebuilds */
	step_done(b, "update");
	return ok;
}

static bool renders_first(const page_t *p)
{
	return (p->collection || p->deck) && !p->generated;
}

static bool run_steps(build_t *b, arena_t *a, const build_opts_t *o, const source_list_t *src,
		      diag_list_t *d)
{
	b->files = ARENA_ARRAY(a, page_t, src->n + 1);
	for (size_t i = 0; i < src->n; i++)
		b->files[i].src = &src->items[i];
	pool_run(src->n, b->nworkers, parse_one, b);
	step_done(b, "parse");
	if (!build_collect(b, d))
		return false;
	b->site = (site_t){ .cfg = b->cfg, .files = b->files, .nfiles = src->n, .time = site_time() };
	if (site_index(&b->site, a, d) != 0)
		return false;
	step_done(b, "index");
	/* Documents and decks first, as Jekyll renders posts before pages: a
	 * blog index then lists their excerpts, slide pages show their slides. */
	size_t n = b->site.nrender, ndocs = 0;
	b->body_order = ARENA_ARRAY(a, page_t *, n + 1);
	for (size_t i = 0; i < n; i++)
		if (renders_first(b->site.render[i]))
			b->body_order[ndocs++] = b->site.render[i];
	for (size_t i = 0, k = ndocs; i < n; i++)
		if (!renders_first(b->site.render[i]))
			b->body_order[k++] = b->site.render[i];
	pool_run(ndocs, b->nworkers, build_body_one, b);
	render_publish_content(&b->site, b->body_order, ndocs, a);
	b->body_order += ndocs;
	pool_run(n - ndocs, b->nworkers, build_body_one, b);
	render_publish_content(&b->site, b->body_order, n - ndocs, a);
	step_done(b, "bodies");
	if (!build_collect(b, d))
		return false;
	const char *dest = o->dest ? o->dest : arena_printf(a, "%s/_site", b->cfg->source);
	struct stat st;
	bool update = o->in_place && !o->in_memory && stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	/* Outputs read bodies, not layouts: made first, their paths are known
	 * to the writer with all others. */
	outputs_emit(&b->site, a, OUTPUTS_ALL, &b->emitted);
	step_done(b, "emit");
	if (update)
		return update_in_place(b, a, dest, d);
	b->in_memory = o->in_memory;
	if (!b->in_memory) {
		size_t npaths;
		const char **paths = output_paths(b, &npaths);
		b->writer = write_begin(dest, paths, npaths, d);
		free(paths);
		if (!b->writer)
			return false;
		step_done(b, "staging");
	}
	pool_run(b->site.nrender + b->site.ncopies, b->nworkers, output_one, b);
	emit_write(b, d);
	step_done(b, "layouts");
	if (b->in_memory)
		return build_collect(b, d);
	if (!build_collect(b, d)) {
		write_abort(b->writer);
		return false;
	}
	bool ok = write_commit(b->writer, d) == 0;
	step_done(b, "commit");
	return ok;
}

/* Jekyll plugins written in Ruby cannot run: a site maps the filters they
 * add to built-in ones (`pnyx: {filters: {theirs: ours}}` in its
 * configuration), and unknown ones are reported with that advice. Runs
 * before any thread. */
static void plugins_map(const config_t *cfg, diag_list_t *d)
{
	liquid_set_unknown_hint(cfg->jekyll ? " (a Jekyll plugin's? Ruby plugins cannot run in pnyx: map a plugin's"
					      " filter to a built-in under pnyx: filters: in _config.yml. Not in pnyx"
					      " yet: {% highlight %}, write a fenced code block; {% include_relative %},"
					      " move the file to _includes)" : NULL);
	value_t *map = value_dig(cfg->site, "pnyx.filters");
	for (size_t i = 0; map && map->kind == VALUE_HASH && i < map->h.n; i++) {
		const value_t *target = map->h.entries[i].val;
		liquid_filter_fn fn = value_cstr(target) ? liquid_find_filter(target->s) : NULL;
		if (fn) /* the registry keeps the name: a copy outlives this build */
			liquid_register_filter(liquid_find_filter(map->h.entries[i].key) ? map->h.entries[i].key.p
					       : xstrdup(map->h.entries[i].key.p), fn);
		else
			diag_error(d, cfg->file, (int)target->line, (int)target->col,
				   "pnyx.filters: '%s' is not a built-in filter", value_cstr(target) ? value_cstr(target) : "?");
	}
}

/* Frees what the last full build kept. */
static void state_free(build_session_t *s)
{
	build_t *b = &s->b;
	for (int w = 0; w < b->nworkers; w++) {
		arena_free(b->workers[w].keep);
		arena_free(b->workers[w].tmp);
		diag_free(&b->workers[w].diags);
		buf_free(&b->workers[w].out);
	}
	free(b->workers);
	outputs_free(&b->emitted);
	site_free(&b->site);
	source_list_free(&s->src);
	arena_free(s->a);
	arena_free(s->delta);
	memset(b, 0, sizeof *b);
	s->a = s->delta = NULL;
	s->live = false;
}

/* A whole build; on success its state is kept for incremental rebuilds. */
static bool full_build(build_session_t *s, diag_list_t *d)
{
	state_free(s);
	s->a = arena_new();
	s->delta = arena_new();
	s->updates = 0;
	const char *timings = getenv("PNYX_TIMINGS");
	build_t *b = &s->b;
	*b = (build_t){ .cfg = &s->cfg, .timings = timings && *timings, .mark = build_now() };
	bool ok = config_load(s->a, &s->opts.config, &s->cfg, d) == 0;
	if (ok) {
		set_timezone(&s->cfg);
		plugins_map(&s->cfg, d);
		ok = source_scan(s->a, &s->cfg, &s->src, d) == 0;
		step_done(b, "load");
	}
	if (ok) {
		b->nworkers = s->opts.threads > 0 ? s->opts.threads : pool_default_threads();
		b->workers = xcalloc((size_t)b->nworkers, sizeof(worker_t));
		for (int w = 0; w < b->nworkers; w++) {
			b->workers[w].keep = arena_new();
			b->workers[w].tmp = arena_new();
		}
		ok = run_steps(b, s->a, &s->opts, &s->src, d);
	}
	if (ok) {
		s->dest = s->opts.dest ? s->opts.dest : arena_printf(s->a, "%s/_site", s->cfg.source);
		build_note_full(s);
		s->live = true;
	} else {
		state_free(s);
	}
	return ok;
}

build_session_t *build_session_new(const build_opts_t *o)
{
	render_init();
	build_session_t *s = xcalloc(1, sizeof *s);
	s->opts = *o;
	return s;
}

int build_session_run(build_session_t *s, const char *const *changed, size_t n, diag_list_t *d,
		      build_stats_t *stats)
{
	double t0 = build_now();
	int rc = -1;
	bool done = false;
	if (changed && n && s->live) {
		int inc = build_incremental(s, changed, n, d);
		done = inc != BUILD_NEEDS_FULL;
		rc = inc == 0 ? 0 : -1;
		if (stats)
			stats->incremental = done;
	}
	if (!done) {
		if (stats)
			stats->incremental = false;
		rc = full_build(s, d) ? 0 : -1;
	}
	if (stats) {
		stats->pages = stats->incremental ? s->last_rendered : s->b.site.nrender;
		stats->copies = stats->incremental ? 0 : s->b.site.ncopies;
		stats->updated = stats->incremental || s->b.update_dest;
		stats->written = stats->incremental ? s->last_written : s->b.written;
		stats->seconds = build_now() - t0;
	}
	diag_sort(d);
	diag_unique(d);
	return rc;
}

void build_session_free(build_session_t *s)
{
	if (!s)
		return;
	state_free(s);
	free(s);
}

int build_run(const build_opts_t *o, diag_list_t *d, build_stats_t *stats)
{
	build_session_t *s = build_session_new(o);
	int rc = build_session_run(s, NULL, 0, d, stats);
	build_session_free(s);
	return rc;
}

/* Every output of the kept build as the checks see it. */
static check_output_t *check_outputs(build_session_t *s, size_t *n)
{
	site_t *site = &s->b.site;
	output_list_t *em = &s->b.emitted;
	check_output_t *out = xcalloc(site->nrender + site->ncopies + em->n + 1, sizeof(check_output_t));
	size_t k = 0;
	for (size_t i = 0; i < site->nrender; i++) {
		page_t *p = site->render[i];
		out[k++] = (check_output_t){ p->url, p->out_path, p->src->path, p->generated ? 0 : p->body_line,
					     p->html, p->locale, p->generated ? NULL : p->tkey };
	}
	for (size_t i = 0; i < site->ncopies; i++) {
		page_t *p = site->copies[i];
		out[k++] = (check_output_t){ arena_printf(s->a, "/%s", p->out_path), p->out_path, p->src->path,
					     0, { NULL, 0 }, NULL, NULL };
	}
	for (size_t i = 0; i < em->n; i++)
		out[k++] = (check_output_t){ arena_printf(s->a, "/%s", em->items[i].path), em->items[i].path,
					     NULL, 0, { NULL, 0 }, NULL, NULL };
	*n = k;
	return out;
}

size_t build_check(const build_opts_t *o, bool external, diag_list_t *d)
{
	build_opts_t mem = *o;
	mem.in_memory = true;
	build_session_t *s = build_session_new(&mem);
	size_t problems = 0;
	if (build_session_run(s, NULL, 0, d, NULL) == 0) {
		size_t n;
		check_output_t *outs = check_outputs(s, &n);
		check_input_t in = { .outputs = outs, .n = n, .baseurl = s->cfg.baseurl,
				     .site_url = s->cfg.url, .locales = s->cfg.locales,
				     .nlocales = s->cfg.nlocales, .external = external };
		check_site(&in, d);
		free(outs);
		diag_sort(d);
		diag_unique(d);
	}
	problems = diag_error_count(d);
	build_session_free(s);
	return problems;
}
