/* maildir.h: a Maildir (or Maildir++ folder) as a message source.
 *
 * Reads new/ and cur/ (Dovecot leaves moved mail in new/ too). Each message,
 * once its result is committed, is moved with rename(2) into the Maildir++
 * folder <root>/.<Folder>/cur/, keeping its ":2,FLAGS" suffix (a message from
 * new/ gets ":2,"); folders are created when missing. Nothing is deleted.
 */
#ifndef BOUNCER_POLLER_MAILDIR_H
#define BOUNCER_POLLER_MAILDIR_H

#include <stddef.h>

#include "poller/source.h"

struct maildir_options {
	const char *path;      /* the Maildir: contains cur/ new/ tmp/ */
	const char *processed; /* folder names, e.g. "Processed"; NULL = default */
	const char *notbounce;
	const char *review;
	size_t max_bytes;      /* read at most this many bytes per message (0 = 10 MB) */
	const char *name;      /* for messages; NULL = "maildir:PATH" */
};

/* Open the Maildir and list its messages (sorted by file name, so runs are
 * repeatable). SRC_CONFIG when path is not a Maildir. */
enum source_status maildir_open(const struct maildir_options *o, struct source **out, char *err);

/* Open a list of plain files (or directories of files) read-only: dispose
 * only records the choice, nothing moves. For `parse` and `ingest`. */
enum source_status files_open(char *const *paths, size_t n, size_t max_bytes, struct source **out,
			      char *err);

#endif
