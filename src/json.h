/* json.h - JSON to value (data files, test fixtures) and value to JSON
 * (jsonify, search indexes). */
#ifndef PNYX_JSON_H
#define PNYX_JSON_H

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

/* Parses one JSON document. Returns NULL after adding a diagnostic with
 * the line and column of the first error. Nesting deeper than 10,000
 * levels is refused. */
value_t *json_parse(arena_t *a, const char *file, str_t src, diag_list_t *d);
/* Appends v as compact JSON (Jekyll's jsonify: times as
 * "2017-03-03 10:17:00 +0000" strings, drops as their text). */
void json_write(buf_t *out, const value_t *v);
/* Appends s as a JSON string literal, quotes included. */
void json_write_string(buf_t *out, str_t s);

#endif
