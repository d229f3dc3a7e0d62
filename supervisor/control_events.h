/*
 * control_events.h: psctl events and top's event pane: what happens to
 * the programs, pushed to the connections that subscribed.
 *
 * An EVENTS request names programs (none: all) and event kinds (none:
 * all).  psd replies with the events it still keeps (the last
 * EVENTS_KEPT) newer than K_SINCE_MS, if given, then MSG_END; with
 * PROTO_FLAG_FOLLOW the connection then stays open and gets every new
 * event as it happens.  Nothing is polled: an event is built when a
 * program changes state or an orphan is reaped, whoever listens, and
 * costs a copy into a small ring; with no follower nothing more happens.
 * A follower that does not read loses events (psd is never slowed) and
 * is told how many with the next one (K_EVENTS_LOST).
 */
#ifndef PSD_CONTROL_EVENTS_H
#define PSD_CONTROL_EVENTS_H

#include "proto.h"

struct conn;

#define EVENTS_KEPT		256
#define EVENTS_MAX_BACKLOG	(256 * 1024)

void	 control_events_request(struct conn *c, const struct proto_msg *m);
/* Register with program.c and orphans.c (wiring.c). */
void	 control_events_init(void);

#endif
