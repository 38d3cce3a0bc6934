/* stdin.h: one message on standard input, for `bouncer pipe` (an MTA's
 * .qmail or .forward pipe). Nothing may be lost: what is not a recorded
 * bounce (review, not-bounce) is delivered into a Maildir kept for people,
 * in the Maildir++ folders named by the options, before the MTA is told
 * that the message was taken. */
#ifndef BOUNCER_POLLER_STDIN_H
#define BOUNCER_POLLER_STDIN_H

#include <stddef.h>

#include "poller/source.h"

struct stdin_options {
	const char *keep_maildir; /* root Maildir (created when missing) */
	const char *notbounce;    /* folder names, NULL = NotBounce / Review */
	const char *review;
	size_t max_bytes;         /* parse at most this much; the whole message is kept */
};

/* Reads all of stdin at once. SRC_IOERR when it cannot be read. */
enum source_status stdin_open(const struct stdin_options *o, struct source **out, char *err);

#endif
