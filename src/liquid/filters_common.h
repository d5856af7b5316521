/* filters_common.h - helpers shared by the filter files (internal to the
 * filters: Ruby's coercions, UTF-8 walking, argument checks).
 *
 * Every function that allocates takes the filter's ctx and allocates from
 * liquid_ctx_arena(ctx). */
#ifndef PNYX_LIQUID_FILTERS_COMMON_H
#define PNYX_LIQUID_FILTERS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../str.h"
#include "../value.h"
#include "liquid.h"

/* One registration row; each filters_*.c exports a table of these. */
typedef struct {
	const char *name;
	liquid_filter_fn fn;
} filters_entry_t;

extern const filters_entry_t filters_string_table[];
extern const filters_entry_t filters_array_table[];
extern const filters_entry_t filters_math_table[];
extern const filters_entry_t filters_date_table[];
extern const filters_entry_t filters_jekyll_table[];
extern const filters_entry_t filters_url_table[];
extern const filters_entry_t filters_smartify_table[];

/* Checks the number of arguments (keyword arguments count as one more
 * positional, as Ruby passes them); reports "NAME: wrong number of
 * arguments" and returns false when it is out of [min, max]. */
bool filters_arity(liquid_ctx_t *ctx, const char *name, size_t argc, const value_t *kwargs,
		   size_t min, size_t max);
/* argv[i], or the nil value when absent (argv items may be NULL too). */
value_t *filters_arg(size_t argc, value_t **argv, size_t i);
/* True for NULL and VALUE_NIL. */
bool filters_is_nil(const value_t *v);

/* Liquid's Utils.to_s: nil is "", arrays and hashes print as Ruby's
 * inspect, everything else as Liquid prints it. The slice lives in the
 * arena (or in the value itself). */
str_t filters_to_s(liquid_ctx_t *ctx, const value_t *v);
void filters_to_buf(const value_t *v, buf_t *out);
/* Ruby's inspect ("\"a\"", "nil", "[1, 2]", "{\"k\"=>1}"). */
void filters_inspect(const value_t *v, buf_t *out);

/* New arena strings. */
value_t *filters_str(liquid_ctx_t *ctx, str_t s);
/* Takes the buffer's content into the arena and frees the buffer. */
value_t *filters_buf(liquid_ctx_t *ctx, buf_t *b);
/* True, after an error, when a string a filter is building has passed the
 * render's output limit: for loops whose output multiplies their input
 * (replace, join), so that memory is not spent on a refused result. */
bool filters_too_long(liquid_ctx_t *ctx, const buf_t *b);

/* Ruby's Integer(): whole-string integer with optional sign, 0x/0b/0o
 * prefixes and underscores; ints pass, everything else fails. Reports
 * "NAME: invalid integer" and returns false on failure. */
bool filters_to_integer(liquid_ctx_t *ctx, const char *name, const value_t *v, int64_t *out);
/* Ruby's String#to_i: leading spaces, sign, digits; 0 when none. */
int64_t filters_str_to_i(str_t s);

/* Liquid's InputIterator: an array flattened, a hash or drop as a one-item
 * array, nil as empty, anything else as a one-item array. */
value_t *filters_input_array(liquid_ctx_t *ctx, value_t *input);

/* Ruby's item[property] as Liquid's array filters use it. */
typedef enum {
	FILTERS_GET_OK,
	FILTERS_GET_TYPE_ERROR,  /* e.g. 5["title"]: the filter fails */
	FILTERS_GET_NO_METHOD,   /* e.g. nil["title"]: the filter returns nil */
} filters_get_t;
filters_get_t filters_item_get(liquid_ctx_t *ctx, value_t *item, value_t *prop, value_t **out);
/* Reports "cannot select the property 'P'". */
void filters_property_error(liquid_ctx_t *ctx, const char *name, value_t *prop);
/* Jekyll's item_property: a dotted path through hashes and drops; nil when
 * any step is missing or the item is not a hash or drop. */
value_t *filters_dig(liquid_ctx_t *ctx, value_t *item, str_t path);

/* Ruby's Object#eql? as Array#uniq uses it: same kind and equal. */
bool filters_eql(const value_t *a, const value_t *b);

/* UTF-8: decodes one code point at s[*i] (an invalid byte decodes as
 * itself, 0xFFFD-free, one byte long) and advances *i. */
uint32_t filters_utf8_next(const char *s, size_t n, size_t *i);
void filters_utf8_put(buf_t *b, uint32_t cp);
/* True when every byte belongs to a well-formed UTF-8 sequence. */
bool filters_utf8_valid(str_t s);
/* Number of characters (code points; invalid bytes count one each). */
size_t filters_utf8_len(str_t s);
/* Byte offset of character index `chars` (clamped to s.n). */
size_t filters_utf8_offset(str_t s, size_t chars);

/* Case mapping of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, as
 * Ruby's String#upcase/#downcase do it (ß upcases to "SS"). */
void filters_upcase(str_t s, buf_t *out);
void filters_downcase(str_t s, buf_t *out);
uint32_t filters_lower_cp(uint32_t cp);
uint32_t filters_upper_cp(uint32_t cp);

/* Ruby's whitespace for strip/split: space, \t \n \v \f \r and NUL. */
/* In a filter: checks the number of positional arguments (kwargs never
 * count), reporting the error and returning nil when it is off. */
#define ARITY(name, min, max)                                              \
	do {                                                               \
		if (!filters_arity(ctx, name, argc, kwargs, min, max))     \
			return value_nil();                                \
	} while (0)

/* The arena of the render a filter runs in. */
static inline arena_t *A(liquid_ctx_t *ctx)
{
	return liquid_ctx_arena(ctx);
}

static inline bool filters_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == '\0';
}

/* Reads a time the way Liquid's date filters take their input: a time
 * value, an integer (epoch), "now"/"today", a digit string (epoch) or a
 * date string. Returns false when the input is not a date. */
bool filters_to_time(liquid_ctx_t *ctx, const value_t *v, value_time_t *out);
/* Ruby's strftime with localised names from the host (NULL = English). */
void filters_strftime(liquid_ctx_t *ctx, value_time_t t, str_t fmt, buf_t *out);

#endif
