/*
 * control_events.c: the EVENTS verb: program and orphan events, kept in
 * a small ring and pushed to followers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "control_cmds.h"
#include "control_events.h"
#include "control_targets.h"
#include "orphans.h"
#include "program.h"
#include "util.h"
#include "xmalloc.h"

enum { EV_STARTED, EV_READY, EV_EXITED, EV_BACKOFF, EV_FATAL, EV_STOPPED,
    EV_ORPHAN };

struct event {
	uint64_t	 seq;
	int64_t		 time_ms;
	int		 kind;		/* index in proto_event_kinds */
	pid_t		 pid;		/* 0: none */
	bool		 has_status;
	int		 status;	/* wait status */
	int64_t		 delay_ms;	/* backoff, else -1 */
	char		 name[128];	/* program; "" for an orphan of none */
	char		 msg[128];
};

/* A follower's filter; names are NUL-separated after the struct. */
struct events_follow {
	uint32_t	 kinds;		/* bit per kind; 0: every kind */
	int		 nnames;	/* 0: every program */
	uint64_t	 lost;		/* events not sent since the last one */
	char		 names[];
};

static struct event	 ring[EVENTS_KEPT];
static uint64_t		 next_seq = 1;

/* Does program name match a filter name (web, web:2, web:*, all)? */
static bool
events_name_match(const char *filter, const char *name)
{
	size_t n = strlen(filter);

	if (strcmp(filter, "all") == 0 || strcmp(filter, name) == 0)
		return true;
	if (n >= 2 && strcmp(filter + n - 2, ":*") == 0)
		n -= 2;
	return strncmp(filter, name, n) == 0 && name[n] == ':';
}

static bool
events_match(const struct events_follow *f, const struct event *e)
{
	const char *s = f->names;
	int i;

	if (f->kinds != 0 && (f->kinds & (1u << e->kind)) == 0)
		return false;
	if (f->nnames == 0)
		return true;
	for (i = 0; i < f->nnames; i++, s += strlen(s) + 1)
		if (events_name_match(s, e->name))
			return true;
	return false;
}

/* One MSG_EVENT. */
static void
events_put(struct proto_buf *out, const struct event *e, uint64_t lost)
{
	char buf[64];

	proto_begin(out, MSG_EVENT);
	proto_put_int(out, K_SEQ, (int64_t)e->seq);
	proto_put_int(out, K_TIME_MS, e->time_ms);
	proto_put_str(out, K_EVENT, proto_event_kinds[e->kind]);
	proto_put_str(out, K_NAME, e->name);
	if (e->pid > 0)
		proto_put_int(out, K_PID, e->pid);
	if (e->has_status) {
		proto_put_int(out, K_EXIT_CODE, wait_status_code(e->status));
		proto_put_str(out, K_LAST_EXIT,
		    wait_status_str(e->status, buf, sizeof buf));
	}
	if (e->delay_ms >= 0)
		proto_put_int(out, K_DELAY_MS, e->delay_ms);
	if (e->msg[0] != '\0')
		proto_put_str(out, K_MESSAGE, e->msg);
	if (lost > 0)
		proto_put_int(out, K_EVENTS_LOST, (int64_t)lost);
	proto_end(out);
}

/* Send a new event to one follower whose filter takes it. */
static void
events_deliver(struct conn *c, void *arg)
{
	const struct event *e = arg;
	struct events_follow *f = conn_data(c);

	if (f == NULL || !events_match(f, e))
		return;
	if (conn_out_pending(c) > EVENTS_MAX_BACKLOG) {
		f->lost++;
		return;
	}
	events_put(conn_out(c), e, f->lost);
	f->lost = 0;
	conn_kick(c);
}

/* Record an event and push it to the followers. */
static void
events_add(int kind, const char *name, pid_t pid, const int *status,
    int64_t delay_ms, const char *msg)
{
	struct event *e = &ring[next_seq % EVENTS_KEPT];

	memset(e, 0, sizeof *e);
	e->seq = next_seq++;
	e->time_ms = wallclock_ms();
	e->kind = kind;
	e->pid = pid;
	if (status != NULL) {
		e->has_status = true;
		e->status = *status;
	}
	e->delay_ms = delay_ms;
	snprintf(e->name, sizeof e->name, "%s", name);
	if (msg != NULL)
		snprintf(e->msg, sizeof e->msg, "%s", msg);
	conn_foreach_pending(PEND_EVENTS, events_deliver, e);
}

/* A program changed state: the changes a person watches for. */
static void
events_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = p->ps.state;
	const char *name = program_name(p);
	bool ran;

	if (now == old)
		return;
	ran = old == PS_STARTING || old == PS_RUNNING || old == PS_READY ||
	    old == PS_STOPPING;
	switch (now) {
	case PS_STARTING:
		if (p->pid > 0)
			events_add(EV_STARTED, name, p->pid, NULL, -1, NULL);
		break;
	case PS_READY:
		events_add(EV_READY, name, p->pid, NULL, -1, NULL);
		break;
	case PS_STOPPED:
		if (old == PS_STOPPING)
			events_add(EV_STOPPED, name, 0, p->has_exited ?
			    &p->last_status : NULL, -1, NULL);
		break;
	case PS_BACKOFF:
	case PS_EXITED:
	case PS_FATAL:
		if (ran && p->has_exited && p->failure.stage == 0 &&
		    p->ps.spawn_fails == 0)
			events_add(EV_EXITED, name, 0, &p->last_status, -1,
			    NULL);
		if (now == PS_BACKOFF)
			events_add(EV_BACKOFF, name, 0, NULL, r->delay,
			    p->reason[0] != '\0' ? p->reason : NULL);
		else if (now == PS_FATAL)
			events_add(EV_FATAL, name, 0, NULL, -1, p->reason);
		break;
	default:
		break;
	}
}

static void
events_orphan(pid_t pid, int status, struct program *owner)
{
	events_add(EV_ORPHAN, owner != NULL ? program_name(owner) : "", pid,
	    &status, -1, NULL);
}

/* Followers never finish on a change: they end when the client goes. */
static bool
events_check(struct conn *c)
{
	(void)c;
	return false;
}

void
control_events_request(struct conn *c, const struct proto_msg *m)
{
	int64_t flags = proto_int_or(m, K_FLAGS, 0), since = -1, sent = 0;
	struct events_follow *f;
	struct program **v = NULL;
	const struct event *e;
	const char *s;
	size_t len = 0;
	uint64_t seq;
	int i, n;
	char *d;

	for (i = 0; (s = proto_next_str(m, K_EVENT, &i)) != NULL;)
		if (proto_event_kind(s) < 0) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL, "unknown event"
			    " kind \"%s\" (started, ready, exited, backoff,"
			    " fatal, stopped, orphan)", s);
			return;
		}
	/* names are checked as other verbs check them, kept as words */
	if (proto_str(m, K_NAME) != NULL) {
		if (control_targets(c, m, false, &v, &n) < 0)
			return;
		free(v);
	}
	for (i = 0; (s = proto_next_str(m, K_NAME, &i)) != NULL;)
		len += strlen(s) + 1;
	f = xcalloc(1, sizeof *f + len + 1);
	d = f->names;
	for (i = 0; (s = proto_next_str(m, K_NAME, &i)) != NULL; f->nnames++) {
		memcpy(d, s, strlen(s) + 1);
		d += strlen(s) + 1;
	}
	for (i = 0; (s = proto_next_str(m, K_EVENT, &i)) != NULL;)
		f->kinds |= 1u << proto_event_kind(s);
	(void)proto_int(m, K_SINCE_MS, &since);
	if (since >= 0 || !(flags & PROTO_FLAG_FOLLOW)) {
		seq = next_seq > EVENTS_KEPT ? next_seq - EVENTS_KEPT : 1;
		for (; seq < next_seq; seq++) {
			e = &ring[seq % EVENTS_KEPT];
			if (e->time_ms >= since && events_match(f, e)) {
				events_put(conn_out(c), e, 0);
				sent++;
			}
		}
	}
	if (!(flags & PROTO_FLAG_FOLLOW)) {
		conn_end(c, sent);
		free(f);
		return;
	}
	conn_set_data(c, f);
	conn_pend(c, NULL, 0, PEND_EVENTS, events_check);
}

static const struct program_observer events_observer = {
	.changed = events_changed,
};

void
control_events_init(void)
{
	program_observe(&events_observer);
	orphans_observe(events_orphan);
	control_cmd_register(MSG_EVENTS, false, control_events_request);
}
