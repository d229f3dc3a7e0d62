/*
 * logfmt.c: prefixes, colours and timestamps of psd's output lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "logfmt.h"
#include "loop.h"
#include "sink.h"
#include "util.h"

static const char *const palette[] = {
	"36", "33", "32", "35", "34", "96", "93", "92", "95", "94",
};

static unsigned int gen = 1;		/* bumped when the layout changes */
static bool	 timestamps;
static bool	 colored[SINK__COUNT];
static int	 width;
static int64_t	 ts_sec = -1;		/* second of the cached stamp */
static char	 ts_date[32];		/* 2026-12-01T08:03:20 */
static char	 ts_zone[16];		/* +00:00 */

void
logfmt_configure(bool ts, int color)
{
	const char *nc = getenv("NO_COLOR");
	bool no_color = nc != NULL && *nc != '\0';
	int i;

	timestamps = ts;
	gen++;
	for (i = 0; i < SINK__COUNT; i++)
		colored[i] = color == 1 ||
		    (color < 0 && !no_color && sink_isatty(i));
}

void
logfmt_set_width(int w)
{
	if (w != width)
		gen++;
	width = w;
}

#define LOGFMT_STAMP_LEN	30	/* 2026-12-01T08:03:20.123+00:00 + ' ' */

/* "2026-12-01T08:03:20.123+00:00 " into buf (LOGFMT_STAMP_LEN bytes). */
static size_t
logfmt_stamp(int64_t ms, char *buf)
{
	struct tm tm;
	time_t sec = (time_t)(ms / 1000);
	long off;
	int frac = (int)(ms % 1000);

	if (sec != ts_sec) {
		ts_sec = sec;
		localtime_r(&sec, &tm);
		strftime(ts_date, sizeof ts_date, "%Y-%m-%dT%H:%M:%S", &tm);
		off = labs(tm.tm_gmtoff / 60) % (24 * 60);
		snprintf(ts_zone, sizeof ts_zone, "%c%02d:%02d",
		    tm.tm_gmtoff < 0 ? '-' : '+', (int)(off / 60),
		    (int)(off % 60));
	}
	memcpy(buf, ts_date, 19);
	buf[19] = '.';
	buf[20] = (char)('0' + frac / 100);
	buf[21] = (char)('0' + frac / 10 % 10);
	buf[22] = (char)('0' + frac % 10);
	memcpy(buf + 23, ts_zone, 6);
	buf[29] = ' ';
	return LOGFMT_STAMP_LEN;
}

/* Build "NAME   | " (coloured where the sink wants it) for a stream. */
static void
logfmt_build(struct logfmt_prefix *pre, int sink, const char *name, int color)
{
	int w = width > 0 ? width : (int)strlen(name), r;

	if (colored[sink_route(sink)])
		r = snprintf(pre->buf, sizeof pre->buf, "\033[%sm%-*s |\033[0m ",
		    color == LOGFMT_PSD ? "1" :
		    palette[(unsigned int)color % nitems(palette)], w, name);
	else
		r = snprintf(pre->buf, sizeof pre->buf, "%-*s | ", w, name);
	pre->len = r < 0 ? 0 : (size_t)r < sizeof pre->buf ? (size_t)r :
	    sizeof pre->buf - 1;
	pre->gen = gen;
}

void
logfmt_line(struct logfmt_prefix *pre, int sink, const char *name, int color,
    int64_t time_ms, const char *text, size_t len)
{
	size_t n = (timestamps ? LOGFMT_STAMP_LEN : 0);
	char *p;

	if (pre->gen != gen)
		logfmt_build(pre, sink, name, color);
	p = sink_space(sink, n + pre->len + len + 1);
	if (p == NULL)
		return;
	if (timestamps)
		logfmt_stamp(time_ms, p);
	memcpy(p + n, pre->buf, pre->len);
	memcpy(p + n + pre->len, text, len);
	p[n + pre->len + len] = '\n';
	sink_commit(sink, n + pre->len + len + 1);
}

void
logfmt_psd_message(int level, const char *msg, size_t len)
{
	static struct logfmt_prefix pre;
	char line[2304];
	size_t n = 0;
	int r;

	(void)level;
	if (width > 0) {
		if (timestamps)
			n = logfmt_stamp(wallclock_ms(), line);
		if (pre.gen != gen)
			logfmt_build(&pre, SINK_ERR, log_ident(), LOGFMT_PSD);
		memcpy(line + n, pre.buf, pre.len);
		n += pre.len;
	} else if ((r = snprintf(line, sizeof line, "%s: ", log_ident())) > 0)
		n = (size_t)r;
	if (len > sizeof line - n - 1)
		len = sizeof line - n - 1;
	memcpy(line + n, msg, len);
	n += len;
	line[n++] = '\n';
	sink_append_own(SINK_ERR, line, n);
	if (!loop_running())
		sink_flush(SINK_ERR);	/* else once per pass */
}
