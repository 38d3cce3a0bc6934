/* fuzz-view.c: libFuzzer target for the MIME layer, view_build().
 * Touches every string of the view so ASan sees a bad length or a missing NUL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t fuzz_view_seen; /* global, so the header reads below are not optimised away */

static void touch(const char *s, size_t len)
{
	if (s && strlen(s) > len)
		abort(); /* a length shorter than the string: some decoder would misread */
}

/* Header names are not NUL-terminated: read every byte of the length. */
static void touch_n(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fuzz_view_seen += (unsigned char)s[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct charset_cache *cc;
	struct mail_view v;

	if (!cc && !(cc = charset_cache_new(NULL)))
		abort();
	if (view_build(cc, (const char *)data, size, &v) != 0)
		return 0;
	touch(v.body, v.body_len);
	touch(v.dsn, v.dsn_len);
	touch(v.feedback, v.feedback_len);
	touch(v.orig_text, v.orig_len);
	/* values are made on first use: hdr_value() makes every one */
	for (size_t i = 0; i < v.head.n; i++) {
		const char *val = hdr_value(&v.head, i);

		touch_n(v.head.h[i].name, v.head.h[i].name_len);
		fuzz_view_seen += val ? strlen(val) : 0;
	}
	for (size_t i = 0; i < v.orig.n; i++) {
		const char *val = hdr_value(&v.orig, i);

		touch_n(v.orig.h[i].name, v.orig.h[i].name_len);
		fuzz_view_seen += val ? strlen(val) : 0;
	}
	view_free(&v);
	return 0;
}
