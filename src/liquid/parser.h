/* parser.h - Liquid source to tree (internal to src/liquid; the public
 * entry point is liquid_parse). */
#ifndef PNYX_LIQUID_PARSER_H
#define PNYX_LIQUID_PARSER_H

#include "ast.h"

/* Parses src (copied into the arena) into a template; NULL after adding
 * the first syntax error to d. */
liquid_template_t *liquid_parse_template(arena_t *a, const char *file, str_t src, int first_line,
					 diag_list_t *d);

#endif
