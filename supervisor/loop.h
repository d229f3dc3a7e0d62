/*
 * loop.h: psd's one event loop: epoll for fds, a min-heap of deadlines.
 *
 * The next deadline is the epoll timeout; with no deadline armed psd
 * sleeps in epoll_wait(-1) and makes no wakeups at all.
 */
#ifndef PSD_LOOP_H
#define PSD_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct watch;
typedef void (*watch_fn)(struct watch *w, uint32_t revents);

struct watch {
	int		 fd;
	uint32_t	 events;
	bool		 active;
	watch_fn	 cb;
	void		*arg;
};

struct timer;
typedef void (*timer_fn)(struct timer *t);

struct timer {
	int64_t		 when;		/* monotonic ms */
	size_t		 slot;		/* heap index + 1; 0: not armed */
	timer_fn	 cb;
	void		*arg;
};

void	 loop_init(void);
void	 loop_free(void);
/* Run until loop_stop(); returns after the iteration that stopped it. */
void	 loop_run(void);
void	 loop_stop(void);
/* Is loop_run() running (so loop_on_idle functions will be called)? */
bool	 loop_running(void);
/* The time of the current iteration (monotonic ms). */
int64_t	 loop_now(void);
/* Refresh the cached time (after a long synchronous step). */
int64_t	 loop_update_now(void);
/* Number of epoll_wait returns (for stats and the idle benchmark). */
uint64_t loop_wakeups(void);
/*
 * Call fn each time the loop is about to wait: work that is cheaper done
 * once per pass than once per event (writing out buffered output).
 */
void	 loop_on_idle(void (*fn)(void));

void	 watch_init(struct watch *w, watch_fn cb, void *arg);
int	 watch_add(struct watch *w, int fd, uint32_t events);
int	 watch_mod(struct watch *w, uint32_t events);
void	 watch_del(struct watch *w);

/*
 * Work queued from inside a callback, run by the loop once the callbacks
 * of the pass are over: an event that would otherwise re-enter the code
 * that is calling back (a spawn from inside a pipe read).
 */
struct loop_work;
typedef void (*loop_work_fn)(struct loop_work *w);

struct loop_work {
	loop_work_fn		 fn;
	void			*arg;
	struct loop_work	*next;
	bool			 queued;
};

void	 loop_work_init(struct loop_work *w, loop_work_fn fn, void *arg);
/* Run w once after this pass's callbacks (queuing it twice: once). */
void	 loop_queue(struct loop_work *w);
/* Take w off the queue (before freeing what holds it). */
void	 loop_unqueue(struct loop_work *w);
/* Run the queue now: for a caller outside every callback that queues. */
void	 loop_run_queued(void);

void	 timer_init(struct timer *t, timer_fn cb, void *arg);
void	 timer_set(struct timer *t, int64_t when);
void	 timer_cancel(struct timer *t);
bool	 timer_armed(const struct timer *t);

/*
 * Free an object after the current batch of events: a watch inside it
 * may still have an event pending in this batch.
 */
void	 loop_defer_free(void *p, void (*freefn)(void *));

#endif
