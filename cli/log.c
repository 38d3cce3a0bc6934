/* log.c: stderr diagnostics with levels. */
#include "cli/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static int level;

void log_set_level(int l)
{
	level = l;
}

int log_level(void)
{
	return level;
}

static void vlog(const char *tag, const char *fmt, va_list ap)
{
	int saved = errno;

	fputs("bouncer: ", stderr);
	if (tag)
		fputs(tag, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	errno = saved;
}

#define LOG_BODY(min, tag)              \
	va_list ap;                     \
	if (level < (min))              \
		return;                 \
	va_start(ap, fmt);              \
	vlog(tag, fmt, ap);             \
	va_end(ap)

void log_error(const char *fmt, ...)
{
	LOG_BODY(-1, "error: ");
}

void log_warn(const char *fmt, ...)
{
	LOG_BODY(0, "warning: ");
}

void log_info(const char *fmt, ...)
{
	LOG_BODY(1, NULL);
}

void log_debug(const char *fmt, ...)
{
	LOG_BODY(2, "debug: ");
}
