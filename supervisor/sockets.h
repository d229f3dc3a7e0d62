/*
 * sockets.h: the sockets psd holds for its programs (listen =).
 *
 * psd binds and listens on every socket before it starts anything, and
 * keeps each open across its program's restarts and crashes, and across
 * reloads that keep its address: a connection that arrives while the
 * program restarts waits in the kernel's queue.  A program with
 * accept = false gets its sockets as fds 3... (sd_listen_fds(3));
 * start = on_demand starts it when the first connection arrives.
 * accept = true sockets are served by accept.c, which hears of them
 * through sockets_observe().
 */
#ifndef PSD_SOCKETS_H
#define PSD_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "config_listen.h"
#include "loop.h"
#include "program.h"

struct sock {
	char			*prog;		/* program's base name */
	char			*spec;		/* the word of listen = */
	int			 index;		/* its place in listen = */
	struct listen_addr	 a;
	int			 fd;
	bool			 accept;	/* served by accept.c */
	bool			 on_demand;
	struct watch		 w;		/* on_demand: first connection */
	bool			 watching;
	void			*acceptor;	/* accept.c's, owned there */
};

/* Those who serve accept = true sockets; any member may be NULL. */
struct sockets_observer {
	void	(*opened)(struct sock *s);	/* or became accept = true */
	void	(*closing)(struct sock *s);	/* or stops being one */
};
void	 sockets_observe(const struct sockets_observer *o);

/*
 * Make the held sockets those of cfg: keep every address that stays
 * (whoever it belongs to now), open the new ones, close the rest.  On an
 * error nothing changes: -1 with "FILE:LINE: [program:X] listen: ..."
 * in err.
 */
int	 sockets_apply(const struct config *cfg, char *err, size_t len);
/* Close every socket (psd exits). */
void	 sockets_close_all(void);

int		 sockets_count(void);
struct sock	*sockets_at(int i);

/*
 * Register as a program observer (LISTEN_* variables, fds 3...) and a
 * supervise observer (on_demand sockets are watched while their program
 * is down).
 */
void	 sockets_init(void);

#endif
