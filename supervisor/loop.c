/*
 * loop.c: epoll and a binary min-heap of timers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "util.h"
#include "xmalloc.h"

#define LOOP_MAX_EVENTS 64

static int		 loop_epfd = -1;
static bool		 loop_stopped;
static bool		 loop_in_run;
static int64_t		 loop_cur;
static uint64_t		 loop_nwakeups;
static struct timer	**heap;
static size_t		 heap_len, heap_cap;

struct deferred {
	void		*p;
	void		(*freefn)(void *);
};
#define LOOP_MAX_IDLE 4
static void		(*idle_fns[LOOP_MAX_IDLE])(void);
static int		 nidle;

static struct deferred	*deferred;
static size_t		 deferred_len, deferred_cap;

static struct loop_work	*work_head, *work_tail;	/* loop_queue() */

static void	loop_run_deferred(void);

/* Create the epoll instance. */
void
loop_init(void)
{
	loop_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop_epfd < 0)
		fatal(1, "epoll_create1");
	loop_cur = clock_ms();
}

/* Close the epoll instance and drop every timer. */
void
loop_free(void)
{
	if (loop_epfd >= 0)
		close(loop_epfd);
	loop_epfd = -1;
	loop_run_deferred();
	free(deferred);
	deferred = NULL;
	deferred_cap = 0;
	free(heap);
	heap = NULL;
	heap_len = heap_cap = 0;
}

int64_t
loop_now(void)
{
	return loop_cur;
}

int64_t
loop_update_now(void)
{
	loop_cur = clock_ms();
	return loop_cur;
}

uint64_t
loop_wakeups(void)
{
	return loop_nwakeups;
}

void
loop_on_idle(void (*fn)(void))
{
	if (nidle < LOOP_MAX_IDLE)
		idle_fns[nidle++] = fn;
}

bool
loop_running(void)
{
	return loop_in_run;
}

void
loop_stop(void)
{
	loop_stopped = true;
}

void
watch_init(struct watch *w, watch_fn cb, void *arg)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
	w->cb = cb;
	w->arg = arg;
}

/* Start watching fd for events. */
int
watch_add(struct watch *w, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (epoll_ctl(loop_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		log_warn("epoll_ctl add fd %d", fd);
		return -1;
	}
	w->fd = fd;
	w->events = events;
	w->active = true;
	return 0;
}

/* Change the events watched. */
int
watch_mod(struct watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (!w->active || w->events == events)
		return 0;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0) {
		log_warn("epoll_ctl mod fd %d", w->fd);
		return -1;
	}
	w->events = events;
	return 0;
}

/* Stop watching (the caller closes the fd). */
void
watch_del(struct watch *w)
{
	if (!w->active)
		return;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_DEL, w->fd, NULL) < 0 &&
	    errno != EBADF && errno != ENOENT)
		log_warn("epoll_ctl del fd %d", w->fd);
	w->active = false;
	w->fd = -1;
}

void
timer_init(struct timer *t, timer_fn cb, void *arg)
{
	memset(t, 0, sizeof *t);
	t->cb = cb;
	t->arg = arg;
}

bool
timer_armed(const struct timer *t)
{
	return t->slot != 0;
}

/* Swap two heap slots, keeping back-pointers right. */
static void
heap_swap(size_t a, size_t b)
{
	struct timer *t = heap[a];

	heap[a] = heap[b];
	heap[b] = t;
	heap[a]->slot = a + 1;
	heap[b]->slot = b + 1;
}

static void
heap_up(size_t i)
{
	while (i > 0 && heap[(i - 1) / 2]->when > heap[i]->when) {
		heap_swap(i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(size_t i)
{
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < heap_len && heap[l]->when < heap[m]->when)
			m = l;
		if (r < heap_len && heap[r]->when < heap[m]->when)
			m = r;
		if (m == i)
			return;
		heap_swap(i, m);
		i = m;
	}
}

/* Arm (or re-arm) a timer for an absolute monotonic time. */
void
timer_set(struct timer *t, int64_t when)
{
	if (t->slot != 0) {
		t->when = when;
		heap_up(t->slot - 1);
		heap_down(t->slot - 1);
		return;
	}
	if (heap_len == heap_cap) {
		heap_cap = heap_cap ? heap_cap * 2 : 16;
		heap = xreallocarray(heap, heap_cap, sizeof *heap);
	}
	t->when = when;
	heap[heap_len] = t;
	t->slot = ++heap_len;
	heap_up(heap_len - 1);
}

void
timer_cancel(struct timer *t)
{
	size_t i;

	if (t->slot == 0)
		return;
	i = t->slot - 1;
	t->slot = 0;
	heap_len--;
	if (i == heap_len)
		return;
	heap[i] = heap[heap_len];
	heap[i]->slot = i + 1;
	heap_up(i);
	heap_down(heap[i]->slot - 1);
}

/* Earliest armed deadline, or -1. */
static int64_t
timer_next(void)
{
	return heap_len ? heap[0]->when : -1;
}

void
loop_defer_free(void *p, void (*freefn)(void *))
{
	if (deferred_len == deferred_cap) {
		deferred_cap = deferred_cap ? deferred_cap * 2 : 8;
		deferred = xreallocarray(deferred, deferred_cap,
		    sizeof *deferred);
	}
	deferred[deferred_len].p = p;
	deferred[deferred_len].freefn = freefn;
	deferred_len++;
}

void
loop_work_init(struct loop_work *w, loop_work_fn fn, void *arg)
{
	memset(w, 0, sizeof *w);
	w->fn = fn;
	w->arg = arg;
}

void
loop_queue(struct loop_work *w)
{
	if (w->queued)
		return;
	w->queued = true;
	w->next = NULL;
	if (work_tail != NULL)
		work_tail->next = w;
	else
		work_head = w;
	work_tail = w;
}

void
loop_unqueue(struct loop_work *w)
{
	struct loop_work **pp, *prev = NULL;

	if (!w->queued)
		return;
	for (pp = &work_head; *pp != NULL; prev = *pp, pp = &(*pp)->next) {
		if (*pp != w)
			continue;
		*pp = w->next;
		if (work_tail == w)
			work_tail = prev;
		break;
	}
	w->queued = false;
	w->next = NULL;
}

void
loop_run_queued(void)
{
	struct loop_work *w;

	/* one at a time: a function may queue more, or unqueue others */
	while ((w = work_head) != NULL) {
		work_head = w->next;
		if (work_head == NULL)
			work_tail = NULL;
		w->queued = false;
		w->next = NULL;
		w->fn(w);
	}
}

/* Free what was deferred during the last batch. */
static void
loop_run_deferred(void)
{
	size_t i;

	for (i = 0; i < deferred_len; i++)
		deferred[i].freefn(deferred[i].p);
	deferred_len = 0;
}

/* Run every timer whose deadline has passed. */
static void
loop_run_timers(void)
{
	struct timer *t;

	while (heap_len > 0 && heap[0]->when <= loop_cur) {
		t = heap[0];
		timer_cancel(t);
		t->cb(t);
	}
}

/* Compute the epoll timeout from the next deadline: -1 when none. */
static int
loop_timeout(void)
{
	int64_t next = timer_next(), d;

	if (next < 0)
		return -1;
	d = next - clock_ms();
	if (d <= 0)
		return 0;
	return d > 0x7fffffff ? 0x7fffffff : (int)d;
}

void
loop_run(void)
{
	struct epoll_event evs[LOOP_MAX_EVENTS];
	struct watch *w;
	int i, n;

	/* loop_stop() may have come before (work done during start-up) */
	loop_in_run = true;
	while (!loop_stopped) {
		loop_run_queued();	/* queued before the loop ran */
		if (loop_stopped)
			break;
		for (i = 0; i < nidle; i++)
			idle_fns[i]();
		n = epoll_wait(loop_epfd, evs, LOOP_MAX_EVENTS, loop_timeout());
		loop_nwakeups++;
		loop_cur = clock_ms();
		if (n < 0) {
			if (errno != EINTR)
				log_warn("epoll_wait");
			continue;
		}
		for (i = 0; i < n && !loop_stopped; i++) {
			w = evs[i].data.ptr;
			if (w->active)
				w->cb(w, evs[i].events);
		}
		if (!loop_stopped)
			loop_run_queued();
		loop_run_deferred();
		if (!loop_stopped) {
			loop_run_timers();
			loop_run_queued();
		}
		loop_run_deferred();
	}
	loop_in_run = false;
	for (i = 0; i < nidle; i++)
		idle_fns[i]();
}
