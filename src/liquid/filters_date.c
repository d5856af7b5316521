/* filters_date.c - the date filter (Ruby's strftime) and Jekyll's date
 * filters (date_to_xmlschema, date_to_rfc822, date_to_string,
 * date_to_long_string).
 *
 * Inputs are read as Liquid's Utils.to_date does: a time value, an integer
 * or a digit string (seconds since the epoch), "now"/"today", or a date
 * string. Strings without an offset are read as UTC, so that output never
 * depends on the machine's time zone. Month and day names come from the
 * host's date_names hook (English when it gives none), except in the
 * machine formats (xmlschema, RFC 822), which are always English. */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "../datetime.h"
#include "filters_common.h"

static const char *const en_months[12] = { "January", "February", "March",     "April",
					   "May",     "June",     "July",      "August",
					   "September", "October", "November", "December" };
static const char *const en_days[7] = { "Sunday",   "Monday", "Tuesday", "Wednesday",
					"Thursday", "Friday", "Saturday" };

/* Seconds since the epoch we accept: years stay within an int. */
#define MAX_EPOCH ((int64_t)1 << 53)

/* ---- reading dates ---- */

typedef struct {
	const char *p, *end;
} cur_t;

static int month_from_word(str_t w)
{
	if (w.n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(en_months[m]);
		if (w.n > full)
			continue;
		if (strncasecmp(w.p, en_months[m], w.n) == 0 &&
		    (w.n == 3 || w.n == full || (m == 8 && w.n == 4)))
			return m + 1;
	}
	return 0;
}

static bool is_weekday_word(str_t w)
{
	if (w.n < 3)
		return false;
	for (int d = 0; d < 7; d++) {
		size_t full = strlen(en_days[d]);
		if (w.n <= full && strncasecmp(w.p, en_days[d], w.n) == 0 && (w.n == 3 || w.n == full))
			return true;
	}
	return false;
}

static bool read_int(cur_t *c, int maxdigits, int *out, int *ndigits)
{
	int v = 0, n = 0;
	while (c->p < c->end && isdigit((unsigned char)*c->p) && n < maxdigits) {
		v = v * 10 + (*c->p++ - '0');
		n++;
	}
	*out = v;
	*ndigits = n;
	return n > 0;
}

/* hh:mm[:ss[.frac]] [am|pm] */
static bool read_clock(cur_t *c, int first, int *h, int *mi, int *s, int32_t *ns)
{
	int nd;
	*h = first;
	c->p++; /* ':' */
	if (!read_int(c, 2, mi, &nd) || nd != 2)
		return false;
	*s = 0;
	*ns = 0;
	if (c->p < c->end && *c->p == ':') {
		c->p++;
		if (!read_int(c, 2, s, &nd) || nd != 2)
			return false;
		if (c->p < c->end && *c->p == '.') {
			c->p++;
			int digits = 0;
			while (c->p < c->end && isdigit((unsigned char)*c->p)) {
				if (digits < 9)
					*ns = *ns * 10 + (*c->p - '0'), digits++;
				c->p++;
			}
			while (digits++ < 9)
				*ns *= 10;
		}
	}
	const char *save = c->p;
	while (c->p < c->end && *c->p == ' ')
		c->p++;
	if (c->end - c->p >= 2 && (c->p[1] == 'm' || c->p[1] == 'M') &&
	    (c->end - c->p == 2 || !isalpha((unsigned char)c->p[2]))) {
		char ap = (char)tolower((unsigned char)c->p[0]);
		if (ap == 'a' || ap == 'p') {
			if (*h < 1 || *h > 12)
				return false;
			*h = *h % 12 + (ap == 'p' ? 12 : 0);
			c->p += 2;
			return *h < 24 && *mi < 60 && *s <= 60;
		}
	}
	c->p = save;
	return *h < 24 && *mi < 60 && *s <= 60;
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* A free-form date as people write it: "March 14, 2016", "14 Mar 2016
 * 10:00", "Tue, 11 Sep 2001 12:46:30 +0000", "2016/03/14", "03/14/2016".
 * A year, a month and a day are required (the day defaults to 1 after a
 * month name); weekday names are ignored; any other word fails. */
static bool parse_loose(str_t s, value_time_t *out)
{
	cur_t c = { s.p, s.p + s.n };
	int y = -1, m = 0, d = 0, h = 0, mi = 0, sec = 0;
	int32_t ns = 0, off = 0;
	bool have_time = false, have_off = false;
	int loose[3], nloose = 0;
	while (c.p < c.end) {
		unsigned char ch = (unsigned char)*c.p;
		if (ch == ' ' || ch == ',' || ch == '\t' || ch == '.') {
			c.p++;
		} else if (isalpha(ch)) {
			const char *w0 = c.p;
			while (c.p < c.end && isalpha((unsigned char)*c.p))
				c.p++;
			str_t w = str_from(w0, (size_t)(c.p - w0));
			int mon = month_from_word(w);
			if (mon && !m)
				m = mon;
			else if ((w.n == 3 && (!strncasecmp(w.p, "UTC", 3) || !strncasecmp(w.p, "GMT", 3))) ||
				 (w.n == 1 && (*w.p == 'Z' || *w.p == 'z')))
				have_off = true, off = 0;
			else if (!is_weekday_word(w) &&
				 !(w.n == 2 && nloose && (!strncasecmp(w.p, "st", 2) || !strncasecmp(w.p, "nd", 2) ||
							  !strncasecmp(w.p, "rd", 2) || !strncasecmp(w.p, "th", 2))) &&
				 !(w.n == 2 && !strncasecmp(w.p, "of", 2)) && !(w.n == 2 && !strncasecmp(w.p, "at", 2)))
				return false;
		} else if ((ch == '+' || ch == '-') && c.p + 1 < c.end && isdigit((unsigned char)c.p[1]) &&
			   (have_time || m)) {
			/* an offset: +hhmm, +hh:mm, +hh */
			int sign = ch == '-' ? -1 : 1, hh, mm = 0, nd;
			c.p++;
			read_int(&c, 2, &hh, &nd);
			if (c.p < c.end && *c.p == ':')
				c.p++;
			if (c.p < c.end && isdigit((unsigned char)*c.p) && (!read_int(&c, 2, &mm, &nd) || nd != 2))
				return false;
			if (hh > 23 || mm > 59)
				return false;
			off = sign * (hh * 3600 + mm * 60);
			have_off = true;
		} else if (isdigit(ch)) {
			int v, nd;
			read_int(&c, 9, &v, &nd);
			if (c.p < c.end && *c.p == ':' && !have_time && nd <= 2) {
				if (!read_clock(&c, v, &h, &mi, &sec, &ns))
					return false;
				have_time = true;
			} else if (c.p < c.end && (*c.p == '/' || *c.p == '-') && c.p + 1 < c.end &&
				   isdigit((unsigned char)c.p[1]) && nloose == 0 && y < 0) {
				/* a/b/c: y/m/d when a has 4 digits, else m/d/y */
				char sep = *c.p++;
				int b, cc, nb, nc;
				read_int(&c, 2, &b, &nb);
				if (c.p >= c.end || *c.p != sep)
					return false;
				c.p++;
				if (!read_int(&c, 4, &cc, &nc))
					return false;
				if (nd == 4)
					y = v, m = b, d = cc;
				else if (nc == 4)
					m = v, d = b, y = cc;
				else
					return false;
			} else if (nd == 4 && y < 0) {
				y = v;
			} else if (nd <= 2 && nloose < 3) {
				loose[nloose++] = v;
			} else {
				return false;
			}
		} else {
			return false;
		}
	}
	if (nloose && !d)
		d = loose[0];
	if (m && !d)
		d = 1;
	if (y < 0 || !valid_date(y, m, d))
		return false;
	*out = value_time_make(y, m, d, h, mi, sec, ns, have_off ? off : 0);
	out->date_only = !have_time && !have_off;
	return true;
}

static value_time_t now_time(liquid_ctx_t *ctx)
{
	/* site.time keeps builds reproducible (SOURCE_DATE_EPOCH) */
	value_t *site = liquid_ctx_lookup(ctx, STR_LIT("site"));
	value_t *t = site ? value_get_cstr(site, "time") : NULL;
	if (t && t->kind == VALUE_TIME)
		return t->t;
	value_time_t v = { (int64_t)time(NULL), 0, 0, false };
	return v;
}

static bool epoch_time(int64_t sec, value_time_t *out)
{
	if (sec > MAX_EPOCH || sec < -MAX_EPOCH)
		return false;
	*out = (value_time_t){ sec, 0, 0, false };
	return true;
}

bool filters_to_time(liquid_ctx_t *ctx, const value_t *v, value_time_t *out)
{
	if (filters_is_nil(v))
		return false;
	if (v->kind == VALUE_TIME) {
		*out = v->t;
		return true;
	}
	if (v->kind == VALUE_INT)
		return epoch_time(v->i, out);
	if (v->kind != VALUE_STRING || v->s.n == 0)
		return false;
	str_t s = v->s;
	if ((s.n == 3 && !strncasecmp(s.p, "now", 3)) || (s.n == 5 && !strncasecmp(s.p, "today", 5))) {
		*out = now_time(ctx);
		return true;
	}
	bool digits = true;
	for (size_t i = 0; i < s.n && digits; i++)
		digits = isdigit((unsigned char)s.p[i]);
	if (digits) {
		int64_t sec = 0;
		for (size_t i = 0; i < s.n; i++) {
			if (sec > MAX_EPOCH)
				return false;
			sec = sec * 10 + (s.p[i] - '0');
		}
		return epoch_time(sec, out);
	}
	return datetime_parse(s, 0, out) || parse_loose(s, out);
}

/* ---- strftime ---- */

static const liquid_date_names_t *date_names(liquid_ctx_t *ctx)
{
	const liquid_host_t *h = liquid_ctx_host(ctx);
	return h && h->date_names ? h->date_names(h->ud, ctx) : NULL;
}

static const char *month_name(const liquid_date_names_t *dn, int m, bool abbr, char tmp[4])
{
	const char *n = dn ? (abbr ? dn->months_abbr[m] : dn->months[m]) : NULL;
	if (n)
		return n;
	if (!abbr)
		return en_months[m];
	memcpy(tmp, en_months[m], 3);
	tmp[3] = '\0';
	return tmp;
}

static const char *day_name(const liquid_date_names_t *dn, int d, bool abbr, char tmp[4])
{
	const char *n = dn ? (abbr ? dn->days_abbr[d] : dn->days[d]) : NULL;
	if (n)
		return n;
	if (!abbr)
		return en_days[d];
	memcpy(tmp, en_days[d], 3);
	tmp[3] = '\0';
	return tmp;
}

/* ISO 8601 week-numbering year and week of a broken-down date. */
static void iso_week(const struct tm *tm, int *year, int *week)
{
	int y = tm->tm_year + 1900;
	int wday = (tm->tm_wday + 6) % 7; /* Monday = 0 */
	int w = (tm->tm_yday - wday + 10) / 7;
	if (w < 1) {
		y--;
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int yday = tm->tm_yday + 365 + leap;
		w = (yday - wday + 10) / 7;
	} else {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (w == 53 && (tm->tm_yday - wday) >= (365 + leap) - 3)
			w = 1, y++;
	}
	*year = y;
	*week = w;
}

typedef struct {
	bool no_pad, space_pad, zero_pad, upper, swap;
	int colons;
	int width;  /* -1 when not given */
} spec_t;

static void put_padded(buf_t *out, const spec_t *sp, const char *text, bool numeric, char defpad,
		       int defwidth)
{
	size_t n = strlen(text);
	int width = sp->width >= 0 ? sp->width : defwidth;
	char pad = sp->space_pad ? ' ' : sp->zero_pad ? '0' : numeric ? defpad : ' ';
	if (sp->no_pad)
		width = 0;
	bool neg = numeric && text[0] == '-';
	if (neg && pad == '0') {
		buf_putc(out, '-');
		text++, n--, width--;
	}
	for (int i = (int)n; i < width; i++)
		buf_putc(out, pad);
	if (!sp->upper && !sp->swap) {
		buf_put(out, text, n);
		return;
	}
	filters_upcase(str_from(text, n), out);
}

static void put_num(buf_t *out, const spec_t *sp, long long v, int width, char pad)
{
	char t[32];
	snprintf(t, sizeof t, "%lld", v);
	put_padded(out, sp, t, true, pad, width);
}

static void put_text(buf_t *out, const spec_t *sp, const char *s)
{
	put_padded(out, sp, s, false, ' ', 0);
}

static void format_offset(buf_t *out, const spec_t *sp, int32_t off)
{
	char t[32];
	int a = off < 0 ? -off : off;
	char sign = off < 0 ? '-' : '+';
	if (sp->colons == 1)
		snprintf(t, sizeof t, "%c%02d:%02d", sign, a / 3600, a % 3600 / 60);
	else if (sp->colons >= 2)
		snprintf(t, sizeof t, "%c%02d:%02d:%02d", sign, a / 3600, a % 3600 / 60, a % 60);
	else
		snprintf(t, sizeof t, "%c%02d%02d", sign, a / 3600, a % 3600 / 60);
	put_padded(out, sp, t, false, ' ', 0);
}

static void strftime_into(liquid_ctx_t *ctx, value_time_t t, str_t fmt, buf_t *out, int depth);

static void composite(liquid_ctx_t *ctx, value_time_t t, const char *f, buf_t *out,
		      const spec_t *sp, int depth)
{
	if (sp->width < 0 && !sp->upper) {
		strftime_into(ctx, t, str_cstr(f), out, depth + 1);
		return;
	}
	buf_t tmp = BUF_INIT;
	strftime_into(ctx, t, str_cstr(f), &tmp, depth + 1);
	put_padded(out, sp, buf_cstr(&tmp), false, ' ', 0);
	buf_free(&tmp);
}

static void conversion(liquid_ctx_t *ctx, value_time_t t, const struct tm *tm, char c,
		       const spec_t *sp, buf_t *out, int depth)
{
	const liquid_date_names_t *dn = date_names(ctx);
	char tmp[4];
	long long year = (long long)tm->tm_year + 1900;
	int h12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
	switch (c) {
	case 'Y': put_num(out, sp, year, year < 0 ? 5 : 4, '0'); break;
	case 'C': put_num(out, sp, year >= 0 ? year / 100 : (year - 99) / 100, 2, '0'); break;
	case 'y': put_num(out, sp, ((year % 100) + 100) % 100, 2, '0'); break;
	case 'm': put_num(out, sp, tm->tm_mon + 1, 2, '0'); break;
	case 'd': put_num(out, sp, tm->tm_mday, 2, '0'); break;
	case 'e': put_num(out, sp, tm->tm_mday, 2, ' '); break;
	case 'j': put_num(out, sp, tm->tm_yday + 1, 3, '0'); break;
	case 'H': put_num(out, sp, tm->tm_hour, 2, '0'); break;
	case 'k': put_num(out, sp, tm->tm_hour, 2, ' '); break;
	case 'I': put_num(out, sp, h12, 2, '0'); break;
	case 'l': put_num(out, sp, h12, 2, ' '); break;
	case 'M': put_num(out, sp, tm->tm_min, 2, '0'); break;
	case 'S': put_num(out, sp, tm->tm_sec, 2, '0'); break;
	case 'u': put_num(out, sp, tm->tm_wday ? tm->tm_wday : 7, 1, '0'); break;
	case 'w': put_num(out, sp, tm->tm_wday, 1, '0'); break;
	case 's': put_num(out, sp, (long long)t.sec, 1, '0'); break;
	case 'U': put_num(out, sp, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
	case 'W': put_num(out, sp, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
	case 'G':
	case 'g':
	case 'V': {
		int iy, iw;
		iso_week(tm, &iy, &iw);
		if (c == 'V')
			put_num(out, sp, iw, 2, '0');
		else if (c == 'G')
			put_num(out, sp, iy, 4, '0');
		else
			put_num(out, sp, ((iy % 100) + 100) % 100, 2, '0');
		break;
	}
	case 'L':
	case 'N': {
		/* the width is the number of digits, truncated, not rounded */
		int digits = sp->width > 0 ? sp->width : c == 'L' ? 3 : 9;
		char d[10];
		snprintf(d, sizeof d, "%09d", (int)t.nsec);
		for (int i = 0; i < digits; i++)
			buf_putc(out, i < 9 ? d[i] : '0');
		break;
	}
	case 'A': put_text(out, sp, day_name(dn, tm->tm_wday, false, tmp)); break;
	case 'a': put_text(out, sp, day_name(dn, tm->tm_wday, true, tmp)); break;
	case 'B': put_text(out, sp, month_name(dn, tm->tm_mon, false, tmp)); break;
	case 'b':
	case 'h': put_text(out, sp, month_name(dn, tm->tm_mon, true, tmp)); break;
	case 'p':
	case 'P': {
		bool lower = c == 'P' || sp->swap;
		const char *s = tm->tm_hour < 12 ? (lower ? "am" : "AM") : (lower ? "pm" : "PM");
		spec_t s2 = *sp;
		s2.swap = false;
		put_text(out, &s2, s);
		break;
	}
	case 'z':
		format_offset(out, sp, t.date_only ? 0 : t.utc_off);
		break;
	case 'Z':
		put_text(out, sp, t.date_only ? "+00:00" : t.utc_off == 0 ? "UTC" : "");
		break;
	case 'c': composite(ctx, t, "%a %b %e %H:%M:%S %Y", out, sp, depth); break;
	case 'D':
	case 'x': composite(ctx, t, "%m/%d/%y", out, sp, depth); break;
	case 'F': composite(ctx, t, "%Y-%m-%d", out, sp, depth); break;
	case 'T':
	case 'X': composite(ctx, t, "%H:%M:%S", out, sp, depth); break;
	case 'R': composite(ctx, t, "%H:%M", out, sp, depth); break;
	case 'r': composite(ctx, t, "%I:%M:%S %p", out, sp, depth); break;
	case 'v': composite(ctx, t, "%e-%^b-%Y", out, sp, depth); break;
	case '+': composite(ctx, t, "%a %b %e %H:%M:%S %Z %Y", out, sp, depth); break;
	case 'n': buf_putc(out, '\n'); break;
	case 't': buf_putc(out, '\t'); break;
	case '%': put_text(out, sp, "%"); break;
	}
}

static void strftime_into(liquid_ctx_t *ctx, value_time_t t, str_t fmt, buf_t *out, int depth)
{
	if (t.date_only) {
		/* a bare date formats as Ruby's Date: midnight, offset 0 */
		struct tm d;
		value_time_to_tm(t, &d);
		t = value_time_make(d.tm_year + 1900, d.tm_mon + 1, d.tm_mday, 0, 0, 0, 0, 0);
		t.date_only = true;
	}
	struct tm tm;
	value_time_to_tm(t, &tm);
	for (size_t i = 0; i < fmt.n; i++) {
		if (fmt.p[i] != '%' || i + 1 >= fmt.n) {
			buf_putc(out, fmt.p[i]);
			continue;
		}
		size_t start = i++;
		spec_t sp = { false, false, false, false, false, 0, -1 };
		for (; i < fmt.n; i++) {
			char f = fmt.p[i];
			if (f == '-')
				sp.no_pad = true;
			else if (f == '_')
				sp.space_pad = true;
			else if (f == '0')
				sp.zero_pad = true;
			else if (f == '^')
				sp.upper = true;
			else if (f == '#')
				sp.swap = true;
			else
				break;
		}
		while (i < fmt.n && fmt.p[i] >= '0' && fmt.p[i] <= '9') {
			sp.width = (sp.width < 0 ? 0 : sp.width) * 10 + (fmt.p[i] - '0');
			if (sp.width > 1024)
				sp.width = 1024; /* a hostile width stays bounded */
			i++;
		}
		while (i < fmt.n && fmt.p[i] == ':')
			sp.colons++, i++;
		if (i >= fmt.n) {
			buf_put(out, fmt.p + start, fmt.n - start);
			break;
		}
		char c = fmt.p[i];
		if (!strchr("YCymdejHkIlMSuwsUWGgVLNAaBbhpPzZcDxFTXRrv+nt%", c) || depth > 2 ||
		    (sp.colons && c != 'z')) {
			/* an unknown directive prints as written */
			buf_put(out, fmt.p + start, i + 1 - start);
			continue;
		}
		conversion(ctx, t, &tm, c, &sp, out, depth);
	}
}

void filters_strftime(liquid_ctx_t *ctx, value_time_t t, str_t fmt, buf_t *out)
{
	strftime_into(ctx, t, fmt, out, 0);
}

/* ---- filters ---- */

static value_t *f_date(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
		       value_t *kwargs)
{
	ARITY("date", 1, 1);
	str_t fmt = filters_to_s(ctx, argv[0]);
	value_time_t t;
	if (fmt.n == 0 || !filters_to_time(ctx, in, &t))
		return in ? in : value_nil();
	buf_t b = BUF_INIT;
	filters_strftime(ctx, t, fmt, &b);
	return filters_buf(ctx, &b);
}

/* Jekyll's time(): a date it cannot read is an error. */
static bool jekyll_time(liquid_ctx_t *ctx, const char *name, value_t *in, value_time_t *t)
{
	if (filters_to_time(ctx, in, t))
		return true;
	str_t s = filters_to_s(ctx, in);
	liquid_ctx_error(ctx, "%s: invalid date '%.*s'", name, (int)s.n, s.p);
	return false;
}

static bool empty_input(liquid_ctx_t *ctx, value_t *in)
{
	return filters_is_nil(in) || filters_to_s(ctx, in).n == 0;
}

static value_t *f_date_to_xmlschema(liquid_ctx_t *ctx, value_t *in, size_t argc,
				    value_t **argv, value_t *kwargs)
{
	ARITY("date_to_xmlschema", 0, 0);
	value_time_t t;
	if (empty_input(ctx, in))
		return in ? in : value_nil();
	if (!jekyll_time(ctx, "date_to_xmlschema", in, &t))
		return value_nil();
	buf_t b = BUF_INIT;
	filters_strftime(ctx, t, STR_LIT("%Y-%m-%dT%H:%M:%S%:z"), &b);
	return filters_buf(ctx, &b);
}

static value_t *f_date_to_rfc822(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				 value_t *kwargs)
{
	ARITY("date_to_rfc822", 0, 0);
	value_time_t t;
	if (empty_input(ctx, in))
		return in ? in : value_nil();
	if (!jekyll_time(ctx, "date_to_rfc822", in, &t))
		return value_nil();
	/* always English: RFC 822 names are not words of a language */
	if (t.date_only) {
		struct tm d;
		value_time_to_tm(t, &d);
		t = value_time_make(d.tm_year + 1900, d.tm_mon + 1, d.tm_mday, 0, 0, 0, 0, 0);
	}
	struct tm tm;
	value_time_to_tm(t, &tm);
	buf_t b = BUF_INIT;
	buf_printf(&b, "%.3s, %02d %.3s %04d %02d:%02d:%02d ", en_days[tm.tm_wday], tm.tm_mday,
		   en_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	int a = t.utc_off < 0 ? -t.utc_off : t.utc_off;
	buf_printf(&b, "%c%02d%02d", t.utc_off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	return filters_buf(ctx, &b);
}

static const char *ordinal_suffix(int day)
{
	if (day % 100 >= 11 && day % 100 <= 13)
		return "th";
	switch (day % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

/* date_to_string / date_to_long_string: "27 Jan 2011", with "ordinal"
 * "27th Jan 2011", and "ordinal", "US" "Jan 27th, 2011". */
static value_t *stringify_date(liquid_ctx_t *ctx, const char *name, value_t *in, size_t argc,
			       value_t **argv, const char *month)
{
	value_time_t t;
	if (empty_input(ctx, in))
		return in ? in : value_nil();
	if (!jekyll_time(ctx, name, in, &t))
		return value_nil();
	bool ordinal = argc >= 1 && str_eq_cstr(filters_to_s(ctx, argv[0]), "ordinal");
	bool us = argc >= 2 && str_eq_cstr(filters_to_s(ctx, argv[1]), "US");
	buf_t fmt = BUF_INIT;
	if (ordinal) {
		struct tm tm;
		value_time_to_tm(t, &tm);
		if (us)
			buf_printf(&fmt, "%s %d%s, %%Y", month, tm.tm_mday, ordinal_suffix(tm.tm_mday));
		else
			buf_printf(&fmt, "%d%s %s %%Y", tm.tm_mday, ordinal_suffix(tm.tm_mday), month);
	} else {
		buf_printf(&fmt, "%%d %s %%Y", month);
	}
	buf_t b = BUF_INIT;
	filters_strftime(ctx, t, buf_str(&fmt), &b);
	buf_free(&fmt);
	return filters_buf(ctx, &b);
}

static value_t *f_date_to_string(liquid_ctx_t *ctx, value_t *in, size_t argc, value_t **argv,
				 value_t *kwargs)
{
	ARITY("date_to_string", 0, 2);
	return stringify_date(ctx, "date_to_string", in, argc, argv, "%b");
}

static value_t *f_date_to_long_string(liquid_ctx_t *ctx, value_t *in, size_t argc,
				      value_t **argv, value_t *kwargs)
{
	ARITY("date_to_long_string", 0, 2);
	return stringify_date(ctx, "date_to_long_string", in, argc, argv, "%B");
}

const filters_entry_t filters_date_table[] = {
	{ "date", f_date },
	{ "date_to_xmlschema", f_date_to_xmlschema },
	{ "date_to_rfc822", f_date_to_rfc822 },
	{ "date_to_string", f_date_to_string },
	{ "date_to_long_string", f_date_to_long_string },
	{ NULL, NULL },
};
