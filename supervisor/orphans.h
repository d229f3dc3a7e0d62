/*
 * orphans.h: what psd says about the orphans it reaps.
 *
 * reap.c calls orphans_reaped() for every process psd did not start
 * itself; it is attributed to the program whose process group or session
 * it belonged to, counted, and logged at the level psd was told.
 */
#ifndef PSD_ORPHANS_H
#define PSD_ORPHANS_H

#include <stdbool.h>
#include <sys/types.h>

struct program;

/* Log reaps at warning level (-w), else at info (info) or debug. */
void	 orphans_init(bool warn, bool info);

/* Hear of every orphan reaped; owner is NULL when not attributed. */
typedef void (*orphans_fn)(pid_t pid, int status, struct program *owner);
void	 orphans_observe(orphans_fn fn);

#endif
