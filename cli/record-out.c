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
#include "util/tsv.h"

/* A record's JSON line is its fields in a fixed order, each after a
 * literal that closes the value before and opens its own: the key and the
 * quotes come from tables, and json_put_fields() copies the values straight
 * from their arrays, in one call for the line. Where a value lives: */
enum { IN_ORIGIN, IN_RECORD, IN_MESSAGE, IN_EXTRA, IN_REASON, IN_HARD };

/* hardbounce's TSV text, in arrays of a step (read whole) */
static const char rec_hard[2][16] = {"false", "true"};

/* What a record has only as a number, made readable as a field. */
struct rec_extra {
	char ts[32]; /* the timestamp, "" when none */
};

/* room: the bytes from the field to the end of its struct, which a value
 * shorter than a step may be read up to (never written out) */
#define ROOM(type, m) (sizeof(type) - offsetof(type, m) < 65535 ? sizeof(type) - offsetof(type, m) : 65535)
#define F(lit, in, type, m) \
	{lit, sizeof(lit) - 1, in, sizeof(((type *)0)->m), offsetof(type, m), ROOM(type, m)}
#define R(key, m) F("\",\"" key "\":\"", IN_RECORD, struct bounce_record, m)
#define M(key, m) F("\",\"" key "\":\"", IN_MESSAGE, struct bounce_message, m)

/* The line but its end, for hardbounce false and true: "hardbounce" has no
 * quotes, so it goes into the literal of the field after it. */
#define REC_FIELDS(hard)                                                        \
	{                                                                       \
		{"{\"origin\":\"", 11, IN_ORIGIN, RECORD_ORIGIN_MAX, 0, RECORD_ORIGIN_MAX}, \
		R("recipient", recipient),                                      \
		R("alias", alias),                                              \
		R("deliverystatus", deliverystatus),                            \
		R("replycode", replycode),                                      \
		{"\",\"reason\":\"", 12, IN_REASON, REASON_NAME_MAX, 0, REASON_NAME_MAX}, \
		R("hardbounce\":" hard ",\"action", action),                    \
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
#define REC_NFIELDS 21
static const struct json_field rec_fields[2][REC_NFIELDS] = {REC_FIELDS("false"), REC_FIELDS("true")};

static void print_json(struct outbuf *o, const char *origin, const struct parse_result *res,
		       const struct bounce_record *r, struct cli_days *days)
{
	struct rec_extra x = {""}; /* all 32 bytes set: the copy reads whole steps */
	/* a name is an array of REASON_NAME_MAX bytes ("undefined" for a
	 * number out of range) */
	const char *base[] = {origin, (const char *)r, (const char *)&res->msg, (const char *)&x,
			      reason_name(r->reason)};

	cli_iso_time_in(days, r->timestamp, x.ts, sizeof(x.ts), "");
	json_put_fields(o, rec_fields[r->hardbounce != 0], REC_NFIELDS, base);
	outbuf_put(o, "\"}\n", 3);
}

/* The TSV line: its cells in the header's order, from their arrays in one
 * call (tsv_put_cells() makes their tabs and line ends spaces), hardbounce
 * from an array of its own. */
#define C(in, type, m) {in, sizeof(((type *)0)->m), offsetof(type, m), ROOM(type, m)}
#define RC(m) C(IN_RECORD, struct bounce_record, m)
static const struct tsv_cell rec_cells[] = {
	{IN_ORIGIN, RECORD_ORIGIN_MAX, 0, RECORD_ORIGIN_MAX},
	RC(recipient),
	{IN_REASON, REASON_NAME_MAX, 0, REASON_NAME_MAX},
	RC(deliverystatus),
	RC(replycode),
	{IN_HARD, sizeof(rec_hard[0]), 0, sizeof(rec_hard[0])},
	RC(decodedby),
	RC(rule),
	RC(diagnosticcode),
};

static void print_tsv(struct outbuf *o, const char *origin, const struct bounce_record *r)
{
	const char *base[] = {origin, (const char *)r, NULL, NULL, reason_name(r->reason),
			      rec_hard[r->hardbounce != 0]};

	tsv_put_cells(o, rec_cells, sizeof(rec_cells) / sizeof(rec_cells[0]), base);
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
		print_tsv(o, origin, r);
	}
}
