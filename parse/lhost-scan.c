/* lhost-scan.c: readers of a whole text shared by the decoders (see
 * lhost-util.h): DSN field blocks pasted in a body, address-then-error
 * blocks, X-Failed-Recipients, and the command, remote host and nested
 * reply found in a diagnostic. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

int lhost_scan_text(const char *s, size_t n, const struct lhost_scan *sc, struct parse_result *res)
{
	const char *pos = s, *line;
	size_t ll, tl;
	bool reading = sc->start == NULL;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];
	int touched = 0;

	while (text_next_line(s, n, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (!reading) {
			reading = (lhost_starts_any(lhost_ln(t, tl), sc->start) >= 0);
			continue;
		}
		if ((lhost_starts_any(lhost_ln(t, tl), sc->end) >= 0))
			break;
		if (tl == 0) {
			if (sc->stop_at_blank_after_diag && cur && cur->diagnosticcode[0])
				cur = NULL;
			continue;
		}
		if (lhost_line_is_addr(t, tl, addr, sizeof(addr)) ||
		    (sc->addr_first_word && memchr(t, ' ', tl) &&
		     lhost_line_is_addr(t, (size_t)((const char *)memchr(t, ' ', tl) - t), addr, sizeof(addr)))) {
			cur = lhost_record_for(res, addr);
			if (!cur)
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? touched : -1;
			touched++;
			if (sc->addr_first_word && memchr(t, ' ', tl)) {
				const char *sp = memchr(t, ' ', tl);

				lhost_diag_add(cur, sp, tl - (size_t)(sp - t));
			}
			continue;
		}
		if (cur)
			lhost_diag_add(cur, t, tl);
	}
	return touched;
}

/* SMTP command named in a transcript, in the wordings of Exim and its kin
 * (searched case-insensitively). */
static const struct lhost_command_row command_texts[] = {
	{"after end of data", "DATA"}, {"for TEXT command", "DATA"}, {"after DATA", "DATA"},
	{"after RCPT", "RCPT"},        {"RCPT TO:", "RCPT"},         {"after MAIL", "MAIL"},
	{"MAIL FROM:", "MAIL"},        {"after EHLO", "EHLO"},       {"after HELO", "HELO"},
	{"after AUTH", "AUTH"},        {"after STARTTLS", "STARTTLS"}, {NULL, NULL},
};

void lhost_command_from_text(struct bounce_record *r)
{
	size_t dl = strlen(r->diagnosticcode);

	if (r->command[0])
		return;
	for (const struct lhost_command_row *c = command_texts; c->marker; c++) {
		if (text_find_ci(r->diagnosticcode, dl, c->marker)) {
			(void)snprintf(r->command, sizeof(r->command), "%s", c->command);
			return;
		}
	}
}

/* "host mx.example.jp [192.0.2.1]:" or "host: mx.example.jp" in the text. */
void lhost_rhost_from_text(struct bounce_record *r)
{
	const char *d = r->diagnosticcode, *p;
	size_t n;

	if (r->rhost[0])
		return;
	for (p = d; (p = text_strstr(p, "host")) != NULL; p += 4) {
		const char *h = p + 4;

		if (p > d && p[-1] != ' ')
			continue;
		if (*h == ':')
			h++;
		if (*h != ' ')
			continue;
		while (*h == ' ')
			h++;
		n = strcspn(h, " :[(");
		if (n > 3 && memchr(h, '.', n)) {
			lhost_set(r, r->rhost, sizeof(r->rhost), h, n);
			return;
		}
	}
}

/* Fields read before a block's Final-Recipient belong to it too. */
static void merge_pending(struct bounce_record *r, const struct bounce_record *p)
{
	if (!r->deliverystatus[0])
		memcpy(r->deliverystatus, p->deliverystatus, sizeof(r->deliverystatus));
	if (!r->diagnosticcode[0]) {
		lhost_diag_copy(r, p);
	}
	if (!r->action[0])
		memcpy(r->action, p->action, sizeof(r->action));
	if (!r->rhost[0])
		memcpy(r->rhost, p->rhost, sizeof(r->rhost));
	if (!r->lhost[0])
		memcpy(r->lhost, p->lhost, sizeof(r->lhost));
	/* (not what p's setters knew of p's own fields) */
	r->flags |= p->flags & ~(LHOST_F_RCPT_FIXED | LHOST_F_DIAG_FACTS);
}

int lhost_scan_fields(const char *s, size_t n, const char *start, struct parse_result *res)
{
	const char *pos = start ? lhost_after_line(s, n, start) : s, *line;
	struct bounce_record pending, *cur = NULL;
	char addr[BOUNCE_ADDR_MAX], lhost[BOUNCE_LINE_MAX] = "";
	size_t ll;
	bool is_rcpt, in_diag = false;
	int touched = 0;

	if (!pos)
		return 0;
	lhost_record_empty(&pending);
	while (text_next_line(s, n, &pos, &line, &ll)) {
		struct bounce_record *into = cur ? cur : &pending;

		if (ll == 0) { /* a blank line ends the recipient's block */
			cur = NULL;
			in_diag = false;
			lhost_record_empty(&pending);
			continue;
		}
		if (in_diag && (line[0] == ' ' || line[0] == '\t')) {
			lhost_diag_add(into, line, ll);
			continue;
		}
		in_diag = false;
		if (!lhost_dsn_field(line, ll, addr, sizeof(addr), into, &is_rcpt))
			continue;
		in_diag = lhost_starts_ci(lhost_ln(line, ll), "Diagnostic-Code:");
		if (into->lhost[0] && !lhost[0])
			memcpy(lhost, into->lhost, sizeof(lhost));
		if (!is_rcpt)
			continue;
		cur = lhost_record_for(res, addr);
		if (!cur)
			return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? touched : -1;
		touched++;
		merge_pending(cur, &pending);
		lhost_record_empty(&pending);
		if (!cur->lhost[0])
			memcpy(cur->lhost, lhost, sizeof(lhost));
	}
	return touched;
}

bool lhost_inner_reply(struct bounce_record *r)
{
	char *d = r->diagnosticcode, *p, *gt;
	char inner[BOUNCE_TEXT_MAX], outer[BOUNCE_TEXT_MAX];

	for (p = d; (p = strchr(p, '<')) != NULL; p++) {
		char st[16];

		if (p[1] < '2' || p[1] > '5' || !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]) ||
		    p[4] != ' ' || !(gt = strchr(p, '>')))
			continue;
		memcpy(r->replycode, p + 1, 3);
		r->replycode[3] = '\0';
		if (text_find_status(p + 5, (size_t)(gt - p - 5), st, sizeof(st)))
			memcpy(r->deliverystatus, st, sizeof(st));
		/* put the remote reply first, where status readers look */
		(void)snprintf(inner, sizeof(inner), "%.*s", (int)(gt - p - 1), p + 1);
		(void)snprintf(outer, sizeof(outer), "%.*s%s", (int)(p - d), d, gt + 1);
		/* one byte longer than d was ("<>" gone, " ()" come): a full
		 * d loses its ")" */
		if (str_printf(d, sizeof(r->diagnosticcode), "%s (%s)", inner, outer))
			r->flags |= BOUNCE_F_TRUNCATED;
		lhost_diag_touched(r);
		return true;
	}
	return false;
}

void lhost_dsn_merge(const char *dsn, size_t n, struct bounce_record *r)
{
	const char *pos = dsn, *line;
	char addr[BOUNCE_ADDR_MAX];
	size_t ll;
	bool is_rcpt, mine = false;

	while (text_next_line(dsn, n, &pos, &line, &ll)) {
		struct bounce_record tmp;

		lhost_record_empty(&tmp);
		if (!lhost_dsn_field(line, ll, addr, sizeof(addr), &tmp, &is_rcpt))
			continue;
		if (is_rcpt) {
			mine = strcmp(addr, r->recipient) == 0;
			continue;
		}
		if (!mine)
			continue;
		if (tmp.deliverystatus[0] && !r->deliverystatus[0])
			memcpy(r->deliverystatus, tmp.deliverystatus, sizeof(tmp.deliverystatus));
		if (tmp.action[0] && !r->action[0])
			memcpy(r->action, tmp.action, sizeof(tmp.action));
		if (tmp.rhost[0] && !r->rhost[0])
			memcpy(r->rhost, tmp.rhost, sizeof(tmp.rhost));
		if (tmp.diagnosticcode[0] && !r->diagnosticcode[0]) {
			lhost_diag_copy(r, &tmp);
		}
	}
}

int lhost_failed_recipients(const struct mail_view *v, struct parse_result *res)
{
	const char *failed = hdr_get(&v->head, "x-failed-recipients"), *p, *end;
	char addr[BOUNCE_ADDR_MAX];
	int added = 0;

	for (p = failed; p && *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (!text_extract_address(p, (size_t)(end - p), addr, sizeof(addr)))
			continue;
		if (!lhost_record_for(res, addr))
			return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? added : -1;
		added++;
	}
	return added;
}

int lhost_rcpt_block_read(const struct mail_view *v, struct lhost_ds *ds,
			  const struct lhost_rcpt_block *b)
{
	struct parse_result *res = ds->res;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = b->start == NULL;
	char pending[BOUNCE_TEXT_MAX] = "";
	struct bounce_record scratch; /* takes the truncation flag of pending */

	/* no line starts the block when its first line's text is nowhere in
	 * the body: one search of it, not a look at every line (X2 is tried
	 * on every mailer-daemon's message) */
	if (b->start && !text_find(v->body, v->body_len, b->start))
		return 0;
	lhost_record_empty(&scratch);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l), addr, rest = {NULL, 0};
		struct bounce_record *r;

		if (!reading) {
			reading = lhost_starts(b->start_trimmed ? t : l, b->start);
			continue;
		}
		if (b->end && lhost_starts(l, b->end))
			break;
		if (!t.n || (b->skip_dash && t.s[0] == '-'))
			continue;
		if (b->rcpt(l, t, &addr, &rest)) {
			if (!(r = lhost_ds_new(ds)))
				return -1;
			(void)lhost_set_addr(r, false, addr.s, addr.n);
			if (b->error_first) {
				(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), pending);
				lhost_diag_touched(r);
				pending[0] = '\0';
			} else if (rest.n) {
				LHOST_SET(r, diagnosticcode, rest);
			}
			continue;
		}
		if (b->error_first) {
			lhost_append(&scratch, pending, sizeof(pending), t.s, t.n);
		} else if (lhost_ds_count(ds)) {
			r = &res->records[ds->cur];
			if (b->text)
				b->text(r, l, t);
			else
				LHOST_APPEND(r, diagnosticcode, t);
		}
	}
	return 0;
}
