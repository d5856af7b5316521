/* tags.c - the markup of each tag: a table of { name, parse function }.
 *
 * Block tags open a frame (parser.c closes it at the end tag); the others
 * add one node. Adding a tag is one function and one table row. */
#include <stdio.h>
#include <string.h>

#include "../util.h"
#include "parser_int.h"

/* ---- tags ---- */

static bool tag_if_common(parser_t *p, str_t markup, blk_kind_t kind)
{
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_cond_t *c = liquid_parse_cond(&mp);
	liquid_mp_end(&mp);
	if (!liquid_parser_check(p, &mp, kind == BLK_IF ? "'if' tag" : "'unless' tag"))
		return false;
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_IF);
	n->cond.negate_first = kind == BLK_UNLESS;
	frame_t *f = liquid_parser_push(p, kind, n);
	if (!f)
		return false;
	liquid_branch_t *b = ARENA_NEW(p->a, liquid_branch_t);
	b->cond = c;
	liquid_pvec_push(p->a, &f->parts, b);
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
	if (!liquid_parser_check(p, &mp, "'case' tag"))
		return false;
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_CASE);
	n->kase.subject = e;
	frame_t *f = liquid_parser_push(p, BLK_CASE, n);
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
		return liquid_parser_check(p, &mp, what);
	}
	lp->var = arena_str(p->a, t->s);
	liquid_mp_advance(&mp);
	if (!liquid_mp_accept_id(&mp, "in")) {
		liquid_mp_fail(&mp, "expected 'in'");
		return liquid_parser_check(p, &mp, what);
	}
	size_t start = liquid_mp_peek(&mp, 0)->start;
	lp->coll = liquid_parse_expr(&mp);
	if (!lp->coll)
		return liquid_parser_check(p, &mp, what);
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
	return liquid_parser_check(p, &mp, what);
}

static bool tag_loop(parser_t *p, str_t markup, bool tablerow)
{
	liquid_node_t *n = liquid_parser_node(p, tablerow ? LIQUID_NODE_TABLEROW : LIQUID_NODE_FOR);
	if (!parse_loop(p, markup, tablerow, &n->loop))
		return false;
	return liquid_parser_push(p, tablerow ? BLK_TABLEROW : BLK_FOR, n) != NULL;
}

static bool tag_for(parser_t *p, str_t markup)
{
	return tag_loop(p, markup, false);
}

static bool tag_tablerow(parser_t *p, str_t markup)
{
	return tag_loop(p, markup, true);
}

/* A variable name for assign/capture/increment: word characters and
 * hyphens (Ruby also takes `123` and `-x`; using them fails later). */
static bool valid_name(str_t s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!liquid_is_name_char((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool tag_capture(parser_t *p, str_t markup)
{
	str_t name = markup;
	if (name.n >= 2 && (name.p[0] == '\'' || name.p[0] == '"') &&
	    name.p[name.n - 1] == name.p[0])
		name = str_from(name.p + 1, name.n - 2);
	if (!valid_name(name))
		return liquid_parser_fail(p, "invalid variable name '%.*s' in 'capture' tag",
					  (int)markup.n, markup.p);
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_CAPTURE);
	n->capture.var = arena_str(p->a, name);
	return liquid_parser_push(p, BLK_CAPTURE, n) != NULL;
}

static bool tag_ifchanged(parser_t *p, str_t markup)
{
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_IFCHANGED);
	return liquid_parser_push(p, BLK_IFCHANGED, n) != NULL;
}

static bool tag_assign(parser_t *p, str_t markup)
{
	const char *eq = memchr(markup.p, '=', markup.n);
	if (!eq)
		return liquid_parser_fail(p, "expected 'name = value' in 'assign' tag");
	str_t name = liquid_trim(str_from(markup.p, (size_t)(eq - markup.p)));
	if (!valid_name(name))
		return liquid_parser_fail(p, "invalid variable name '%.*s' in 'assign' tag",
					  (int)name.n, name.p);
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_ASSIGN);
	n->blank = true;
	n->assign.var = arena_str(p->a, name);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, str_from(eq + 1, markup.n - (size_t)(eq + 1 - markup.p)));
	if (liquid_mp_peek(&mp, 0)->kind == LIQUID_MT_END)
		liquid_mp_fail(&mp, "expected a value");
	liquid_parse_filtered(&mp, &n->assign.val);
	liquid_mp_end(&mp);
	if (!liquid_parser_check(p, &mp, "'assign' tag"))
		return false;
	liquid_parser_add(p, n);
	return true;
}

static bool tag_counter(parser_t *p, str_t markup, liquid_node_kind_t kind)
{
	if (!valid_name(markup))
		return liquid_parser_fail(p, "invalid counter name '%.*s'", (int)markup.n,
					  markup.p);
	liquid_node_t *n = liquid_parser_node(p, kind);
	n->counter = arena_str(p->a, markup);
	liquid_parser_add(p, n);
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
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_CYCLE);
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
		liquid_pvec_push(p->a, &items, first);
	while (!mp.err && liquid_mp_accept(&mp, LIQUID_MT_COMMA)) {
		liquid_expr_t *e = liquid_parse_expr(&mp);
		if (e)
			liquid_pvec_push(p->a, &items, e);
	}
	liquid_mp_end(&mp);
	if (!liquid_parser_check(p, &mp, "'cycle' tag"))
		return false;
	n->cycle.items = (liquid_expr_t **)items.v;
	n->cycle.n = items.n;
	n->cycle.key = liquid_mp_canon(&mp, items_start, markup.n);
	liquid_parser_add(p, n);
	return true;
}

static bool tag_echo(parser_t *p, str_t markup)
{
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_OUTPUT);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	liquid_parse_filtered(&mp, &n->out);
	liquid_mp_end(&mp);
	if (!liquid_parser_check(p, &mp, "'echo' tag"))
		return false;
	liquid_parser_add(p, n);
	return true;
}

static bool tag_simple(parser_t *p, liquid_node_kind_t kind)
{
	liquid_parser_add(p, liquid_parser_node(p, kind));
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
		return liquid_parser_fail(p, "'raw' cannot be used in a 'liquid' tag");
	if (!liquid_lexer_skip_block(&p->lx, "endraw", NULL, &body, NULL))
		return liquid_parser_fail(p, "'raw' tag was never closed");
	if (body.n) {
		liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_TEXT);
		n->text = body;
		n->raw = true;
		liquid_parser_add(p, n);
	}
	return true;
}

static bool tag_doc(parser_t *p, str_t markup)
{
	str_t body;
	bool nested;
	if (markup.n)
		return liquid_parser_fail(p, "'doc' tag takes no arguments");
	if (p->liquid_depth)
		return liquid_parser_fail(p, "'doc' cannot be used in a 'liquid' tag");
	if (!liquid_lexer_skip_block(&p->lx, "enddoc", "doc", &body, &nested))
		return liquid_parser_fail(p, nested ? "'doc' tags cannot be nested"
						    : "'doc' tag was never closed");
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
			return liquid_parser_fail(p, "'comment' tag was never closed");
		case LIQUID_TOK_TAG:
			if (str_eq_cstr(t.name, "comment")) {
				depth++;
			} else if (str_eq_cstr(t.name, "endcomment")) {
				depth--;
			} else if (str_eq_cstr(t.name, "raw")) {
				str_t body;
				if (!liquid_lexer_skip_block(&p->lx, "endraw", NULL, &body, NULL))
					return liquid_parser_fail(p,
								  "'comment' tag was never closed");
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
			return liquid_parser_fail(
				p, "every line of an inline comment must start with '#'");
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
		liquid_pvec_push(p->a, &keys, k);
		liquid_pvec_push(p->a, &vals, v);
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
		liquid_pvec_push(p->a, &keys, k);
		liquid_pvec_push(p->a, &vals, v);
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
	while (i < rest.n && liquid_is_name_char((unsigned char)rest.p[i]))
		i++;
	if (i == 0)
		return false;
	while (i < rest.n && liquid_is_space(rest.p[i]))
		i++;
	return i < rest.n && rest.p[i] == '=' && (i + 1 >= rest.n || rest.p[i + 1] != '=');
}

/* The name of an include: 'quoted', a variable, a Jekyll file name
 * (`header.html`, `dir/x.html`) or a Jekyll `{{ var }}.html`. */
static bool include_name(parser_t *p, str_t markup, liquid_include_t *inc, str_t *rest)
{
	const char *s = markup.p;
	size_t n = markup.n, i = 0;
	if (n && (s[0] == '\'' || s[0] == '"')) {
		const char *q = memchr(s + 1, s[0], n - 1);
		if (!q)
			return liquid_parser_fail(p, "unterminated string in 'include' tag");
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
				return liquid_parser_fail(p,
							  "'{{' was never closed in 'include' tag");
			i = (size_t)(close - s) + 2;
			braces = true;
			continue;
		}
		i++;
	}
	str_t word = str_from(s, i);
	*rest = str_from(s + i, n - i);
	if (word.n == 0)
		return liquid_parser_fail(p, "expected a template name in 'include' tag");
	if (braces) {
		inc->name_tpl = liquid_parser_sub(p, word);
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
	return liquid_parser_check(p, &mp, "'include' tag");
}

static bool tag_include(parser_t *p, str_t markup)
{
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_INCLUDE);
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
	if (!liquid_parser_check(p, &mp, "'include' tag"))
		return false;
	liquid_parser_add(p, n);
	return true;
}

static bool tag_render(parser_t *p, str_t markup)
{
	liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_RENDER);
	liquid_mp_t mp;
	liquid_mp_init(&mp, p->a, markup);
	const liquid_mtok_t *t = liquid_mp_peek(&mp, 0);
	if (t->kind != LIQUID_MT_STRING)
		return liquid_parser_fail(p, "expected a quoted template name in 'render' tag");
	liquid_expr_t *e = ARENA_NEW(p->a, liquid_expr_t);
	e->kind = LIQUID_EXPR_LITERAL;
	e->lit = value_new_string(p->a, t->s.p, t->s.n);
	n->inc.name_expr = e;
	liquid_mp_advance(&mp);
	parse_shopify_args(p, &mp, &n->inc);
	if (!liquid_parser_check(p, &mp, "'render' tag"))
		return false;
	liquid_parser_add(p, n);
	return true;
}

static const struct {
	const char *name;
	liquid_tag_fn fn;
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
	{ "liquid", liquid_tag_liquid },
};

/* Tags the program adds: their text goes to a filter. */
static struct {
	const char *name;
	liquid_filter_fn fn;
} text_tags[16];
static size_t ntext_tags;

void liquid_register_text_tag(const char *name, liquid_filter_fn fn)
{
	for (size_t i = 0; i < ntext_tags; i++)
		if (strcmp(text_tags[i].name, name) == 0) {
			text_tags[i].fn = fn;
			return;
		}
	if (ntext_tags == ARRAY_LEN(text_tags))
		die("too many text tags");
	text_tags[ntext_tags].name = name;
	text_tags[ntext_tags++].fn = fn;
}

static str_t trim(str_t s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\n' || s.p[0] == '\r'))
		s.p++, s.n--;
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

/* {% NAME text %}: an output node, the text as a string literal through
 * the tag's filter. */
bool liquid_text_tag(parser_t *p, str_t name, str_t markup)
{
	for (size_t i = 0; i < ntext_tags; i++) {
		if (!str_eq_cstr(name, text_tags[i].name))
			continue;
		liquid_node_t *n = liquid_parser_node(p, LIQUID_NODE_OUTPUT);
		str_t text = trim(markup);
		n->out.expr = arena_alloc(p->a, sizeof(liquid_expr_t));
		n->out.expr->kind = LIQUID_EXPR_LITERAL;
		n->out.expr->lit = value_new_string(p->a, text.p, text.n);
		n->out.filters = arena_alloc(p->a, sizeof(liquid_filter_call_t));
		n->out.filters[0].fn = text_tags[i].fn;
		n->out.filters[0].name = arena_str(p->a, name);
		n->out.nfilters = 1;
		liquid_parser_add(p, n);
		return true;
	}
	return false;
}

liquid_tag_fn liquid_tag_find(str_t name)
{
	for (size_t i = 0; i < ARRAY_LEN(tags); i++)
		if (str_eq_cstr(name, tags[i].name))
			return tags[i].fn;
	return NULL;
}
