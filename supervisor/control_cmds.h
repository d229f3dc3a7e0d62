/*
 * control_cmds.h: the verbs of the control protocol.
 */
#ifndef PSD_CONTROL_CMDS_H
#define PSD_CONTROL_CMDS_H

#include <stdbool.h>

#include "proto.h"

struct conn;
struct program;

/* What a connection waits for (conn_pend kinds). */
enum { PEND_START = 1, PEND_STOP, PEND_RESTART, PEND_JOIN, PEND_FOLLOW,
    PEND_POOL };

/* Handle one decoded request; replies go to the connection's output. */
void	 control_cmd(struct conn *c, const struct proto_msg *m);
/*
 * The programs a request names ("all", "web", "web:*", "web:2"); with no
 * name, every program if empty_all.  -1 after an error reply.
 */
int	 control_targets(struct conn *c, const struct proto_msg *m,
	    bool empty_all, struct program ***out, int *n);

#endif
