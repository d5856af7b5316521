/* parser.c - tokens to tree: the block structure.
 *
 * The parser is a loop over the lexer's tokens with an explicit stack of
 * open blocks (no recursion), so that a template nesting 100,000 `if`s
 * gets an error instead of exhausting the C stack. Tags are a table of
 * { name, parse function } in tags.c. */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "parser_int.h"

/* Ruby Liquid stops at 100 nested blocks too; the renderer relies on the
 * bound for its recursion. */
#define MAX_NESTING 100
#define MAX_LIQUID_DEPTH 20

static const char *const blk_names[] = { "if", "unless", "case", "for", "tablerow",
					 "capture", "ifchanged" };

void liquid_pvec_push(arena_t *a, pvec_t *pv, void *x)
{
	if (pv->n == pv->cap) {
		uint32_t cap = pv->cap ? pv->cap * 2 : 8;
		pv->v = arena_realloc(a, pv->v, pv->n * sizeof(void *), cap * sizeof(void *));
		pv->cap = cap;
	}
	pv->v[pv->n++] = x;
}

bool liquid_parser_fail(parser_t *p, const char *fmt, ...)
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

liquid_node_t *liquid_parser_node(parser_t *p, liquid_node_kind_t kind)
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

void liquid_parser_add(parser_t *p, liquid_node_t *n)
{
	liquid_pvec_push(p->a, cur_body(p), n);
}

static liquid_body_t make_body(pvec_t *pv)
{
	liquid_body_t b = { (liquid_node_t **)pv->v, pv->n };
	memset(pv, 0, sizeof *pv);
	return b;
}

/* Parses markup with a markup parser, reporting its error in `what`. */
bool liquid_parser_check(parser_t *p, liquid_mp_t *mp, const char *what)
{
	if (!mp->err)
		return true;
	return liquid_parser_fail(p, "%s in %s", mp->err, what);
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

frame_t *liquid_parser_push(parser_t *p, blk_kind_t kind, liquid_node_t *node)
{
	if (p->n >= MAX_NESTING) {
		liquid_parser_fail(p, "blocks nested too deep (limit %d)", MAX_NESTING);
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
	liquid_parser_add(p, n);
}

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
			if (!liquid_parser_check(p, &mp, "'elsif' tag"))
				return false;
		}
		end_part(p, f);
		liquid_branch_t *b = ARENA_NEW(p->a, liquid_branch_t);
		b->cond = c;
		liquid_pvec_push(p->a, &f->parts, b);
		return true;
	}
	case BLK_CASE: {
		end_part(p, f);
		f->discard = false;
		f->group = f->parts.n;
		if (is_else) {
			liquid_when_t *w = ARENA_NEW(p->a, liquid_when_t);
			w->is_else = true;
			liquid_pvec_push(p->a, &f->parts, w);
			return true;
		}
		liquid_mp_t mp;
		liquid_mp_init(&mp, p->a, markup);
		do {
			liquid_when_t *w = ARENA_NEW(p->a, liquid_when_t);
			w->value = liquid_parse_expr(&mp);
			liquid_pvec_push(p->a, &f->parts, w);
		} while (liquid_mp_accept(&mp, LIQUID_MT_COMMA) || liquid_mp_accept_id(&mp, "or"));
		liquid_mp_end(&mp);
		return liquid_parser_check(p, &mp, "'when' tag");
	}
	case BLK_FOR:
		end_part(p, f);
		f->in_else = true;
		return true;
	default:
		return liquid_parser_fail(p, "'%s' tag does not take '%.*s'", blk_names[f->kind],
					  (int)name.n, name.p);
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
		return liquid_parser_fail(p, "unexpected '%.*s'", (int)name.n, name.p);
	bool ok = str_eq_cstr(name, "else") ||
		  (str_eq_cstr(name, "elsif") && (f->kind == BLK_IF || f->kind == BLK_UNLESS)) ||
		  (str_eq_cstr(name, "when") && f->kind == BLK_CASE);
	if (!ok)
		return liquid_parser_fail(p, "'%s' tag does not take '%.*s'", blk_names[f->kind],
					  (int)name.n, name.p);
	return tag_else_like(p, f, name, markup);
}

static bool end_tag(parser_t *p, str_t name)
{
	frame_t *f = top_frame(p);
	str_t want = str_from(name.p + 3, name.n - 3);
	if (!f)
		return liquid_parser_fail(p, "unexpected '%.*s'", (int)name.n, name.p);
	if (!str_eq_cstr(want, blk_names[f->kind]))
		return liquid_parser_fail(p,
					  "unexpected '%.*s' (the '%s' tag at %d:%d is still open)",
					  (int)name.n, name.p, blk_names[f->kind], f->line, f->col);
	close_frame(p);
	return true;
}

static bool handle_tag(parser_t *p, str_t name, str_t markup)
{
	if (name.n == 0)
		return liquid_parser_fail(p, "malformed tag: expected a tag name after '{%%'");
	if (is_mid_tag(name))
		return mid_tag(p, name, markup);
	liquid_tag_fn fn = liquid_tag_find(name);
	if (fn)
		return fn(p, markup);
	if (str_starts_with(name, "end") && name.n > 3)
		return end_tag(p, name);
	if (liquid_text_tag(p, name, markup))
		return true;
	return liquid_parser_fail(p, "unknown tag '%.*s'%s", (int)name.n, name.p, liquid_unknown_hint());
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
		while (i < line.n && liquid_is_name_char((unsigned char)line.p[i]) &&
		       line.p[i] != '-')
			i++;
	}
	*name = str_from(line.p, i);
	*markup = liquid_trim(str_from(line.p + i, line.n - i));
}

bool liquid_tag_liquid(parser_t *p, str_t markup)
{
	if (p->liquid_depth >= MAX_LIQUID_DEPTH)
		return liquid_parser_fail(p, "'liquid' tags nested too deep");
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
		ok = liquid_parser_fail(p, "'comment' tag was never closed");
	if (ok && p->n > p->barrier) {
		frame_t *f = &p->stack[p->n - 1];
		p->line = f->line;
		p->col = f->col;
		ok = liquid_parser_fail(p, "'%s' tag was never closed", blk_names[f->kind]);
	}
	p->liquid_depth--;
	p->barrier = saved_barrier;
	return ok;
}

/* ---- the main loop ---- */

static bool parse_output(parser_t *p, str_t markup)
{
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_OUTPUT);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_parse_filtered(&mp, &n->out);
	liquid_mp_end(&mp);
	if (!liquid_parser_check(p, &mp, "output"))
		return false;
	liquid_parser_add(p, n);
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
				return liquid_parser_fail(p, "'%s' tag was never closed",
							  blk_names[f->kind]);
			}
			return true;
		case LIQUID_TOK_ERROR:
			return liquid_parser_fail(p, p->src.p[t.start + 1] == '{'
							     ? "'{{' was never closed"
							     : "'{%%' was never closed");
		case LIQUID_TOK_TEXT: {
			liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_TEXT);
			n->text = t.text;
			n->blank = text_blank(t.text);
			liquid_parser_add(p, n);
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
	t->src = p->src;
	t->body = make_body(&p->top);
	return t;
}

/* A template inside a tag (Jekyll's `{% include {{ name }}.html %}`):
 * errors point at the tag. */
liquid_template_t *liquid_parser_sub(parser_t *p, str_t src)
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
