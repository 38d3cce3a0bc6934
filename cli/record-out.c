/* record-out.c: parse results as JSON Lines or TSV.
 *
 * The lines are made in the caller's outbuf, which goes to stdio only when
 * full (the printing was ~13k instructions a message, mostly stdio calls
 * per field). */
#include "cli/record-out.h"

#include <string.h>
#include <time.h>

#include "cli/timefmt.h"
#include "util/json.h"
#include "util/outbuf.h"

/* ,"key": with its length, for a key that follows another */
#define KEY(k) ",\"" k "\":", sizeof(",\"" k "\":") - 1

static void put_key(struct outbuf *o, const char *key, size_t keylen, const char *val)
{
	outbuf_put(o, key, keylen);
	json_put_string(o, val);
}

static void print_json(struct outbuf *o, const char *origin, const struct parse_result *res,
		       const struct bounce_record *r)
{
	char ts[32];

	outbuf_put(o, "{\"origin\":", 10);
	json_put_string(o, origin);
	put_key(o, KEY("recipient"), r->recipient);
	put_key(o, KEY("alias"), r->alias);
	put_key(o, KEY("deliverystatus"), r->deliverystatus);
	put_key(o, KEY("replycode"), r->replycode);
	put_key(o, KEY("reason"), reason_name(r->reason));
	if (r->hardbounce)
		outbuf_puts(o, ",\"hardbounce\":true");
	else
		outbuf_puts(o, ",\"hardbounce\":false");
	put_key(o, KEY("action"), r->action);
	put_key(o, KEY("diagnosticcode"), r->diagnosticcode);
	put_key(o, KEY("diagnostictype"), r->diagnostictype);
	put_key(o, KEY("rhost"), r->rhost);
	put_key(o, KEY("lhost"), r->lhost);
	put_key(o, KEY("command"), r->command);
	put_key(o, KEY("timestamp"), cli_iso_time(r->timestamp, ts, sizeof(ts), ""));
	put_key(o, KEY("addresser"), res->msg.addresser);
	put_key(o, KEY("messageid"), res->msg.messageid);
	put_key(o, KEY("subject"), res->msg.subject);
	put_key(o, KEY("listid"), res->msg.listid);
	put_key(o, KEY("feedbacktype"), r->feedbacktype);
	put_key(o, KEY("token"), r->token);
	put_key(o, KEY("decodedby"), r->decodedby);
	put_key(o, KEY("rule"), r->rule);
	outbuf_put(o, "}\n", 2);
}

/* TSV cells must not hold tabs or newlines: each becomes a space. */
static void put_cell(struct outbuf *o, const char *s, int last)
{
	for (;;) {
		size_t n = strcspn(s, "\t\n\r");

		outbuf_put(o, s, n);
		if (!s[n])
			break;
		outbuf_putc(o, ' ');
		s += n + 1;
	}
	outbuf_putc(o, last ? '\n' : '\t');
}

void record_print_tsv_header(struct outbuf *o)
{
	outbuf_puts(o, "origin\trecipient\treason\tstatus\treplycode\thardbounce\tdecodedby\trule\t"
		       "diagnosticcode\n");
}

void record_print(struct outbuf *o, enum record_format f, const char *origin,
		  const struct parse_result *res)
{
	for (size_t i = 0; i < res->n_records; i++) {
		const struct bounce_record *r = &res->records[i];

		if (f == RECORD_JSON) {
			print_json(o, origin, res, r);
			continue;
		}
		put_cell(o, origin, 0);
		put_cell(o, r->recipient, 0);
		put_cell(o, reason_name(r->reason), 0);
		put_cell(o, r->deliverystatus, 0);
		put_cell(o, r->replycode, 0);
		put_cell(o, r->hardbounce ? "true" : "false", 0);
		put_cell(o, r->decodedby, 0);
		put_cell(o, r->rule, 0);
		put_cell(o, r->diagnosticcode, 1);
	}
}
