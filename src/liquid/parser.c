/* parser.c - tokens to tree: the block structure and every tag's markup.
 *
 * The parser is a loop over the lexer's tokens with an explicit stack of
 * open blocks (no recursion), so that a template nesting 100,000 `if`s
 * gets an error instead of exhausting the C stack. Tags are a table of
 * { name, parse function }. */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "expr.h"
#include "lexer.h"

/* Ruby Liquid stops at 100 nested blocks too; the renderer relies on the
 * bound for its recursion. */
#define MAX_NESTING 100
#define MAX_LIQUID_DEPTH 20

typedef struct {
	void **v;
	uint32_t n, cap;
} pvec_t;

typedef enum {
	BLK_IF,
	BLK_UNLESS,
	BLK_CASE,
	BLK_FOR,
	BLK_TABLEROW,
	BLK_CAPTURE,
	BLK_IFCHANGED,
} blk_kind_t;

static const char *const blk_names[] = { "if", "unless", "case", "for", "tablerow",
					 "capture", "ifchanged" };

typedef struct {
	blk_kind_t kind;
	liquid_node_t *node;
	int line, col;
	pvec_t body;           /* nodes of the part being parsed */
	pvec_t parts;          /* if: liquid_branch_t*, case: liquid_when_t* */
	uint32_t group;        /* case: first when of the current `when` tag */
	bool in_else;          /* for: parsing the else part */
	bool discard;          /* case: before the first when */
} frame_t;

typedef struct {
	arena_t *a;
	const char *file;
	int first_line;
	diag_list_t *d;
	liquid_lexer_t lx;
	str_t src;
	frame_t *stack;
	size_t n, cap;
	size_t barrier;        /* frames below this belong outside a {% liquid %} tag */
	pvec_t top;
	bool failed;
	int line, col;         /* the tag being parsed */
	int fixed_line;        /* nonzero: every position is this one (sub-templates) */
	int fixed_col;
	int liquid_depth;
} parser_t;

static void pvec_push(arena_t *a, pvec_t *pv, void *x)
{
	if (pv->n == pv->cap) {
		uint32_t cap = pv->cap ? pv->cap * 2 : 8;
		pv->v = arena_realloc(a, pv->v, pv->n * sizeof(void *), cap * sizeof(void *));
		pv->cap = cap;
	}
	pv->v[pv->n++] = x;
}

static bool fail(parser_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(parser_t *p, const char *fmt, ...)
{
	if (p->failed)
		return false;
	p->failed = true;
	va_list ap;
	va_start(ap, fmt);
	diag_add(p->d, DIAG_ERROR, p->file, p->line, p->col, fmt, ap);
	va_end(ap);
	return false;
}

static void set_pos(parser_t *p, const char *at)
{
	if (p->fixed_line) {
		p->line = p->fixed_line;
		p->col = p->fixed_col;
		return;
	}
	liquid_lexer_pos(&p->lx, (size_t)(at - p->src.p), &p->line, &p->col);
	p->line += p->first_line - 1;
}

static liquid_node_t *new_node(parser_t *p, liquid_node_kind_t kind)
{
	liquid_node_t *n = ARENA_NEW(p->a, liquid_node_t);
	n->kind = kind;
	n->line = (uint32_t)p->line;
	n->col = (uint32_t)p->col;
	return n;
}

static pvec_t *cur_body(parser_t *p)
{
	return p->n ? &p->stack[p->n - 1].body : &p->top;
}

static void add_node(parser_t *p, liquid_node_t *n)
{
	pvec_push(p->a, cur_body(p), n);
}

static liquid_body_t make_body(pvec_t *pv)
{
	liquid_body_t b = { (liquid_node_t **)pv->v, pv->n };
	memset(pv, 0, sizeof *pv);
	return b;
}

/* Parses markup with a markup parser, reporting its error in `what`. */
static bool mp_check(parser_t *p, liquid_mp_t *mp, const char *what)
{
	if (!mp->err)
		return true;
	return fail(p, "%s in %s", mp->err, what);
}

/* ---- blank bodies (Ruby's blank?) ---- */

static bool text_blank(str_t s)
{
	return liquid_trim(s).n == 0;
}

static bool body_blank(const liquid_body_t *b)
{
	for (uint32_t i = 0; i < b->n; i++)
		if (!b->items[i]->blank)
			return false;
	return true;
}

/* A block that renders only whitespace renders nothing at all. */
static void strip_blank_text(liquid_body_t *b)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < b->n; i++)
		if (b->items[i]->kind != LIQUID_NODE_TEXT || b->items[i]->raw)
			b->items[k++] = b->items[i];
	b->n = k;
}

/* ---- block frames ---- */

static frame_t *push_frame(parser_t *p, blk_kind_t kind, liquid_node_t *node)
{
	if (p->n >= MAX_NESTING) {
		fail(p, "blocks nested too deep (limit %d)", MAX_NESTING);
		return NULL;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->stack = xrealloc(p->stack, p->cap * sizeof(frame_t));
	}
	frame_t *f = &p->stack[p->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->node = node;
	f->line = p->line;
	f->col = p->col;
	return f;
}

static frame_t *top_frame(parser_t *p)
{
	return p->n > p->barrier ? &p->stack[p->n - 1] : NULL;
}

/* Ends the part being parsed (a branch, a when, a loop body). */
static void end_part(parser_t *p, frame_t *f)
{
	if (f->discard) {
		memset(&f->body, 0, sizeof f->body);
		return;
	}
	liquid_body_t b = make_body(&f->body);
	switch (f->kind) {
	case BLK_IF:
	case BLK_UNLESS:
		((liquid_branch_t *)f->parts.v[f->parts.n - 1])->body = b;
		break;
	case BLK_CASE:
		for (uint32_t i = f->group; i < f->parts.n; i++)
			((liquid_when_t *)f->parts.v[i])->body = b;
		break;
	case BLK_FOR:
	case BLK_TABLEROW:
		if (f->in_else)
			f->node->loop.els = b;
		else
			f->node->loop.body = b;
		break;
	case BLK_CAPTURE:
		f->node->capture.body = b;
		break;
	case BLK_IFCHANGED:
		f->node->ifchanged = b;
		break;
	}
}

static void close_if(parser_t *p, frame_t *f)
{
	liquid_node_t *n = f->node;
	n->cond.n = f->parts.n;
	n->cond.br = ARENA_ARRAY(p->a, liquid_branch_t, f->parts.n);
	bool blank = true;
	for (uint32_t i = 0; i < f->parts.n; i++) {
		n->cond.br[i] = *(liquid_branch_t *)f->parts.v[i];
		blank = blank && body_blank(&n->cond.br[i].body);
	}
	n->blank = blank;
	for (uint32_t i = 0; blank && i < n->cond.n; i++)
		strip_blank_text(&n->cond.br[i].body);
}

static void close_case(parser_t *p, frame_t *f)
{
	liquid_node_t *n = f->node;
	n->kase.n = f->parts.n;
	n->kase.w = ARENA_ARRAY(p->a, liquid_when_t, f->parts.n);
	bool blank = true;
	for (uint32_t i = 0; i < f->parts.n; i++) {
		n->kase.w[i] = *(liquid_when_t *)f->parts.v[i];
		blank = blank && body_blank(&n->kase.w[i].body);
	}
	n->blank = blank;
	/* whens of one tag share a body: strip each distinct body once */
	for (uint32_t i = 0; blank && i < n->kase.n; i++)
		if (i == 0 || n->kase.w[i].body.items != n->kase.w[i - 1].body.items)
			strip_blank_text(&n->kase.w[i].body);
	for (uint32_t i = 1; blank && i < n->kase.n; i++)
		if (n->kase.w[i].body.items == n->kase.w[i - 1].body.items)
			n->kase.w[i].body = n->kase.w[i - 1].body;
}

static void close_frame(parser_t *p)
{
	frame_t *f = &p->stack[p->n - 1];
	end_part(p, f);
	liquid_node_t *n = f->node;
	switch (f->kind) {
	case BLK_IF:
	case BLK_UNLESS:
		close_if(p, f);
		break;
	case BLK_CASE:
		close_case(p, f);
		break;
	case BLK_FOR:
		n->blank = body_blank(&n->loop.body) && body_blank(&n->loop.els);
		if (n->blank) {
			strip_blank_text(&n->loop.body);
			strip_blank_text(&n->loop.els);
		}
		break;
	case BLK_TABLEROW:
		n->blank = body_blank(&n->loop.body);
		break;
	case BLK_CAPTURE:
		n->blank = true;
		break;
	case BLK_IFCHANGED:
		n->blank = body_blank(&n->ifchanged);
		break;
	}
	p->n--;
	add_node(p, n);
}

/* ---- tags ---- */

typedef bool (*tag_fn)(parser_t *p, str_t markup);

static bool tag_if_common(parser_t *p, str_t markup, blk_kind_t kind)
{
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_cond_t *c = liquid_parse_cond(&mp);
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, kind == BLK_IF ? "'if' tag" : "'unless' tag"))
		return false;
	liquid_node_t *n = new_node(p, LIQUID_NODE_IF);
	n->cond.negate_first = kind == BLK_UNLESS;
	frame_t *f = push_frame(p, kind, n);
	if (!f)
		return false;
	liquid_branch_t *b = ARENA_NEW(p->a, liquid_branch_t);
	b->cond = c;
	pvec_push(p->a, &f->parts, b);
	return true;
}

static bool tag_if(parser_t *p, str_t markup)
{
	return tag_if_common(p, markup, BLK_IF);
}

static bool tag_unless(parser_t *p, str_t markup)
{
	return tag_if_common(p, markup, BLK_UNLESS);
}

static bool tag_case(parser_t *p, str_t markup)
{
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_expr_t *e = liquid_parse_expr(&mp);
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, "'case' tag"))
		return false;
	liquid_node_t *n = new_node(p, LIQUID_NODE_CASE);
	n->kase.subject = e;
	frame_t *f = push_frame(p, BLK_CASE, n);
	if (!f)
		return false;
	f->discard = true;
	return true;
}

/* `for x in coll reversed limit: n offset: m` (and tablerow's cols). */
static bool parse_loop(parser_t *p, str_t markup, bool tablerow, liquid_loop_t *lp)
{
	const char *what = tablerow ? "'tablerow' tag" : "'for' tag";
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	const liquid_mtok_t *t = liquid_mp_peek(&mp, 0);
	if (t->kind != LIQUID_MT_ID) {
		liquid_mp_expect(&mp, LIQUID_MT_ID, "a loop variable");
		return mp_check(p, &mp, what);
	}
	lp->var = arena_str(p->a, t->s);
	liquid_mp_advance(&mp);
	if (!liquid_mp_accept_id(&mp, "in")) {
		liquid_mp_fail(&mp, "expected 'in'");
		return mp_check(p, &mp, what);
	}
	size_t start = liquid_mp_peek(&mp, 0)->start;
	lp->coll = liquid_parse_expr(&mp);
	if (!lp->coll)
		return mp_check(p, &mp, what);
	str_t canon = liquid_mp_canon(&mp, start, mp.prev_end);
	char *name = arena_printf(p->a, "%.*s-%.*s", (int)lp->var.n, lp->var.p, (int)canon.n,
				  canon.p);
	lp->name = str_cstr(name);
	while (!mp.err) {
		t = liquid_mp_peek(&mp, 0);
		if (t->kind == LIQUID_MT_COMMA) {
			liquid_mp_advance(&mp);
			continue;
		}
		if (t->kind != LIQUID_MT_ID)
			break;
		if (liquid_mp_accept_id(&mp, "reversed")) {
			lp->reversed = true;
			continue;
		}
		liquid_expr_t **slot = str_eq_cstr(t->s, "limit")    ? &lp->limit
				       : str_eq_cstr(t->s, "offset") ? &lp->offset
				       : tablerow && str_eq_cstr(t->s, "cols") ? &lp->cols
									      : NULL;
		if (!slot) {
			liquid_mp_fail(&mp, "unknown loop attribute '%.*s'", (int)t->s.n, t->s.p);
			break;
		}
		bool is_offset = slot == &lp->offset;
		liquid_mp_advance(&mp);
		if (!liquid_mp_expect(&mp, LIQUID_MT_COLON, "':'"))
			break;
		if (is_offset && !tablerow && liquid_mp_peek(&mp, 0)->kind == LIQUID_MT_ID &&
		    str_eq_cstr(liquid_mp_peek(&mp, 0)->s, "continue")) {
			liquid_mp_advance(&mp);
			lp->offset_continue = true;
			continue;
		}
		*slot = liquid_parse_expr(&mp);
	}
	liquid_mp_end(&mp);
	return mp_check(p, &mp, what);
}

static bool tag_loop(parser_t *p, str_t markup, bool tablerow)
{
	liquid_node_t *n = new_node(p, tablerow ? LIQUID_NODE_TABLEROW : LIQUID_NODE_FOR);
	if (!parse_loop(p, markup, tablerow, &n->loop))
		return false;
	return push_frame(p, tablerow ? BLK_TABLEROW : BLK_FOR, n) != NULL;
}

static bool tag_for(parser_t *p, str_t markup)
{
	return tag_loop(p, markup, false);
}

static bool tag_tablerow(parser_t *p, str_t markup)
{
	return tag_loop(p, markup, true);
}

static bool is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c >= 0x80;
}

/* A variable name for assign/capture/increment: word characters and
 * hyphens (Ruby also takes `123` and `-x`; using them fails later). */
static bool valid_name(str_t s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!is_name_char((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool tag_capture(parser_t *p, str_t markup)
{
	str_t name = markup;
	if (name.n >= 2 && (name.p[0] == '\'' || name.p[0] == '"') && name.p[name.n - 1] == name.p[0])
		name = str_from(name.p + 1, name.n - 2);
	if (!valid_name(name))
		return fail(p, "invalid variable name '%.*s' in 'capture' tag", (int)markup.n, markup.p);
	liquid_node_t *n = new_node(p, LIQUID_NODE_CAPTURE);
	n->capture.var = arena_str(p->a, name);
	return push_frame(p, BLK_CAPTURE, n) != NULL;
}

static bool tag_ifchanged(parser_t *p, str_t markup)
{
	return push_frame(p, BLK_IFCHANGED, new_node(p, LIQUID_NODE_IFCHANGED)) != NULL;
}

static bool tag_assign(parser_t *p, str_t markup)
{
	const char *eq = memchr(markup.p, '=', markup.n);
	if (!eq)
		return fail(p, "expected 'name = value' in 'assign' tag");
	str_t name = liquid_trim(str_from(markup.p, (size_t)(eq - markup.p)));
	if (!valid_name(name))
		return fail(p, "invalid variable name '%.*s' in 'assign' tag", (int)name.n, name.p);
	liquid_node_t *n = new_node(p, LIQUID_NODE_ASSIGN);
	n->blank = true;
	n->assign.var = arena_str(p->a, name);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, str_from(eq + 1, markup.n - (size_t)(eq + 1 - markup.p)));
	if (liquid_mp_peek(&mp, 0)->kind == LIQUID_MT_END)
		liquid_mp_fail(&mp, "expected a value");
	liquid_parse_filtered(&mp, &n->assign.val);
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, "'assign' tag"))
		return false;
	add_node(p, n);
	return true;
}

static bool tag_counter(parser_t *p, str_t markup, liquid_node_kind_t kind)
{
	if (!valid_name(markup))
		return fail(p, "invalid counter name '%.*s'", (int)markup.n, markup.p);
	liquid_node_t *n = new_node(p, kind);
	n->counter = arena_str(p->a, markup);
	add_node(p, n);
	return true;
}

static bool tag_increment(parser_t *p, str_t markup)
{
	return tag_counter(p, markup, LIQUID_NODE_INCREMENT);
}

static bool tag_decrement(parser_t *p, str_t markup)
{
	return tag_counter(p, markup, LIQUID_NODE_DECREMENT);
}

static bool tag_cycle(parser_t *p, str_t markup)
{
	liquid_node_t *n = new_node(p, LIQUID_NODE_CYCLE);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	pvec_t items = { 0 };
	liquid_expr_t *first = liquid_parse_expr(&mp);
	size_t items_start = 0;
	if (first && liquid_mp_accept(&mp, LIQUID_MT_COLON)) {
		n->cycle.group = first;
		items_start = liquid_mp_peek(&mp, 0)->start;
		first = liquid_parse_expr(&mp);
	}
	if (first)
		pvec_push(p->a, &items, first);
	while (!mp.err && liquid_mp_accept(&mp, LIQUID_MT_COMMA)) {
		liquid_expr_t *e = liquid_parse_expr(&mp);
		if (e)
			pvec_push(p->a, &items, e);
	}
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, "'cycle' tag"))
		return false;
	n->cycle.items = (liquid_expr_t **)items.v;
	n->cycle.n = items.n;
	n->cycle.key = liquid_mp_canon(&mp, items_start, markup.n);
	add_node(p, n);
	return true;
}

static bool tag_echo(parser_t *p, str_t markup)
{
	liquid_node_t *n = new_node(p, LIQUID_NODE_OUTPUT);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_parse_filtered(&mp, &n->out);
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, "'echo' tag"))
		return false;
	add_node(p, n);
	return true;
}

static bool tag_simple(parser_t *p, liquid_node_kind_t kind)
{
	add_node(p, new_node(p, kind));
	return true;
}

static bool tag_break(parser_t *p, str_t markup)
{
	return tag_simple(p, LIQUID_NODE_BREAK);
}

static bool tag_continue(parser_t *p, str_t markup)
{
	return tag_simple(p, LIQUID_NODE_CONTINUE);
}

static bool tag_raw(parser_t *p, str_t markup)
{
	str_t body;
	if (p->liquid_depth)
		return fail(p, "'raw' cannot be used in a 'liquid' tag");
	if (!liquid_lexer_skip_block(&p->lx, "endraw", NULL, &body, NULL))
		return fail(p, "'raw' tag was never closed");
	if (body.n) {
		liquid_node_t *n = new_node(p, LIQUID_NODE_TEXT);
		n->text = body;
		n->raw = true;
		add_node(p, n);
	}
	return true;
}

static bool tag_doc(parser_t *p, str_t markup)
{
	str_t body;
	bool nested;
	if (markup.n)
		return fail(p, "'doc' tag takes no arguments");
	if (p->liquid_depth)
		return fail(p, "'doc' cannot be used in a 'liquid' tag");
	if (!liquid_lexer_skip_block(&p->lx, "enddoc", "doc", &body, &nested))
		return fail(p, nested ? "'doc' tags cannot be nested" : "'doc' tag was never closed");
	return true;
}

/* Comments skip tokens without parsing them, but count nested comments
 * and honour raw, as Ruby Liquid does. */
static bool tag_comment(parser_t *p, str_t markup)
{
	int depth = 1;
	liquid_tok_t t;
	while (depth > 0) {
		switch (liquid_lexer_next(&p->lx, &t)) {
		case LIQUID_TOK_EOF:
		case LIQUID_TOK_ERROR:
			return fail(p, "'comment' tag was never closed");
		case LIQUID_TOK_TAG:
			if (str_eq_cstr(t.name, "comment")) {
				depth++;
			} else if (str_eq_cstr(t.name, "endcomment")) {
				depth--;
			} else if (str_eq_cstr(t.name, "raw")) {
				str_t body;
				if (!liquid_lexer_skip_block(&p->lx, "endraw", NULL, &body, NULL))
					return fail(p, "'comment' tag was never closed");
			}
			break;
		default:
			break;
		}
	}
	return true;
}

static bool tag_inline_comment(parser_t *p, str_t markup)
{
	/* every line of a multi-line inline comment must start with `#` */
	for (size_t i = 0; i < markup.n; i++) {
		if (markup.p[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < markup.n && liquid_is_space(markup.p[j]))
			j++;
		if (j < markup.n && markup.p[j] != '#')
			return fail(p, "every line of an inline comment must start with '#'");
	}
	return true;
}

/* ---- include and render ---- */

static bool parse_shopify_args(parser_t *p, liquid_mp_t *mp, liquid_include_t *inc)
{
	const liquid_mtok_t *t = liquid_mp_peek(mp, 0);
	if (t->kind == LIQUID_MT_ID && (str_eq_cstr(t->s, "with") || str_eq_cstr(t->s, "for")) &&
	    liquid_mp_peek(mp, 1)->kind != LIQUID_MT_COLON) {
		inc->is_for = str_eq_cstr(t->s, "for");
		liquid_mp_advance(mp);
		inc->with = liquid_parse_expr(mp);
		if (liquid_mp_accept_id(mp, "as")) {
			t = liquid_mp_peek(mp, 0);
			if (t->kind == LIQUID_MT_ID) {
				inc->alias = arena_str(p->a, t->s);
				liquid_mp_advance(mp);
			} else {
				liquid_mp_expect(mp, LIQUID_MT_ID, "a name after 'as'");
			}
		}
	}
	pvec_t keys = { 0 }, vals = { 0 };
	while (!mp->err) {
		liquid_mp_accept(mp, LIQUID_MT_COMMA);
		t = liquid_mp_peek(mp, 0);
		if (t->kind == LIQUID_MT_END)
			break;
		if (t->kind != LIQUID_MT_ID || liquid_mp_peek(mp, 1)->kind != LIQUID_MT_COLON) {
			liquid_mp_expect(mp, LIQUID_MT_END, "'key: value'");
			break;
		}
		str_t *k = ARENA_NEW(p->a, str_t);
		*k = arena_str(p->a, t->s);
		liquid_mp_advance(mp);
		liquid_mp_advance(mp);
		liquid_expr_t *v = liquid_parse_expr(mp);
		pvec_push(p->a, &keys, k);
		pvec_push(p->a, &vals, v);
	}
	inc->nkeys = keys.n;
	inc->keys = ARENA_ARRAY(p->a, str_t, keys.n ? keys.n : 1);
	for (uint32_t i = 0; i < keys.n; i++)
		inc->keys[i] = *(str_t *)keys.v[i];
	inc->vals = (liquid_expr_t **)vals.v;
	return liquid_mp_end(mp);
}

/* Jekyll: `key=value key2="text"`, read back as include.key. */
static bool parse_jekyll_args(parser_t *p, liquid_mp_t *mp, liquid_include_t *inc)
{
	pvec_t keys = { 0 }, vals = { 0 };
	inc->jekyll = true;
	while (!mp->err && liquid_mp_peek(mp, 0)->kind != LIQUID_MT_END) {
		const liquid_mtok_t *t = liquid_mp_peek(mp, 0);
		if (t->kind != LIQUID_MT_ID) {
			liquid_mp_expect(mp, LIQUID_MT_ID, "'key=value'");
			break;
		}
		str_t *k = ARENA_NEW(p->a, str_t);
		*k = arena_str(p->a, t->s);
		liquid_mp_advance(mp);
		if (!liquid_mp_expect(mp, LIQUID_MT_EQUALS, "'='"))
			break;
		liquid_expr_t *v = liquid_parse_expr(mp);
		pvec_push(p->a, &keys, k);
		pvec_push(p->a, &vals, v);
	}
	inc->nkeys = keys.n;
	inc->keys = ARENA_ARRAY(p->a, str_t, keys.n ? keys.n : 1);
	for (uint32_t i = 0; i < keys.n; i++)
		inc->keys[i] = *(str_t *)keys.v[i];
	inc->vals = (liquid_expr_t **)vals.v;
	return liquid_mp_end(mp);
}

static bool looks_jekyll(str_t rest)
{
	size_t i = 0;
	while (i < rest.n && is_name_char((unsigned char)rest.p[i]))
		i++;
	if (i == 0)
		return false;
	while (i < rest.n && liquid_is_space(rest.p[i]))
		i++;
	return i < rest.n && rest.p[i] == '=' && (i + 1 >= rest.n || rest.p[i + 1] != '=');
}

static liquid_template_t *parse_sub(parser_t *p, str_t src);

/* The name of an include: 'quoted', a variable, a Jekyll file name
 * (`header.html`, `dir/x.html`) or a Jekyll `{{ var }}.html`. */
static bool include_name(parser_t *p, str_t markup, liquid_include_t *inc, str_t *rest)
{
	const char *s = markup.p;
	size_t n = markup.n, i = 0;
	if (n && (s[0] == '\'' || s[0] == '"')) {
		const char *q = memchr(s + 1, s[0], n - 1);
		if (!q)
			return fail(p, "unterminated string in 'include' tag");
		i = (size_t)(q - s) + 1;
		liquid_expr_t *e = ARENA_NEW(p->a, liquid_expr_t);
		e->kind = LIQUID_EXPR_LITERAL;
		e->lit = value_new_string(p->a, s + 1, i - 2);
		inc->name_expr = e;
		*rest = str_from(s + i, n - i);
		return true;
	}
	bool braces = false;
	while (i < n && !liquid_is_space(s[i]) && s[i] != ',') {
		if (i + 1 < n && s[i] == '{' && s[i + 1] == '{') {
			const char *close = memmem(s + i, n - i, "}}", 2);
			if (!close)
				return fail(p, "'{{' was never closed in 'include' tag");
			i = (size_t)(close - s) + 2;
			braces = true;
			continue;
		}
		i++;
	}
	str_t word = str_from(s, i);
	*rest = str_from(s + i, n - i);
	if (word.n == 0)
		return fail(p, "expected a template name in 'include' tag");
	if (braces) {
		inc->name_tpl = parse_sub(p, word);
		return inc->name_tpl != NULL;
	}
	bool plain = true;
	for (size_t k = 0; k < word.n; k++)
		if (word.p[k] == '.' || word.p[k] == '/')
			plain = false;
	if (!plain) {
		liquid_expr_t *e = ARENA_NEW(p->a, liquid_expr_t);
		e->kind = LIQUID_EXPR_LITERAL;
		e->lit = value_new_string(p->a, word.p, word.n);
		inc->name_expr = e;
		return true;
	}
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, word);
	inc->name_expr = liquid_parse_expr(&mp);
	liquid_mp_end(&mp);
	inc->name_fallback = arena_str(p->a, word);
	return mp_check(p, &mp, "'include' tag");
}

static bool tag_include(parser_t *p, str_t markup)
{
	liquid_node_t *n = new_node(p, LIQUID_NODE_INCLUDE);
	str_t rest;
	if (!include_name(p, markup, &n->inc, &rest))
		return false;
	rest = liquid_trim(rest);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, rest);
	if (looks_jekyll(rest))
		parse_jekyll_args(p, &mp, &n->inc);
	else
		parse_shopify_args(p, &mp, &n->inc);
	if (!mp_check(p, &mp, "'include' tag"))
		return false;
	add_node(p, n);
	return true;
}

static bool tag_render(parser_t *p, str_t markup)
{
	liquid_node_t *n = new_node(p, LIQUID_NODE_RENDER);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	const liquid_mtok_t *t = liquid_mp_peek(&mp, 0);
	if (t->kind != LIQUID_MT_STRING)
		return fail(p, "expected a quoted template name in 'render' tag");
	liquid_expr_t *e = ARENA_NEW(p->a, liquid_expr_t);
	e->kind = LIQUID_EXPR_LITERAL;
	e->lit = value_new_string(p->a, t->s.p, t->s.n);
	n->inc.name_expr = e;
	liquid_mp_advance(&mp);
	parse_shopify_args(p, &mp, &n->inc);
	if (!mp_check(p, &mp, "'render' tag"))
		return false;
	add_node(p, n);
	return true;
}

static bool tag_liquid(parser_t *p, str_t markup);

static const struct {
	const char *name;
	tag_fn fn;
} tags[] = {
	{ "if", tag_if },
	{ "unless", tag_unless },
	{ "case", tag_case },
	{ "for", tag_for },
	{ "tablerow", tag_tablerow },
	{ "capture", tag_capture },
	{ "ifchanged", tag_ifchanged },
	{ "assign", tag_assign },
	{ "increment", tag_increment },
	{ "decrement", tag_decrement },
	{ "cycle", tag_cycle },
	{ "echo", tag_echo },
	{ "include", tag_include },
	{ "render", tag_render },
	{ "break", tag_break },
	{ "continue", tag_continue },
	{ "raw", tag_raw },
	{ "comment", tag_comment },
	{ "doc", tag_doc },
	{ "#", tag_inline_comment },
	{ "liquid", tag_liquid },
};

/* ---- intermediate and end tags ---- */

static bool tag_else_like(parser_t *p, frame_t *f, str_t name, str_t markup)
{
	bool is_else = str_eq_cstr(name, "else");
	switch (f->kind) {
	case BLK_IF:
	case BLK_UNLESS: {
		liquid_cond_t *c = NULL;
		if (!is_else) {
			liquid_mp_t mp;
			liquid_mp_init(&mp, p->a, markup);
			c = liquid_parse_cond(&mp);
			liquid_mp_end(&mp);
			if (!mp_check(p, &mp, "'elsif' tag"))
				return false;
		}
		end_part(p, f);
		liquid_branch_t *b = ARENA_NEW(p->a, liquid_branch_t);
		b->cond = c;
		pvec_push(p->a, &f->parts, b);
		return true;
	}
	case BLK_CASE: {
		end_part(p, f);
		f->discard = false;
		f->group = f->parts.n;
		if (is_else) {
			liquid_when_t *w = ARENA_NEW(p->a, liquid_when_t);
			w->is_else = true;
			pvec_push(p->a, &f->parts, w);
			return true;
		}
		liquid_mp_t mp;
		liquid_mp_init(&mp, p->a, markup);
		do {
			liquid_when_t *w = ARENA_NEW(p->a, liquid_when_t);
			w->value = liquid_parse_expr(&mp);
			pvec_push(p->a, &f->parts, w);
		} while (liquid_mp_accept(&mp, LIQUID_MT_COMMA) || liquid_mp_accept_id(&mp, "or"));
		liquid_mp_end(&mp);
		return mp_check(p, &mp, "'when' tag");
	}
	case BLK_FOR:
		end_part(p, f);
		f->in_else = true;
		return true;
	default:
		return fail(p, "'%s' tag does not take '%.*s'", blk_names[f->kind], (int)name.n,
			    name.p);
	}
}

static bool is_mid_tag(str_t name)
{
	return str_eq_cstr(name, "else") || str_eq_cstr(name, "elsif") || str_eq_cstr(name, "when");
}

static bool mid_tag(parser_t *p, str_t name, str_t markup)
{
	frame_t *f = top_frame(p);
	if (!f)
		return fail(p, "unexpected '%.*s'", (int)name.n, name.p);
	bool ok = str_eq_cstr(name, "else") ||
		  (str_eq_cstr(name, "elsif") && (f->kind == BLK_IF || f->kind == BLK_UNLESS)) ||
		  (str_eq_cstr(name, "when") && f->kind == BLK_CASE);
	if (!ok)
		return fail(p, "'%s' tag does not take '%.*s'", blk_names[f->kind], (int)name.n,
			    name.p);
	return tag_else_like(p, f, name, markup);
}

static bool end_tag(parser_t *p, str_t name)
{
	frame_t *f = top_frame(p);
	str_t want = str_from(name.p + 3, name.n - 3);
	if (!f)
		return fail(p, "unexpected '%.*s'", (int)name.n, name.p);
	if (!str_eq_cstr(want, blk_names[f->kind]))
		return fail(p, "unexpected '%.*s' (the '%s' tag at %d:%d is still open)",
			    (int)name.n, name.p, blk_names[f->kind], f->line, f->col);
	close_frame(p);
	return true;
}

static bool handle_tag(parser_t *p, str_t name, str_t markup)
{
	if (name.n == 0)
		return fail(p, "malformed tag: expected a tag name after '{%%'");
	if (is_mid_tag(name))
		return mid_tag(p, name, markup);
	for (size_t i = 0; i < ARRAY_LEN(tags); i++)
		if (str_eq_cstr(name, tags[i].name))
			return tags[i].fn(p, markup);
	if (str_starts_with(name, "end") && name.n > 3)
		return end_tag(p, name);
	return fail(p, "unknown tag '%.*s'", (int)name.n, name.p);
}

/* ---- {% liquid %}: one tag per line ---- */

static str_t next_line(str_t *rest)
{
	const char *nl = memchr(rest->p, '\n', rest->n);
	size_t n = nl ? (size_t)(nl - rest->p) : rest->n;
	str_t line = str_from(rest->p, n);
	size_t skip = nl ? n + 1 : n;
	rest->p += skip;
	rest->n -= skip;
	return line;
}

static void split_tag_line(str_t line, str_t *name, str_t *markup)
{
	size_t i = 0;
	if (line.n && line.p[0] == '#') {
		i = 1;
	} else {
		while (i < line.n && is_name_char((unsigned char)line.p[i]) && line.p[i] != '-')
			i++;
	}
	*name = str_from(line.p, i);
	*markup = liquid_trim(str_from(line.p + i, line.n - i));
}

static bool tag_liquid(parser_t *p, str_t markup)
{
	if (p->liquid_depth >= MAX_LIQUID_DEPTH)
		return fail(p, "'liquid' tags nested too deep");
	size_t saved_barrier = p->barrier;
	int tag_line = p->line, tag_col = p->col;
	p->barrier = p->n;
	p->liquid_depth++;
	str_t rest = markup;
	int comment_depth = 0;
	bool ok = true;
	while (ok && rest.n) {
		str_t line = liquid_trim(next_line(&rest));
		if (line.n == 0)
			continue;
		str_t name, args;
		split_tag_line(line, &name, &args);
		set_pos(p, line.p);
		if (comment_depth) {
			if (str_eq_cstr(name, "comment"))
				comment_depth++;
			else if (str_eq_cstr(name, "endcomment"))
				comment_depth--;
			continue;
		}
		if (str_eq_cstr(name, "comment")) {
			comment_depth = 1;
			continue;
		}
		ok = handle_tag(p, name, args);
	}
	p->line = tag_line;
	p->col = tag_col;
	if (ok && comment_depth)
		ok = fail(p, "'comment' tag was never closed");
	if (ok && p->n > p->barrier) {
		frame_t *f = &p->stack[p->n - 1];
		p->line = f->line;
		p->col = f->col;
		ok = fail(p, "'%s' tag was never closed", blk_names[f->kind]);
	}
	p->liquid_depth--;
	p->barrier = saved_barrier;
	return ok;
}

/* ---- the main loop ---- */

static bool parse_output(parser_t *p, str_t markup)
{
	liquid_node_t *n = new_node(p, LIQUID_NODE_OUTPUT);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_parse_filtered(&mp, &n->out);
	liquid_mp_end(&mp);
	if (!mp_check(p, &mp, "output"))
		return false;
	add_node(p, n);
	return true;
}

static bool parse_tokens(parser_t *p)
{
	liquid_tok_t t;
	for (;;) {
		liquid_lexer_next(&p->lx, &t);
		set_pos(p, p->src.p + t.start);
		switch (t.kind) {
		case LIQUID_TOK_EOF:
			if (p->n) {
				frame_t *f = &p->stack[p->n - 1];
				p->line = f->line;
				p->col = f->col;
				return fail(p, "'%s' tag was never closed", blk_names[f->kind]);
			}
			return true;
		case LIQUID_TOK_ERROR:
			return fail(p, p->src.p[t.start + 1] == '{' ? "'{{' was never closed"
								   : "'{%%' was never closed");
		case LIQUID_TOK_TEXT: {
			liquid_node_t *n = new_node(p, LIQUID_NODE_TEXT);
			n->text = t.text;
			n->blank = text_blank(t.text);
			add_node(p, n);
			break;
		}
		case LIQUID_TOK_OUTPUT:
			if (!parse_output(p, t.text))
				return false;
			break;
		case LIQUID_TOK_TAG:
			if (!handle_tag(p, t.name, t.markup))
				return false;
			break;
		}
	}
}

static void parser_init(parser_t *p, arena_t *a, const char *file, str_t src, int first_line,
			diag_list_t *d)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->file = file;
	p->first_line = first_line;
	p->d = d;
	p->src = src;
	liquid_lexer_init(&p->lx, src);
}

static liquid_template_t *parser_finish(parser_t *p, bool ok)
{
	free(p->stack);
	if (!ok)
		return NULL;
	liquid_template_t *t = ARENA_NEW(p->a, liquid_template_t);
	t->file = p->file;
	t->body = make_body(&p->top);
	return t;
}

/* A template inside a tag (Jekyll's `{% include {{ name }}.html %}`):
 * errors point at the tag. */
static liquid_template_t *parse_sub(parser_t *p, str_t src)
{
	parser_t sub;
	parser_init(&sub, p->a, p->file, src, 1, p->d);
	sub.fixed_line = p->line;
	sub.fixed_col = p->col;
	liquid_template_t *t = parser_finish(&sub, parse_tokens(&sub));
	if (!t)
		p->failed = true;
	return t;
}

liquid_template_t *liquid_parse_template(arena_t *a, const char *file, str_t src, int first_line,
					 diag_list_t *d)
{
	parser_t p;
	/* the tree points into the source: keep a copy as long as the tree */
	str_t copy = arena_str(a, src);
	parser_init(&p, a, file ? arena_strdup(a, file) : NULL, copy,
		    first_line > 0 ? first_line : 1, d);
	return parser_finish(&p, parse_tokens(&p));
}
