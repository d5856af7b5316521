/* build_int.h - what build.c and rebuild.c share: the state of a build
 * and of a session that keeps it between rebuilds. Not a public API. */
#ifndef PNYX_BUILD_INT_H
#define PNYX_BUILD_INT_H

#include "build.h"
#include "outputs.h"
#include "page.h"
#include "site.h"
#include "source.h"
#include "write.h"

/* What each thread owns: nothing here is shared between workers. */
typedef struct {
	arena_t *keep;       /* lives as long as the build: parsed trees, content */
	arena_t *tmp;        /* reset after every item */
	diag_list_t diags;
	buf_t out;
	size_t written;      /* files its write_update calls changed */
} worker_t;

typedef struct {
	const config_t *cfg;
	site_t site;
	page_t *files;
	worker_t *workers;
	int nworkers;
	writer_t *writer;
	page_t **body_order;  /* documents and decks first, then pages */
	bool timings;         /* PNYX_TIMINGS set: print each step's time */
	double mark;
	bool in_memory;       /* pnyx check: outputs kept in page->html, nothing written */
	const char *update_dest; /* pnyx serve's whole rebuilds: the folder updated in place */
	size_t written;       /* of it, the files whose bytes changed */
	output_list_t emitted;
	/* incremental rebuilds: the pages to render and their outputs */
	page_t **redo;
	buf_t *redo_out;
} build_t;

struct build_session {
	build_opts_t opts;
	arena_t *a;          /* the last full build: configuration, site, pages */
	config_t cfg;
	source_list_t src;
	build_t b;
	const char *dest;
	bool live;           /* the state above is the served site's: rebuilds may start from it */
	arena_t *delta;      /* what incremental rebuilds parsed since */
	size_t full_bytes;   /* memory of the full build, to bound what rebuilds add */
	size_t kept_bytes;   /* of it, what rebuilds allocate into, when it ended */
	bool readers_marked; /* page_t.reads_others is set (by the first rebuild) */
	size_t updates;
	size_t last_rendered;  /* by the last incremental rebuild */
	size_t last_written;   /* files whose bytes it changed */
};

/* build_incremental's answer when only a whole build will do. */
#define BUILD_NEEDS_FULL 2

double build_now(void);
/* write_update of one file of the served folder dest, adding 1 to
 * *written when its bytes changed (serve tells how many did). False after
 * a diagnostic. */
bool build_update_file(const char *dest, const char *rel, const void *data, size_t n,
		       size_t *written, diag_list_t *d);
/* Pass 1 of body_order[i] (a pool_run callback). */
void build_body_one(void *ctx, size_t i, int worker);
/* Gathers every worker's diagnostics into d; true when there is no error. */
bool build_collect(build_t *b, diag_list_t *d);
/* After a full build: its memory, to bound what rebuilds add. */
void build_note_full(build_session_t *s);
/* Applies an edit of content bodies to the kept build: 0, -1 (errors in d,
 * the output folder untouched), or BUILD_NEEDS_FULL. */
int build_incremental(build_session_t *s, const char *const *changed, size_t n, diag_list_t *d);

#endif
