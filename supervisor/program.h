/*
 * program.h: one supervised program at run time.
 *
 * A program turns events (start/stop requests, exec results, exits,
 * deadlines) into policy_step() calls and carries out the action it
 * returns: spawn, signal, SIGKILL.  supervise.c decides when to start and
 * stop programs; this file only knows one program at a time.
 */
#ifndef PSD_PROGRAM_H
#define PSD_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "loop.h"
#include "output.h"
#include "pidmap.h"
#include "policy.h"
#include "spawn.h"

/*
 * A program's fields come in groups; each group has one writer, and
 * everyone else reads (through the accessors below where there is one).
 */
struct program {
	/* Identity and links: roster.c (reload: supervise.c's next_*). */
	struct progconf		*conf;
	struct config		*owner;		/* the config conf belongs to */
	struct progconf		*next_conf;	/* reload: use once stopped */
	struct config		*next_owner;
	int			 index;		/* in the roster */
	bool			 is_main;	/* single-command / -- CMD */
	struct program		**deps;		/* what it depends on */
	int			 ndeps;
	struct program		**rdeps;	/* what depends on it */
	int			 nrdeps;

	/* Run state: program.c only (policy.c steps pp/ps for it). */
	struct policy_params	 pp;
	struct policy_state	 ps;		/* program_state() */
	struct child		 child;		/* main pid, in the pidmap */
	pid_t			 pid;		/* 0: none; program_pid() */
	pid_t			 pgid;		/* its process group */
	bool			 group_wait;	/* stopping: main pid gone, group
						   members not yet */
	int			 group_status;	/* ... and the main pid's status */
	struct timer		 group_timer;	/* give up on them after KILL */
	bool			 held;		/* restart held: output congested */
	struct child		 inter;		/* detach: intermediate child */
	pid_t			 inter_pid;	/* ... and its pid (the session) */
	struct spawn		 spawn;		/* a start in progress */
	struct timer		 timer;
	int			 last_status;	/* wait status of the last exit */
	bool			 has_exited;
	int			 exit_code;	/* as a shell reports it */
	struct spawn_result	 failure;	/* the last failed start; stage
						   0: none */
	int64_t			 started;	/* last spawn (mono ms) */
	pid_t			 sessions[2];	/* groups of the last two runs */
	/* Why FATAL or not starting: program_set_reason() only. */
	char			 reason[128];	/* program_reason() */

	/* Counters: spawns and restarts by program.c, orphans by
	 * orphans.c. */
	unsigned int		 spawns;
	unsigned int		 restarts;
	uint64_t		 orphans;	/* orphans attributed to it */

	/* Plan: supervise.c only.  What psd means to do next, and whether
	 * (and how) it has ended in psd.conf(5)'s sense. */
	bool			 start_pending;	/* start once dependencies allow */
	bool			 restart_pending; /* start again once stopped */
	bool			 removing;	/* reload: drop once stopped */
	bool			 ended;		/* EXITED/FATAL on its own */
	bool			 ended_failed;	/* ... and the end was a failure */
	unsigned int		 ended_seq;	/* order of ends, from 1 */

	/* Owned by their modules (program_init_module's observers). */
	struct program_output	 out;		/* pipes, ring (output.c) */
	struct readiness	*rd;		/* readiness.c; NULL: none yet */
};

/* Read a program's run state (program.c writes it). */
static inline enum pstate
program_state(const struct program *p)
{
	return p->ps.state;
}

static inline pid_t
program_pid(const struct program *p)
{
	return p->pid;
}

/* Why it is FATAL or not starting; "" when there is nothing to say. */
static inline const char *
program_reason(const struct program *p)
{
	return p->reason;
}

/* How the main program of single-command mode is started. */
struct main_spawn {
	bool			 setsid;
	bool			 tty;		/* stdin is a terminal */
};

/* Called after every state change (supervise.c). */
typedef void (*program_changed_fn)(struct program *p, enum pstate old,
    const struct policy_result *r);

struct envbuf;
/*
 * Those who hear of a program's life without program.c naming them
 * (readiness, hooks); any function may be NULL.  Called in the order
 * registered.
 */
struct program_observer {
	/* A spawn's stdin/stdout/stderr are chosen: replace any (a pipe). */
	void	(*stdio)(struct program *p, int stdio[3]);
	/* A spawn's environment is being built: add to it (last). */
	void	(*environ)(struct program *p, struct envbuf *e);
	/* After every state change, before program_init_module's changed. */
	void	(*changed)(struct program *p, enum pstate old,
		    const struct policy_result *r);
	/* A run ended (wait status), after the policy heard of it. */
	void	(*exited)(struct program *p, int status);
	/* p is being freed: drop what is kept for it. */
	void	(*freed)(struct program *p);
	/* A spawn is about to fork: add fds to pass (sockets.c). */
	void	(*spawning)(struct program *p, struct spawn_desc *d);
};

void		 program_observe(const struct program_observer *o);

void		 program_init_module(program_changed_fn changed, pid_t psd_pid,
		    const struct main_spawn *ms);
struct program	*program_new(struct progconf *pc, bool is_main);
void		 program_free(struct program *p);
const char	*program_name(const struct program *p);

void		 program_start(struct program *p);
void		 program_stop(struct program *p);
/* Send sig to the program (its group when kill_group); -1 if none runs. */
int		 program_signal(struct program *p, int sig);
/* SIGKILL it now (a forced shutdown). */
void		 program_kill(struct program *p);
/* Tell the policy about readiness or a failure psd detected. */
void		 program_event(struct program *p, enum pevent ev, int status);

/* Set (fmt NULL: clear) why it is FATAL or not starting: the one writer
 * of p->reason, for program.c, supervise.c and readiness.c. */
void		 program_set_reason(struct program *p, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/*
 * MAINPID=: pid (a process of the program) is its main pid from now on;
 * pgid > 1 replaces its process group.  The old main pid is an orphan.
 */
void		 program_adopt_pid(struct program *p, pid_t pid,
		    pid_t pgid);
/* The main pid, not psd's child, was seen to exit (a pidfd). */
void		 program_pid_exited(struct program *p, int status);

/* psd's output flows again: a held restart goes ahead. */
void		 program_release(struct program *p);

/* Log every state change from now on (program_log.c; an observer). */
void		 program_log_init(void);

/*
 * A process psd did not start was reaped: programs waiting for the rest
 * of their process group to end look again (cheap when none waits).
 */
void		 program_group_check_all(struct program *(*at)(int), int n);

/* Does pgrp/session sid belong to one of its recent runs? */
bool		 program_owns_session(const struct program *p, pid_t sid);

#endif
