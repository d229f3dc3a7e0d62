/*
 * log.h: leveled logging for psd, psctl and the tests.
 *
 * Messages are one line each, "IDENT: message", written with one write(2)
 * so lines from several processes do not interleave.  errno is preserved.
 * psd replaces the sink to route its lines into its output stream.
 */
#ifndef PSD_LOG_H
#define PSD_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
	LOG_LVL_TRACE,
};

/* A sink gets a complete message without the ident and without newline. */
typedef void (*log_sink_fn)(int level, const char *msg, size_t len);

void log_init(const char *ident, int level);
void log_set_level(int level);
int log_get_level(void);
int log_enabled(int level);
const char *log_ident(void);
void log_set_sink(log_sink_fn sink);
const char *log_level_name(int level);
int log_level_from_name(const char *name);

void log_vmsg(int level, int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* log_error/log_warn append ": strerror(errno)"; the x variants do not. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log at error level and exit with status (fatal adds strerror). */
void fatal(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void fatalx(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Write the default "ident: msg\n" line to fd 2 (used by sinks too). */
void log_write_stderr(int level, const char *msg, size_t len);

#endif
