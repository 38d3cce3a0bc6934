/* reason.c: choose the reason of one record (minimal: status code only). */
#include <string.h>

#include "parse/reason.h"
#include "util/str.h"

struct status_row {
	const char *code;
	enum reason reason;
};

static const struct status_row status_rows[] = {
	{"5.1.1", REASON_USERUNKNOWN}, {"5.1.2", REASON_HOSTUNKNOWN},
	{"5.2.2", REASON_MAILBOXFULL}, {"5.3.4", REASON_MESGTOOBIG},
	{"4.4.7", REASON_EXPIRED},     {"5.7.1", REASON_SECURITYERROR},
};

enum reason reason_classify(const struct reason_input *in, char *rule, size_t rulesz)
{
	const char *st = in->status ? in->status : "";

	for (size_t i = 0; i < sizeof(status_rows) / sizeof(status_rows[0]); i++) {
		if (strcmp(st, status_rows[i].code) == 0) {
			if (rule && rulesz)
				str_printf(rule, rulesz, "status:%s", st);
			return status_rows[i].reason;
		}
	}
	if (rule && rulesz)
		rule[0] = '\0';
	return REASON_UNDEFINED;
}
