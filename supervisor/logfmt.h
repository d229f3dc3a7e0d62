/*
 * logfmt.h: how a line looks on psd's output.
 *
 *	[2026-12-01T08:03:20.123+00:00 ]web:1  | the program's line
 *	[2026-12-01T08:03:20.123+00:00 ]psd    | program web:1: started
 *
 * The name column is as wide as the longest name of a program whose
 * output psd carries; it is coloured per program when that stream is a
 * terminal and NO_COLOR is unset (log_color = auto), or always/never when
 * configured.  With no such program psd's own lines keep the classic
 * "psd: message" form (single-command mode, like tini).
 */
#ifndef PSD_LOGFMT_H
#define PSD_LOGFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGFMT_PSD	(-1)	/* colour index of psd's own lines */
#define LOGFMT_PREFIX_MAX	96

/* A stream's prefix, built once per layout (name, padding, colour). */
struct logfmt_prefix {
	unsigned int	 gen;		/* 0: not built */
	size_t		 len;
	char		 buf[LOGFMT_PREFIX_MAX];
};

/* color: -1 auto, 0 never, 1 always. */
void	 logfmt_configure(bool timestamps, int color);
/* Width of the name column; 0 for the classic "psd: " form. */
void	 logfmt_set_width(int width);
/* Append one formatted line (newline added) to a sink. */
void	 logfmt_line(struct logfmt_prefix *pre, int sink, const char *name,
	    int color, int64_t time_ms, const char *text, size_t len);
/* psd's own log lines (a log.h sink). */
void	 logfmt_psd_message(int level, const char *msg, size_t len);

#endif
