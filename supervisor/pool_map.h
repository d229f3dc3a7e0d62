/*
 * pool_map.h: the one-command form, psd --jobs N --map -- CMD {} < ITEMS.
 */
#ifndef PSD_POOL_MAP_H
#define PSD_POOL_MAP_H

#include <stdint.h>

#include "config.h"

#define POOL_MAP_QUEUE_MAX	10000000

/* Add the "map" pool for CMD (before the config is taken by pool_run). */
void	 pool_map_config(struct config *cfg, char **cmd, int ncmd, int jobs,
	    int64_t job_timeout);
/* Read the items from stdin, queue a job each, close the pool. */
int	 pool_map_start(void);
/*
 * Print the summary line; psd's exit status as xargs gives it: 0, 123
 * (a job failed), 124 (one exited 255), 125 (one was killed), 126/127
 * (one could not run / was not found); psd_status if the run was cut.
 */
int	 pool_map_status(int psd_status);

#endif
