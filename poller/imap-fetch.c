/* imap-fetch.c: SELECT, the list of UIDs to do, batched UID FETCH.
 *
 * One UID FETCH per batch, never one per message. libetpan buffers a whole
 * response, so a batch is cut by count and by bytes (the sizes come from
 * the listing at open), and the stream refuses to read much more than the
 * batch should take. Bodies stay in the response list until the next
 * fetch (raw_message.data points into it).
 */
#include <stdlib.h>
#include <string.h>

#include "poller/imap-private.h"
#include "util/str.h"

struct todo_item {
	uint32_t uid, size;
};

static int cmp_item(const void *a, const void *b)
{
	const struct todo_item *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* UID and RFC822.SIZE of one response item (0 UID when absent). */
static void read_size(struct mailimap_msg_att *att, uint32_t *uid, uint32_t *size)
{
	*uid = 0;
	*size = 0;
	for (clistiter *it = clist_begin(att->att_list); it; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		if (item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
			*uid = item->att_data.att_static->att_data.att_uid;
		else if (item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			*size = item->att_data.att_static->att_data.att_rfc822_size;
	}
}

/* Sort, drop duplicates, and keep as t->todo / t->sizes. */
static enum source_status keep_todo(struct imap_impl *t, struct todo_item *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof(*items), cmp_item);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && items[i].uid == items[i - 1].uid)
			continue;
		if (!imap_uids_add(&t->todo, items[i].uid) || !imap_uids_add(&t->sizes, items[i].size))
			return SRC_NOMEM;
	}
	return SRC_OK;
}

/* `UID FETCH last+1:* (UID RFC822.SIZE)`: what is to do, and how big. */
static enum source_status list_todo(struct imap_impl *t, char *err)
{
	struct mailimap_set *set = mailimap_set_new_interval(t->last_done + 1, 0);
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_fetch_att *a_uid = mailimap_fetch_att_new_uid();
	struct mailimap_fetch_att *a_size = mailimap_fetch_att_new_rfc822_size();
	struct todo_item *items = NULL;
	enum source_status st = SRC_NOMEM;
	clist *list = NULL;
	size_t n = 0;
	int r;

	if (!set || !ft || !a_uid || !a_size ||
	    mailimap_fetch_type_new_fetch_att_list_add(ft, a_uid) != MAILIMAP_NO_ERROR)
		goto done;
	a_uid = NULL;
	if (mailimap_fetch_type_new_fetch_att_list_add(ft, a_size) != MAILIMAP_NO_ERROR)
		goto done;
	a_size = NULL;
	t->net.read_count = 0;
	r = mailimap_uid_fetch(t->imap, set, ft, &list);
	t->net.read_count = 0;
	if (r != MAILIMAP_NO_ERROR) {
		st = imap_fail(t, r, SRC_TEMPFAIL, err, "listing the messages of \"%s\"", t->mailbox);
		list = NULL;
		goto done;
	}
	items = calloc((size_t)clist_count(list) + 1, sizeof(*items));
	if (!items)
		goto done;
	for (clistiter *it = clist_begin(list); it; it = clist_next(it)) {
		uint32_t uid, size;

		read_size(clist_content(it), &uid, &size);
		/* "N:*" also matches the highest UID when it is below N; and
		 * unsolicited FETCH responses carry flags, no UID. */
		if (uid > t->last_done)
			items[n++] = (struct todo_item){uid, size};
	}
	st = keep_todo(t, items, n);
done:
	free(items);
	if (list)
		mailimap_fetch_list_free(list);
	if (a_uid)
		mailimap_fetch_att_free(a_uid);
	if (a_size)
		mailimap_fetch_att_free(a_size);
	if (ft)
		mailimap_fetch_type_free(ft);
	if (set)
		mailimap_set_free(set);
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
	return list_todo(t, err);
}

void imap_fetch_release(struct imap_impl *t)
{
	if (t->fetched) {
		mailimap_fetch_list_free(t->fetched);
		t->fetched = NULL;
	}
}

#define FETCH_ATTS 4

static struct mailimap_fetch_type *fetch_type(size_t max_bytes)
{
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_fetch_att *a[FETCH_ATTS] = {0};
	struct mailimap_section *sec = mailimap_section_new(NULL);
	size_t i;

	if (!ft || !sec)
		goto fail;
	a[0] = mailimap_fetch_att_new_uid();
	a[1] = mailimap_fetch_att_new_rfc822_size();
	a[2] = mailimap_fetch_att_new_internaldate();
	/* BODY.PEEK[]<0.N>: leaves \Seen alone, and at most N bytes. */
	a[3] = mailimap_fetch_att_new_body_peek_section_partial(
		sec, 0, max_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)max_bytes);
	if (a[3])
		sec = NULL;
	for (i = 0; i < FETCH_ATTS; i++) {
		if (!a[i] || mailimap_fetch_type_new_fetch_att_list_add(ft, a[i]) != MAILIMAP_NO_ERROR)
			goto fail;
		a[i] = NULL;
	}
	return ft;
fail:
	for (i = 0; i < FETCH_ATTS; i++)
		if (a[i])
			mailimap_fetch_att_free(a[i]);
	if (sec)
		mailimap_section_free(sec);
	if (ft)
		mailimap_fetch_type_free(ft);
	return NULL;
}

/* INTERNALDATE as a time_t; 0 when missing or out of range. */
static time_t internal_date(const struct mailimap_date_time *d)
{
	struct tm tm = {0};
	time_t t;
	int zone;

	if (!d || d->dt_year < 1970 || d->dt_year > 9999 || d->dt_month < 1 || d->dt_month > 12 ||
	    d->dt_day < 1 || d->dt_day > 31 || d->dt_hour < 0 || d->dt_hour > 23 || d->dt_min < 0 ||
	    d->dt_min > 59 || d->dt_sec < 0 || d->dt_sec > 60 || d->dt_zone < -2400 ||
	    d->dt_zone > 2400)
		return 0;
	tm.tm_year = d->dt_year - 1900;
	tm.tm_mon = d->dt_month - 1;
	tm.tm_mday = d->dt_day;
	tm.tm_hour = d->dt_hour;
	tm.tm_min = d->dt_min;
	tm.tm_sec = d->dt_sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return 0;
	/* dt_zone is +HHMM as a number: -0500 is -500. */
	zone = (d->dt_zone / 100) * 3600 + (d->dt_zone % 100) * 60;
	return t - zone;
}

struct fetched {
	uint32_t uid, size;
	time_t received;
	struct mailimap_msg_att_body_section *body;
};

/* One response item; false when it is not a body we asked for
 * (unsolicited FETCH with flags only, NIL body). */
static bool read_att(struct mailimap_msg_att *att, struct fetched *f)
{
	memset(f, 0, sizeof(*f));
	for (clistiter *it = clist_begin(att->att_list); it; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);
		struct mailimap_msg_att_static *s;

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		s = item->att_data.att_static;
		switch (s->att_type) {
		case MAILIMAP_MSG_ATT_UID:
			f->uid = s->att_data.att_uid;
			break;
		case MAILIMAP_MSG_ATT_RFC822_SIZE:
			f->size = s->att_data.att_rfc822_size;
			break;
		case MAILIMAP_MSG_ATT_INTERNALDATE:
			f->received = internal_date(s->att_data.att_internal_date);
			break;
		case MAILIMAP_MSG_ATT_BODY_SECTION:
			f->body = s->att_data.att_body_section;
			break;
		default: /* nothing else was asked for */
			break;
		}
	}
	return f->uid != 0 && f->body && f->body->sec_body_part;
}

static int cmp_msg(const void *a, const void *b)
{
	const struct raw_message *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* How many of the next messages go into one UID FETCH: at most max and
 * IMAP_MAX_BATCH, and bodies of at most batch_bytes together (one always).
 * *expect_r gets a generous bound for the response size: a server's
 * RFC822.SIZE may be a little off, so each message may be twice its size
 * plus 64 KiB, never more than max_bytes, plus room for the envelope. */
static size_t batch_count(const struct imap_impl *t, size_t max, size_t *expect_r)
{
	size_t left = t->todo.n - t->next, k = 0, bytes = 0, expect = 64 * 1024;

	if (max > IMAP_MAX_BATCH)
		max = IMAP_MAX_BATCH;
	while (k < left && k < max) {
		/* No RFC822.SIZE from the server: assume the worst. */
		size_t size = t->sizes.v[t->next + k] ? t->sizes.v[t->next + k] : t->max_bytes;
		size_t body = size < t->max_bytes ? size : t->max_bytes;
		size_t allow = size < (SIZE_MAX - 65536) / 2 ? 2 * size + 65536 : SIZE_MAX;

		if (k > 0 && bytes + body > t->batch_bytes)
			break;
		bytes += body;
		allow = allow < t->max_bytes ? allow : t->max_bytes;
		expect += allow + 1024;
		k++;
	}
	*expect_r = expect;
	return k;
}

/* One UID FETCH of the next batch into batch[]; *n_out may be 0 when all
 * of it vanished meanwhile (expunged by someone else). */
static enum source_status fetch_chunk(struct imap_impl *t, struct raw_message *batch, size_t max,
				      size_t *n_out, char *err)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	uint32_t lo, hi;
	size_t k, n = 0, expect = 0;
	int r;

	k = batch_count(t, max, &expect);
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
	t->net.read_count = 0;
	t->net.read_limit = expect;
	r = mailimap_uid_fetch(t->imap, set, ft, &t->fetched);
	t->net.read_count = 0;
	t->net.read_limit = IMAP_READ_LIMIT;
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r != MAILIMAP_NO_ERROR) {
		t->fetched = NULL;
		return imap_fail(t, r, SRC_TEMPFAIL, err, "UID FETCH %u:%u", (unsigned)lo,
				 (unsigned)hi);
	}
	for (clistiter *it = clist_begin(t->fetched); it && n < k; it = clist_next(it)) {
		struct raw_message *m = &batch[n];
		struct fetched f;

		/* Skip what we did not ask for: unsolicited FETCH responses,
		 * UIDs outside the batch. A UID that vanished (expunged by
		 * someone else) is simply not there. */
		if (!read_att(clist_content(it), &f) || f.uid < lo || f.uid > hi)
			continue;
		raw_message_clear(m);
		m->data = f.body->sec_body_part;
		m->len = f.body->sec_length;
		m->full_len = f.size > m->len ? f.size : m->len;
		m->uid = f.uid;
		m->received = f.received;
		if (str_printf(m->id, sizeof(m->id), "%s;UID=%u", t->url, (unsigned)f.uid))
			str_printf(m->id, sizeof(m->id), "imap UID %u", (unsigned)f.uid);
		n++;
	}
	qsort(batch, n, sizeof(*batch), cmp_msg);
	/* A server repeating a UID must not make us handle it twice. */
	if (n > 1) {
		size_t w = 1;

		for (size_t i = 1; i < n; i++)
			if (batch[i].uid != batch[w - 1].uid)
				batch[w++] = batch[i];
		n = w;
	}
	t->next += k;
	t->last_fetched = hi;
	*n_out = n;
	imap_log(t, IMAP_LOG_INFO, "%s/%s: fetched %zu messages (UID %u..%u), %zu left", t->where,
		 t->mailbox, n, (unsigned)lo, (unsigned)hi, t->todo.n - t->next);
	return SRC_OK;
}

enum source_status imap_fetch_batch(struct source *s, struct raw_message *batch, size_t max,
				    size_t *n_out, char *err)
{
	struct imap_impl *t = s->impl;
	enum source_status st = SRC_OK;

	*n_out = 0;
	imap_fetch_release(t);
	if (t->broken) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP connection to %s was lost", t->where);
		return SRC_TEMPFAIL;
	}
	if (max == 0)
		return SRC_OK;
	/* 0 messages with SRC_OK means "nothing left" to the caller: go on
	 * past batches that vanished. */
	while (st == SRC_OK && *n_out == 0) {
		if (t->next >= t->todo.n)
			return SRC_END;
		if (t->net.deadline && time(NULL) >= t->net.deadline) {
			str_printf(err, SOURCE_ERR_MAX, "run deadline reached with %zu messages left on %s",
				   t->todo.n - t->next, t->where);
			return SRC_TEMPFAIL;
		}
		imap_fetch_release(t);
		st = fetch_chunk(t, batch, max, n_out, err);
	}
	return st;
}
