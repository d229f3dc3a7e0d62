/*
 * pool_run.h: the pools at run time: spawning, reaping, output and
 * timers of their jobs; pool.c decides, this file carries it out.
 *
 * Every job is a child of psd spawned through spawn.c (pool_run_spawn is
 * the one place that calls it), in the pidmap like a program, reaped at
 * once.  Its stdout and stderr come through pipes: each whole line goes
 * to psd's output as `POOL#ID | line`, and into the job's captured
 * output (bounded) for psctl result, the submitter and the callback.
 * on_done runs as a second-level child (double fork, as hooks do) with
 * the captured stdout on its stdin, from a memfd: it never runs in
 * psd's process, never blocks the loop, never stays a zombie.
 *
 * Those above hear of finished jobs and changed counts through
 * observers; nothing here names them.
 */
#ifndef PSD_POOL_RUN_H
#define PSD_POOL_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "logfmt.h"
#include "loop.h"
#include "spawn.h"
#include "pidmap.h"
#include "pool.h"

#define POOL_CAPTURE_MAX	(1024 * 1024)	/* per job and stream */

struct rpool;

struct capture {
	char		*buf;
	size_t		 len, cap;
	uint64_t	 cut;		/* bytes past POOL_CAPTURE_MAX */
};

/* What a job has once it was taken from the queue. */
struct jobrun {
	struct child		 child;		/* its pid in the pidmap */
	struct rpool		*rp;
	struct job		*job;
	pid_t			 pid;		/* 0 once reaped */
	struct spawn		 sp;		/* its start (exec's outcome) */
	int			 fd[2];		/* stdout, stderr; -1 */
	struct watch		 w[2];
	struct timer		 timer;		/* job_timeout, then KILL */
	char			*line[2];	/* a line not yet ended */
	size_t			 linelen[2];
	struct capture		 cap[2];
	int64_t			 started_wall, ended_wall;	/* ms */
	int			 err;		/* errno if it could not start */
	char			 errtext[96];	/* "exec: No such file ..." */
	struct logfmt_prefix	 pre;
};

/* Those who hear of the pools (control, psd's work-done rule). */
struct pool_run_observer {
	/* j finished (done, failed, cancelled, dropped); j is still there. */
	void	(*finished)(struct rpool *rp, struct job *j);
	/* Counts changed (room in a queue, a pool drained or closed). */
	void	(*changed)(struct rpool *rp);
};

void		 pool_run_observe(const struct pool_run_observer *o);
void		 pool_run_init(pid_t psd_pid);
/*
 * Take the pools of cfg (start-up and reload): new ones are made,
 * known ones take the new settings (workers apply from the next start,
 * running jobs go on), removed ones are closed and finish their queue.
 */
void		 pool_run_configure(struct config *cfg);
/* Add one pool (psd --jobs); the poolconf is taken over. */
struct rpool	*pool_run_add(struct poolconf *pl);
void		 pool_run_free(void);

int		 pool_run_count(void);
struct rpool	*pool_run_at(int i);
struct rpool	*pool_run_find(const char *name);
struct pool	*pool_run_pool(struct rpool *rp);
const struct poolconf *pool_run_conf(const struct rpool *rp);

/* Queue a job (pool.h's POOL_OK / POOL_E_*); it starts when a slot is. */
int		 pool_run_submit(struct rpool *rp, char *const argv[], int n,
		    uint32_t session, struct job **out);
/* Cancel j: off the queue, or stopped (stop_signal) if it runs. */
void		 pool_run_cancel(struct rpool *rp, struct job *j);
void		 pool_run_close(struct rpool *rp);
/* Stop the running jobs, drop the queue; the number dropped. */
int		 pool_run_terminate(struct rpool *rp);
/*
 * Close and drop the queue, let the running jobs finish; the number
 * dropped.  It frees nothing and tells of the change later (from the
 * pool's work), so a finished observer may call it for the job it is
 * told of.
 */
int		 pool_run_drop_queue(struct rpool *rp);
/* A submitter went away: cancel its jobs that have not started. */
void		 pool_run_cancel_session(uint32_t session);
/* psd shuts down: terminate every pool, log what was dropped. */
void		 pool_run_shutdown(void);
/*
 * psd's work-done rule: 1 when some pool holds work psd must finish
 * (closed and not drained, or keep_alive), else 0.  ended is set when
 * some pool was closed and has drained (work that ended).
 */
int		 pool_run_work(bool *ended);
/* Jobs running in all pools (for psd's drain and stats). */
int		 pool_run_running(void);
/* "pool#17" for j. */
const char	*pool_run_job_name(const struct rpool *rp, const struct job *j,
		    char *buf, size_t len);
/* Shell-style exit code of a finished job (128+N, 127...). */
int		 pool_run_exit_code(const struct job *j);

#endif
