#include "value.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static value_t nil_value = { .kind = VALUE_NIL };
static value_t true_value = { .kind = VALUE_BOOL, .b = true };
static value_t false_value = { .kind = VALUE_BOOL, .b = false };

value_t *value_nil(void)
{
	return &nil_value;
}

value_t *value_bool(bool b)
{
	return b ? &true_value : &false_value;
}

static value_t *value_alloc(arena_t *a, value_kind_t k)
{
	value_t *v = ARENA_NEW(a, value_t);
	v->kind = k;
	return v;
}

value_t *value_new_int(arena_t *a, int64_t i)
{
	value_t *v = value_alloc(a, VALUE_INT);
	v->i = i;
	return v;
}

value_t *value_new_float(arena_t *a, double f)
{
	value_t *v = value_alloc(a, VALUE_FLOAT);
	v->f = f;
	return v;
}

value_t *value_new_string(arena_t *a, const char *p, size_t n)
{
	value_t *v = value_alloc(a, VALUE_STRING);
	v->s.p = arena_strndup(a, p, n);
	v->s.n = n;
	return v;
}

value_t *value_new_cstr(arena_t *a, const char *s)
{
	return value_new_string(a, s, strlen(s));
}

value_t *value_new_string_ref(arena_t *a, const char *p, size_t n)
{
	value_t *v = value_alloc(a, VALUE_STRING);
	v->s.p = p;
	v->s.n = n;
	return v;
}

value_t *value_new_time(arena_t *a, value_time_t t)
{
	value_t *v = value_alloc(a, VALUE_TIME);
	v->t = t;
	return v;
}

value_t *value_new_array(arena_t *a, size_t cap)
{
	value_t *v = value_alloc(a, VALUE_ARRAY);
	if (cap) {
		v->a.items = ARENA_ARRAY(a, value_t *, cap);
		v->a.cap = cap;
	}
	return v;
}

value_t *value_new_hash(arena_t *a, size_t cap)
{
	value_t *v = value_alloc(a, VALUE_HASH);
	if (cap) {
		v->h.entries = ARENA_ARRAY(a, value_entry_t, cap);
		v->h.cap = cap;
	}
	return v;
}

value_t *value_new_drop(arena_t *a, const value_drop_class_t *cls, void *self)
{
	value_t *v = value_alloc(a, VALUE_DROP);
	v->d.cls = cls;
	v->d.self = self;
	return v;
}

void value_array_push(arena_t *a, value_t *arr, value_t *item)
{
	if (arr->a.n == arr->a.cap) {
		size_t cap = arr->a.cap ? arr->a.cap * 2 : 4;
		arr->a.items = arena_realloc(a, arr->a.items, arr->a.n * sizeof(value_t *),
					     cap * sizeof(value_t *));
		arr->a.cap = cap;
	}
	arr->a.items[arr->a.n++] = item;
}

/* FNV-1a: keys are short, this is enough. */
static uint32_t hash_key(str_t k)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < k.n; i++) {
		h ^= (unsigned char)k.p[i];
		h *= 16777619u;
	}
	return h;
}

#define HASH_INDEX_MIN 8
#define HASH_EMPTY UINT32_MAX

static void hash_index_insert(value_t *h, uint32_t entry)
{
	size_t mask = h->h.index_cap - 1;
	size_t i = hash_key(h->h.entries[entry].key) & mask;
	while (h->h.index[i] != HASH_EMPTY)
		i = (i + 1) & mask;
	h->h.index[i] = entry;
}

static void hash_reindex(arena_t *a, value_t *h)
{
	size_t cap = 16;
	while (cap < h->h.n * 2)
		cap *= 2;
	h->h.index = ARENA_ARRAY(a, uint32_t, cap);
	memset(h->h.index, 0xff, cap * sizeof(uint32_t));
	h->h.index_cap = cap;
	for (size_t e = 0; e < h->h.n; e++)
		hash_index_insert(h, (uint32_t)e);
}

static value_entry_t *hash_find(const value_t *h, str_t key)
{
	if (h->h.index_cap) {
		size_t mask = h->h.index_cap - 1;
		size_t i = hash_key(key) & mask;
		for (; h->h.index[i] != HASH_EMPTY; i = (i + 1) & mask) {
			value_entry_t *e = &h->h.entries[h->h.index[i]];
			if (str_eq(e->key, key))
				return e;
		}
		return NULL;
	}
	for (size_t i = 0; i < h->h.n; i++)
		if (str_eq(h->h.entries[i].key, key))
			return &h->h.entries[i];
	return NULL;
}

void value_hash_set(arena_t *a, value_t *h, str_t key, value_t *val)
{
	value_entry_t *e = hash_find(h, key);
	if (e) {
		e->val = val;
		return;
	}
	if (h->h.n == h->h.cap) {
		size_t cap = h->h.cap ? h->h.cap * 2 : 4;
		h->h.entries = arena_realloc(a, h->h.entries, h->h.n * sizeof(value_entry_t),
					     cap * sizeof(value_entry_t));
		h->h.cap = cap;
	}
	h->h.entries[h->h.n].key = arena_str(a, key);
	h->h.entries[h->h.n].val = val;
	h->h.n++;
	if (h->h.n > HASH_INDEX_MIN) {
		if (h->h.n * 2 > h->h.index_cap)
			hash_reindex(a, h);
		else
			hash_index_insert(h, (uint32_t)(h->h.n - 1));
	}
}

void value_hash_set_cstr(arena_t *a, value_t *h, const char *key, value_t *val)
{
	value_hash_set(a, h, str_cstr(key), val);
}

static int entry_key_cmp(const void *a, const void *b)
{
	const value_entry_t *x = a, *y = b;
	size_t n = x->key.n < y->key.n ? x->key.n : y->key.n;
	int c = n ? memcmp(x->key.p, y->key.p, n) : 0;
	return c ? c : (x->key.n > y->key.n) - (x->key.n < y->key.n);
}

value_t *value_hash_sorted(arena_t *a, const value_t *h)
{
	value_entry_t *tmp = xmalloc((h->h.n + 1) * sizeof(value_entry_t));
	memcpy(tmp, h->h.entries, h->h.n * sizeof(value_entry_t));
	qsort(tmp, h->h.n, sizeof(value_entry_t), entry_key_cmp);
	value_t *v = value_new_hash(a, h->h.n);
	for (size_t i = 0; i < h->h.n; i++)
		value_hash_set(a, v, tmp[i].key, tmp[i].val);
	free(tmp);
	return v;
}

value_t *value_get(const value_t *h, str_t key)
{
	if (!h)
		return NULL;
	if (h->kind == VALUE_HASH) {
		value_entry_t *e = hash_find(h, key);
		return e ? e->val : NULL;
	}
	if (h->kind == VALUE_DROP && h->d.cls->get)
		return h->d.cls->get(h->d.self, key, NULL);
	return NULL;
}

value_t *value_get_cstr(const value_t *h, const char *key)
{
	return value_get(h, str_cstr(key));
}

value_t *value_dig(const value_t *v, const char *path)
{
	const char *p = path;
	while (v && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		v = value_get(v, str_from(p, n));
		p += n + (dot ? 1 : 0);
	}
	return (value_t *)v;
}

const char *value_cstr(const value_t *v)
{
	return v && v->kind == VALUE_STRING ? v->s.p : NULL;
}

bool value_truthy(const value_t *v)
{
	return v && v->kind != VALUE_NIL && !(v->kind == VALUE_BOOL && !v->b);
}

size_t value_size(const value_t *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case VALUE_STRING: return v->s.n;
	case VALUE_ARRAY: return v->a.n;
	case VALUE_HASH: return v->h.n;
	case VALUE_DROP: return v->d.cls->size ? v->d.cls->size(v->d.self) : 0;
	default: return 0;
	}
}

bool value_is_number(const value_t *v)
{
	return v && (v->kind == VALUE_INT || v->kind == VALUE_FLOAT);
}

double value_as_double(const value_t *v)
{
	if (!v)
		return 0;
	if (v->kind == VALUE_INT)
		return (double)v->i;
	if (v->kind == VALUE_FLOAT)
		return v->f;
	return 0;
}

/* Ruby's Float#to_s: the shortest digits that read back the same, with a
 * ".0" on whole numbers, and exponent form below 1e-4 or from 1e16 on. */
static void float_to_buf(double f, buf_t *out)
{
	if (isnan(f)) {
		buf_puts(out, "NaN");
		return;
	}
	if (isinf(f)) {
		buf_puts(out, f < 0 ? "-Infinity" : "Infinity");
		return;
	}
	char digits[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(digits, sizeof digits, "%.*e", prec - 1, f);
		if (strtod(digits, NULL) == f)
			break;
	}
	/* digits is "-d.ddde+XX": split mantissa digits and exponent */
	char mant[40];
	size_t m = 0;
	const char *p = digits;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			mant[m++] = *p;
	mant[m] = '\0';
	int exp = atoi(p + 1);
	while (m > 1 && mant[m - 1] == '0')
		mant[--m] = '\0';
	if (neg)
		buf_putc(out, '-');
	if (exp < -4 || exp >= 16) {
		buf_putc(out, mant[0]);
		buf_putc(out, '.');
		buf_puts(out, m > 1 ? mant + 1 : "0");
		buf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	if (exp < 0) {
		buf_puts(out, "0.");
		for (int i = -1; i > exp; i--)
			buf_putc(out, '0');
		buf_puts(out, mant);
		return;
	}
	for (int i = 0; i <= exp; i++)
		buf_putc(out, (size_t)i < m ? mant[i] : '0');
	buf_putc(out, '.');
	buf_puts(out, (size_t)exp + 1 < m ? mant + exp + 1 : "0");
}

static void time_to_buf(value_time_t t, buf_t *out)
{
	struct tm tm;
	value_time_to_tm(t, &tm);
	buf_printf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (t.date_only)
		return;
	int off = t.utc_off < 0 ? -t.utc_off : t.utc_off;
	buf_printf(out, " %02d:%02d:%02d %c%02d%02d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		   t.utc_off < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
}

void value_to_buf(const value_t *v, buf_t *out)
{
	if (!v)
		return;
	switch (v->kind) {
	case VALUE_NIL:
		break;
	case VALUE_BOOL:
		buf_puts(out, v->b ? "true" : "false");
		break;
	case VALUE_INT:
		buf_printf(out, "%" PRId64, v->i);
		break;
	case VALUE_FLOAT:
		float_to_buf(v->f, out);
		break;
	case VALUE_STRING:
		buf_put(out, v->s.p, v->s.n);
		break;
	case VALUE_TIME:
		time_to_buf(v->t, out);
		break;
	case VALUE_ARRAY:
		for (size_t i = 0; i < v->a.n; i++)
			value_to_buf(v->a.items[i], out);
		break;
	case VALUE_HASH:
		/* Ruby's Hash#inspect, as Liquid prints a hash */
		buf_putc(out, '{');
		for (size_t i = 0; i < v->h.n; i++) {
			if (i)
				buf_puts(out, ", ");
			buf_putc(out, '"');
			buf_put_str(out, v->h.entries[i].key);
			buf_puts(out, "\"=>");
			const value_t *e = v->h.entries[i].val;
			if (e->kind == VALUE_STRING) {
				buf_putc(out, '"');
				value_to_buf(e, out);
				buf_putc(out, '"');
			} else if (e->kind == VALUE_NIL) {
				buf_puts(out, "nil");
			} else {
				value_to_buf(e, out);
			}
		}
		buf_putc(out, '}');
		break;
	case VALUE_DROP:
		if (v->d.cls->to_buf)
			v->d.cls->to_buf(v->d.self, out);
		break;
	}
}

str_t value_to_str(arena_t *a, const value_t *v)
{
	if (v && v->kind == VALUE_STRING)
		return v->s;
	buf_t b = BUF_INIT;
	value_to_buf(v, &b);
	str_t s = arena_str(a, buf_str(&b));
	buf_free(&b);
	return s;
}

bool value_equal(const value_t *x, const value_t *y)
{
	if (!x)
		x = value_nil();
	if (!y)
		y = value_nil();
	if (value_is_number(x) && value_is_number(y)) {
		if (x->kind == VALUE_INT && y->kind == VALUE_INT)
			return x->i == y->i;
		return value_as_double(x) == value_as_double(y);
	}
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case VALUE_NIL: return true;
	case VALUE_BOOL: return x->b == y->b;
	case VALUE_STRING: return str_eq(x->s, y->s);
	case VALUE_TIME: return x->t.sec == y->t.sec && x->t.nsec == y->t.nsec;
	case VALUE_ARRAY:
		if (x->a.n != y->a.n)
			return false;
		for (size_t i = 0; i < x->a.n; i++)
			if (!value_equal(x->a.items[i], y->a.items[i]))
				return false;
		return true;
	case VALUE_HASH:
		if (x->h.n != y->h.n)
			return false;
		for (size_t i = 0; i < x->h.n; i++) {
			value_t *o = value_get(y, x->h.entries[i].key);
			if (!o || !value_equal(x->h.entries[i].val, o))
				return false;
		}
		return true;
	case VALUE_DROP: return x->d.self == y->d.self && x->d.cls == y->d.cls;
	default: return false;
	}
}

static int sign3(double d)
{
	return d < 0 ? -1 : d > 0 ? 1 : 0;
}

bool value_compare(const value_t *x, const value_t *y, int *cmp)
{
	if (!x || !y)
		return false;
	if (value_is_number(x) && value_is_number(y)) {
		if (x->kind == VALUE_INT && y->kind == VALUE_INT)
			*cmp = x->i < y->i ? -1 : x->i > y->i;
		else
			*cmp = sign3(value_as_double(x) - value_as_double(y));
		return true;
	}
	if (x->kind == VALUE_STRING && y->kind == VALUE_STRING) {
		size_t n = x->s.n < y->s.n ? x->s.n : y->s.n;
		int c = n ? memcmp(x->s.p, y->s.p, n) : 0;
		*cmp = c ? sign3(c) : x->s.n < y->s.n ? -1 : x->s.n > y->s.n;
		return true;
	}
	if (x->kind == VALUE_TIME && y->kind == VALUE_TIME) {
		*cmp = x->t.sec != y->t.sec ? (x->t.sec < y->t.sec ? -1 : 1)
					    : (x->t.nsec < y->t.nsec ? -1 : x->t.nsec > y->t.nsec);
		return true;
	}
	return false;
}

const char *value_kind_name(value_kind_t k)
{
	static const char *names[] = { "nil", "boolean", "integer", "float", "string",
				       "time", "array", "hash", "drop" };
	return (unsigned)k < ARRAY_LEN(names) ? names[k] : "?";
}

/* Howard Hinnant's days-from-civil algorithm (public domain arithmetic). */
int64_t value_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

value_time_t value_time_make(int year, int month, int day, int hour, int min, int sec,
			     int32_t nsec, int32_t utc_off)
{
	value_time_t t = { 0 };
	int64_t days = value_days_from_civil(year, (unsigned)month, (unsigned)day);
	t.sec = days * 86400 + hour * 3600 + min * 60 + sec - utc_off;
	t.nsec = nsec;
	t.utc_off = utc_off;
	return t;
}

void value_time_to_tm(value_time_t t, struct tm *tm)
{
	int64_t local = t.sec + t.utc_off;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	/* civil-from-days */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)m - 1;
	tm->tm_mday = (int)d;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs % 3600 / 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	tm->tm_yday = (int)(days - value_days_from_civil(y, 1, 1));
	tm->tm_gmtoff = t.utc_off;
}
