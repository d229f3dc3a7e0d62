/*
 * probe.h: readiness probes, ready = exec:CMD and ready = tcp:HOST:PORT.
 *
 * While a program is STARTING or RUNNING, psd tries its probe at once and
 * then every ready_interval until one succeeds, which makes it READY.
 *
 * exec: CMD runs with /bin/sh -c as a second-level child (spawn.c's
 * detached start: an intermediate child in a new session forks the probe,
 * reports its pid and exits), with the program's user, group, directory,
 * limits and environment, stdio on /dev/null.  The probe's pid is in the
 * pidmap, so its exit status comes back through the reaper; it is ready
 * when CMD exits 0.  A probe still running when the next is due is killed
 * (its process group), so each probe has ready_interval to answer.
 *
 * tcp: a non-blocking connect() watched by the loop; ready when one of the
 * host's addresses accepts.  A numeric host is used as is; a name is
 * resolved with getaddrinfo once per start (which may block on DNS: give
 * an address where that matters).
 */
#ifndef PSD_PROBE_H
#define PSD_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "loop.h"
#include "pidmap.h"
#include "spawn.h"

/* ready_interval is never shorter than this (0 would spin). */
#define PROBE_MIN_INTERVAL_MS	10

struct program;
struct addrinfo;

struct probe {
	struct program	*p;
	struct timer	 timer;		/* next attempt */
	bool		 active;	/* probing during this run */
	unsigned int	 attempts;	/* during this run */
	bool		 warned;	/* a set-up failure was logged */

	/* exec */
	struct child	 inter;		/* intermediate child */
	struct child	 child;		/* the probe command */
	struct spawn	 spawn;		/* its start (a detached one) */
	bool		 running;
	bool		 exec_failed;

	/* tcp */
	struct addrinfo	*ai;		/* resolved addresses */
	struct addrinfo	*cur;		/* the one being tried */
	int		 fd;		/* connecting socket, -1 */
	struct watch	 watch;
};

void	 probe_init(struct probe *pr, struct program *p);
/* Start probing (the program just started). */
void	 probe_begin(struct probe *pr);
/* Stop probing: kill a running probe, close a connecting socket. */
void	 probe_end(struct probe *pr);
void	 probe_free(struct probe *pr);

#endif
