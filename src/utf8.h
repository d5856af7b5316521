/* utf8.h - UTF-8 validation. */
#ifndef PNYX_UTF8_H
#define PNYX_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "str.h"

/* True when s is well-formed UTF-8 (no overlong forms, no surrogates, no
 * code point above U+10FFFF). Otherwise *bad is the offset of the first
 * byte of the first bad sequence. */
bool utf8_valid(str_t s, size_t *bad);
/* 1-based line and column (in characters) of a byte offset in s. */
void utf8_position(str_t s, size_t offset, int *line, int *col);

#endif
