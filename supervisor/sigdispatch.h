/*
 * sigdispatch.h: what psd does with each signal (see sigdispatch.c).
 */
#ifndef PSD_SIGDISPATCH_H
#define PSD_SIGDISPATCH_H

#include <sys/signalfd.h>

/* A signal read from the signalfd (not SIGCHLD). */
void	 sigdispatch_signal(const struct signalfd_siginfo *si);
/* SIGCHLD: reap, then see whether the drain is done. */
void	 sigdispatch_child(void);

#endif
