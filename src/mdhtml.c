#include "mdhtml.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Block-level elements that kramdown reads up to their closing tag. */
static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl",
	"dt", "fieldset", "figure", "footer", "form", "header", "li", "main", "nav", "ol",
	"section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
};

static bool is_block_tag(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof block_tags / sizeof block_tags[0]; i++)
		if (strlen(block_tags[i]) == n && strncasecmp(block_tags[i], name, n) == 0)
			return true;
	return false;
}

/* Net change in open block elements on one HTML line: +1 per opening
 * tag, -1 per closing one; self-closing tags count nothing. */
static int tag_balance(const char *p, const char *end)
{
	int delta = 0;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			break;
		p = lt + 1;
		bool closing = p < end && *p == '/';
		if (closing)
			p++;
		const char *name = p;
		while (p < end && isalnum((unsigned char)*p))
			p++;
		if (p == name || !is_block_tag(name, (size_t)(p - name)))
			continue;
		const char *gt = memchr(p, '>', (size_t)(end - p));
		bool self_closing = gt && gt > p && gt[-1] == '/';
		if (closing)
			delta--;
		else if (!self_closing)
			delta++;
	}
	return delta;
}

/* Columns of leading white space (tabs to the next multiple of 4). */
static size_t indent_of(const char *p, const char *end, const char **text)
{
	size_t col = 0;
	while (p < end && (*p == ' ' || *p == '\t')) {
		col = *p == '\t' ? (col + 4) & ~(size_t)3 : col + 1;
		p++;
	}
	*text = p;
	return col;
}

static bool is_fence(const char *text, const char *end, size_t indent)
{
	return indent < 4 && end - text >= 3 &&
	       (memcmp(text, "```", 3) == 0 || memcmp(text, "~~~", 3) == 0);
}

void mdhtml_dedent(str_t src, buf_t *out)
{
	const char *p = src.p, *end = src.p + src.n;
	int depth = 0;
	bool in_fence = false, prev_blank = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		const char *text;
		size_t indent = indent_of(p, line_end, &text);
		bool blank = text == line_end || (text + 1 == line_end && *text == '\r');
		const char *emit = p;
		if (is_fence(text, line_end, indent)) {
			in_fence = !in_fence;
		} else if (!in_fence && !blank) {
			if (depth > 0 && prev_blank && indent >= 4)
				emit = text;
			if (*text == '<') {
				depth += tag_balance(text, line_end);
				if (depth < 0)
					depth = 0;
			}
		}
		buf_put(out, emit, (size_t)((nl ? nl + 1 : end) - emit));
		prev_blank = blank;
		p = nl ? nl + 1 : end;
	}
}
