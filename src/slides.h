/* slides.h - slide decks: one Markdown page, many slides.
 *
 * A deck is a page with `layout: slides` or in the `slides` collection. Its
 * body (after Liquid) is split at each line holding only `---` (outside
 * fenced code): each part is one slide. Inside a slide:
 *   <!-- class: title -->       classes for the slide's <section>
 *   <!-- notes: text -->        speaker notes (several may be given)
 *   a line `Notes:`             everything after it is speaker notes
 * The rest is Markdown, rendered as any page's. */
#ifndef PNYX_SLIDES_H
#define PNYX_SLIDES_H

#include <stddef.h>

#include "arena.h"
#include "str.h"

typedef struct {
	str_t body;        /* Markdown of the slide (settings and notes taken out) */
	str_t notes;       /* Markdown of the speaker notes ("" when none) */
	const char *cls;   /* classes from <!-- class: … -->, "" when none */
	int line;          /* line of the source where the slide starts (1-based, relative to src) */
} slide_t;

typedef struct {
	slide_t *items;
	size_t n;
} slide_list_t;

/* Splits a deck's Markdown into slides (allocated from a). A deck always
 * has at least one slide; empty parts (two separators in a row) are kept
 * as empty slides so numbering follows the source. */
void slides_split(arena_t *a, str_t src, slide_list_t *out);
/* The number of slides slides_split would find, without allocating. */
size_t slides_count(str_t src);

#endif
