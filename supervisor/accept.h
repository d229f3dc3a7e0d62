/*
 * accept.h: accept = true: psd accepts, one instance per connection.
 *
 * Each connection gets its own process, spawned like every program
 * (spawn.c), with the connected socket on fds 0 and 1 (inetd) and as
 * fd 3 with LISTEN_FDS=1 (systemd's Accept=yes), and REMOTE_ADDR and
 * REMOTE_PORT in its environment.  At most max_connections run at once;
 * beyond that psd stops accepting and the kernel's backlog holds the
 * rest.  Instances are named PROGRAM#N; their stderr is prefixed into
 * psd's log under the program's name.
 */
#ifndef PSD_ACCEPT_H
#define PSD_ACCEPT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct sock;

/* Counts of one accept = true socket. */
struct accept_counts {
	uint64_t	 accepted;
	uint64_t	 refused;	/* accepted, but no instance could run */
	int		 active;	/* instances running now */
};

/* One running instance, as psctl shows it. */
struct accept_inst_info {
	const char	*prog;
	unsigned int	 n;		/* PROGRAM#N */
	pid_t		 pid;
	const char	*peer;		/* "ADDR:PORT", "unix" */
	int64_t		 started;	/* monotonic ms */
};

/* Register with sockets.c and supervise.c (wiring.c calls it). */
void	 accept_init(void);
/* Forget the instances left (psd exits; drain.c has ended them). */
void	 accept_free(void);
/* Counts of socket s; false if it is not an accept = true socket. */
bool	 accept_counts(const struct sock *s, struct accept_counts *c);
/* The i-th running instance; false past the last. */
bool	 accept_instance(int i, struct accept_inst_info *info);
/* "PROGRAM#N (PEER)" if pid is an instance, else NULL (psctl tree). */
const char *accept_name_of(pid_t pid, char *buf, size_t len);
/* Running instances of program base (max_connections counts these). */
int	 accept_active(const char *base);

#endif
