/* build.h - one whole build: load, parse, index, render, write.
 *
 * The steps run in order, each on the previous one's result; parse and
 * render run on a pool of threads. Any error stops the build before the
 * write step swaps anything in, so the previous output stays as it was. */
#ifndef PNYX_BUILD_H
#define PNYX_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "diag.h"

typedef struct {
	config_overrides_t config;
	const char *dest;  /* NULL: SOURCE/_site */
	int threads;       /* 0: one per core */
	bool in_memory;    /* write nothing (pnyx check) */
	bool in_place;     /* pnyx serve: update an existing output folder file by file */
} build_opts_t;

typedef struct {
	bool incremental;  /* only what changed was rebuilt */
	size_t pages;      /* rendered pages */
	size_t copies;     /* static files copied */
	bool updated;      /* an existing output was updated file by file (pnyx serve) */
	size_t written;    /* then, the files whose bytes changed */
	double seconds;    /* wall time */
} build_stats_t;

/* Runs a build. Returns 0, or -1 with diagnostics in d (and the output
 * folder untouched). */
int build_run(const build_opts_t *o, diag_list_t *d, build_stats_t *stats);

/* A build session keeps the last good build in memory so that a rebuild
 * after an edit (pnyx serve) redoes only what the edit can change. */
typedef struct build_session build_session_t;

build_session_t *build_session_new(const build_opts_t *o);
/* Builds again. With the paths of the files that changed since the last
 * run (as the watcher names them), a change to the body of content pages
 * re-renders those pages and the pages that show other pages' content or
 * excerpts, and rewrites only the output files whose bytes changed; any
 * other change (front matter, layouts, includes, data, configuration,
 * files added or removed) or no list at all makes a whole build. Returns
 * 0, or -1 with diagnostics (the output folder then holds the last good
 * site). */
int build_session_run(build_session_t *s, const char *const *changed, size_t n, diag_list_t *d,
		      build_stats_t *stats);
void build_session_free(build_session_t *s);

/* pnyx check: builds in memory (o->in_memory is implied) and runs the
 * checks of check.h over every output. Returns the number of errors found
 * (build errors included); warnings are added to d too. */
size_t build_check(const build_opts_t *o, bool external, diag_list_t *d);

#endif
