/* render.c - walking a template tree into output.
 *
 * A switch on the node kind; blocks recurse, bounded by the parser's
 * nesting limit times the include depth, and checked again here. Loop
 * scopes live on the C stack (no allocation per iteration); forloop drops
 * live in the render arena because a template may keep one in a variable. */
#include "render.h"

#include <string.h>

#include "eval.h"

/* Block recursion over all templates of a render (includes included): a
 * bound on the C stack a render may use. */
#define MAX_RENDER_NESTING 1000

typedef enum {
	R_OK,
	R_BREAK,
	R_CONTINUE,
	R_ERROR,
} rstatus_t;

static rstatus_t render_body(liquid_ctx_t *c, const liquid_body_t *b);

static rstatus_t too_big(liquid_ctx_t *c)
{
	liquid_fail(c, "output too large (limit %zu bytes)", c->max_output);
	return R_ERROR;
}

static rstatus_t emit(liquid_ctx_t *c, const char *p, size_t n)
{
	if (n > c->out_limit - c->out->n)
		return too_big(c);
	buf_put(c->out, p, n);
	return R_OK;
}

static rstatus_t emit_value(liquid_ctx_t *c, const value_t *v)
{
	if (v->kind == VALUE_STRING)
		return emit(c, v->s.p, v->s.n);
	value_to_buf(v, c->out);
	return c->out->n > c->out_limit ? too_big(c) : R_OK;
}

/* Renders a body into a fresh buffer (capture, ifchanged); the caller
 * frees it. */
static rstatus_t render_to(liquid_ctx_t *c, const liquid_body_t *b, buf_t *tmp)
{
	buf_t *saved = c->out;
	size_t saved_limit = c->out_limit;
	c->out = tmp;
	c->out_limit = c->max_output;
	rstatus_t st = render_body(c, b);
	c->out = saved;
	c->out_limit = saved_limit;
	return st;
}

static void set_outer(liquid_ctx_t *c, str_t name, value_t *v)
{
	liquid_scope_t *s = c->f.outer;
	if (!s->vars)
		s->vars = value_new_hash(c->arena, 8);
	value_hash_set(c->arena, s->vars, name, v);
}

static value_t *hash_of(liquid_ctx_t *c, value_t **h)
{
	if (!*h)
		*h = value_new_hash(c->arena, 8);
	return *h;
}

/* ---- forloop and tablerowloop drops ---- */

static value_t *int_value(liquid_loop_state_t *L, int64_t i)
{
	return value_new_int(L->arena, i);
}

static value_t *loop_common(liquid_loop_state_t *L, str_t k)
{
	if (str_eq_cstr(k, "index"))
		return int_value(L, L->index0 + 1);
	if (str_eq_cstr(k, "index0"))
		return int_value(L, L->index0);
	if (str_eq_cstr(k, "rindex"))
		return int_value(L, L->length - L->index0);
	if (str_eq_cstr(k, "rindex0"))
		return int_value(L, L->length - L->index0 - 1);
	if (str_eq_cstr(k, "first"))
		return value_bool(L->index0 == 0);
	if (str_eq_cstr(k, "last"))
		return value_bool(L->index0 == L->length - 1);
	if (str_eq_cstr(k, "length"))
		return int_value(L, L->length);
	return NULL;
}

static value_t *forloop_get(void *self, str_t k, arena_t *a)
{
	liquid_loop_state_t *L = self;
	value_t *v = loop_common(L, k);
	if (v)
		return v;
	if (str_eq_cstr(k, "name"))
		return L->name;
	if (str_eq_cstr(k, "parentloop"))
		return L->parent ? &L->parent->self : NULL;
	return NULL;
}

static size_t loop_size(void *self)
{
	return (size_t)((liquid_loop_state_t *)self)->length;
}

static const value_drop_class_t forloop_class = { "forloop", forloop_get, NULL, loop_size };

static value_t *tablerow_get(void *self, str_t k, arena_t *a)
{
	liquid_loop_state_t *L = self;
	value_t *v = loop_common(L, k);
	if (v)
		return v;
	int64_t col0 = L->index0 % L->cols;
	if (str_eq_cstr(k, "col"))
		return int_value(L, col0 + 1);
	if (str_eq_cstr(k, "col0"))
		return int_value(L, col0);
	if (str_eq_cstr(k, "col_first"))
		return value_bool(col0 == 0);
	if (str_eq_cstr(k, "col_last"))
		return value_bool(col0 + 1 == L->cols);
	if (str_eq_cstr(k, "row"))
		return int_value(L, L->index0 / L->cols + 1);
	return NULL;
}

static const value_drop_class_t tablerow_class = { "tablerowloop", tablerow_get, NULL,
						   loop_size };

static liquid_loop_state_t *new_loop(liquid_ctx_t *c, const value_drop_class_t *cls,
				     int64_t length)
{
	liquid_loop_state_t *L = ARENA_NEW(c->arena, liquid_loop_state_t);
	L->arena = c->arena;
	L->length = length;
	L->cols = 1;
	L->self.kind = VALUE_DROP;
	L->self.d.cls = cls;
	L->self.d.self = L;
	return L;
}

/* ---- iterating collections ---- */

typedef enum {
	IT_NONE,
	IT_ARRAY,
	IT_RANGE,
	IT_HASH,
	IT_ONE,
} iter_kind_t;

typedef struct {
	iter_kind_t kind;
	value_t *v;       /* the array, hash or single item */
	int64_t lo;       /* first integer of a range */
	size_t n;
} iter_t;

static bool iter_init(liquid_ctx_t *c, const liquid_expr_t *e, iter_t *it)
{
	memset(it, 0, sizeof *it);
	if (e->kind == LIQUID_EXPR_RANGE) {
		/* a literal range is walked without making the array */
		int64_t lo, hi;
		if (!liquid_eval_range(c, e, &lo, &hi))
			return false;
		it->kind = IT_RANGE;
		it->lo = lo;
		it->n = hi < lo ? 0 : (size_t)((uint64_t)hi - (uint64_t)lo + 1);
		return true;
	}
	value_t *v = liquid_eval(c, e);
	if (!v)
		return false;
	it->v = v;
	switch (v->kind) {
	case VALUE_ARRAY:
		it->kind = IT_ARRAY;
		it->n = v->a.n;
		break;
	case VALUE_HASH:
		it->kind = IT_HASH;
		it->n = v->h.n;
		break;
	case VALUE_STRING:
		/* Liquid loops over a string once, as a whole */
		it->kind = IT_ONE;
		it->n = v->s.n ? 1 : 0;
		break;
	default:
		it->kind = IT_NONE;
		break;
	}
	return true;
}

static value_t *iter_get(liquid_ctx_t *c, const iter_t *it, size_t i)
{
	switch (it->kind) {
	case IT_ARRAY: return it->v->a.items[i];
	case IT_RANGE: return value_new_int(c->arena, it->lo + (int64_t)i);
	case IT_ONE: return it->v;
	case IT_HASH: {
		/* a hash yields [key, value] pairs */
		const value_entry_t *e = &it->v->h.entries[i];
		value_t *pair = value_new_array(c->arena, 2);
		value_array_push(c->arena, pair,
				 value_new_string_ref(c->arena, e->key.p, e->key.n));
		value_array_push(c->arena, pair, e->val);
		return pair;
	}
	default: return value_nil();
	}
}

/* An optional integer attribute (limit, offset, cols); nil counts as absent. */
static bool int_attr(liquid_ctx_t *c, const liquid_expr_t *e, const char *what, int64_t *out,
		     bool *set)
{
	*set = false;
	if (!e)
		return true;
	value_t *v = liquid_eval(c, e);
	if (!v)
		return false;
	if (v->kind == VALUE_NIL)
		return true;
	*set = true;
	return liquid_to_integer(c, v, what, out);
}

/* The [from, to) slice of the collection a loop visits. */
static bool loop_segment(liquid_ctx_t *c, const liquid_loop_t *lp, size_t n, bool remember,
			 int64_t *from_out, int64_t *len_out)
{
	int64_t from = 0, limit = 0;
	bool has_from, has_limit;
	if (lp->offset_continue) {
		value_t *o = c->f.offsets ? value_get(c->f.offsets, lp->name) : NULL;
		from = o && o->kind == VALUE_INT ? o->i : 0;
	} else if (!int_attr(c, lp->offset, "offset", &from, &has_from)) {
		return false;
	}
	if (!int_attr(c, lp->limit, "limit", &limit, &has_limit))
		return false;
	int64_t start = from < 0 ? 0 : from;
	int64_t end = (int64_t)n;
	if (has_limit && limit < end - from)
		end = from + limit;
	int64_t len = end > start ? end - start : 0;
	if (remember)
		value_hash_set(c->arena, hash_of(c, &c->f.offsets), lp->name,
			       value_new_int(c->arena, from + len));
	*from_out = start;
	*len_out = len;
	return true;
}

static rstatus_t render_for(liquid_ctx_t *c, const liquid_node_t *n)
{
	const liquid_loop_t *lp = &n->loop;
	iter_t it;
	int64_t from, len;
	if (!iter_init(c, lp->coll, &it) || !loop_segment(c, lp, it.n, true, &from, &len))
		return R_ERROR;
	if (len == 0)
		return render_body(c, &lp->els);
	liquid_loop_state_t *L = new_loop(c, &forloop_class, len);
	L->name = value_new_string_ref(c->arena, lp->name.p, lp->name.n);
	L->parent = c->f.loop;
	liquid_scope_t s = { .up = c->f.scope, .nkeys = 2 };
	s.key[0] = lp->var;
	s.key[1] = STR_LIT("forloop");
	s.val[1] = &L->self;
	c->f.scope = &s;
	c->f.loop = L;
	rstatus_t st = R_OK;
	for (int64_t i = 0; i < len; i++) {
		if (!liquid_count_iterations(c, 1)) {
			st = R_ERROR;
			break;
		}
		int64_t k = lp->reversed ? from + len - 1 - i : from + i;
		s.val[0] = iter_get(c, &it, (size_t)k);
		L->index0 = i;
		st = render_body(c, &lp->body);
		if (st == R_BREAK || st == R_ERROR)
			break;
	}
	c->f.loop = L->parent;
	c->f.scope = s.up;
	return st == R_ERROR ? R_ERROR : R_OK;
}

static rstatus_t tablerow_cell(liquid_ctx_t *c, const liquid_node_t *n,
			       liquid_loop_state_t *L, bool *stop)
{
	int64_t col = L->index0 % L->cols + 1;
	char tmp[64];
	int k = snprintf(tmp, sizeof tmp, "<td class=\"col%lld\">", (long long)col);
	if (emit(c, tmp, (size_t)k) != R_OK)
		return R_ERROR;
	rstatus_t st = render_body(c, &n->loop.body);
	if (st == R_ERROR || emit(c, "</td>", 5) != R_OK)
		return R_ERROR;
	*stop = st == R_BREAK;
	if (!*stop && col == L->cols && L->index0 != L->length - 1) {
		k = snprintf(tmp, sizeof tmp, "</tr>\n<tr class=\"row%lld\">",
			     (long long)(L->index0 / L->cols + 2));
		return emit(c, tmp, (size_t)k);
	}
	return R_OK;
}

static rstatus_t render_tablerow(liquid_ctx_t *c, const liquid_node_t *n)
{
	const liquid_loop_t *lp = &n->loop;
	iter_t it;
	int64_t from, len, cols = 0;
	bool has_cols;
	if (!iter_init(c, lp->coll, &it) || !loop_segment(c, lp, it.n, false, &from, &len) ||
	    !int_attr(c, lp->cols, "cols", &cols, &has_cols))
		return R_ERROR;
	liquid_loop_state_t *L = new_loop(c, &tablerow_class, len);
	L->cols = has_cols && cols > 0 ? cols : (len > 0 ? len : 1);
	if (emit(c, "<tr class=\"row1\">\n", 18) != R_OK)
		return R_ERROR;
	liquid_scope_t s = { .up = c->f.scope, .nkeys = 2 };
	s.key[0] = lp->var;
	s.key[1] = STR_LIT("tablerowloop");
	s.val[1] = &L->self;
	c->f.scope = &s;
	rstatus_t st = R_OK;
	bool stop = false;
	for (int64_t i = 0; i < len && !stop; i++) {
		if (!liquid_count_iterations(c, 1)) {
			st = R_ERROR;
			break;
		}
		s.val[0] = iter_get(c, &it, (size_t)(from + i));
		L->index0 = i;
		if ((st = tablerow_cell(c, n, L, &stop)) == R_ERROR)
			break;
	}
	c->f.scope = s.up;
	if (st == R_ERROR)
		return R_ERROR;
	return emit(c, "</tr>\n", 6);
}

/* ---- simple tags ---- */

static rstatus_t render_if(liquid_ctx_t *c, const liquid_node_t *n)
{
	for (uint32_t i = 0; i < n->cond.n; i++) {
		const liquid_branch_t *b = &n->cond.br[i];
		if (!b->cond)
			return render_body(c, &b->body);
		int r = liquid_eval_cond(c, b->cond);
		if (r < 0)
			return R_ERROR;
		if (i == 0 && n->cond.negate_first)
			r = !r;
		if (r)
			return render_body(c, &b->body);
	}
	return R_OK;
}

static rstatus_t render_case(liquid_ctx_t *c, const liquid_node_t *n)
{
	value_t *subject = liquid_eval(c, n->kase.subject);
	if (!subject)
		return R_ERROR;
	bool run_else = true;
	for (uint32_t i = 0; i < n->kase.n; i++) {
		const liquid_when_t *w = &n->kase.w[i];
		rstatus_t st = R_OK;
		if (w->is_else) {
			if (run_else)
				st = render_body(c, &w->body);
		} else {
			value_t *v = liquid_eval(c, w->value);
			if (!v)
				return R_ERROR;
			if (liquid_eval_equal(n->kase.subject, subject, w->value, v)) {
				run_else = false;
				st = render_body(c, &w->body);
			}
		}
		if (st != R_OK)
			return st;
	}
	return R_OK;
}

static rstatus_t render_capture(liquid_ctx_t *c, const liquid_node_t *n)
{
	buf_t tmp = BUF_INIT;
	rstatus_t st = render_to(c, &n->capture.body, &tmp);
	if (st != R_ERROR)
		set_outer(c, n->capture.var, value_new_string(c->arena, tmp.p ? tmp.p : "", tmp.n));
	buf_free(&tmp);
	return st;
}

static rstatus_t render_ifchanged(liquid_ctx_t *c, const liquid_node_t *n)
{
	buf_t tmp = BUF_INIT;
	rstatus_t st = render_to(c, &n->ifchanged, &tmp);
	str_t now = buf_str(&tmp);
	const value_t *last = c->f.ifchanged;
	if (st != R_ERROR && !(last && str_eq(last->s, now))) {
		c->f.ifchanged = value_new_string(c->arena, now.p, now.n);
		if (emit(c, now.p, now.n) != R_OK)
			st = R_ERROR;
	}
	buf_free(&tmp);
	return st;
}

static rstatus_t render_counter(liquid_ctx_t *c, const liquid_node_t *n, int delta)
{
	value_t *h = hash_of(c, &c->f.counters);
	value_t *cur = value_get(h, n->counter);
	int64_t v = cur && cur->kind == VALUE_INT ? cur->i : 0;
	/* increment prints the value before, decrement the value after */
	value_t *next = value_new_int(c->arena, v + delta);
	value_hash_set(c->arena, h, n->counter, next);
	return emit_value(c, delta > 0 ? value_new_int(c->arena, v) : next);
}

static rstatus_t render_cycle(liquid_ctx_t *c, const liquid_node_t *n)
{
	buf_t key = BUF_INIT;
	if (n->cycle.group) {
		value_t *g = liquid_eval(c, n->cycle.group);
		if (!g)
			return R_ERROR;
		/* a nil group name is a group of its own, apart from "" */
		buf_puts(&key, g->kind == VALUE_NIL ? "n" : "g");
		value_to_buf(g, &key);
	} else {
		buf_putc(&key, 'u');
		buf_put_str(&key, n->cycle.key);
	}
	value_t *h = hash_of(c, &c->f.cycles);
	value_t *pos = value_get(h, buf_str(&key));
	if (!pos) {
		pos = value_new_int(c->arena, 0);
		value_hash_set(c->arena, h, buf_str(&key), pos);
	}
	buf_free(&key);
	/* the position is ours (never handed to the template): update in place */
	int64_t i = pos->i;
	pos->i = i + 1 >= (int64_t)n->cycle.n ? 0 : i + 1;
	if (i >= (int64_t)n->cycle.n)
		return R_OK;
	value_t *v = liquid_eval(c, n->cycle.items[i]);
	return v ? emit_value(c, v) : R_ERROR;
}

/* ---- include and render ---- */

static bool partial_name(liquid_ctx_t *c, const liquid_include_t *inc, buf_t *name)
{
	if (inc->name_tpl) {
		/* Jekyll's `{% include {{ var }}.html %}` */
		return render_to(c, &inc->name_tpl->body, name) != R_ERROR;
	}
	value_t *v = liquid_eval(c, inc->name_expr);
	if (!v)
		return false;
	if (v->kind == VALUE_NIL && inc->name_fallback.n) {
		buf_put_str(name, inc->name_fallback);
		return true;
	}
	if (v->kind != VALUE_STRING) {
		liquid_fail(c, "include name must be a string, not %s", value_kind_name(v->kind));
		return false;
	}
	buf_put_str(name, v->s);
	return true;
}

static const liquid_template_t *load_partial(liquid_ctx_t *c, str_t name, bool is_render)
{
	if (c->depth >= c->max_depth) {
		liquid_fail(c, "include nesting too deep (%zu)", c->max_depth);
		return NULL;
	}
	const liquid_template_t *t = NULL;
	if (c->host && c->host->load_partial)
		t = c->host->load_partial(c->host->ud, name, is_render);
	if (!t)
		liquid_fail(c, "%s '%.*s' not found", is_render ? "render" : "include", (int)name.n,
			    name.p);
	return t;
}

/* The parameters, evaluated in the caller's scope. */
static value_t *include_params(liquid_ctx_t *c, const liquid_include_t *inc)
{
	value_t *h = value_new_hash(c->arena, inc->nkeys + 2);
	for (uint32_t i = 0; i < inc->nkeys; i++) {
		value_t *v = liquid_eval(c, inc->vals[i]);
		if (!v)
			return NULL;
		value_hash_set(c->arena, h, inc->keys[i], v);
	}
	return h;
}

static str_t bound_name(const liquid_include_t *inc, str_t name)
{
	return inc->alias.n ? inc->alias : name;
}

static rstatus_t render_partial_body(liquid_ctx_t *c, const liquid_template_t *t)
{
	const liquid_template_t *saved = c->tpl;
	uint32_t line = c->line, col = c->col;
	c->tpl = t;
	c->depth++;
	rstatus_t st = render_body(c, &t->body);
	c->depth--;
	c->tpl = saved;
	c->line = line;
	c->col = col;
	return st;
}

static rstatus_t include_with(liquid_ctx_t *c, const liquid_node_t *n, const liquid_template_t *t,
			      liquid_scope_t *s, str_t name)
{
	const liquid_include_t *inc = &n->inc;
	value_t *with = liquid_eval(c, inc->with);
	if (!with)
		return R_ERROR;
	str_t var = arena_str(c->arena, bound_name(inc, name));
	if (with->kind != VALUE_ARRAY) {
		value_hash_set(c->arena, s->vars, var, with);
		return render_partial_body(c, t);
	}
	/* an array renders the partial once per item */
	for (size_t i = 0; i < with->a.n; i++) {
		if (!liquid_count_iterations(c, 1))
			return R_ERROR;
		value_hash_set(c->arena, s->vars, var, with->a.items[i]);
		rstatus_t st = render_partial_body(c, t);
		if (st != R_OK)
			return st;
	}
	return R_OK;
}

static rstatus_t render_include(liquid_ctx_t *c, const liquid_node_t *n)
{
	const liquid_include_t *inc = &n->inc;
	buf_t name = BUF_INIT;
	if (!partial_name(c, inc, &name)) {
		buf_free(&name);
		return R_ERROR;
	}
	str_t nm = arena_str(c->arena, buf_str(&name));
	buf_free(&name);
	const liquid_template_t *t = load_partial(c, nm, false);
	value_t *params = t ? include_params(c, inc) : NULL;
	if (!params)
		return R_ERROR;
	liquid_scope_t s = { .up = c->f.scope };
	if (inc->jekyll) {
		s.vars = value_new_hash(c->arena, 1);
		value_hash_set(c->arena, s.vars, STR_LIT("include"), params);
	} else {
		s.vars = params;
	}
	c->f.scope = &s;
	rstatus_t st = inc->with ? include_with(c, n, t, &s, nm) : render_partial_body(c, t);
	c->f.scope = s.up;
	return st;
}

/* One isolated render of a partial: its own scope, counters and cycles;
 * only the globals are shared. */
static rstatus_t render_isolated(liquid_ctx_t *c, const liquid_template_t *t, value_t *vars,
				 liquid_loop_state_t *loop)
{
	liquid_frame_t saved = c->f;
	liquid_scope_t s = { .vars = vars };
	memset(&c->f, 0, sizeof c->f);
	c->f.scope = &s;
	c->f.outer = &s;
	if (loop) {
		s.nkeys = 1;
		s.key[0] = STR_LIT("forloop");
		s.val[0] = &loop->self;
	}
	rstatus_t st = render_partial_body(c, t);
	c->f = saved;
	return st == R_ERROR ? R_ERROR : R_OK;
}

static rstatus_t render_render(liquid_ctx_t *c, const liquid_node_t *n)
{
	const liquid_include_t *inc = &n->inc;
	str_t name = inc->name_expr->lit->s;
	const liquid_template_t *t = load_partial(c, name, true);
	if (!t)
		return R_ERROR;
	value_t *with = inc->with ? liquid_eval(c, inc->with) : value_nil();
	value_t *params = with ? include_params(c, inc) : NULL;
	if (!params)
		return R_ERROR;
	str_t var = arena_str(c->arena, bound_name(inc, name));
	if (!inc->is_for || (with->kind != VALUE_ARRAY && with->kind != VALUE_HASH)) {
		if (with->kind != VALUE_NIL)
			value_hash_set(c->arena, params, var, with);
		return render_isolated(c, t, params, NULL);
	}
	iter_t it = { .kind = with->kind == VALUE_ARRAY ? IT_ARRAY : IT_HASH, .v = with };
	it.n = with->kind == VALUE_ARRAY ? with->a.n : with->h.n;
	liquid_loop_state_t *L = new_loop(c, &forloop_class, (int64_t)it.n);
	L->name = value_new_string_ref(c->arena, name.p, name.n);
	for (size_t i = 0; i < it.n; i++) {
		if (!liquid_count_iterations(c, 1))
			return R_ERROR;
		/* every item gets a fresh scope, as in Ruby */
		value_t *vars = value_new_hash(c->arena, params->h.n + 1);
		for (size_t k = 0; k < params->h.n; k++)
			value_hash_set(c->arena, vars, params->h.entries[k].key,
				       params->h.entries[k].val);
		value_hash_set(c->arena, vars, var, iter_get(c, &it, i));
		L->index0 = (int64_t)i;
		if (render_isolated(c, t, vars, L) == R_ERROR)
			return R_ERROR;
	}
	return R_OK;
}

/* ---- the walk ---- */

static rstatus_t render_node(liquid_ctx_t *c, const liquid_node_t *n)
{
	c->line = n->line;
	c->col = n->col;
	switch (n->kind) {
	case LIQUID_NODE_TEXT:
		return emit(c, n->text.p, n->text.n);
	case LIQUID_NODE_OUTPUT: {
		value_t *v = liquid_eval_filtered(c, &n->out);
		return v ? emit_value(c, v) : R_ERROR;
	}
	case LIQUID_NODE_IF: return render_if(c, n);
	case LIQUID_NODE_CASE: return render_case(c, n);
	case LIQUID_NODE_FOR: return render_for(c, n);
	case LIQUID_NODE_TABLEROW: return render_tablerow(c, n);
	case LIQUID_NODE_ASSIGN: {
		value_t *v = liquid_eval_filtered(c, &n->assign.val);
		if (!v)
			return R_ERROR;
		set_outer(c, n->assign.var, v);
		return R_OK;
	}
	case LIQUID_NODE_CAPTURE: return render_capture(c, n);
	case LIQUID_NODE_INCREMENT: return render_counter(c, n, 1);
	case LIQUID_NODE_DECREMENT: return render_counter(c, n, -1);
	case LIQUID_NODE_CYCLE: return render_cycle(c, n);
	case LIQUID_NODE_IFCHANGED: return render_ifchanged(c, n);
	case LIQUID_NODE_INCLUDE: return render_include(c, n);
	case LIQUID_NODE_RENDER: return render_render(c, n);
	case LIQUID_NODE_BREAK: return R_BREAK;
	case LIQUID_NODE_CONTINUE: return R_CONTINUE;
	}
	return R_OK;
}

static rstatus_t render_body(liquid_ctx_t *c, const liquid_body_t *b)
{
	if (c->failed)
		return R_ERROR;
	if (++c->nesting > MAX_RENDER_NESTING) {
		liquid_fail(c, "blocks and includes nested too deep (limit %d)",
			    MAX_RENDER_NESTING);
		c->nesting--;
		return R_ERROR;
	}
	rstatus_t st = R_OK;
	for (uint32_t i = 0; i < b->n && st == R_OK; i++)
		st = render_node(c, b->items[i]);
	c->nesting--;
	return c->failed ? R_ERROR : st;
}

int liquid_render_body(liquid_ctx_t *c, const liquid_template_t *t)
{
	c->tpl = t;
	render_body(c, &t->body);
	return c->failed ? -1 : 0;
}
