/*
 * control.c: the control socket's connections: peer checks, framing,
 * bounds, pending requests.  The socket file is made in control_sock.c,
 * the verbs live in control_cmds.c, which wiring.c registers as the
 * request handler.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control.h"
#include "control_sock.h"
#include "log.h"
#include "loop.h"
#include "util.h"
#include "xmalloc.h"

#define CONN_MAX		128		/* connections at once */
#define CONN_OUT_MAX		(8 * 1024 * 1024) /* unread output bound */
#define CONN_REQUEST_MS		5000		/* to send a whole request */
#define CONN_READ_BUDGET	(256 * 1024)	/* bytes read per event */

struct conn {
	int			 fd;
	struct watch		 w;
	struct timer		 t;		/* request not complete in time */
	uid_t			 uid;
	pid_t			 pid;
	bool			 may_write;	/* mutating verbs allowed */
	uint8_t			*in;
	size_t			 inlen, incap;
	struct proto_buf	 out;
	bool			 finishing;	/* close once flushed */
	bool			 dead;
	bool			 requested;	/* a whole request came */
	struct program		**targets;	/* pending wait */
	int			 ntargets;
	int			 kind;
	conn_check_fn		 check;
	void			*data;		/* a verb's state, freed at close */
	void			(*closed)(struct conn *); /* before data goes */
	struct conn		*next;
};

static int		 lfd = -1;
static struct watch	 lwatch;
static struct control_opts copts;
static struct conn	*conns;
static int		 nconns;
static control_request_fn request_fn;

static void	conn_flush(struct conn *);
static void	conn_process(struct conn *);

int
control_connections(void)
{
	return nconns;
}

void
control_on_request(control_request_fn fn)
{
	request_fn = fn;
}

struct proto_buf *
conn_out(struct conn *c)
{
	return &c->out;
}

bool
conn_may_write(const struct conn *c)
{
	return c->may_write;
}

void
conn_error(struct conn *c, const char *code, const char *name,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	proto_begin(&c->out, MSG_ERROR);
	proto_put_str(&c->out, K_ERROR, code);
	proto_put_str(&c->out, K_MESSAGE, msg);
	if (name != NULL)
		proto_put_str(&c->out, K_NAME, name);
	proto_end(&c->out);
}

void
conn_ok(struct conn *c, const char *msg)
{
	proto_begin(&c->out, MSG_OK);
	if (msg != NULL)
		proto_put_str(&c->out, K_MESSAGE, msg);
	proto_end(&c->out);
}

void
conn_end(struct conn *c, int64_t count)
{
	proto_begin(&c->out, MSG_END);
	proto_put_int(&c->out, K_COUNT, count);
	proto_end(&c->out);
}

void
conn_finish(struct conn *c)
{
	c->finishing = true;
}

void
conn_pend(struct conn *c, struct program **targets, int ntargets, int kind,
    conn_check_fn check)
{
	free(c->targets);
	c->targets = targets;
	c->ntargets = ntargets;
	c->kind = kind;
	c->check = check;
	/* Stop reading requests while one is pending; notice hang-ups. */
	watch_mod(&c->w, EPOLLRDHUP | (c->out.len ? EPOLLOUT : 0));
}

struct program **
conn_targets(struct conn *c, int *n, int *kind)
{
	*n = c->ntargets;
	*kind = c->kind;
	return c->targets;
}

void
conn_on_close(struct conn *c, void (*fn)(struct conn *))
{
	c->closed = fn;
}

void
conn_resume(struct conn *c)
{
	if (c->dead)
		return;
	c->check = NULL;
	free(c->targets);
	c->targets = NULL;
	c->ntargets = 0;
	conn_process(c);	/* requests sent behind the pending one */
	conn_flush(c);
}

void *
conn_data(struct conn *c)
{
	return c->data;
}

void
conn_set_data(struct conn *c, void *data)
{
	free(c->data);
	c->data = data;
}

size_t
conn_out_pending(const struct conn *c)
{
	return c->out.len;
}

bool
conn_waits_on(const struct conn *c, const struct program *p)
{
	int i;

	for (i = 0; i < c->ntargets; i++)
		if (c->targets[i] == p)
			return true;
	return false;
}

void
conn_foreach_pending(int kind, void (*fn)(struct conn *, void *), void *arg)
{
	struct conn *c, *next;

	for (c = conns; c != NULL; c = next) {
		next = c->next;
		if (!c->dead && c->check != NULL && c->kind == kind)
			fn(c, arg);
	}
}

/* Tell one follower that psd is exiting; the connection closes next. */
static void
conn_bye(struct conn *c, void *arg)
{
	const int *status = arg;
	struct proto_buf *out = conn_out(c);

	proto_begin(out, MSG_BYE);
	proto_put_str(out, K_MESSAGE, "psd shut down");
	proto_put_int(out, K_EXIT_CODE, *status);
	proto_end(out);
	conn_kick(c);
}

void
conn_goodbye(int kind, int status)
{
	conn_foreach_pending(kind, conn_bye, &status);
}

void
conn_kick(struct conn *c)
{
	conn_flush(c);
}

static void
conn_free(void *arg)
{
	struct conn *c = arg;

	free(c->data);
	free(c->in);
	free(c->targets);
	proto_buf_free(&c->out);
	free(c);
}

/* Drop a connection now. */
static void
conn_close(struct conn *c)
{
	struct conn **pp;

	if (c->dead)
		return;
	c->dead = true;
	if (c->closed != NULL)
		c->closed(c);
	timer_cancel(&c->t);
	watch_del(&c->w);
	close(c->fd);
	for (pp = &conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	nconns--;
	loop_defer_free(c, conn_free);
}

/* Handle every complete message in the input buffer. */
static void
conn_process(struct conn *c)
{
	struct proto_field fields[PROTO_MAX_FIELDS];
	struct proto_hdr h;
	struct proto_msg m;
	const char *why;
	size_t total;
	int r;

	while (!c->dead && !c->finishing && c->check == NULL &&
	    c->out.len <= CONN_OUT_MAX) {
		r = proto_header(c->in, c->inlen, PROTO_MAX_REQUEST, &h);
		if (r == 0)
			return;
		/* Another version first: its sizes may differ. */
		if (h.version != PROTO_VERSION) {
			proto_put_version(&c->out, PACKAGE_VERSION);
			conn_finish(c);
			return;
		}
		if (r < 0) {
			conn_error(c, PROTO_E_TOO_BIG, NULL, "request of %u"
			    " bytes is over the %d allowed", h.length,
			    PROTO_MAX_REQUEST);
			conn_finish(c);
			return;
		}
		total = PROTO_HEADER_SIZE + h.length;
		if (c->inlen < total)
			return;
		if (proto_decode(c->in + PROTO_HEADER_SIZE, h.length, fields,
		    PROTO_MAX_FIELDS, &m, &why) < 0) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL,
			    "malformed request: %s", why);
			conn_finish(c);
			return;
		}
		m.hdr = h;
		log_trace("control: pid %d uid %d: %s", (int)c->pid,
		    (int)c->uid, proto_type_name(h.type));
		c->requested = true;
		if (request_fn != NULL)
			request_fn(c, &m);
		else
			conn_error(c, PROTO_E_FAILED, NULL, "psd is not ready");
		memmove(c->in, c->in + total, c->inlen - total);
		c->inlen -= total;
	}
}

/* Reply that the request in the buffer was cut short, and finish. */
static void
conn_truncated(struct conn *c, bool eof)
{
	struct proto_hdr h;
	char want[64];

	if (proto_header(c->in, c->inlen, PROTO_MAX_REQUEST, &h) == 1)
		snprintf(want, sizeof want, "of its %zu bytes",
		    (size_t)PROTO_HEADER_SIZE + h.length);
	else
		snprintf(want, sizeof want, "of the %d header bytes",
		    PROTO_HEADER_SIZE);
	if (eof)
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "truncated request:"
		    " the connection ended after %zu %s", c->inlen, want);
	else
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "incomplete request:"
		    " %zu %s in %d ms", c->inlen, want, CONN_REQUEST_MS);
	conn_finish(c);
}

/* The request timer: armed while a request is awaited or half read. */
static void
conn_arm(struct conn *c)
{
	if (c->dead || c->finishing || c->check != NULL ||
	    (c->requested && c->inlen == 0))
		timer_cancel(&c->t);
	else if (!timer_armed(&c->t))
		timer_set(&c->t, loop_now() + CONN_REQUEST_MS);
}

/* A client connected, or began a request, and did not finish it in time. */
static void
conn_timeout(struct timer *t)
{
	struct conn *c = t->arg;

	log_debug("control: pid %d sent no whole request in %d ms; dropping it",
	    (int)c->pid, CONN_REQUEST_MS);
	if (c->inlen > 0)
		conn_truncated(c, false);
	else {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "no request within"
		    " %d ms of connecting", CONN_REQUEST_MS);
		conn_finish(c);
	}
	conn_flush(c);
}

/* Read what the client sent. */
static void
conn_read(struct conn *c)
{
	size_t got = 0;
	ssize_t n;

	/* A bounded amount per event: a client that keeps writing must not
	 * hold the loop (epoll is level-triggered; the rest comes next). */
	while (got < CONN_READ_BUDGET) {
		if (c->incap - c->inlen < 4096) {
			if (c->incap >= PROTO_HEADER_SIZE + PROTO_MAX_REQUEST +
			    4096) {
				conn_process(c);
				if (c->incap - c->inlen < 4096)
					return;	/* pending: stop reading */
				continue;
			}
			c->incap = c->incap ? c->incap * 2 : 8192;
			c->in = xreallocarray(c->in, c->incap, 1);
		}
		n = read(c->fd, c->in + c->inlen, c->incap - c->inlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				conn_close(c);
			break;
		}
		if (n == 0) {
			conn_process(c);
			if (!c->dead && c->inlen > 0 && c->check == NULL &&
			    !c->finishing)
				conn_truncated(c, true);
			if (c->out.len == 0 || c->check != NULL)
				conn_close(c);
			else
				conn_finish(c);
			return;
		}
		c->inlen += (size_t)n;
		got += (size_t)n;
	}
	conn_process(c);
	conn_arm(c);
}

/* Write what we can; close when finished, or when the client lags. */
static void
conn_flush(struct conn *c)
{
	ssize_t n;
	uint32_t ev;

	if (c->dead)
		return;
	while (c->out.len > 0) {
		n = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				conn_close(c);
				return;
			}
			break;
		}
		proto_buf_consume(&c->out, (size_t)n);
	}
	if (c->out.len > CONN_OUT_MAX) {
		log_debug("control: pid %d does not read its replies;"
		    " dropping it", (int)c->pid);
		conn_close(c);
		return;
	}
	if (c->out.len == 0 && c->finishing) {
		conn_close(c);
		return;
	}
	ev = EPOLLRDHUP | (c->out.len > 0 ? EPOLLOUT : 0) |
	    (c->check == NULL && !c->finishing ? EPOLLIN : 0);
	watch_mod(&c->w, ev);
	conn_arm(c);
}

static void
conn_event(struct watch *w, uint32_t revents)
{
	struct conn *c = w->arg;

	if (revents & (EPOLLERR | EPOLLHUP)) {
		conn_close(c);
		return;
	}
	if (revents & EPOLLIN)
		conn_read(c);
	if (!c->dead && (revents & EPOLLRDHUP) && c->check != NULL) {
		conn_close(c);		/* gave up waiting */
		return;
	}
	conn_flush(c);
}

/* Is uid (with gid and supplementary groups) in the socket's group? */
static bool
control_in_group(int fd, gid_t gid)
{
	gid_t groups[256];
	socklen_t len = sizeof groups;
	size_t i;

	if (gid == copts.gid)
		return true;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return false;		/* fail closed */
	for (i = 0; i < len / sizeof groups[0]; i++)
		if (groups[i] == copts.gid)
			return true;
	return false;
}

static void
control_accept(struct watch *w, uint32_t revents)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct conn *c;
	bool full, read_only;
	int fd;

	(void)w;
	(void)revents;
	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN)
				log_warn("control: accept");
			return;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			log_warn("control: SO_PEERCRED");
			close(fd);	/* fail closed */
			continue;
		}
		full = cred.uid == 0 || cred.uid == geteuid() ||
		    (copts.has_group && control_in_group(fd, cred.gid));
		read_only = full || copts.readonly_all;
		c = xcalloc(1, sizeof *c);
		c->fd = fd;
		c->uid = cred.uid;
		c->pid = cred.pid;
		c->may_write = full;
		watch_init(&c->w, conn_event, c);
		timer_init(&c->t, conn_timeout, c);
		if (!read_only || nconns >= CONN_MAX) {
			if (!read_only)
				log_info("control: refused uid %d (pid %d)",
				    (int)cred.uid, (int)cred.pid);
			if (read_only)
				conn_error(c, PROTO_E_DENIED, NULL, "too many"
				    " connections (%d)", CONN_MAX);
			else
				conn_error(c, PROTO_E_DENIED, NULL, "permission"
				    " denied for uid %d: only root, psd's uid %d"
				    "%s may use this socket", (int)cred.uid,
				    (int)geteuid(), copts.has_group ?
				    " and the socket's group" : "");
			(void)send(fd, c->out.data, c->out.len,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			conn_free(c);
			continue;
		}
		if (watch_add(&c->w, fd, EPOLLIN | EPOLLRDHUP) < 0) {
			close(fd);
			conn_free(c);
			continue;
		}
		c->next = conns;
		conns = c;
		nconns++;
		conn_arm(c);
	}
}

/* Open the socket and watch it for connections. */
int
control_open(const struct control_opts *o, char *err, size_t errlen)
{
	copts = *o;
	if ((lfd = control_sock_open(o, err, errlen)) < 0)
		return -1;
	watch_init(&lwatch, control_accept, NULL);
	if (watch_add(&lwatch, lfd, EPOLLIN) < 0) {
		snprintf(err, errlen, "cannot watch the control socket");
		close(lfd);
		lfd = -1;
		control_sock_remove();
		return -1;
	}
	log_debug("control: listening on %s", o->path);
	return 0;
}

/* Flush and drop every connection; remove the socket. */
void
control_close(void)
{
	while (conns != NULL) {
		conn_flush(conns);
		if (conns != NULL && !conns->dead)
			conn_close(conns);
	}
	if (lfd < 0)
		return;
	watch_del(&lwatch);
	close(lfd);
	lfd = -1;
	control_sock_remove();
}

void
control_program_changed(struct program *p)
{
	struct conn *c, *next;
	int i;

	for (c = conns; c != NULL; c = next) {
		next = c->next;
		if (c->check == NULL || c->dead)
			continue;
		for (i = 0; i < c->ntargets; i++)
			if (c->targets[i] == p)
				break;
		if (i == c->ntargets)
			continue;
		if (c->check(c)) {
			c->check = NULL;
			free(c->targets);
			c->targets = NULL;
			c->ntargets = 0;
			conn_process(c);	/* a request sent behind it */
			conn_flush(c);
		}
	}
}

void
control_program_removed(struct program *p)
{
	struct conn *c, *next;
	int i, j;

	for (c = conns; c != NULL; c = next) {
		next = c->next;
		for (i = j = 0; i < c->ntargets; i++)
			if (c->targets[i] != p)
				c->targets[j++] = c->targets[i];
		if (j == c->ntargets)
			continue;
		c->ntargets = j;
		/* what it waited for may be complete without p */
		if (c->check != NULL && !c->dead && c->check(c)) {
			c->check = NULL;
			free(c->targets);
			c->targets = NULL;
			c->ntargets = 0;
			conn_flush(c);
		}
	}
}
