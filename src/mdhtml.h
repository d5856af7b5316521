/* mdhtml.h - raw HTML blocks in Markdown, read as Jekyll's kramdown reads them.
 *
 * CommonMark ends an HTML block at a blank line, so in
 *
 *     <div class="col-lg-6">
 *       <h2>Title</h2>
 *
 *       <p>Text…</p>
 *     </div>
 *
 * the indented <p> line becomes an indented code block and the reader sees
 * escaped tags. kramdown keeps everything up to the closing tag as HTML, and
 * content written for Jekyll (the seeds among it) relies on that. */
#ifndef PNYX_MDHTML_H
#define PNYX_MDHTML_H

#include "buf.h"
#include "str.h"

/* Appends src to out with one change: a line indented by 4 or more columns
 * that follows a blank line while a block-level HTML element (div, section,
 * table, ul, …) opened on an earlier HTML line is still open loses its
 * indentation, so it is read as HTML (or text), never as code. Fenced code
 * blocks are left alone. Returns without change when nothing applies. */
void mdhtml_dedent(str_t src, buf_t *out);

#endif
