/* text-date.c: lenient RFC 5322 dates ("Mon, 2 Jan 2006 15:04:05 -0700"),
 * also without weekday or seconds, with two-digit years and zone names. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/text.h"

/* The month names' three bytes, lower-case, packed as date_key() packs them:
 * one compare per month instead of three. */
#define DATE_KEY(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))
static const unsigned date_months[12] = {
	DATE_KEY('j', 'a', 'n'), DATE_KEY('f', 'e', 'b'), DATE_KEY('m', 'a', 'r'), DATE_KEY('a', 'p', 'r'),
	DATE_KEY('m', 'a', 'y'), DATE_KEY('j', 'u', 'n'), DATE_KEY('j', 'u', 'l'), DATE_KEY('a', 'u', 'g'),
	DATE_KEY('s', 'e', 'p'), DATE_KEY('o', 'c', 't'), DATE_KEY('n', 'o', 'v'), DATE_KEY('d', 'e', 'c'),
};

static char date_lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Zone names seen in Date: headers, as offsets in minutes. */
static const struct {
	const char *name;
	int minutes;
} date_zones[] = {
	{"UT", 0},        {"UTC", 0},       {"GMT", 0},       {"Z", 0},         {"EST", -300},
	{"EDT", -240},    {"CST", -360},    {"CDT", -300},    {"MST", -420},    {"MDT", -360},
	{"PST", -480},    {"PDT", -420},    {"JST", 540},     {"CET", 60},      {"CEST", 120},
	{"BST", 60},      {"KST", 540},     {"HKT", 480},     {"IST", 330},     {"MSK", 180},
};

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static long long date_days(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const char *date_skip(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == ',' || *p == '\n'))
		p++;
	return p;
}

static bool date_num(const char **pp, const char *end, int maxdigits, long *v)
{
	const char *p = *pp;
	long x = 0;
	int k = 0;

	for (unsigned d; k < maxdigits && p < end && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++, k++)
		x = x * 10 + (long)d;
	if (k == 0)
		return false;
	*v = x;
	*pp = p;
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
	for (size_t i = 0; i < sizeof(date_zones) / sizeof(date_zones[0]); i++) {
		size_t l = strlen(date_zones[i].name);

		if ((size_t)(end - p) >= l && strncasecmp(p, date_zones[i].name, l) == 0)
			return date_zones[i].minutes;
	}
	return 0;
}

long long text_parse_date(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	long day, year, hh, mm, ss = 0;
	int mon = -1;

	if (!s)
		return 0;
	p = date_skip(p, end);
	/* weekday */
	if (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
		while (p < end && *p != ',' && *p != ' ')
			p++;
		p = date_skip(p, end);
	}
	if (!date_num(&p, end, 2, &day))
		return 0;
	p = date_skip(p, end);
	if (p < end && *p == '-') /* "2-Jan-2006" */
		p++;
	if (end - p >= 3) {
		/* the three bytes lower-cased against each name (was a
		 * strncasecmp call per month) */
		unsigned key = DATE_KEY((unsigned char)date_lc(p[0]), (unsigned char)date_lc(p[1]),
					(unsigned char)date_lc(p[2]));

		for (int i = 0; i < 12; i++)
			if (key == date_months[i])
				mon = i + 1;
	}
	if (mon < 0)
		return 0;
	while (p < end && *p != ' ' && *p != '-' && *p != '\t')
		p++;
	if (p < end && *p == '-')
		p++;
	p = date_skip(p, end);
	if (!date_num(&p, end, 4, &year))
		return 0;
	if (year < 50)
		year += 2000;
	else if (year < 1000)
		year += 1900;
	p = date_skip(p, end);
	if (!date_num(&p, end, 2, &hh) || p >= end || *p != ':')
		return 0;
	p++;
	if (!date_num(&p, end, 2, &mm))
		return 0;
	if (p < end && *p == ':') {
		p++;
		if (!date_num(&p, end, 2, &ss))
			return 0;
	}
	if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970 || year > 9999)
		return 0;
	p = date_skip(p, end);
	return date_days(year, mon, (int)day) * 86400 + hh * 3600 + mm * 60 + ss -
	       (long long)date_zone(p, end) * 60;
}
