/*
 * reap.h: the heart of psd: waitpid(-1, WNOHANG) until nothing is left.
 *
 * One SIGCHLD may stand for many exits, so each pass reaps until waitpid
 * returns 0 or ECHILD.  Known pids (struct child in the pidmap) get their
 * on_exit; every other pid is an orphan psd adopted as PID 1 or subreaper:
 * it is counted, attributed to a program where possible, and logged.
 */
#ifndef PSD_REAP_H
#define PSD_REAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_stat;

/* Called for each orphan; st is NULL unless attribution is on. */
typedef void (*reap_orphan_fn)(pid_t pid, int status,
    const struct proc_stat *st);
/* Called when a child with a stop hook stops (job control). */
typedef void (*reap_stop_fn)(pid_t pid, int status);

void	 reap_init(reap_orphan_fn on_orphan);
/* Read each orphan's group and session before reaping it (costs /proc). */
void	 reap_set_attribution(bool on);
/* With attribution: called with each orphan's pid while still a zombie. */
typedef void (*reap_peek_fn)(pid_t pid);
void	 reap_set_peek(reap_peek_fn fn);
/* Report stops of this pid (WUNTRACED) to fn; 0 to stop. */
void	 reap_watch_stops(pid_t pid, reap_stop_fn fn);
/* Reap everything that has exited. */
void	 reap_all(void);
/* True if the last pass found no children left at all. */
bool	 reap_no_children(void);

struct reap_stats {
	uint64_t	 reaped;	/* every pid reaped */
	uint64_t	 orphans;	/* of those, not known to psd */
	uint64_t	 passes;	/* reap_all calls */
};
const struct reap_stats *reap_stats(void);

#endif
