/*
 * psctl_client.c: connect, send a request, read replies, with timeouts.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "psctl_client.h"
#include "util.h"
#include "xmalloc.h"

/* Wait for events on fd until the deadline; 1 ready, 0 timeout, -1 error. */
static int
client_poll(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int r;

	for (;;) {
		left = deadline < 0 ? -1 : deadline - clock_ms();
		if (deadline >= 0 && left < 0)
			left = 0;
		r = poll(&pfd, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		return r < 0 ? -1 : r;
	}
}

int
client_connect(struct client *c, const char *path, int64_t timeout_ms,
    char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;
	int64_t deadline = clock_ms() + timeout_ms;
	socklen_t len = sizeof(int);
	int e = 0;

	memset(c, 0, sizeof *c);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errlen, "socket path %s is too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			e = errno;
			goto fail;
		}
		if (client_poll(c->fd, POLLOUT, deadline) <= 0) {
			e = ETIMEDOUT;
			goto fail;
		}
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
			e = errno;
		if (e != 0)
			goto fail;
	}
	return 0;
fail:
	c->error = e;
	if (e == ECONNREFUSED && stat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
		snprintf(err, errlen, "cannot connect to %s: not a socket --"
		    " is that psd's socket?", path);
	else
		snprintf(err, errlen, "cannot connect to %s: %s%s", path,
		    strerror(e), e == ENOENT || e == ECONNREFUSED ?
		    " -- is psd running?" : e == EACCES ? " -- is psd running"
		    " as another user, or is the socket not shared with you?" :
		    "");
	close(c->fd);
	c->fd = -1;
	return -1;
}

void
client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
}

int
client_send(struct client *c, const struct proto_buf *b, char *err,
    size_t errlen)
{
	size_t off = 0;
	ssize_t n;

	while (off < b->len) {
		n = send(c->fd, b->data + off, b->len - off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN &&
			    client_poll(c->fd, POLLOUT, clock_ms() + 10000) > 0)
				continue;
			c->error = errno;
			snprintf(err, errlen, "sending the request: %s",
			    strerror(errno));
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int
client_recv(struct client *c, struct proto_msg *m, int64_t deadline,
    char *err, size_t errlen)
{
	struct proto_hdr h;
	const char *why;
	ssize_t n;
	int r;

	c->timed_out = false;
	/*
	 * Drop the message handed out last time by moving past it: a long
	 * list arrives many messages per read, and moving the rest of the
	 * buffer down after each one made reading it quadratic.
	 */
	c->off += c->used;
	c->used = 0;
	if (c->off == c->len)
		c->off = c->len = 0;
	for (;;) {
		r = c->len == c->off ? 0 : proto_header(c->buf + c->off,
		    c->len - c->off, PROTO_MAX_MESSAGE, &h);
		if (r < 0) {
			snprintf(err, errlen, "psd sent a message of %u bytes,"
			    " over the limit", h.length);
			return -1;
		}
		if (r > 0 && c->len - c->off >= PROTO_HEADER_SIZE + h.length)
			break;
		if (c->cap - c->len < 65536 && c->off > 0) {
			/* only a partial message is left: move it down */
			memmove(c->buf, c->buf + c->off, c->len - c->off);
			c->len -= c->off;
			c->off = 0;
		}
		if (c->cap - c->len < 65536) {
			c->cap = c->cap ? c->cap * 2 : 131072;
			c->buf = xreallocarray(c->buf, c->cap, 1);
		}
		n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			r = client_poll(c->fd, POLLIN, deadline);
			if (r == 0) {
				c->timed_out = true;
				snprintf(err, errlen, "timed out waiting for psd");
				return -1;
			}
			if (r < 0) {
				snprintf(err, errlen, "poll: %s", strerror(errno));
				return -1;
			}
			continue;
		}
		if (n < 0) {
			snprintf(err, errlen, "reading from psd: %s",
			    strerror(errno));
			return -1;
		}
		if (n == 0) {
			if (c->len == c->off)
				return 0;
			snprintf(err, errlen, "psd closed the connection"
			    " in the middle of a message");
			return -1;
		}
		c->len += (size_t)n;
	}
	m->hdr = h;
	c->used = PROTO_HEADER_SIZE + h.length;
	c->payload = c->buf + c->off + PROTO_HEADER_SIZE;
	if (h.type == MSG_VERSION) {
		/* a raw payload: proto_decode_version(c->payload, ...) */
		m->fields = c->fields;
		m->nfields = 0;
		return 1;
	}
	if (proto_decode(c->payload, h.length, c->fields, PROTO_MAX_FIELDS, m,
	    &why) < 0) {
		snprintf(err, errlen, "psd sent a malformed message: %s", why);
		return -1;
	}
	return 1;
}
