/*
 * sdnotify.h: psd as a service of systemd (Type=notify) or of another psd.
 *
 * When psd itself is started with NOTIFY_SOCKET, it loads libsystemd
 * (dlopen of libsystemd.so.0, only then: a container's PID 1 never maps
 * it) and tells its manager, with sd_notify(3):
 *	READY=1		once every autostart program is up (and ready
 *			where it has a readiness check), as psctl ready says
 *	STATUS=		counts: "5 running, 1 starting, 0 fatal"
 *	RELOADING=1	when a reload begins, READY=1 when it is applied
 *	STOPPING=1	when the shutdown begins
 *	WATCHDOG=1	every half WATCHDOG_USEC, when the manager set it
 * In single-command mode (psd -- CMD, a drop-in for tini) psd stays
 * transparent: CMD inherits NOTIFY_SOCKET and psd says nothing itself.
 * Built --without-systemd, psd ignores NOTIFY_SOCKET (and says so).
 */
#ifndef PSD_SDNOTIFY_H
#define PSD_SDNOTIFY_H

#include <stdbool.h>

/* Set up from the environment; transparent: leave NOTIFY_SOCKET to CMD. */
void	 sdnotify_init(bool transparent);
/* Is psd reporting to a manager? */
bool	 sdnotify_active(void);
/* Something changed: send STATUS= (and READY=1 when due), coalesced. */
void	 sdnotify_changed(void);
void	 sdnotify_reloading(void);
void	 sdnotify_reloaded(void);
void	 sdnotify_stopping(void);
void	 sdnotify_free(void);

#endif
