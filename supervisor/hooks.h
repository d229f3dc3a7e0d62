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

/* Run on_exit and on_fatal from now on (a program observer). */
void	 hooks_init(void);

#endif
