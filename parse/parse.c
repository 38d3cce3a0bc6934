/* parse.c: bounce_parse(), the driver. Builds the view, lets the first
 * decoder that recognises the format fill records, then completes every
 * record the same way (address, time, reason, hard/soft, token) and
 * decides what kind of message it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/ctx.h"
#include "parse/lhost-hints.h"
#include "parse/lhost.h"
#include "parse/mime.h"
#include "parse/reason.h"
#include "parse/text.h"
#include "util/sha1.h"
#include "util/str.h"

static const struct lhost_decoder *const parse_groups[] = {lhost_providers, lhost_mtas,
							    lhost_standard};

/* Senders and subjects that say "this is a bounce" even when no decoder
 * could read a recipient out of it (then the message is MSG_UNREADABLE):
 * lower-case, each table in runs of one first byte, which its
 * parse_first_* table finds (parse_has_word()). */
static const struct text_lit bounce_senders[] = {
	/* 0-3: 'm' */
	TEXT_LIT("mailer-daemon"), TEXT_LIT("mail delivery"), TEXT_LIT("mail-daemon"), TEXT_LIT("mdaemon"),
	/* 4: 'p' */
	TEXT_LIT("postmaster"),
};
static const struct text_lit bounce_subjects[] = {
	/* 0: 'c' */
	TEXT_LIT("could not be delivered"),
	/* 1-4: 'd' */
	TEXT_LIT("delivery status notification"), TEXT_LIT("delivery failure"), TEXT_LIT("delivery has failed"),
	TEXT_LIT("delivery notification"),
	/* 5: 'f' */
	TEXT_LIT("failure notice"),
	/* 6-7: 'm' */
	TEXT_LIT("mail delivery failed"), TEXT_LIT("mail system error"),
	/* 8-13: 'n' (Exchange de, fr; es, it) */
	TEXT_LIT("non-delivery"), TEXT_LIT("nondeliverable"), TEXT_LIT("nicht zustellbar"), TEXT_LIT("non remis"),
	TEXT_LIT("no se puede entregar"), TEXT_LIT("non recapitabile"),
	/* 14: 'r' */
	TEXT_LIT("returned mail"),
	/* 15-18: 'u' (de) */
	TEXT_LIT("undelivered mail"), TEXT_LIT("undeliverable"), TEXT_LIT("undelivered message"), TEXT_LIT("unzustellbar"),
	/* 19: 'w' */
	TEXT_LIT("warning: could not send"),
	/* 20-22: ja, by their first bytes 0xe3, 0xe6, 0xe9 */
	TEXT_LIT("エラーメール"), TEXT_LIT("未送信"), TEXT_LIT("配信不能"),
};

/* The runs of the tables by their first byte: rows lo - 1 .. hi - 1 of a
 * table (lo 0: no word starts so). A word added above needs its run here
 * (test-parse-driver has a sender or subject for every word). */
struct parse_run {
	unsigned char lo, hi;
};
static const struct parse_run parse_first_senders[256] = {
	['m'] = {1, 4}, ['p'] = {5, 5},
};
static const struct parse_run parse_first_subjects[256] = {
	['c'] = {1, 1},  ['d'] = {2, 5},  ['f'] = {6, 6},  ['m'] = {7, 8},  ['n'] = {9, 14},
	['r'] = {15, 15}, ['u'] = {16, 19}, ['w'] = {20, 20}, [0xe3] = {21, 21}, [0xe6] = {22, 22},
	[0xe9] = {23, 23},
};

/* Has s (n bytes) one of the words anywhere, in any ASCII case? One pass:
 * each byte's run (most bytes start none) is compared there, instead of a
 * search of all s for each word. */
static bool parse_has_word(const char *s, size_t n, const struct text_lit *words,
			   const struct parse_run *runs)
{
	for (size_t i = 0; i < n; i++) {
		const struct parse_run *r = &runs[(unsigned char)str_lower_c(s[i])];

		for (size_t k = r->lo; k && k <= r->hi; k++) {
			const struct text_lit *w = &words[k - 1];
			size_t j = 1;

			if (n - i < w->n)
				continue;
			while (j < w->n && str_lower_c(s[i + j]) == w->s[j])
				j++;
			if (j == w->n)
				return true;
		}
	}
	return false;
}

static void parse_copy_addr(char *out, size_t outsz, const char *v, size_t n)
{
	if (v && !text_extract_address(v, n, out, outsz))
		out[0] = '\0';
}

/* RFC 2919: the identity is the part in <>, the rest a label. Few
 * bounces quote a list: out of line, so parse_message()'s hot path
 * spans fewer I-cache lines. */
static __attribute__((noinline, cold)) void parse_copy_listid(struct bounce_message *m, const char *s)
{
	const char *lt = strrchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (gt)
		text_copy_trim(m->listid, sizeof(m->listid), lt + 1, (size_t)(gt - lt - 1));
	else
		text_copy_trim(m->listid, sizeof(m->listid), s, strlen(s));
}

/* Facts about the message as a whole (res->msg). */
static void parse_facts(const struct mail_view *v, struct parse_result *res)
{
	struct bounce_message *m = &res->msg;
	const struct header_list *o = v->has_orig ? &v->orig : NULL;
	const char *s;
	size_t n; /* each value's length, kept with it (view.h): no strlen() */

	if (o) {
		/* (read by their lengths: hdr_get_text() need not copy them) */
		s = hdr_get_text(o, "from", &n);
		parse_copy_addr(m->addresser, sizeof(m->addresser), s, n);
		if (!m->addresser[0]) {
			s = hdr_get_text(o, "return-path", &n);
			parse_copy_addr(m->addresser, sizeof(m->addresser), s, n);
		}
		if ((s = hdr_get_text(o, "message-id", &n)))
			text_copy_trim(m->messageid, sizeof(m->messageid), s, n);
		if ((s = hdr_get_text(o, "subject", &n)))
			text_copy_trim(m->subject, sizeof(m->subject), s, n);
		if ((s = hdr_get(o, "list-id")))
			parse_copy_listid(m, s);
	}
	if (!m->addresser[0]) { /* a bounce goes back to the sender */
		s = hdr_get_n(&v->head, "to", &n);
		parse_copy_addr(m->addresser, sizeof(m->addresser), s, n);
	}
	if ((s = hdr_get_n(&v->head, "message-id", &n)))
		text_copy_trim(m->bounce_messageid, sizeof(m->bounce_messageid), s, n);
	if ((s = hdr_get_n(&v->head, "date", &n)))
		m->date = (time_t)text_parse_date(s, n);
}

/* The tables of parse_decode()'s rows (lhost-hints.h), 64 rows a table, in
 * the order it walks them: a group of r rows has r / 64 + 1 (its last one
 * may be empty, as the walk's last step). Made once for the context (ctx.c);
 * NULL when out of memory. */
struct lhost_hints_rows *parse_allow_make(void)
{
	size_t n = 0, k = 0;
	struct lhost_hints_rows *t;

	for (size_t g = 0; g < sizeof(parse_groups) / sizeof(parse_groups[0]); g++) {
		size_t r = 0;

		while (parse_groups[g][r].name)
			r++;
		n += r / 64 + 1;
	}
	t = malloc(n * sizeof(*t));
	if (!t)
		return NULL;
	for (size_t g = 0; g < sizeof(parse_groups) / sizeof(parse_groups[0]); g++) {
		const struct lhost_decoder *d = parse_groups[g];
		size_t r;

		do {
			r = lhost_hints_rows_make(d, &t[k++]);
			d += r;
		} while (r == 64);
	}
	return t;
}

/* Run the decoder groups; returns the matching decoder's name, NULL when
 * none matched, or "" when out of memory. */
static const char *parse_decode(const struct lhost_hints_rows *allow, const struct mail_view *v,
				struct parse_result *res)
{
	struct lhost_hints hints;

	/* the facts once, then only the decoders whose rows they allow: a
	 * skipped one would have passed at its own first checks (lhost.h) */
	lhost_hints_make(v, &hints);
	for (size_t g = 0; g < sizeof(parse_groups) / sizeof(parse_groups[0]); g++) {
		const struct lhost_decoder *d = parse_groups[g];

		for (;;) { /* 64 rows at a time (a table each): a group has fewer */
			const struct lhost_hints_rows *t = allow++;

			for (uint64_t m = lhost_hints_rows_allowed(&hints, t); m; m &= m - 1) {
				const struct lhost_decoder *dec = &d[__builtin_ctzll(m)];
				size_t before = res->n_records;
				enum lhost_verdict r = dec->decode(v, res);

				if (r == LHOST_NOMEM)
					return "";
				if (r == LHOST_MATCH)
					return dec->name;
				res->n_records = before; /* a PASS leaves nothing behind */
			}
			if (t->rows != UINT64_MAX)
				break;
			d += 64;
		}
	}
	return NULL;
}

/* "00".."99": two decimal digits a step, half the divisions */
#define PARSE_DEC10(d) d "0" d "1" d "2" d "3" d "4" d "5" d "6" d "7" d "8" d "9"
static const char parse_dec2[] = PARSE_DEC10("0") PARSE_DEC10("1") PARSE_DEC10("2") PARSE_DEC10("3")
	PARSE_DEC10("4") PARSE_DEC10("5") PARSE_DEC10("6") PARSE_DEC10("7") PARSE_DEC10("8") PARSE_DEC10("9");
#undef PARSE_DEC10

/* t in decimal, as %lld writes it, at the end of out[0..24); returns
 * where it starts. Any t: the rare ones parse_decimal() leaves. */
static __attribute__((noinline, cold)) char *parse_decimal_any(long long t, char out[24])
{
	unsigned long long u = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
	char *p = out + 24;

	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, parse_dec2 + 2 * (u % 100), 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, parse_dec2 + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (t < 0)
		*--p = '-';
	return p;
}

/* parse_decimal_any() for a time of 2001..2286 (ten digits: nearly every
 * record's) by five pairs of digits, with no loop whose exit a cold
 * branch predictor misses */
static char *parse_decimal(long long t, char out[24])
{
	char *p = out + 14;
	uint32_t a, b;

	if (t < 1000000000LL || t > 9999999999LL)
		return parse_decimal_any(t, out);
	a = (uint32_t)(t / 100000000); /* 10..99 */
	b = (uint32_t)(t % 100000000);
	memcpy(p, parse_dec2 + 2 * a, 2);
	memcpy(p + 2, parse_dec2 + 2 * (b / 1000000), 2);
	b %= 1000000;
	memcpy(p + 4, parse_dec2 + 2 * (b / 10000), 2);
	b %= 10000;
	memcpy(p + 6, parse_dec2 + 2 * (b / 100), 2);
	memcpy(p + 8, parse_dec2 + 2 * (b % 100), 2);
	return p;
}

#ifndef __SSE2__
/* "000102...feff": the two hex digits of every byte value, so a digest
 * byte is written with one two-byte copy */
#define PARSE_HEX16(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char parse_hex[] = PARSE_HEX16("0") PARSE_HEX16("1") PARSE_HEX16("2") PARSE_HEX16("3")
	PARSE_HEX16("4") PARSE_HEX16("5") PARSE_HEX16("6") PARSE_HEX16("7") PARSE_HEX16("8") PARSE_HEX16("9")
	PARSE_HEX16("a") PARSE_HEX16("b") PARSE_HEX16("c") PARSE_HEX16("d") PARSE_HEX16("e") PARSE_HEX16("f");
#undef PARSE_HEX16
#endif

/* The digest in lower-case hex at out[0..40) */
static void parse_hex40(const unsigned char dig[SHA1_LEN], char out[40])
{
#ifdef __SSE2__
	/* sixteen digits a step: the high and the low nibbles of eight bytes
	 * interleaved, each nibble n made '0' + n, plus 39 from 10 on ('a') */
	unsigned char in[32] = {0};
	const __m128i m4 = _mm_set1_epi8(0x0F), nine = _mm_set1_epi8(9);

	memcpy(in, dig, SHA1_LEN);
	for (int k = 0; k < 2; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(in + 16 * k));
		__m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), m4), lo = _mm_and_si128(x, m4);
		__m128i a = _mm_unpacklo_epi8(hi, lo), b = _mm_unpackhi_epi8(hi, lo);

		a = _mm_add_epi8(_mm_add_epi8(a, _mm_set1_epi8('0')),
				 _mm_and_si128(_mm_cmpgt_epi8(a, nine), _mm_set1_epi8('a' - '0' - 10)));
		b = _mm_add_epi8(_mm_add_epi8(b, _mm_set1_epi8('0')),
				 _mm_and_si128(_mm_cmpgt_epi8(b, nine), _mm_set1_epi8('a' - '0' - 10)));
		if (k == 0) {
			_mm_storeu_si128((__m128i *)(void *)out, a);
			_mm_storeu_si128((__m128i *)(void *)(out + 16), b);
		} else { /* bytes 16..19: eight digits */
			_mm_storel_epi64((__m128i *)(void *)(out + 32), a);
		}
	}
#else
	for (int i = 0; i < SHA1_LEN; i++)
		memcpy(out + 2 * i, parse_hex + 2 * dig[i], 2);
#endif
}

/* al: strnlen(addresser, BOUNCE_ADDR_MAX), the same for every record of
 * a message (measured once by parse_view()) */
static void parse_token(const char *addresser, size_t al, const char *recipient, time_t t, char out[41])
{
	char buf[2 * BOUNCE_ADDR_MAX + 48], num[24];
	unsigned char dig[SHA1_LEN];
	size_t rl = strnlen(recipient, BOUNCE_ADDR_MAX), n = 0;
	const char *d = parse_decimal((long long)t, num);
	size_t dl = (size_t)(num + sizeof(num) - d);

	/* Sisimai's token format ("\x02%s\x1e%s\x1e%lld\x03"), so tokens match
	 * between the two; put together by hand: snprintf cost more than the SHA-1 */
	if (al + rl + dl + 4 > sizeof(buf)) {
		out[0] = '\0';
		return;
	}
	buf[n++] = '\x02';
	memcpy(buf + n, addresser, al);
	n += al;
	buf[n++] = '\x1e';
	memcpy(buf + n, recipient, rl);
	n += rl;
	buf[n++] = '\x1e';
	memcpy(buf + n, d, dl);
	n += dl;
	buf[n++] = '\x03';
	sha1_hash(buf, n, dig);
	parse_hex40(dig, out); /* not snprintf: 20 calls cost more than the SHA-1 */
	out[40] = '\0';
}

/* A few bytes (a decoder's name, a status) byte by byte, as str_copy()
 * copies them: natively less than its strnlen() and memmove() calls */
static void parse_copy_short(char *out, size_t outsz, const char *s)
{
	size_t k = 0;

	for (; s[k] && k + 1 < outsz; k++)
		out[k] = s[k];
	if (s[k]) /* cut: where str_copy() cuts */
		(void)str_copy(out, outsz, s);
	else
		out[k] = '\0';
}

/* Codes from the diagnostic text, as Sisimai does it (so our results
 * compare): a precise status there ("5.7.1", not "5.7.0" or "5.7.26")
 * overrides the Status field, which is often generic or wrong; the reply
 * code is only taken from the text when the decoder found none. n: the
 * diagnostic's length; returned. */
static size_t parse_codes(struct bounce_record *r, size_t n, bool no_reply, bool status_seen)
{
	const char *d = r->diagnosticcode;
	char st[16];

	/* status_seen: lhost_finish() looked for it and took it as below */
	if (!status_seen && text_find_status(d, n, st, sizeof(st))) {
		/* a status has five bytes or more: st[5] is there */
		bool precise = st[5] == '\0' && (st[0] == '4' || st[0] == '5') && st[2] != '0' && st[4] != '0';

		if (precise || !r->deliverystatus[0])
			parse_copy_short(r->deliverystatus, sizeof(r->deliverystatus), st);
	}
	if (!r->replycode[0] && !no_reply && strcasecmp(r->diagnostictype, "x-unix") != 0)
		text_find_replycode(d, n, r->replycode, sizeof(r->replycode));
	/* "550" next to status 4.0.0: one of them is wrong, and the status is
	 * the more deliberate of the two */
	if (r->replycode[0] && r->deliverystatus[0] && r->replycode[0] != r->deliverystatus[0])
		r->replycode[0] = '\0';
	/* a decoder's "542": not a reply code servers send */
	if (r->replycode[0] && !text_is_replycode(r->replycode))
		r->replycode[0] = '\0';
	return n;
}

/* "Name <a@b>" and other prose around the recipient: the address in it,
 * or false when there is none. Rare: out of line (a cold I-cache). */
static __attribute__((noinline, cold)) bool parse_extract_rcpt(struct bounce_record *r)
{
	char tmp[BOUNCE_ADDR_MAX];

	if (!text_extract_address(r->recipient, strlen(r->recipient), tmp, sizeof(tmp)))
		return false;
	str_copy(r->recipient, sizeof(r->recipient), tmp);
	return true;
}

/* Complete one record; false when it has no usable recipient. al: the
 * length of res->msg.addresser, as parse_token() takes it. */
static bool parse_finish_record(struct bounce_record *r, const struct parse_result *res, size_t al,
				const char *decodedby, const struct rhost_index *rhosts)
{
	unsigned known = r->flags & LHOST_F_PRIVATE;
	/* the decoder's lhost_finish() may have normalised it for good */
	bool fixed = (known & LHOST_F_RCPT_FIXED) != 0;
	/* the diagnostic's length, for reason_classify() too: kept by its
	 * setter (lhost_diag_known()), else measured (nothing below writes
	 * the diagnostic before parse_codes()) */
	size_t dl = lhost_diag_len(r);

	r->flags &= ~LHOST_F_PRIVATE;
	if (!fixed && !address_normalise_fixed(r->recipient, &fixed)) {
		if (!parse_extract_rcpt(r))
			return false;
		fixed = false;
	}
	/* an alias that is the recipient, byte for byte, goes: when the
	 * recipient is normalised for good, so would the alias be, to the
	 * same bytes (most decoders give both the same address) */
	if (r->alias[0] && ((fixed && strcmp(r->alias, r->recipient) == 0) || !address_normalise(r->alias) ||
			    strcmp(r->alias, r->recipient) == 0))
		r->alias[0] = '\0';
	parse_copy_short(r->decodedby, sizeof(r->decodedby), decodedby);
	if (!r->timestamp)
		r->timestamp = res->msg.date;
	if (!r->action[0] && r->reason != REASON_FEEDBACK && r->reason != REASON_VACATION)
		STR_COPY_LIT(r->action, "failed");
	dl = parse_codes(r, dl, (known & LHOST_F_NO_REPLY) != 0, (known & LHOST_F_STATUS_SEEN) != 0);
	if (r->action[0] == 'd' && strcmp(r->action, "delayed") == 0) /* whoever decoded it */
		r->flags |= BOUNCE_F_TEMPORARY;
	if (r->reason == REASON_UNDEFINED && !r->rule[0]) {
		struct reason_input in = {
			.diagnostic = r->diagnosticcode,
			.status = r->deliverystatus,
			.replycode = r->replycode,
			.rhost = r->rhost,
			.command = r->command,
			.action = r->action,
			.decodedby = r->decodedby,
			.diagtype = r->diagnostictype,
			.statuscomment = r->statuscomment,
			.rhosts = rhosts,
			.diagnostic_len = dl,
		};

		r->reason = reason_classify(&in, r->rule, sizeof(r->rule));
	}
	/* no reply code: the status's class says whether the refusal was final */
	r->hardbounce = reason_is_hard(r->reason, r->replycode[0] ? r->replycode : r->deliverystatus);
	parse_token(res->msg.addresser, al, r->recipient, r->timestamp, r->token);
	return true;
}

/* A sender or subject that says "bounce" (the tables above): why it looks
 * like one, or NULL. */
static const char *parse_bounce_header(const char *from, size_t fl, const char *subj, size_t sl)
{
	if (from && parse_has_word(from, fl, bounce_senders, parse_first_senders))
		return "sent by a mailer daemon, no recipient found";
	if (subj && parse_has_word(subj, sl, bounce_subjects, parse_first_subjects))
		return "bounce subject, no recipient found";
	return NULL;
}

/* Why the message looks like a bounce even when no decoder read it, or
 * NULL when it does not. */
static const char *parse_looks_like_bounce(const struct mail_view *v)
{
	return v->dsn ? "delivery-status part without a readable recipient"
		      : parse_bounce_header(v->from, v->from_len, v->subject, v->subject_len);
}

/* The attached message of a message no decoder read is itself a bounce: a
 * person forwarded it to the bounce address as an attachment ("Fwd:
 * Undelivered Mail ..."), or a gateway wrapped it. */
static bool parse_attached_bounce(const struct mail_view *v)
{
	struct header_ctype ct;
	const char *from, *subj;
	size_t fl, sl;

	if (!v->has_orig || !v->orig_text || !v->orig_len)
		return false;
	header_parse_ctype(hdr_get(&v->orig, "content-type"), &ct);
	if (strcmp(ct.report_type, "delivery-status") == 0)
		return true;
	from = hdr_get_n(&v->orig, "from", &fl);
	subj = hdr_get_n(&v->orig, "subject", &sl);
	return parse_bounce_header(from, fl, subj, sl) != NULL;
}

/* All records share one reason: the message kind follows from it. */
static enum message_kind parse_kind(const struct parse_result *res)
{
	static const struct {
		enum reason reason;
		enum message_kind kind;
	} uniform[] = {
		{REASON_VACATION, MSG_AUTOREPLY},
		{REASON_FEEDBACK, MSG_FEEDBACK},
		{REASON_DELIVERED, MSG_DELIVERED},
	};

	for (size_t k = 0; k < sizeof(uniform) / sizeof(uniform[0]); k++) {
		size_t i;

		for (i = 0; i < res->n_records; i++)
			if (res->records[i].reason != uniform[k].reason)
				break;
		if (i == res->n_records)
			return uniform[k].kind;
	}
	return MSG_BOUNCE;
}

/* The recipient a VERP address names (a configured pattern: off in most
 * runs, so out of line); false when out of memory. */
static __attribute__((noinline, cold)) bool parse_verp(const struct parse_ctx *ctx, const struct mail_view *v,
						       struct parse_result *res, const char **by)
{
	char verp[BOUNCE_ADDR_MAX];

	if (verp_find(ctx->verp_pattern, v, verp, sizeof(verp))) {
		if (!verp_apply(verp, res))
			return false;
		if (!*by)
			*by = "VERP";
	}
	return true;
}

/* A message left without records: unreadable when a decoder or its
 * headers say it is a bounce, else not one. like_why: as asked before, or
 * not asked yet. Rare among bounces: out of line. */
static __attribute__((noinline, cold)) void parse_no_records(const struct mail_view *v, struct parse_result *res,
							     const char *by, bool asked, const char *like_why)
{
	bool bounce_like;

	if (!asked)
		like_why = parse_looks_like_bounce(v);
	bounce_like = like_why != NULL;
	if (by || bounce_like) {
		res->kind = MSG_UNREADABLE;
		/* a decoder's own word (qmail: double bounce) wins; copied
		 * only here, as only a message without records keeps a why */
		if (bounce_like && !res->why[0])
			str_copy(res->why, sizeof(res->why), like_why);
		if (!bounce_like || !res->why[0])
			str_printf(res->why, sizeof(res->why), "%s: no recipient found", by);
	} else {
		res->kind = MSG_NOT_BOUNCE;
		str_copy(res->why, sizeof(res->why), "no decoder recognised the message");
	}
}

static enum parse_status parse_view(struct parse_ctx *ctx, const struct mail_view *v,
				    struct parse_result *res)
{
	const char *by, *like_why;
	size_t w = 0, al;
	bool bounce_like, asked;

	parse_facts(v, res);
	by = parse_decode(ctx->allow, v, res);
	if (by && !*by)
		return PARSE_NOMEM;
	/* only asked when no decoder matched, or none left a record: most
	 * bounces never need it (pure, so when it is asked does not matter) */
	asked = !by;
	like_why = asked ? parse_looks_like_bounce(v) : NULL;
	bounce_like = like_why != NULL;
	/* VERP is off in most runs: then no call (verp_find() says no at once) */
	if ((by || bounce_like) && ctx->verp_pattern[0] && !parse_verp(ctx, v, res, &by))
		return PARSE_NOMEM;
	al = strnlen(res->msg.addresser, BOUNCE_ADDR_MAX);
	for (size_t i = 0; i < res->n_records; i++)
		if (parse_finish_record(&res->records[i], res, al, by ? by : "", ctx->rhosts)) {
			if (w != i) /* a record is 2 KB: no copy onto itself */
				res->records[w] = res->records[i];
			w++;
		}
	res->n_records = w;
	if (!w) {
		parse_no_records(v, res, by, asked, like_why);
		return PARSE_OK;
	}
	res->kind = parse_kind(res);
	res->why[0] = '\0';
	return PARSE_OK;
}

/* A forwarded bounce inside a forwarded bounce: read this deep at most. */
#define PARSE_MAX_FORWARDS 3

static enum parse_status parse_message(struct parse_ctx *ctx, const char *data, size_t len,
				       const struct view_lent *lent, struct parse_result *res, int forwards);

/* A message without records whose attachment is a bounce: the
 * attachment's records (or kind) are the answer. Rare: out of line, so
 * parse_message() itself stays a few dense lines. */
static __attribute__((noinline, cold)) enum parse_status parse_forwarded(struct parse_ctx *ctx,
									 const struct mail_view *v,
									 struct parse_result *res, int forwards)
{
	struct parse_result inner;
	enum parse_status st;

	if (!parse_attached_bounce(v))
		return PARSE_OK;
	parse_result_init(&inner);
	/* (copied: the attachment is inside the outer view's text) */
	st = parse_message(ctx, v->orig_text, v->orig_len, NULL, &inner, forwards + 1);
	if (st == PARSE_OK && (inner.n_records > 0 ||
			       (res->kind == MSG_NOT_BOUNCE && inner.kind != MSG_NOT_BOUNCE))) {
		unsigned flags = res->flags;

		parse_result_clear(res);
		*res = inner; /* the records move over */
		res->flags |= flags | BOUNCE_F_FORWARDED;
	} else {
		parse_result_clear(&inner);
	}
	return st;
}

/* lent: NULL, or data's buffer, lent for this parse (bounce_parse_buf()). */
static enum parse_status parse_message(struct parse_ctx *ctx, const char *data, size_t len,
				       const struct view_lent *lent, struct parse_result *res, int forwards)
{
	struct mail_view v;
	enum parse_status st;

	parse_result_reset(res);
	if (len > ctx->max_bytes) {
		len = ctx->max_bytes;
		res->flags |= BOUNCE_F_TRUNCATED;
	}
	if (view_build_reuse(ctx->cc, &ctx->spare, data, len, lent, &v) < 0)
		return PARSE_NOMEM;
	if (v.truncated)
		res->flags |= BOUNCE_F_TRUNCATED;
	st = parse_view(ctx, &v, res);
	if (st == PARSE_OK && view_failed(&v)) /* a header value made on first use */
		st = PARSE_NOMEM;
	/* no record (not a bounce, or unreadable: "Fwd: Undelivered Mail" is
	 * bounce-like) but an attached bounce: its records are the answer */
	if (st == PARSE_OK && res->n_records == 0 && forwards < PARSE_MAX_FORWARDS)
		st = parse_forwarded(ctx, &v, res, forwards);
	view_release(&v, &ctx->spare);
	if (st != PARSE_OK)
		parse_result_clear(res);
	return st;
}

enum parse_status bounce_parse(struct parse_ctx *ctx, const char *data, size_t len,
			       struct parse_result *res)
{
	return parse_message(ctx, data, len, NULL, res, 0);
}

enum parse_status bounce_parse_buf(struct parse_ctx *ctx, char *data, size_t len, size_t cap,
				   struct parse_result *res)
{
	const struct view_lent lent = {.data = data, .cap = cap};

	return parse_message(ctx, data, len, cap ? &lent : NULL, res, 0);
}
