/*
 * reload.h: apply a new config to running psd (SIGHUP, psctl reload).
 *
 * Only the difference is applied: added programs start, removed ones
 * stop and go, programs that would now start differently restart with
 * the new settings ("changed"), programs whose other settings changed
 * (policy, timeouts, hooks, dependencies) take them without a restart
 * ("updated"), and the rest are not touched (supervisord restarts whole
 * groups).  An invalid file changes nothing.
 */
#ifndef PSD_RELOAD_H
#define PSD_RELOAD_H

#include "config.h"

struct reload_result {
	char		**added, **removed, **changed, **updated;
	int		  nadded, nremoved, nchanged, nupdated;
	struct config_errors errs;
};

struct conn;
/* SIGHUP (c NULL) or psctl reload: apply, log, and reply on c. */
void	 reload_request(struct conn *c);
/*
 * psctl reread: re-read the file and reply what a reload would do,
 * changing nothing.
 */
void	 reload_check_request(struct conn *c);

#endif
