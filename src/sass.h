/* sass.h - Sass (.scss, .sass) to CSS, by the sassc program.
 *
 * Why a program and not libsass linked in: Sass is a language with loops
 * (@while) and recursion, and libsass has a history of crashes on odd
 * input. Run apart, an endless loop is stopped after SASS_TIMEOUT_S, a
 * runaway is bounded by SASS_MEMORY_MB of address space and
 * SASS_MAX_OUTPUT bytes of CSS, and a crash is an error message instead
 * of the end of pnyx (or of pnyx serve). It is the compiler Jekyll uses
 * (libsass through sassc), so a Jekyll site's CSS comes out the same.
 *
 * Thread safety: sass_compile may run on several threads at once; each
 * call has its own process and pipes (close-on-exec, so that one call's
 * child never holds another's pipe open). */
#ifndef PNYX_SASS_H
#define PNYX_SASS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "str.h"

#define SASS_TIMEOUT_S 10
#define SASS_MEMORY_MB 1024
#define SASS_MAX_OUTPUT (64u << 20)

typedef struct {
	const char *path;              /* the page, for messages: "assets/main.scss" */
	int first_line;                /* line of the page where the Sass text starts */
	bool indented;                 /* the indented syntax (.sass) */
	const char *style;             /* nested, expanded, compact or compressed */
	const char *const *load_paths; /* where @import looks, in order */
	size_t nload_paths;
} sass_opts_t;

/* True for a file name that is Sass: .scss or .sass. */
bool sass_is_name(const char *name);

/* Compiles text and appends the CSS to out. On failure adds one
 * diagnostic -- at the page's line, or at the partial's file and line
 * when the error lies in an imported file -- and returns -1. The program
 * is `sassc` from PATH, or the one PNYX_SASSC names. */
int sass_compile(str_t text, const sass_opts_t *o, buf_t *out, diag_list_t *d);

#endif
