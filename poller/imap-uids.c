/* imap-uids.c: growable UID lists, and IMAP sets built from them. */
#include <stdlib.h>

#include "poller/imap-private.h"

bool imap_uids_add(struct uid_list *l, uint32_t uid)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		uint32_t *v;

		if (cap > SIZE_MAX / sizeof(*v))
			return false;
		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = uid;
	return true;
}

void imap_uids_free(struct uid_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

struct mailimap_set *imap_uids_set(const struct uid_list *l, size_t from, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i = from, end = from + n;

	if (!set)
		return NULL;
	/* The list is ascending: each run of consecutive UIDs is one range. */
	while (i < end) {
		size_t j = i;

		while (j + 1 < end && l->v[j + 1] == l->v[j] + 1)
			j++;
		if (mailimap_set_add_interval(set, l->v[i], l->v[j]) != MAILIMAP_NO_ERROR) {
			mailimap_set_free(set);
			return NULL;
		}
		i = j + 1;
	}
	return set;
}
