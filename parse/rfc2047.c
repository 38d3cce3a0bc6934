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
	while (i + 1 < lim && !(s[i] == '?' && s[i + 1] == '=') && s[i] != '\n')
		i++;
	if (i + 1 >= lim || s[i] != '?')
		return false;
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

/* A Q-encoded text: quoted-printable once each '_' is a space (copied
 * at once, then changed in place: not a call a byte). */
static void rfc2047_q(const char *s, size_t n, struct mime_buf *out)
{
	struct mime_buf tmp = {0};

	if (n)
		mime_buf_add(&tmp, s, n);
	if (tmp.p) {
		for (size_t i = 0; i < tmp.len; i++)
			if (tmp.p[i] == '_')
				tmp.p[i] = ' ';
		transfer_qp(tmp.p, tmp.len, out);
	}
	if (tmp.nomem)
		out->nomem = true;
	mime_buf_free(&tmp);
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

void rfc2047_decode(struct charset_cache *cc, const char *in, size_t n, struct mime_buf *out)
{
	struct mime_buf pend = {0};
	char cs[64] = "";
	size_t i = 0, lit = 0; /* lit: start of pending literal text */
	bool after_word = false;

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
	mime_buf_free(&pend);
}
