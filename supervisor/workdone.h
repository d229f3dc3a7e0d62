/*
 * workdone.h: when psd's work is done, and with what exit status.
 *
 * The rules of psd.conf(5), PSD'S WORK AND EXIT STATUS, read from the
 * roster's programs; supervise.c asks after every change and carries out
 * the answer.  Nothing here changes a program or makes a system call.
 */
#ifndef PSD_WORKDONE_H
#define PSD_WORKDONE_H

#include <stdbool.h>

#include "program.h"

/* Why psd's work ended. */
enum supervise_cause {
	SV_CAUSE_NONE,
	SV_CAUSE_MAIN,		/* the main program ended */
	SV_CAUSE_ESSENTIAL,	/* an essential program ended */
	SV_CAUSE_ALL_ENDED,	/* every non-daemon program ended */
	SV_CAUSE_REQUEST,	/* SIGTERM, SIGINT, psctl shutdown */
};

/* The exit result, decided once, when the work ends. */
struct supervise_result {
	enum supervise_cause cause;
	bool		 from_main;	/* the main program's, once it stops */
	int		 status;	/* otherwise (before -e remapping) */
	char		 line[256];	/* "<why>; exit status N ..." */
};

/* Is dependency dep far enough for its dependents to start? */
bool	 workdone_dep_satisfied(const struct program *dep);
/* Could p, waiting for its dependencies, still start some day? */
bool	 workdone_pending_can_start(const struct program *p);
/*
 * The pools' part of rule (c) (pool_run_work's shape): 1 while a pool
 * holds work psd must finish; *ended set when some pool's work ended.
 */
void	 workdone_set_pools(int (*fn)(bool *ended));
/* Rule (c): has every non-daemon program ended (and at least one)? */
bool	 workdone_all_ended(void);
/*
 * Fill res for cause: why is the request's text (SV_CAUSE_REQUEST), p
 * the program that ended psd (MAIN, ESSENTIAL).  res->line gets the log
 * line: why, and where the exit status comes from.
 */
void	 workdone_decide(struct supervise_result *res,
	    enum supervise_cause cause, const char *why,
	    const struct program *p, const bool remap[256]);
/* psd's exit status from res, once every program has stopped. */
int	 workdone_exit_status(const struct supervise_result *res,
	    const bool remap[256]);

#endif
