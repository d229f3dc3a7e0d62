/*
 * control_sock.h: create and remove the control socket's file.
 */
#ifndef PSD_CONTROL_SOCK_H
#define PSD_CONTROL_SOCK_H

#include <stddef.h>

#include "control.h"

/*
 * Probe o->path (a live socket: another psd; a stale one: replaced; not
 * a socket: refused), bind, set mode and group, listen.  The listening
 * fd (non-blocking, close-on-exec), or -1 with a one-line reason in err.
 */
int	 control_sock_open(const struct control_opts *o, char *err,
	    size_t errlen);
/* Remove the socket file if it is still the one made here. */
void	 control_sock_remove(void);

#endif
