/* ctx.h - the state of one render (internal to src/liquid).
 *
 * Everything a render changes lives here, never in the template: scopes,
 * increment counters, cycle positions, `offset: continue` marks, ifchanged's
 * last output. A `render` tag swaps in a fresh set of these (isolated
 * scope) and restores them afterwards. */
#ifndef PNYX_LIQUID_CTX_H
#define PNYX_LIQUID_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"

/* A frame of local variables. Loops bind two names inline (the loop
 * variable and forloop) so that an iteration allocates nothing; include
 * parameters and assignments use the hash. */
typedef struct liquid_scope {
	struct liquid_scope *up;
	str_t key[2];
	value_t *val[2];
	uint32_t nkeys;
	value_t *vars;     /* hash, or NULL */
} liquid_scope_t;

/* forloop / tablerowloop. */
typedef struct liquid_loop_state {
	struct liquid_loop_state *parent;
	arena_t *arena;
	value_t *name;
	int64_t length, index0, cols;
	value_t self;      /* the drop value handed to templates */
} liquid_loop_state_t;

/* What a `render` tag isolates. */
typedef struct {
	liquid_scope_t *scope;     /* innermost */
	liquid_scope_t *outer;     /* where assign and capture write */
	value_t *counters;         /* increment/decrement */
	value_t *cycles;           /* cycle positions */
	value_t *offsets;          /* for offset: continue */
	value_t *ifchanged;        /* last ifchanged output */
	liquid_loop_state_t *loop; /* innermost forloop (parentloop) */
} liquid_frame_t;

struct liquid_ctx {
	const liquid_render_opts_t *opts;
	arena_t *arena;
	diag_list_t *diags;
	const liquid_host_t *host;
	value_t *globals;
	liquid_frame_t f;
	buf_t *out;
	size_t out_limit;          /* out->n may not grow past this */
	const liquid_template_t *tpl;  /* whose nodes are rendering (for errors) */
	uint32_t line, col;        /* the node being rendered */
	size_t depth;              /* include/render nesting */
	size_t nesting;            /* block recursion, all templates together */
	size_t iterations;
	size_t filter_work;        /* items array filters went through and made */
	size_t max_output, max_depth, max_iterations;
	bool failed;
	/* a parsed where_exp condition, kept for the next item */
	const char *cond_src;
	size_t cond_len;
	liquid_cond_t *cond;
};

#endif
