/*
 * control_pool.h: the control verbs of the pools (submit, wait, result,
 * jobs, cancel, close, join, terminate) and the news pushed to the
 * connections that submitted or wait.
 */
#ifndef PSD_CONTROL_POOL_H
#define PSD_CONTROL_POOL_H

#include "proto.h"

struct conn;

/* Listen to pool_run.c (from wiring). */
void	 control_pool_init(void);

void	 control_pool_submit(struct conn *c, const struct proto_msg *m);
void	 control_pool_wait(struct conn *c, const struct proto_msg *m);
void	 control_pool_result(struct conn *c, const struct proto_msg *m);
void	 control_pool_jobs(struct conn *c, const struct proto_msg *m);
void	 control_pool_cancel(struct conn *c, const struct proto_msg *m);
void	 control_pool_close(struct conn *c, const struct proto_msg *m);
void	 control_pool_join(struct conn *c, const struct proto_msg *m);
void	 control_pool_terminate(struct conn *c, const struct proto_msg *m);

#endif
