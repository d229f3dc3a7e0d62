/*
 * logring.c: a bounded ring of output lines.
 */
#include <stdlib.h>
#include <string.h>

#include "logring.h"
#include "xmalloc.h"

void
logring_init(struct logring *r, size_t max_lines, size_t max_bytes)
{
	memset(r, 0, sizeof *r);
	r->max_lines = max_lines > 0 ? max_lines : 1;
	r->max_bytes = max_bytes;
}

void
logring_free(struct logring *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[(r->head + i) % r->cap]);
	free(r->v);
	r->v = NULL;
	r->cap = r->n = r->head = r->bytes = 0;
}

/* Drop the oldest line. */
static void
logring_pop(struct logring *r)
{
	struct logrec *rec = r->v[r->head];

	r->bytes -= rec->len;
	free(rec);
	r->v[r->head] = NULL;
	r->head = (r->head + 1) % r->cap;
	r->n--;
	r->dropped++;
}

/* Make room for one more entry, growing the array up to max_lines. */
static void
logring_grow(struct logring *r)
{
	struct logrec **v;
	size_t cap, i;

	if (r->n < r->cap)
		return;
	if (r->cap >= r->max_lines) {
		logring_pop(r);
		return;
	}
	cap = r->cap ? r->cap * 2 : 16;
	if (cap > r->max_lines)
		cap = r->max_lines;
	v = xcalloc(cap, sizeof *v);
	for (i = 0; i < r->n; i++)
		v[i] = r->v[(r->head + i) % r->cap];
	free(r->v);
	r->v = v;
	r->cap = cap;
	r->head = 0;
}

void
logring_push(struct logring *r, uint64_t seq, int64_t time_ms, int stream,
    const char *text, size_t len)
{
	struct logrec *rec;

	if (len > r->max_bytes)
		len = r->max_bytes;
	while (r->n > 0 && r->bytes + len > r->max_bytes)
		logring_pop(r);
	logring_grow(r);
	rec = xmalloc(sizeof *rec + len + 1);
	rec->seq = seq;
	rec->time_ms = time_ms;
	rec->len = (uint32_t)len;
	rec->stream = (uint8_t)stream;
	memcpy(rec->text, text, len);
	rec->text[len] = '\0';
	r->v[(r->head + r->n) % r->cap] = rec;
	r->n++;
	r->bytes += len;
}

const struct logrec *
logring_at(const struct logring *r, size_t i)
{
	if (i >= r->n)
		return NULL;
	return r->v[(r->head + i) % r->cap];
}

size_t
logring_after(const struct logring *r, uint64_t after)
{
	size_t lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (logring_at(r, mid)->seq <= after)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
