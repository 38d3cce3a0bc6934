/* log.h: the only place that prints diagnostics. Everything goes to stderr,
 * prefixed "bouncer: "; errno is kept intact. */
#ifndef BOUNCER_CLI_LOG_H
#define BOUNCER_CLI_LOG_H

#define LOG_PRINTF __attribute__((format(printf, 1, 2)))

/* 0 = errors and warnings, 1 = -v (info), 2 = -vv (debug); -1 = -q (errors only) */
void log_set_level(int level);
int log_level(void);
void log_error(const char *fmt, ...) LOG_PRINTF;
void log_warn(const char *fmt, ...) LOG_PRINTF;
void log_info(const char *fmt, ...) LOG_PRINTF;
void log_debug(const char *fmt, ...) LOG_PRINTF;

#endif
