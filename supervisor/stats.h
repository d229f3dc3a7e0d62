/*
 * stats.h: psd's counters (psctl stats).  Reaping counters live in reap.c.
 */
#ifndef PSD_STATS_H
#define PSD_STATS_H

#include <stdint.h>

struct stats {
	int64_t		 started;	/* monotonic ms at start-up */
	int64_t		 started_wall;	/* wall clock ms at start-up */
	uint64_t	 spawns;
	uint64_t	 restarts;
	uint64_t	 orphans_attributed;
	uint64_t	 hooks;
	uint64_t	 spawn_failures;	/* starts that never reached exec */
	uint64_t	 control_requests;	/* requests handled, all peers */
};

struct stats	*stats_get(void);

#endif
