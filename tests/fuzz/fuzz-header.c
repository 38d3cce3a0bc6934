/* fuzz-header.c: libFuzzer target for header decoding: a header block through
 * header_parse() (RFC 2047 and raw 8-bit decoding on), then the first line as a
 * charset name for charset_to_utf8() on the rest, as a Content-Type charset= is. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct charset_cache *cc;
	struct mime_buf out = {0};
	struct mime_arena *a;
	struct header_list hl;
	char *text = malloc(size + 1), charset[64] = "";
	size_t len = size, body = 0;
	bool truncated = false;

	if (!cc && !(cc = charset_cache_new(NULL)))
		abort();
	if (!text || !(a = mime_arena_new())) {
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	mime_text_normalise(text, &len); /* header.c's precondition: LF, no NULs */
	if (header_parse(a, cc, text, len, true, &hl, &body, &truncated) == 0 && body > len)
		abort();
	const char *nl = memchr(text, '\n', len);
	size_t cn = nl ? (size_t)(nl - text) : 0;
	if (cn < sizeof(charset)) {
		memcpy(charset, text, cn);
		charset[cn] = '\0';
	}
	(void)charset_to_utf8(cc, charset, text + cn, len - cn, &out);
	rfc2047_decode(cc, text + cn, len - cn, &out);
	mime_buf_free(&out);
	mime_arena_free(a);
	free(text);
	return 0;
}
