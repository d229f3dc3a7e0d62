/*
 * control_sock.h: create and remove the control socket's file.
 */
#ifndef PSD_CONTROL_SOCK_H
#define PSD_CONTROL_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct control_opts {
	const char	*path;
	mode_t		 mode;
	bool		 has_group;
	gid_t		 gid;
	bool		 readonly_all;	/* read-only verbs for every user */
};

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
