/*
 * evproto.c: supervisord's event listener protocol without I/O (see
 * evproto.h): names, subscriptions, the envelope header, and the parser
 * of a listener's stdout.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "evproto.h"

static const char *const evl_names[EVL__COUNT] = {
	"PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED",
	"PROCESS_STATE_STARTING", "PROCESS_STATE_STOPPING",
	"PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL",
	"PROCESS_STATE_RUNNING", "PROCESS_STATE_UNKNOWN",
	"TICK_5", "TICK_60", "TICK_3600",
};

/* Types supervisord has and psd never sends. */
static const char *const evl_unsent[] = {
	"PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT",
	"PROCESS_COMMUNICATION_STDERR", "PROCESS_LOG", "PROCESS_LOG_STDOUT",
	"PROCESS_LOG_STDERR", "REMOTE_COMMUNICATION",
	"SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
	"SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_GROUP",
	"PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
};

const char *
evl_type_name(enum evl_type t)
{
	return (unsigned int)t < EVL__COUNT ? evl_names[t] : "?";
}

int
evl_subscription(const char *name, uint32_t *bits)
{
	size_t i;

	*bits = 0;
	if (strcasecmp(name, "EVENT") == 0) {
		*bits = EVL_ALL_STATES | EVL_ALL_TICKS;
		return 1;
	}
	if (strcasecmp(name, "PROCESS_STATE") == 0) {
		*bits = EVL_ALL_STATES;
		return 1;
	}
	if (strcasecmp(name, "TICK") == 0) {
		*bits = EVL_ALL_TICKS;
		return 1;
	}
	for (i = 0; i < EVL__COUNT; i++)
		if (strcasecmp(name, evl_names[i]) == 0) {
			*bits = EVL_BIT(i);
			return 1;
		}
	for (i = 0; i < sizeof evl_unsent / sizeof evl_unsent[0]; i++)
		if (strcasecmp(name, evl_unsent[i]) == 0)
			return 0;
	return -1;
}

size_t
evl_header(char *buf, size_t len, const char *server,
    unsigned long long serial, const char *pool,
    unsigned long long poolserial, enum evl_type t, size_t payload_len)
{
	int n;

	n = snprintf(buf, len, "ver:3.0 server:%s serial:%llu pool:%s"
	    " poolserial:%llu eventname:%s len:%zu\n", server, serial, pool,
	    poolserial, evl_type_name(t), payload_len);
	if (n < 0)
		n = 0;
	if ((size_t)n >= len)
		n = len > 0 ? (int)len - 1 : 0;
	return (size_t)n;
}

void
evl_parser_init(struct evl_parser *p)
{
	memset(p, 0, sizeof *p);
	p->state = EVL_ACKNOWLEDGED;
}

void
evl_parser_sent(struct evl_parser *p)
{
	if (p->state == EVL_READY) {
		p->state = EVL_BUSY;
		p->len = 0;
		p->in_body = false;
	}
}

/* The listener broke the protocol: nothing it says counts any more. */
static void
evl_garbage(struct evl_parser *p, evl_said_fn said, void *arg)
{
	p->state = EVL_UNKNOWN;
	p->len = 0;
	p->in_body = false;
	said(arg, EVL_SAID_GARBAGE);
}

/* "RESULT N" (what follows the token is read as a number, as supervisord
 * does, spaces around it allowed): N, or -1. */
static long
evl_result_len(const char *line, size_t n)
{
	size_t i = 7;
	long v = 0;
	bool digits = false;

	if (n < 7 || memcmp(line, "RESULT ", 7) != 0)
		return -1;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < n && line[i] >= '0' && line[i] <= '9') {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (line[i++] - '0');
		digits = true;
	}
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return digits && i == n ? v : -1;
}

/* A whole body has come: OK acknowledges, anything else rejects. */
static void
evl_body_done(struct evl_parser *p, evl_said_fn said, void *arg)
{
	bool ok = p->body_ok && p->body_len == 2;

	p->in_body = false;
	p->state = EVL_ACKNOWLEDGED;
	said(arg, ok ? EVL_SAID_OK : EVL_SAID_REJECT);
}

void
evl_parser_feed(struct evl_parser *p, const char *data, size_t n,
    evl_said_fn said, void *arg)
{
	static const char ready[] = "READY\n";
	size_t take;
	const char *nl;
	long rl;

	while (n > 0) {
		switch (p->state) {
		case EVL_UNKNOWN:
			return;
		case EVL_READY:
			/* spurious output: supervisord is strict about it */
			evl_garbage(p, said, arg);
			return;
		case EVL_ACKNOWLEDGED:
			take = 6 - p->len < n ? 6 - p->len : n;
			memcpy(p->buf + p->len, data, take);
			p->len += take;
			data += take;
			n -= take;
			if (p->len < 6)
				return;
			if (memcmp(p->buf, ready, 6) != 0) {
				evl_garbage(p, said, arg);
				return;
			}
			p->len = 0;
			p->state = EVL_READY;
			said(arg, EVL_SAID_READY);
			break;
		case EVL_BUSY:
			if (p->in_body) {
				take = p->body_left < n ? p->body_left : n;
				for (size_t i = 0; i < take; i++) {
					if (p->body_len + i >= 2 ||
					    data[i] != "OK"[p->body_len + i])
						p->body_ok = false;
				}
				p->body_len += take;
				p->body_left -= take;
				data += take;
				n -= take;
				if (p->body_left == 0)
					evl_body_done(p, said, arg);
				break;
			}
			nl = memchr(data, '\n', n);
			take = nl != NULL ? (size_t)(nl - data) : n;
			if (p->len + take >= sizeof p->buf) {
				evl_garbage(p, said, arg);
				return;
			}
			memcpy(p->buf + p->len, data, take);
			p->len += take;
			if (nl == NULL)
				return;
			data += take + 1;
			n -= take + 1;
			rl = evl_result_len(p->buf, p->len);
			p->len = 0;
			if (rl < 0) {
				evl_garbage(p, said, arg);
				return;
			}
			p->in_body = true;
			p->body_left = (unsigned long)rl;
			p->body_len = 0;
			p->body_ok = true;
			if (rl == 0)
				evl_body_done(p, said, arg);
			break;
		}
	}
}
