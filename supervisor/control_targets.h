/*
 * control_targets.h: the programs a control request names (the verbs of
 * control_cmds.c and control_logs.c share it).
 */
#ifndef PSD_CONTROL_TARGETS_H
#define PSD_CONTROL_TARGETS_H

#include <stdbool.h>

#include "proto.h"

struct conn;
struct program;

/*
 * The programs a request names ("all", "web", "web:*", "web:2"); with no
 * name, every program if empty_all.  -1 after an error reply.
 */
int	 control_targets(struct conn *c, const struct proto_msg *m,
	    bool empty_all, struct program ***out, int *n);

#endif
