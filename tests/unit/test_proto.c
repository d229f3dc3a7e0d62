/*
 * test_proto.c: control protocol pack/unpack: round trips and every
 * malformed case the decoder must refuse.
 */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tap.h"

static struct proto_field fields[PROTO_MAX_FIELDS];

/* Decode the one message in b; 0 or -1 (why set). */
static int
decode(const struct proto_buf *b, struct proto_msg *m, const char **why)
{
	struct proto_hdr h;

	*why = NULL;
	if (proto_header(b->data, b->len, PROTO_MAX_MESSAGE, &h) != 1) {
		*why = "header";
		return -1;
	}
	if (h.length != b->len - PROTO_HEADER_SIZE) {
		*why = "length";
		return -1;
	}
	m->hdr = h;
	return proto_decode(b->data + PROTO_HEADER_SIZE, h.length, fields,
	    PROTO_MAX_FIELDS, m, why);
}

static void
test_round_trip(void)
{
	struct proto_buf b = { 0 };
	struct proto_msg m;
	const char *why, *s;
	int64_t v;
	int i = 0;

	proto_begin(&b, MSG_START);
	proto_put_str(&b, K_NAME, "web");
	proto_put_str(&b, K_NAME, "db:2");
	proto_put_int(&b, K_FLAGS, PROTO_FLAG_WAIT);
	proto_put_int(&b, K_PID, -42);
	proto_put_str(&b, K_MESSAGE, "");
	proto_end(&b);
	is_int(decode(&b, &m, &why), 0, "a request decodes");
	is_int(m.hdr.version, PROTO_VERSION, "version");
	is_int(m.hdr.type, MSG_START, "type");
	is_int(m.nfields, 5, "five fields");
	is_str(proto_next_str(&m, K_NAME, &i), "web", "first name");
	is_str(proto_next_str(&m, K_NAME, &i), "db:2", "second name");
	ok(proto_next_str(&m, K_NAME, &i) == NULL, "no third name");
	ok(proto_int(&m, K_FLAGS, &v) && v == PROTO_FLAG_WAIT, "flags");
	ok(proto_int(&m, K_PID, &v) && v == -42, "negative integer");
	is_str(proto_str(&m, K_MESSAGE), "", "empty string");
	ok(proto_str(&m, K_REASON) == NULL, "absent key: NULL");
	is_int(proto_int_or(&m, K_COUNT, 7), 7, "absent int: default");
	ok(!proto_int(&m, K_NAME, &v), "a string key is not an int");
	proto_buf_free(&b);

	/* Two messages back to back, consumed one at a time. */
	proto_begin(&b, MSG_PING);
	proto_end(&b);
	proto_begin(&b, MSG_OK);
	proto_put_str(&b, K_MESSAGE, "pong");
	proto_end(&b);
	is_int(b.len, 8 + 8 + 4 + 5, "two messages, exact sizes");
	proto_buf_consume(&b, 8);
	is_int(decode(&b, &m, &why), 0, "the second decodes after consume");
	s = proto_str(&m, K_MESSAGE);
	is_str(s, "pong", "its field");
	proto_buf_free(&b);

	proto_put_version(&b, "9.9.9");
	{
		uint32_t pv;
		const char *ver;

		ok(proto_decode_version(b.data + 8, b.len - 8, &pv, &ver) == 0 &&
		    pv == PROTO_VERSION && strcmp(ver, "9.9.9") == 0,
		    "VERSION keeps its raw shape");
	}
	proto_buf_free(&b);
}

/* Build a raw payload and check the decoder's verdict. */
static void
expect_bad(const unsigned char *p, size_t len, const char *want,
    const char *name)
{
	struct proto_msg m;
	const char *why = NULL;
	int r;

	r = proto_decode(p, len, fields, PROTO_MAX_FIELDS, &m, &why);
	ok(r < 0, "refused: %s", name);
	is_str(why, want, "%s: reason", name);
}

static void
test_malformed(void)
{
	struct proto_hdr h;
	unsigned char p[64];
	struct proto_msg m;
	const char *why;
	unsigned char big[8] = { 1, 0, 17, 0, 0, 0, 0x10, 0 };

	expect_bad((const unsigned char *)"\x01\x00\x05", 3,
	    "truncated field header", "3 bytes");
	memcpy(p, "\x01\x00\x09\x00web", 7);
	expect_bad(p, 7, "field longer than the message", "length past end");
	memcpy(p, "\x01\x00\x03\x00web", 7);
	expect_bad(p, 7, "string field not terminated by its one NUL",
	    "string without NUL");
	memcpy(p, "\x01\x00\x04\x00w\0b\0", 8);
	expect_bad(p, 8, "string field not terminated by its one NUL",
	    "NUL inside a string");
	memcpy(p, "\x01\x00\x00\x00", 4);
	expect_bad(p, 4, "string field not terminated by its one NUL",
	    "empty string field");
	memcpy(p, "\x00\x01\x04\x00\x01\x02\x03\x04", 8);
	expect_bad(p, 8, "integer field is not 8 bytes", "4-byte integer");
	ok(proto_decode(p, 0, fields, PROTO_MAX_FIELDS, &m, &why) == 0 &&
	    m.nfields == 0, "an empty payload is fine");
	memcpy(p, "\xc8\x00\x02\x00z\0", 6);	/* key 200: a string */
	ok(proto_decode(p, 6, fields, PROTO_MAX_FIELDS, &m, &why) == 0,
	    "an unknown string key is skipped, not refused");
	ok(proto_decode(p, 6, fields, 0, &m, &why) < 0 &&
	    strcmp(why, "too many fields") == 0, "field count is bounded");
	is_int(proto_header(big, 7, PROTO_MAX_REQUEST, &h), 0,
	    "7 bytes: header incomplete");
	is_int(proto_header(big, 8, PROTO_MAX_REQUEST, &h), -1,
	    "a 1 MiB length is over the request limit");
	ok(proto_decode_version((const unsigned char *)"\x01\0\0\0", 4,
	    (uint32_t *)&h.length, &why) < 0, "VERSION without a string");
}

int
main(void)
{
	test_round_trip();
	test_malformed();
	return done_testing();
}
