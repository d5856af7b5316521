/* ast.h - the parsed form of a Liquid template (internal to src/liquid).
 *
 * A template is parsed once into this tree, in the arena given to
 * liquid_parse, and never changes afterwards: every piece of state a render
 * needs (scopes, counters, cycle positions) lives in the render context, so
 * several threads may walk one tree at once. Slices point into a copy of
 * the source held by the same arena. */
#ifndef PNYX_LIQUID_AST_H
#define PNYX_LIQUID_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "liquid.h"

typedef struct liquid_expr liquid_expr_t;
typedef struct liquid_node liquid_node_t;

typedef enum {
	LIQUID_EXPR_LITERAL,  /* a constant value */
	LIQUID_EXPR_VAR,      /* a variable lookup: root then keys/indexes */
	LIQUID_EXPR_RANGE,    /* (lo..hi) */
	LIQUID_EXPR_BLANK,    /* the special `blank` */
	LIQUID_EXPR_EMPTY,    /* the special `empty` */
} liquid_expr_kind_t;

/* One step of a variable path: a constant key (`.title`, `['x']`, `[0]`)
 * or a computed one (`[i]`). `command` marks a dotted size/first/last,
 * which falls back to the built-in property when the key is absent. */
typedef struct {
	str_t key;             /* constant key when idx is NULL */
	value_t *const_idx;    /* constant bracket key (string or int), or NULL */
	liquid_expr_t *idx;    /* computed key, or NULL */
	bool command;
} liquid_seg_t;

struct liquid_expr {
	liquid_expr_kind_t kind;
	union {
		value_t *lit;
		struct {
			liquid_seg_t *segs;  /* segs[0] is the root name (or [expr]) */
			uint32_t n;
		} var;
		struct {
			liquid_expr_t *lo, *hi;
		} range;
	};
};

/* A filter application: `| name: arg, key: value`. */
typedef struct {
	liquid_filter_fn fn;
	str_t name;
	liquid_expr_t **args;
	uint32_t argc;
	str_t *kwnames;
	liquid_expr_t **kwargs;
	uint32_t kwc;
} liquid_filter_call_t;

/* An expression followed by filters (output, echo, assign). expr may be
 * NULL for an empty `{{ }}`. */
typedef struct {
	liquid_expr_t *expr;
	liquid_filter_call_t *filters;
	uint32_t nfilters;
} liquid_filtered_t;

typedef enum {
	LIQUID_OP_NONE,   /* truthiness of the left side */
	LIQUID_OP_EQ,
	LIQUID_OP_NE,
	LIQUID_OP_LT,
	LIQUID_OP_GT,
	LIQUID_OP_LE,
	LIQUID_OP_GE,
	LIQUID_OP_CONTAINS,
} liquid_op_t;

typedef enum {
	LIQUID_REL_NONE,
	LIQUID_REL_AND,
	LIQUID_REL_OR,
} liquid_rel_t;

/* A chain of comparisons joined by and/or, grouped from the right as
 * Ruby Liquid does: `a and b or c` is `a and (b or c)`. */
typedef struct liquid_cond {
	liquid_expr_t *left, *right;
	liquid_op_t op;
	liquid_rel_t rel;          /* how `next` joins this one */
	struct liquid_cond *next;
} liquid_cond_t;

typedef struct {
	liquid_node_t **items;
	uint32_t n;
} liquid_body_t;

/* if/elsif/else (and unless, whose first branch is negated): the first
 * branch whose condition holds renders; cond is NULL for else. */
typedef struct {
	liquid_cond_t *cond;
	liquid_body_t body;
} liquid_branch_t;

/* case: a `when` with several values is one block per value, as in Ruby
 * (each matching value renders the body once). values == NULL marks else. */
typedef struct {
	liquid_expr_t *value;
	bool is_else;
	liquid_body_t body;
} liquid_when_t;

typedef enum {
	LIQUID_NODE_TEXT,
	LIQUID_NODE_OUTPUT,      /* {{ }} and echo */
	LIQUID_NODE_IF,          /* if and unless */
	LIQUID_NODE_CASE,
	LIQUID_NODE_FOR,
	LIQUID_NODE_TABLEROW,
	LIQUID_NODE_ASSIGN,
	LIQUID_NODE_CAPTURE,
	LIQUID_NODE_INCREMENT,
	LIQUID_NODE_DECREMENT,
	LIQUID_NODE_CYCLE,
	LIQUID_NODE_IFCHANGED,
	LIQUID_NODE_INCLUDE,
	LIQUID_NODE_RENDER,
	LIQUID_NODE_BREAK,
	LIQUID_NODE_CONTINUE,
} liquid_node_kind_t;

typedef struct {
	str_t var;               /* loop variable */
	liquid_expr_t *coll;
	str_t name;              /* "var-collection", for offset:continue and forloop.name */
	liquid_expr_t *limit, *offset, *cols;
	bool offset_continue, reversed;
	liquid_body_t body, els;
} liquid_loop_t;

/* include and render. Jekyll's `key=value` parameters become the hash
 * `include`; Shopify's `key: value` ones become variables. */
typedef struct {
	liquid_expr_t *name_expr;        /* evaluated name (string or variable) */
	const liquid_template_t *name_tpl;  /* Jekyll `{{ var }}.html` name */
	str_t name_fallback;             /* bare word used when the variable is nil */
	liquid_expr_t *with;             /* with/for value, or NULL */
	bool is_for;
	str_t alias;                     /* `as name`, or empty */
	str_t *keys;
	liquid_expr_t **vals;
	uint32_t nkeys;
	bool jekyll;                     /* keys go into `include` */
} liquid_include_t;

struct liquid_node {
	liquid_node_kind_t kind;
	bool blank;      /* renders nothing but whitespace (Ruby's blank?) */
	bool raw;        /* text from {% raw %}: never dropped as blank */
	uint32_t line, col;
	union {
		str_t text;
		liquid_filtered_t out;
		struct {
			liquid_branch_t *br;
			uint32_t n;
			bool negate_first;
		} cond;
		struct {
			liquid_expr_t *subject;
			liquid_when_t *w;
			uint32_t n;
		} kase;
		liquid_loop_t loop;
		struct {
			str_t var;
			liquid_filtered_t val;
		} assign;
		struct {
			str_t var;
			liquid_body_t body;
		} capture;
		str_t counter;   /* increment / decrement */
		struct {
			liquid_expr_t *group;   /* named group, or NULL */
			str_t key;              /* key of an unnamed cycle */
			liquid_expr_t **items;
			uint32_t n;
		} cycle;
		liquid_body_t ifchanged;
		liquid_include_t inc;
	};
};

struct liquid_template {
	const char *file;
	str_t src;      /* the source text, which the tree points into */
	liquid_body_t body;
};

#endif
