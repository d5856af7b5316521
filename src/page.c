#include "page.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "frontmatter.h"
#include "sass.h"
#include "json.h"
#include "utf8.h"
#include "yaml.h"

static bool contains(str_t t, const char *needle)
{
	return t.n && memmem(t.p, t.n, needle, strlen(needle)) != NULL;
}

/* True when t has a Liquid tag or output at all: most Markdown bodies have
 * none, and one memchr pass tells. */
static bool has_liquid(str_t t)
{
	if (t.n < 2)
		return false;
	for (const char *p = t.p, *end = t.p + t.n; p + 1 < end; p++) {
		p = memchr(p, '{', (size_t)(end - p) - 1);
		if (!p)
			return false;
		if (p[1] == '{' || p[1] == '%')
			return true;
	}
	return false;
}

/* Textual on purpose: a template reads other pages' bodies through
 * `post.content`, `post["content"]` or a filter given "content" as a
 * property (map, where, sort, group_by); excerpts and paginators likewise.
 * A false positive only re-renders a page more than needed. */
bool page_text_shows_others(str_t t)
{
	return has_liquid(t) &&
	       (contains(t, ".content") || contains(t, "\"content\"") || contains(t, "'content'") ||
		contains(t, "excerpt") || contains(t, "paginator"));
}

bool page_is_markdown_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 ||
		       strcmp(dot, ".mkd") == 0 || strcmp(dot, ".mkdn") == 0);
}

/* Only files that open with "---" (after a BOM) are pages: looking at the
 * first bytes keeps images and other large static files unread. */
static bool starts_with_front_matter(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return true; /* let the full read report the error */
	char head[8] = { 0 };
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	const char *p = head;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	return n >= 3 && memcmp(p, "---", 3) == 0 && (n == 3 || p[3] == '\n' || p[3] == '\r' ||
						     p[3] == ' ' || p[3] == '\t');
}

/* Reads the file into b (the caller frees it): what is kept is copied
 * into the arena by the parsers, so a page's text is held once, not twice. */
static bool read_source(page_t *p, buf_t *b, diag_list_t *d)
{
	if (source_read(p->src->path, b) != 0) {
		diag_error(d, p->src->path, 0, 0, "cannot read: %s", strerror(errno));
		return false;
	}
	return true;
}

static void parse_data(page_t *p, arena_t *a, str_t text, diag_list_t *d)
{
	const char *dot = strrchr(p->src->rel, '.');
	if (dot && strcmp(dot, ".json") == 0)
		p->data = json_parse(a, p->src->path, text, d);
	else if (dot && (strcmp(dot, ".yml") == 0 || strcmp(dot, ".yaml") == 0))
		p->data = yaml_parse(a, p->src->path, text, 1, d);
	else {
		p->is_static = true; /* csv and others: not read as data yet */
		return;
	}
	if (!p->data)
		p->failed = true;
}

/* Front matter and body template, for pages, assets and layouts. */
static void parse_templated(page_t *p, arena_t *a, str_t text, diag_list_t *d)
{
	frontmatter_t fm;
	if (frontmatter_split(p->src->path, text, &fm, d) != 0) {
		p->failed = true;
		return;
	}
	p->front = fm.present && fm.yaml.n ? yaml_parse(a, p->src->path, fm.yaml, fm.yaml_line, d)
					   : value_new_hash(a, 0);
	if (!p->front) {
		p->failed = true;
		return;
	}
	if (p->front->kind == VALUE_NIL) {
		p->front = value_new_hash(a, 0);
	} else if (p->front->kind != VALUE_HASH) {
		diag_error(d, p->src->path, fm.yaml_line, 1,
			   "front matter must be a map of keys to values, not %s",
			   value_kind_name(p->front->kind));
		p->failed = true;
		return;
	}
	p->yaml = arena_str(a, fm.yaml);
	p->body_line = fm.body_line;
	p->tpl = liquid_parse(a, p->src->path, fm.body, fm.body_line, d);
	if (p->tpl)
		p->body = liquid_template_source(p->tpl);
	else
		p->failed = true;
}

void page_parse(page_t *p, const config_t *cfg, arena_t *a, diag_list_t *d)
{
	(void)cfg;
	source_kind_t k = p->src->kind;
	if (k == SOURCE_STATIC ||
	    ((k == SOURCE_CONTENT || k == SOURCE_ASSET) && !starts_with_front_matter(p->src->path))) {
		p->is_static = true;
		return;
	}
	buf_t b = BUF_INIT;
	if (!read_source(p, &b, d)) {
		buf_free(&b);
		p->failed = true;
		return;
	}
	str_t text = buf_str(&b);
	p->markdown = page_is_markdown_name(p->src->rel);
	p->sass = sass_is_name(p->src->rel);
	switch (k) {
	case SOURCE_DATA:
	case SOURCE_I18N:
		parse_data(p, a, text, d);
		break;
	case SOURCE_INCLUDE: {
		size_t bad;
		if (!utf8_valid(text, &bad)) {
			int line, col;
			utf8_position(text, bad, &line, &col);
			diag_error(d, p->src->path, line, col, "not valid UTF-8");
			p->failed = true;
			break;
		}
		p->body_line = 1;
		p->tpl = liquid_parse(a, p->src->path, text, 1, d);
		if (p->tpl)
			p->body = liquid_template_source(p->tpl);
		else
			p->failed = true;
		p->shows_others = page_text_shows_others(p->body);
		break;
	}
	default:
		parse_templated(p, a, text, d);
		break;
	}
	buf_free(&b);
}
