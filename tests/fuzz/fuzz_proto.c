/*
 * fuzz_proto.c: libFuzzer target for the control protocol's request
 * decoder, fed a byte stream the way psd reads a connection: header,
 * bounded length, fields, then every accessor a verb may call (EVENTS
 * and EVENT included: their kinds must map back to themselves); and the
 * status record's unpacker (progstatus.c), as psctl reads a reply.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "progstatus.h"
#include "proto.h"
#include "pstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct proto_field fields[PROTO_MAX_FIELDS];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_hdr h;
	struct proto_msg m;
	struct proto_buf b = { 0 };
	struct progstatus ps;
	const char *why, *s, *ver;
	uint32_t pv;
	int64_t v;
	size_t off = 0;
	int i, r;

	while (off < size) {
		r = proto_header(data + off, size - off, PROTO_MAX_REQUEST, &h);
		if (r <= 0)
			break;
		if (h.length > size - off - PROTO_HEADER_SIZE)
			break;
		if (proto_decode(data + off + PROTO_HEADER_SIZE, h.length,
		    fields, PROTO_MAX_FIELDS, &m, &why) == 0) {
			m.hdr = h;
			for (i = 0; (s = proto_next_str(&m, K_NAME, &i)) != NULL;)
				if (strlen(s) > h.length)
					abort();
			(void)proto_str(&m, K_MESSAGE);
			(void)proto_int(&m, K_FLAGS, &v);
			(void)proto_int_or(&m, K_SIGNAL, 0);
			/* Any message unpacks to a record with its strings. */
			progstatus_unpack(&m, &ps);
			if (ps.name == NULL || ps.state_name == NULL ||
			    ps.last_exit == NULL || ps.ready_kind == NULL ||
			    ps.state > PS__COUNT ||
			    (ps.state != PS__COUNT &&
			    strcmp(pstate_name(ps.state), ps.state_name) != 0))
				abort();
			/* EVENTS requests, EVENT replies (psctl events, top) */
			for (i = 0; (s = proto_next_str(&m, K_EVENT, &i)) != NULL;)
				if (proto_event_kind(s) >= 0 &&
				    strcmp(proto_event_kinds[proto_event_kind(s)],
				    s) != 0)
					abort();
			(void)proto_int_or(&m, K_SINCE_MS, -1);
			(void)proto_int_or(&m, K_SEQ, 0);
			(void)proto_str(&m, K_LAST_EXIT);
			(void)proto_str(&m, K_ATTRIBUTION);
			/* Re-encode what was read: it must decode again. */
			proto_begin(&b, h.type);
			for (i = 0; i < m.nfields; i++)
				if (PROTO_KEY_IS_INT(m.fields[i].key)) {
					(void)proto_int(&m, m.fields[i].key, &v);
					proto_put_int(&b, m.fields[i].key, v);
				} else
					proto_put_str(&b, m.fields[i].key,
					    (const char *)m.fields[i].val);
			proto_end(&b);
			if (proto_decode(b.data + PROTO_HEADER_SIZE,
			    b.len - PROTO_HEADER_SIZE, fields, PROTO_MAX_FIELDS,
			    &m, &why) != 0)
				abort();
			proto_buf_free(&b);
		} else if (why == NULL)
			abort();
		(void)proto_decode_version(data + off + PROTO_HEADER_SIZE,
		    h.length, &pv, &ver);
		off += PROTO_HEADER_SIZE + h.length;
	}
	return 0;
}
