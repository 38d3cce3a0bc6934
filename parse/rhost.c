/* rhost.c: dispatch to the rules of a known remote host (rhost-*.c). */
#include <stdbool.h>
#include <string.h>

#include "parse/rhost.h"
#include "util/str.h"

static const struct rhost_family *const rhost_families[] = {
	NULL,
};

enum reason rhost_classify(const struct reason_input *in, const char *low, char *rule,
			   size_t rulesz)
{
	char host[BOUNCE_LINE_MAX];

	if (!in->rhost || !in->rhost[0])
		return REASON_UNDEFINED;
	str_copy(host, sizeof(host), in->rhost);
	str_lower(host);
	for (size_t i = 0; rhost_families[i]; i++) {
		const struct rhost_family *f = rhost_families[i];
		if (!f->match(host))
			continue;
		char entry[48] = "";
		enum reason r = f->get(in, low, entry, sizeof(entry));
		if (r != REASON_UNDEFINED)
			str_printf(rule, rulesz, "rhost:%s:%s", f->name, entry);
		return r;
	}
	return REASON_UNDEFINED;
}
