/*
 * log.c: leveled logging, one write(2) per line, errno preserved.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX 2048

static const char *log_ident_str = "psd";
static int log_level_cur = LOG_LVL_WARN;
static log_sink_fn log_sink = log_write_stderr;

static const char *const log_level_names[] = {
	"error", "warn", "info", "debug", "trace",
};

/* Set the ident and level. */
void
log_init(const char *ident, int level)
{
	log_ident_str = ident;
	log_set_level(level);
}

/* Set the level, clamped to the known range. */
void
log_set_level(int level)
{
	if (level < LOG_LVL_ERROR)
		level = LOG_LVL_ERROR;
	if (level > LOG_LVL_TRACE)
		level = LOG_LVL_TRACE;
	log_level_cur = level;
}

int
log_get_level(void)
{
	return log_level_cur;
}

/* Tell whether a message at level would be written. */
int
log_enabled(int level)
{
	return level <= log_level_cur;
}

const char *
log_ident(void)
{
	return log_ident_str;
}

/* Replace the sink (NULL restores stderr). */
void
log_set_sink(log_sink_fn sink)
{
	log_sink = sink != NULL ? sink : log_write_stderr;
}

const char *
log_level_name(int level)
{
	if (level < LOG_LVL_ERROR || level > LOG_LVL_TRACE)
		return "?";
	return log_level_names[level];
}

/* Map "error", "warn", "info", "debug", "trace" to a level; -1 if unknown. */
int
log_level_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof log_level_names / sizeof log_level_names[0]; i++)
		if (strcasecmp(name, log_level_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "warning") == 0)
		return LOG_LVL_WARN;
	return -1;
}

/* Write "ident: msg\n" to stderr in one write. */
void
log_write_stderr(int level, const char *msg, size_t len)
{
	char line[LOG_LINE_MAX + 64];
	size_t n;
	int saved = errno;
	ssize_t w;

	(void)level;
	n = (size_t)snprintf(line, sizeof line, "%s: ", log_ident_str);
	if (n >= sizeof line)
		n = 0;
	if (len > sizeof line - n - 1)
		len = sizeof line - n - 1;
	memcpy(line + n, msg, len);
	n += len;
	line[n++] = '\n';
	do
		w = write(STDERR_FILENO, line, n);
	while (w < 0 && errno == EINTR);
	errno = saved;
}

/* Format and emit a message; errnum > 0 appends its strerror. */
void
log_vmsg(int level, int errnum, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX];
	int n, saved = errno;

	if (!log_enabled(level))
		return;
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof msg)
		n = sizeof msg - 1;
	if (errnum > 0) {
		int m = snprintf(msg + n, sizeof msg - (size_t)n, ": %s",
		    strerror(errnum));
		if (m > 0)
			n += m;
		if ((size_t)n >= sizeof msg)
			n = sizeof msg - 1;
	}
	log_sink(level, msg, (size_t)n);
	errno = saved;
}

void
log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, 0, fmt, ap);
	va_end(ap);
}

#define LOG_FN(name, level, with_errno)					\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
	int e = errno;							\
									\
	va_start(ap, fmt);						\
	log_vmsg(level, (with_errno) ? e : 0, fmt, ap);			\
	va_end(ap);							\
	errno = e;							\
}

LOG_FN(log_error, LOG_LVL_ERROR, 1)
LOG_FN(log_errorx, LOG_LVL_ERROR, 0)
LOG_FN(log_warn, LOG_LVL_WARN, 1)
LOG_FN(log_warnx, LOG_LVL_WARN, 0)
LOG_FN(log_info, LOG_LVL_INFO, 0)
LOG_FN(log_debug, LOG_LVL_DEBUG, 0)
LOG_FN(log_trace, LOG_LVL_TRACE, 0)

void
fatal(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERROR, e, fmt, ap);
	va_end(ap);
	exit(status);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERROR, 0, fmt, ap);
	va_end(ap);
	exit(status);
}
