/*
 * control_sockets.h: what psctl sees of the sockets psd holds.
 */
#ifndef PSD_CONTROL_SOCKETS_H
#define PSD_CONTROL_SOCKETS_H

#include <stddef.h>

#include "program.h"
#include "proto.h"

/*
 * MSG_SOCKETS: one MSG_SOCKET per socket, one MSG_CONN per instance, into
 * out; returns how many (the caller ends the list).
 */
int	 control_sockets_put(struct proto_buf *out);
/*
 * For psctl status: a program waiting for connections shows as
 * LISTENING (NULL: its own state); info gets its counts.
 */
const char *control_sockets_state(const struct program *p);
void	 control_sockets_info(const struct program *p, char *buf, size_t len);
/* A MSG_PROGRAM per running instance of p (accept = true); the count. */
int	 control_sockets_put_instances(struct proto_buf *out,
	    const struct program *p);

#endif
