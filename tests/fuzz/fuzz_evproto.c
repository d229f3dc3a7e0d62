/*
 * fuzz_evproto.c: libFuzzer target for the parser of what an event
 * listener writes (lib/evproto.c).  The first byte chooses where psd
 * "sends an event" (READY -> BUSY) and how the rest is cut into reads;
 * every step said must be one the state allows, and the parser's state
 * must stay within its bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	struct evl_parser	*p;
	enum evl_lstate		 before;
	int			 steps;
};

static void
said(void *arg, enum evl_say what)
{
	struct seen *s = arg;

	s->steps++;
	switch (what) {
	case EVL_SAID_READY:
		if (s->p->state != EVL_READY)
			abort();
		break;
	case EVL_SAID_OK:
	case EVL_SAID_REJECT:
		if (s->p->state != EVL_ACKNOWLEDGED)
			abort();
		break;
	case EVL_SAID_GARBAGE:
		if (s->p->state != EVL_UNKNOWN)
			abort();
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evl_parser p;
	struct seen s = { &p, EVL_ACKNOWLEDGED, 0 };
	size_t off = 1, chunk;
	uint32_t bits;
	char name[64], head[128];

	if (size == 0)
		return 0;
	chunk = (data[0] & 15) + 1;
	evl_parser_init(&p);
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;

		if (p.state == EVL_READY && (data[off] & 1))
			evl_parser_sent(&p);
		evl_parser_feed(&p, (const char *)data + off, n, said, &s);
		if (p.len >= sizeof p.buf || p.state > EVL_UNKNOWN)
			abort();
		off += n;
	}
	/* names: any text gives 1, 0 or -1, and bits only for 1 */
	{
		size_t n = size - 1 < sizeof name - 1 ? size - 1 : sizeof name - 1;
		int r;

		memcpy(name, data + 1, n);
		name[n] = '\0';
		r = evl_subscription(name, &bits);
		if ((r == 1) != (bits != 0))
			abort();
		if (evl_header(head, sizeof head, name, 1, name, 2,
		    EVL_TICK_5, n) >= sizeof head)
			abort();
	}
	return 0;
}
