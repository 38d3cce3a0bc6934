/* smtp-status.c: enhanced status code (RFC 3463, RFC 7372) -> reason.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::SMTP::Status, StandardCode), with
 * the authentication codes X.7.20-X.7.26 mapped as Sisimai 5 does
 * (authfailure; X.7.25 requireptr). See parse/THIRD-PARTY.md.
 *
 * Copyright (C) 2014-2022 azumakuniyuki, All rights reserved.
 * BSD 2-Clause License:
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 * 1. Redistributions of source code must retain the above copyright notice,
 *    this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the documentation
 *    and/or other materials provided with the distribution.
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
 * AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE
 * LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
 * CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
 * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
 * CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
 * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
 * POSSIBILITY OF SUCH DAMAGE.
 */
#include <string.h>

#include "parse/smtp-status.h"

struct status_row {
	const char *code;
	enum reason reason;
};


/* The rows, in the order of their numbers: X(class, subject, detail, reason) */
#define STATUS_ROWS(X) \
	X(2, 1, 5, REASON_DELIVERED) \
	X(4, 1, 6, REASON_HASMOVED) \
	X(4, 1, 7, REASON_REJECTED) \
	X(4, 1, 8, REASON_REJECTED) \
	X(4, 1, 9, REASON_SYSTEMERROR) \
	X(4, 2, 1, REASON_SUSPEND) \
	X(4, 2, 2, REASON_MAILBOXFULL) \
	X(4, 2, 3, REASON_EXCEEDLIMIT) \
	X(4, 2, 4, REASON_FILTERED) \
	X(4, 3, 0, REASON_SYSTEMERROR) \
	X(4, 3, 1, REASON_SYSTEMFULL) \
	X(4, 3, 2, REASON_NOTACCEPT) \
	X(4, 3, 3, REASON_SYSTEMERROR) \
	X(4, 3, 5, REASON_SYSTEMERROR) \
	X(4, 4, 0, REASON_NETWORKERROR) \
	X(4, 4, 1, REASON_EXPIRED) \
	X(4, 4, 2, REASON_NETWORKERROR) \
	X(4, 4, 3, REASON_SYSTEMERROR) \
	X(4, 4, 4, REASON_NETWORKERROR) \
	X(4, 4, 5, REASON_SYSTEMFULL) \
	X(4, 4, 6, REASON_NETWORKERROR) \
	X(4, 4, 7, REASON_EXPIRED) \
	X(4, 5, 0, REASON_NETWORKERROR) \
	X(4, 5, 3, REASON_SYSTEMERROR) \
	X(4, 5, 5, REASON_SYSTEMERROR) \
	X(4, 6, 0, REASON_CONTENTERROR) \
	X(4, 6, 2, REASON_CONTENTERROR) \
	X(4, 6, 5, REASON_CONTENTERROR) \
	X(4, 7, 0, REASON_SECURITYERROR) \
	X(4, 7, 1, REASON_BLOCKED) \
	X(4, 7, 2, REASON_BLOCKED) \
	X(4, 7, 5, REASON_SECURITYERROR) \
	X(4, 7, 6, REASON_SECURITYERROR) \
	X(4, 7, 7, REASON_SECURITYERROR) \
	X(4, 7, 12, REASON_SECURITYERROR) \
	X(4, 7, 15, REASON_SECURITYERROR) \
	X(4, 7, 16, REASON_MESGTOOBIG) \
	X(4, 7, 20, REASON_AUTHFAILURE) \
	X(4, 7, 21, REASON_AUTHFAILURE) \
	X(4, 7, 22, REASON_AUTHFAILURE) \
	X(4, 7, 23, REASON_AUTHFAILURE) \
	X(4, 7, 24, REASON_AUTHFAILURE) \
	X(4, 7, 25, REASON_REQUIREPTR) \
	X(4, 7, 26, REASON_AUTHFAILURE) \
	X(5, 1, 0, REASON_USERUNKNOWN) \
	X(5, 1, 1, REASON_USERUNKNOWN) \
	X(5, 1, 2, REASON_HOSTUNKNOWN) \
	X(5, 1, 3, REASON_USERUNKNOWN) \
	X(5, 1, 4, REASON_FILTERED) \
	X(5, 1, 6, REASON_HASMOVED) \
	X(5, 1, 7, REASON_REJECTED) \
	X(5, 1, 8, REASON_REJECTED) \
	X(5, 1, 9, REASON_SYSTEMERROR) \
	X(5, 1, 10, REASON_NOTACCEPT) \
	X(5, 2, 0, REASON_FILTERED) \
	X(5, 2, 1, REASON_FILTERED) \
	X(5, 2, 2, REASON_MAILBOXFULL) \
	X(5, 2, 3, REASON_EXCEEDLIMIT) \
	X(5, 2, 4, REASON_FILTERED) \
	X(5, 3, 0, REASON_SYSTEMERROR) \
	X(5, 3, 1, REASON_SYSTEMFULL) \
	X(5, 3, 2, REASON_NOTACCEPT) \
	X(5, 3, 3, REASON_SYSTEMERROR) \
	X(5, 3, 4, REASON_MESGTOOBIG) \
	X(5, 3, 5, REASON_SYSTEMERROR) \
	X(5, 4, 0, REASON_NETWORKERROR) \
	X(5, 4, 3, REASON_SYSTEMERROR) \
	X(5, 4, 4, REASON_HOSTUNKNOWN) \
	X(5, 5, 3, REASON_TOOMANYCONN) \
	X(5, 5, 4, REASON_SYSTEMERROR) \
	X(5, 5, 5, REASON_SYSTEMERROR) \
	X(5, 5, 6, REASON_SECURITYERROR) \
	X(5, 6, 0, REASON_CONTENTERROR) \
	X(5, 6, 1, REASON_CONTENTERROR) \
	X(5, 6, 2, REASON_CONTENTERROR) \
	X(5, 6, 3, REASON_CONTENTERROR) \
	X(5, 6, 5, REASON_CONTENTERROR) \
	X(5, 6, 6, REASON_CONTENTERROR) \
	X(5, 6, 7, REASON_CONTENTERROR) \
	X(5, 6, 8, REASON_CONTENTERROR) \
	X(5, 6, 9, REASON_CONTENTERROR) \
	X(5, 7, 0, REASON_SECURITYERROR) \
	X(5, 7, 1, REASON_SECURITYERROR) \
	X(5, 7, 2, REASON_SECURITYERROR) \
	X(5, 7, 3, REASON_SECURITYERROR) \
	X(5, 7, 4, REASON_SECURITYERROR) \
	X(5, 7, 5, REASON_SECURITYERROR) \
	X(5, 7, 6, REASON_SECURITYERROR) \
	X(5, 7, 7, REASON_SECURITYERROR) \
	X(5, 7, 8, REASON_SECURITYERROR) \
	X(5, 7, 9, REASON_SECURITYERROR) \
	X(5, 7, 10, REASON_SECURITYERROR) \
	X(5, 7, 11, REASON_SECURITYERROR) \
	X(5, 7, 13, REASON_SUSPEND) \
	X(5, 7, 14, REASON_SECURITYERROR) \
	X(5, 7, 15, REASON_SECURITYERROR) \
	X(5, 7, 16, REASON_MESGTOOBIG) \
	X(5, 7, 17, REASON_HASMOVED) \
	X(5, 7, 18, REASON_HASMOVED) \
	X(5, 7, 19, REASON_SECURITYERROR) \
	X(5, 7, 20, REASON_AUTHFAILURE) \
	X(5, 7, 21, REASON_AUTHFAILURE) \
	X(5, 7, 22, REASON_AUTHFAILURE) \
	X(5, 7, 23, REASON_AUTHFAILURE) \
	X(5, 7, 24, REASON_AUTHFAILURE) \
	X(5, 7, 25, REASON_REQUIREPTR) \
	X(5, 7, 26, REASON_AUTHFAILURE) \
	X(5, 7, 27, REASON_NOTACCEPT)

static const struct status_row status_rows[] = {
/* a row of the code c.s.d (no leading zeros) */
#define STATUS_ROW(c, s, d, r) {#c "." #s "." #d, r},
	STATUS_ROWS(STATUS_ROW)
#undef STATUS_ROW
};

/* The same rows by place, for smtp_status_reason(): class 2, 4, 5, then
 * subject (0-7), then detail (0-31); REASON_UNDEFINED (0) where no row is.
 * One load instead of a bisection's seven, each a branch that natively
 * mispredicted half the time. */
#define STATUS_SUBJECTS 8
#define STATUS_DETAILS 32
#define STATUS_PLACE(c, s, d) ((((c) == 2 ? 0 : (c) == 4 ? 1 : 2) * STATUS_SUBJECTS + (s)) * STATUS_DETAILS + (d))
#define STATUS_OUTSIDE(c, s, d, r) +((c) != 2 && (c) != 4 && (c) != 5) + ((s) >= STATUS_SUBJECTS) + ((d) >= STATUS_DETAILS)
_Static_assert(0 STATUS_ROWS(STATUS_OUTSIDE) == 0, "every row has a place in status_by_place");
#define STATUS_BY_PLACE(c, s, d, r) [STATUS_PLACE(c, s, d)] = (unsigned char)(r),
static const unsigned char status_by_place[3 * STATUS_SUBJECTS * STATUS_DETAILS] = {
	STATUS_ROWS(STATUS_BY_PLACE)
};

bool smtp_status_valid(const char *s)
{
	int parts = 0, digits = 0;

	if (!s || (s[0] != '2' && s[0] != '4' && s[0] != '5'))
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 3)
				return false;
		} else if (*s == '.' && digits > 0 && parts < 2) {
			parts++;
			digits = 0;
		} else {
			return false;
		}
	}
	return parts == 2 && digits > 0;
}

/* The number of digits at s (a part of a valid status: 1 to 3), into *v;
 * 0 for a part with a leading zero ("5.1.01"), which no row has. */
static size_t status_part(const char *s, unsigned *v)
{
	size_t k = 0;

	*v = 0;
	while (s[k] >= '0' && s[k] <= '9')
		*v = *v * 10 + (unsigned)(s[k++] - '0');
	return k > 1 && s[0] == '0' ? 0 : k;
}

/* The row of class c ('2', '4', '5'), subject sub and detail det; a place
 * beyond the table has no row (the assertion above). */
static enum reason status_at(char c, unsigned sub, unsigned det)
{
	if (sub >= STATUS_SUBJECTS || det >= STATUS_DETAILS)
		return REASON_UNDEFINED;
	return (enum reason)status_by_place[STATUS_PLACE(c - '0', sub, det)];
}

enum reason smtp_status_reason(const char *status)
{
	unsigned sub, det;
	size_t ks;

	/* a part with a leading zero has no row */
	if (!smtp_status_valid(status) || !(ks = status_part(status + 2, &sub)) ||
	    !status_part(status + 2 + ks + 1, &det))
		return REASON_UNDEFINED;
	return status_at(status[0], sub, det);
}

bool smtp_status_check(const char *s, enum reason *reason_r)
{
	unsigned sub, det;
	size_t ks, kd;

	/* "c.s.d", the form nearly every status has, in one pass; anything
	 * else (a part with a leading zero too) as the two calls say */
	if (s && (s[0] == '2' || s[0] == '4' || s[0] == '5') && s[1] == '.' &&
	    (ks = status_part(s + 2, &sub)) && ks <= 3 && s[2 + ks] == '.' &&
	    (kd = status_part(s + 3 + ks, &det)) && kd <= 3 && !s[3 + ks + kd]) {
		*reason_r = status_at(s[0], sub, det);
		return true;
	}
	*reason_r = smtp_status_reason(s);
	return smtp_status_valid(s);
}

const char *smtp_status_row(size_t i, enum reason *reason_r)
{
	if (i >= sizeof(status_rows) / sizeof(status_rows[0]))
		return NULL;
	*reason_r = status_rows[i].reason;
	return status_rows[i].code;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a d.d{1,3}.d{1,3} code at s (class 2, 4 or 5), 0 if none. */
static size_t code_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	i = 2;
	for (int part = 0; part < 2; part++) {
		size_t start = i;
		while (i < n && is_digit(s[i]) && i - start < 3)
			i++;
		if (i == start)
			return 0;
		if (part == 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i;
}

bool smtp_status_find(const char *text, size_t len, char *out, size_t outsz)
{
	/* a code has a '.' after its first digit: only the bytes before dots
	 * are tried (memchr), not every byte of the text */
	for (const char *dot = text + (len ? 1 : 0); dot < text + len &&
	     (dot = memchr(dot, '.', len - (size_t)(dot - text))) != NULL; dot++) {
		size_t i = (size_t)(dot - text) - 1;

		/* must stand alone: not glued to digits or dots (IPv4, versions) */
		if (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.'))
			continue;
		size_t n = code_len(text + i, len - i);
		if (n == 0 || n >= outsz)
			continue;
		if (i + n < len && (is_digit(text[i + n]) ||
				    (text[i + n] == '.' && i + n + 1 < len && is_digit(text[i + n + 1]))))
			continue;
		memcpy(out, text + i, n);
		out[n] = '\0';
		return true;
	}
	return false;
}
