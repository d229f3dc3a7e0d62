/*
 * wiring.h: who hears of supervise.c's news.
 *
 * supervise.c names no module above it; wiring_init() registers the
 * observers that carry its news up: readiness, the terminal, sd_notify,
 * the control socket, psd's output; and hands the control socket its
 * request handler (control_cmds.c).
 */
#ifndef PSD_WIRING_H
#define PSD_WIRING_H

#include <stdbool.h>

/* Register the observers (after supervise_init) and the orphan log. */
void	 wiring_init(bool warn_reap, bool info_reap);

#endif
