/*
 * proto.c: pack and unpack control messages.  Every length is checked
 * exactly; strings must end in the one NUL inside their stated length.
 */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "xmalloc.h"

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | ((uint32_t)get16(p + 2) << 16);
}

static void
proto_reserve(struct proto_buf *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	while (b->len + n > b->cap)
		b->cap = b->cap ? b->cap * 2 : 512;
	b->data = xreallocarray(b->data, b->cap, 1);
}

void
proto_buf_free(struct proto_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void
proto_buf_consume(struct proto_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		b->start = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->start = b->start > n ? b->start - n : 0;
}

void
proto_begin(struct proto_buf *b, uint16_t type)
{
	proto_reserve(b, PROTO_HEADER_SIZE);
	b->start = b->len;
	put16(b->data + b->len, PROTO_VERSION);
	put16(b->data + b->len + 2, type);
	put32(b->data + b->len + 4, 0);
	b->len += PROTO_HEADER_SIZE;
}

void
proto_put_int(struct proto_buf *b, uint16_t key, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	proto_reserve(b, 4 + 8);
	put16(b->data + b->len, key);
	put16(b->data + b->len + 2, 8);
	for (i = 0; i < 8; i++)
		b->data[b->len + 4 + i] = (uint8_t)(u >> (8 * i));
	b->len += 12;
}

void
proto_put_str(struct proto_buf *b, uint16_t key, const char *s)
{
	/* A C string holds no NUL to replace: the same field as strn. */
	if (s == NULL)
		s = "";
	proto_put_strn(b, key, s, strlen(s));
}

void
proto_put_strn(struct proto_buf *b, uint16_t key, const char *s, size_t n)
{
	size_t i;

	if (n > 65534)
		n = 65534;
	proto_reserve(b, 4 + n + 1);
	put16(b->data + b->len, key);
	put16(b->data + b->len + 2, (uint16_t)(n + 1));
	memcpy(b->data + b->len + 4, s, n);
	for (i = 0; i < n; i++)
		if (b->data[b->len + 4 + i] == '\0')
			b->data[b->len + 4 + i] = '?';
	b->data[b->len + 4 + n] = '\0';
	b->len += 4 + n + 1;
}

void
proto_end(struct proto_buf *b)
{
	put32(b->data + b->start + 4,
	    (uint32_t)(b->len - b->start - PROTO_HEADER_SIZE));
}

void
proto_put_version(struct proto_buf *b, const char *psd_version)
{
	size_t n = strlen(psd_version);

	proto_begin(b, MSG_VERSION);
	proto_reserve(b, 4 + n + 1);
	put32(b->data + b->len, PROTO_VERSION);
	memcpy(b->data + b->len + 4, psd_version, n + 1);
	b->len += 4 + n + 1;
	proto_end(b);
}

int
proto_header(const uint8_t *buf, size_t len, size_t max, struct proto_hdr *h)
{
	if (len < PROTO_HEADER_SIZE)
		return 0;
	h->version = get16(buf);
	h->type = get16(buf + 2);
	h->length = get32(buf + 4);
	if (h->length > max)
		return -1;
	return 1;
}

int
proto_decode(const uint8_t *payload, size_t len, struct proto_field *fields,
    int max, struct proto_msg *m, const char **why)
{
	size_t off = 0;
	uint16_t key, flen;

	m->fields = fields;
	m->nfields = 0;
	while (off < len) {
		if (len - off < 4) {
			*why = "truncated field header";
			return -1;
		}
		key = get16(payload + off);
		flen = get16(payload + off + 2);
		off += 4;
		if (flen > len - off) {
			*why = "field longer than the message";
			return -1;
		}
		if (PROTO_KEY_IS_INT(key)) {
			if (flen != 8) {
				*why = "integer field is not 8 bytes";
				return -1;
			}
		} else if (flen == 0 || payload[off + flen - 1] != '\0' ||
		    memchr(payload + off, '\0', flen - 1) != NULL) {
			*why = "string field not terminated by its one NUL";
			return -1;
		}
		if (m->nfields == max) {
			*why = "too many fields";
			return -1;
		}
		fields[m->nfields].key = key;
		fields[m->nfields].len = flen;
		fields[m->nfields].val = payload + off;
		m->nfields++;
		off += flen;
	}
	return 0;
}

int
proto_decode_version(const uint8_t *payload, size_t len, uint32_t *proto,
    const char **psd_version)
{
	if (len < 5 || payload[len - 1] != '\0' ||
	    memchr(payload + 4, '\0', len - 5) != NULL)
		return -1;
	*proto = get32(payload);
	*psd_version = (const char *)payload + 4;
	return 0;
}

const char *
proto_str(const struct proto_msg *m, uint16_t key)
{
	int i;

	if (PROTO_KEY_IS_INT(key))
		return NULL;
	for (i = 0; i < m->nfields; i++)
		if (m->fields[i].key == key)
			return (const char *)m->fields[i].val;
	return NULL;
}

const char *
proto_next_str(const struct proto_msg *m, uint16_t key, int *i)
{
	for (; *i < m->nfields; (*i)++)
		if (m->fields[*i].key == key && !PROTO_KEY_IS_INT(key))
			return (const char *)m->fields[(*i)++].val;
	return NULL;
}

bool
proto_int(const struct proto_msg *m, uint16_t key, int64_t *v)
{
	uint64_t u = 0;
	int i, j;

	if (!PROTO_KEY_IS_INT(key))
		return false;
	for (i = 0; i < m->nfields; i++) {
		if (m->fields[i].key != key)
			continue;
		for (j = 7; j >= 0; j--)
			u = (u << 8) | m->fields[i].val[j];
		*v = (int64_t)u;
		return true;
	}
	return false;
}

int64_t
proto_int_or(const struct proto_msg *m, uint16_t key, int64_t dflt)
{
	int64_t v;

	return proto_int(m, key, &v) ? v : dflt;
}

const char *
proto_str_or(const struct proto_msg *m, uint16_t key, const char *dflt)
{
	const char *s = proto_str(m, key);

	return s != NULL ? s : dflt;
}

const char *
proto_type_name(uint16_t type)
{
	switch (type) {
	case MSG_VERSION: return "version";
	case MSG_ERROR: return "error";
	case MSG_OK: return "ok";
	case MSG_END: return "end";
	case MSG_BYE: return "bye";
	case MSG_PING: return "ping";
	case MSG_STATUS: return "status";
	case MSG_START: return "start";
	case MSG_STOP: return "stop";
	case MSG_RESTART: return "restart";
	case MSG_SIGNAL: return "signal";
	case MSG_WAIT: return "wait";
	case MSG_STATS: return "stats";
	case MSG_TREE: return "tree";
	case MSG_READY: return "ready";
	case MSG_RELOAD: return "reload";
	case MSG_RELOAD_CHECK: return "reload-check";
	case MSG_CLEAR: return "clear";
	case MSG_SOCKETS: return "sockets";
	case MSG_SOCKET: return "socket";
	case MSG_CONN: return "conn";
	case MSG_SHUTDOWN: return "shutdown";
	case MSG_GET_VERSION: return "version";
	case MSG_LOGS: return "logs";
	case MSG_EVENTS: return "events";
	case MSG_JOB_SUBMIT: return "submit";
	case MSG_JOB_WAIT: return "job-wait";
	case MSG_JOB_RESULT: return "job-result";
	case MSG_JOBS: return "jobs";
	case MSG_JOB_CANCEL: return "cancel";
	case MSG_POOL_CLOSE: return "close";
	case MSG_POOL_JOIN: return "join";
	case MSG_POOL_TERMINATE: return "terminate";
	case MSG_JOB: return "job";
	case MSG_JOB_OUTPUT: return "job-output";
	case MSG_POOL: return "pool";
	case MSG_JOB_DONE: return "job-done";
	case MSG_PROGRAM: return "program";
	case MSG_RESULT: return "result";
	case MSG_STATS_REPLY: return "stats-reply";
	case MSG_PROC: return "proc";
	case MSG_READY_REPLY: return "ready-reply";
	case MSG_RELOAD_REPLY: return "reload-reply";
	case MSG_LOG: return "log";
	case MSG_VERSION_REPLY: return "version-reply";
	case MSG_EVENT: return "event";
	default: return "unknown";
	}
}

const char *const proto_event_kinds[] = {
	"started", "ready", "exited", "backoff", "fatal", "stopped", "orphan",
	NULL,
};

int
proto_event_kind(const char *name)
{
	int i;

	for (i = 0; proto_event_kinds[i] != NULL; i++)
		if (strcmp(name, proto_event_kinds[i]) == 0)
			return i;
	return -1;
}
