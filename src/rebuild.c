/* rebuild.c - incremental rebuilds for pnyx serve.
 *
 * The common edit is a change to the text of a page. Its front matter is
 * the same, so nothing the index step computed changes: the page's body
 * is parsed and rendered again, then the pages whose templates show other
 * pages' content or excerpts (blog indexes, feeds), and only the output
 * files whose bytes changed are replaced, each atomically. Anything else
 * asks for a whole build, which is fast enough for a layout edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_int.h"
#include "frontmatter.h"
#include "liquid/liquid.h"
#include "outputs.h"
#include "pool.h"
#include "render.h"
#include "util.h"

/* What rebuilds may add to the kept build before a whole build starts
 * afresh, as a share of its memory: keeps `pnyx serve` flat over a day. */
#define REBUILD_GROWTH_DIVISOR 20
#define REBUILD_GROWTH_MIN (8u << 20)

/* What rebuilds allocate into: the delta arena and the workers' kept arenas. */
static size_t kept_growth(const build_session_t *s)
{
	size_t used = arena_used(s->delta);
	for (int w = 0; w < s->b.nworkers; w++)
		used += arena_used(s->b.workers[w].keep);
	return used;
}

/* True when p may show other pages' content or excerpts: its body or a
 * layout of its chain says so, or its last render loaded an include that
 * does. Which includes a page loads is known only by rendering it; an
 * edit of another page's body cannot change them unless one of p's
 * templates reads that body, which marks p anyway. */
static bool reads_others(const page_t *p)
{
	if (p->used_showing || page_text_shows_others(p->body))
		return true;
	for (const page_t *l = p->layout; l; l = l->layout)
		if (page_text_shows_others(l->body))
			return true;
	return false;
}

/* Which pages show other pages' content or excerpts: what an edit of a
 * body must re-render besides that page. Done by the first rebuild, not
 * by every build (pnyx build never needs it). */
static void mark_readers(build_session_t *s)
{
	site_t *site = &s->b.site;
	for (size_t i = 0; i < site->nrender; i++)
		site->render[i]->reads_others = reads_others(site->render[i]);
	s->readers_marked = true;
}

void build_note_full(build_session_t *s)
{
	s->readers_marked = false;
	s->full_bytes = arena_used(s->a);
	s->kept_bytes = kept_growth(s);
	s->full_bytes += s->kept_bytes;
}

/* The content page read from `path`, when a body edit of it can be
 * applied in place; NULL when a whole build is needed (*known tells
 * whether path is a source of the build at all). */
static page_t *editable_page(build_session_t *s, const char *path, bool *known)
{
	*known = false;
	for (size_t i = 0; i < s->b.site.nfiles; i++) {
		page_t *p = &s->b.site.files[i];
		if (strcmp(p->src->path, path) != 0)
			continue;
		*known = true;
		bool ok = p->src->kind == SOURCE_CONTENT && !p->is_static && !p->deck && p->output &&
			  !p->failed && p->tpl && p->url;
		return ok ? p : NULL;
	}
	return NULL;
}

/* Reads the page again; a new template when only its body changed, else
 * NULL with *full set (or NULL with diagnostics on a syntax error). */
static liquid_template_t *reparse_body(build_session_t *s, page_t *p, str_t *body, bool *full,
				       diag_list_t *d)
{
	buf_t text = BUF_INIT;
	liquid_template_t *tpl = NULL;
	frontmatter_t fm;
	*full = true;
	if (source_read(p->src->path, &text) != 0)
		goto done;
	if (frontmatter_split(p->src->path, buf_str(&text), &fm, d) != 0) {
		*full = false; /* an error to show, not a reason for a whole build */
		goto done;
	}
	if (!fm.present || !str_eq(fm.yaml, p->yaml) || fm.body_line != p->body_line)
		goto done;
	*full = false;
	tpl = liquid_parse(s->delta, p->src->path, fm.body, fm.body_line, d);
	if (tpl)
		*body = liquid_template_source(tpl);
done:
	buf_free(&text);
	return tpl;
}

static void redo_layouts(void *ctx, size_t i, int w)
{
	build_t *b = ctx;
	worker_t *wk = &b->workers[w];
	if (render_layouts(&b->site, b->redo[i], wk->tmp, &b->redo_out[i], &wk->diags) != 0)
		b->redo[i]->failed = true;
	arena_reset(wk->tmp);
}

/* Renders `pages` again (both passes) and writes what changed. */
static int render_and_write(build_session_t *s, page_t **pages, size_t n1, size_t n, diag_list_t *d)
{
	build_t *b = &s->b;
	for (size_t i = 0; i < n; i++)
		pages[i]->search_entry = (str_t){ NULL, 0 }; /* its excerpt may change */
	b->body_order = pages;
	pool_run(n1, b->nworkers, build_body_one, b);
	render_publish_content(&b->site, pages, n1, s->delta);
	b->body_order = pages + n1;
	pool_run(n - n1, b->nworkers, build_body_one, b);
	render_publish_content(&b->site, pages + n1, n - n1, s->delta);
	if (!build_collect(b, d))
		return -1;
	b->redo = pages;
	b->redo_out = xcalloc(n + 1, sizeof(buf_t));
	pool_run(n, b->nworkers, redo_layouts, b);
	output_list_t out = { 0 };
	int rc = 0;
	if (getenv("PNYX_TIMINGS"))
		fprintf(stderr, "pnyx: rerender %zu pages %.3f s\n", n, build_now() - b->mark);
	if (build_collect(b, d)) {
		outputs_emit(&b->site, s->delta, OUTPUTS_CONTENT, &out);
		if (getenv("PNYX_TIMINGS"))
			fprintf(stderr, "pnyx: emit %.3f s\n", build_now() - b->mark);
		s->last_written = 0;
		for (size_t i = 0; i < n; i++)
			if (!build_update_file(s->dest, pages[i]->out_path, b->redo_out[i].p, b->redo_out[i].n,
					       &s->last_written, d))
				rc = -1;
		for (size_t i = 0; i < out.n; i++)
			if (!build_update_file(s->dest, out.items[i].path, out.items[i].data.p,
					       out.items[i].data.n, &s->last_written, d))
				rc = -1;
	} else {
		rc = -1;
	}
	outputs_free(&out);
	for (size_t i = 0; i < n; i++)
		buf_free(&b->redo_out[i]);
	free(b->redo_out);
	b->redo_out = NULL;
	return rc;
}

static void add_unique(page_t **list, size_t *n, page_t *p)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == p)
			return;
	list[(*n)++] = p;
}

int build_incremental(build_session_t *s, const char *const *changed, size_t n, diag_list_t *d)
{
	site_t *site = &s->b.site;
	size_t budget = s->full_bytes / REBUILD_GROWTH_DIVISOR;
	if (budget < REBUILD_GROWTH_MIN)
		budget = REBUILD_GROWTH_MIN; /* a small site need not start afresh every few edits */
	if (kept_growth(s) - s->kept_bytes > budget)
		return BUILD_NEEDS_FULL;
	if (!s->readers_marked)
		mark_readers(s);
	page_t **edited = xcalloc(n + 1, sizeof(page_t *));
	str_t *bodies = xcalloc(n + 1, sizeof(str_t));
	liquid_template_t **tpls = xcalloc(n + 1, sizeof(liquid_template_t *));
	int rc = 0;
	s->b.mark = build_now();
	size_t kept = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool full, known;
		page_t *p = editable_page(s, changed[i], &known);
		if (!p && !known && access(changed[i], F_OK) != 0)
			continue; /* an editor's temporary file, already gone (sed -i, vim's 4913) */
		edited[kept] = p;
		tpls[kept] = p ? reparse_body(s, p, &bodies[kept], &full, d) : NULL;
		if (!tpls[kept])
			rc = !p || full ? BUILD_NEEDS_FULL : -1;
		kept++;
	}
	n = kept;
	if (rc == 0 && n == 0)
		rc = BUILD_NEEDS_FULL; /* nothing we know changed: be safe */
	page_t **redo = NULL;
	if (rc == 0) {
		/* from here the kept state changes: on failure, a whole build next time */
		s->live = false;
		redo = xcalloc(site->nrender + 1, sizeof(page_t *));
		size_t nredo = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < site->nrender; k++) { /* the page and its pagination copies */
				page_t *q = site->render[k];
				if (q->src == edited[i]->src && q->tpl == edited[i]->tpl && q != edited[i]) {
					q->tpl = tpls[i];
					q->body = bodies[i];
					add_unique(redo, &nredo, q);
				}
			}
		for (size_t i = 0; i < n; i++) {
			edited[i]->tpl = tpls[i];
			edited[i]->body = bodies[i];
			add_unique(redo, &nredo, edited[i]);
		}
		size_t first = nredo;
		for (size_t k = 0; k < site->nrender; k++)
			if (site->render[k]->reads_others)
				add_unique(redo, &nredo, site->render[k]);
		rc = render_and_write(s, redo, first, nredo, d);
		/* an edited body may now show others, or load an include that does */
		for (size_t k = 0; k < nredo; k++)
			redo[k]->reads_others = reads_others(redo[k]);
		s->last_rendered = nredo;
		s->live = rc == 0;
		s->updates++;
	}
	free(redo);
	free(edited);
	free(bodies);
	free(tpls);
	return rc;
}
