/*
 * hooks.h: on_exit / on_fatal commands, run as second-level children.
 *
 * psd forks an intermediate child that forks the hook and exits at once;
 * psd reaps the intermediate immediately, and the hook, in its own
 * session, is adopted and reaped by psd like any orphan.  A hook can
 * never block psd, and never lingers as a zombie.
 */
#ifndef PSD_HOOKS_H
#define PSD_HOOKS_H

struct program;

/* Run cmd with /bin/sh -c for program p; which is "on_exit"/"on_fatal". */
void	 hooks_run(struct program *p, const char *cmd, const char *which,
	    int status);

#endif
