/* fuzz-parse.c: libFuzzer target for the parser's entry point, bounce_parse().
 * One context for the whole run, as bouncer uses it (the iconv cache persists).
 * Beyond not crashing, bounce.h's promise is checked: every text field is
 * NUL-terminated inside its array and valid UTF-8 (cut at a character boundary). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/bounce.h"
#include "parse/mime.h" /* charset_is_utf8() */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELD_OK(f) (memchr((f), '\0', sizeof(f)) && charset_is_utf8((f), strlen(f)))

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
	parse_result_clear(&res);
	return 0;
}
