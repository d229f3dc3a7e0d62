/*
 * notify_msg.c: the sd_notify datagram parser.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "notify_msg.h"

/* Parse a decimal number of digits only (no sign, no space) up to max. */
static bool
notify_msg_number(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (max - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* Is v (of len bytes) exactly the string s? */
static bool
notify_msg_is(const char *v, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(v, s, len) == 0;
}

/* Copy STATUS= text, cut to fit, control characters made visible. */
static void
notify_msg_status(struct notify_msg *m, const char *v, size_t len)
{
	size_t i;

	if (len > NOTIFY_STATUS_MAX - 1)
		len = NOTIFY_STATUS_MAX - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		m->status[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	m->status[len] = '\0';
	m->flags |= NOTIFY_STATUS;
}

/* One KEY=VALUE line; false when it is malformed. */
static bool
notify_msg_line(struct notify_msg *m, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len), *v;
	size_t klen, vlen, i;
	uint64_t n;

	if (eq == NULL || eq == line)
		return false;
	klen = (size_t)(eq - line);
	for (i = 0; i < klen; i++)
		if (!((line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_' ||
		    (line[i] >= '0' && line[i] <= '9')))
			return false;
	v = eq + 1;
	vlen = len - klen - 1;

#define KEY(s)	(klen == sizeof(s) - 1 && memcmp(line, s, klen) == 0)
	if (KEY("READY") || KEY("RELOADING") || KEY("STOPPING") ||
	    KEY("BARRIER")) {
		if (!notify_msg_is(v, vlen, "1"))
			return false;
		m->flags |= KEY("READY") ? NOTIFY_READY :
		    KEY("RELOADING") ? NOTIFY_RELOADING :
		    KEY("STOPPING") ? NOTIFY_STOPPING : NOTIFY_BARRIER;
	} else if (KEY("WATCHDOG")) {
		if (notify_msg_is(v, vlen, "1"))
			m->flags |= NOTIFY_WATCHDOG;
		else if (notify_msg_is(v, vlen, "trigger"))
			m->flags |= NOTIFY_WATCHDOG_TRIGGER;
		else
			return false;
	} else if (KEY("STATUS")) {
		notify_msg_status(m, v, vlen);
	} else if (KEY("MAINPID")) {
		if (!notify_msg_number(v, vlen, INT_MAX, &n) || n == 0)
			return false;
		m->mainpid = (pid_t)n;
		m->flags |= NOTIFY_MAINPID;
	} else if (KEY("ERRNO")) {
		if (!notify_msg_number(v, vlen, INT_MAX, &n))
			return false;
		m->errnum = (int)n;
		m->flags |= NOTIFY_ERRNO;
	} else if (KEY("EXTEND_TIMEOUT_USEC")) {
		if (!notify_msg_number(v, vlen, UINT64_MAX, &n))
			return false;
		m->extend_usec = n;
		m->flags |= NOTIFY_EXTEND;
	} else
		m->nunknown++;
#undef KEY
	return true;
}

/* Split a datagram into lines and parse each. */
int
notify_msg_parse(const char *buf, size_t len, struct notify_msg *m,
    const char **why)
{
	const char *p = buf, *end = buf + len, *nl;

	memset(m, 0, sizeof *m);
	if (len > NOTIFY_MSG_MAX) {
		*why = "larger than 4096 bytes";
		return -1;
	}
	if (memchr(buf, '\0', len) != NULL) {
		*why = "a NUL byte inside";
		return -1;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl > p) {
			m->nlines++;
			if (!notify_msg_line(m, p, (size_t)(nl - p)))
				m->nbad++;
		}
		if (nl == end)
			break;
		p = nl + 1;
	}
	return 0;
}
