/* record-out.c: parse results as JSON Lines or TSV. */
#include "cli/record-out.h"

#include <time.h>

#include "cli/timefmt.h"
#include "util/json.h"

static void put_key(FILE *fp, const char *key, const char *val, int first)
{
	if (!first)
		putc(',', fp);
	json_put_string(fp, key);
	putc(':', fp);
	json_put_string(fp, val);
}

static void print_json(FILE *fp, const char *origin, const struct parse_result *res,
		       const struct bounce_record *r)
{
	char ts[32];

	putc('{', fp);
	put_key(fp, "origin", origin, 1);
	put_key(fp, "recipient", r->recipient, 0);
	put_key(fp, "alias", r->alias, 0);
	put_key(fp, "deliverystatus", r->deliverystatus, 0);
	put_key(fp, "replycode", r->replycode, 0);
	put_key(fp, "reason", reason_name(r->reason), 0);
	fprintf(fp, ",\"hardbounce\":%s", r->hardbounce ? "true" : "false");
	put_key(fp, "action", r->action, 0);
	put_key(fp, "diagnosticcode", r->diagnosticcode, 0);
	put_key(fp, "diagnostictype", r->diagnostictype, 0);
	put_key(fp, "rhost", r->rhost, 0);
	put_key(fp, "lhost", r->lhost, 0);
	put_key(fp, "command", r->command, 0);
	put_key(fp, "timestamp", cli_iso_time(r->timestamp, ts, sizeof(ts), ""), 0);
	put_key(fp, "addresser", res->msg.addresser, 0);
	put_key(fp, "messageid", res->msg.messageid, 0);
	put_key(fp, "subject", res->msg.subject, 0);
	put_key(fp, "listid", res->msg.listid, 0);
	put_key(fp, "feedbacktype", r->feedbacktype, 0);
	put_key(fp, "token", r->token, 0);
	put_key(fp, "decodedby", r->decodedby, 0);
	put_key(fp, "rule", r->rule, 0);
	fputs("}\n", fp);
}

/* TSV cells must not hold tabs or newlines. */
static void put_cell(FILE *fp, const char *s, int last)
{
	for (; *s; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
	putc(last ? '\n' : '\t', fp);
}

void record_print_tsv_header(FILE *fp)
{
	fputs("origin\trecipient\treason\tstatus\treplycode\thardbounce\tdecodedby\trule\tdiagnosticcode\n",
	      fp);
}

void record_print(FILE *fp, enum record_format f, const char *origin, const struct parse_result *res)
{
	for (size_t i = 0; i < res->n_records; i++) {
		const struct bounce_record *r = &res->records[i];

		if (f == RECORD_JSON) {
			print_json(fp, origin, res, r);
			continue;
		}
		put_cell(fp, origin, 0);
		put_cell(fp, r->recipient, 0);
		put_cell(fp, reason_name(r->reason), 0);
		put_cell(fp, r->deliverystatus, 0);
		put_cell(fp, r->replycode, 0);
		put_cell(fp, r->hardbounce ? "true" : "false", 0);
		put_cell(fp, r->decodedby, 0);
		put_cell(fp, r->rule, 0);
		put_cell(fp, r->diagnosticcode, 1);
	}
}
