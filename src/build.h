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
} build_opts_t;

typedef struct {
	size_t pages;      /* rendered pages */
	size_t copies;     /* static files copied */
	double seconds;    /* wall time */
} build_stats_t;

/* Runs a build. Returns 0, or -1 with diagnostics in d (and the output
 * folder untouched). */
int build_run(const build_opts_t *o, diag_list_t *d, build_stats_t *stats);

#endif
