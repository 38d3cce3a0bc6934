/* fuzz-parse.c: libFuzzer target for the parser's entry point, bounce_parse().
 * One context for the whole run, as bouncer uses it (the iconv cache persists). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/bounce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parse_ctx *ctx;
	struct parse_result res;

	if (!ctx && !(ctx = parse_ctx_new(NULL)))
		abort();
	parse_result_init(&res);
	if (bounce_parse(ctx, (const char *)data, size, &res) == PARSE_OK &&
	    res.n_records > res.cap_records)
		abort(); /* the result must be consistent */
	parse_result_clear(&res);
	return 0;
}
