/*
 * control_logs.h: psctl logs: the lines in programs' rings, and -f.
 *
 * A LOGS request gets the last K_LINES lines (all the rings hold by
 * default) of the named programs, newer than K_SINCE_MS, merged in the
 * order psd read them, one MSG_LOG each, then MSG_END with the count.
 * With PROTO_FLAG_FOLLOW the connection then stays open and gets every
 * new line as it is read; with PROTO_FLAG_UNTIL_EXIT it ends (MSG_END)
 * once every named program has ended for good.  A follower that does not
 * keep up loses lines (never the programs: they are not slowed down for
 * a psctl) and is told how many.  When psd exits normally, each follower
 * gets MSG_BYE before the connection closes, so psctl can tell a
 * shutdown from a crash.
 */
#ifndef PSD_CONTROL_LOGS_H
#define PSD_CONTROL_LOGS_H

#include "logring.h"
#include "proto.h"

struct conn;
struct program;

/* Most bytes of history one reply carries (older lines are left out). */
#define LOGS_MAX_HISTORY	(4 * 1024 * 1024)
/* A follower further behind than this loses lines. */
#define LOGS_MAX_BACKLOG	(1024 * 1024)

void	 control_logs_request(struct conn *c, const struct proto_msg *m);
/* Hear of every line read from the programs' output (for -f). */
void	 control_logs_init(void);

#endif
