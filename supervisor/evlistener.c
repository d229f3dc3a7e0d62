/*
 * evlistener.c: supervisord's event listeners ([eventlistener:x] of a
 * supervisord.conf) fed as supervisord feeds them.
 *
 * Every program's changes are told here (a program observer) and turned
 * into the PROCESS_STATE_* events supervisord would send for them, with
 * its state names (a psd BACKOFF after a good run is supervisord's
 * EXITED; a FATAL comes after a BACKOFF).  Each pool buffers the events
 * it subscribes to (buffer_size, oldest dropped) and hands the oldest to
 * a listener process that is RUNNING and has said READY, as a header and
 * payload on its stdin; the listener's stdout is the protocol
 * (evproto.c).  A rejected event, or one whose listener died before its
 * RESULT, is sent again first.  TICK_* events come when the wall clock
 * enters a new 5 s / 60 s / 3600 s slice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "evlistener.h"
#include "evproto.h"
#include "log.h"
#include "loop.h"
#include "program.h"
#include "xmalloc.h"

/* supervisord's process states (from_state names). */
enum sd_state {
	SD_STOPPED, SD_STARTING, SD_RUNNING, SD_BACKOFF, SD_STOPPING,
	SD_EXITED, SD_FATAL,
};

static const char *const sd_state_names[] = {
	"STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED",
	"FATAL",
};

struct evl_event {
	enum evl_type		 type;
	unsigned long long	 serial;
	unsigned long long	 poolserial;
	char			*payload;
};

struct evl_pool {
	char			*name;
	char			*server;
	uint32_t		 events;
	int			 size;		/* buffer_size */
	struct evl_event	**buf;		/* oldest first */
	int			 n;
	unsigned long long	 serial;	/* last pool serial, 0: none */
	bool			 any;
	struct evl_pool		*next;
};

/* One program as supervisord would see it; for a listener, its pipes. */
struct evl_proc {
	struct program		*p;
	enum sd_state		 sd;
	int			 tries;
	pid_t			 pid;
	struct evl_pool		*pool;		/* NULL: not a listener */
	int			 child_fd[2];	/* its stdin, stdout ends */
	int			 in_fd;		/* we write its stdin */
	int			 out_fd;	/* we read its stdout */
	struct watch		 in_watch, out_watch;
	struct evl_parser	 parser;
	struct evl_event	*busy;		/* sent, RESULT due */
	char			*wbuf;		/* unwritten envelope */
	size_t			 wlen, woff;
	struct evl_proc		*next;
};

static struct evl_pool *pools;
static struct evl_proc *procs;
static unsigned long long global_serial;
static bool any_serial;
static struct timer tick_timers[3];
static const int tick_periods[3] = { 5, 60, 3600 };
static int64_t tick_slice[3];

static void evl_dispatch(struct evl_pool *pool);

static void
evl_event_free(struct evl_event *ev)
{
	if (ev != NULL) {
		free(ev->payload);
		free(ev);
	}
}

static struct evl_pool *
evl_pool_get(const struct progconf *pc)
{
	struct evl_pool *pool;

	for (pool = pools; pool != NULL; pool = pool->next)
		if (strcmp(pool->name, pc->evl_pool) == 0)
			return pool;
	pool = xcalloc(1, sizeof *pool);
	pool->name = xstrdup(pc->evl_pool);
	pool->server = xstrdup(pc->evl_server != NULL ? pc->evl_server :
	    "supervisor");
	pool->events = pc->evl_events;
	pool->size = pc->evl_buffer > 0 ? pc->evl_buffer : 10;
	pool->buf = xcalloc((size_t)pool->size, sizeof *pool->buf);
	pool->next = pools;
	pools = pool;
	return pool;
}

static void
evl_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

static struct evl_proc *
evl_proc_of(struct program *p)
{
	struct evl_proc *e;

	for (e = procs; e != NULL; e = e->next)
		if (e->p == p)
			return e;
	e = xcalloc(1, sizeof *e);
	e->p = p;
	e->sd = SD_STOPPED;
	e->child_fd[0] = e->child_fd[1] = e->in_fd = e->out_fd = -1;
	if (p->conf->evl_pool != NULL)
		e->pool = evl_pool_get(p->conf);
	evl_parser_init(&e->parser);
	e->next = procs;
	procs = e;
	return e;
}

/* Put ev in a pool's buffer: at the head (sent again) or the tail. */
static void
evl_buffer(struct evl_pool *pool, struct evl_event *ev, bool head)
{
	if (pool->n >= pool->size) {
		struct evl_event *old = pool->buf[0];

		log_errorx("pool %s event buffer overflowed, discarding"
		    " event %llu", pool->name, old->serial);
		evl_event_free(old);
		memmove(pool->buf, pool->buf + 1, (size_t)(pool->n - 1) *
		    sizeof *pool->buf);
		pool->n--;
	}
	if (head) {
		memmove(pool->buf + 1, pool->buf, (size_t)pool->n *
		    sizeof *pool->buf);
		pool->buf[0] = ev;
	} else
		pool->buf[pool->n] = ev;
	pool->n++;
}

/* Offer an event to every pool that subscribes to its type. */
static void
evl_notify(enum evl_type t, const char *payload)
{
	struct evl_pool *pool;
	struct evl_event *ev;
	bool numbered = false;
	unsigned long long serial = 0;

	for (pool = pools; pool != NULL; pool = pool->next) {
		if (!(pool->events & EVL_BIT(t)))
			continue;
		if (!numbered) {
			/* the global serial counts events someone takes */
			global_serial = any_serial ? global_serial + 1 : 0;
			any_serial = true;
			serial = global_serial;
			numbered = true;
		}
		ev = xcalloc(1, sizeof *ev);
		ev->type = t;
		ev->serial = serial;
		pool->serial = pool->any ? pool->serial + 1 : 0;
		pool->any = true;
		ev->poolserial = pool->serial;
		ev->payload = xstrdup(payload);
		evl_buffer(pool, ev, false);
		evl_dispatch(pool);
	}
}

/* Write what is left of a listener's envelope; false: it is gone. */
static bool
evl_flush(struct evl_proc *e)
{
	ssize_t n;

	while (e->woff < e->wlen) {
		n = write(e->in_fd, e->wbuf + e->woff, e->wlen - e->woff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (!e->in_watch.active &&
			    watch_add(&e->in_watch, e->in_fd, EPOLLOUT) < 0)
				log_warn("listener %s: watch stdin",
				    program_name(e->p));
			return true;
		}
		if (n < 0) {
			/* EPIPE: it is going away; its exit rebuffers */
			if (errno != EPIPE)
				log_warn("listener %s: write",
				    program_name(e->p));
			if (e->in_watch.active)
				watch_del(&e->in_watch);
			evl_close(&e->in_fd);
			return false;
		}
		e->woff += (size_t)n;
	}
	free(e->wbuf);
	e->wbuf = NULL;
	e->wlen = e->woff = 0;
	if (e->in_watch.active)
		watch_del(&e->in_watch);
	return true;
}

static void
evl_writable(struct watch *w, uint32_t revents)
{
	(void)revents;
	evl_flush(w->arg);
}

/* Send ev to listener e (READY -> BUSY). */
static void
evl_send(struct evl_proc *e, struct evl_pool *pool, struct evl_event *ev)
{
	char head[512];
	size_t hl, pl = strlen(ev->payload);

	hl = evl_header(head, sizeof head, pool->server, ev->serial,
	    pool->name, ev->poolserial, ev->type, pl);
	e->wbuf = xmalloc(hl + pl);
	memcpy(e->wbuf, head, hl);
	memcpy(e->wbuf + hl, ev->payload, pl);
	e->wlen = hl + pl;
	e->woff = 0;
	evl_parser_sent(&e->parser);
	e->busy = ev;
	evl_flush(e);
}

/* Hand the pool's oldest events to its READY, RUNNING listeners. */
static void
evl_dispatch(struct evl_pool *pool)
{
	struct evl_proc *e;

	while (pool->n > 0) {
		for (e = procs; e != NULL; e = e->next)
			if (e->pool == pool && e->sd == SD_RUNNING &&
			    e->in_fd >= 0 && e->parser.state == EVL_READY &&
			    e->wbuf == NULL)
				break;
		if (e == NULL)
			return;
		evl_send(e, pool, pool->buf[0]);
		memmove(pool->buf, pool->buf + 1, (size_t)(pool->n - 1) *
		    sizeof *pool->buf);
		pool->n--;
	}
}

/* The event a listener had is to be sent again (first). */
static void
evl_rebuffer(struct evl_proc *e)
{
	if (e->busy == NULL)
		return;
	evl_buffer(e->pool, e->busy, true);
	e->busy = NULL;
}

static void
evl_said(void *arg, enum evl_say what)
{
	struct evl_proc *e = arg;

	switch (what) {
	case EVL_SAID_READY:
		break;
	case EVL_SAID_OK:
		evl_event_free(e->busy);
		e->busy = NULL;
		break;
	case EVL_SAID_REJECT:
		log_warnx("%s: event was rejected", program_name(e->p));
		evl_rebuffer(e);
		break;
	case EVL_SAID_GARBAGE:
		log_warnx("%s: broke the event listener protocol; it gets"
		    " no more events", program_name(e->p));
		evl_rebuffer(e);
		break;
	}
}

static void
evl_readable(struct watch *w, uint32_t revents)
{
	struct evl_proc *e = w->arg;
	char buf[4096];
	ssize_t n;

	(void)revents;
	n = read(e->out_fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		if (n < 0)
			log_warn("listener %s: read", program_name(e->p));
		watch_del(&e->out_watch);
		evl_close(&e->out_fd);
		return;
	}
	evl_parser_feed(&e->parser, buf, (size_t)n, evl_said, e);
	evl_dispatch(e->pool);
}

/* Drop a listener's pipes (its run is over, or a new one begins). */
static void
evl_unpipe(struct evl_proc *e)
{
	if (e->in_watch.active)
		watch_del(&e->in_watch);
	if (e->out_watch.active)
		watch_del(&e->out_watch);
	evl_close(&e->in_fd);
	evl_close(&e->out_fd);
	evl_close(&e->child_fd[0]);
	evl_close(&e->child_fd[1]);
	free(e->wbuf);
	e->wbuf = NULL;
	e->wlen = e->woff = 0;
	evl_rebuffer(e);
	evl_parser_init(&e->parser);
}

/* A listener is being spawned: its stdin and stdout are our pipes. */
static void
evl_stdio(struct program *p, int stdio[3])
{
	struct evl_proc *e;
	int in[2], out[2];

	if (p->conf->evl_pool == NULL)
		return;
	e = evl_proc_of(p);
	evl_unpipe(e);
	if (pipe2(in, O_CLOEXEC) < 0) {
		log_warn("listener %s: pipe", program_name(p));
		return;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		log_warn("listener %s: pipe", program_name(p));
		close(in[0]);
		close(in[1]);
		return;
	}
	if (fcntl(in[1], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(out[0], F_SETFL, O_NONBLOCK) < 0)
		log_warn("listener %s: O_NONBLOCK", program_name(p));
	e->child_fd[0] = in[0];
	e->child_fd[1] = out[1];
	e->in_fd = in[1];
	e->out_fd = out[0];
	stdio[0] = in[0];
	stdio[1] = out[1];
	watch_init(&e->in_watch, evl_writable, e);
	watch_init(&e->out_watch, evl_readable, e);
	if (watch_add(&e->out_watch, e->out_fd, EPOLLIN) < 0)
		log_warn("listener %s: watch stdout", program_name(p));
}

/* processname and groupname as supervisord writes them. */
static int
evl_names(const struct program *p, char *buf, size_t len)
{
	const char *name = p->conf->name, *c = strchr(name, ':');

	return snprintf(buf, len, "processname:%s groupname:%s", c != NULL ?
	    c + 1 : name, p->conf->base);
}

/* One PROCESS_STATE_* event for e going from its state to to. */
static void
evl_state(struct evl_proc *e, enum sd_state to, enum evl_type t, int expected)
{
	char names[300], payload[512];

	evl_names(e->p, names, sizeof names);
	switch (t) {
	case EVL_STATE_STARTING:
	case EVL_STATE_BACKOFF:
		snprintf(payload, sizeof payload, "%s from_state:%s tries:%d",
		    names, sd_state_names[e->sd], e->tries);
		break;
	case EVL_STATE_EXITED:
		snprintf(payload, sizeof payload, "%s from_state:%s"
		    " expected:%d pid:%d", names, sd_state_names[e->sd],
		    expected, (int)e->pid);
		break;
	case EVL_STATE_RUNNING:
	case EVL_STATE_STOPPING:
	case EVL_STATE_STOPPED:
		snprintf(payload, sizeof payload, "%s from_state:%s pid:%d",
		    names, sd_state_names[e->sd], (int)e->pid);
		break;
	default:
		snprintf(payload, sizeof payload, "%s from_state:%s", names,
		    sd_state_names[e->sd]);
		break;
	}
	e->sd = to;
	evl_notify(t, payload);
}

/* A program changed: the events supervisord would send for it. */
static void
evl_changed(struct program *p, enum pstate old, const struct policy_result *r)
{
	struct evl_proc *e;
	enum pstate now = p->ps.state;

	if (pools == NULL && p->conf->evl_pool == NULL)
		return;
	e = evl_proc_of(p);
	if (e->pool != NULL) {
		/* the spawn is done: our copies of its ends go */
		evl_close(&e->child_fd[0]);
		evl_close(&e->child_fd[1]);
	}
	switch (now) {
	case PS_STARTING:
		if (old == PS_STARTING)
			break;
		if (e->sd != SD_BACKOFF)
			e->tries = 0;
		e->pid = p->pid;
		evl_state(e, SD_STARTING, EVL_STATE_STARTING, 0);
		break;
	case PS_RUNNING:
	case PS_READY:
		if (e->sd == SD_STARTING) {
			e->tries = 0;
			evl_state(e, SD_RUNNING, EVL_STATE_RUNNING, 0);
			if (e->pool != NULL)
				evl_dispatch(e->pool);
		}
		break;
	case PS_BACKOFF:
		if (r->fast || e->sd == SD_STARTING) {
			e->tries = p->ps.fast_fails > 0 ? p->ps.fast_fails :
			    e->tries + 1;
			evl_state(e, SD_BACKOFF, EVL_STATE_BACKOFF, 0);
		} else if (e->sd == SD_RUNNING)
			evl_state(e, SD_EXITED, EVL_STATE_EXITED, !r->failed);
		break;
	case PS_EXITED:
		if (e->sd == SD_STARTING)
			evl_state(e, SD_RUNNING, EVL_STATE_RUNNING, 0);
		if (e->sd == SD_RUNNING)
			evl_state(e, SD_EXITED, EVL_STATE_EXITED, !r->failed);
		break;
	case PS_FATAL:
		if (e->sd != SD_BACKOFF) {
			e->tries = p->ps.fast_fails > 0 ? p->ps.fast_fails :
			    e->tries + 1;
			evl_state(e, SD_BACKOFF, EVL_STATE_BACKOFF, 0);
		}
		evl_state(e, SD_FATAL, EVL_STATE_FATAL, 0);
		break;
	case PS_STOPPING:
		if (e->sd == SD_STARTING || e->sd == SD_RUNNING)
			evl_state(e, SD_STOPPING, EVL_STATE_STOPPING, 0);
		break;
	case PS_STOPPED:
		if (e->sd == SD_BACKOFF)
			e->pid = 0;
		if (e->sd == SD_STOPPING || e->sd == SD_BACKOFF)
			evl_state(e, SD_STOPPED, EVL_STATE_STOPPED, 0);
		break;
	case PS__COUNT:
		break;
	}
}

/* A listener's run ended: an event it held goes back to the pool. */
static void
evl_exited(struct program *p, int status)
{
	struct evl_proc *e;

	(void)status;
	if (p->conf->evl_pool == NULL)
		return;
	e = evl_proc_of(p);
	evl_unpipe(e);
	evl_dispatch(e->pool);
}

static void
evl_freed(struct program *p)
{
	struct evl_proc **pp, *e;

	for (pp = &procs; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->p == p) {
			e = *pp;
			*pp = e->next;
			evl_unpipe(e);
			if (e->pool != NULL)
				evl_dispatch(e->pool);
			free(e);
			return;
		}
}

/* Wall-clock seconds now, and the monotonic ms of the next slice. */
static void
evl_tick_arm(int i)
{
	struct timespec ts;
	int64_t left;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0) {
		log_warn("clock_gettime");
		return;
	}
	tick_slice[i] = (int64_t)ts.tv_sec - (int64_t)ts.tv_sec %
	    tick_periods[i];
	left = (tick_slice[i] + tick_periods[i] - (int64_t)ts.tv_sec) * 1000 -
	    ts.tv_nsec / 1000000;
	timer_set(&tick_timers[i], loop_now() + (left > 0 ? left : 1));
}

static void
evl_tick(struct timer *t)
{
	int i = (int)(t - tick_timers);
	struct timespec ts;
	char payload[64];
	int64_t slice;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0) {
		log_warn("clock_gettime");
		return;
	}
	slice = (int64_t)ts.tv_sec - (int64_t)ts.tv_sec % tick_periods[i];
	if (slice != tick_slice[i]) {
		snprintf(payload, sizeof payload, "when:%lld", (long long)slice);
		evl_notify((enum evl_type)(EVL_TICK_5 + i), payload);
	}
	evl_tick_arm(i);
}

static const struct program_observer evl_observer = {
	.stdio = evl_stdio,
	.changed = evl_changed,
	.exited = evl_exited,
	.freed = evl_freed,
};

void
evlistener_init(const struct config *cfg)
{
	uint32_t ticks = 0;
	int i;

	for (i = 0; i < cfg->nprogs; i++)
		if (cfg->progs[i]->evl_pool != NULL) {
			ticks |= evl_pool_get(cfg->progs[i])->events;
		}
	program_observe(&evl_observer);
	for (i = 0; i < 3; i++) {
		timer_init(&tick_timers[i], evl_tick, NULL);
		if (ticks & EVL_BIT(EVL_TICK_5 + i))
			evl_tick_arm(i);
	}
}

void
evlistener_free(void)
{
	struct evl_pool *pool;
	struct evl_proc *e;
	int i;

	for (i = 0; i < 3; i++)
		timer_cancel(&tick_timers[i]);
	while ((e = procs) != NULL) {
		procs = e->next;
		e->pool = NULL;
		evl_event_free(e->busy);
		e->busy = NULL;
		evl_unpipe(e);
		free(e);
	}
	while ((pool = pools) != NULL) {
		pools = pool->next;
		for (i = 0; i < pool->n; i++)
			evl_event_free(pool->buf[i]);
		free(pool->buf);
		free(pool->name);
		free(pool->server);
		free(pool);
	}
}
