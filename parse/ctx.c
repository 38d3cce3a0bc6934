/* ctx.c: the parse context (options and the iconv cache). */
#include <stdlib.h>

#include "parse/ctx.h"
#include "parse/mime.h"
#include "parse/rhost.h"
#include "util/str.h"

struct parse_ctx *parse_ctx_new(const struct parse_options *opt)
{
	struct parse_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->max_bytes = opt && opt->max_bytes ? opt->max_bytes : PARSE_DEFAULT_MAX_BYTES;
	if (opt && opt->verp_pattern)
		str_copy(ctx->verp_pattern, sizeof(ctx->verp_pattern), opt->verp_pattern);
	ctx->cc = charset_cache_new(opt ? opt->fallback_charset : NULL);
	ctx->rhosts = rhost_index_new();
	ctx->allow = parse_allow_make();
	if (!ctx->cc || !ctx->rhosts || !ctx->allow) {
		charset_cache_free(&ctx->cc);
		rhost_index_free(ctx->rhosts);
		free(ctx->allow);
		free(ctx);
		return NULL;
	}
	return ctx;
}

void parse_ctx_free(struct parse_ctx **ctx)
{
	if (!ctx || !*ctx)
		return;
	charset_cache_free(&(*ctx)->cc);
	rhost_index_free((*ctx)->rhosts);
	mime_arena_free((*ctx)->spare);
	free((*ctx)->allow);
	free(*ctx);
	*ctx = NULL;
}
