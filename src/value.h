/* value.h - the data model shared by YAML, JSON, configuration and Liquid.
 *
 * A value is nil, a boolean, an integer, a float, a string, a time, an array,
 * a hash (insertion-ordered, string keys) or a drop (an object whose fields
 * are computed on demand by C code, e.g. Liquid's forloop).
 *
 * Ownership: every value is allocated from an arena and lives as long as it.
 * Values reachable from the site are built before rendering starts and are
 * only read while worker threads render; mutation (value_hash_set,
 * value_array_push) is for the single thread that owns the value. Reading a
 * hash never writes to it, so concurrent readers are safe. */
#ifndef PNYX_VALUE_H
#define PNYX_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "str.h"

typedef enum {
	VALUE_NIL,
	VALUE_BOOL,
	VALUE_INT,
	VALUE_FLOAT,
	VALUE_STRING,
	VALUE_TIME,
	VALUE_ARRAY,
	VALUE_HASH,
	VALUE_DROP,
} value_kind_t;

typedef struct value value_t;

/* A point in time: seconds since the epoch (UTC), nanoseconds, and the UTC
 * offset it was written with (used when it is formatted). date_only marks a
 * bare date ("2017-03-03"), which prints without a time as Ruby's Date does. */
typedef struct {
	int64_t sec;
	int32_t nsec;
	int32_t utc_off;  /* seconds east of UTC */
	bool date_only;
} value_time_t;

typedef struct {
	str_t key;        /* NUL-terminated */
	value_t *val;
} value_entry_t;

/* A drop: fields computed by C code. `get` returns NULL for an unknown key;
 * it may allocate its result from `a`. `to_buf` (optional) gives the text a
 * drop prints as; `size` (optional) its size. */
typedef struct {
	const char *name;
	value_t *(*get)(void *self, str_t key, arena_t *a);
	void (*to_buf)(void *self, buf_t *out);
	size_t (*size)(void *self);
} value_drop_class_t;

struct value {
	value_kind_t kind;
	/* Where the value was written (1-based; 0 when unknown), for
	 * diagnostics about configuration and front matter values. */
	uint32_t line, col;
	union {
		bool b;
		int64_t i;
		double f;
		str_t s;  /* always NUL-terminated at s.p[s.n] */
		value_time_t t;
		struct {
			value_t **items;
			size_t n, cap;
		} a;
		struct {
			value_entry_t *entries;
			size_t n, cap;
			uint32_t *index;   /* open addressing over entries, once n > 8 */
			size_t index_cap;  /* power of two, or 0 */
		} h;
		struct {
			const value_drop_class_t *cls;
			void *self;
		} d;
	};
};

/* Shared immutable constants: never modify them (not even their marks). */
value_t *value_nil(void);
value_t *value_bool(bool b);

value_t *value_new_int(arena_t *a, int64_t i);
value_t *value_new_float(arena_t *a, double f);
/* Copies n bytes into the arena (NUL-terminated). */
value_t *value_new_string(arena_t *a, const char *p, size_t n);
value_t *value_new_cstr(arena_t *a, const char *s);
/* Wraps NUL-terminated memory without copying: p[n] must be '\0' and the
 * memory must outlive the value. */
value_t *value_new_string_ref(arena_t *a, const char *p, size_t n);
value_t *value_new_time(arena_t *a, value_time_t t);
value_t *value_new_array(arena_t *a, size_t cap);
value_t *value_new_hash(arena_t *a, size_t cap);
value_t *value_new_drop(arena_t *a, const value_drop_class_t *cls, void *self);

/* Appends to an array. */
void value_array_push(arena_t *a, value_t *arr, value_t *item);
/* Sets a key (copied into the arena), replacing an existing entry in place. */
void value_hash_set(arena_t *a, value_t *h, str_t key, value_t *val);
void value_hash_set_cstr(arena_t *a, value_t *h, const char *key, value_t *val);
/* A copy of hash h with its keys in byte order (values shared). */
value_t *value_hash_sorted(arena_t *a, const value_t *h);
/* Looks a key up in a hash or a drop; NULL when absent or not a hash/drop. */
value_t *value_get(const value_t *h, str_t key);
value_t *value_get_cstr(const value_t *h, const char *key);
/* Follows a dotted path of hash keys ("site.title"); NULL when absent. */
value_t *value_dig(const value_t *v, const char *path);
/* String content of a VALUE_STRING, else NULL. */
const char *value_cstr(const value_t *v);

/* Liquid truthiness: everything but nil and false is true. */
bool value_truthy(const value_t *v);
/* Number of items (array, hash), bytes (string), or drop size; else 0. */
size_t value_size(const value_t *v);
bool value_is_number(const value_t *v);
/* Numeric value of an int or float (0 otherwise). */
double value_as_double(const value_t *v);

/* Appends the value's text as Liquid prints it (nil prints nothing, arrays
 * print their items joined, floats as Ruby prints them: "1.0", "0.1"). */
void value_to_buf(const value_t *v, buf_t *out);
/* The same text, as an arena string. */
str_t value_to_str(arena_t *a, const value_t *v);
/* Liquid equality: numbers by value (1 == 1.0), strings by bytes, arrays
 * and hashes element-wise, nil only equals nil. */
bool value_equal(const value_t *x, const value_t *y);
/* Orders two numbers, two strings (bytewise) or two times: sets *cmp to
 * -1/0/1 and returns true; returns false when they are not comparable. */
bool value_compare(const value_t *x, const value_t *y, int *cmp);
const char *value_kind_name(value_kind_t k);

/* Times. value_time_make builds one from civil fields in the given offset. */
value_time_t value_time_make(int year, int month, int day, int hour, int min, int sec,
			     int32_t nsec, int32_t utc_off);
/* Broken-down civil time in the time's own offset (tm_gmtoff is set). */
void value_time_to_tm(value_time_t t, struct tm *tm);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t value_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
