/* record-out.h: printing parse results, one line per recipient. */
#ifndef BOUNCER_CLI_RECORD_OUT_H
#define BOUNCER_CLI_RECORD_OUT_H

#include "cli/timefmt.h"
#include "parse/bounce.h"
#include "poller/source.h"
#include "util/outbuf.h"

enum record_format { RECORD_JSON = 0, RECORD_TSV };

/* The size of the origin's array: a raw_message's id. */
#define RECORD_ORIGIN_MAX SOURCE_ID_MAX

/* JSON Lines with Sisimai's key names (so Sisimai users can switch), or TSV
 * (origin, recipient, reason, status, replycode, hardbounce, decodedby,
 * rule, diagnosticcode). origin is the path or id the message came from:
 * an array of RECORD_ORIGIN_MAX bytes with its NUL (read in whole steps).
 * The text goes into o; the caller flushes it. days (NULL for none) keeps
 * the dates of the timestamps shown, for the caller's run. */
void record_print(struct outbuf *o, enum record_format f, const char *origin,
		  const struct parse_result *res, struct cli_days *days);
void record_print_tsv_header(struct outbuf *o);

#endif
