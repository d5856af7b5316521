/* filters_math.c - Liquid's number filters.
 *
 * Ruby Liquid turns floats into BigDecimal (through their shortest decimal
 * text) before computing, so 10.1 + 2.2 is 12.3, not 12.299999999999999.
 * We keep doubles but remember how many decimals each operand has, and
 * round sums, differences, products and remainders to the decimals their
 * exact decimal result has: that is the double BigDecimal#to_f returns. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters_common.h"

typedef struct {
	bool is_float;
	int64_t i;
	double f;
	int dec;  /* decimals of the float's decimal text */
} num_t;

/* Shortest "%.Ne" text that reads back as f. */
static void shortest(double f, char *out, size_t cap)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(out, cap, "%.*e", prec - 1, f);
		if (strtod(out, NULL) == f)
			return;
	}
}

static int decimals_of(double f)
{
	if (!isfinite(f) || f == 0)
		return 0;
	char t[40];
	shortest(f, t, sizeof t);
	char *e = strchr(t, 'e');
	int exp = e ? atoi(e + 1) : 0;
	int mant = 0;
	for (char *p = t; p < e; p++)
		if (*p >= '0' && *p <= '9')
			mant++;
	/* trailing zeros of the mantissa are not decimals */
	for (char *p = e - 1; p > t && *p == '0'; p--)
		mant--;
	int d = mant - 1 - exp;
	return d > 0 ? d : 0;
}

static num_t num_int(int64_t i)
{
	return (num_t){ false, i, 0, 0 };
}

static num_t num_float(double f, int dec)
{
	return (num_t){ true, 0, f, dec };
}

/* /\A-?\d+\.\d+\z/ on the stripped string. */
static bool is_decimal_text(str_t s, int *dec)
{
	size_t i = 0, n = s.n;
	while (i < n && filters_is_space(s.p[i]))
		i++;
	while (n > i && filters_is_space(s.p[n - 1]))
		n--;
	if (i < n && s.p[i] == '-')
		i++;
	size_t d0 = i;
	while (i < n && s.p[i] >= '0' && s.p[i] <= '9')
		i++;
	if (i == d0 || i >= n || s.p[i] != '.')
		return false;
	size_t f0 = ++i;
	while (i < n && s.p[i] >= '0' && s.p[i] <= '9')
		i++;
	*dec = (int)(i - f0);
	return i == n && i > f0;
}

/* Liquid's Utils.to_number. */
static num_t to_num(liquid_ctx_t *ctx, const value_t *v)
{
	if (filters_is_nil(v))
		return num_int(0);
	switch (v->kind) {
	case VALUE_INT:
		return num_int(v->i);
	case VALUE_FLOAT:
		return num_float(v->f, decimals_of(v->f));
	case VALUE_STRING: {
		int dec;
		if (is_decimal_text(v->s, &dec)) {
			str_t t = arena_str(liquid_ctx_arena(ctx), v->s);
			return num_float(strtod(t.p, NULL), dec);
		}
		return num_int(filters_str_to_i(v->s));
	}
	default:
		return num_int(0);
	}
}

static double as_d(num_t n)
{
	return n.is_float ? n.f : (double)n.i;
}

static value_t *num_value(liquid_ctx_t *ctx, num_t n)
{
	arena_t *a = liquid_ctx_arena(ctx);
	return n.is_float ? value_new_float(a, n.f) : value_new_int(a, n.i);
}

/* The double nearest to f written with `dec` decimals. */
static double round_to(double f, int dec)
{
	if (!isfinite(f) || dec > 20 || fabs(f) > 1e300)
		return f;
	char t[400];
	snprintf(t, sizeof t, "%.*f", dec, f);
	return strtod(t, NULL);
}

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD } op_t;

/* Floored integer division and modulo, as Ruby's Integer#/ and #%. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	if (r != 0 && ((r < 0) != (b < 0)))
		r += b;
	return r;
}

static bool apply(liquid_ctx_t *ctx, const char *name, num_t a, num_t b, op_t op, num_t *out)
{
	if ((op == OP_DIV || op == OP_MOD) && as_d(b) == 0) {
		liquid_ctx_error(ctx, "%s: divided by 0", name);
		return false;
	}
	if (!a.is_float && !b.is_float) {
		int64_t r;
		bool ovf = false;
		switch (op) {
		case OP_ADD: ovf = __builtin_add_overflow(a.i, b.i, &r); break;
		case OP_SUB: ovf = __builtin_sub_overflow(a.i, b.i, &r); break;
		case OP_MUL: ovf = __builtin_mul_overflow(a.i, b.i, &r); break;
		case OP_DIV:
			ovf = a.i == INT64_MIN && b.i == -1;
			r = ovf ? 0 : floor_div(a.i, b.i);
			break;
		default:
			r = b.i == -1 ? 0 : floor_mod(a.i, b.i);
			break;
		}
		if (!ovf) {
			*out = num_int(r);
			return true;
		}
		/* Ruby would grow a Bignum; a float is the closest we have */
	}
	double x = as_d(a), y = as_d(b), r;
	int dec = a.dec > b.dec ? a.dec : b.dec;
	switch (op) {
	case OP_ADD: r = round_to(x + y, dec); break;
	case OP_SUB: r = round_to(x - y, dec); break;
	case OP_MUL:
		dec = a.dec + b.dec;
		r = round_to(x * y, dec);
		break;
	case OP_DIV:
		r = x / y;
		dec = decimals_of(r);
		break;
	default:
		r = fmod(x, y);
		if (r != 0 && ((r < 0) != (y < 0)))
			r += y;
		r = round_to(r, dec);
		break;
	}
	*out = num_float(r, dec);
	return true;
}

static value_t *arith(liquid_ctx_t *ctx, const char *name, value_t *in, size_t argc,
		      value_t **argv, value_t *kwargs, op_t op)
{
	if (!filters_arity(ctx, name, argc, kwargs, 1, 1))
		return value_nil();
	num_t r;
	if (!apply(ctx, name, to_num(ctx, in), to_num(ctx, argv[0]), op, &r))
		return value_nil();
	return num_value(ctx, r);
}

static value_t *f_plus(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	return arith(ctx, "plus", in, argc, argv, kwargs, OP_ADD);
}

static value_t *f_minus(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	return arith(ctx, "minus", in, argc, argv, kwargs, OP_SUB);
}

static value_t *f_times(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	return arith(ctx, "times", in, argc, argv, kwargs, OP_MUL);
}

static value_t *f_divided_by(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			     value_t *kwargs)
{
	return arith(ctx, "divided_by", in, argc, argv, kwargs, OP_DIV);
}

static value_t *f_modulo(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kwargs)
{
	return arith(ctx, "modulo", in, argc, argv, kwargs, OP_MOD);
}

static value_t *f_abs(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		      value_t *kwargs)
{
	ARITY("abs", 0, 0);
	num_t n = to_num(ctx, in);
	if (n.is_float)
		n.f = fabs(n.f);
	else if (n.i < 0)
		n = n.i == INT64_MIN ? num_float(-(double)n.i, 0) : num_int(-n.i);
	return num_value(ctx, n);
}

/* ceil/floor of a float, checked: Ruby raises FloatDomainError on NaN and
 * infinities, and the result must fit an integer. */
static value_t *to_int_checked(liquid_ctx_t *ctx, const char *name, double d)
{
	if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18) {
		liquid_ctx_error(ctx, "%s: %g out of range", name, d);
		return value_nil();
	}
	return value_new_int(liquid_ctx_arena(ctx), (int64_t)d);
}

static value_t *f_ceil(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("ceil", 0, 0);
	num_t n = to_num(ctx, in);
	return n.is_float ? to_int_checked(ctx, "ceil", ceil(n.f)) : num_value(ctx, n);
}

static value_t *f_floor(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("floor", 0, 0);
	num_t n = to_num(ctx, in);
	return n.is_float ? to_int_checked(ctx, "floor", floor(n.f)) : num_value(ctx, n);
}

/* Decimal rounding half away from zero of f's shortest text, as
 * BigDecimal#round does; digits may be negative (tens, hundreds). */
static double decimal_round(double f, int64_t digits)
{
	if (!isfinite(f) || f == 0)
		return f;
	if (digits > 20)
		return f;
	if (digits < -330)
		return 0;
	char t[40];
	shortest(f, t, sizeof t);
	bool neg = t[0] == '-';
	char *p = t + neg;
	char *e = strchr(p, 'e');
	int exp = atoi(e + 1);
	char mant[24];
	int m = 0;
	for (char *q = p; q < e; q++)
		if (*q >= '0' && *q <= '9')
			mant[m++] = *q;
	/* the number is 0.mant x 10^(exp+1); keep exp+1+digits mantissa digits */
	int64_t keep = exp + 1 + digits;
	if (keep >= m)
		return f;
	if (keep < 0)
		return 0;
	char out[64];
	int o = 0;
	bool up = mant[keep] >= '5';
	int carry = up;
	char kept[24];
	for (int64_t i = keep - 1; i >= 0; i--) {
		int d = mant[i] - '0' + carry;
		carry = d == 10;
		kept[i] = (char)('0' + d % 10);
	}
	if (neg)
		out[o++] = '-';
	out[o++] = '0';
	out[o++] = '.';
	if (carry)
		out[o++] = '1';
	for (int64_t i = 0; i < keep; i++)
		out[o++] = kept[i];
	if (!carry && keep == 0)
		out[o++] = '0';
	snprintf(out + o, sizeof out - (size_t)o, "e%d", exp + 1 + carry);
	return strtod(out, NULL);
}

static value_t *f_round(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kwargs)
{
	ARITY("round", 0, 1);
	num_t n = to_num(ctx, in);
	num_t d = argc ? to_num(ctx, argv[0]) : num_int(0);
	/* clamped before the conversion, which is undefined out of range; past
	 * +-1000 digits every number rounds the same */
	int64_t digits = d.is_float ? (isfinite(d.f) ? (int64_t)fmax(-1000, fmin(1000, d.f)) : 0) : d.i;
	if (!n.is_float) {
		if (digits >= 0 || n.i == 0)
			return num_value(ctx, n);
		if (digits < -18)
			return value_new_int(liquid_ctx_arena(ctx), 0);
		int64_t p = 1;
		for (int64_t k = 0; k < -digits; k++)
			p *= 10;
		int64_t q = n.i / p, r = n.i % p;
		if ((r < 0 ? -r : r) * 2 >= p)
			q += n.i < 0 ? -1 : 1;
		return value_new_int(liquid_ctx_arena(ctx), q * p);
	}
	double r = decimal_round(n.f, digits);
	if (digits <= 0)
		return to_int_checked(ctx, "round", r);
	return value_new_float(liquid_ctx_arena(ctx), r);
}

static bool num_less(num_t a, num_t b)
{
	if (!a.is_float && !b.is_float)
		return a.i < b.i;
	return as_d(a) < as_d(b);
}

static value_t *f_at_least(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			   value_t *kwargs)
{
	ARITY("at_least", 1, 1);
	num_t n = to_num(ctx, in), min = to_num(ctx, argv[0]);
	return num_value(ctx, num_less(n, min) ? min : n);
}

static value_t *f_at_most(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			  value_t *kwargs)
{
	ARITY("at_most", 1, 1);
	num_t n = to_num(ctx, in), max = to_num(ctx, argv[0]);
	return num_value(ctx, num_less(max, n) ? max : n);
}

static value_t *f_sum(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		      value_t *kwargs)
{
	ARITY("sum", 0, 1);
	value_t *ary = filters_input_array(ctx, in);
	value_t *prop = filters_arg(argc, argv, 0);
	num_t total = num_int(0);
	for (size_t i = 0; i < ary->a.n; i++) {
		value_t *item = ary->a.items[i];
		if (!filters_is_nil(prop)) {
			value_t *v;
			filters_get_t st = filters_item_get(ctx, item, prop, &v);
			if (st == FILTERS_GET_TYPE_ERROR) {
				filters_property_error(ctx, "sum", prop);
				return value_nil();
			}
			item = st == FILTERS_GET_OK ? v : NULL; /* no [] counts as 0 */
		}
		/* sum flattens what map produced */
		value_t *vals = filters_input_array(ctx, item);
		for (size_t k = 0; k < vals->a.n; k++)
			apply(ctx, "sum", total, to_num(ctx, vals->a.items[k]), OP_ADD, &total);
	}
	return num_value(ctx, total);
}

const filters_entry_t filters_math_table[] = {
	{ "plus", f_plus },
	{ "minus", f_minus },
	{ "times", f_times },
	{ "divided_by", f_divided_by },
	{ "modulo", f_modulo },
	{ "abs", f_abs },
	{ "ceil", f_ceil },
	{ "floor", f_floor },
	{ "round", f_round },
	{ "at_least", f_at_least },
	{ "at_most", f_at_most },
	{ "sum", f_sum },
	{ NULL, NULL },
};
