/*
 * evproto.h: supervisord's event listener protocol, the parts without
 * I/O: event type names and what a subscription covers, the envelope
 * psd writes to a listener's stdin, and the parser of what a listener
 * writes to its stdout (READY, RESULT <len>\n<body>).
 *
 * Facts from supervisord 4.2's documentation and events.py /
 * dispatchers.py: the header is "ver:3.0 server:ID serial:N pool:NAME
 * poolserial:N eventname:TYPE len:N\n", the payload follows with no
 * newline of its own; a listener starts ACKNOWLEDGED, says READY\n,
 * gets one event (BUSY), answers RESULT 2\nOK (or anything else: the
 * event is rejected and sent again) and is ACKNOWLEDGED again.
 */
#ifndef PSD_EVPROTO_H
#define PSD_EVPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The concrete event types psd sends. */
enum evl_type {
	EVL_STATE_STOPPED,
	EVL_STATE_EXITED,
	EVL_STATE_STARTING,
	EVL_STATE_STOPPING,
	EVL_STATE_BACKOFF,
	EVL_STATE_FATAL,
	EVL_STATE_RUNNING,
	EVL_STATE_UNKNOWN,
	EVL_TICK_5,
	EVL_TICK_60,
	EVL_TICK_3600,
	EVL__COUNT
};

#define EVL_BIT(t)	(1u << (t))
#define EVL_ALL_STATES	(EVL_BIT(EVL_TICK_5) - 1)
#define EVL_ALL_TICKS	(EVL_BIT(EVL_TICK_5) | EVL_BIT(EVL_TICK_60) | \
			 EVL_BIT(EVL_TICK_3600))

/* "PROCESS_STATE_RUNNING", "TICK_5", ... */
const char	*evl_type_name(enum evl_type t);

/*
 * What events = NAME covers (case-insensitive, as supervisord upper-cases
 * it): 1 and *bits for a type psd sends (PROCESS_STATE, TICK and EVENT
 * cover their subtypes); 0 for a type supervisord knows and psd never
 * sends (PROCESS_LOG, ...: *bits 0); -1 for no such type.
 */
int		 evl_subscription(const char *name, uint32_t *bits);

/* The header for one event, into buf (NUL-terminated); its length. */
size_t		 evl_header(char *buf, size_t len, const char *server,
		    unsigned long long serial, const char *pool,
		    unsigned long long poolserial, enum evl_type t,
		    size_t payload_len);

/* A listener as supervisord sees it. */
enum evl_lstate {
	EVL_ACKNOWLEDGED,	/* waiting for READY\n */
	EVL_READY,		/* may be sent one event */
	EVL_BUSY,		/* has one; its RESULT is due */
	EVL_UNKNOWN,		/* broke the protocol: gets nothing more */
};

/* What a listener's bytes meant, one call of the callback each. */
enum evl_say {
	EVL_SAID_READY,		/* ACKNOWLEDGED -> READY */
	EVL_SAID_OK,		/* RESULT with body OK: BUSY -> ACKNOWLEDGED */
	EVL_SAID_REJECT,	/* any other body: the event is sent again */
	EVL_SAID_GARBAGE,	/* -> UNKNOWN (busy: the event is rejected) */
};

/* Longest result line or body kept (longer bodies are counted). */
#define EVL_LINE_MAX	64

struct evl_parser {
	enum evl_lstate	 state;
	char		 buf[EVL_LINE_MAX];	/* start of a line not yet whole */
	size_t		 len;
	bool		 in_body;	/* after RESULT N\n: N bytes to come */
	unsigned long	 body_left;
	bool		 body_ok;	/* so far, the body is a prefix of OK */
	unsigned long	 body_len;
};

typedef void (*evl_said_fn)(void *arg, enum evl_say what);

void	 evl_parser_init(struct evl_parser *p);
/* psd sent the listener an event: READY -> BUSY. */
void	 evl_parser_sent(struct evl_parser *p);
/* Feed what the listener wrote; said() is called per step, in order. */
void	 evl_parser_feed(struct evl_parser *p, const char *data, size_t n,
	    evl_said_fn said, void *arg);

#endif
