/*
 * control_cmds.h: the verbs of the control protocol.
 */
#ifndef PSD_CONTROL_CMDS_H
#define PSD_CONTROL_CMDS_H

#include <stdbool.h>

#include "proto.h"

struct conn;
struct program;

typedef void (*control_verb_fn)(struct conn *, const struct proto_msg *);
/*
 * A verb that lives in its own file and registers itself, so that this
 * file never names it (control_events.c, control_pool.c).
 */
void	 control_cmd_register(uint16_t type, bool writes, control_verb_fn fn);

/* Handle one decoded request; replies go to the connection's output.
 * (wiring.c hands it to control_on_request.) */
void	 control_cmd(struct conn *c, const struct proto_msg *m);

#endif
