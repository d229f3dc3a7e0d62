/*
 * logring.c: a bounded ring of output lines.
 *
 * Lines are packed one after another into blocks of LOGRING_BLOCK bytes
 * (a longer line gets a block of its own), blocks are kept oldest first,
 * and an array of pointers gives the i-th line at once.  Dropping the
 * oldest line frees its block when it was the block's last line, so
 * lines cost no allocation of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "logring.h"
#include "xmalloc.h"

#define LOGRING_BLOCK	(16 * 1024)

struct logblock {
	struct logblock	*next;
	size_t		 used, cap;
	unsigned int	 live;		/* lines in it still held */
	_Alignas(8) char data[];
};

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
	struct logblock *b, *next;

	for (b = r->first; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(r->spare);
	free(r->v);
	r->first = r->last = r->spare = NULL;
	r->v = NULL;
	r->cap = r->n = r->head = r->bytes = 0;
}

/* Drop the oldest line, and its block once that holds no line. */
static void
logring_pop(struct logring *r)
{
	struct logrec *rec = r->v[r->head];
	struct logblock *b = r->first;

	r->bytes -= rec->len;
	r->v[r->head] = NULL;
	r->head = (r->head + 1) % r->cap;
	r->n--;
	r->dropped++;
	if (--b->live > 0 || b == r->last)
		return;
	r->first = b->next;
	if (r->spare == NULL && b->cap == LOGRING_BLOCK)
		r->spare = b;
	else
		free(b);
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

/* Space for size bytes at the end of the newest block. */
static void *
logring_alloc(struct logring *r, size_t size)
{
	struct logblock *b = r->last;
	void *p;

	if (b == NULL || b->cap - b->used < size) {
		if (size <= LOGRING_BLOCK && r->spare != NULL) {
			b = r->spare;
			r->spare = NULL;
		} else {
			b = xmalloc(sizeof *b + (size > LOGRING_BLOCK ? size :
			    LOGRING_BLOCK));
			b->cap = size > LOGRING_BLOCK ? size : LOGRING_BLOCK;
		}
		b->next = NULL;
		b->used = 0;
		b->live = 0;
		if (r->last != NULL)
			r->last->next = b;
		else
			r->first = b;
		r->last = b;
	}
	p = b->data + b->used;
	b->used += size;
	b->live++;
	return p;
}

void
logring_push(struct logring *r, uint64_t seq, int64_t time_ms, int stream,
    const char *text, size_t len)
{
	struct logrec *rec;
	size_t size;

	if (len > r->max_bytes)
		len = r->max_bytes;
	while (r->n > 0 && r->bytes + len > r->max_bytes)
		logring_pop(r);
	logring_grow(r);
	size = (sizeof *rec + len + 1 + 7) & ~(size_t)7;
	rec = logring_alloc(r, size);
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
