/* liquid.c - the public face of the Liquid engine: the filter registry,
 * parse and render entry points, and what filters may ask of a render. */
#include "liquid.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "../util.h"
#include "ctx.h"
#include "eval.h"
#include "expr.h"
#include "filters.h"
#include "filters_common.h"
#include "parser.h"
#include "render.h"

/* ---- filter registry: open addressing, filled before threads start ---- */

#define REGISTRY_CAP 512

typedef struct {
	const char *name;
	size_t len;
	liquid_filter_fn fn;
} filter_slot_t;

static filter_slot_t registry[REGISTRY_CAP];
static size_t registry_n;

static size_t name_hash(str_t s)
{
	size_t h = 5381;
	for (size_t i = 0; i < s.n; i++)
		h = h * 33 + (unsigned char)s.p[i];
	return h;
}

static filter_slot_t *registry_slot(str_t name)
{
	size_t i = name_hash(name) & (REGISTRY_CAP - 1);
	while (registry[i].name && !(registry[i].len == name.n &&
				     memcmp(registry[i].name, name.p, name.n) == 0))
		i = (i + 1) & (REGISTRY_CAP - 1);
	return &registry[i];
}

void liquid_register_filter(const char *name, liquid_filter_fn fn)
{
	filter_slot_t *s = registry_slot(str_cstr(name));
	if (!s->name) {
		if (registry_n + 1 >= REGISTRY_CAP / 2)
			die("liquid: too many filters");
		registry_n++;
		s->name = name;
		s->len = strlen(name);
	}
	s->fn = fn;
}

liquid_filter_fn liquid_find_filter(str_t name)
{
	filter_slot_t *s = registry_slot(name);
	return s->name ? s->fn : NULL;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_builtin(void)
{
	liquid_filters_register_builtin();
}

void liquid_init(void)
{
	pthread_once(&init_once, init_builtin);
}

/* ---- parse and render ---- */

liquid_template_t *liquid_parse(arena_t *a, const char *file, str_t src, int first_line,
				diag_list_t *d)
{
	liquid_init();
	return liquid_parse_template(a, file, src, first_line, d);
}

str_t liquid_template_source(const liquid_template_t *t)
{
	return t->src;
}

const char *liquid_template_file(const liquid_template_t *t)
{
	return t->file;
}

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

int liquid_render(const liquid_template_t *t, const liquid_render_opts_t *o, buf_t *out)
{
	liquid_ctx_t c;
	memset(&c, 0, sizeof c);
	c.opts = o;
	c.arena = o->arena;
	c.diags = o->diags;
	c.host = o->host;
	c.globals = o->globals;
	c.max_output = or_default(o->limits.max_output, (size_t)256 << 20);
	c.max_depth = or_default(o->limits.max_depth, 100);
	c.max_iterations = or_default(o->limits.max_iterations, 10000000);
	c.out = out;
	c.out_limit = out->n + c.max_output;
	liquid_scope_t top;
	memset(&top, 0, sizeof top);
	c.f.scope = &top;
	c.f.outer = &top;
	return liquid_render_body(&c, t);
}

/* ---- for filters ---- */

arena_t *liquid_ctx_arena(liquid_ctx_t *ctx)
{
	return ctx->arena;
}

const liquid_host_t *liquid_ctx_host(liquid_ctx_t *ctx)
{
	return ctx->host;
}

value_t *liquid_ctx_lookup(liquid_ctx_t *ctx, str_t name)
{
	return liquid_lookup(ctx, name);
}

void liquid_ctx_error(liquid_ctx_t *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	liquid_vfail(ctx, fmt, ap);
	va_end(ap);
}

static const char *unknown_hint;

void liquid_set_unknown_hint(const char *hint)
{
	unknown_hint = hint;
}

const char *liquid_unknown_hint(void)
{
	return unknown_hint ? unknown_hint : "";
}

/* Declared in filters_common.h; here, where the context's limits are. */
bool filters_too_long(liquid_ctx_t *ctx, const buf_t *b)
{
	if (b->n <= ctx->max_output)
		return false;
	liquid_ctx_error(ctx, "output too large (limit %zu bytes)", ctx->max_output);
	return true;
}

void liquid_ctx_warning(liquid_ctx_t *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(ctx->diags, DIAG_WARNING, ctx->tpl ? ctx->tpl->file : NULL, (int)ctx->line,
		 (int)ctx->col, fmt, ap);
	va_end(ap);
}

/* A filter applies the same condition to every item: parse it once. */
static liquid_cond_t *cached_cond(liquid_ctx_t *ctx, str_t expr)
{
	if (ctx->cond && ctx->cond_len == expr.n && memcmp(ctx->cond_src, expr.p, expr.n) == 0)
		return ctx->cond;
	liquid_mp_t mp;
	liquid_mp_init(&mp, ctx->arena, expr);
	liquid_cond_t *c = liquid_parse_cond(&mp);
	if (!liquid_mp_end(&mp) || !c)
		return NULL;
	ctx->cond = c;
	ctx->cond_src = arena_strndup(ctx->arena, expr.p, expr.n);
	ctx->cond_len = expr.n;
	return c;
}

bool liquid_ctx_eval_condition(liquid_ctx_t *ctx, str_t var, value_t *item, str_t expr, bool *ok)
{
	liquid_cond_t *c = cached_cond(ctx, expr);
	if (!c) {
		*ok = false;
		return false;
	}
	liquid_scope_t s;
	memset(&s, 0, sizeof s);
	s.up = ctx->f.scope;
	s.nkeys = 1;
	s.key[0] = var;
	s.val[0] = item;
	ctx->f.scope = &s;
	int r = liquid_eval_cond(ctx, c);
	ctx->f.scope = s.up;
	*ok = r >= 0;
	return r > 0;
}
