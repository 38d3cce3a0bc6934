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

void parse_result_reset(struct parse_result *res)
{
	struct bounce_record *keep = res->records;
	size_t cap = res->cap_records;

	if (cap > RESULT_KEEP_RECORDS) {
		free(keep);
		keep = NULL;
		cap = 0;
	}
	parse_result_init(res);
	res->records = keep;
	res->cap_records = cap;
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
	memset(r, 0, sizeof(*r));
	return r;
}
