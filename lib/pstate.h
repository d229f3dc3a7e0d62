/*
 * pstate.h: a program's states, and their names on the wire.
 *
 * psd's policy (supervisor/policy.c) moves programs between these states;
 * the names are part of the control protocol (K_STATE), so psd, psctl and
 * psd-http share this one table.
 */
#ifndef PSD_PSTATE_H
#define PSD_PSTATE_H

#include <stdbool.h>

enum pstate {
	PS_STOPPED,	/* not running: never started, or stopped on request */
	PS_STARTING,	/* spawned, not yet up start_seconds */
	PS_RUNNING,	/* up start_seconds (or exec'd, start_seconds = 0) */
	PS_READY,	/* its readiness check passed */
	PS_BACKOFF,	/* waiting before the next start */
	PS_STOPPING,	/* stop signal sent, waiting for the exit */
	PS_EXITED,	/* ended; its restart policy says no more */
	PS_FATAL,	/* could not be started (exec) or too many fast failures */
	PS__COUNT
};

/* "RUNNING"; "?" for no state. */
const char	*pstate_name(enum pstate s);
/* The state a name stands for; PS__COUNT for an unknown name. */
enum pstate	 pstate_parse(const char *name);
/* True while a process exists or is about to (STARTING .. STOPPING). */
bool		 pstate_active(enum pstate s);
/* Up: RUNNING or READY (psctl status exits 0 only when all are). */
bool		 pstate_up(enum pstate s);
/* Down: STOPPED, EXITED or FATAL (what psctl stop waits for). */
bool		 pstate_down(enum pstate s);

#endif
