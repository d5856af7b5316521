#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "outputs.h"
#include "page.h"
#include "pool.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "util.h"
#include "write.h"

/* What each thread owns: nothing here is shared between workers. */
typedef struct {
	arena_t *keep;       /* lives as long as the build: parsed trees, content */
	arena_t *tmp;        /* reset after every item */
	diag_list_t diags;
	buf_t out;
} worker_t;

typedef struct {
	const config_t *cfg;
	site_t site;
	page_t *files;
	worker_t *workers;
	int nworkers;
	writer_t *writer;
	page_t **body_order;  /* documents of collections first, then pages */
	bool timings;        /* PNYX_TIMINGS set: print each step's time */
	double mark;
} build_t;

static double now_seconds(void)
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
	double t = now_seconds();
	fprintf(stderr, "pnyx: %-7s %.3f s\n", step, t - b->mark);
	b->mark = t;
}

static void parse_one(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	page_parse(&b->files[i], b->cfg, b->workers[w].keep, &b->workers[w].diags);
}

static void body_one(void *ctx, size_t i, int w)
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
		if (render_layouts(&b->site, p, wk->tmp, &wk->out, &wk->diags) == 0)
			write_file(b->writer, p->out_path, wk->out.p, wk->out.n, &wk->diags);
		arena_reset(wk->tmp);
	} else {
		page_t *p = b->site.copies[i - b->site.nrender];
		write_copy(b->writer, p->out_path, p->src->path, &wk->diags);
	}
}

/* Feeds, sitemap, search indexes and the like, written beside the pages. */
static void emit(build_t *b, arena_t *a, diag_list_t *d)
{
	output_list_t out = { 0 };
	outputs_emit(&b->site, a, &out);
	for (size_t i = 0; i < out.n; i++)
		write_file(b->writer, out.items[i].path, out.items[i].data.p, out.items[i].data.n, d);
	outputs_free(&out);
}

/* Gathers every worker's diagnostics; true when there is no error. */
static bool collect(build_t *b, diag_list_t *d)
{
	for (int w = 0; w < b->nworkers; w++)
		diag_merge(d, &b->workers[w].diags);
	return diag_error_count(d) == 0;
}

static bool run_steps(build_t *b, arena_t *a, const build_opts_t *o, const source_list_t *src,
		      diag_list_t *d)
{
	b->files = ARENA_ARRAY(a, page_t, src->n + 1);
	for (size_t i = 0; i < src->n; i++)
		b->files[i].src = &src->items[i];
	pool_run(src->n, b->nworkers, parse_one, b);
	step_done(b, "parse");
	if (!collect(b, d))
		return false;
	b->site = (site_t){ .cfg = b->cfg, .files = b->files, .nfiles = src->n, .time = site_time() };
	if (site_index(&b->site, a, d) != 0)
		return false;
	step_done(b, "index");
	/* Documents first, as Jekyll renders posts before pages: a blog index
	 * then lists their excerpts and content. */
	size_t n = b->site.nrender, ndocs = 0;
	b->body_order = ARENA_ARRAY(a, page_t *, n + 1);
	for (size_t i = 0; i < n; i++)
		if (b->site.render[i]->collection && !b->site.render[i]->generated)
			b->body_order[ndocs++] = b->site.render[i];
	for (size_t i = 0, k = ndocs; i < n; i++)
		if (!(b->site.render[i]->collection && !b->site.render[i]->generated))
			b->body_order[k++] = b->site.render[i];
	pool_run(ndocs, b->nworkers, body_one, b);
	render_publish_content(&b->site, b->body_order, ndocs, a);
	b->body_order += ndocs;
	pool_run(n - ndocs, b->nworkers, body_one, b);
	render_publish_content(&b->site, b->body_order, n - ndocs, a);
	step_done(b, "bodies");
	if (!collect(b, d))
		return false;
	const char *dest = o->dest ? o->dest : arena_printf(a, "%s/_site", b->cfg->source);
	b->writer = write_begin(dest, d);
	if (!b->writer)
		return false;
	pool_run(b->site.nrender + b->site.ncopies, b->nworkers, output_one, b);
	step_done(b, "layouts");
	emit(b, a, d);
	step_done(b, "emit");
	if (!collect(b, d)) {
		write_abort(b->writer);
		return false;
	}
	bool ok = write_commit(b->writer, d) == 0;
	step_done(b, "commit");
	return ok;
}

int build_run(const build_opts_t *o, diag_list_t *d, build_stats_t *stats)
{
	double t0 = now_seconds();
	render_init();
	arena_t *a = arena_new();
	config_t cfg;
	const char *timings = getenv("PNYX_TIMINGS");
	build_t b = { .cfg = &cfg, .timings = timings && *timings, .mark = t0 };
	source_list_t src = { 0 };
	bool ok = config_load(a, &o->config, &cfg, d) == 0;
	if (ok) {
		set_timezone(&cfg);
		ok = source_scan(a, &cfg, &src, d) == 0;
		step_done(&b, "load");
	}
	if (ok) {
		b.nworkers = o->threads > 0 ? o->threads : pool_default_threads();
		b.workers = xcalloc((size_t)b.nworkers, sizeof(worker_t));
		for (int w = 0; w < b.nworkers; w++) {
			b.workers[w].keep = arena_new();
			b.workers[w].tmp = arena_new();
		}
		ok = run_steps(&b, a, o, &src, d);
	}
	if (stats) {
		stats->pages = b.site.nrender;
		stats->copies = b.site.ncopies;
		stats->seconds = now_seconds() - t0;
	}
	for (int w = 0; w < b.nworkers; w++) {
		arena_free(b.workers[w].keep);
		arena_free(b.workers[w].tmp);
		diag_free(&b.workers[w].diags);
		buf_free(&b.workers[w].out);
	}
	free(b.workers);
	site_free(&b.site);
	source_list_free(&src);
	arena_free(a);
	diag_sort(d);
	diag_unique(d);
	return ok ? 0 : -1;
}
