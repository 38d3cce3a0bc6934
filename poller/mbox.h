/* mbox.h: a Unix mbox file as a read-only message source (parse, ingest). */
#ifndef BOUNCER_POLLER_MBOX_H
#define BOUNCER_POLLER_MBOX_H

#include <stddef.h>

#include "poller/source.h"

/* Read path (up to 2 GB) and serve its messages in order; ids are "PATH#N".
 * max_bytes caps each message (0 = 10 MB). */
enum source_status mbox_open(const char *path, size_t max_bytes, struct source **out, char *err);

#endif
