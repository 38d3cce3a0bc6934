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

/* A field of the record (an array: json_put_field may read all of it). */
#define FIELD(a) (a), sizeof(a)

static void put_field(struct outbuf *o, const char *key, size_t keylen, const char *val, size_t cap)
{
	outbuf_put(o, key, keylen);
	json_put_field(o, val, cap);
}

static void print_json(struct outbuf *o, const char *origin, const struct parse_result *res,
		       const struct bounce_record *r)
{
	char ts[32] = ""; /* all of it readable: a field for json_put_field */

	outbuf_put(o, "{\"origin\":", 10);
	json_put_string(o, origin);
	put_field(o, KEY("recipient"), FIELD(r->recipient));
	put_field(o, KEY("alias"), FIELD(r->alias));
	put_field(o, KEY("deliverystatus"), FIELD(r->deliverystatus));
	put_field(o, KEY("replycode"), FIELD(r->replycode));
	put_key(o, KEY("reason"), reason_name(r->reason));
	if (r->hardbounce)
		outbuf_puts(o, ",\"hardbounce\":true");
	else
		outbuf_puts(o, ",\"hardbounce\":false");
	put_field(o, KEY("action"), FIELD(r->action));
	put_field(o, KEY("diagnosticcode"), FIELD(r->diagnosticcode));
	put_field(o, KEY("diagnostictype"), FIELD(r->diagnostictype));
	put_field(o, KEY("rhost"), FIELD(r->rhost));
	put_field(o, KEY("lhost"), FIELD(r->lhost));
	put_field(o, KEY("command"), FIELD(r->command));
	put_field(o, KEY("timestamp"), cli_iso_time(r->timestamp, ts, sizeof(ts), ""), sizeof(ts));
	put_field(o, KEY("addresser"), FIELD(res->msg.addresser));
	put_field(o, KEY("messageid"), FIELD(res->msg.messageid));
	put_field(o, KEY("subject"), FIELD(res->msg.subject));
	put_field(o, KEY("listid"), FIELD(res->msg.listid));
	put_field(o, KEY("feedbacktype"), FIELD(r->feedbacktype));
	put_field(o, KEY("token"), FIELD(r->token));
	put_field(o, KEY("decodedby"), FIELD(r->decodedby));
	put_field(o, KEY("rule"), FIELD(r->rule));
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
