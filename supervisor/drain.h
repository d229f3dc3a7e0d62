/*
 * drain.h: end every remaining process before psd exits.
 *
 * tini and catatonit leave what outlives the main child to the kernel's
 * SIGKILL.  psd sends SIGTERM to every remaining descendant (as PID 1 of
 * a namespace: every process in it; as a subreaper: each process whose
 * ancestry leads to psd), waits up to the grace period, SIGKILLs what
 * remains, and is done when waitpid reports no children.
 */
#ifndef PSD_DRAIN_H
#define PSD_DRAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Is this session (a detached program's) to be left alone? */
typedef bool (*drain_keep_fn)(pid_t sid);

/* A grace that sends SIGTERM once and exits at once (dumb-init's way). */
#define DRAIN_GRACE_TERM_ONLY	(-2)

/* Start draining; done() is called once nothing is left. */
void	 drain_begin(int64_t grace, drain_keep_fn keep, void (*done)(void));
/* SIGKILL everything now (a second SIGTERM, or shutdown_timeout). */
void	 drain_hurry(void);
/* After a reap pass: finish if nothing (but kept sessions) is left. */
void	 drain_check(void);

#endif
