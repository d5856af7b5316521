#include "datetime.h"

#include <ctype.h>

/* A cursor over the text being parsed. */
typedef struct {
	const char *p, *end;
} cur_t;

/* Reads exactly n digits. */
static bool read_digits(cur_t *c, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (c->p >= c->end || !isdigit((unsigned char)*c->p))
			return false;
		v = v * 10 + (*c->p++ - '0');
	}
	*out = v;
	return true;
}

/* Reads one or two digits (YAML allows "2017-3-3" and "1:02:03"). */
static bool read_1or2(cur_t *c, int *out)
{
	if (!read_digits(c, 1, out))
		return false;
	int d;
	cur_t save = *c;
	if (read_digits(c, 1, &d))
		*out = *out * 10 + d;
	else
		*c = save;
	return true;
}

static bool eat(cur_t *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static void skip_spaces(cur_t *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static bool days_ok(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Z, +hh:mm, +hhmm, +hh; returns false on a malformed offset. */
static bool read_offset(cur_t *c, int32_t *off, bool *found)
{
	*found = false;
	if (eat(c, 'Z') || eat(c, 'z')) {
		*off = 0;
		*found = true;
		return true;
	}
	if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
		return true;
	int sign = *c->p++ == '-' ? -1 : 1;
	int hh, mm = 0;
	if (!read_1or2(c, &hh))
		return false;
	if (eat(c, ':')) {
		if (!read_digits(c, 2, &mm))
			return false;
	} else {
		cur_t save = *c;
		if (!read_digits(c, 2, &mm))
			*c = save, mm = 0;
	}
	if (hh > 23 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	*found = true;
	return true;
}

bool datetime_parse(str_t s, int32_t default_off, value_time_t *out)
{
	cur_t c = { s.p, s.p + s.n };
	skip_spaces(&c);
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int32_t nsec = 0, off = default_off;
	if (!read_digits(&c, 4, &y) || !eat(&c, '-') || !read_1or2(&c, &mo) || !eat(&c, '-') ||
	    !read_1or2(&c, &d) || !days_ok(y, mo, d))
		return false;
	cur_t after_date = c;
	skip_spaces(&c);
	bool has_time = false;
	if (c.p < c.end && (*c.p == 'T' || *c.p == 't' || c.p > after_date.p)) {
		if (*c.p == 'T' || *c.p == 't')
			c.p++;
		skip_spaces(&c);
		if (c.p < c.end) {
			if (!read_1or2(&c, &h) || !eat(&c, ':') || !read_digits(&c, 2, &mi))
				return false;
			if (eat(&c, ':') && !read_digits(&c, 2, &sec))
				return false;
			if (eat(&c, '.')) {
				int digits = 0;
				while (c.p < c.end && isdigit((unsigned char)*c.p)) {
					if (digits < 9)
						nsec = nsec * 10 + (*c.p - '0'), digits++;
					c.p++;
				}
				if (!digits)
					return false;
				while (digits++ < 9)
					nsec *= 10;
			}
			if (h > 23 || mi > 59 || sec > 60)
				return false;
			has_time = true;
			skip_spaces(&c);
			bool found;
			if (!read_offset(&c, &off, &found))
				return false;
		}
	} else {
		c = after_date;
	}
	skip_spaces(&c);
	if (c.p != c.end)
		return false;
	*out = value_time_make(y, mo, d, h, mi, sec, nsec, off);
	out->date_only = !has_time;
	return true;
}
