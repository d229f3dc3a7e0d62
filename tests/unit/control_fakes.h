/*
 * control_fakes.h: the fakes test_control_cmds.c drives control_cmds.c with.
 */
#ifndef PSD_CONTROL_FAKES_H
#define PSD_CONTROL_FAKES_H

#include <stdbool.h>

#include "control.h"
#include "program.h"
#include "proto.h"

#define FAKE_MAX_PROGS	8

/* A connection as control.c keeps one, as far as the verbs can see. */
struct conn {
	struct proto_buf	 out;		/* reply bytes */
	bool			 may_write;
	bool			 finished;	/* conn_finish() */
	struct program		**targets;	/* conn_pend() */
	int			 ntargets;
	int			 kind;
	conn_check_fn		 check;
};

extern struct program	*fake_progs[FAKE_MAX_PROGS];
extern int		 fake_nprogs;
extern bool		 fake_shutting_down;
extern char		 fake_trace[1024];	/* "start web, signal db 15" */

#endif
