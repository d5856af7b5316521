/* fuzz_markdown.c - the Markdown step of a page: raw HTML dedent, then
 * cmark-gfm with heading ids and French typography; and heading slugs. */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/buf.h"
#include "../../src/markdown.h"
#include "../../src/mdhtml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		markdown_init();
		ready = 1;
	}
	str_t src = str_from((const char *)data, size);
	buf_t md = BUF_INIT, html = BUF_INIT, slug = BUF_INIT;
	mdhtml_dedent(src, &md);
	markdown_opts_t o = { .heading_ids = true, .french_typography = true,
			      .hardbreaks = size > 0 && (data[0] & 1) };
	markdown_render(buf_str(&md), &o, &html);
	markdown_slug(src, &slug);
	if (slug.n == 0)
		abort(); /* empty text gives "section" */
	buf_free(&md);
	buf_free(&html);
	buf_free(&slug);
	return 0;
}
