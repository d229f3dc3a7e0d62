/*
 * supervise.h: the set of programs and psd's work as a whole.
 *
 * Starts programs in dependency order, decides when psd's work is done
 * (the rules are in psd.conf(5), PSD'S WORK AND EXIT STATUS), shuts down
 * in reverse dependency order, drains what is left, and computes psd's
 * exit status.  Single-command mode is the same engine with one
 * transparent program, "main".
 *
 * Below it supervise.c uses only roster.c, program.c's start/stop/kill/
 * release, loop.c's clock and timers, and drain.c; tests/unit/
 * test_supervise.c links supervise.c and roster.c with fakes of those.
 * Above it, everyone hears of changes through the observers.
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
#include "workdone.h"

struct supervise_opts {
	bool		 single;	/* signals are forwarded, not obeyed */
	struct main_spawn main_spawn;	/* how the main program starts */
	bool		 pgroup;	/* forward to the main program's group */
	int64_t		 grace;		/* drain grace, ms */
	bool		 remap[256];	/* exit codes turned into 0 */
	char		*start_dir;	/* where psd was started (programs' cwd) */
};

/* Where psd is in its life. */
enum supervise_phase {
	SV_RUNNING,	/* programs start, stop and end; the work goes on */
	SV_STOPPING,	/* stopping what remains, dependents first */
	SV_DRAINING,	/* every program is down: leftovers get the grace */
	SV_DONE,	/* nothing is left: the loop ends */
};

/* Upper layers hear of what happens here; any member may be NULL. */
struct supervise_observer {
	/* p changed state (r says how) or only its reason (r zeroed). */
	void	(*changed)(struct program *p, enum pstate old,
		    const struct policy_result *r);
	/* p leaves the set (a reload removed it); called before it goes. */
	void	(*removed)(struct program *p);
	/* supervise_start() is about to start programs / has. */
	void	(*starting)(void);
	void	(*started)(void);
	/* The work is done or a shutdown was asked: everything stops. */
	void	(*stopping)(void);
};

/* Add an observer (kept, not copied); called in the order added. */
void	 supervise_observe(const struct supervise_observer *o);

void	 supervise_init(struct config *cfg, const struct supervise_opts *o);
void	 supervise_free(void);
/* Start the autostart programs (dependencies first). */
void	 supervise_start(void);
/* A requested shutdown: stop everything and exit (again: SIGKILL). */
void	 supervise_shutdown(const char *why);
/* psd's exit status, once the loop has stopped. */
int	 supervise_exit_status(void);
enum supervise_phase		 supervise_phase(void);
const struct supervise_result	*supervise_result(void);
/* Something besides a program changed (a pool): is the work done? */
void	 supervise_recheck(void);
/* psd's output flows again: restarts held for it go ahead. */
void	 supervise_release_held(void);

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
