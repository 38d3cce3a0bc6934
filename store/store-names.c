/* store-names.c: names of address states and store statuses. */
#include <string.h>

#include "store/store.h"

static const char *const state_names[] = {
	[ADDR_ACTIVE] = "active",
	[ADDR_WATCH] = "watch",
	[ADDR_SUPPRESSED] = "suppressed",
};
#define N_STATES (sizeof(state_names) / sizeof(state_names[0]))

static const char *const status_names[] = {
	[STORE_OK] = "ok",
	[STORE_BUSY] = "busy",
	[STORE_FULL] = "full",
	[STORE_READONLY] = "readonly",
	[STORE_CORRUPT] = "corrupt",
	[STORE_NOTFOUND] = "notfound",
	[STORE_ERROR] = "error",
};
#define N_STATUSES (sizeof(status_names) / sizeof(status_names[0]))

const char *addr_state_name(enum addr_state s)
{
	return (unsigned)s < N_STATES ? state_names[s] : "unknown";
}

bool addr_state_from_name(const char *name, enum addr_state *s_out)
{
	for (size_t i = 0; i < N_STATES; i++) {
		if (strcmp(state_names[i], name) == 0) {
			*s_out = (enum addr_state)i;
			return true;
		}
	}
	return false;
}

const char *store_status_name(enum store_status s)
{
	return (unsigned)s < N_STATUSES ? status_names[s] : "unknown";
}
