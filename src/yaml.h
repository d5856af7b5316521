/* yaml.h - YAML (front matter, site.yml, data files) to value, with libyaml.
 *
 * Scalars are typed as Jekyll's YAML reader (Ruby's Psych, YAML 1.1) types
 * them, so that a site means the same in pnyx and Jekyll: null ~ and empty
 * are nil; true/false/yes/no/on/off (any case form) are booleans; integers
 * (decimal, 0x, 0o, underscores), floats (1.5, 1e3, .inf, .nan); a YAML
 * timestamp (2017-03-03, 2017-03-03 10:17:05 +01:00) is a time; quoted
 * scalars are always strings. Anchors and aliases are resolved (an alias
 * shares the anchored value; merge keys `<<` are applied). */
#ifndef PNYX_YAML_H
#define PNYX_YAML_H

#include "arena.h"
#include "diag.h"
#include "str.h"
#include "value.h"

/* Parses one YAML document. `first_line` is the line of `file` where src
 * starts, so that positions in front matter are those of the file. An empty
 * document gives an empty hash. Returns NULL after adding one diagnostic
 * (file:line:col and libyaml's problem, in words) on a syntax error, on a
 * second document, and on nesting deeper than 1,000 levels or more than
 * 1,000,000 values expanded through aliases (billion laughs). Every value
 * carries its line and column. */
value_t *yaml_parse(arena_t *a, const char *file, str_t src, int first_line, diag_list_t *d);

#endif
