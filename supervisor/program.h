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

struct program {
	struct progconf		*conf;
	struct config		*owner;		/* the config conf belongs to */
	struct progconf		*next_conf;	/* reload: use once stopped */
	struct config		*next_owner;
	struct policy_params	 pp;
	struct policy_state	 ps;
	int			 index;		/* in supervise's array */
	bool			 is_main;	/* single-command / -- CMD */

	struct child		 child;		/* main pid, in the pidmap */
	pid_t			 pid;		/* 0 when none */
	pid_t			 pgid;		/* its process group */
	bool			 group_wait;	/* stopping: main pid gone, group
						   members not yet */
	int			 group_status;	/* ... and the main pid's status */
	struct timer		 group_timer;	/* give up on them after KILL */
	bool			 held;		/* restart held: output congested */
	struct child		 inter;		/* detach: intermediate child */
	pid_t			 inter_pid;	/* ... and its pid (the session) */
	int			 status_fd;	/* exec status pipe, -1 */
	struct watch		 status_watch;
	bool			 want_pid;	/* detach: grandchild pid due */
	int			 go_fd;		/* detach: go pipe, -1 */
	struct timer		 timer;
	struct program_output	 out;		/* output pipes, ring (output.c) */

	int			 last_status;	/* wait status of the last exit */
	bool			 has_exited;
	int			 exit_code;	/* as a shell reports it */
	struct spawn_failure	 failure;	/* the last failed start */
	char			 reason[128];	/* why FATAL or not starting */
	unsigned int		 spawns;
	unsigned int		 restarts;
	int64_t			 started;	/* last spawn (mono ms) */
	pid_t			 sessions[2];	/* groups of the last two runs */
	uint64_t		 orphans;	/* orphans attributed to it */

	bool			 start_pending;	/* start once dependencies allow */
	bool			 restart_pending; /* start again once stopped */
	bool			 removing;	/* reload: drop once stopped */
	/* Written by supervise.c only: has it ended (psd.conf(5)), how, when. */
	bool			 ended;		/* EXITED/FATAL on its own */
	bool			 ended_failed;	/* ... and the end was a failure */
	unsigned int		 ended_seq;	/* order of ends, from 1 */

	struct program		**deps;		/* programs it depends on */
	int			 ndeps;
	struct program		**rdeps;	/* programs depending on it */
	int			 nrdeps;

	struct readiness	*rd;		/* readiness.c; NULL: none yet */
};

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
	void	(*spawning)(struct program *p, struct spawn_req *req);
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
