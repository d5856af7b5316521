/* filters_array.c - Liquid's array filters (join, first, map, where, sort,
 * uniq, slice, ...) and Jekyll's array additions (push, pop, shift,
 * unshift, sample, where with property/value, sort with nils order).
 *
 * Input goes through Liquid's InputIterator (filters_input_array): arrays
 * are flattened, a hash is one item, nil is empty, a scalar is one item. */
#include <string.h>

#include "../arena.h"
#include "../util.h"
#include "filters_common.h"

static value_t *f_join(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("join", 0, 1);
	str_t glue = argc ? filters_to_s(ctx, argv[0]) : STR_LIT(" ");
	value_t *ary = filters_input_array(ctx, in);
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < ary->a.n; i++) {
		if (i)
			buf_put_str(&b, glue);
		filters_to_buf(ary->a.items[i], &b);
		if (filters_too_long(ctx, &b))
			break;
	}
	return filters_buf(ctx, &b);
}

static value_t *f_first(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("first", 0, 0);
	if (filters_is_nil(in))
		return value_nil();
	if (in->kind == VALUE_ARRAY)
		return in->a.n ? in->a.items[0] : value_nil();
	if (in->kind == VALUE_HASH && in->h.n) {
		/* Hash#first is a [key, value] pair */
		value_t *pair = value_new_array(A(ctx), 2);
		value_array_push(A(ctx), pair, filters_str(ctx, in->h.entries[0].key));
		value_array_push(A(ctx), pair, in->h.entries[0].val);
		return pair;
	}
	return value_nil();
}

static value_t *f_last(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("last", 0, 0);
	if (!filters_is_nil(in) && in->kind == VALUE_ARRAY && in->a.n)
		return in->a.items[in->a.n - 1];
	return value_nil();
}

/* Ruby's #size where it exists: characters of a string, items of an
 * array or hash, 8 for an Integer (its bytes), 0 otherwise. */
static value_t *f_size(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("size", 0, 0);
	int64_t n = 0;
	if (!filters_is_nil(in)) {
		if (in->kind == VALUE_STRING)
			n = (int64_t)filters_utf8_len(in->s);
		else if (in->kind == VALUE_INT)
			n = 8;
		else
			n = (int64_t)value_size(in);
	}
	return value_new_int(A(ctx), n);
}

static value_t *f_reverse(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("reverse", 0, 0);
	value_t *ary = filters_input_array(ctx, in);
	for (size_t i = 0, j = ary->a.n; i + 1 < j; i++, j--) {
		value_t *t = ary->a.items[i];
		ary->a.items[i] = ary->a.items[j - 1];
		ary->a.items[j - 1] = t;
	}
	return ary;
}

static value_t *f_compact(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("compact", 0, 1);
	value_t *ary = filters_input_array(ctx, in);
	value_t *prop = filters_arg(argc, argv, 0);
	value_t *out = value_new_array(A(ctx), ary->a.n);
	for (size_t i = 0; i < ary->a.n; i++) {
		value_t *v = ary->a.items[i];
		if (!filters_is_nil(prop)) {
			filters_get_t st = filters_item_get(ctx, ary->a.items[i], prop, &v);
			if (st == FILTERS_GET_TYPE_ERROR) {
				filters_property_error(ctx, "compact", prop);
				return value_nil();
			}
			if (st == FILTERS_GET_NO_METHOD)
				return value_nil();
		}
		if (!filters_is_nil(v))
			value_array_push(A(ctx), out, ary->a.items[i]);
	}
	return out;
}

static value_t *f_concat(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("concat", 1, 1);
	if (filters_is_nil(argv[0]) || argv[0]->kind != VALUE_ARRAY) {
		liquid_ctx_error(ctx, "concat filter requires an array argument");
		return value_nil();
	}
	value_t *ary = filters_input_array(ctx, in);
	for (size_t i = 0; i < argv[0]->a.n; i++)
		value_array_push(A(ctx), ary, argv[0]->a.items[i] ? argv[0]->a.items[i] : value_nil());
	return ary;
}

static value_t *f_map(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		      value_t *kwargs)
{
	ARITY("map", 1, 1);
	value_t *ary = filters_input_array(ctx, in);
	value_t *prop = argv[0];
	value_t *out = value_new_array(A(ctx), ary->a.n);
	bool itself = !filters_is_nil(prop) && prop->kind == VALUE_STRING &&
		      str_eq_cstr(prop->s, "to_liquid");
	for (size_t i = 0; i < ary->a.n; i++) {
		value_t *v = ary->a.items[i];
		if (!itself && filters_item_get(ctx, ary->a.items[i], prop, &v) ==
				       FILTERS_GET_TYPE_ERROR) {
			filters_property_error(ctx, "map", prop);
			return value_nil();
		}
		value_array_push(A(ctx), out, v);
	}
	return out;
}

/* ---- where, reject, has, find, find_index (Liquid's filter_array) ---- */

typedef enum { FA_SELECT, FA_REJECT, FA_ANY, FA_FIND, FA_FIND_INDEX } fa_mode_t;

static value_t *filter_array(liquid_ctx_t *ctx, const char *name, value_t *in, value_t *prop,
			     value_t *target, fa_mode_t mode)
{
	value_t *ary = filters_input_array(ctx, in);
	if (!ary->a.n)
		return mode == FA_ANY ? value_bool(false) :
		       mode == FA_SELECT || mode == FA_REJECT ? ary : value_nil();
	value_t *out = value_new_array(A(ctx), ary->a.n);
	for (size_t i = 0; i < ary->a.n; i++) {
		value_t *item = ary->a.items[i], *v;
		filters_get_t st = filters_item_get(ctx, item, prop, &v);
		if (st == FILTERS_GET_TYPE_ERROR) {
			filters_property_error(ctx, name, prop);
			return value_nil();
		}
		if (st == FILTERS_GET_NO_METHOD)
			return value_nil();
		bool match = filters_is_nil(target) ? value_truthy(v) : value_equal(v, target);
		switch (mode) {
		case FA_SELECT:
		case FA_REJECT:
			if (match == (mode == FA_SELECT))
				value_array_push(A(ctx), out, item);
			break;
		case FA_ANY:
			if (match)
				return value_bool(true);
			break;
		case FA_FIND:
			if (match)
				return item;
			break;
		case FA_FIND_INDEX:
			if (match)
				return value_new_int(A(ctx), (int64_t)i);
			break;
		}
	}
	return mode == FA_ANY ? value_bool(false) : mode == FA_SELECT || mode == FA_REJECT ? out
											: value_nil();
}

/* Jekyll's comparison: the property's text (or any item's, for an array
 * property) equals the target's text. */
static bool jekyll_match(liquid_ctx_t *ctx, value_t *prop_val, str_t target)
{
	if (filters_is_nil(prop_val))
		return false;
	if (prop_val->kind == VALUE_ARRAY) {
		for (size_t i = 0; i < prop_val->a.n; i++)
			if (!filters_is_nil(prop_val->a.items[i]) &&
			    str_eq(filters_to_s(ctx, prop_val->a.items[i]), target))
				return true;
		return false;
	}
	return str_eq(filters_to_s(ctx, prop_val), target);
}

/* Jekyll's where(input, property, value): values of a hash, dotted
 * properties, comparison as strings; other inputs come back unchanged. */
static value_t *jekyll_where(liquid_ctx_t *ctx, value_t *in, value_t *prop, value_t *target)
{
	if (filters_is_nil(in))
		return value_new_array(A(ctx), 0);
	value_t *items;
	if (in->kind == VALUE_HASH) {
		items = value_new_array(A(ctx), in->h.n);
		for (size_t i = 0; i < in->h.n; i++)
			value_array_push(A(ctx), items, in->h.entries[i].val);
	} else if (in->kind == VALUE_ARRAY) {
		items = filters_input_array(ctx, in);
	} else {
		return in;
	}
	str_t path = filters_to_s(ctx, prop);
	str_t want = filters_to_s(ctx, target);
	value_t *out = value_new_array(A(ctx), items->a.n);
	for (size_t i = 0; i < items->a.n; i++) {
		value_t *item = items->a.items[i], *v;
		if (!filters_is_nil(item) && item->kind == VALUE_STRING)
			filters_item_get(ctx, item, prop, &v);
		else
			v = filters_dig(ctx, item, path);
		if (jekyll_match(ctx, v, want))
			value_array_push(A(ctx), out, item);
	}
	return out;
}

static value_t *f_where(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("where", 1, 2);
	value_t *target = filters_arg(argc, argv, 1);
	/* Shopify's forms (no value, nil value) keep Shopify's truthy test */
	if (filters_is_nil(target) || filters_is_nil(argv[0]))
		return filter_array(ctx, "where", in, argv[0], target, FA_SELECT);
	if (target->kind == VALUE_ARRAY || target->kind == VALUE_HASH)
		return in;
	return jekyll_where(ctx, in, argv[0], target);
}

static value_t *f_reject(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("reject", 1, 2);
	return filter_array(ctx, "reject", in, argv[0], filters_arg(argc, argv, 1), FA_REJECT);
}

static value_t *f_has(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		      value_t *kwargs)
{
	ARITY("has", 1, 2);
	return filter_array(ctx, "has", in, argv[0], filters_arg(argc, argv, 1), FA_ANY);
}

static value_t *f_find(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("find", 1, 2);
	return filter_array(ctx, "find", in, argv[0], filters_arg(argc, argv, 1), FA_FIND);
}

static value_t *f_find_index(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	ARITY("find_index", 1, 2);
	return filter_array(ctx, "find_index", in, argv[0], filters_arg(argc, argv, 1),
			    FA_FIND_INDEX);
}

/* ---- uniq ---- */

static value_t *f_uniq(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("uniq", 0, 1);
	value_t *ary = filters_input_array(ctx, in);
	value_t *prop = filters_arg(argc, argv, 0);
	size_t n = ary->a.n;
	value_t **keys = ARENA_ARRAY(A(ctx), value_t *, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		keys[i] = ary->a.items[i];
		if (filters_is_nil(prop))
			continue;
		filters_get_t st = filters_item_get(ctx, ary->a.items[i], prop, &keys[i]);
		if (st == FILTERS_GET_TYPE_ERROR) {
			filters_property_error(ctx, "uniq", prop);
			return value_nil();
		}
		if (st == FILTERS_GET_NO_METHOD)
			return value_nil();
	}
	/* quadratic, like any uniq over unhashable values; fine for templates,
	 * and the comparisons are counted (100,000 distinct items: 5e9) */
	value_t *out = value_new_array(A(ctx), n);
	value_t **seen = ARENA_ARRAY(A(ctx), value_t *, n ? n : 1);
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		if (!liquid_ctx_count_work(ctx, ns))
			return value_nil();
		bool dup = false;
		for (size_t k = 0; k < ns && !dup; k++)
			dup = filters_eql(seen[k], keys[i]);
		if (dup)
			continue;
		seen[ns++] = keys[i];
		value_array_push(A(ctx), out, ary->a.items[i]);
	}
	return out;
}

/* ---- sorting ---- */

typedef struct {
	value_t *item;
	value_t *key;
} sort_pair_t;

typedef struct {
	liquid_ctx_t *ctx;
	int mode;            /* 0 = Ruby's <=>, 1 = sort_natural's casecmp */
	int nil_order;       /* where nils go: 1 = last, -1 = first */
	bool text_fallback;  /* Jekyll: compare as text what <=> cannot */
	bool dig;            /* Jekyll: dotted property paths */
	bool failed;
} sort_opts_t;

/* ASCII-case-insensitive comparison, as Ruby's String#casecmp. */
static int casecmp(str_t a, str_t b)
{
	size_t n = a.n < b.n ? a.n : b.n;
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b.p[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a.n < b.n ? -1 : a.n > b.n;
}

/* Ruby's <=> for arrays: item by item. */
static bool spaceship(const value_t *a, const value_t *b, int *c)
{
	if (value_compare(a, b, c))
		return true;
	if (a->kind == VALUE_ARRAY && b->kind == VALUE_ARRAY) {
		size_t n = a->a.n < b->a.n ? a->a.n : b->a.n;
		for (size_t i = 0; i < n; i++) {
			const value_t *x = a->a.items[i] ? a->a.items[i] : value_nil();
			const value_t *y = b->a.items[i] ? b->a.items[i] : value_nil();
			if (!spaceship(x, y, c))
				return false;
			if (*c)
				return true;
		}
		*c = a->a.n < b->a.n ? -1 : a->a.n > b->a.n;
		return true;
	}
	if (value_equal(a, b) && a->kind == b->kind) {
		*c = 0;
		return true;
	}
	return false;
}

static int compare_keys(sort_opts_t *o, value_t *a, value_t *b)
{
	bool an = filters_is_nil(a), bn = filters_is_nil(b);
	if (an || bn)
		return an && bn ? 0 : an ? o->nil_order : -o->nil_order;
	if (o->mode == 1)
		return casecmp(filters_to_s(o->ctx, a), filters_to_s(o->ctx, b));
	int c;
	if (spaceship(a, b, &c))
		return c;
	if (o->text_fallback) {
		/* Jekyll: a <=> b || a.to_s <=> b.to_s */
		str_t x = filters_to_s(o->ctx, a), y = filters_to_s(o->ctx, b);
		size_t n = x.n < y.n ? x.n : y.n;
		int m = n ? memcmp(x.p, y.p, n) : 0;
		return m ? (m < 0 ? -1 : 1) : x.n < y.n ? -1 : x.n > y.n;
	}
	o->failed = true;
	return 0;
}

/* Stable merge sort: equal keys keep their order, so output never depends
 * on the sort implementation. */
static void merge_sort(sort_opts_t *o, sort_pair_t *v, sort_pair_t *tmp, size_t n)
{
	if (n < 2 || o->failed)
		return;
	size_t h = n / 2;
	merge_sort(o, v, tmp, h);
	merge_sort(o, v + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = compare_keys(o, v[j].key, v[i].key) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

static value_t *sort_items(liquid_ctx_t *ctx, const char *name, value_t *ary, value_t *prop,
			   sort_opts_t *o)
{
	size_t n = ary->a.n;
	sort_pair_t *v = ARENA_ARRAY(A(ctx), sort_pair_t, n ? n : 1);
	sort_pair_t *tmp = ARENA_ARRAY(A(ctx), sort_pair_t, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		value_t *item = ary->a.items[i];
		v[i].item = item;
		v[i].key = item;
		if (filters_is_nil(prop))
			continue;
		if (o->dig) {
			v[i].key = !filters_is_nil(item) && item->kind == VALUE_STRING ?
					   value_nil() : filters_dig(ctx, item, filters_to_s(ctx, prop));
			continue;
		}
		filters_get_t st = filters_item_get(ctx, item, prop, &v[i].key);
		if (st == FILTERS_GET_TYPE_ERROR) {
			filters_property_error(ctx, name, prop);
			return value_nil();
		}
		if (st == FILTERS_GET_NO_METHOD)
			return value_nil(); /* not every item responds to [] */
	}
	size_t log2n = 1;
	while (log2n < 64 && ((size_t)1 << log2n) < n)
		log2n++;
	if (!liquid_ctx_count_work(ctx, n * log2n))  /* the comparisons */
		return value_nil();
	merge_sort(o, v, tmp, n);
	if (o->failed) {
		liquid_ctx_error(ctx, "%s: cannot sort values of incompatible types", name);
		return value_nil();
	}
	value_t *out = value_new_array(A(ctx), n);
	for (size_t i = 0; i < n; i++)
		value_array_push(A(ctx), out, v[i].item);
	return out;
}

/* sort, sort: "prop" (Shopify: nils last) and Jekyll's sort: "prop",
 * "first"|"last" (dotted properties, text comparison as a fallback). */
static value_t *f_sort(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("sort", 0, 2);
	value_t *prop = filters_arg(argc, argv, 0);
	sort_opts_t o = { ctx, 0, 1, false, false, false };
	if (argc == 2) {
		str_t nils = filters_to_s(ctx, argv[1]);
		if (!str_eq_cstr(nils, "first") && !str_eq_cstr(nils, "last")) {
			liquid_ctx_error(ctx, "sort: invalid nils order '%.*s': it must be 'first' or 'last'",
					 (int)nils.n, nils.p);
			return value_nil();
		}
		o.nil_order = str_eq_cstr(nils, "first") ? -1 : 1;
	}
	if (!filters_is_nil(prop)) {
		o.text_fallback = true;
		o.dig = argc == 2 || (prop->kind == VALUE_STRING && memchr(prop->s.p, '.', prop->s.n));
	}
	return sort_items(ctx, "sort", filters_input_array(ctx, in), prop, &o);
}

static value_t *f_sort_natural(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			       value_t *kwargs)
{
	ARITY("sort_natural", 0, 1);
	sort_opts_t o = { ctx, 1, 1, false, false, false };
	return sort_items(ctx, "sort_natural", filters_input_array(ctx, in),
			  filters_arg(argc, argv, 0), &o);
}

/* ---- slice ---- */

/* Ruby's slice(start, length) bounds: NULL when out of range. */
static bool slice_bounds(int64_t len, int64_t start, int64_t count, int64_t *from, int64_t *n)
{
	if (start < 0)
		start += len;
	if (start < 0 || start > len || count < 0)
		return false;
	*from = start;
	*n = count > len - start ? len - start : count;
	return true;
}

static value_t *f_slice(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("slice", 1, 2);
	int64_t start, count = 1, from, n;
	if (!filters_to_integer(ctx, "slice", argv[0], &start))
		return value_nil();
	if (argc > 1 && !filters_is_nil(argv[1]) && !filters_to_integer(ctx, "slice", argv[1], &count))
		return value_nil();
	if (!filters_is_nil(in) && in->kind == VALUE_ARRAY) {
		value_t *out = value_new_array(A(ctx), 0);
		if (slice_bounds((int64_t)in->a.n, start, count, &from, &n))
			for (int64_t i = 0; i < n; i++)
				value_array_push(A(ctx), out, in->a.items[from + i]);
		return out;
	}
	str_t s = filters_to_s(ctx, in);
	if (!slice_bounds((int64_t)filters_utf8_len(s), start, count, &from, &n))
		return filters_str(ctx, STR_LIT(""));
	size_t b0 = filters_utf8_offset(s, (size_t)from);
	size_t b1 = b0 + filters_utf8_offset(str_from(s.p + b0, s.n - b0), (size_t)n);
	return filters_str(ctx, str_from(s.p + b0, b1 - b0));
}

/* default: nil, false and empty strings, arrays and hashes give the
 * argument ("" without one); with allow_false: true, false stays. */
static value_t *f_default(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	if (!filters_arity(ctx, "default", argc, NULL, 0, 1))
		return value_nil();
	value_t *af = kwargs && kwargs->kind == VALUE_HASH ? value_get_cstr(kwargs, "allow_false")
							   : NULL;
	bool use = af && value_truthy(af) ? filters_is_nil(in) : !value_truthy(in);
	if (!use && (in->kind == VALUE_STRING || in->kind == VALUE_ARRAY || in->kind == VALUE_HASH))
		use = value_size(in) == 0;
	if (!use)
		return in;
	return argc ? filters_arg(argc, argv, 0) : filters_str(ctx, STR_LIT(""));
}

/* ---- Jekyll's array helpers: never modify the input array ---- */

static value_t *copy_array(liquid_ctx_t *ctx, value_t *in, size_t from, size_t to)
{
	value_t *out = value_new_array(A(ctx), to - from + 1);
	for (size_t i = from; i < to; i++)
		value_array_push(A(ctx), out, in->a.items[i]);
	return out;
}

static value_t *f_push(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("push", 1, 1);
	if (filters_is_nil(in) || in->kind != VALUE_ARRAY)
		return in;
	value_t *out = copy_array(ctx, in, 0, in->a.n);
	value_array_push(A(ctx), out, argv[0] ? argv[0] : value_nil());
	return out;
}

static value_t *f_unshift(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("unshift", 1, 1);
	if (filters_is_nil(in) || in->kind != VALUE_ARRAY)
		return in;
	value_t *out = value_new_array(A(ctx), in->a.n + 1);
	value_array_push(A(ctx), out, argv[0] ? argv[0] : value_nil());
	for (size_t i = 0; i < in->a.n; i++)
		value_array_push(A(ctx), out, in->a.items[i]);
	return out;
}

static bool count_arg(liquid_ctx_t *ctx, const char *name, size_t argc, value_t **argv,
		      int64_t *n)
{
	*n = 1;
	if (argc && !filters_to_integer(ctx, name, argv[0], n))
		return false;
	if (*n < 0) {
		liquid_ctx_error(ctx, "%s: negative array size", name);
		return false;
	}
	return true;
}

static value_t *f_pop(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		      value_t *kwargs)
{
	ARITY("pop", 0, 1);
	if (filters_is_nil(in) || in->kind != VALUE_ARRAY)
		return in;
	int64_t n;
	if (!count_arg(ctx, "pop", argc, argv, &n))
		return value_nil();
	size_t keep = (uint64_t)n >= in->a.n ? 0 : in->a.n - (size_t)n;
	return copy_array(ctx, in, 0, keep);
}

static value_t *f_shift(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("shift", 0, 1);
	if (filters_is_nil(in) || in->kind != VALUE_ARRAY)
		return in;
	int64_t n;
	if (!count_arg(ctx, "shift", argc, argv, &n))
		return value_nil();
	size_t from = (uint64_t)n >= in->a.n ? in->a.n : (size_t)n;
	return copy_array(ctx, in, from, in->a.n);
}

/* Deterministic sample: output must not change between builds, so the
 * "random" items are the first ones. */
static value_t *f_sample(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	ARITY("sample", 0, 1);
	if (filters_is_nil(in) || in->kind != VALUE_ARRAY)
		return in;
	int64_t n = 1;
	if (argc && !filters_is_nil(argv[0])) {
		str_t s = filters_to_s(ctx, argv[0]);
		n = argv[0]->kind == VALUE_INT ? argv[0]->i : filters_str_to_i(s);
	}
	if (n == 1)
		return in->a.n ? in->a.items[0] : value_nil();
	if (n < 0) {
		liquid_ctx_error(ctx, "sample: negative sample number");
		return value_nil();
	}
	return copy_array(ctx, in, 0, (uint64_t)n >= in->a.n ? in->a.n : (size_t)n);
}

const filters_entry_t filters_array_table[] = {
	{ "default", f_default },
	{ "join", f_join },
	{ "first", f_first },
	{ "last", f_last },
	{ "size", f_size },
	{ "reverse", f_reverse },
	{ "compact", f_compact },
	{ "concat", f_concat },
	{ "map", f_map },
	{ "where", f_where },
	{ "reject", f_reject },
	{ "has", f_has },
	{ "find", f_find },
	{ "find_index", f_find_index },
	{ "uniq", f_uniq },
	{ "sort", f_sort },
	{ "sort_natural", f_sort_natural },
	{ "slice", f_slice },
	{ "push", f_push },
	{ "pop", f_pop },
	{ "shift", f_shift },
	{ "unshift", f_unshift },
	{ "sample", f_sample },
	{ NULL, NULL },
};
