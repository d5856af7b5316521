#include "expr.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

/* Brackets and ranges nest; a hostile `[[[[...` must not exhaust the stack. */
#define EXPR_MAX_DEPTH 64

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Identifier characters: ASCII word characters, `-`, and any byte of a
 * UTF-8 sequence (Ruby's lexer is ASCII-only; accepting letters such as
 * `é` is friendlier and ambiguous with nothing). */
static bool is_id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_id_char(unsigned char c)
{
	return is_id_start(c) || is_digit((char)c) || c == '-';
}

bool liquid_mp_fail(liquid_mp_t *p, const char *fmt, ...)
{
	if (p->err)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char msg[256];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->err = arena_strdup(p->a, msg);
	return false;
}

static const char *tok_desc(liquid_mp_t *p, const liquid_mtok_t *t)
{
	if (t->kind == LIQUID_MT_END)
		return "end of tag";
	size_t n = t->end - t->start;
	if (n > 40)
		n = 40;
	return arena_printf(p->a, "'%.*s'", (int)n, p->src.p + t->start);
}

static void lex_one(liquid_mp_t *p, liquid_mtok_t *t)
{
	const char *s = p->src.p;
	size_t n = p->src.n, i = p->pos;
	while (i < n && liquid_is_space(s[i]))
		i++;
	memset(t, 0, sizeof *t);
	t->start = i;
	if (i >= n) {
		t->kind = LIQUID_MT_END;
		t->end = i;
		p->pos = i;
		return;
	}
	char c = s[i];
	char d = i + 1 < n ? s[i + 1] : '\0';
	size_t j = i + 1;
	switch (c) {
	case '=':
		if (d == '=') {
			t->kind = LIQUID_MT_CMP;
			t->op = LIQUID_OP_EQ;
			j++;
		} else {
			t->kind = LIQUID_MT_EQUALS;
		}
		break;
	case '!':
		if (d == '=') {
			t->kind = LIQUID_MT_CMP;
			t->op = LIQUID_OP_NE;
			j++;
		} else {
			t->kind = LIQUID_MT_ERROR;
		}
		break;
	case '<':
		t->kind = LIQUID_MT_CMP;
		t->op = d == '=' ? LIQUID_OP_LE : d == '>' ? LIQUID_OP_NE : LIQUID_OP_LT;
		if (d == '=' || d == '>')
			j++;
		break;
	case '>':
		t->kind = LIQUID_MT_CMP;
		t->op = d == '=' ? LIQUID_OP_GE : LIQUID_OP_GT;
		if (d == '=')
			j++;
		break;
	case '\'':
	case '"': {
		const char *q = memchr(s + i + 1, c, n - i - 1);
		if (!q) {
			t->kind = LIQUID_MT_ERROR;
			j = n;
			break;
		}
		t->kind = LIQUID_MT_STRING;
		t->s = str_from(s + i + 1, (size_t)(q - (s + i + 1)));
		j = (size_t)(q - s) + 1;
		t->start = i;
		t->end = j;
		p->pos = j;
		return;
	}
	case '.':
		if (d == '.') {
			t->kind = LIQUID_MT_DOTDOT;
			j++;
		} else {
			t->kind = LIQUID_MT_DOT;
		}
		break;
	case '|': t->kind = LIQUID_MT_PIPE; break;
	case ':': t->kind = LIQUID_MT_COLON; break;
	case ',': t->kind = LIQUID_MT_COMMA; break;
	case '[': t->kind = LIQUID_MT_LBRACKET; break;
	case ']': t->kind = LIQUID_MT_RBRACKET; break;
	case '(': t->kind = LIQUID_MT_LPAREN; break;
	case ')': t->kind = LIQUID_MT_RPAREN; break;
	default:
		if (is_digit(c) || (c == '-' && is_digit(d))) {
			j = i + 1;
			while (j < n && is_digit(s[j]))
				j++;
			t->kind = LIQUID_MT_INT;
			if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
				j++;
				while (j < n && is_digit(s[j]))
					j++;
				t->kind = LIQUID_MT_FLOAT;
			}
		} else if (is_id_start((unsigned char)c)) {
			while (j < n && is_id_char((unsigned char)s[j]))
				j++;
			if (j < n && s[j] == '?')
				j++;
			t->kind = LIQUID_MT_ID;
			if (j - i == 8 && memcmp(s + i, "contains", 8) == 0) {
				t->kind = LIQUID_MT_CMP;
				t->op = LIQUID_OP_CONTAINS;
			}
		} else {
			t->kind = LIQUID_MT_ERROR;
		}
		break;
	}
	t->end = j;
	t->s = str_from(s + i, j - i);
	p->pos = j;
}

void liquid_mp_init(liquid_mp_t *p, arena_t *a, str_t markup)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->src = markup;
	lex_one(p, &p->tok[0]);
	lex_one(p, &p->tok[1]);
}

const liquid_mtok_t *liquid_mp_peek(liquid_mp_t *p, int k)
{
	return &p->tok[k];
}

void liquid_mp_advance(liquid_mp_t *p)
{
	p->prev_end = p->tok[0].end;
	p->tok[0] = p->tok[1];
	lex_one(p, &p->tok[1]);
}

bool liquid_mp_accept(liquid_mp_t *p, liquid_mtok_kind_t kind)
{
	if (p->err || p->tok[0].kind != kind)
		return false;
	liquid_mp_advance(p);
	return true;
}

bool liquid_mp_accept_id(liquid_mp_t *p, const char *word)
{
	if (p->err || p->tok[0].kind != LIQUID_MT_ID || !str_eq_cstr(p->tok[0].s, word))
		return false;
	liquid_mp_advance(p);
	return true;
}

static void check_bad_char(liquid_mp_t *p)
{
	const liquid_mtok_t *t = &p->tok[0];
	if (t->kind == LIQUID_MT_ERROR) {
		if (p->src.p[t->start] == '\'' || p->src.p[t->start] == '"')
			liquid_mp_fail(p, "unterminated string");
		else
			liquid_mp_fail(p, "unexpected character '%c'", p->src.p[t->start]);
	}
}

bool liquid_mp_expect(liquid_mp_t *p, liquid_mtok_kind_t kind, const char *what)
{
	if (liquid_mp_accept(p, kind))
		return true;
	check_bad_char(p);
	return liquid_mp_fail(p, "expected %s, found %s", what, tok_desc(p, &p->tok[0]));
}

bool liquid_mp_end(liquid_mp_t *p)
{
	if (p->err)
		return false;
	if (p->tok[0].kind == LIQUID_MT_END)
		return true;
	check_bad_char(p);
	return liquid_mp_fail(p, "unexpected %s", tok_desc(p, &p->tok[0]));
}

str_t liquid_mp_canon(liquid_mp_t *p, size_t start, size_t end)
{
	char *out = arena_alloc(p->a, end - start + 1);
	size_t n = 0;
	char quote = 0;
	for (size_t i = start; i < end; i++) {
		char c = p->src.p[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (liquid_is_space(c)) {
			continue;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return str_from(out, n);
}

static liquid_expr_t *new_expr(liquid_mp_t *p, liquid_expr_kind_t kind)
{
	liquid_expr_t *e = ARENA_NEW(p->a, liquid_expr_t);
	e->kind = kind;
	return e;
}

static liquid_expr_t *literal(liquid_mp_t *p, value_t *v)
{
	liquid_expr_t *e = new_expr(p, LIQUID_EXPR_LITERAL);
	e->lit = v;
	return e;
}

static value_t *number_value(liquid_mp_t *p, const liquid_mtok_t *t)
{
	char *s = arena_strndup(p->a, t->s.p, t->s.n);
	if (t->kind == LIQUID_MT_INT) {
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (errno != ERANGE)
			return value_new_int(p->a, v);
	}
	return value_new_float(p->a, strtod(s, NULL));
}

/* A dotted `size`, `first` or `last` may mean the built-in property. */
static bool is_command(str_t k)
{
	return str_eq_cstr(k, "size") || str_eq_cstr(k, "first") || str_eq_cstr(k, "last");
}

typedef struct {
	liquid_seg_t *v;
	uint32_t n, cap;
} seg_vec_t;

static void seg_push(liquid_mp_t *p, seg_vec_t *sv, liquid_seg_t s)
{
	if (sv->n == sv->cap) {
		uint32_t cap = sv->cap ? sv->cap * 2 : 4;
		sv->v = arena_realloc(p->a, sv->v, sv->n * sizeof(liquid_seg_t),
				      cap * sizeof(liquid_seg_t));
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
}

/* `[expr]`: a literal key is kept as a constant so that the common
 * `x["key"]` and `x[0]` cost no evaluation. */
static bool bracket_seg(liquid_mp_t *p, liquid_seg_t *s)
{
	memset(s, 0, sizeof *s);
	liquid_expr_t *e = liquid_parse_expr(p);
	if (!e || !liquid_mp_expect(p, LIQUID_MT_RBRACKET, "']'"))
		return false;
	if (e->kind == LIQUID_EXPR_LITERAL &&
	    (e->lit->kind == VALUE_STRING || e->lit->kind == VALUE_INT))
		s->const_idx = e->lit;
	else
		s->idx = e;
	return true;
}

static bool lookups(liquid_mp_t *p, seg_vec_t *sv)
{
	for (;;) {
		liquid_seg_t s;
		if (liquid_mp_accept(p, LIQUID_MT_LBRACKET)) {
			if (!bracket_seg(p, &s))
				return false;
		} else if (liquid_mp_accept(p, LIQUID_MT_DOT)) {
			const liquid_mtok_t *t = liquid_mp_peek(p, 0);
			if (t->kind != LIQUID_MT_ID)
				return liquid_mp_expect(p, LIQUID_MT_ID, "a name after '.'");
			memset(&s, 0, sizeof s);
			s.key = arena_str(p->a, t->s);
			s.command = is_command(t->s);
			liquid_mp_advance(p);
		} else {
			return true;
		}
		seg_push(p, sv, s);
	}
}

static liquid_expr_t *var_expr(liquid_mp_t *p, seg_vec_t *sv)
{
	if (!lookups(p, sv))
		return NULL;
	liquid_expr_t *e = new_expr(p, LIQUID_EXPR_VAR);
	e->var.segs = sv->v;
	e->var.n = sv->n;
	return e;
}

static liquid_expr_t *id_expr(liquid_mp_t *p)
{
	liquid_mtok_t t = *liquid_mp_peek(p, 0);
	liquid_mp_advance(p);
	liquid_mtok_kind_t next = liquid_mp_peek(p, 0)->kind;
	/* keywords are literals unless a lookup follows (`nil.x` is a variable, as in Ruby) */
	if (next != LIQUID_MT_DOT && next != LIQUID_MT_LBRACKET) {
		if (str_eq_cstr(t.s, "true"))
			return literal(p, value_bool(true));
		if (str_eq_cstr(t.s, "false"))
			return literal(p, value_bool(false));
		if (str_eq_cstr(t.s, "nil") || str_eq_cstr(t.s, "null"))
			return literal(p, value_nil());
		if (str_eq_cstr(t.s, "blank"))
			return new_expr(p, LIQUID_EXPR_BLANK);
		if (str_eq_cstr(t.s, "empty"))
			return new_expr(p, LIQUID_EXPR_EMPTY);
	}
	seg_vec_t sv = { 0 };
	liquid_seg_t root = { .key = arena_str(p->a, t.s) };
	seg_push(p, &sv, root);
	return var_expr(p, &sv);
}

static liquid_expr_t *parse_expr_inner(liquid_mp_t *p)
{
	const liquid_mtok_t *t = liquid_mp_peek(p, 0);
	switch (t->kind) {
	case LIQUID_MT_ID:
		return id_expr(p);
	case LIQUID_MT_STRING: {
		value_t *v = value_new_string(p->a, t->s.p, t->s.n);
		liquid_mp_advance(p);
		return literal(p, v);
	}
	case LIQUID_MT_INT:
	case LIQUID_MT_FLOAT: {
		value_t *v = number_value(p, t);
		liquid_mp_advance(p);
		return literal(p, v);
	}
	case LIQUID_MT_LBRACKET: {
		liquid_mp_advance(p);
		seg_vec_t sv = { 0 };
		liquid_seg_t root;
		if (!bracket_seg(p, &root))
			return NULL;
		seg_push(p, &sv, root);
		return var_expr(p, &sv);
	}
	case LIQUID_MT_LPAREN: {
		liquid_mp_advance(p);
		liquid_expr_t *lo = liquid_parse_expr(p);
		if (!lo || !liquid_mp_expect(p, LIQUID_MT_DOTDOT, "'..'"))
			return NULL;
		liquid_expr_t *hi = liquid_parse_expr(p);
		if (!hi || !liquid_mp_expect(p, LIQUID_MT_RPAREN, "')'"))
			return NULL;
		liquid_expr_t *e = new_expr(p, LIQUID_EXPR_RANGE);
		e->range.lo = lo;
		e->range.hi = hi;
		return e;
	}
	default:
		check_bad_char(p);
		liquid_mp_fail(p, "expected an expression, found %s", tok_desc(p, t));
		return NULL;
	}
}

liquid_expr_t *liquid_parse_expr(liquid_mp_t *p)
{
	if (p->err)
		return NULL;
	if (++p->depth > EXPR_MAX_DEPTH) {
		liquid_mp_fail(p, "expression nested too deep");
		return NULL;
	}
	liquid_expr_t *e = parse_expr_inner(p);
	p->depth--;
	return p->err ? NULL : e;
}

typedef struct {
	void **v;
	uint32_t n, cap;
} ptr_vec_t;

static void ptr_push(arena_t *a, ptr_vec_t *pv, void *x)
{
	if (pv->n == pv->cap) {
		uint32_t cap = pv->cap ? pv->cap * 2 : 4;
		pv->v = arena_realloc(a, pv->v, pv->n * sizeof(void *), cap * sizeof(void *));
		pv->cap = cap;
	}
	pv->v[pv->n++] = x;
}

static bool parse_filter_args(liquid_mp_t *p, liquid_filter_call_t *f)
{
	ptr_vec_t args = { 0 }, kwn = { 0 }, kwv = { 0 };
	do {
		str_t *key = NULL;
		if (liquid_mp_peek(p, 0)->kind == LIQUID_MT_ID &&
		    liquid_mp_peek(p, 1)->kind == LIQUID_MT_COLON) {
			key = ARENA_NEW(p->a, str_t);
			*key = arena_str(p->a, liquid_mp_peek(p, 0)->s);
			liquid_mp_advance(p);
			liquid_mp_advance(p);
		}
		liquid_expr_t *e = liquid_parse_expr(p);
		if (!e)
			return false;
		if (key) {
			ptr_push(p->a, &kwn, key);
			ptr_push(p->a, &kwv, e);
		} else {
			ptr_push(p->a, &args, e);
		}
	} while (liquid_mp_accept(p, LIQUID_MT_COMMA));
	f->args = (liquid_expr_t **)args.v;
	f->argc = args.n;
	f->kwc = kwn.n;
	if (kwn.n) {
		f->kwnames = ARENA_ARRAY(p->a, str_t, kwn.n);
		for (uint32_t i = 0; i < kwn.n; i++)
			f->kwnames[i] = *(str_t *)kwn.v[i];
		f->kwargs = (liquid_expr_t **)kwv.v;
	}
	return true;
}

bool liquid_parse_filtered(liquid_mp_t *p, liquid_filtered_t *out)
{
	memset(out, 0, sizeof *out);
	if (p->err)
		return false;
	if (liquid_mp_peek(p, 0)->kind == LIQUID_MT_END)
		return true;
	out->expr = liquid_parse_expr(p);
	if (!out->expr)
		return false;
	liquid_filter_call_t *fs = NULL;
	uint32_t n = 0, cap = 0;
	while (liquid_mp_accept(p, LIQUID_MT_PIPE)) {
		const liquid_mtok_t *t = liquid_mp_peek(p, 0);
		if (t->kind != LIQUID_MT_ID)
			return liquid_mp_expect(p, LIQUID_MT_ID, "a filter name");
		liquid_filter_fn fn = liquid_find_filter(t->s);
		if (!fn)
			return liquid_mp_fail(p, "unknown filter '%.*s'%s", (int)t->s.n, t->s.p, liquid_unknown_hint());
		if (n == cap) {
			cap = cap ? cap * 2 : 2;
			fs = arena_realloc(p->a, fs, n * sizeof *fs, cap * sizeof *fs);
		}
		liquid_filter_call_t *f = &fs[n++];
		memset(f, 0, sizeof *f);
		f->fn = fn;
		f->name = arena_str(p->a, t->s);
		liquid_mp_advance(p);
		if (liquid_mp_accept(p, LIQUID_MT_COLON) && !parse_filter_args(p, f))
			return false;
	}
	out->filters = fs;
	out->nfilters = n;
	return !p->err;
}

static liquid_cond_t *parse_comparison(liquid_mp_t *p)
{
	liquid_cond_t *c = ARENA_NEW(p->a, liquid_cond_t);
	c->left = liquid_parse_expr(p);
	if (!c->left)
		return NULL;
	const liquid_mtok_t *t = liquid_mp_peek(p, 0);
	if (t->kind == LIQUID_MT_CMP) {
		c->op = t->op;
		liquid_mp_advance(p);
		c->right = liquid_parse_expr(p);
		if (!c->right)
			return NULL;
	}
	return c;
}

liquid_cond_t *liquid_parse_cond(liquid_mp_t *p)
{
	liquid_cond_t *first = parse_comparison(p);
	liquid_cond_t *c = first;
	while (c) {
		liquid_rel_t rel = liquid_mp_accept_id(p, "and") ? LIQUID_REL_AND
				   : liquid_mp_accept_id(p, "or") ? LIQUID_REL_OR
								  : LIQUID_REL_NONE;
		if (rel == LIQUID_REL_NONE)
			break;
		c->rel = rel;
		c->next = parse_comparison(p);
		c = c->next;
	}
	return p->err ? NULL : first;
}
