/* test-store-imap-state.c: IMAP resume state in the store (store/imap-state.c). */
#include <stdint.h>

#include "store/store.h"
#include "tests/unit/harness.h"

static void test_state(void)
{
	char dir[] = "/tmp/bouncer-imapstate-XXXXXX", path[256], err[STORE_ERR_MAX] = "";
	struct store_options opt = {0};
	struct store *st = NULL;
	uint32_t uv = 1, last = 1;

	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/b.db", dir);
	opt.path = path;
	CHECK_INT(store_open(&opt, &st, err), STORE_OK, "open a new store (%s)", err);
	if (!st)
		return;
	CHECK_INT(store_imap_state_get(st, "imap://u@h:993/INBOX", &uv, &last, err), STORE_OK,
		  "get before any set (%s)", err);
	CHECK(uv == 0 && last == 0, "nothing saved: 0/0");
	CHECK_INT(store_imap_state_set(st, "imap://u@h:993/INBOX", 1700000001u, 42, err), STORE_OK,
		  "set (%s)", err);
	CHECK_INT(store_imap_state_set(st, "imap://u@h:993/Other", 7, 3, err), STORE_OK, "set another");
	CHECK_INT(store_imap_state_set(st, "imap://u@h:993/INBOX", 4000000000u, 4294967295u, err),
		  STORE_OK, "replace, with values above INT32_MAX");
	store_close(&st);
	CHECK(st == NULL, "close clears the pointer");

	opt.readonly = true;
	CHECK_INT(store_open(&opt, &st, err), STORE_OK, "reopen read-only (%s)", err);
	if (!st)
		return;
	CHECK_INT(store_imap_state_get(st, "imap://u@h:993/INBOX", &uv, &last, err), STORE_OK, "get");
	CHECK(uv == 4000000000u && last == 4294967295u, "survives reopen, full uint32 range (%u/%u)",
	      (unsigned)uv, (unsigned)last);
	CHECK_INT(store_imap_state_get(st, "imap://u@h:993/Other", &uv, &last, err), STORE_OK, "get other");
	CHECK(uv == 7 && last == 3, "keys are separate");
	CHECK_INT(store_imap_state_set(st, "imap://u@h:993/INBOX", 1, 1, err), STORE_READONLY,
		  "set on a read-only store is refused");
	store_close(&st);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir); /* the db, its lock and journal files */
	CHECK_INT(system(path), 0, "clean up");
}

TEST_MAIN(test_state)
