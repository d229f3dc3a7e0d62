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
    PEND_EVENTS };

typedef void (*control_verb_fn)(struct conn *, const struct proto_msg *);
/*
 * A verb that lives in its own file and registers itself, so that this
 * file never names it (control_events.c).
 */
void	 control_cmd_register(uint16_t type, bool writes, control_verb_fn fn);

/* Handle one decoded request; replies go to the connection's output. */
void	 control_cmd(struct conn *c, const struct proto_msg *m);
/*
 * The programs a request names ("all", "web", "web:*", "web:2"); with no
 * name, every program if empty_all.  -1 after an error reply.
 */
int	 control_targets(struct conn *c, const struct proto_msg *m,
	    bool empty_all, struct program ***out, int *n);

#endif
