/*
 * evlistener.h: supervisord's event listeners (evlistener.c).
 */
#ifndef PSD_EVLISTENER_H
#define PSD_EVLISTENER_H

#include "config.h"

/* Make the pools of cfg's listeners and hear of every program. */
void	 evlistener_init(const struct config *cfg);
void	 evlistener_free(void);

#endif
