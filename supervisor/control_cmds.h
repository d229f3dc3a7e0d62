/*
 * control_cmds.h: the verbs of the control protocol.
 */
#ifndef PSD_CONTROL_CMDS_H
#define PSD_CONTROL_CMDS_H

#include "proto.h"

struct conn;

/* Handle one decoded request; replies go to the connection's output. */
void	 control_cmd(struct conn *c, const struct proto_msg *m);

#endif
