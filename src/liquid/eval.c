#include "eval.h"

#include <stdint.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

static value_t empty_string = { .kind = VALUE_STRING, .s = { "", 0 } };

value_t *liquid_empty_string(void)
{
	return &empty_string;
}

void liquid_vfail(liquid_ctx_t *c, const char *fmt, va_list ap)
{
	if (c->failed)
		return;
	c->failed = true;
	diag_add(c->diags, DIAG_ERROR, c->tpl ? c->tpl->file : NULL, (int)c->line, (int)c->col,
		 fmt, ap);
}

void liquid_fail(liquid_ctx_t *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	liquid_vfail(c, fmt, ap);
	va_end(ap);
}

bool liquid_count_iterations(liquid_ctx_t *c, size_t n)
{
	if (n > c->max_iterations || c->iterations > c->max_iterations - n) {
		liquid_fail(c, "too many loop iterations (limit %zu)", c->max_iterations);
		return false;
	}
	c->iterations += n;
	return true;
}

/* Array filters may go through this many items per loop turn allowed: a
 * list built with push in a loop of 10,000 turns (50 M copies, a fraction
 * of a second) stays well within; a sort of 100,000 items in every turn of
 * such a loop does not. */
#define FILTER_WORK_PER_ITERATION 100

bool liquid_ctx_count_work(liquid_ctx_t *c, size_t n)
{
	size_t max = c->max_iterations > SIZE_MAX / FILTER_WORK_PER_ITERATION
			     ? SIZE_MAX
			     : c->max_iterations * FILTER_WORK_PER_ITERATION;
	if (n > max || c->filter_work > max - n) {
		liquid_fail(c, "too much work in array filters (limit %zu items)", max);
		return false;
	}
	c->filter_work += n;
	return true;
}

static value_t *scope_get(const liquid_scope_t *s, str_t name)
{
	for (uint32_t i = 0; i < s->nkeys; i++)
		if (str_eq(s->key[i], name))
			return s->val[i];
	return s->vars ? value_get(s->vars, name) : NULL;
}

value_t *liquid_lookup(liquid_ctx_t *c, str_t name)
{
	for (const liquid_scope_t *s = c->f.scope; s; s = s->up) {
		value_t *v = scope_get(s, name);
		if (v)
			return v;
	}
	value_t *v = c->f.counters ? value_get(c->f.counters, name) : NULL;
	if (v)
		return v;
	return c->globals ? value_get(c->globals, name) : NULL;
}

/* The length of a string in characters, as Ruby's String#size counts. */
static int64_t utf8_length(str_t s)
{
	int64_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		if (((unsigned char)s.p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static value_t *hash_first(liquid_ctx_t *c, const value_t *h)
{
	if (h->h.n == 0)
		return NULL;
	value_t *pair = value_new_array(c->arena, 2);
	value_array_push(c->arena, pair, value_new_string_ref(c->arena, h->h.entries[0].key.p,
							       h->h.entries[0].key.n));
	value_array_push(c->arena, pair, h->h.entries[0].val);
	return pair;
}

/* The built-in size/first/last of a value, or NULL. */
static value_t *command(liquid_ctx_t *c, const value_t *v, str_t key)
{
	bool size = str_eq_cstr(key, "size"), first = str_eq_cstr(key, "first");
	switch (v->kind) {
	case VALUE_ARRAY:
		if (size)
			return value_new_int(c->arena, (int64_t)v->a.n);
		if (v->a.n == 0)
			return NULL;
		return first ? v->a.items[0] : v->a.items[v->a.n - 1];
	case VALUE_HASH:
		if (size)
			return value_new_int(c->arena, (int64_t)v->h.n);
		return first ? hash_first(c, v) : NULL;
	case VALUE_STRING:
		return size ? value_new_int(c->arena, utf8_length(v->s)) : NULL;
	case VALUE_DROP:
		if (size && v->d.cls->size)
			return value_new_int(c->arena, (int64_t)v->d.cls->size(v->d.self));
		return NULL;
	default:
		return NULL;
	}
}

static value_t *get_key(liquid_ctx_t *c, const value_t *v, str_t key)
{
	if (v->kind == VALUE_HASH)
		return value_get(v, key);
	if (v->kind == VALUE_DROP && v->d.cls->get)
		return v->d.cls->get(v->d.self, key, c->arena);
	return NULL;
}

/* One step of a lookup: v[key] with Ruby Liquid's rules. */
static value_t *index_value(liquid_ctx_t *c, const value_t *v, const value_t *key, bool cmd)
{
	if (key->kind == VALUE_STRING) {
		value_t *r = get_key(c, v, key->s);
		if (!r && cmd)
			r = command(c, v, key->s);
		return r;
	}
	if (key->kind != VALUE_INT && key->kind != VALUE_FLOAT)
		return NULL;
	/* no index that large exists; converting it would be undefined */
	if (key->kind == VALUE_FLOAT && !(key->f > -9.2e18 && key->f < 9.2e18))
		return NULL;
	int64_t i = key->kind == VALUE_INT ? key->i : (int64_t)key->f;
	if (v->kind == VALUE_ARRAY) {
		if (i < 0)
			i += (int64_t)v->a.n;
		return i >= 0 && (size_t)i < v->a.n ? v->a.items[i] : NULL;
	}
	if (v->kind == VALUE_HASH || v->kind == VALUE_DROP) {
		/* YAML and JSON keys are strings: `years[2017]` finds "2017" */
		char num[32];
		int n = snprintf(num, sizeof num, "%lld", (long long)i);
		return get_key(c, v, str_from(num, (size_t)n));
	}
	return NULL;
}

static void path_text(const liquid_expr_t *e, uint32_t upto, buf_t *b)
{
	for (uint32_t i = 0; i <= upto && i < e->var.n; i++) {
		const liquid_seg_t *s = &e->var.segs[i];
		if (s->idx || s->const_idx) {
			buf_putc(b, '[');
			if (s->const_idx)
				value_to_buf(s->const_idx, b);
			else
				buf_puts(b, "...");
			buf_putc(b, ']');
		} else {
			if (i)
				buf_putc(b, '.');
			buf_put_str(b, s->key);
		}
	}
}

static value_t *undefined(liquid_ctx_t *c, const liquid_expr_t *e, uint32_t upto)
{
	if (!c->opts->strict_variables)
		return value_nil();
	buf_t b = BUF_INIT;
	path_text(e, upto, &b);
	liquid_fail(c, "undefined variable '%s'", buf_cstr(&b));
	buf_free(&b);
	return NULL;
}

static value_t *eval_var(liquid_ctx_t *c, const liquid_expr_t *e)
{
	const liquid_seg_t *root = &e->var.segs[0];
	value_t *cur;
	if (root->idx || root->const_idx) {
		/* `[name]` at the top looks the name up */
		const value_t *k = root->const_idx ? root->const_idx : liquid_eval(c, root->idx);
		if (!k)
			return NULL;
		cur = k->kind == VALUE_STRING ? liquid_lookup(c, k->s) : NULL;
	} else {
		cur = liquid_lookup(c, root->key);
	}
	if (!cur)
		return undefined(c, e, 0);
	for (uint32_t i = 1; i < e->var.n; i++) {
		const liquid_seg_t *s = &e->var.segs[i];
		value_t keyv = { .kind = VALUE_STRING, .s = s->key };
		const value_t *key = &keyv;
		if (s->const_idx)
			key = s->const_idx;
		else if (s->idx && !(key = liquid_eval(c, s->idx)))
			return NULL;
		if (cur->kind == VALUE_NIL)
			return undefined(c, e, i);
		cur = index_value(c, cur, key, s->command);
		if (!cur)
			return undefined(c, e, i);
	}
	return cur;
}

/* Ruby's String#to_i: leading digits, 0 when there are none. */
static int64_t string_to_i(str_t s)
{
	size_t i = 0;
	while (i < s.n && liquid_is_space(s.p[i]))
		i++;
	bool neg = false;
	if (i < s.n && (s.p[i] == '-' || s.p[i] == '+'))
		neg = s.p[i++] == '-';
	int64_t v = 0;
	for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++) {
		if (v > (INT64_MAX - 9) / 10)
			break;
		v = v * 10 + (s.p[i] - '0');
	}
	return neg ? -v : v;
}

bool liquid_to_integer(liquid_ctx_t *c, const value_t *v, const char *what, int64_t *out)
{
	switch (v->kind) {
	case VALUE_INT:
		*out = v->i;
		return true;
	case VALUE_FLOAT:
		if (v->f != v->f || v->f >= 9.2e18 || v->f <= -9.2e18)
			break;
		*out = (int64_t)v->f;
		return true;
	case VALUE_STRING: {
		str_t s = liquid_trim(v->s);
		char tmp[32];
		if (s.n == 0 || s.n >= sizeof tmp)
			break;
		memcpy(tmp, s.p, s.n);
		tmp[s.n] = '\0';
		char *end;
		errno = 0;
		long long n = strtoll(tmp, &end, 10);
		if (*end || errno)
			break;
		*out = n;
		return true;
	}
	default:
		break;
	}
	if (v->kind != VALUE_STRING) {
		liquid_fail(c, "%s must be an integer, not %s", what, value_kind_name(v->kind));
		return false;
	}
	liquid_fail(c, "%s must be an integer, not '%.*s'", what, (int)(v->s.n > 40 ? 40 : v->s.n),
		    v->s.p);
	return false;
}

/* A range bound: integers, floats (truncated), strings as Ruby's to_i. */
static bool range_bound(liquid_ctx_t *c, const liquid_expr_t *e, int64_t *out)
{
	const value_t *v = liquid_eval(c, e);
	if (!v)
		return false;
	if (v->kind == VALUE_NIL) {
		*out = 0;
		return true;
	}
	if (v->kind == VALUE_STRING) {
		*out = string_to_i(v->s);
		return true;
	}
	return liquid_to_integer(c, v, "range", out);
}

bool liquid_eval_range(liquid_ctx_t *c, const liquid_expr_t *e, int64_t *lo, int64_t *hi)
{
	return range_bound(c, e->range.lo, lo) && range_bound(c, e->range.hi, hi);
}

static value_t *range_array(liquid_ctx_t *c, const liquid_expr_t *e)
{
	int64_t lo, hi;
	if (!liquid_eval_range(c, e, &lo, &hi))
		return NULL;
	if (hi < lo)
		return value_new_array(c->arena, 0);
	/* a range made into an array costs like a loop over it */
	uint64_t n = (uint64_t)hi - (uint64_t)lo + 1;
	if (n > c->max_iterations || !liquid_count_iterations(c, (size_t)n)) {
		liquid_fail(c, "range too large (limit %zu)", c->max_iterations);
		return NULL;
	}
	value_t *arr = value_new_array(c->arena, (size_t)n);
	for (uint64_t i = 0; i < n; i++)
		arr->a.items[i] = value_new_int(c->arena, lo + (int64_t)i);
	arr->a.n = (size_t)n;
	return arr;
}

value_t *liquid_eval(liquid_ctx_t *c, const liquid_expr_t *e)
{
	switch (e->kind) {
	case LIQUID_EXPR_LITERAL: return e->lit;
	case LIQUID_EXPR_VAR: return eval_var(c, e);
	case LIQUID_EXPR_RANGE: return range_array(c, e);
	case LIQUID_EXPR_BLANK:
	case LIQUID_EXPR_EMPTY: return liquid_empty_string();
	}
	return value_nil();
}

#define VALUE_MAX_NESTING 1000

typedef struct {
	size_t values, bytes, max_values, max_bytes;
	bool deep;  /* descend into nested arrays and hashes */
} weight_t;

static bool is_container(const value_t *v)
{
	return v && (v->kind == VALUE_ARRAY || v->kind == VALUE_HASH);
}

/* Adds v's size as printing it would unfold it: a value shared by several
 * arrays (`a | push: a`, `a | concat: a`) counts each time. Returns -1 when
 * nested deeper than VALUE_MAX_NESTING, 1 as soon as a limit is passed. */
static int weigh(const value_t *v, size_t depth, weight_t *w)
{
	if (depth > VALUE_MAX_NESTING)
		return -1;
	if (++w->values > w->max_values)
		return 1;
	if (v->kind == VALUE_STRING && (w->bytes += v->s.n) > w->max_bytes)
		return 1;
	size_t n = v->kind == VALUE_ARRAY ? v->a.n : v->kind == VALUE_HASH ? v->h.n : 0;
	for (size_t i = 0; i < n; i++) {
		const value_t *e = v->kind == VALUE_ARRAY ? v->a.items[i] : v->h.entries[i].val;
		if (!e)
			continue;
		if (!w->deep || !is_container(e)) {
			/* the common flat case, without a call per item */
			w->values++;
			if (e->kind == VALUE_STRING)
				w->bytes += e->s.n;
			continue;
		}
		int r = weigh(e, depth + 1, w);
		if (r)
			return r;
	}
	return w->values > w->max_values || w->bytes > w->max_bytes;
}

/* A filter's result must print within the output limit. Arrays and hashes
 * are weighed too: filters can share values (push, concat) so that a few
 * loop iterations build a value whose printing never ends, or whose nesting
 * overflows the stack of the recursive printers. Only a filter given an
 * array or hash argument can embed shared structure, so only then is the
 * result weighed all the way down; otherwise its items are (a `where` over
 * site.pages does not walk every page). */
static bool value_too_big(liquid_ctx_t *c, const value_t *v, bool deep)
{
	if (v->kind == VALUE_STRING && v->s.n > c->max_output) {
		liquid_fail(c, "output too large (limit %zu bytes)", c->max_output);
		return true;
	}
	if (!is_container(v))
		return false;
	weight_t w = { 0, 0, c->max_iterations, c->max_output, deep };
	int r = weigh(v, 0, &w);
	if (r < 0)
		liquid_fail(c, "filter result nested too deep (limit %d levels)", VALUE_MAX_NESTING);
	else if (r > 0)
		liquid_fail(c, "filter result too large (limit %zu values, %zu bytes)", c->max_iterations,
			    c->max_output);
	return r != 0;
}

/* Items of an array or hash; 0 for anything else. */
static size_t items(const value_t *v)
{
	return v->kind == VALUE_ARRAY ? v->a.n : v->kind == VALUE_HASH ? v->h.n : 0;
}

static value_t *apply_filter(liquid_ctx_t *c, const liquid_filter_call_t *f, value_t *in)
{
	/* one NULL past the end: a filter that miscounts reads NULL, not garbage */
	value_t *small[9] = { 0 };
	value_t **argv = f->argc < 9 ? small : ARENA_ARRAY(c->arena, value_t *, f->argc + 1);
	for (uint32_t i = 0; i < f->argc; i++)
		if (!(argv[i] = liquid_eval(c, f->args[i])))
			return NULL;
	bool deep = false;
	for (uint32_t i = 0; i < f->argc; i++)
		deep |= is_container(argv[i]);
	value_t *kw = NULL;
	if (f->kwc) {
		kw = value_new_hash(c->arena, f->kwc);
		for (uint32_t i = 0; i < f->kwc; i++) {
			value_t *v = liquid_eval(c, f->kwargs[i]);
			if (!v)
				return NULL;
			deep |= is_container(v);
			value_hash_set(c->arena, kw, f->kwnames[i], v);
		}
	}
	value_t *r = f->fn(c, in, f->argc, argv, kw);
	if (c->failed)
		return NULL;
	r = r ? r : value_nil();
	if (value_too_big(c, r, deep))
		return NULL;
	/* The items a filter goes through and makes are counted: a sort of
	 * 100,000 items inside a loop is otherwise hours of work within every
	 * other limit (fuzz_liquid: 20 s for a 1.3 kB template). */
	size_t work = items(in) + items(r);
	if (work && !liquid_ctx_count_work(c, work))
		return NULL;
	return r;
}

value_t *liquid_eval_filtered(liquid_ctx_t *c, const liquid_filtered_t *f)
{
	value_t *v = f->expr ? liquid_eval(c, f->expr) : value_nil();
	for (uint32_t i = 0; v && i < f->nfilters; i++)
		v = apply_filter(c, &f->filters[i], v);
	return v;
}

static bool is_empty(const value_t *v)
{
	switch (v->kind) {
	case VALUE_STRING: return v->s.n == 0;
	case VALUE_ARRAY: return v->a.n == 0;
	case VALUE_HASH: return v->h.n == 0;
	default: return false;
	}
}

static bool is_blank(const value_t *v)
{
	switch (v->kind) {
	case VALUE_NIL: return true;
	case VALUE_BOOL: return !v->b;
	case VALUE_STRING: return liquid_trim(v->s).n == 0;
	case VALUE_ARRAY:
	case VALUE_HASH: return is_empty(v);
	default: return false;
	}
}

static bool is_special(const liquid_expr_t *e)
{
	return e && (e->kind == LIQUID_EXPR_BLANK || e->kind == LIQUID_EXPR_EMPTY);
}

bool liquid_eval_equal(const liquid_expr_t *le, const value_t *l, const liquid_expr_t *re,
		       const value_t *r)
{
	if (is_special(le) && is_special(re))
		return false;
	if (is_special(le))
		return le->kind == LIQUID_EXPR_BLANK ? is_blank(r) : is_empty(r);
	if (is_special(re))
		return re->kind == LIQUID_EXPR_BLANK ? is_blank(l) : is_empty(l);
	return value_equal(l, r);
}

static bool contains(const value_t *l, const value_t *r)
{
	if (!value_truthy(l) || !value_truthy(r))
		return false;
	if (l->kind == VALUE_STRING) {
		buf_t b = BUF_INIT;
		value_to_buf(r, &b);
		bool found = b.n == 0 || (l->s.n >= b.n && memmem(l->s.p, l->s.n, b.p, b.n));
		buf_free(&b);
		return found;
	}
	if (l->kind == VALUE_ARRAY) {
		for (size_t i = 0; i < l->a.n; i++)
			if (value_equal(l->a.items[i], r))
				return true;
		return false;
	}
	if (l->kind == VALUE_HASH && r->kind == VALUE_STRING)
		return value_get(l, r->s) != NULL;
	return false;
}

/* Values Ruby can order (they respond to `<`): comparing two of them of
 * different kinds is an error, anything else is simply false. */
static bool orderable(const value_t *v)
{
	return value_is_number(v) || v->kind == VALUE_STRING || v->kind == VALUE_TIME;
}

static int compare(liquid_ctx_t *c, const liquid_cond_t *k, const value_t *l, const value_t *r)
{
	if (is_special(k->left) || is_special(k->right)) {
		if (k->op == LIQUID_OP_EQ || k->op == LIQUID_OP_NE)
			return liquid_eval_equal(k->left, l, k->right, r) ==
			       (k->op == LIQUID_OP_EQ);
		if (k->op != LIQUID_OP_CONTAINS || is_special(k->left))
			return 0;
	}
	int cmp;
	switch (k->op) {
	case LIQUID_OP_EQ: return value_equal(l, r);
	case LIQUID_OP_NE: return !value_equal(l, r);
	case LIQUID_OP_CONTAINS: return contains(l, r);
	default: break;
	}
	if (!value_compare(l, r, &cmp)) {
		if (orderable(l) && orderable(r)) {
			liquid_fail(c, "cannot compare %s with %s", value_kind_name(l->kind),
				    value_kind_name(r->kind));
			return -1;
		}
		return 0;
	}
	switch (k->op) {
	case LIQUID_OP_LT: return cmp < 0;
	case LIQUID_OP_GT: return cmp > 0;
	case LIQUID_OP_LE: return cmp <= 0;
	case LIQUID_OP_GE: return cmp >= 0;
	default: return 0;
	}
}

static int eval_one(liquid_ctx_t *c, const liquid_cond_t *k)
{
	const value_t *l = liquid_eval(c, k->left);
	if (!l)
		return -1;
	if (k->op == LIQUID_OP_NONE)
		return value_truthy(l);
	const value_t *r = liquid_eval(c, k->right);
	if (!r)
		return -1;
	return compare(c, k, l, r);
}

int liquid_eval_cond(liquid_ctx_t *c, const liquid_cond_t *k)
{
	/* right-associative without precedence: stop at the first `or` that
	 * holds or the first `and` that fails */
	for (; k; k = k->next) {
		int r = eval_one(c, k);
		if (r < 0)
			return -1;
		if (k->rel == LIQUID_REL_OR && r)
			return 1;
		if (k->rel == LIQUID_REL_AND && !r)
			return 0;
		if (k->rel == LIQUID_REL_NONE)
			return r;
	}
	return 0;
}
