/* lexer.h - splits a Liquid template into text, {{ output }} and {% tag %}
 * tokens, applying whitespace control, and maps byte offsets to line:col.
 *
 * A tag ends at the first `%}` and an output at the first `}}`, as in Ruby
 * Liquid (quotes do not protect them). The lexer never reads past the
 * source slice. */
#ifndef PNYX_LIQUID_LEXER_H
#define PNYX_LIQUID_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "../str.h"

typedef enum {
	LIQUID_TOK_EOF,
	LIQUID_TOK_TEXT,
	LIQUID_TOK_OUTPUT,
	LIQUID_TOK_TAG,
	LIQUID_TOK_ERROR,   /* an unterminated {{ or {% (at `start`) */
} liquid_tok_kind_t;

typedef struct {
	liquid_tok_kind_t kind;
	size_t start;        /* byte offset of the token (its `{` for tags) */
	str_t text;          /* TEXT: the text after trimming; OUTPUT: the markup */
	str_t name;          /* TAG: `#` or a word; empty when malformed */
	str_t markup;        /* TAG: what follows the name, trimmed */
	bool trim_right;     /* the token ends with `-%}` / `-}}` */
} liquid_tok_t;

typedef struct {
	str_t src;
	size_t pos;
	bool trim_next;      /* the previous token asked to strip this text's start */
	/* incremental offset -> line:col mapping */
	size_t at_off;
	int at_line, at_col;
} liquid_lexer_t;

void liquid_lexer_init(liquid_lexer_t *lx, str_t src);
/* Reads the next token. Returns its kind (also stored in t->kind). */
liquid_tok_kind_t liquid_lexer_next(liquid_lexer_t *lx, liquid_tok_t *t);
/* After a {% raw %} or {% doc %} tag: skips to the matching {% endNAME %}
 * and returns the text in between through body. Returns false when there
 * is none. With nested_name set, an inner {% nested_name %} makes it fail
 * too (*nested is set). */
bool liquid_lexer_skip_block(liquid_lexer_t *lx, const char *endname, const char *nested_name,
			     str_t *body, bool *nested);
/* 1-based line and column (in characters) of a byte offset. Cheap when
 * offsets are asked in increasing order. */
void liquid_lexer_pos(liquid_lexer_t *lx, size_t off, int *line, int *col);
/* Ruby's whitespace: space, \t, \n, \v, \f, \r. */
bool liquid_is_space(char c);
str_t liquid_trim(str_t s);

#endif
