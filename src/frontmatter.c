#include "frontmatter.h"

#include <string.h>

#include "utf8.h"

/* The splitter walks the file line by line: OPENING looks at the first
 * line only, IN_YAML looks for the closing delimiter. Nothing else of the
 * file is read, so a long body costs nothing beyond UTF-8 validation. */
typedef enum {
	FM_OPENING,
	FM_IN_YAML,
} fm_state_t;

/* One line: [start, end) without its line break; next is where the
 * following line starts (src end when there is none). */
typedef struct {
	size_t start, end, next;
} line_t;

static line_t line_at(str_t src, size_t start)
{
	const char *nl = memchr(src.p + start, '\n', src.n - start);
	line_t l = { start, nl ? (size_t)(nl - src.p) : src.n, 0 };
	l.next = nl ? l.end + 1 : src.n;
	return l;
}

/* True when the line is `mark` followed only by blanks (and a CR). */
static bool is_delimiter(str_t src, line_t l, const char *mark)
{
	size_t n = strlen(mark);
	if (l.end - l.start < n || memcmp(src.p + l.start, mark, n) != 0)
		return false;
	for (size_t i = l.start + n; i < l.end; i++) {
		char c = src.p[i];
		if (c != ' ' && c != '\t' && !(c == '\r' && i + 1 == l.end))
			return false;
	}
	return true;
}

int frontmatter_split(const char *file, str_t src, frontmatter_t *out, diag_list_t *d)
{
	if (!src.p)
		src.p = "";  /* an empty slice may have no memory behind it */
	size_t pos = src.n >= 3 && memcmp(src.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	*out = (frontmatter_t){
		.present = false,
		.yaml = str_from(src.p + pos, 0),
		.yaml_line = 0,
		.body = str_from(src.p + pos, src.n - pos),
		.body_line = 1,
	};
	size_t bad;
	if (!utf8_valid(src, &bad)) {
		int line, col;
		utf8_position(src, bad, &line, &col);
		return diag_error(d, file, line, col, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
				  (unsigned char)src.p[bad]);
	}
	fm_state_t state = FM_OPENING;
	int line_no = 1;
	size_t yaml_start = 0;
	while (pos < src.n) {
		line_t l = line_at(src, pos);
		switch (state) {
		case FM_OPENING:
			if (!is_delimiter(src, l, "---"))
				return 0;
			state = FM_IN_YAML;
			yaml_start = l.next;
			break;
		case FM_IN_YAML:
			if (is_delimiter(src, l, "---") || is_delimiter(src, l, "...")) {
				out->present = true;
				out->yaml = str_from(src.p + yaml_start, l.start - yaml_start);
				out->yaml_line = 2;
				out->body = str_from(src.p + l.next, src.n - l.next);
				out->body_line = line_no + 1;
				return 0;
			}
			break;
		}
		pos = l.next;
		line_no++;
	}
	if (state == FM_IN_YAML)
		return diag_error(d, file, 1, 1,
				  "front matter opened by this '---' line is never closed "
				  "(a line '---' or '...' must end it)");
	return 0;
}
