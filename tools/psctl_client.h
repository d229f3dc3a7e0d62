/*
 * psctl_client.h: psctl's side of the control socket.
 */
#ifndef PSCTL_CLIENT_H
#define PSCTL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

struct client {
	int			 fd;
	int			 error;		/* errno of a failed connect/send */
	bool			 timed_out;	/* the last recv gave up */
	uint8_t			*buf;
	size_t			 off, len, cap;	/* unread bytes: buf[off..len) */
	size_t			 used;		/* size of the message handed out */
	struct proto_field	 fields[PROTO_MAX_FIELDS];
	uint8_t			*payload;	/* of the last message */
};

/* Connect within timeout_ms; 0, or -1 with err set. */
int	 client_connect(struct client *c, const char *path, int64_t timeout_ms,
	    char *err, size_t errlen);
void	 client_close(struct client *c);
int	 client_send(struct client *c, const struct proto_buf *b, char *err,
	    size_t errlen);
/*
 * Receive one message (valid until the next call).  1: got it; 0: psd
 * closed the connection; -1: error or timeout (deadline: monotonic ms,
 * -1 for none), err set.
 */
int	 client_recv(struct client *c, struct proto_msg *m, int64_t deadline,
	    char *err, size_t errlen);

#endif
