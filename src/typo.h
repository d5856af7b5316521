/* typo.h - French typography on a parsed Markdown tree (libcmark-gfm).
 *
 * typo_french edits only the literals of text nodes: code spans, code
 * blocks, raw HTML (inline and block) and the URLs and titles of links and
 * images are never touched; the text of a link's label (and an image's alt
 * text) is. The rules:
 *
 *   - before ; ! ?  a narrow no-break space (U+202F), before : a no-break
 *     space (U+00A0); before » and after « a no-break space (U+00A0);
 *   - an ordinary space there is replaced (a run of spaces becomes one), a
 *     U+00A0 or U+202F already there is kept, and one is inserted when a
 *     word (or a closing mark such as ')' or '»') is directly followed by
 *     the punctuation: "Bonjour!" gives "Bonjour !";
 *   - nothing is inserted at the start of a block, after a line break or a
 *     tab, after an opening bracket ( [ {, nor inside a run of ; ! ? :
 *     ("Quoi ?!" has one space, before the run);
 *   - a mark followed directly by a character that continues a word is left
 *     alone: URLs (http://x.org/?a=1, mailto:x), times and ratios (10:17,
 *     1:2), "std::vector". A mark at the end of a URL ("voir
 *     http://x.org !") is ordinary punctuation.
 *
 * The character before the mark may lie in an earlier node of the same
 * block: after emphasis ("**mot**!") the last character of its text counts;
 * after a code span, its last character counts (so "`make`!" gets its
 * space, inserted outside the code); raw inline HTML is transparent. A
 * space to replace at the end of an earlier text node is replaced there.
 * Paragraphs, headings, list items and table cells are separate blocks.
 *
 * Adjacent text nodes are merged first (cmark_consolidate_text_nodes),
 * which renders the same. Time and memory are linear in the text size. */
#ifndef PNYX_TYPO_H
#define PNYX_TYPO_H

#include <cmark-gfm.h>

/* Applies the French rules above to every text node under root (which may
 * be NULL). */
void typo_french(cmark_node *root);

#endif
