/* text-date.c: lenient RFC 5322 dates ("Mon, 2 Jan 2006 15:04:05 -0700"),
 * also without weekday or seconds, with two-digit years and zone names. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/text.h"
#include "util/str.h"

/* The month names' three bytes, lower-case, packed as date_key() packs them:
 * one compare per month instead of three. */
#define DATE_KEY(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))
static const unsigned date_months[12] = {
	DATE_KEY('j', 'a', 'n'), DATE_KEY('f', 'e', 'b'), DATE_KEY('m', 'a', 'r'), DATE_KEY('a', 'p', 'r'),
	DATE_KEY('m', 'a', 'y'), DATE_KEY('j', 'u', 'n'), DATE_KEY('j', 'u', 'l'), DATE_KEY('a', 'u', 'g'),
	DATE_KEY('s', 'e', 'p'), DATE_KEY('o', 'c', 't'), DATE_KEY('n', 'o', 'v'), DATE_KEY('d', 'e', 'c'),
};

/* Zone names seen in Date: headers, as offsets in minutes; the first
 * that starts the text in either case is the zone. Upper-case letters
 * only, with their lengths: date_zone() compares them inline (it took a
 * strlen() and a strncasecmp() call for each name tried). */
#define DATE_ZONE(s, m) {s, sizeof(s) - 1, m}
static const struct {
	const char *name;
	unsigned char len;
	int minutes;
} date_zones[] = {
	DATE_ZONE("UT", 0),    DATE_ZONE("UTC", 0),   DATE_ZONE("GMT", 0),   DATE_ZONE("Z", 0),
	DATE_ZONE("EST", -300), DATE_ZONE("EDT", -240), DATE_ZONE("CST", -360), DATE_ZONE("CDT", -300),
	DATE_ZONE("MST", -420), DATE_ZONE("MDT", -360), DATE_ZONE("PST", -480), DATE_ZONE("PDT", -420),
	DATE_ZONE("JST", 540), DATE_ZONE("CET", 60),   DATE_ZONE("CEST", 120), DATE_ZONE("BST", 60),
	DATE_ZONE("KST", 540), DATE_ZONE("HKT", 480),  DATE_ZONE("IST", 330),  DATE_ZONE("MSK", 180),
};
#undef DATE_ZONE

#define DATE_DOY(m) ((153 * ((m) > 2 ? (m) - 3 : (m) + 9) + 2) / 5)
/* The day of the year from March 1st each month starts on: a table, as
 * a branch on the month (before March or not) mispredicts */
static const unsigned short date_doy[13] = {
	0,           DATE_DOY(1), DATE_DOY(2), DATE_DOY(3),  DATE_DOY(4),  DATE_DOY(5), DATE_DOY(6),
	DATE_DOY(7), DATE_DOY(8), DATE_DOY(9), DATE_DOY(10), DATE_DOY(11), DATE_DOY(12),
};
#undef DATE_DOY

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant),
 * for a year from 1970 on (text_parse_date() refuses the others): the
 * sums in unsigned, as no era before 0 is asked for. */
static long long date_days(long y, int m, int d)
{
	unsigned yy = (unsigned)y - (m <= 2), era = yy / 400, yoe = yy - era * 400;
	unsigned doy = date_doy[m] + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (long long)era * 146097 + doe - 719468;
}

/* the bytes date_skip() passes over */
static const bool date_gap[256] = {[' '] = true, ['\t'] = true, [','] = true, ['\n'] = true};

static const char *date_skip(const char *p, const char *end)
{
	while (p < end && date_gap[(unsigned char)*p])
		p++;
	return p;
}

/* up to maxdigits digits at *pp (one at least) */
static bool date_num(const char **pp, const char *end, int maxdigits, long *v)
{
	const char *p = *pp, *stop = end - p > maxdigits ? p + maxdigits : end;
	long x = 0;

	for (unsigned d; p < stop && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		x = x * 10 + (long)d;
	if (p == *pp)
		return false;
	*v = x;
	*pp = p;
	return true;
}

/* p[0..l) is the upper-case name in either case: a byte | 0x20 is a
 * letter's lower case only when it is that letter in either case */
static bool date_name_is(const char *p, const char *name, size_t l)
{
	for (size_t k = 0; k < l; k++)
		if (((unsigned char)p[k] | 0x20) != ((unsigned char)name[k] | 0x20))
			return false;
	return true;
}

static int date_zone(const char *p, const char *end)
{
	if (p < end && (*p == '+' || *p == '-')) {
		long v;
		const char *q = p + 1;

		if (date_num(&q, end, 4, &v) && q - p == 5)
			return (*p == '-' ? -1 : 1) * (int)((v / 100) * 60 + v % 100);
		return 0;
	}
	for (size_t i = 0; i < sizeof(date_zones) / sizeof(date_zones[0]); i++)
		if ((size_t)(end - p) >= date_zones[i].len && date_name_is(p, date_zones[i].name, date_zones[i].len))
			return date_zones[i].minutes;
	return 0;
}

static bool date_digit(char c)
{
	return (unsigned)(unsigned char)c - '0' <= 9;
}

/* Each month at the slot its key hashes to (0: no month there); the
 * multiplier puts the twelve in twelve slots (were two in one, the
 * initialiser would name a slot twice, which -Woverride-init refuses) */
#define DATE_SLOT(key) ((unsigned)((key) * 0x76f9038du) >> 28)
static const unsigned char date_month_at[16] = {
	[DATE_SLOT(DATE_KEY('j', 'a', 'n'))] = 1,  [DATE_SLOT(DATE_KEY('f', 'e', 'b'))] = 2,
	[DATE_SLOT(DATE_KEY('m', 'a', 'r'))] = 3,  [DATE_SLOT(DATE_KEY('a', 'p', 'r'))] = 4,
	[DATE_SLOT(DATE_KEY('m', 'a', 'y'))] = 5,  [DATE_SLOT(DATE_KEY('j', 'u', 'n'))] = 6,
	[DATE_SLOT(DATE_KEY('j', 'u', 'l'))] = 7,  [DATE_SLOT(DATE_KEY('a', 'u', 'g'))] = 8,
	[DATE_SLOT(DATE_KEY('s', 'e', 'p'))] = 9,  [DATE_SLOT(DATE_KEY('o', 'c', 't'))] = 10,
	[DATE_SLOT(DATE_KEY('n', 'o', 'v'))] = 11, [DATE_SLOT(DATE_KEY('d', 'e', 'c'))] = 12,
};

/* The month of the three bytes at p, 1 to 12, or -1: the one month its
 * slot may hold, compared (was a compare with each name in turn). A byte
 * | 0x20 is a month's lower-case letter only when it is that letter in
 * either case, so the bytes are folded so, not lower-cased. */
static inline int date_month(const char *p)
{
	unsigned key = DATE_KEY((unsigned char)p[0] | 0x20, (unsigned char)p[1] | 0x20, (unsigned char)p[2] | 0x20);
	int m = date_month_at[DATE_SLOT(key)];

	return m && date_months[m - 1] == key ? m : -1;
}
#undef DATE_SLOT

/* Eight bytes at p as they stand in memory (little-endian: p[0] lowest) */
static uint64_t date_load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

#define DATE_B8(c) ((uint64_t)(unsigned char)(c) * 0x0101010101010101u)

/* The bytes of w that are not digits: not 0 in each such byte's place
 * (bits of its high nibble), 0 in a digit's (high nibble 3, and no carry
 * out of the low one with 6 added; a carry from a byte 0xFA or more below
 * can only make a digit look like none, and then date_general() reads
 * the date) */
static uint64_t date_nondigits(uint64_t w)
{
	return ((w & DATE_B8(0xF0)) ^ DATE_B8(0x30)) | (((w + DATE_B8(0x06)) & DATE_B8(0xF0)) ^ DATE_B8(0x30));
}

/* The fields after the weekday in any layout the reader takes ("2 Jan
 * 2006 15:04:05", "2-Jan-06 15:04", "02  January 2006 15:04:05"); false
 * when they are not there */
static bool date_general(const char **pp, const char *end, long f[5], int *mon)
{
	const char *p = *pp;

	if (!date_num(&p, end, 2, &f[0]))
		return false;
	p = date_skip(p, end);
	if (p < end && *p == '-') /* "2-Jan-2006" */
		p++;
	if (end - p < 3 || (*mon = date_month(p)) < 0)
		return false;
	while (p < end && *p != ' ' && *p != '-' && *p != '\t')
		p++;
	if (p < end && *p == '-')
		p++;
	p = date_skip(p, end);
	if (!date_num(&p, end, 4, &f[1]))
		return false;
	p = date_skip(p, end);
	if (!date_num(&p, end, 2, &f[2]) || p >= end || *p != ':')
		return false;
	p++;
	if (!date_num(&p, end, 2, &f[3]))
		return false;
	f[4] = 0;
	if (p < end && *p == ':') {
		p++;
		if (!date_num(&p, end, 2, &f[4]))
			return false;
	}
	*pp = p;
	return true;
}

static bool date_alpha(char c)
{
	return (unsigned)(((unsigned char)c | 0x20) - 'a') < 26;
}

/* "+0700" at p (four digits at least): its minutes, or INT_MIN */
static int date_offset(const char *p, const char *end)
{
	if (end - p < 5 || (p[0] != '+' && p[0] != '-') || !date_digit(p[1]) || !date_digit(p[2]) ||
	    !date_digit(p[3]) || !date_digit(p[4]))
		return INT_MIN;
	return (p[0] == '-' ? -1 : 1) * (((p[1] - '0') * 10 + (p[2] - '0')) * 60 + (p[3] - '0') * 10 + (p[4] - '0'));
}

/* Any date the reader takes: the weekday, the fields (date_general()),
 * the zone. Out of line: text_parse_date() reads most
 * dates on a straight path of its own and leaves the others here. */
static __attribute__((noinline, cold)) long long date_parse_any(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	long f[5]; /* day, year, hour, minute, second */
	int mon = -1, zone;

	if (!s)
		return 0;
	/* "Mon, 2 Jan ...", "Mon,  2 Jan": the weekday and its comma where
	 * nearly every Date: has them, the gap after them next (where the
	 * skips below come to) */
	if (n >= 4 && date_alpha(s[0]) && date_alpha(s[1]) && date_alpha(s[2]) && s[3] == ',') {
		p = date_skip(s + 4, end);
	} else {
		p = date_skip(p, end);
		/* weekday */
		if (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
			while (p < end && *p != ',' && *p != ' ')
				p++;
			p = date_skip(p, end);
		}
	}
	if (!date_general(&p, end, f, &mon))
		return 0;
	if (f[1] < 50)
		f[1] += 2000;
	else if (f[1] < 1000)
		f[1] += 1900;
	if (f[0] < 1 || f[0] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 || f[1] < 1970 || f[1] > 9999)
		return 0;
	/* " +0700" read at its place (as date_zone() reads it); else the
	 * skip and the zone's reader */
	zone = p < end && *p == ' ' ? date_offset(p + 1, end) : INT_MIN;
	if (zone == INT_MIN)
		zone = date_zone(date_skip(p, end), end);
	return date_days(f[1], mon, (int)f[0]) * 86400 + f[2] * 3600 + f[3] * 60 + f[4] - (long long)zone * 60;
}

/* The layout of " Jan 2006 15:04:05 +0700" after the day, as three loads
 * of eight bytes (q[0..8), q[8..16), q[16..24)): the bytes that must be
 * digits, and the others that must be what they are (the month's and the
 * zone's sign, free here, masked out) */
#define DATE_BYTE(c, k) ((uint64_t)(unsigned char)(c) << (8 * (k)))
#define DATE_DIG_0 (DATE_BYTE(0xF0, 5) | DATE_BYTE(0xF0, 6) | DATE_BYTE(0xF0, 7))
#define DATE_DIG_1 \
	(DATE_BYTE(0xF0, 0) | DATE_BYTE(0xF0, 2) | DATE_BYTE(0xF0, 3) | DATE_BYTE(0xF0, 5) | DATE_BYTE(0xF0, 6))
#define DATE_DIG_2                                                                                            \
	(DATE_BYTE(0xF0, 0) | DATE_BYTE(0xF0, 1) | DATE_BYTE(0xF0, 4) | DATE_BYTE(0xF0, 5) | DATE_BYTE(0xF0, 6) | \
	 DATE_BYTE(0xF0, 7))
#define DATE_FIX_0 (DATE_BYTE(0xFF, 0) | DATE_BYTE(0xFF, 4))
#define DATE_SET_0 (DATE_BYTE(' ', 0) | DATE_BYTE(' ', 4))
#define DATE_FIX_1 (DATE_BYTE(0xFF, 1) | DATE_BYTE(0xFF, 4) | DATE_BYTE(0xFF, 7))
#define DATE_SET_1 (DATE_BYTE(' ', 1) | DATE_BYTE(':', 4) | DATE_BYTE(':', 7))
#define DATE_FIX_2 DATE_BYTE(0xFF, 2)
#define DATE_SET_2 DATE_BYTE(' ', 2)

/* The word of q[16..24) when the text ends at q + 22 or q + 23 with " GMT"
 * or " UTC" after the seconds (date_zone() reads either as +0000, and
 * nothing past them is read): the seconds, the blank, then "+0000" in
 * the place of the name (the zone the caller sets); 0 (no blank at byte
 * 2: not the layout) when it has something else there. */
static uint64_t date_gmt(const char *q)
{
	if (q[18] != ' ' || !(date_name_is(q + 19, "GMT", 3) || date_name_is(q + 19, "UTC", 3)))
		return 0;
	return (date_load8(q + 14) >> 16 & 0xFFFFFFu) | DATE_BYTE('+', 3) | DATE_BYTE('0', 4) | DATE_BYTE('0', 5) |
	       DATE_BYTE('0', 6) | DATE_BYTE('0', 7);
}

/* Two digits at p as a number */
static inline long date_2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

long long text_parse_date(const char *s, size_t n);

/* Where text_parse_date()'s straight path does not read s: after the
 * blanks before it, if any, on that path again (date_parse_any() passes
 * them over, then reads the same date: a DSN field's value may have
 * them); else date_parse_any(). Out of line: not a test more on the
 * straight path. */
static __attribute__((noinline, cold)) long long date_slow(const char *s, size_t n)
{
	size_t k = 0;

	if (!s)
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k ? text_parse_date(s + k, n - k) : date_parse_any(s, n);
}

/* Nearly every date is "Mon, 2 Jan 2006 15:04:05 +0700" (the weekday or
 * not, one or two spaces before the day, one or two day digits): it is
 * read here by position, its tests joined in one, on a short path with
 * no loop and no call; a zone of "GMT" or "UTC" at its end (" +0000" to
 * date_zone()) too, as "+0000" (date_gmt()). Any other text, and any
 * field out of range, goes to date_slow(), whose date_parse_any() reads
 * this layout as it is read here. */
long long text_parse_date(const char *s, size_t n)
{
	const char *p, *q;
	char sign;
	uint64_t w0, w1, w2, bad;
	long day, year, hour, min, sec, zone;
	int mon;
	bool two, ok;

	/* the weekday's four bytes; up to two spaces; the day's first digit
	 * (a shorter text has no room for the fields after it) */
	if (!s || n < 25)
		return date_slow(s, n);
	p = s + 4 * (date_alpha(s[0]) + date_alpha(s[1]) + date_alpha(s[2]) + (s[3] == ',') == 4);
	p += *p == ' ';
	p += *p == ' ';
	two = date_digit(p[1]);
	q = p + 1 + two;
	if (!date_digit(p[0]) || s + n - q < 22)
		return date_slow(s, n);
	w0 = date_load8(q);
	w1 = date_load8(q + 8);
	if (s + n - q >= 24) {
		w2 = date_load8(q + 16);
		sign = q[19];
		zone = date_2(q + 20) * 60 + date_2(q + 22);
	} else { /* (ends in " GMT" or " UTC", or not the layout) */
		w2 = date_gmt(q);
		sign = '+';
		zone = 0;
	}
	mon = date_month(q + 1);
	/* one day digit or two, in sums (a branch on it mispredicts) */
	day = (p[0] - '0') * (1 + 9 * two) + two * (p[1] - '0');
	year = date_2(q + 5) * 100 + date_2(q + 7);
	hour = date_2(q + 10);
	min = date_2(q + 13);
	sec = date_2(q + 16);
	/* the tests joined in sums (what is wrong with the layout, then the
	 * fields' ranges), for one branch on them all */
	bad = ((w0 & DATE_FIX_0) ^ DATE_SET_0) | ((w1 & DATE_FIX_1) ^ DATE_SET_1) | ((w2 & DATE_FIX_2) ^ DATE_SET_2) |
	      (date_nondigits(w0) & DATE_DIG_0) | (date_nondigits(w1) & DATE_DIG_1) | (date_nondigits(w2) & DATE_DIG_2);
	ok = (bad == 0) & ((sign == '+') | (sign == '-')) & (mon > 0) & (day >= 1) & (day <= 31) & (year >= 1970) &
	     (hour <= 23) & (min <= 59) & (sec <= 60);
	if (!ok)
		return date_slow(s, n);
	zone *= 1 - 2 * (sign == '-'); /* in a product: the sign varies */
	return date_days(year, mon, (int)day) * 86400 + hour * 3600 + min * 60 + sec - zone * 60;
}
