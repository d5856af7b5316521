/* expr.h - tokens and expressions inside a tag's markup: literals,
 * variable paths, ranges, filter chains and and/or conditions.
 *
 * The grammar is Ruby Liquid 5's strict parser: `{{ a | f: 1, k: 2 }}`,
 * `(1..n)`, `x.y[0]["k"]`, comparisons `== != <> < > <= >= contains`.
 * Nodes are allocated from the template arena. On the first error the
 * parser stores a message and every later call returns NULL/false. */
#ifndef PNYX_LIQUID_EXPR_H
#define PNYX_LIQUID_EXPR_H

#include "ast.h"

typedef enum {
	LIQUID_MT_END,
	LIQUID_MT_ID,
	LIQUID_MT_STRING,
	LIQUID_MT_INT,
	LIQUID_MT_FLOAT,
	LIQUID_MT_CMP,
	LIQUID_MT_DOT,
	LIQUID_MT_DOTDOT,
	LIQUID_MT_PIPE,
	LIQUID_MT_COLON,
	LIQUID_MT_COMMA,
	LIQUID_MT_LBRACKET,
	LIQUID_MT_RBRACKET,
	LIQUID_MT_LPAREN,
	LIQUID_MT_RPAREN,
	LIQUID_MT_EQUALS,   /* a single `=` (Jekyll include parameters) */
	LIQUID_MT_ERROR,
} liquid_mtok_kind_t;

typedef struct {
	liquid_mtok_kind_t kind;
	str_t s;            /* the token's text (a string's content, unquoted) */
	size_t start, end;  /* offsets in the markup */
	liquid_op_t op;     /* for LIQUID_MT_CMP */
} liquid_mtok_t;

typedef struct {
	arena_t *a;
	str_t src;
	size_t pos;
	liquid_mtok_t tok[2];   /* current token and one of lookahead */
	size_t prev_end;        /* end offset of the last consumed token */
	const char *err;        /* first error, or NULL */
	int depth;
} liquid_mp_t;

void liquid_mp_init(liquid_mp_t *p, arena_t *a, str_t markup);
/* The k-th token ahead (k is 0 or 1). */
const liquid_mtok_t *liquid_mp_peek(liquid_mp_t *p, int k);
void liquid_mp_advance(liquid_mp_t *p);
/* Consumes the current token when it has this kind / is this identifier. */
bool liquid_mp_accept(liquid_mp_t *p, liquid_mtok_kind_t kind);
bool liquid_mp_accept_id(liquid_mp_t *p, const char *word);
/* Consumes a token of this kind or fails with an error naming `what`. */
bool liquid_mp_expect(liquid_mp_t *p, liquid_mtok_kind_t kind, const char *what);
/* Fails unless the markup is used up. */
bool liquid_mp_end(liquid_mp_t *p);
/* Records an error (only the first is kept). Returns false. */
bool liquid_mp_fail(liquid_mp_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

liquid_expr_t *liquid_parse_expr(liquid_mp_t *p);
/* expr | filter: args ... (the expression may be absent: `{{ }}`). */
bool liquid_parse_filtered(liquid_mp_t *p, liquid_filtered_t *out);
liquid_cond_t *liquid_parse_cond(liquid_mp_t *p);
/* The markup between two offsets with unquoted whitespace removed, as Ruby
 * writes an expression back (`(1 .. 5)` -> `(1..5)`). */
str_t liquid_mp_canon(liquid_mp_t *p, size_t start, size_t end);

#endif
