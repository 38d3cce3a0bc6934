/* address.c: e-mail addresses in bounce text (see text.h). */
#include <string.h>

#include "parse/bounce.h"
#include "parse/text.h"
#include "util/str.h"

static bool addr_char(char c)
{
	/* not blank, not a delimiter that surrounds addresses in prose (a
	 * switch, not strchr: this runs on every byte around every '@') */
	switch (c) {
	case '<': case '>': case '(': case ')': case '[': case ']': case ',': case ';': case ':':
	case '"': case '\'': case '`': case '{': case '}': case '|': case '\\': case 0x7F:
		return false;
	default:
		return (unsigned char)c > ' ';
	}
}

static void addr_trim(char *a)
{
	size_t n = strlen(a), i = 0;

	while (i < n && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n'))
		i++;
	while (n > i && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\n' || a[n - 1] == '.'))
		n--;
	memmove(a, a + i, n - i);
	a[n - i] = '\0';
}

bool address_normalise(char *addr)
{
	char *at;
	size_t n;

	addr_trim(addr);
	if (str_has_prefix_ci(addr, "rfc822;")) {
		memmove(addr, addr + 7, strlen(addr + 7) + 1);
		addr_trim(addr);
	}
	for (;;) { /* <...>, "...", '...' around the whole thing */
		n = strlen(addr);
		if (n >= 2 && ((addr[0] == '<' && addr[n - 1] == '>') ||
			       (addr[0] == '"' && addr[n - 1] == '"') ||
			       (addr[0] == '\'' && addr[n - 1] == '\''))) {
			memmove(addr, addr + 1, n - 2);
			addr[n - 2] = '\0';
			addr_trim(addr);
			continue;
		}
		break;
	}
	at = strrchr(addr, '@');
	if (at)
		str_lower(at + 1);
	return address_is_valid(addr);
}

bool address_is_valid(const char *s)
{
	const char *at = strchr(s, '@'), *d;
	bool dot = false;

	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; p < at; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',')
			return false;
	d = at + 1;
	if (*d == '[')
		return strchr(d, ']') != NULL;
	if (!*d || *d == '.' || *d == '-')
		return false;
	for (const char *p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (p[1] == '.' || p[1] == '\0')
				return false;
			dot = true;
		} else if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			return false;
		}
	}
	return dot;
}

/* Copy s[b..e) to out and normalise; true when it is an address. */
static bool addr_take(const char *s, size_t b, size_t e, char *out, size_t outsz)
{
	if (e <= b || str_copyn(out, outsz, s + b, e - b))
		return false;
	return address_normalise(out);
}

bool text_extract_address(const char *s, size_t n, char *out, size_t outsz)
{
	if (!s || outsz == 0)
		return false;
	/* "<a@b>" first: the brackets settle where it starts and ends. The
	 * next '>' and '@' are remembered, so "<<<<...>" stays linear. */
	{
		const char *gt = NULL, *at = NULL, *end = s + n;

		for (size_t i = 0; i < n; i++) {
			if (s[i] != '<')
				continue;
			if (!gt || gt < s + i) {
				gt = memchr(s + i, '>', n - i);
				if (!gt)
					break;
			}
			if (at != end && (!at || at < s + i)) {
				at = memchr(s + i, '@', n - i);
				if (!at)
					at = end;
			}
			if (at < gt && (size_t)(gt - s) - i <= 2 * BOUNCE_ADDR_MAX &&
			    addr_take(s, i + 1, (size_t)(gt - s), out, outsz))
				return true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t b = i, e = i + 1;

		if (s[i] != '@')
			continue;
		while (b > 0 && addr_char(s[b - 1]))
			b--;
		if (e < n && s[e] == '[') { /* address literal: user@[192.0.2.1] */
			const char *rb = memchr(s + e, ']', n - e);

			if (rb)
				e = (size_t)(rb - s) + 1;
		}
		while (e < n && addr_char(s[e]))
			e++;
		if (b < i && str_has_prefix_ci(s + b, "rfc822;"))
			b += 7;
		if (addr_take(s, b, e, out, outsz))
			return true;
		i = e - 1;
	}
	out[0] = '\0';
	return false;
}
