/* frontmatter.h - splitting a source file into YAML front matter and body. */
#ifndef PNYX_FRONTMATTER_H
#define PNYX_FRONTMATTER_H

#include <stdbool.h>

#include "diag.h"
#include "str.h"

typedef struct {
	bool present;    /* the file starts with a line "---" */
	str_t yaml;      /* text between the delimiter lines (may be empty) */
	int yaml_line;   /* line of the file where `yaml` starts (1-based) */
	str_t body;      /* everything after the closing line */
	int body_line;   /* line of the file where `body` starts */
} frontmatter_t;

/* Splits src. A UTF-8 byte-order mark is skipped; CRLF line ends are
 * accepted on the delimiter lines ("---", and "..." or "---" to close,
 * trailing spaces allowed). A file not starting with "---" has no front
 * matter: body is the whole file. Returns 0, or -1 after adding an error
 * when the front matter never closes (at the opening line) or the file
 * is not valid UTF-8 (at the first bad byte). */
int frontmatter_split(const char *file, str_t src, frontmatter_t *out, diag_list_t *d);

#endif
