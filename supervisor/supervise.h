/*
 * supervise.h: the set of programs and psd's work as a whole.
 *
 * Starts programs in dependency order, decides when psd's work is done
 * (every non-daemon program ended, an essential one ended, the main
 * program ended), shuts down in reverse dependency order, drains what is
 * left, and computes psd's exit status.  Single-command mode is the same
 * engine with one transparent program, "main".
 */
#ifndef PSD_SUPERVISE_H
#define PSD_SUPERVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/signalfd.h>

#include "config.h"
#include "program.h"

struct supervise_opts {
	bool		 single;	/* signals are forwarded, not obeyed */
	struct main_spawn main_spawn;	/* how the main program starts */
	bool		 pgroup;	/* forward to the main program's group */
	bool		 warn_reap;	/* -w: log every orphan reaped */
	bool		 show_reaps;	/* --demo: ... at info level */
	int64_t		 grace;		/* drain grace, ms */
	bool		 remap[256];	/* exit codes turned into 0 */
	char		*start_dir;	/* where psd was started (programs' cwd) */
};

void	 supervise_init(struct config *cfg, const struct supervise_opts *o);
void	 supervise_free(void);
/* Start the autostart programs (dependencies first). */
void	 supervise_start(void);
/* Stop everything and exit (a second call hurries: SIGKILL). */
void	 supervise_shutdown(const char *why);
/* psd's exit status, once the loop has stopped. */
int	 supervise_exit_status(void);

/* psctl start / stop / restart of one program. */
void	 supervise_start_program(struct program *p);
void	 supervise_stop_program(struct program *p);
void	 supervise_restart_program(struct program *p);
/* Is every autostart program up (and ready where it has a check)? */
bool	 supervise_ready(char *why, size_t len);
/* Which program does a process of this group or session belong to? */
struct program	*supervise_owner(pid_t pgrp, pid_t session);


/* For reload.c. */
void	 supervise_remove_program(struct program *p);
void	 supervise_replace_conf(struct program *p, struct progconf *pc,
	    struct config *cfg, bool changed);
void	 supervise_added(struct program *p);

const struct supervise_opts *supervise_options(void);
int		 supervise_count(void);
struct program	*supervise_at(int i);
struct program	*supervise_find(const char *name);
struct config	*supervise_config(void);
bool		 supervise_shutting_down(void);
/* Has the drain of what the programs left begun? */
bool		 supervise_draining(void);

#endif
