/* result.c: the parse result's record array. */
#include <stdlib.h>
#include <string.h>

#include "parse/bounce.h"
#include "parse/ctx.h"
#include "parse/lhost.h"

void parse_result_init(struct parse_result *res)
{
	memset(res, 0, sizeof(*res));
}

void parse_result_clear(struct parse_result *res)
{
	free(res->records);
	parse_result_init(res);
}

/* Records kept for the next message: a few KB each, most bounces have one
 * or two, and a message with hundreds should not pin them. */
#define RESULT_KEEP_RECORDS 16

#define MF(f) sizeof(((struct bounce_message *)0)->f)
#define PF(f) sizeof(((struct parse_result *)0)->f)
_Static_assert(sizeof(struct parse_result) < PF(kind) + MF(addresser) + MF(messageid) + MF(subject) + MF(listid) +
						 MF(bounce_messageid) + MF(date) + PF(records) + PF(n_records) +
						 PF(cap_records) + PF(flags) + PF(why) + 16,
	       "parse_result_reset() misses a field of struct parse_result");
#undef MF
#undef PF

void parse_result_reset(struct parse_result *res)
{
	struct bounce_record *keep = res->records;
	size_t cap = res->cap_records;

	if (cap > RESULT_KEEP_RECORDS) {
		free(keep);
		keep = NULL;
		cap = 0;
	}
	/* as parse_result_init() would, but the strings of msg (1.4 KB) get
	 * their first byte only: they are written and read as strings */
	res->kind = MSG_NOT_BOUNCE;
	res->msg.addresser[0] = '\0';
	res->msg.messageid[0] = '\0';
	res->msg.subject[0] = '\0';
	res->msg.listid[0] = '\0';
	res->msg.bounce_messageid[0] = '\0';
	res->msg.date = 0;
	res->records = keep;
	res->n_records = 0;
	res->cap_records = cap;
	res->flags = 0;
	res->why[0] = '\0';
}

/* Every field of the record is emptied below: a field added to it (more
 * than a few bytes of padding) stops the build until it is. */
#define RF(f) sizeof(((struct bounce_record *)0)->f)
_Static_assert(sizeof(struct bounce_record) <
		       RF(recipient) + RF(alias) + RF(deliverystatus) + RF(statuscomment) + RF(replycode) +
			       RF(reason) + RF(hardbounce) + RF(action) + RF(diagnosticcode) + RF(diagnostictype) +
			       RF(rhost) + RF(lhost) + RF(command) + RF(timestamp) + RF(feedbacktype) + RF(token) +
			       RF(decodedby) + RF(rule) + RF(flags) + 16,
	       "lhost_record_empty() misses a field of struct bounce_record");
#undef RF

void lhost_record_empty(struct bounce_record *r)
{
	/* a string longer than a word gets its first byte only (2.2 KB of
	 * the record's 2.5): every writer ends what it writes with a NUL
	 * and every reader stops there */
	r->recipient[0] = '\0';
	r->alias[0] = '\0';
	memset(r->deliverystatus, 0, sizeof(r->deliverystatus));
	r->statuscomment[0] = '\0';
	memset(r->replycode, 0, sizeof(r->replycode));
	r->reason = REASON_UNDEFINED;
	r->hardbounce = false;
	memset(r->action, 0, sizeof(r->action));
	r->diagnosticcode[0] = '\0';
	memset(r->diagnostictype, 0, sizeof(r->diagnostictype));
	r->rhost[0] = '\0';
	r->lhost[0] = '\0';
	memset(r->command, 0, sizeof(r->command));
	r->timestamp = 0;
	r->feedbacktype[0] = '\0';
	r->token[0] = '\0';
	r->decodedby[0] = '\0';
	r->rule[0] = '\0';
	r->flags = 0;
}

struct bounce_record *lhost_add(struct parse_result *res)
{
	struct bounce_record *r;

	if (res->n_records >= BOUNCE_MAX_RECIPIENTS) {
		res->flags |= BOUNCE_F_TRUNCATED;
		return NULL;
	}
	if (res->n_records == res->cap_records) {
		size_t cap = res->cap_records ? res->cap_records * 2 : 4;
		struct bounce_record *n;

		if (cap > BOUNCE_MAX_RECIPIENTS)
			cap = BOUNCE_MAX_RECIPIENTS;
		n = realloc(res->records, cap * sizeof(*n));
		if (!n)
			return NULL;
		res->records = n;
		res->cap_records = cap;
	}
	r = &res->records[res->n_records++];
	lhost_record_empty(r);
	return r;
}
