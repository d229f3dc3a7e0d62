/*
 * daemonize.h: psd -d (double fork, setsid) and the pid file.
 *
 * The starting process waits until the daemon says it is up (or dies), so
 * `psd -d -c dev.ini` returns 0 only once the programs are being started,
 * and start-up errors still reach the terminal.
 */
#ifndef PSD_DAEMONIZE_H
#define PSD_DAEMONIZE_H

/* Fork twice; only the daemon returns. */
void	 daemonize_begin(void);
/* Tell the waiting parent we are up; detach stdio from a terminal. */
void	 daemonize_ready(void);
/* Write psd's pid to path (atomically); removed by daemonize_cleanup. */
void	 daemonize_pidfile(const char *path);
void	 daemonize_cleanup(void);

#endif
