/*
 * test_logring.c: the per-program ring of output lines.
 */
#include <stdio.h>
#include <string.h>

#include "logring.h"
#include "tap.h"

static void
push(struct logring *r, uint64_t seq, const char *text)
{
	logring_push(r, seq, (int64_t)seq * 10, seq % 2 ? 1 : 2, text,
	    strlen(text));
}

int
main(void)
{
	struct logring r;
	const struct logrec *rec;
	char buf[64];
	uint64_t i;
	size_t k;
	int ordered;

	logring_init(&r, 5, 1000);
	is_int(r.n, 0, "a new ring is empty");
	ok(r.v == NULL, "and holds no memory until a line comes");
	ok(logring_at(&r, 0) == NULL, "logring_at past the end is NULL");
	push(&r, 1, "one");
	rec = logring_at(&r, 0);
	ok(rec != NULL && rec->seq == 1 && rec->len == 3 &&
	    strcmp(rec->text, "one") == 0 && rec->stream == 1 &&
	    rec->time_ms == 10, "a line keeps its text, seq, time and stream");
	for (i = 2; i <= 12; i++) {
		snprintf(buf, sizeof buf, "line %llu", (unsigned long long)i);
		push(&r, i, buf);
	}
	is_int(r.n, 5, "max_lines = 5: five lines held");
	is_int(logring_at(&r, 0)->seq, 8, "the oldest held is line 8");
	is_str(logring_at(&r, 4)->text, "line 12", "the newest is line 12");
	is_int(r.dropped, 7, "seven were dropped");
	is_int(logring_after(&r, 0), 0, "after seq 0: from the first");
	is_int(logring_after(&r, 9), 2, "after seq 9: index 2 (seq 10)");
	is_int(logring_after(&r, 12), 5, "after the newest: none");
	logring_free(&r);
	is_int(r.n, 0, "logring_free empties it");

	/* The byte bound. */
	logring_init(&r, 1000, 20);
	push(&r, 1, "0123456789");
	push(&r, 2, "abcdefghij");
	is_int(r.n, 2, "two 10-byte lines fit in 20 bytes");
	push(&r, 3, "x");
	is_int(r.n, 2, "a third pushes the oldest out");
	is_int(r.bytes, 11, "bytes held follow");
	is_str(logring_at(&r, 0)->text, "abcdefghij", "the oldest went first");
	push(&r, 4, "a line far longer than the twenty bytes allowed");
	is_int(r.n, 1, "a line over max_bytes replaces everything");
	is_int(logring_at(&r, 0)->len, 20, "and is cut to max_bytes");
	push(&r, 5, "");
	is_int(logring_at(&r, 1)->len, 0, "an empty line is a line");
	logring_free(&r);

	/* Growth and wrap-around keep the order. */
	logring_init(&r, 100, 1 << 20);
	for (i = 1; i <= 1000; i++) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)i);
		push(&r, i, buf);
	}
	ordered = r.n == 100;
	for (k = 0; k < r.n; k++)
		if (logring_at(&r, k)->seq != 901 + k)
			ordered = 0;
	ok(ordered, "after 1000 pushes the last 100 are held, in order");
	is_int(r.cap, 100, "the array grew to max_lines and no further");
	logring_free(&r);
	return done_testing();
}
