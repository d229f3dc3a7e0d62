/*
 * config_listen.h: the words of `listen =`: tcp:HOST:PORT,
 * tcp6:[ADDR]:PORT, udp:HOST:PORT, udp6:[ADDR]:PORT, unix:PATH.
 *
 * A word parses into the address psd binds, with nothing looked up: a
 * host is a numeric address, `*` or empty (any), or `localhost`.  Only
 * libc is used, so the fuzzer links this file alone.
 */
#ifndef PSD_CONFIG_LISTEN_H
#define PSD_CONFIG_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

enum listen_kind {
	LISTEN_TCP,		/* tcp: and tcp6: */
	LISTEN_UDP,		/* udp: and udp6: */
	LISTEN_UNIX,		/* unix:PATH, unix:@NAME (abstract) */
};

struct listen_addr {
	enum listen_kind	 kind;
	int			 family;	/* AF_INET, AF_INET6, AF_UNIX */
	struct sockaddr_storage	 sa;
	socklen_t		 salen;
	int			 port;		/* 0 for unix */
	bool			 abstract;	/* unix:@NAME */
};

/* Parse one word; 0, or -1 with what was wrong in err. */
int	 listen_parse(const char *word, struct listen_addr *a, char *err,
	    size_t len);
/* The socket type of an address: SOCK_STREAM or SOCK_DGRAM. */
int	 listen_socktype(const struct listen_addr *a);
/* Do two parsed words name the same address? */
bool	 listen_same(const struct listen_addr *a, const struct listen_addr *b);

#endif
