/* record-out.h: printing parse results, one line per recipient. */
#ifndef BOUNCER_CLI_RECORD_OUT_H
#define BOUNCER_CLI_RECORD_OUT_H

#include "parse/bounce.h"
#include "util/outbuf.h"

enum record_format { RECORD_JSON = 0, RECORD_TSV };

/* JSON Lines with Sisimai's key names (so Sisimai users can switch), or TSV
 * (origin, recipient, reason, status, replycode, hardbounce, decodedby,
 * rule, diagnosticcode). origin is the path or id the message came from.
 * The text goes into o; the caller flushes it. */
void record_print(struct outbuf *o, enum record_format f, const char *origin,
		  const struct parse_result *res);
void record_print_tsv_header(struct outbuf *o);

#endif
