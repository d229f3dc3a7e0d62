/*
 * logfmt.c: prefixes, colours and timestamps of psd's output lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "logfmt.h"
#include "sink.h"
#include "util.h"

static const char *const palette[] = {
	"36", "33", "32", "35", "34", "96", "93", "92", "95", "94",
};

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
	for (i = 0; i < SINK__COUNT; i++)
		colored[i] = color == 1 ||
		    (color < 0 && !no_color && sink_isatty(i));
}

void
logfmt_set_width(int w)
{
	width = w;
}

int
logfmt_width(void)
{
	return width;
}

/* "2026-12-01T08:03:20.123+00:00 " into buf; its length. */
static size_t
logfmt_stamp(int64_t ms, char *buf, size_t len)
{
	struct tm tm;
	time_t sec = (time_t)(ms / 1000);
	long off;
	int n;

	if (sec != ts_sec) {
		ts_sec = sec;
		localtime_r(&sec, &tm);
		strftime(ts_date, sizeof ts_date, "%Y-%m-%dT%H:%M:%S", &tm);
		off = labs(tm.tm_gmtoff / 60) % (24 * 60);
		snprintf(ts_zone, sizeof ts_zone, "%c%02d:%02d",
		    tm.tm_gmtoff < 0 ? '-' : '+', (int)(off / 60),
		    (int)(off % 60));
	}
	n = snprintf(buf, len, "%s.%03d%s ", ts_date, (int)(ms % 1000), ts_zone);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

void
logfmt_line(int sink, const char *name, int color, int64_t time_ms,
    const char *text, size_t len)
{
	char head[160];
	size_t n = 0;
	int w, r;

	if (timestamps)
		n = logfmt_stamp(time_ms, head, sizeof head);
	w = width > 0 ? width : (int)strlen(name);
	if (colored[sink_route(sink)])
		r = snprintf(head + n, sizeof head - n, "\033[%sm%-*s |\033[0m ",
		    color == LOGFMT_PSD ? "1" :
		    palette[(unsigned int)color % nitems(palette)], w, name);
	else
		r = snprintf(head + n, sizeof head - n, "%-*s | ", w, name);
	if (r > 0)
		n += (size_t)r < sizeof head - n ? (size_t)r : sizeof head - n - 1;
	sink_append(sink, head, n);
	sink_append(sink, text, len);
	sink_append(sink, "\n", 1);
}

void
logfmt_psd_message(int level, const char *msg, size_t len)
{
	char line[2304];
	size_t n = 0;
	int r;

	(void)level;
	if (width > 0) {
		if (timestamps)
			n = logfmt_stamp(wallclock_ms(), line, sizeof line);
		if (colored[sink_route(SINK_ERR)])
			r = snprintf(line + n, sizeof line - n,
			    "\033[1m%-*s |\033[0m ", width, log_ident());
		else
			r = snprintf(line + n, sizeof line - n, "%-*s | ",
			    width, log_ident());
	} else
		r = snprintf(line, sizeof line, "%s: ", log_ident());
	if (r > 0)
		n += (size_t)r;
	if (n >= sizeof line)
		n = 0;
	if (len > sizeof line - n - 1)
		len = sizeof line - n - 1;
	memcpy(line + n, msg, len);
	n += len;
	line[n++] = '\n';
	sink_append_own(SINK_ERR, line, n);
	sink_flush(SINK_ERR);
}
