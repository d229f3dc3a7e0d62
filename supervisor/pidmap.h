/*
 * pidmap.h: pid -> child record, O(1), so an exit storm costs O(exits).
 *
 * Every process psd forks and waits on (a program's main pid, a hook's
 * intermediate child, a readiness probe) is a struct child in this map;
 * the reaper looks each reaped pid up and calls its on_exit.
 */
#ifndef PSD_PIDMAP_H
#define PSD_PIDMAP_H

#include <stdbool.h>
#include <sys/types.h>

struct child;
typedef void (*child_exit_fn)(struct child *c, int status);

struct child {
	pid_t		 pid;		/* 0 when not in the map */
	child_exit_fn	 on_exit;
	void		*arg;
};

void		 pidmap_insert(struct child *c, pid_t pid);
struct child	*pidmap_find(pid_t pid);
/* Remove c (no-op if absent) and clear c->pid. */
void		 pidmap_remove(struct child *c);
void		 pidmap_free(void);

#endif
