/* liquid.h - Liquid templates: parse once into a tree, render many times.
 *
 * The dialect is Shopify Liquid 5 with Jekyll's additions (Jekyll-style
 * `{% include name.html key=value %}`, read back as `include.key`).
 *
 * Threads: a parsed template is immutable and may be rendered by several
 * threads at once. liquid_register_filter() must be called before any
 * thread starts (main does it once); the registry is only read afterwards.
 *
 * Ownership: a template lives in the arena given to liquid_parse. Values a
 * render creates live in the arena given in liquid_render_opts_t. */
#ifndef PNYX_LIQUID_H
#define PNYX_LIQUID_H

#include <stdbool.h>
#include <stddef.h>

#include "../arena.h"
#include "../buf.h"
#include "../diag.h"
#include "../str.h"
#include "../value.h"

typedef struct liquid_template liquid_template_t;
typedef struct liquid_ctx liquid_ctx_t;

/* Localised names for the date filter's %A %a %B %b; NULL entries fall back
 * to English. */
typedef struct {
	const char *months[12];
	const char *months_abbr[12];
	const char *days[7];      /* Sunday first */
	const char *days_abbr[7];
} liquid_date_names_t;

/* What the program embedding Liquid supplies. Every hook may be NULL and
 * must be safe to call from several threads at once. */
typedef struct {
	void *ud;
	/* Returns the parsed template of an include ("include" tag) or a
	 * partial ("render" tag) by name, or NULL when there is none (the
	 * renderer then reports "include not found"). The name is as written,
	 * after evaluating a variable name. */
	const liquid_template_t *(*load_partial)(void *ud, str_t name, bool is_render);
	/* Markdown to HTML, for the markdownify filter. */
	void (*markdownify)(void *ud, str_t in, buf_t *out);
	/* Localised date names for the current render, or NULL for English. */
	const liquid_date_names_t *(*date_names)(void *ud, liquid_ctx_t *ctx);
} liquid_host_t;

/* Limits that keep hostile templates bounded; 0 means the default. */
typedef struct {
	size_t max_output;      /* bytes of output per render (default 256 MiB) */
	size_t max_depth;       /* include/render nesting (default 100) */
	size_t max_iterations;  /* total loop iterations per render (default 10,000,000) */
} liquid_limits_t;

typedef struct {
	value_t *globals;              /* a hash: site, page, layout, content, ... */
	const liquid_host_t *host;     /* may be NULL */
	arena_t *arena;                /* temporaries of this render */
	diag_list_t *diags;            /* where render errors go */
	liquid_limits_t limits;
	bool strict_variables;         /* an undefined variable is an error */
} liquid_render_opts_t;

/* A filter: input value, positional arguments, keyword arguments (a hash,
 * or NULL when none were given). Returns the result, allocated from
 * liquid_ctx_arena(ctx) or a shared constant. On bad arguments it calls
 * liquid_ctx_error and returns anything (the render fails). */
typedef value_t *(*liquid_filter_fn)(liquid_ctx_t *ctx, value_t *input, size_t argc,
				     value_t **argv, value_t *kwargs);

/* Adds a tag whose text is handed to a filter: `{% NAME some text %}`
 * prints fn("some text"), the text trimmed (Jekyll's post_url and link).
 * Before threads start only. */
void liquid_register_text_tag(const char *name, liquid_filter_fn fn);
/* A sentence added to "unknown filter/tag" errors (e.g. how to map a
 * Jekyll plugin's filter), or NULL. Before threads start only. */
void liquid_set_unknown_hint(const char *hint);
const char *liquid_unknown_hint(void);
/* Adds or replaces a filter. Before threads start only. */
void liquid_register_filter(const char *name, liquid_filter_fn fn);
liquid_filter_fn liquid_find_filter(str_t name);
/* Registers the standard and Jekyll filters (idempotent). */
void liquid_init(void);

/* Parses a template. `file` names it in diagnostics, `first_line` is the
 * line of the file where src starts (front matter shifts a body down).
 * Returns NULL after adding diagnostics on a syntax error (unclosed block,
 * unknown tag or filter, bad expression). */
liquid_template_t *liquid_parse(arena_t *a, const char *file, str_t src, int first_line,
				diag_list_t *d);
/* The template's own copy of its source (in the arena it was parsed
 * into): callers may free theirs and keep using this one. */
str_t liquid_template_source(const liquid_template_t *t);
/* The file name a template was parsed with. */
const char *liquid_template_file(const liquid_template_t *t);

/* Renders into out (appending). Returns 0, or -1 after adding diagnostics
 * (what was rendered so far stays in out). */
int liquid_render(const liquid_template_t *t, const liquid_render_opts_t *o, buf_t *out);

/* For filters: */
arena_t *liquid_ctx_arena(liquid_ctx_t *ctx);
const liquid_host_t *liquid_ctx_host(liquid_ctx_t *ctx);
/* A variable as the template sees it ("site", "page"), or NULL. */
value_t *liquid_ctx_lookup(liquid_ctx_t *ctx, str_t name);
/* Counts n steps of a filter's work (items gone through, comparisons)
 * against the render's budget, 100 per loop turn allowed; false after an
 * error when it is spent. Every filter's input and result items are
 * counted for it; a filter doing more than linear work counts the rest. */
bool liquid_ctx_count_work(liquid_ctx_t *ctx, size_t n);
/* Reports an error at the place of the filter being applied. */
void liquid_ctx_error(liquid_ctx_t *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a warning at the place of the filter being applied; the render
 * goes on. */
void liquid_ctx_warning(liquid_ctx_t *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Evaluates a Liquid condition (as in `where_exp: "item", "item.x > 1"`)
 * with `var` bound to `item`. Sets *ok to false on a syntax error. */
bool liquid_ctx_eval_condition(liquid_ctx_t *ctx, str_t var, value_t *item, str_t expr, bool *ok);

#endif
