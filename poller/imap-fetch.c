/* imap-fetch.c: SELECT, the list of UIDs to do, batched UID FETCH.
 *
 * One UID FETCH per batch, never one per message; libetpan buffers a whole
 * response, so memory is bounded by batch x max_bytes. Bodies stay in the
 * response list until the next fetch (raw_message.data points into it).
 */
#include <stdlib.h>
#include <string.h>

#include "poller/imap-private.h"
#include "util/str.h"

static int cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* UID SEARCH UID last+1:* : the UIDs still to do, ascending. */
static enum source_status search(struct imap_impl *t, char *err)
{
	struct mailimap_set *set = mailimap_set_new_interval(t->last_done + 1, 0);
	struct mailimap_search_key *key = set ? mailimap_search_key_new_uid(set) : NULL;
	clist *result = NULL;
	enum source_status st = SRC_OK;
	clistiter *it;
	int r;

	if (!key) {
		if (set)
			mailimap_set_free(set);
		return SRC_NOMEM;
	}
	r = mailimap_uid_search(t->imap, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_TEMPFAIL, err, "UID SEARCH in %s", t->mailbox);
	for (it = clist_begin(result); it && st == SRC_OK; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);

		/* "N:*" also matches the highest UID when it is below N. */
		if (uid > t->last_done && !imap_uids_add(&t->todo, uid))
			st = SRC_NOMEM;
	}
	mailimap_search_result_free(result);
	if (st == SRC_OK && t->todo.n > 1)
		qsort(t->todo.v, t->todo.n, sizeof(uint32_t), cmp_uid);
	return st;
}

enum source_status imap_fetch_select(struct imap_impl *t, uint32_t uidvalidity, uint32_t last_uid,
				     char *err)
{
	struct mailimap_selection_info *si;
	int r = mailimap_select(t->imap, t->mailbox);

	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "cannot select mailbox \"%s\"", t->mailbox);
	si = t->imap->imap_selection_info;
	if (!si || si->sel_uidvalidity == 0) {
		str_printf(err, SOURCE_ERR_MAX, "mailbox \"%s\" on %s has no UIDVALIDITY", t->mailbox,
			   t->where);
		return SRC_CONFIG;
	}
	/* Moving mail out needs write access; refuse before reading anything. */
	if (si->sel_perm == MAILIMAP_MAILBOX_READONLY) {
		str_printf(err, SOURCE_ERR_MAX,
			   "mailbox \"%s\" on %s is read-only: processed mail could not be moved out; "
			   "give %s write access",
			   t->mailbox, t->where, t->user);
		return SRC_CONFIG;
	}
	t->uidvalidity = si->sel_uidvalidity;
	t->last_done = last_uid;
	if (uidvalidity != t->uidvalidity) {
		/* New mailbox, or the server renumbered it: every UID we knew is
		 * meaningless now. Fingerprints in the store stop double counting. */
		if (uidvalidity != 0)
			imap_log(t, IMAP_LOG_WARN,
				 "%s/%s: UIDVALIDITY changed from %u to %u: rescanning the mailbox",
				 t->where, t->mailbox, (unsigned)uidvalidity, (unsigned)t->uidvalidity);
		t->last_done = 0;
	}
	t->last_fetched = t->last_done;
	return search(t, err);
}

void imap_fetch_release(struct imap_impl *t)
{
	if (t->fetched) {
		mailimap_fetch_list_free(t->fetched);
		t->fetched = NULL;
	}
}

static struct mailimap_fetch_type *fetch_type(size_t max_bytes)
{
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_fetch_att *a[3] = {0};
	struct mailimap_section *sec = mailimap_section_new(NULL);
	size_t i;

	if (!ft || !sec)
		goto fail;
	a[0] = mailimap_fetch_att_new_uid();
	a[1] = mailimap_fetch_att_new_rfc822_size();
	/* BODY.PEEK[]<0.N>: leaves \Seen alone, and at most N bytes. */
	a[2] = mailimap_fetch_att_new_body_peek_section_partial(
		sec, 0, max_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)max_bytes);
	if (a[2])
		sec = NULL;
	for (i = 0; i < 3; i++) {
		if (!a[i] || mailimap_fetch_type_new_fetch_att_list_add(ft, a[i]) != MAILIMAP_NO_ERROR)
			goto fail;
		a[i] = NULL;
	}
	return ft;
fail:
	for (i = 0; i < 3; i++)
		if (a[i])
			mailimap_fetch_att_free(a[i]);
	if (sec)
		mailimap_section_free(sec);
	if (ft)
		mailimap_fetch_type_free(ft);
	return NULL;
}

/* UID, size and body of one response item; false when it is not a body we
 * asked for (unsolicited FETCH with flags only, NIL body). */
static bool read_att(struct mailimap_msg_att *att, uint32_t *uid, uint32_t *size,
		     struct mailimap_msg_att_body_section **body)
{
	clistiter *it;

	*uid = 0;
	*size = 0;
	*body = NULL;
	for (it = clist_begin(att->att_list); it; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);
		struct mailimap_msg_att_static *s;

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		s = item->att_data.att_static;
		if (s->att_type == MAILIMAP_MSG_ATT_UID)
			*uid = s->att_data.att_uid;
		else if (s->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			*size = s->att_data.att_rfc822_size;
		else if (s->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
			*body = s->att_data.att_body_section;
	}
	return *uid != 0 && *body && (*body)->sec_body_part;
}

static int cmp_msg(const void *a, const void *b)
{
	const struct raw_message *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

enum source_status imap_fetch_batch(struct source *s, struct raw_message *batch, size_t max,
				    size_t *n_out, char *err)
{
	struct imap_impl *t = s->impl;
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	uint32_t lo, hi;
	size_t k, n = 0;
	clistiter *it;
	int r;

	*n_out = 0;
	imap_fetch_release(t);
	if (t->broken) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP connection to %s was lost", t->where);
		return SRC_TEMPFAIL;
	}
	if (t->next >= t->todo.n)
		return SRC_END;
	if (t->net.deadline && time(NULL) >= t->net.deadline) {
		str_printf(err, SOURCE_ERR_MAX, "run deadline reached with %zu messages left on %s",
			   t->todo.n - t->next, t->where);
		return SRC_TEMPFAIL;
	}
	k = t->todo.n - t->next;
	if (k > max)
		k = max;
	if (k > IMAP_MAX_BATCH)
		k = IMAP_MAX_BATCH;
	if (k == 0)
		return SRC_OK;
	lo = t->todo.v[t->next];
	hi = t->todo.v[t->next + k - 1];
	set = imap_uids_set(&t->todo, t->next, k);
	ft = fetch_type(t->max_bytes);
	if (!set || !ft) {
		if (set)
			mailimap_set_free(set);
		if (ft)
			mailimap_fetch_type_free(ft);
		return SRC_NOMEM;
	}
	r = mailimap_uid_fetch(t->imap, set, ft, &t->fetched);
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r != MAILIMAP_NO_ERROR) {
		t->fetched = NULL;
		return imap_fail(t, r, SRC_TEMPFAIL, err, "UID FETCH %u:%u", (unsigned)lo,
				 (unsigned)hi);
	}
	for (it = clist_begin(t->fetched); it && n < k; it = clist_next(it)) {
		struct mailimap_msg_att_body_section *body;
		struct raw_message *m = &batch[n];
		uint32_t uid, size;

		/* Skip what we did not ask for: unsolicited FETCH responses,
		 * UIDs outside the batch. A UID that vanished (expunged by
		 * someone else) is simply not there. */
		if (!read_att(clist_content(it), &uid, &size, &body) || uid < lo || uid > hi)
			continue;
		memset(m, 0, sizeof(*m));
		m->data = body->sec_body_part;
		m->len = body->sec_length;
		m->full_len = size > m->len ? size : m->len;
		m->uid = uid;
		if (str_printf(m->id, sizeof(m->id), "%s;UID=%u", t->url, (unsigned)uid))
			str_printf(m->id, sizeof(m->id), "imap UID %u", (unsigned)uid);
		n++;
	}
	qsort(batch, n, sizeof(*batch), cmp_msg);
	t->next += k;
	t->last_fetched = hi;
	*n_out = n;
	imap_log(t, IMAP_LOG_INFO, "%s/%s: fetched %zu messages (UID %u..%u), %zu left", t->where,
		 t->mailbox, n, (unsigned)lo, (unsigned)hi, t->todo.n - t->next);
	return SRC_OK;
}
