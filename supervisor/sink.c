/*
 * sink.c: buffered, non-blocking writes to psd's stdout and stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "sink.h"
#include "util.h"
#include "xmalloc.h"

enum sink_mode {
	SM_NONE,	/* no usable fd: output is dropped */
	SM_WRITE,	/* write(2): a private non-blocking fd, or a file */
	SM_SEND,	/* a socket: send(MSG_DONTWAIT) */
	SM_POLL,	/* a shared blocking pipe/tty: poll, then <= PIPE_BUF */
};

struct sink {
	int		 fd;
	bool		 own_fd;	/* reopened: ours to close */
	enum sink_mode	 mode;
	bool		 tty;
	bool		 dead;		/* EPIPE or worse: drop from now on */
	char		*buf;
	size_t		 off, len, cap;
	bool		 congested;
	bool		 failing;	/* the last write failed (said so) */
	struct watch	 w;
	uint64_t	 dropped_own;
};

static struct sink	 sinks[SINK__COUNT];
static bool		 merged;	/* log_stream = stdout */
static bool		 same_file;	/* fds 1 and 2 are one file */
static sink_pressure_fn	 pressure_cb;
/* For psctl stats: what reached the fds, and what was given up. */
static uint64_t		 bytes_written;
static uint64_t		 dropped_lines, dropped_bytes;

static void	sink_writable(struct watch *, uint32_t);

/* Count len bytes of output as dropped: its lines are its newlines. */
static void
sink_count_drop(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	dropped_bytes += len;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		dropped_lines++;
		p++;
	}
}

/* Drop what s holds and has not written. */
static void
sink_drop_held(struct sink *s)
{
	if (s->len > s->off)
		sink_count_drop(s->buf + s->off, s->len - s->off);
	s->off = s->len = 0;
}

uint64_t
sink_bytes_written(void)
{
	return bytes_written;
}

uint64_t
sink_dropped_lines(void)
{
	return dropped_lines;
}

uint64_t
sink_dropped_bytes(void)
{
	return dropped_bytes;
}

/* Decide how to write to fd without blocking, reopening it if need be. */
static void
sink_open(struct sink *s, int fd)
{
	struct stat st;
	char path[64];
	int nfd;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	watch_init(&s->w, sink_writable, s);
	if (fstat(fd, &st) < 0)
		return;			/* closed: SM_NONE */
	s->tty = isatty(fd) == 1;
	s->fd = fd;
	if (S_ISSOCK(st.st_mode)) {
		s->mode = SM_SEND;
		return;
	}
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
		s->mode = SM_WRITE;	/* a file never says EAGAIN */
		return;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	nfd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (nfd >= 0) {
		s->fd = nfd;
		s->own_fd = true;
		s->mode = SM_WRITE;
	} else
		s->mode = SM_POLL;
}

void
sink_reopen(void)
{
	sink_init(merged, pressure_cb);
}

void
sink_init(bool merge, sink_pressure_fn cb)
{
	struct stat a, b;

	pressure_cb = cb;
	merged = merge;
	same_file = fstat(STDOUT_FILENO, &a) == 0 &&
	    fstat(STDERR_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
	sink_open(&sinks[SINK_OUT], STDOUT_FILENO);
	sink_open(&sinks[SINK_ERR], STDERR_FILENO);
}

void
sink_set_merged(bool merge)
{
	merged = merge;
}

int
sink_route(int sink)
{
	return merged || same_file ? SINK_OUT : sink;
}

bool
sink_congested(int sink)
{
	return sinks[sink_route(sink)].congested;
}

bool
sink_isatty(int sink)
{
	return sinks[sink].tty;
}

size_t
sink_pending(int sink)
{
	return sinks[sink].len - sinks[sink].off;
}

/* Make room for len more bytes. */
static void
sink_reserve(struct sink *s, size_t len)
{
	if (s->off > 0 && (s->off == s->len || s->cap - s->len < len)) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	if (s->cap - s->len >= len)
		return;
	while (s->cap - s->len < len)
		s->cap = s->cap ? s->cap * 2 : 16384;
	s->buf = xreallocarray(s->buf, s->cap, 1);
}

char *
sink_space(int sink, size_t len)
{
	struct sink *s = &sinks[sink_route(sink)];

	if (s->mode == SM_NONE || s->dead) {
		/* the caller's one line of len bytes is lost */
		dropped_lines++;
		dropped_bytes += len;
		return NULL;
	}
	sink_reserve(s, len);
	return s->buf + s->len;
}

void
sink_commit(int sink, size_t len)
{
	struct sink *s = &sinks[sink_route(sink)];

	s->len += len;
	if (!s->congested && s->len - s->off >= SINK_HIGH) {
		s->congested = true;
		if (pressure_cb != NULL)
			pressure_cb((int)(s - sinks), true);
	}
}

/* Append bytes; sink_flush writes them. */
static void
sink_append(int sink, const void *buf, size_t len)
{
	char *p;

	if (len == 0 || (p = sink_space(sink, len)) == NULL)
		return;
	memcpy(p, buf, len);
	sink_commit(sink, len);
}

bool
sink_append_own(int sink, const void *buf, size_t len)
{
	struct sink *s = &sinks[sink_route(sink)];

	if (s->len - s->off + len > SINK_HARD) {
		s->dropped_own++;
		sink_count_drop(buf, len);
		return false;
	}
	sink_append(sink, buf, len);
	return true;
}

/* One write attempt; like write(2), -1/EAGAIN when the fd is full. */
static ssize_t
sink_write_some(struct sink *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	size_t len = s->len - s->off;

	switch (s->mode) {
	case SM_SEND:
		return send(s->fd, s->buf + s->off, len,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	case SM_POLL:
		if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLOUT)) {
			if (pfd.revents & (POLLERR | POLLHUP)) {
				errno = EPIPE;
				return -1;
			}
			errno = EAGAIN;
			return -1;
		}
		if (len > PIPE_BUF)
			len = PIPE_BUF;
		return write(s->fd, s->buf + s->off, len);
	default:
		return write(s->fd, s->buf + s->off, len);
	}
}

/* Nobody reads any more: drop what is buffered and what comes. */
static void
sink_kill(struct sink *s)
{
	s->dead = true;
	sink_drop_held(s);
	watch_del(&s->w);
}

/* Append one of psd's notices to s, past any bound (a line or two). */
static void
sink_note(struct sink *s, const char *msg)
{
	size_t len = strlen(msg);

	sink_reserve(s, len);
	memcpy(s->buf + s->len, msg, len);
	s->len += len;
}

/* A write failed for a reason that may pass: say so once, drop. */
static void
sink_failed(struct sink *s, int err)
{
	char msg[200];
	struct sink *other = &sinks[s == &sinks[SINK_OUT] ? SINK_ERR : SINK_OUT];

	if (!s->failing && other != s && other->mode != SM_NONE &&
	    !other->dead) {
		snprintf(msg, sizeof msg, "%s: cannot write to its %s: %s;"
		    " dropping that output until it works again\n",
		    log_ident(), s == &sinks[SINK_OUT] ? "stdout" : "stderr",
		    strerror(err));
		sink_note(other, msg);
	}
	s->failing = true;
	sink_drop_held(s);
	watch_del(&s->w);
}

static void
sink_flush_one(struct sink *s)
{
	ssize_t n;

	while (s->off < s->len && !s->dead) {
		n = sink_write_some(s);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				if (!s->w.active && watch_add(&s->w, s->fd,
				    EPOLLOUT) < 0)
					sink_kill(s);	/* cannot wait on it */
				return;
			}
			if (errno == EPIPE) {
				sink_kill(s);	/* nobody will read it again */
				break;
			}
			/* ENOSPC, EIO...: drop what is held, try again later */
			sink_failed(s, errno);
			break;
		}
		s->off += (size_t)n;
		bytes_written += (uint64_t)n;
		s->failing = false;
	}
	if (s->off == s->len) {
		s->off = s->len = 0;
		watch_del(&s->w);
	}
	if (s->congested && (s->dead || s->len - s->off < SINK_LOW)) {
		s->congested = false;
		if (s->dropped_own > 0 && !s->dead) {
			char msg[160];

			snprintf(msg, sizeof msg, "%s: %llu of psd's own log"
			    " lines were dropped while this stream was"
			    " blocked\n", log_ident(),
			    (unsigned long long)s->dropped_own);
			s->dropped_own = 0;
			sink_note(s, msg);
		}
		if (pressure_cb != NULL)
			pressure_cb((int)(s - sinks), false);
	}
}

void
sink_flush(int sink)
{
	sink_flush_one(&sinks[sink_route(sink)]);
}

static void
sink_writable(struct watch *w, uint32_t revents)
{
	(void)revents;
	sink_flush_one(w->arg);
}

void
sink_finish(int64_t timeout_ms)
{
	int64_t deadline = clock_ms() + timeout_ms, left;
	struct pollfd pfd;
	struct sink *s;
	char msg[160];
	size_t dropped;
	int i;

	for (i = 0; i < SINK__COUNT; i++) {
		s = &sinks[i];
		for (;;) {
			sink_flush_one(s);
			if (s->off == s->len || s->dead)
				break;
			left = deadline - clock_ms();
			if (left <= 0)
				break;
			pfd.fd = s->fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, left > 1000 ? 1000 : (int)left) < 0 &&
			    errno != EINTR)
				break;
		}
		dropped = s->len - s->off;
		if (dropped > 0)
			sink_count_drop(s->buf + s->off, dropped);
		if (dropped > 0 && i == SINK_OUT && sink_route(SINK_ERR) !=
		    SINK_OUT) {
			snprintf(msg, sizeof msg, "%s: stdout did not take the"
			    " last %zu bytes in time; dropped\n", log_ident(),
			    dropped);
			sink_append(SINK_ERR, msg, strlen(msg));
		}
		watch_del(&s->w);
		if (s->own_fd)
			close(s->fd);
		s->own_fd = false;
		free(s->buf);
		s->buf = NULL;
		s->off = s->len = s->cap = 0;
		s->mode = SM_NONE;
	}
}
