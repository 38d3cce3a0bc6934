/* fuzz-parse.c: libFuzzer target for the parser's entry points, bounce_parse()
 * and bounce_parse_buf(). One context for the whole run, as bouncer uses it
 * (the iconv cache persists). Beyond not crashing, bounce.h's promise is
 * checked: every text field is NUL-terminated inside its array and valid UTF-8
 * (cut at a character boundary), and the parse of the input lent in a buffer
 * of exactly size + BOUNCE_PARSE_PAD bytes (as `bouncer parse` lends what it
 * read: ASan sees any byte past it) is the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/bounce.h"
#include "parse/mime.h" /* charset_is_utf8() */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELD_OK(f) (memchr((f), '\0', sizeof(f)) && charset_is_utf8((f), strlen(f)))

/* bounce_parse_buf() of data in a lent buffer gives want (bounce_parse()'s). */
static void same_in_place(struct parse_ctx *ctx, const uint8_t *data, size_t size,
			  const struct parse_result *want)
{
	char *buf = malloc(size + BOUNCE_PARSE_PAD);
	struct parse_result got;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	memset(buf + size, 0, BOUNCE_PARSE_PAD);
	parse_result_init(&got);
	if (bounce_parse_buf(ctx, buf, size, size + BOUNCE_PARSE_PAD, &got) != PARSE_OK)
		abort();
	if (got.kind != want->kind || got.flags != want->flags || got.n_records != want->n_records ||
	    strcmp(got.why, want->why) != 0 || strcmp(got.msg.addresser, want->msg.addresser) != 0 ||
	    strcmp(got.msg.subject, want->msg.subject) != 0)
		abort();
	for (size_t i = 0; i < got.n_records; i++)
		if (strcmp(got.records[i].recipient, want->records[i].recipient) != 0 ||
		    strcmp(got.records[i].diagnosticcode, want->records[i].diagnosticcode) != 0 ||
		    got.records[i].reason != want->records[i].reason)
			abort();
	parse_result_clear(&got);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parse_ctx *ctx;
	struct parse_result res;

	if (!ctx && !(ctx = parse_ctx_new(NULL)))
		abort();
	parse_result_init(&res);
	if (bounce_parse(ctx, (const char *)data, size, &res) != PARSE_OK)
		return 0;
	if (res.n_records > res.cap_records || !FIELD_OK(res.msg.addresser) ||
	    !FIELD_OK(res.msg.subject) || !FIELD_OK(res.msg.messageid) || !FIELD_OK(res.why))
		abort();
	for (size_t i = 0; i < res.n_records; i++) {
		const struct bounce_record *r = &res.records[i];

		if (!FIELD_OK(r->recipient) || !FIELD_OK(r->alias) || !FIELD_OK(r->diagnosticcode) ||
		    !FIELD_OK(r->rhost) || !FIELD_OK(r->lhost) || !FIELD_OK(r->deliverystatus) ||
		    !FIELD_OK(r->replycode) || !FIELD_OK(r->action) || !FIELD_OK(r->rule))
			abort();
	}
	same_in_place(ctx, data, size, &res);
	parse_result_clear(&res);
	return 0;
}
