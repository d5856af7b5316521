/* eval.h - evaluating expressions, filter chains and conditions during a
 * render (internal to src/liquid).
 *
 * Functions returning a value return NULL only after an error has been
 * reported (ctx->failed is then set); an undefined variable is nil. */
#ifndef PNYX_LIQUID_EVAL_H
#define PNYX_LIQUID_EVAL_H

#include "ctx.h"

/* Reports a render error at the node being rendered; only the first error
 * of a render is kept, the render then unwinds. */
void liquid_fail(liquid_ctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void liquid_vfail(liquid_ctx_t *c, const char *fmt, va_list ap);

value_t *liquid_eval(liquid_ctx_t *c, const liquid_expr_t *e);
value_t *liquid_eval_filtered(liquid_ctx_t *c, const liquid_filtered_t *f);
/* 1 when the condition holds, 0 when not, -1 on error. */
int liquid_eval_cond(liquid_ctx_t *c, const liquid_cond_t *cond);
/* `==` between two evaluated operands, with `blank`/`empty` handled from
 * their expressions (case/when uses it). */
bool liquid_eval_equal(const liquid_expr_t *le, const value_t *l, const liquid_expr_t *re,
		       const value_t *r);
/* A name through the scopes, the counters, then the globals; NULL when
 * undefined. */
value_t *liquid_lookup(liquid_ctx_t *c, str_t name);
/* The integer bounds of a range expression. */
bool liquid_eval_range(liquid_ctx_t *c, const liquid_expr_t *e, int64_t *lo, int64_t *hi);
/* Ruby's Utils.to_integer (limit, offset, cols): integers, floats
 * (truncated) and numeric strings; anything else is an error. */
bool liquid_to_integer(liquid_ctx_t *c, const value_t *v, const char *what, int64_t *out);
/* Counts loop iterations against the limit; false (after an error) when
 * it is exceeded. */
bool liquid_count_iterations(liquid_ctx_t *c, size_t n);
/* The shared empty string `blank` and `empty` evaluate to. */
value_t *liquid_empty_string(void);

#endif
