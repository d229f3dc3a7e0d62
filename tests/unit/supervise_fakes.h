/*
 * supervise_fakes.h: the fakes test_supervise.c drives supervise.c with.
 */
#ifndef PSD_SUPERVISE_FAKES_H
#define PSD_SUPERVISE_FAKES_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "program.h"

extern int64_t		 fake_now;	/* loop_now() */
extern char		 trace[2048];	/* "start a, stop b, kill c" */
extern bool		 loop_stopped;	/* loop_stop() was called */
extern void		(*drain_done)(void); /* drain_begin()'s, or NULL */
extern bool		 drain_hurried;
extern struct timer	*armed[8];	/* the timer last set */

/* One policy step of p, reported the way program.c reports it. */
void	 fake_step(struct program *p, enum pevent ev, int status);

#endif
