/* fuzz-config.c: libFuzzer target for the config loader. config_load() reads a
 * path, so the input is written to one temporary file per process and loaded.
 * Leaks inside libconfig are suppressed (tests/fuzz/lsan.supp). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static struct config c; /* about 200 KB: not on the stack */
	char err[CONFIG_ERR_MAX];
	FILE *f;

	/* @include reads other files, not the input; and libconfig 1.5 exit()s
	 * on an include that names a directory (tests/hostile/config-include-dir.cfg) */
	if (memmem(data, size, "@include", 8))
		return 0;
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/bouncer-fuzz-config.%ld.cfg", (long)getpid());
	if (!(f = fopen(path, "wb")))
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (config_load(path, &c, err, sizeof(err)) != 0 && !memchr(err, '\0', sizeof(err)))
		abort(); /* the error text must be a bounded string */
	unlink(path);
	return 0;
}
