/*
 * sigdispatch.h: what psd does with each signal (see sigdispatch.c).
 */
#ifndef PSD_SIGDISPATCH_H
#define PSD_SIGDISPATCH_H

#include <stdbool.h>
#include <sys/signalfd.h>

struct sigdispatch_opts {
	bool	 escalate;	/* a second TERM/INT stops main (psd's own) */
	bool	 jobstop;	/* TSTP/TTIN/TTOU: stop programs, then psd */
	bool	 jobstop_always;	/* ... even when -r rewrote them
					   (dumb-init's way) */
};

/* Default: escalate and jobstop, as psd under its own name. */
void	 sigdispatch_configure(const struct sigdispatch_opts *o);

/* A signal read from the signalfd (not SIGCHLD). */
void	 sigdispatch_signal(const struct signalfd_siginfo *si);
/* SIGCHLD: reap, then see whether the drain is done. */
void	 sigdispatch_child(void);

#endif
