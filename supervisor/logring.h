/*
 * logring.h: the last lines of one program's output, for psctl logs.
 *
 * A ring keeps at most max_lines lines and max_bytes bytes of text; the
 * oldest lines go first.  It starts empty and grows only as lines arrive,
 * so a thousand quiet programs cost almost nothing.  Every line carries a
 * sequence number that is global across rings, so the lines of several
 * programs can be merged back into the order psd read them.
 */
#ifndef PSD_LOGRING_H
#define PSD_LOGRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGRING_LINES		1000
#define LOGRING_BYTES		(256 * 1024)

struct logrec {
	uint64_t	 seq;
	int64_t		 time_ms;	/* wall clock, ms since the epoch */
	uint32_t	 len;		/* text bytes, no newline */
	uint8_t		 stream;	/* 1 stdout, 2 stderr */
	char		 text[];	/* len bytes, then a NUL */
};

struct logblock;

struct logring {
	struct logrec	**v;		/* circular, cap entries */
	size_t		 cap;
	size_t		 head;		/* index of the oldest */
	size_t		 n;
	size_t		 bytes;		/* text bytes held */
	size_t		 max_lines;
	size_t		 max_bytes;
	uint64_t	 dropped;	/* lines evicted so far */
	/* Lines live in blocks, oldest first, so a line costs no malloc. */
	struct logblock	*first, *last;
	struct logblock	*spare;		/* an emptied block, for reuse */
};

void		 logring_init(struct logring *r, size_t max_lines,
		    size_t max_bytes);
void		 logring_free(struct logring *r);
/* Append a line (text is copied; longer than max_bytes is cut). */
void		 logring_push(struct logring *r, uint64_t seq, int64_t time_ms,
		    int stream, const char *text, size_t len);
/* The i-th line held, 0 = oldest; NULL past the end. */
const struct logrec *logring_at(const struct logring *r, size_t i);
/* Index of the first line with seq > after (n if none). */
size_t		 logring_after(const struct logring *r, uint64_t after);

#endif
