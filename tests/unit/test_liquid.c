#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include "json.h"
#include "liquid/liquid.h"

/* ---- a small harness: globals from JSON, partials from a table ---- */

typedef struct {
	const char *name;
	const char *src;
} partial_src_t;

typedef struct {
	arena_t *a;
	diag_list_t *d;
	const partial_src_t *srcs;
} fake_host_t;

static const liquid_template_t *fake_load(void *ud, str_t name, bool is_render)
{
	fake_host_t *h = ud;
	for (const partial_src_t *p = h->srcs; p && p->name; p++)
		if (str_eq_cstr(name, p->name))
			return liquid_parse(h->a, p->name, str_cstr(p->src), 1, h->d);
	return NULL;
}

typedef struct {
	const char *data;             /* JSON globals, or NULL */
	const partial_src_t *partials;
	liquid_limits_t limits;
	bool strict;
	int first_line;
} opts_t;

/* Parses and renders; returns the output (static buffer) or "ERR:<first
 * diagnostic>" on failure. */
static char result[8192];

static const char *run_opts(const char *tpl, const opts_t *op)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	fake_host_t fh = { a, &d, op->partials };
	liquid_host_t host = { .ud = &fh, .load_partial = fake_load };
	value_t *globals = op->data ? json_parse(a, "data", str_cstr(op->data), &d)
				    : value_new_hash(a, 0);
	assert_non_null(globals);
	buf_t out = BUF_INIT;
	liquid_template_t *t = liquid_parse(a, "t.html", str_cstr(tpl),
					    op->first_line ? op->first_line : 1, &d);
	int rc = -1;
	if (t) {
		liquid_render_opts_t o = { .globals = globals, .host = &host, .arena = a,
					   .diags = &d, .limits = op->limits,
					   .strict_variables = op->strict };
		rc = liquid_render(t, &o, &out);
	}
	if (rc == 0) {
		assert_int_equal(d.errors, 0);
		snprintf(result, sizeof result, "%s", buf_cstr(&out));
	} else {
		assert_true(d.errors > 0);
		buf_t m = BUF_INIT;
		diag_format(&d.items[0], &m, false);
		snprintf(result, sizeof result, "ERR:%s", buf_cstr(&m));
		buf_free(&m);
	}
	buf_free(&out);
	diag_free(&d);
	arena_free(a);
	return result;
}

static const char *run(const char *tpl, const char *data)
{
	opts_t op = { .data = data };
	return run_opts(tpl, &op);
}

#define EXPECT(tpl, data, want) assert_string_equal(run((tpl), (data)), (want))

/* test filters (the real ones live in the filters module) */
static value_t *f_up(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv, value_t *kw)
{
	str_t s = value_to_str(liquid_ctx_arena(ctx), in);
	value_t *v = value_new_string(liquid_ctx_arena(ctx), s.p, s.n);
	for (size_t i = 0; i < v->s.n; i++)
		if (v->s.p[i] >= 'a' && v->s.p[i] <= 'z')
			((char *)v->s.p)[i] -= 32;
	return v;
}

static value_t *f_args(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kw)
{
	buf_t b = BUF_INIT;
	value_to_buf(in, &b);
	for (size_t i = 0; i < argc; i++) {
		buf_putc(&b, ',');
		value_to_buf(argv[i], &b);
	}
	for (size_t i = 0; kw && i < kw->h.n; i++) {
		buf_printf(&b, ";%s=", kw->h.entries[i].key.p);
		value_to_buf(kw->h.entries[i].val, &b);
	}
	value_t *v = value_new_string(liquid_ctx_arena(ctx), b.p ? b.p : "", b.n);
	buf_free(&b);
	return v;
}

static value_t *f_fail(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kw)
{
	liquid_ctx_error(ctx, "divided by 0");
	return in;
}

static value_t *f_double(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kw)
{
	buf_t b = BUF_INIT;
	value_to_buf(in, &b);
	value_to_buf(in, &b);
	value_t *v = value_new_string(liquid_ctx_arena(ctx), b.p ? b.p : "", b.n);
	buf_free(&b);
	return v;
}

/* where_exp through liquid_ctx_eval_condition */
static value_t *f_where(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			value_t *kw)
{
	value_t *out = value_new_array(liquid_ctx_arena(ctx), 0);
	for (size_t i = 0; in->kind == VALUE_ARRAY && i < in->a.n; i++) {
		bool ok = true;
		if (liquid_ctx_eval_condition(ctx, argv[0]->s, in->a.items[i], argv[1]->s, &ok))
			value_array_push(liquid_ctx_arena(ctx), out, in->a.items[i]);
		if (!ok) {
			liquid_ctx_error(ctx, "bad condition");
			return in;
		}
	}
	return out;
}

/* what a filter finds one past its arguments (the engine pads with NULL) */
static value_t *f_peek(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv, value_t *kw)
{
	return value_new_cstr(liquid_ctx_arena(ctx), argv[argc] ? "set" : "null");
}

static value_t *f_lookup(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
			 value_t *kw)
{
	value_t *v = liquid_ctx_lookup(ctx, in->s);
	return v ? v : value_new_cstr(liquid_ctx_arena(ctx), "undefined");
}

static int setup(void **state)
{
	liquid_init();
	liquid_register_filter("t_up", f_up);
	liquid_register_filter("t_args", f_args);
	liquid_register_filter("t_fail", f_fail);
	liquid_register_filter("t_double", f_double);
	liquid_register_filter("t_where", f_where);
	liquid_register_filter("t_lookup", f_lookup);
	liquid_register_filter("t_peek", f_peek);
	return 0;
}

/* ---- output and expressions ---- */

static void test_output_literals(void **state)
{
	EXPECT("{{ 'a' }}{{ \"b\" }}{{ 12 }}{{ -3 }}{{ 1.5 }}{{ nil }}{{ null }}{{ true }}", NULL,
	       "ab12-31.5true");
	EXPECT("{{ }}x{{ blank }}{{ empty }}", NULL, "x");
	EXPECT("a {{ '{{' }} b", NULL, "a {{ b");
}

static void test_variable_lookups(void **state)
{
	const char *data = "{\"p\":{\"tags\":[\"a\",\"b\",\"c\"],\"t\":\"x\",\"k e\":1},"
			   "\"i\":1,\"key\":\"t\",\"s\":\"h\xc3\xa9llo\",\"h\":{\"a\":1,\"b\":2},"
			   "\"y\":{\"2017\":\"ok\"}}";
	EXPECT("{{ p.t }}{{ p['t'] }}{{ p[key] }}{{ p.tags[1] }}{{ p.tags[i] }}{{ p.tags[-1] }}",
	       data, "xxxbbc");
	EXPECT("{{ p.tags.size }}{{ p.tags.first }}{{ p.tags.last }}{{ s.size }}{{ h.size }}", data,
	       "3ac52");
	EXPECT("{{ h.first | t_args }}", data, "a1");
	EXPECT("{{ p['k e'] }}{{ ['p'].t }}{{ y[2017] }}", data, "1xok");
	EXPECT("[{{ nope }}{{ p.nope.deeper }}{{ p.tags[9] }}{{ nope[0] }}]", data, "[]");
	EXPECT("{{ p . t }}{{ p\n.t }}", data, "xx");
}

static void test_filters_and_arguments(void **state)
{
	EXPECT("{{ 'a' | t_up }}", NULL, "A");
	EXPECT("{{ 'a' | t_args: 1, 'x', k: 2, j: nil | t_up }}", NULL, "A,1,X;K=2;J=");
	EXPECT("{% assign v = 'b' | t_up %}{{ v }}", NULL, "B");
	EXPECT("{{ (1..3) | t_args }}", NULL, "123");
	EXPECT("{{ x | t_lookup }}", "{\"x\":\"y\",\"y\":42}", "42");
	EXPECT("{{ 1 | t_peek }}{{ 1 | t_peek: k: 1 }}{{ 1 | t_peek: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }}",
	       NULL, "nullnullnull");
}

static void test_conditions(void **state)
{
	EXPECT("{% if 1 == 1.0 %}a{% endif %}{% if 1 == '1' %}b{% endif %}"
	       "{% if 2 > 1 %}c{% endif %}",
	       NULL, "ac");
	EXPECT("{% if 'abc' contains 'b' %}a{% endif %}{% if x contains 2 %}b{% endif %}"
	       "{% if h contains 'k' %}c{% endif %}",
	       "{\"x\":[1,2],\"h\":{\"k\":1}}", "abc");
	/* right to left, no precedence: true and (false and (false or true)) */
	EXPECT("{% if true and false and false or true %}yes{% else %}no{% endif %}", NULL, "no");
	EXPECT("{% if false or true and true %}yes{% endif %}", NULL, "yes");
	EXPECT("{% if a %}1{% elsif b %}2{% else %}3{% endif %}", "{\"b\":1}", "2");
	EXPECT("{% unless a %}1{% else %}2{% endunless %}", NULL, "1");
	EXPECT("{% if x != nil %}a{% endif %}{% if x <> 1 %}b{% endif %}", "{\"x\":2}", "ab");
	EXPECT("{% if '' == blank and x == empty and nil == blank %}ok{% endif %}", "{\"x\":[]}",
	       "ok");
	EXPECT("{% if 'a' < 1 %}x{% endif %}", NULL,
	       "ERR:t.html:1:1: error: cannot compare string with integer");
}

static void test_case_when(void **state)
{
	EXPECT("{% case x %}{% when 1 %}one{% when 2, 3 %}two-three{% else %}other{% endcase %}",
	       "{\"x\":3}", "two-three");
	EXPECT("{% case x %}{% when 'a' or 'b' %}ab{% else %}no{% endcase %}", "{\"x\":\"b\"}",
	       "ab");
	EXPECT("{% case x %}{% when 1 %}one{% else %}else{% endcase %}", "{\"x\":5}", "else");
	EXPECT("{% case x %}  \n{% when 1 %}one{% endcase %}", "{\"x\":1}", "one");
}

static void test_for_loops(void **state)
{
	const char *data = "{\"a\":[1,2,3,4,5]}";
	EXPECT("{% for i in a limit: 2 offset: 1 %}{{ i }}{% endfor %}", data, "23");
	EXPECT("{% for i in a reversed %}{{ i }}{% endfor %}", data, "54321");
	EXPECT("{% for i in (1..3) %}{{ forloop.index }}{{ forloop.rindex0 }}"
	       "{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %}{% endfor %}",
	       NULL, "12F2130L");
	EXPECT("{% for i in (1..2) %}{% for j in (1..2) %}{{ forloop.parentloop.index }}{{ j }} "
	       "{% endfor %}{% endfor %}",
	       NULL, "11 12 21 22 ");
	EXPECT("{% for i in a %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}"
	       "{% endif %}{{ i }}{% endfor %}",
	       data, "13");
	EXPECT("{% for i in nope %}x{% else %}empty{% endfor %}", NULL, "empty");
	EXPECT("{% for i in a limit: 2 %}{{ i }}{% endfor %}|"
	       "{% for i in a offset: continue %}{{ i }}{% endfor %}",
	       data, "12|345");
	EXPECT("{% for p in h %}{{ p[0] }}={{ p[1] }};{% endfor %}", "{\"h\":{\"x\":1,\"y\":2}}",
	       "x=1;y=2;");
	EXPECT("{% for i in (1..3) limit: '2' %}{{ i }}{% endfor %}{{ forloop.index }}", NULL,
	       "12");
	EXPECT("{% for i in (1..3) %}{% assign last = i %}{% endfor %}{{ last }}", NULL, "3");
	EXPECT("{% for i in (1..3) limit: x %}{% endfor %}", "{\"x\":[1]}",
	       "ERR:t.html:1:1: error: limit must be an integer, not array");
}

static void test_assign_capture_counters(void **state)
{
	EXPECT("{% capture c %}a{{ 1 }}b{% endcapture %}{{ c }}", NULL, "a1b");
	EXPECT("{% increment n %}{% increment n %}{% decrement m %}{{ n }}", NULL, "01-12");
	EXPECT("{% assign n = 5 %}{% increment n %}{{ n }}", NULL, "05");
	EXPECT("{% cycle 'a', 'b' %}{% cycle 'a', 'b' %}{% cycle 'a', 'b' %}"
	       "{% cycle g: 1, 2 %}{% cycle g: 1, 2 %}",
	       NULL, "aba12");
	EXPECT("{% for i in x %}{% ifchanged %}{{ i }}{% endifchanged %}{% endfor %}",
	       "{\"x\":[1,1,2,2,1]}", "121");
	EXPECT("[{{ 'x' | t_where: 'i', 'i > 1' }}]", NULL, "[]");
	EXPECT("{{ x | t_where: 'i', 'i.v >' }}", "{\"x\":[{\"v\":1}]}",
	       "ERR:t.html:1:1: error: bad condition");
	EXPECT("{% assign y = x | t_where: 'i', 'i.v > 1' %}{{ y.size }}",
	       "{\"x\":[{\"v\":1},{\"v\":2},{\"v\":3}]}", "2");
}

static void test_tablerow(void **state)
{
	EXPECT("{% tablerow i in (1..3) cols: 2 %}{{ i }}{% endtablerow %}", NULL,
	       "<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n"
	       "<tr class=\"row2\"><td class=\"col1\">3</td></tr>\n");
}

static void test_raw_comments_liquid(void **state)
{
	EXPECT("{% raw %}{{ x }}{% if %}{% endraw %}!", NULL, "{{ x }}{% if %}!");
	EXPECT("a{% comment %}{% if x %}{% comment %}{% endcomment %}{% endcomment %}b", NULL,
	       "ab");
	EXPECT("a{% # note %}b{%# another %}c", NULL, "abc");
	EXPECT("a{% doc %}{{ unclosed {% enddoc %}b", NULL, "ab");
	EXPECT("{% echo 'x' | t_up %}", NULL, "X");
	EXPECT("{% liquid\n  assign x = 2\n  # comment\n  if x > 1\n    echo 'big'\n  endif\n"
	       "  for i in (1..2)\n    echo i\n  endfor\n%}",
	       NULL, "big12");
}

static void test_whitespace_control(void **state)
{
	EXPECT("a  {%- if true -%}  b  {%- endif -%}  c", NULL, "abc");
	EXPECT("a \n {{- 'x' -}} \n b", NULL, "axb");
	EXPECT("[{% if true %}  \n  {% assign x = 1 %}\n{% endif %}]", NULL, "[]");
	EXPECT("[{% for i in (1..3) %} {% endfor %}]", NULL, "[]");
	EXPECT("[{% if true %} {{ 'v' }} {% endif %}]", NULL, "[ v ]");
}

/* ---- include and render ---- */

static const partial_src_t partials[] = {
	{ "header.html", "<h1>{{ include.title }}/{{ include.lang }}/{{ page.t }}</h1>" },
	{ "item", "[{{ item }}]" },
	{ "args", "{{ a }}-{{ b }}{% assign leaked = 'yes' %}" },
	{ "self", "x{% include 'self' %}" },
	{ "iso", "{{ outer }}|{{ p }}|{% increment c %}{% assign inner = 1 %}" },
	{ "loop", "{{ loop.n }}{{ forloop.index }}{% if forloop.last %}.{% endif %}" },
	{ "brk", "{{ i }}{% break %}" },
	{ "dir/x.html", "X" },
	{ "missing-inner", "{% include 'nowhere' %}" },
	{ NULL, NULL },
};

static void test_include(void **state)
{
	opts_t op = { .data = "{\"page\":{\"t\":\"T\",\"locale\":\"fr\"},\"list\":[1,2],"
			      "\"which\":\"item\",\"f\":\"x\"}",
		      .partials = partials };
	assert_string_equal(
		run_opts("{% include header.html lang=page.locale title=\"Hi\" %}", &op),
		"<h1>Hi/fr/T</h1>");
	assert_string_equal(
		run_opts("{% include 'item' with 5 %}{% include 'item' for list %}", &op),
		"[5][1][2]");
	assert_string_equal(run_opts("{% include which with 'z' %}", &op), "[z]");
	assert_string_equal(
		run_opts("{% include 'args', a: 1, b: 'two' %}{{ a }}{{ leaked }}", &op),
		"1-twoyes");
	assert_string_equal(run_opts("{% include dir/{{ f }}.html %}", &op), "X");
	assert_string_equal(run_opts("{% for i in list %}{% include 'brk' %}{% endfor %}", &op),
			    "1");
	assert_string_equal(run_opts("\n  {% include 'nope' %}", &op),
			    "ERR:t.html:2:3: error: include 'nope' not found");
	assert_string_equal(run_opts("{% include 'missing-inner' %}", &op),
			    "ERR:missing-inner:1:1: error: include 'nowhere' not found");
	assert_string_equal(run_opts("{% include 'self' %}", &op),
			    "ERR:self:1:2: error: include nesting too deep (100)");
	op.limits.max_depth = 3;
	assert_string_equal(run_opts("{% include 'self' %}", &op),
			    "ERR:self:1:2: error: include nesting too deep (3)");
}

static void test_render_isolated(void **state)
{
	opts_t op = { .data = "{\"list\":[{\"n\":\"a\"},{\"n\":\"b\"}]}", .partials = partials };
	assert_string_equal(run_opts("{% assign outer = 1 %}{% increment c %}"
				     "{% render 'iso', p: 2 %}{{ inner }}{% increment c %}",
				     &op),
			    "0|2|01");
	assert_string_equal(run_opts("{% render 'loop' for list as loop %}", &op), "a1b2.");
	assert_string_equal(run_opts("{% render 'item' with 'q' %}", &op), "[q]");
	assert_string_equal(
		run_opts("{% render x %}", &op),
		"ERR:t.html:1:1: error: expected a quoted template name in 'render' tag");
}

/* ---- errors and their positions ---- */

/* An empty source, even one with no pointer at all (an empty file), parses
 * to a template that renders nothing. */
static void test_empty_source(void **state)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	liquid_template_t *t = liquid_parse(a, "t.html", (str_t){ NULL, 0 }, 1, &d);
	assert_non_null(t);
	assert_int_equal(d.n, 0);
	buf_t out = BUF_INIT;
	liquid_render_opts_t o = { .globals = value_new_hash(a, 0), .arena = a, .diags = &d };
	assert_int_equal(liquid_render(t, &o, &out), 0);
	assert_int_equal(out.n, 0);
	buf_free(&out);
	diag_free(&d);
	arena_free(a);
}

static void test_parse_error_positions(void **state)
{
	opts_t op = { .first_line = 10 };
	assert_string_equal(run_opts("ab\n  {% if x %}\nc", &op),
			    "ERR:t.html:11:3: error: 'if' tag was never closed");
	assert_string_equal(run_opts("é {% nosuch %}", &op),
			    "ERR:t.html:10:3: error: unknown tag 'nosuch'");
	op.first_line = 1;
	assert_string_equal(run_opts("x\n{{ a | nofilter }}", &op),
			    "ERR:t.html:2:1: error: unknown filter 'nofilter' in output");
	assert_string_equal(run_opts("{{ a b }}", &op),
			    "ERR:t.html:1:1: error: unexpected 'b' in output");
	assert_string_equal(run_opts("ok\n\n   {{ a", &op),
			    "ERR:t.html:3:4: error: '{{' was never closed");
	assert_string_equal(run_opts("{% if a %}{% endif %}\n{% endif %}", &op),
			    "ERR:t.html:2:1: error: unexpected 'endif'");
	assert_string_equal(run_opts("{% for x in y %}{% endif %}", &op),
			    "ERR:t.html:1:17: error: unexpected 'endif' (the 'for' tag at 1:1 is "
			    "still open)");
	assert_string_equal(run_opts("{% else %}", &op),
			    "ERR:t.html:1:1: error: unexpected 'else'");
	assert_string_equal(run_opts("{% if (1..) %}{% endif %}", &op),
			    "ERR:t.html:1:1: error: expected an expression, found ')' in 'if' tag");
	assert_string_equal(run_opts("{% liquid\n  if x\n  endfor\n%}", &op),
			    "ERR:t.html:3:3: error: unexpected 'endfor' (the 'if' tag at 2:3 is "
			    "still open)");
}

static void test_render_errors(void **state)
{
	opts_t op = { 0 };
	assert_string_equal(run_opts("ab\n  {{ 1 | t_fail }}", &op),
			    "ERR:t.html:2:3: error: divided by 0");
	op.strict = true;
	assert_string_equal(run_opts("{{ a.b }}", &op),
			    "ERR:t.html:1:1: error: undefined variable 'a'");
	op.data = "{\"a\":{}}";
	assert_string_equal(run_opts("{{ a.b }}", &op),
			    "ERR:t.html:1:1: error: undefined variable 'a.b'");
	op.strict = false;
	assert_string_equal(run_opts("{{ a.b }}", &op), "");
}

/* ---- limits and hostile input ---- */

static void test_limits(void **state)
{
	opts_t op = { .limits = { .max_iterations = 1000 } };
	assert_string_equal(run_opts("{% for i in (1..1000000000000) %}{% endfor %}", &op),
			    "ERR:t.html:1:1: error: too many loop iterations (limit 1000)");
	assert_string_equal(run_opts("{{ (1..100000000000) | t_args }}", &op),
			    "ERR:t.html:1:1: error: range too large (limit 1000)");
	assert_string_equal(run_opts("{% for i in (1..10) %}{% for j in (1..200) %}{% endfor %}"
				     "{% endfor %}",
				     &op),
			    "ERR:t.html:1:23: error: too many loop iterations (limit 1000)");
	op.limits.max_iterations = 0;
	op.limits.max_output = 100;
	assert_string_equal(run_opts("{% for i in (1..1000) %}xx{% endfor %}", &op),
			    "ERR:t.html:1:25: error: output too large (limit 100 bytes)");
	/* doubling a string: bounded by the output limit, not by memory */
	assert_string_equal(run_opts("{% assign s = 'abcdefgh' %}{% for i in (1..40) %}"
				     "{% assign s = s | t_double %}{% endfor %}",
				     &op),
			    "ERR:t.html:1:50: error: output too large (limit 100 bytes)");
}

/* Found by fuzz_liquid (20 s for a 1.3 kB template): sorting a big array
 * inside a loop stays within every other limit. The items array filters
 * go through and make are counted, up to 100 per loop turn allowed. */
static const char *sorts_in_loop(buf_t *t, int turns)
{
	buf_clear(t);
	buf_puts(t, "{% assign a = '");
	for (int i = 0; i < 1000; i++)
		buf_puts(t, i ? ",x" : "x");
	buf_printf(t, "' | split: ',' %%}{%% for i in (1..%d) %%}{%% assign b = a | sort %%}"
		   "{%% endfor %%}{{ b | size }}", turns);
	return buf_cstr(t);
}

static void test_filter_work_counted(void **state)
{
	opts_t op = { .limits = { .max_iterations = 100000 } };
	buf_t t = BUF_INIT;
	const char *r = run_opts(sorts_in_loop(&t, 10000), &op);  /* 10,000 sorts of 1,000: 120 M */
	if (!strstr(r, "error: too much work in array filters (limit 10000000 items)"))
		fail_msg("10,000 sorts of 1,000 items gave '%s'", r);
	assert_string_equal(run_opts(sorts_in_loop(&t, 500), &op), "1000");  /* 6 M: within */
	buf_free(&t);
	/* uniq compares each item with those kept: 20,000 distinct, 2e8 */
	assert_string_equal(run_opts("{{ (1..20000) | uniq | size }}", &op),
			    "ERR:t.html:1:1: error: too much work in array filters (limit 10000000 items)");
	assert_string_equal(run_opts("{{ (1..1000) | uniq | size }}", &op), "1000");
}

/* Found by fuzz_liquid: `{{ "a\\" | split: "x" | split: "x" ... }}` turns
 * the array back into a string at each step, twice as long (escapes), and
 * `a | push: a` / `a | concat: a` in a loop build values that share their
 * parts, whose printing never ends. Filter results are weighed. */
static void test_shared_values_bounded(void **state)
{
	opts_t op = { .limits = { .max_output = 1000, .max_iterations = 10000 } };
	buf_t t = BUF_INIT;
	buf_puts(&t, "{{ 'a\\\\b' ");
	for (int i = 0; i < 40; i++)
		buf_puts(&t, "| split: 'x' ");
	buf_puts(&t, "| size }}");
	assert_string_equal(run_opts(buf_cstr(&t), &op),
			    "ERR:t.html:1:1: error: filter result too large (limit 10000 values, 1000 bytes)");
	buf_free(&t);
	static const char *const doubling[] = {
		"{% assign a = 'x' | split: ',' %}{% for i in (1..60) %}"
		"{% assign a = a | push: a %}{% endfor %}{{ a }}",
		"{% assign a = 'x' | split: ',' %}{% for i in (1..60) %}"
		"{% assign a = a | concat: a %}{% endfor %}{{ a | size }}",
		"{% assign a = 'x' | split: ',' %}{% for i in (1..60) %}"
		"{% assign a = a | push: a %}{% endfor %}{{ a | jsonify }}",
	};
	for (size_t i = 0; i < sizeof doubling / sizeof doubling[0]; i++) {
		const char *r = run_opts(doubling[i], &op);
		if (!strstr(r, "error: filter result too large (limit 10000 values, 1000 bytes)"))
			fail_msg("'%s' gave '%s'", doubling[i], r);
	}
	/* a chain of single nesting overflows no stack: refused at 1,000 levels */
	assert_string_equal(run_opts("{% assign a = '' | split: ',' %}{% for i in (1..5000) %}"
				     "{% assign a = '' | split: ',' | push: a %}{% endfor %}{{ a }}",
				     &op),
			    "ERR:t.html:1:57: error: filter result nested too deep (limit 1000 levels)");
	/* a filter given no array or hash argument only has its items counted:
	 * `where` over pages with big front matter does not walk them all */
	buf_t data = BUF_INIT;
	buf_puts(&data, "{\"pages\": [");
	for (int i = 0; i < 10; i++)
		buf_printf(&data, "%s{\"k\": %d, \"tags\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}",
			   i ? "," : "", i % 2);
	buf_puts(&data, "]}");
	opts_t small = { .data = buf_cstr(&data), .limits = { .max_iterations = 100 } };
	assert_string_equal(run_opts("{{ pages | where: 'k', 1 | size }}", &small), "5");
	assert_string_equal(run_opts("{{ pages | concat: pages | size }}", &small),
			    "ERR:t.html:1:1: error: filter result too large (limit 100 values, 268435456 bytes)");
	buf_free(&data);
	/* building a list in a loop, the usual way, still works */
	assert_string_equal(run_opts("{% assign a = '' | split: ',' %}{% for i in (1..500) %}"
				     "{% assign a = a | push: i %}{% endfor %}{{ a | size }}",
				     &op),
			    "500");
}

/* An index by a float too large for an integer (clang's UBSan flagged the
 * conversion): nothing is found. */
static void test_float_index_out_of_range(void **state)
{
	assert_string_equal(run("[{{ a[100000000000000000000000000000.5] }}]", "{\"a\": [1, 2]}"), "[]");
	assert_string_equal(run("[{{ a[-100000000000000000000000000000.5] }}]", "{\"a\": [1, 2]}"), "[]");
	assert_string_equal(run("[{{ a[1.0] }}]", "{\"a\": [1, 2]}"), "[2]");
}

/* Found by fuzz_liquid (out of memory): a chain of `replace: "my", LONG`
 * multiplies the string at each step; replace and join now stop building
 * as soon as they pass the output limit, instead of after. */
static void test_multiplying_filters_stop_at_the_limit(void **state)
{
	opts_t op = { .limits = { .max_output = 1000 } };
	assert_string_equal(run_opts("{% capture s %}{% for i in (1..400) %}my{% endfor %}{% endcapture %}"
				     "{{ s | replace: 'my', 'yoyou pills and put my helmet on' "
				     "| replace: 'my', 'yoyou pills and put my helmet on' }}",
				     &op),
			    "ERR:t.html:1:69: error: output too large (limit 1000 bytes)");
	assert_string_equal(run_opts("{{ (1..500) | join: 'a long glue between numbers' }}", &op),
			    "ERR:t.html:1:1: error: output too large (limit 1000 bytes)");
	assert_string_equal(run_opts("{{ 'abc' | replace: 'b', 'xyz' }}{{ (1..3) | join: '-' }}", &op),
			    "axyzc1-2-3");
}

static void test_unterminated_at_eof(void **state)
{
	static const char *const cases[] = {
		"{%", "{{", "{% if", "{{ x", "{% raw %}never", "{% comment %}", "{% doc %}",
		"{% if x %}{% else", "{% for i in (1..", "{{ 'unterminated }}", "{% if x %}",
		"{% case x %}{% when", "{% liquid if x", "{%-", "{{-", "{% capture %}",
		"{% assign %}", "{% cycle %}", "{% include %}", "{% tablerow %}",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *r = run(cases[i], NULL);
		if (strncmp(r, "ERR:t.html:1:", 13) != 0)
			fail_msg("'%s' gave '%s'", cases[i], r);
	}
}

static char *repeat(const char *a, size_t n, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = test_malloc(la * n + lb * n + 1);
	char *p = s;
	for (size_t i = 0; i < n; i++, p += la)
		memcpy(p, a, la);
	for (size_t i = 0; i < n; i++, p += lb)
		memcpy(p, b, lb);
	*p = '\0';
	return s;
}

static void test_deep_nesting(void **state)
{
	char *s = repeat("{% if true %}", 100000, "{% endif %}");
	assert_non_null(strstr(run(s, NULL), "error: blocks nested too deep (limit 100)"));
	test_free(s);
	s = repeat("{{ a", 100000, "]");
	for (char *p = s; *p; p++)
		if (*p == 'a')
			*p = '[';
	assert_non_null(strstr(run(s, NULL), "error:"));
	test_free(s);
	s = repeat("[", 100000, "]");
	char *t = test_malloc(strlen(s) + 8);
	sprintf(t, "{{ %s }}", s);
	assert_non_null(strstr(run(t, NULL), "expression nested too deep"));
	test_free(t);
	test_free(s);
	s = repeat("(", 50000, "..1)");
	t = test_malloc(strlen(s) + 8);
	sprintf(t, "{{ %s }}", s);
	assert_non_null(strstr(run(t, NULL), "expression nested too deep"));
	test_free(t);
	test_free(s);
	s = repeat(" liquid", 100000, "");
	t = test_malloc(strlen(s) + 16);
	sprintf(t, "{%%%s %%}", s);
	assert_non_null(strstr(run(t, NULL), "'liquid' tags nested too deep"));
	test_free(t);
	test_free(s);
	/* 99 levels are fine */
	s = repeat("{% if true %}", 99, "{% endif %}");
	assert_string_equal(run(s, NULL), "");
	test_free(s);
}

static void test_bytes_pass_through(void **state)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	const char src[] = "a\0b\xff\xfe{{ 'x\0y' }}{% if true %}\x80{% endif %}";
	liquid_template_t *t = liquid_parse(a, "bin", str_from(src, sizeof src - 1), 1, &d);
	assert_non_null(t);
	buf_t out = BUF_INIT;
	liquid_render_opts_t o = { .globals = value_new_hash(a, 0), .arena = a, .diags = &d };
	assert_int_equal(liquid_render(t, &o, &out), 0);
	assert_int_equal(out.n, 9);
	assert_memory_equal(out.p, "a\0b\xff\xfex\0y\x80", 9);
	buf_free(&out);
	/* a slice that is not NUL-terminated: the parser stops at its end */
	const char cut[] = "{{ x }}{{ y";
	assert_non_null(liquid_parse(a, "cut", str_from(cut, 7), 1, &d));
	assert_null(liquid_parse(a, "cut", str_from(cut, 9), 1, &d));
	/* no host: include reports not found */
	t = liquid_parse(a, "h", STR_LIT("{% include 'x' %}"), 1, &d);
	assert_int_equal(liquid_render(t, &o, &out), -1);
	buf_free(&out);
	diag_free(&d);
	arena_free(a);
}

static void test_undefined_filter_lookup(void **state)
{
	assert_null(liquid_find_filter(STR_LIT("no_such_filter")));
	assert_non_null(liquid_find_filter(STR_LIT("t_up")));
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	assert_string_equal(liquid_template_file(liquid_parse(a, "f.liquid", STR_LIT(""), 1, &d)),
			    "f.liquid");
	assert_int_equal(d.n, 0);
	arena_free(a);
}

/* ---- one tree, several threads ---- */

typedef struct {
	const liquid_template_t *t;
	int n;
	bool ok;
} thread_arg_t;

static void *render_thread(void *p)
{
	thread_arg_t *ta = p;
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	char want[64];
	snprintf(want, sizeof want, "n=%d:0123:a", ta->n);
	ta->ok = true;
	for (int k = 0; k < 200 && ta->ok; k++) {
		value_t *g = value_new_hash(a, 1);
		value_hash_set_cstr(a, g, "n", value_new_int(a, ta->n));
		buf_t out = BUF_INIT;
		liquid_render_opts_t o = { .globals = g, .arena = a, .diags = &d };
		ta->ok = liquid_render(ta->t, &o, &out) == 0 && strcmp(buf_cstr(&out), want) == 0;
		buf_free(&out);
		arena_reset(a);
	}
	diag_free(&d);
	arena_free(a);
	return NULL;
}

static void test_threads_share_a_tree(void **state)
{
	arena_t *a = arena_new();
	diag_list_t d = DIAG_LIST_INIT;
	liquid_template_t *t = liquid_parse(
		a, "t", STR_LIT("n={{ n }}:{% for i in (0..3) %}{% increment c %}{% endfor %}:"
				"{% cycle 'a', 'b' %}"),
		1, &d);
	assert_non_null(t);
	pthread_t th[4];
	thread_arg_t args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (thread_arg_t){ t, i, false };
		pthread_create(&th[i], NULL, render_thread, &args[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(args[i].ok);
	}
	diag_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_literals),
		cmocka_unit_test(test_variable_lookups),
		cmocka_unit_test(test_filters_and_arguments),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_case_when),
		cmocka_unit_test(test_for_loops),
		cmocka_unit_test(test_assign_capture_counters),
		cmocka_unit_test(test_tablerow),
		cmocka_unit_test(test_raw_comments_liquid),
		cmocka_unit_test(test_whitespace_control),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_render_isolated),
		cmocka_unit_test(test_empty_source),
		cmocka_unit_test(test_parse_error_positions),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_filter_work_counted),
		cmocka_unit_test(test_shared_values_bounded),
		cmocka_unit_test(test_float_index_out_of_range),
		cmocka_unit_test(test_multiplying_filters_stop_at_the_limit),
		cmocka_unit_test(test_unterminated_at_eof),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_bytes_pass_through),
		cmocka_unit_test(test_undefined_filter_lookup),
		cmocka_unit_test(test_threads_share_a_tree),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
