/*
 * spawn.h: fork and exec one program, with all of its set-up.
 *
 * The child reports a failure in its set-up or exec through a
 * close-on-exec pipe: EOF means exec succeeded, 8 bytes (stage, errno)
 * mean it failed.  psd reads the pipe from its loop, never blocking.
 */
#ifndef PSD_SPAWN_H
#define PSD_SPAWN_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "config.h"

enum spawn_stage {
	SPAWN_STAGE_NONE = 0,
	SPAWN_STAGE_SESSION,
	SPAWN_STAGE_PDEATHSIG,
	SPAWN_STAGE_STDIO,
	SPAWN_STAGE_RLIMIT,
	SPAWN_STAGE_NICE,
	SPAWN_STAGE_CHDIR,
	SPAWN_STAGE_SETGROUPS,
	SPAWN_STAGE_SETGID,
	SPAWN_STAGE_SETUID,
	SPAWN_STAGE_EXEC,
	SPAWN_STAGE_FORK,		/* the second fork of a detached start */
	SPAWN_STAGE__COUNT
};

struct spawn_req {
	const struct progconf	*pc;
	char			**envp;
	int			  stdio[3];	/* dup2'd to 0,1,2; -1: keep */
	bool			  setsid;	/* else a new process group */
	bool			  tty_foreground;
	bool			  take_ctty;
	bool			  ctty_stdout;	/* stdout is a pty: make it ours */
	int			  pdeathsig;	/* 0: none */
	pid_t			  psd_pid;	/* for the pdeathsig race check */
	int			  listen_pid_env; /* envp index of LISTEN_PID=, -1 */
	int			  watchdog_pid_env; /* ... of WATCHDOG_PID=, -1 */
	bool			  detach;	/* double fork: report the grandchild */
	bool			  join_cgroup;	/* write 0 to cgroup_fd first */
	int			  cgroup_fd;	/* lineage.c: cgroup.procs */
};

/* What spawn_start hands back. */
struct spawn_handle {
	pid_t			  pid;		/* child (detach: intermediate) */
	int			  status_fd;	/* read end, non-blocking */
	int			  go_fd;	/* detach: close it to let the
						   grandchild run; else -1 */
	const char		 *failed;	/* spawn_start -1: "pipe2", "fork" */
};

struct spawn_failure {
	int			  stage;
	int			  err;
};

/*
 * Fork and start exec'ing.  0 and *h filled, or -1 with errno when fork
 * or pipe2 failed.  For a detached start the intermediate child writes
 * the grandchild's pid to the status pipe before it exits; the
 * grandchild waits until psd closes go_fd, so psd always knows its pid
 * before it can exit.
 */
int		 spawn_start(const struct spawn_req *req, struct spawn_handle *h);

/*
 * Read the status pipe: 1 and *f filled when the child reported a failure,
 * 0 on EOF (exec succeeded), -1 when nothing is there yet (EAGAIN).  With
 * want_pid (a detached start, before its pid came), reads the grandchild's
 * pid into *grandchild and returns 2.
 */
int		 spawn_read_status(int fd, bool want_pid,
		    struct spawn_failure *f, pid_t *grandchild);

struct watch;
/* Stop watching and close a start's status pipe and go pipe (-1 after). */
void		 spawn_close_pipes(struct watch *status_watch, int *status_fd,
		    int *go_fd);

/* The descriptor limit psd was started with, restored in children. */
void		 spawn_set_nofile(const struct rlimit *orig);

const char	*spawn_stage_name(int stage);
/* Exit code for a failed start, as a shell reports it (127, 126). */
int		 spawn_failure_code(const struct spawn_failure *f);

#endif
