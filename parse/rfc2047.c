/* rfc2047.c: encoded words in header values ("=?iso-2022-jp?B?...?=").
 *
 * Adjacent encoded words of the same charset are joined as bytes before
 * conversion: mailers split ISO-2022-JP and multibyte UTF-8 text in the
 * middle of an escape sequence or character, so decoding word by word
 * gives garbage (QUIRKS.md). Text outside encoded words is raw 8-bit
 * (valid UTF-8 kept, else the fallback charset).
 */
#include <string.h>
#include <strings.h>

#include "parse/mime.h"

#define RFC2047_MAX_WORD 1024 /* an encoded word is 75 bytes; tolerate long ones, boundedly */

struct ew {
	const char *charset;
	size_t charset_len;
	char enc;              /* 'B' or 'Q' */
	const char *text;
	size_t text_len;
	size_t total;          /* bytes from "=?" to after "?=" */
};

/* Parse an encoded word at s[0..n) (s starts with "=?"). */
static bool rfc2047_word(const char *s, size_t n, struct ew *w)
{
	size_t i = 2, lim = n < RFC2047_MAX_WORD ? n : RFC2047_MAX_WORD;

	w->charset = s + 2;
	while (i < lim && s[i] != '?' && s[i] != ' ' && s[i] != '\n')
		i++;
	if (i + 3 >= lim || s[i] != '?' || i == 2)
		return false;
	w->charset_len = i - 2;
	w->enc = (char)(s[i + 1] & ~0x20);
	if ((w->enc != 'B' && w->enc != 'Q') || s[i + 2] != '?')
		return false;
	i += 3;
	w->text = s + i;
	/* its end, the first "?=" before lim, with no LF before it: found
	 * by memchr() (a byte loop cost ~260 instructions a word; the text
	 * has no '?' in it but at its end) */
	{
		const char *q = s + i, *stop = s + lim - 1; /* a '?' at q < stop has a byte after it */

		while (q < stop && (q = memchr(q, '?', (size_t)(stop - q))) != NULL && q[1] != '=')
			q++;
		if (!q || q >= stop || memchr(w->text, '\n', (size_t)(q - w->text)))
			return false;
		i = (size_t)(q - s);
	}
	w->text_len = (size_t)(s + i - w->text);
	w->total = i + 2;
	/* RFC 2231 language suffix: "utf-8*en" */
	{
		const char *star = memchr(w->charset, '*', w->charset_len);

		if (star)
			w->charset_len = (size_t)(star - w->charset);
	}
	return true;
}

/* A Q-encoded text: quoted-printable once each '_' is a space (changed
 * in a copy on the stack, when it has one: not a call a byte, nor a
 * malloc() a word). n < RFC2047_MAX_WORD (rfc2047_word()). */
static void rfc2047_q(const char *s, size_t n, struct mime_buf *out)
{
	char tmp[RFC2047_MAX_WORD];

	if (!n)
		return;
	if (!memchr(s, '_', n)) {
		transfer_qp(s, n, out);
		return;
	}
	if (n > sizeof(tmp))
		n = sizeof(tmp);
	memcpy(tmp, s, n);
	for (size_t i = 0; i < n; i++)
		if (tmp[i] == '_')
			tmp[i] = ' ';
	transfer_qp(tmp, n, out);
}

static void rfc2047_flush(struct charset_cache *cc, char *cs, struct mime_buf *pend,
			  struct mime_buf *out)
{
	if (pend->len)
		charset_to_utf8(cc, cs, pend->p, pend->len, out);
	if (pend->nomem)
		out->nomem = true;
	pend->len = 0;
}

/* The words' decoded bytes wait in a buffer on the stack when the value
 * is shorter than it (most are): they are never more than the value's
 * own bytes (transfer_base64() and transfer_qp() reserve no more than
 * they read), so it never grows and is not freed; else in a malloc'd
 * one, as before. */
#define RFC2047_PEND_STACK 512

void rfc2047_decode(struct charset_cache *cc, const char *in, size_t n, struct mime_buf *out)
{
	char stack[RFC2047_PEND_STACK];
	struct mime_buf pend = {0};
	char cs[64] = "";
	size_t i = 0, lit = 0; /* lit: start of pending literal text */
	bool after_word = false;

	if (n < sizeof(stack)) {
		pend.p = stack;
		pend.cap = sizeof(stack);
	}
	while (i < n) {
		const char *eq = memchr(in + i, '=', n - i);
		struct ew w;

		if (!eq)
			break;
		i = (size_t)(eq - in);
		if (!(i + 1 < n && in[i + 1] == '?') || !rfc2047_word(in + i, n - i, &w)) {
			i++;
			continue;
		}
		/* literal text before the word; only white space between two
		 * words is dropped (RFC 2047 section 6.2) */
		if (i > lit) {
			bool blank = true;

			for (size_t k = lit; k < i; k++)
				if (in[k] != ' ' && in[k] != '\t' && in[k] != '\n')
					blank = false;
			if (!(blank && after_word)) {
				rfc2047_flush(cc, cs, &pend, out);
				charset_to_utf8(cc, NULL, in + lit, i - lit, out);
			}
		}
		if (w.charset_len >= sizeof(cs) ||
		    strncasecmp(cs, w.charset, w.charset_len) != 0 || cs[w.charset_len] != '\0') {
			rfc2047_flush(cc, cs, &pend, out);
			if (w.charset_len >= sizeof(cs))
				w.charset_len = sizeof(cs) - 1;
			memcpy(cs, w.charset, w.charset_len);
			cs[w.charset_len] = '\0';
		}
		if (w.enc == 'B')
			transfer_base64(w.text, w.text_len, &pend);
		else
			rfc2047_q(w.text, w.text_len, &pend);
		i += w.total;
		lit = i;
		after_word = true;
	}
	rfc2047_flush(cc, cs, &pend, out);
	if (n > lit)
		charset_to_utf8(cc, NULL, in + lit, n - lit, out);
	if (pend.nomem)
		out->nomem = true;
	if (pend.p != stack)
		mime_buf_free(&pend);
}
