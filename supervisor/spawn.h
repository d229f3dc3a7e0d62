/*
 * spawn.h: the one way psd starts a process.
 *
 * Programs, readiness probes and hooks (and anything added later: job
 * pools, per-connection instances) describe the child in a struct
 * spawn_desc and call spawn_start().  spawn.c forks, sets the child up
 * and execs; nothing else in psd calls fork().
 *
 * The child reports a failure in its set-up or exec through a
 * close-on-exec pipe: EOF means exec succeeded, 8 bytes (stage, errno)
 * mean it failed.  psd reads the pipe from its loop, never blocking: a
 * start is SPAWN_PENDING until spawn.c calls the caller's on_done (from
 * the loop, or from spawn_poll when the caller's child was reaped).
 *
 * Three ways to start (enum spawn_mode):
 * - SPAWN_DIRECT: psd's child.  Its pid is known at once.
 * - SPAWN_DETACHED: a double fork that keeps the handshake: an
 *   intermediate child in a new session forks the real child, writes its
 *   pid to the status pipe and exits; the grandchild waits until psd has
 *   the pid (on_pid) before it goes on, so psd always knows its pid
 *   before it can exit.  Set-up failures come through the pipe as for a
 *   direct start.
 * - SPAWN_CALLBACK: fire and forget (hooks): an intermediate child forks
 *   the real child and exits; no status pipe, no handshake.  psd reaps
 *   the intermediate (result.pid); the grandchild is an orphan.
 *
 * Between fork and exec only async-signal-safe calls are made: the
 * caller prepares the environment and everything else that allocates.
 */
#ifndef PSD_SPAWN_H
#define PSD_SPAWN_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "config.h"
#include "loop.h"

/* Where a start failed: the parent's steps, then the child's, in order. */
enum spawn_stage {
	SPAWN_STAGE_NONE = 0,
	SPAWN_STAGE_SESSION,		/* setsid / setpgid */
	SPAWN_STAGE_PDEATHSIG,
	SPAWN_STAGE_STDIO,		/* stdio and passed fds */
	SPAWN_STAGE_RLIMIT,
	SPAWN_STAGE_NICE,
	SPAWN_STAGE_CHDIR,
	SPAWN_STAGE_SETGROUPS,
	SPAWN_STAGE_SETGID,
	SPAWN_STAGE_SETUID,
	SPAWN_STAGE_EXEC,
	SPAWN_STAGE_FORK,		/* fork, in psd or the intermediate */
	SPAWN_STAGE_PIPE,		/* psd's pipe2 for the status pipe */
	SPAWN_STAGE__COUNT
};

enum spawn_mode {
	SPAWN_DIRECT,
	SPAWN_DETACHED,
	SPAWN_CALLBACK,
};

/* Most descriptors a start may pass (pass_fds). */
#define SPAWN_MAX_PASS_FDS	64

/* Who the child is to become.  Everything is copied or used during the call
 * only; none of it must outlive spawn_start. */
struct spawn_desc {
	char *const		 *argv;		/* argv[0]: a path, or a name
						   searched in envp's PATH */
	char			**envp;		/* environ.h builds it */
	const char		 *dir;		/* chdir; NULL: psd's */

	bool			  has_user;	/* setgroups(groups), setuid */
	bool			  has_group;	/* setgid (also with has_user) */
	uid_t			  uid;
	gid_t			  gid;
	const gid_t		 *groups;	/* has_user: supplementary */
	int			  ngroups;
	bool			  has_umask;
	mode_t			  umask;
	bool			  has_nice;
	int			  nice;
	const struct rlimit_conf *rlimits;	/* set in order */
	int			  nrlimits;

	int			  stdio[3];	/* dup2'd to 0,1,2; -1: psd's */
	bool			  ctty_stdout;	/* stdout is a pty: make it ours */
	const int		 *pass_fds;	/* become 3, 4, ... in order */
	int			  npass_fds;	/* <= SPAWN_MAX_PASS_FDS */
	/*
	 * psd was started transparently (a personality): the child keeps
	 * the descriptors psd inherited and psd's original signal mask and
	 * ignored signals, instead of a clean slate.
	 */
	bool			  transparent;

	bool			  setsid;	/* else a new process group */
	bool			  take_ctty;	/* setsid: stdin's tty is ours */
	bool			  tty_foreground; /* the group gets the tty */
	int			  pdeathsig;	/* 0: none */
	pid_t			  psd_pid;	/* for the pdeathsig race check */
	/* envp indices of LISTEN_PID= / WATCHDOG_PID= whose digits the
	 * child fills in with its own pid; -1: none */
	int			  listen_pid_env;
	int			  watchdog_pid_env;
	/* a cgroup.procs the child joins first (lineage.h); -1: none */
	int			  cgroup_fd;

	enum spawn_mode		  mode;
};

/* Set the fields that have a "none" value that is not 0. */
void		 spawn_desc_init(struct spawn_desc *d);
/* The user, group, directory, umask, nice and limits of a program. */
void		 spawn_desc_from_conf(struct spawn_desc *d,
		    const struct progconf *pc);

enum spawn_status {
	SPAWN_PENDING,		/* forked; on_done tells how exec went */
	SPAWN_STARTED,		/* exec done (or cannot be watched: take it
				   as done) */
	SPAWN_FAILED,		/* stage, err say where and why */
};

struct spawn_result {
	enum spawn_status	 status;
	pid_t			 pid;	/* the child; SPAWN_DETACHED and
					   SPAWN_CALLBACK: the intermediate */
	enum spawn_stage	 stage;	/* SPAWN_FAILED */
	int			 err;	/* SPAWN_FAILED: errno */
};

/*
 * A start in progress, owned by the caller (embedded in its record).
 * Callbacks run from the loop or from spawn_poll; either may be NULL.
 */
struct spawn {
	/* detached: the grandchild's pid arrived (psd lets it go on return) */
	void			(*on_pid)(struct spawn *s, pid_t pid);
	/* exec done (SPAWN_STARTED) or failed (SPAWN_FAILED) */
	void			(*on_done)(struct spawn *s,
				    const struct spawn_result *r);
	void			 *arg;

	/* spawn.c's */
	int			  status_fd;	/* -1 when none */
	int			  go_fd;	/* detached: -1 once released */
	bool			  want_pid;	/* detached: grandchild pid due */
	struct watch		  watch;
};

/* Set up an idle start record. */
void		 spawn_init(struct spawn *s,
		    void (*on_pid)(struct spawn *, pid_t),
		    void (*on_done)(struct spawn *, const struct spawn_result *),
		    void *arg);

/*
 * Fork and start exec'ing what d describes.  SPAWN_FAILED (stage
 * SPAWN_STAGE_PIPE or SPAWN_STAGE_FORK, err) when nothing was started.
 * SPAWN_PENDING: on_pid (detached) and on_done come later.
 * SPAWN_STARTED: nothing more will come (SPAWN_CALLBACK always; the
 * others when the status pipe cannot be watched: a failed exec then
 * shows as exit 127).  A detached start's grandchild pid comes only through
 * on_pid.
 */
struct spawn_result spawn_start(struct spawn *s, const struct spawn_desc *d);

/*
 * Read what the status pipe holds now (the child or the intermediate was
 * reaped, so it is complete): may call on_pid and on_done.  Returns true
 * when the start is over (or none was in progress).
 */
bool		 spawn_poll(struct spawn *s);

/*
 * Is a start in progress?  Is a detached start's grandchild pid due?  The
 * latter stays true after on_done when the pid never came (the
 * intermediate failed), until spawn_cancel or the next start.
 */
bool		 spawn_pending(const struct spawn *s);
bool		 spawn_wants_pid(const struct spawn *s);

/* Forget a start: close its pipes; no more callbacks. */
void		 spawn_cancel(struct spawn *s);

/* The descriptor limit psd was started with, restored in children. */
void		 spawn_set_nofile(const struct rlimit *orig);

const char	*spawn_stage_name(enum spawn_stage stage);
/* Exit code for a failed start, as a shell reports it (127, 126). */
int		 spawn_failure_code(const struct spawn_result *r);
/* Use code for every failed start instead (0: back to 127 and 126). */
void		 spawn_set_failure_code(int code);

#endif
