/* fake_liquid_ctx.h - test-only stand-ins for the engine's filter API
 * (liquid_ctx_*, the filter registry), so that the filters can be tested
 * as plain functions; `make liquid-suite` tests them through templates.
 *
 * The definitions are weak: when the real engine is linked in, its own
 * win, and the tests that call filters directly must move to templates. */
#ifndef FAKE_LIQUID_CTX_H
#define FAKE_LIQUID_CTX_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "liquid/liquid.h"

#define WEAK __attribute__((weak))

struct liquid_ctx {
	arena_t *arena;
	value_t *globals;
	const liquid_host_t *host;
	int errors;
	char last_error[256];
};

WEAK arena_t *liquid_ctx_arena(liquid_ctx_t *ctx)
{
	return ctx->arena;
}

WEAK const liquid_host_t *liquid_ctx_host(liquid_ctx_t *ctx)
{
	return ctx->host;
}

WEAK value_t *liquid_ctx_lookup(liquid_ctx_t *ctx, str_t name)
{
	return ctx->globals ? value_get(ctx->globals, name) : NULL;
}

/* No budget here: test_liquid tests the real one. */
WEAK bool liquid_ctx_count_work(liquid_ctx_t *ctx, size_t n)
{
	return true;
}

WEAK void liquid_ctx_error(liquid_ctx_t *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->last_error, sizeof ctx->last_error, fmt, ap);
	va_end(ap);
	ctx->errors++;
}

/* Understands `VAR.KEY == 'TEXT'`, `VAR.KEY == NUMBER`, `VAR.KEY` (truthy)
 * and `VAR >= NUMBER`: enough to test where_exp and find_exp. */
/* No render, no output limit. */
WEAK bool filters_too_long(liquid_ctx_t *ctx, const buf_t *b)
{
	(void)ctx;
	(void)b;
	return false;
}

WEAK bool liquid_ctx_eval_condition(liquid_ctx_t *ctx, str_t var, value_t *item, str_t expr,
				    bool *ok)
{
	char e[256], lhs[128], op[4], rhs[128];
	snprintf(e, sizeof e, "%.*s", (int)expr.n, expr.p);
	int n = sscanf(e, "%127s %3s %127[^\n]", lhs, op, rhs);
	if (n < 1 || strncmp(lhs, var.p, var.n) != 0) {
		*ok = false;
		return false;
	}
	value_t *v = item;
	if (lhs[var.n] == '.')
		v = value_dig(item, lhs + var.n + 1);
	else if (lhs[var.n]) {
		*ok = false;
		return false;
	}
	if (n == 1)
		return value_truthy(v);
	if (n != 3) {
		*ok = false;
		return false;
	}
	value_t *r;
	if (rhs[0] == '\'' || rhs[0] == '"')
		r = value_new_string(ctx->arena, rhs + 1, strlen(rhs) - 2);
	else
		r = value_new_int(ctx->arena, atoll(rhs));
	if (!strcmp(op, "=="))
		return value_equal(v, r);
	int c;
	if (!strcmp(op, ">="))
		return value_compare(v, r, &c) && c >= 0;
	*ok = false;
	return false;
}

static struct {
	const char *name;
	liquid_filter_fn fn;
} fake_filters[256];
static size_t fake_nfilters;

WEAK void liquid_register_filter(const char *name, liquid_filter_fn fn)
{
	for (size_t i = 0; i < fake_nfilters; i++)
		if (!strcmp(fake_filters[i].name, name)) {
			fake_filters[i].fn = fn;
			return;
		}
	fake_filters[fake_nfilters].name = name;
	fake_filters[fake_nfilters++].fn = fn;
}

WEAK liquid_filter_fn liquid_find_filter(str_t name)
{
	for (size_t i = 0; i < fake_nfilters; i++)
		if (str_eq_cstr(name, fake_filters[i].name))
			return fake_filters[i].fn;
	return NULL;
}

#endif
