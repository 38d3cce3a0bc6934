/* imap-move.c: queue dispositions, then move the mail after the commit.
 *
 * UID MOVE when offered; else UID COPY + UID STORE +FLAGS.SILENT (\Deleted)
 * + UID EXPUNGE (UIDPLUS), which removes only our UIDs. A plain EXPUNGE
 * is never sent: it would also remove mail someone else flagged \Deleted.
 * Without MOVE and UIDPLUS the mail is copied and flagged only (warned).
 */
#include <string.h>

#include "poller/imap-private.h"
#include "util/str.h"

enum source_status imap_move_dispose(struct source *s, struct raw_message *m, enum disposition d,
				     char *err)
{
	struct imap_impl *t = s->impl;

	if (d == DISP_KEEP)
		return SRC_OK;
	if ((unsigned)d >= IMAP_FOLDERS || m->uid == 0) {
		t->dispose_failed = true;
		str_printf(err, SOURCE_ERR_MAX, "%s: bad disposition %d for UID %u", t->where, (int)d,
			   (unsigned)m->uid);
		return SRC_CONFIG;
	}
	if (!imap_uids_add(&t->queue[d], m->uid)) {
		t->dispose_failed = true;
		return SRC_NOMEM;
	}
	return SRC_OK;
}

/* LIST, then CREATE when missing; once per folder and session. */
static enum source_status ensure_folder(struct imap_impl *t, int f, char *err)
{
	clist *list = NULL;
	bool found;
	int r;

	if (t->folder_ok[f])
		return SRC_OK;
	r = mailimap_list(t->imap, "", t->folder[f], &list);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "LIST \"%s\"", t->folder[f]);
	found = list && clist_count(list) > 0;
	if (list)
		mailimap_list_result_free(list);
	if (!found) {
		r = mailimap_create(t->imap, t->folder[f]);
		/* Another run may have created it meanwhile: LIST says. */
		if (r != MAILIMAP_NO_ERROR && t->net.fail == TLS_FAIL_NONE && r != MAILIMAP_ERROR_STREAM) {
			char said[160];

			imap_trace_server_text(t, said, sizeof(said));
			list = NULL;
			if (mailimap_list(t->imap, "", t->folder[f], &list) == MAILIMAP_NO_ERROR && list &&
			    clist_count(list) > 0)
				r = MAILIMAP_NO_ERROR;
			if (list)
				mailimap_list_result_free(list);
			if (r != MAILIMAP_NO_ERROR) {
				str_printf(err, SOURCE_ERR_MAX, "cannot create folder \"%s\" on %s: %s",
					   t->folder[f], t->where, said);
				return SRC_CONFIG;
			}
		} else if (r != MAILIMAP_NO_ERROR) {
			return imap_fail(t, r, SRC_TEMPFAIL, err, "CREATE \"%s\"", t->folder[f]);
		} else {
			imap_log(t, IMAP_LOG_WARN, "%s: created folder \"%s\"", t->where, t->folder[f]);
		}
	}
	t->folder_ok[f] = true;
	return SRC_OK;
}

static enum source_status flag_deleted(struct imap_impl *t, struct mailimap_set *set, char *err)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	struct mailimap_flag *flag = mailimap_flag_new_deleted();
	struct mailimap_store_att_flags *sa = NULL;
	int r;

	if (!fl || !flag || mailimap_flag_list_add(fl, flag) != MAILIMAP_NO_ERROR) {
		if (flag)
			mailimap_flag_free(flag);
		if (fl)
			mailimap_flag_list_free(fl);
		return SRC_NOMEM;
	}
	sa = mailimap_store_att_flags_new_add_flags_silent(fl);
	if (!sa) {
		mailimap_flag_list_free(fl);
		return SRC_NOMEM;
	}
	r = mailimap_uid_store(t->imap, set, sa);
	mailimap_store_att_flags_free(sa); /* frees fl too */
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "UID STORE +FLAGS (\\Deleted)");
	return SRC_OK;
}

static enum source_status move_set(struct imap_impl *t, int f, struct mailimap_set *set, char *err)
{
	const char *to = t->folder[f];
	enum source_status st;
	int r;

	if (t->has_move) {
		r = mailimap_uid_move(t->imap, set, to);
		if (r != MAILIMAP_NO_ERROR)
			return imap_fail(t, r, SRC_CONFIG, err, "UID MOVE to \"%s\"", to);
		return SRC_OK;
	}
	r = mailimap_uid_copy(t->imap, set, to);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "UID COPY to \"%s\"", to);
	if ((st = flag_deleted(t, set, err)) != SRC_OK)
		return st;
	if (!t->has_uidplus) {
		if (!t->warned_no_move)
			imap_log(t, IMAP_LOG_WARN,
				 "%s offers neither MOVE nor UIDPLUS: processed mail is copied and "
				 "flagged \\Deleted but stays in \"%s\" (bouncer never sends a plain "
				 "EXPUNGE, it would remove other deleted mail)",
				 t->where, t->mailbox);
		t->warned_no_move = true;
		return SRC_OK;
	}
	r = mailimap_uid_expunge(t->imap, set);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "UID EXPUNGE");
	return SRC_OK;
}

enum source_status imap_move_commit(struct source *s, char *err)
{
	struct imap_impl *t = s->impl;
	enum source_status st = SRC_OK;
	time_t deadline = t->net.deadline;

	if (t->broken) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP connection to %s was lost", t->where);
		return SRC_TEMPFAIL;
	}
	/* The store has committed: finish the moves even past the run's
	 * deadline (each wait still has its own timeout), or the next run
	 * reads them all again. */
	t->net.deadline = 0;
	for (int f = 0; f < IMAP_FOLDERS && st == SRC_OK; f++) {
		struct mailimap_set *set;
		size_t n = t->queue[f].n;

		if (n == 0)
			continue;
		if ((st = ensure_folder(t, f, err)) != SRC_OK)
			break;
		if (!(set = imap_uids_set(&t->queue[f], 0, n))) {
			st = SRC_NOMEM;
			break;
		}
		st = move_set(t, f, set, err);
		mailimap_set_free(set);
		if (st == SRC_OK) {
			imap_log(t, IMAP_LOG_INFO, "%s: moved %zu messages to \"%s\"", t->where, n,
				 t->folder[f]);
			t->queue[f].n = 0;
		}
	}
	t->net.deadline = deadline;
	/* A message that could not be queued stays in the mailbox; keeping
	 * last_done where it was makes the next run see it again (the
	 * store's fingerprint stops double counting). */
	if (st == SRC_OK && !t->dispose_failed)
		t->last_done = t->last_fetched;
	return st;
}
