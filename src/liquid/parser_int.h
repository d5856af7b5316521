/* parser_int.h - what the block parser (parser.c) and the tag parsers
 * (tags.c) share; internal to src/liquid. */
#ifndef PNYX_LIQUID_PARSER_INT_H
#define PNYX_LIQUID_PARSER_INT_H

#include "ast.h"
#include "expr.h"
#include "lexer.h"

typedef struct {
	void **v;
	uint32_t n, cap;
} pvec_t;

typedef enum {
	BLK_IF,
	BLK_UNLESS,
	BLK_CASE,
	BLK_FOR,
	BLK_TABLEROW,
	BLK_CAPTURE,
	BLK_IFCHANGED,
} blk_kind_t;

typedef struct {
	blk_kind_t kind;
	liquid_node_t *node;
	int line, col;
	pvec_t body;           /* nodes of the part being parsed */
	pvec_t parts;          /* if: liquid_branch_t*, case: liquid_when_t* */
	uint32_t group;        /* case: first when of the current `when` tag */
	bool in_else;          /* for: parsing the else part */
	bool discard;          /* case: before the first when */
} frame_t;

typedef struct {
	arena_t *a;
	const char *file;
	int first_line;
	diag_list_t *d;
	liquid_lexer_t lx;
	str_t src;
	frame_t *stack;
	size_t n, cap;
	size_t barrier;        /* frames below this belong outside a {% liquid %} tag */
	pvec_t top;
	bool failed;
	int line, col;         /* the tag being parsed */
	int fixed_line;        /* nonzero: every position is this one (sub-templates) */
	int fixed_col;
	int liquid_depth;
} parser_t;

typedef bool (*liquid_tag_fn)(parser_t *p, str_t markup);

/* Name characters of assign/capture/increment targets and tag names:
 * ASCII word characters, `-`, and bytes of UTF-8 sequences. */
static inline bool liquid_is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c >= 0x80;
}

void liquid_pvec_push(arena_t *a, pvec_t *pv, void *x);
/* Reports a syntax error at the tag being parsed (the first one only).
 * Returns false. */
bool liquid_parser_fail(parser_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A node at the position of the tag being parsed. */
liquid_node_t *liquid_parser_node(parser_t *p, liquid_node_kind_t kind);
/* Appends a node to the body being parsed. */
void liquid_parser_add(parser_t *p, liquid_node_t *n);
/* Opens a block; NULL (after an error) past the nesting limit. */
frame_t *liquid_parser_push(parser_t *p, blk_kind_t kind, liquid_node_t *node);
/* Turns a markup parser's error into a diagnostic naming `what`. */
bool liquid_parser_check(parser_t *p, liquid_mp_t *mp, const char *what);
/* Parses a template held in a tag (Jekyll's `{{ name }}.html`). */
liquid_template_t *liquid_parser_sub(parser_t *p, str_t src);
/* {% liquid %}: one tag per line. */
bool liquid_tag_liquid(parser_t *p, str_t markup);
/* The parse function of a tag, or NULL when there is no such tag. */
liquid_tag_fn liquid_tag_find(str_t name);
/* A tag added with liquid_register_text_tag: adds its node, true; false when none has that name. */
bool liquid_text_tag(parser_t *p, str_t name, str_t markup);

#endif
