/* record-out.c: parse results as JSON Lines or TSV.
 *
 * The lines are made in the caller's outbuf, which goes to stdio only when
 * full (the printing was ~13k instructions a message, mostly stdio calls
 * per field). */
#include "cli/record-out.h"

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "cli/timefmt.h"
#include "util/json.h"
#include "util/outbuf.h"

/* A record's JSON line is its fields in a fixed order, each after a
 * literal that closes the value before and opens its own: the key and the
 * quotes come from tables, and json_put_fields() copies the values straight
 * from the record's arrays (never past one). Where a value lives: */
enum { IN_RECORD, IN_MESSAGE, IN_EXTRA };

/* What a record has only as a number, made readable as a field. */
struct rec_extra {
	char ts[32]; /* the timestamp, "" when none */
};

#define F(lit, in, type, m) {lit, sizeof(lit) - 1, in, sizeof(((type *)0)->m), offsetof(type, m)}
#define R(key, m) F("\",\"" key "\":\"", IN_RECORD, struct bounce_record, m)
#define M(key, m) F("\",\"" key "\":\"", IN_MESSAGE, struct bounce_message, m)

/* The fields before the reason, whose name (a string, not an array of the
 * record) goes through json_put_string() with its quotes. */
static const struct json_field rec_head[] = {
	F(",\"recipient\":\"", IN_RECORD, struct bounce_record, recipient),
	R("alias", alias),
	R("deliverystatus", deliverystatus),
	R("replycode", replycode),
};

/* The fields after it. "hardbounce" has no quotes: it goes into the
 * literal of the field after it, so there are two tables. */
#define REC_TAIL(hard)                                                          \
	{                                                                       \
		F(",\"hardbounce\":" hard ",\"action\":\"", IN_RECORD,           \
		  struct bounce_record, action),                                \
		R("diagnosticcode", diagnosticcode),                            \
		R("diagnostictype", diagnostictype),                            \
		R("rhost", rhost),                                              \
		R("lhost", lhost),                                              \
		R("command", command),                                          \
		F("\",\"timestamp\":\"", IN_EXTRA, struct rec_extra, ts),           \
		M("addresser", addresser),                                      \
		M("messageid", messageid),                                      \
		M("subject", subject),                                          \
		M("listid", listid),                                            \
		R("feedbacktype", feedbacktype),                                \
		R("token", token),                                              \
		R("decodedby", decodedby),                                      \
		R("rule", rule),                                                \
	}
#define REC_NTAIL 15
static const struct json_field rec_tail[2][REC_NTAIL] = {REC_TAIL("false"), REC_TAIL("true")};

static void print_json(struct outbuf *o, const char *origin, const struct parse_result *res,
		       const struct bounce_record *r, struct cli_days *days)
{
	struct rec_extra x = {""}; /* all 32 bytes set: the copy reads whole steps */
	const char *base[] = {(const char *)r, (const char *)&res->msg, (const char *)&x};

	cli_iso_time_in(days, r->timestamp, x.ts, sizeof(x.ts), "");
	outbuf_put(o, "{\"origin\":", 10);
	json_put_string(o, origin);
	json_put_fields(o, rec_head, sizeof(rec_head) / sizeof(rec_head[0]), base);
	outbuf_put(o, "\",\"reason\":", 11);
	json_put_string(o, reason_name(r->reason));
	json_put_fields(o, rec_tail[r->hardbounce != 0], REC_NTAIL, base);
	outbuf_put(o, "\"}\n", 3);
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
		  const struct parse_result *res, struct cli_days *days)
{
	for (size_t i = 0; i < res->n_records; i++) {
		const struct bounce_record *r = &res->records[i];

		if (f == RECORD_JSON) {
			print_json(o, origin, res, r, days);
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
