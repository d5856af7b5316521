#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Length of the well-formed sequence starting at s[i], or 0 when it is not
 * one. The second-byte ranges follow Unicode's table of well-formed byte
 * sequences, which is what rules out overlong forms (C0, C1, E0 80..9F,
 * F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF
 * (F4 90.., F5..FF). */
static size_t sequence_length(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n - i < len)
		return 0;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
	return len;
}

bool utf8_valid(str_t s, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0;
	while (i < s.n) {
		/* most content is ASCII: skip it eight bytes at a time */
		if (s.n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = sequence_length(p, i, s.n);
		if (!len) {
			if (bad)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

void utf8_position(str_t s, size_t offset, int *line, int *col)
{
	if (offset > s.n)
		offset = s.n;
	int l = 1, c = 1;
	for (size_t i = 0; i < offset; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
