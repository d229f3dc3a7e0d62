/*
 * control_cmds.h: the verbs of the control protocol.
 */
#ifndef PSD_CONTROL_CMDS_H
#define PSD_CONTROL_CMDS_H

#include <stdbool.h>

#include "proto.h"

struct conn;
struct program;

/* Handle one decoded request; replies go to the connection's output.
 * (wiring.c hands it to control_on_request.) */
void	 control_cmd(struct conn *c, const struct proto_msg *m);

#endif
