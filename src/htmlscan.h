/* htmlscan.h - a small, tolerant HTML tag scanner for the checks.
 *
 * It yields the start and end tags of a document with their attributes,
 * the way a browser's tokenizer would find them: text, comments, doctypes
 * and the raw text of <script>, <style>, <textarea> and <title> are
 * skipped, so a link written inside a comment, a script or escaped code is
 * not a tag. It never reads past the slice it is given: a tag, comment or
 * quoted attribute cut by the end of the document is dropped, as a browser
 * drops it. Attribute values are given as written; htmlscan_decode turns
 * their character references (&amp; &#39; &#x2F;) into text. */
#ifndef PNYX_HTMLSCAN_H
#define PNYX_HTMLSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "str.h"

typedef struct {
	str_t name;       /* as written: "href", "HREF" */
	str_t value;      /* as written, without its quotes; empty when there is none */
	bool has_value;   /* false for a bare attribute: <input disabled> */
	size_t offset;    /* of the value (or of the name without one) in the document */
} htmlscan_attr_t;

typedef struct {
	str_t name;               /* tag name as written: "a", "IMG" */
	bool closing;             /* </a> */
	bool self_closing;        /* <br/> */
	size_t offset;            /* of the '<' in the document */
	size_t end;               /* just past its '>': text (or raw text) starts there */
	const htmlscan_attr_t *attrs; /* valid until the next htmlscan_next */
	size_t nattrs;
} htmlscan_tag_t;

typedef struct {
	str_t doc;
	size_t pos;
	htmlscan_attr_t *attrs;   /* owned, reused from tag to tag */
	size_t cap;
} htmlscan_t;

/* Starts scanning doc (not copied: it must outlive the scanner). */
void htmlscan_init(htmlscan_t *s, str_t doc);
/* Finds the next tag; false at the end of the document. */
bool htmlscan_next(htmlscan_t *s, htmlscan_tag_t *t);
void htmlscan_free(htmlscan_t *s);

/* True when the tag or attribute name equals `lower` ignoring ASCII case. */
bool htmlscan_name_is(str_t name, const char *lower);
/* The first attribute called `lower` (ASCII case ignored), or NULL. */
const htmlscan_attr_t *htmlscan_attr(const htmlscan_tag_t *t, const char *lower);
/* Appends the text of an attribute value: character references decoded
 * (numeric ones and the common named ones; an unknown one stays as
 * written), invalid code points as U+FFFD. */
void htmlscan_decode(str_t value, buf_t *out);

#endif
