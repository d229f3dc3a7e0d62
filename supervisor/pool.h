/*
 * pool.h: a pool of one-shot jobs (multiprocessing.Pool), as a state
 * machine with no system calls.
 *
 * A pool has `workers` slots and a FIFO queue of at most `queue_max`
 * jobs.  pool_step() takes one job and one event and returns what to do
 * (spawn, signal, nothing) and the job's next deadline; pool.c keeps the
 * counts and lists, so the caller (pool_run.c) only carries the actions
 * out.  tests/unit/test_pool.c walks every state x event pair on a fake
 * clock.
 *
 * Memory: a queued job is one allocation, a small header followed by its
 * argument words; what a running or finished job needs more (pid, pipes,
 * captured output) hangs off job->run, made by the caller at the spawn.
 */
#ifndef PSD_POOL_H
#define PSD_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum job_state {
	JS_QUEUED,
	JS_RUNNING,
	JS_STOPPING,	/* stop signal sent (timeout, cancel, terminate) */
	JS_DONE,	/* exited 0 */
	JS_FAILED,	/* exited non-zero, killed, timed out, did not start */
	JS_CANCELLED,	/* taken off the queue, or stopped by cancel */
	JS_DROPPED,	/* still queued at terminate or shutdown */
	JS__COUNT
};

enum job_event {
	JE_START,	/* a slot is free: begin */
	JE_SPAWN_FAILED,/* fork/exec failed: errno in the result */
	JE_EXIT,	/* its process was reaped */
	JE_TIMER,	/* its deadline passed */
	JE_CANCEL,	/* psctl cancel */
	JE_TERMINATE,	/* psctl terminate, or psd shuts down */
	JE__COUNT
};

enum job_action {
	JA_NONE,
	JA_SPAWN,	/* start the process; deadline = job_timeout */
	JA_STOP,	/* send stop_signal; deadline = stop_timeout */
	JA_KILL,	/* send SIGKILL */
	JA_FINISH,	/* it is over: report it (callback, waiters) */
};

/* Why a finished job failed, beyond its wait status. */
enum job_why {
	JW_NONE,
	JW_TIMEOUT,
	JW_CANCEL,
	JW_TERMINATE,
	JW_SPAWN,
};

struct jobrun;

struct job {
	struct job	*next;		/* queue, or the finished list */
	struct jobrun	*run;		/* the caller's, from the spawn on */
	int64_t		 submitted;	/* ms */
	uint32_t	 id;
	uint32_t	 session;	/* who submitted it (0: none) */
	uint16_t	 nargs;
	uint8_t		 state;		/* enum job_state */
	uint8_t		 why;		/* enum job_why */
	uint32_t	 argslen;
	int32_t		 wstatus;	/* once finished; -1: never ran */
	char		 args[];	/* nargs words, each NUL-terminated */
};

struct pool_params {
	int		 workers;	/* >= 1 */
	int		 queue_max;	/* >= 1 */
	int		 keep_results;	/* finished jobs remembered, >= 0 */
	int64_t		 job_timeout;	/* ms, 0: none */
	int64_t		 stop_timeout;	/* ms */
};

struct pool {
	char		*name;
	struct pool_params pp;
	bool		 closed;
	uint32_t	 next_id;
	struct job	*qhead, *qtail;	/* queued, FIFO */
	struct job	*dhead, *dtail;	/* finished, oldest first */
	int		 queued, running, kept;
	uint64_t	 done, failed, cancelled, dropped, submitted;
	/* id -> job, for ids in [base, base + nslots) */
	struct job	**slots;
	uint32_t	 base;		/* id of slots[off] */
	size_t		 off, nslots, cap;
	/* called before a job is freed (evicted from the finished list) */
	void		(*free_run)(struct job *j);
};

struct pool_result {
	enum job_action	 action;
	int64_t		 deadline;	/* 0: none */
};

enum {
	POOL_OK = 0,
	POOL_E_CLOSED = -1,
	POOL_E_FULL = -2,
	POOL_E_ARGS = -3,
};

#define POOL_MAX_ARGS	4096

struct pool	*pool_new(const char *name, const struct pool_params *pp,
		    void (*free_run)(struct job *));
void		 pool_free(struct pool *p);
/* New settings (reload): workers apply to the next start. */
void		 pool_configure(struct pool *p, const struct pool_params *pp);

/* Queue argv (n words).  POOL_OK and *out, or POOL_E_*. */
int		 pool_submit(struct pool *p, char *const argv[], int n,
		    uint32_t session, int64_t now, struct job **out);
/* The next job to start, if a slot is free (then it is RUNNING). */
struct job	*pool_take(struct pool *p, int64_t now, struct pool_result *r);
/* Feed an event to a job; finishing moves it to the finished list. */
struct pool_result pool_step(struct pool *p, struct job *j,
		    enum job_event ev, int wstatus, int64_t now);
/* No new jobs from now on. */
void		 pool_close(struct pool *p);
/*
 * Close, and drop the queue (each dropped job is passed to each() before
 * it may be freed): the number of jobs dropped.
 */
int		 pool_drop_queue(struct pool *p,
		    void (*each)(struct job *, void *), void *arg);
/* Forget the oldest finished jobs beyond keep_results. */
void		 pool_trim(struct pool *p);
/* Closed, nothing queued, nothing running. */
bool		 pool_drained(const struct pool *p);
bool		 pool_busy(const struct pool *p);	/* queued or running */
struct job	*pool_find(const struct pool *p, uint32_t id);
/* Fill argv (n+1 entries) with pointers into j->args. */
void		 pool_job_argv(const struct job *j, char **argv);
bool		 pool_job_finished(const struct job *j);

const char	*pool_state_name(int state);
const char	*pool_why_name(int why);

#endif
