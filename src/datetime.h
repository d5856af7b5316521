/* datetime.h - reading dates and times as content writes them. */
#ifndef PNYX_DATETIME_H
#define PNYX_DATETIME_H

#include <stdbool.h>

#include "str.h"
#include "value.h"

/* Parses the forms front matter and Liquid meet, with surrounding spaces
 * allowed:
 *   2017-03-03                         (date_only)
 *   2017-03-03 10:17   2017-03-03 10:17:05   2017-03-03T10:17:05
 *   ... followed by a fraction (.316), and Z, +01:00, +0100, " +0100"
 * A time written without an offset is read in `default_off` (seconds east
 * of UTC, the site's time zone). Returns false when s is none of these or a
 * field is out of range (month 13, day 32, hour 24). */
bool datetime_parse(str_t s, int32_t default_off, value_time_t *out);

#endif
