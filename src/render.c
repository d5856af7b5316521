#include "render.h"

#include <string.h>

#include "liquid/liquid.h"
#include "markdown.h"
#include "mdhtml.h"

static const markdown_opts_t page_markdown = { .heading_ids = true };

static const liquid_template_t *host_partial(void *ud, str_t name, bool is_render)
{
	(void)is_render;
	page_t *p = site_include(ud, name);
	return p && !p->failed ? p->tpl : NULL;
}

static void host_markdownify(void *ud, str_t in, buf_t *out)
{
	(void)ud;
	markdown_render(in, &page_markdown, out);
}

void render_init(void)
{
	static bool done; /* called from the main thread only */
	if (done)
		return;
	done = true;
	liquid_init();
	markdown_init();
}

static int render_template(const site_t *s, const liquid_template_t *tpl, value_t *globals,
			   arena_t *tmp, buf_t *out, diag_list_t *d)
{
	liquid_host_t host = { .ud = (void *)s, .load_partial = host_partial,
			       .markdownify = host_markdownify };
	liquid_render_opts_t o = { .globals = globals, .host = &host, .arena = tmp, .diags = d };
	return liquid_render(tpl, &o, out);
}

static value_t *globals_for(const site_t *s, const page_t *p, arena_t *tmp)
{
	value_t *g = value_new_hash(tmp, 4);
	value_hash_set_cstr(tmp, g, "site", s->site);
	value_hash_set_cstr(tmp, g, "page", p->vars);
	return g;
}

int render_body(const site_t *s, page_t *p, arena_t *keep, arena_t *tmp, diag_list_t *d)
{
	buf_t html = BUF_INIT;
	int rc = render_template(s, p->tpl, globals_for(s, p, tmp), tmp, &html, d);
	if (rc == 0 && p->markdown) {
		buf_t md = BUF_INIT;
		mdhtml_dedent(buf_str(&html), &md);
		buf_clear(&html);
		markdown_render(buf_str(&md), &page_markdown, &html);
		buf_free(&md);
	}
	p->content = arena_str(keep, buf_str(&html));
	buf_free(&html);
	return rc;
}

void render_publish_content(site_t *s, arena_t *a)
{
	for (size_t i = 0; i < s->nrender; i++) {
		page_t *p = s->render[i];
		value_hash_set_cstr(a, p->vars, "content",
				    value_new_string_ref(a, p->content.p ? p->content.p : "", p->content.n));
	}
}

/* layout.*: this layout's front matter, overridden by the layouts it wraps
 * (Jekyll merges them the same way, so a post layout's keys reach default). */
static value_t *layout_vars(arena_t *tmp, value_t *front, const value_t *inner)
{
	if (!inner)
		return front;
	value_t *v = value_new_hash(tmp, front->h.n + inner->h.n);
	for (size_t i = 0; i < front->h.n; i++)
		value_hash_set(tmp, v, front->h.entries[i].key, front->h.entries[i].val);
	for (size_t i = 0; i < inner->h.n; i++)
		value_hash_set(tmp, v, inner->h.entries[i].key, inner->h.entries[i].val);
	return v;
}

int render_layouts(const site_t *s, const page_t *p, arena_t *tmp, buf_t *out, diag_list_t *d)
{
	if (!p->layout) {
		buf_put_str(out, p->content);
		return 0;
	}
	str_t content = p->content;
	buf_t cur = BUF_INIT;
	int rc = 0;
	value_t *inner = NULL;
	for (const page_t *l = p->layout; l; l = l->layout) {
		value_t *g = globals_for(s, p, tmp);
		inner = layout_vars(tmp, l->front, inner);
		value_hash_set_cstr(tmp, g, "layout", inner);
		value_hash_set_cstr(tmp, g, "content", value_new_string_ref(tmp, content.p ? content.p : "", content.n));
		buf_clear(&cur);
		if (render_template(s, l->tpl, g, tmp, &cur, d) != 0) {
			rc = -1;
			break;
		}
		content = arena_str(tmp, buf_str(&cur));
	}
	if (rc == 0)
		buf_put_str(out, content);
	buf_free(&cur);
	return rc;
}
