/*
 * control_cmds.c: one handler per verb of the control protocol.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "control_cmds.h"
#include "control_logs.h"
#include "control_pool.h"
#include "loop.h"
#include "output.h"
#include "proctree.h"
#include "program.h"
#include "readiness.h"
#include "reap.h"
#include "reload.h"
#include "signame.h"
#include "sink.h"
#include "stats.h"
#include "supervise.h"
#include "util.h"
#include "xmalloc.h"

/* Add p to the list unless it is there already. */
static void
cmds_add(struct program ***v, int *n, struct program *p)
{
	int i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == p)
			return;
	*v = xreallocarray(*v, (size_t)*n + 1, sizeof **v);
	(*v)[(*n)++] = p;
}

/*
 * Resolve the request's names: "all", "web" (every instance of web),
 * "web:*", "web:2"; "x:*" also names every program called "x:..." (a
 * supervisord group).  Replies no-such-program and returns -1 on an unknown
 * name; with no names, empty_all selects every program.
 */
int
control_targets(struct conn *c, const struct proto_msg *m, bool empty_all,
    struct program ***out, int *n)
{
	struct program *p;
	const char *name;
	char base[256];
	int i = 0, j, found, named = 0;
	size_t len;

	*out = NULL;
	*n = 0;
	while ((name = proto_next_str(m, K_NAME, &i)) != NULL) {
		named++;
		found = 0;
		len = strlen(name);
		if (len > 2 && strcmp(name + len - 2, ":*") == 0 &&
		    len - 2 < sizeof base) {
			memcpy(base, name, len - 2);
			base[len - 2] = '\0';
		} else
			base[0] = '\0';
		for (j = 0; j < supervise_count(); j++) {
			p = supervise_at(j);
			if (strcmp(name, "all") == 0 ||
			    strcmp(program_name(p), name) == 0 ||
			    strcmp(p->conf->base, base[0] ? base : name) == 0 ||
			    (base[0] && strncmp(program_name(p), name,
			    len - 1) == 0)) {
				cmds_add(out, n, p);
				found++;
			}
		}
		if (found == 0) {
			conn_error(c, PROTO_E_NO_PROGRAM, name,
			    "no such program: %s", name);
			free(*out);
			*out = NULL;
			return -1;
		}
	}
	if (named == 0) {
		if (!empty_all) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL,
			    "name at least one program (or all)");
			return -1;
		}
		for (j = 0; j < supervise_count(); j++)
			cmds_add(out, n, supervise_at(j));
	}
	return 0;
}

/* Describe the last exit: "exit 3", "signal TERM", or "". */
static const char *
cmds_last_exit(const struct program *p, char *buf, size_t len)
{
	if (p->failure.stage != 0)
		snprintf(buf, len, "exit %d", p->exit_code);
	else if (p->has_exited)
		wait_status_str(p->last_status, buf, len);
	else
		return "";
	return buf;
}

/* One MSG_PROGRAM with everything psctl status shows. */
static void
cmds_put_program(struct proto_buf *out, const struct program *p)
{
	char buf[64];
	int64_t up = 0;

	if (pstate_active(p->ps.state) && p->ps.state != PS_BACKOFF &&
	    p->pid > 0)
		up = loop_update_now() - p->started;
	proto_begin(out, MSG_PROGRAM);
	proto_put_str(out, K_NAME, program_name(p));
	proto_put_str(out, K_STATE, pstate_name(p->ps.state));
	proto_put_int(out, K_PID, p->pid);
	proto_put_int(out, K_UPTIME_MS, up);
	proto_put_int(out, K_RESTARTS, p->restarts);
	proto_put_str(out, K_LAST_EXIT, cmds_last_exit(p, buf, sizeof buf));
	proto_put_int(out, K_EXIT_CODE, p->exit_code);
	proto_put_int(out, K_HAS_EXITED, p->has_exited || p->failure.stage);
	proto_put_int(out, K_DAEMON, p->conf->daemon);
	proto_put_int(out, K_ESSENTIAL, p->conf->essential);
	proto_put_int(out, K_AUTOSTART, p->conf->autostart);
	proto_put_int(out, K_INSTANCE, p->conf->instance);
	proto_put_int(out, K_ORPHANS_OF, (int64_t)p->orphans);
	proto_put_str(out, K_READY_KIND, ready_kind_name(p->conf->ready));
	if (p->reason[0] != '\0' && (p->ps.state == PS_FATAL ||
	    p->start_pending || p->ps.state == PS_BACKOFF))
		proto_put_str(out, K_REASON, p->reason);
	proto_put_str(out, K_COMMAND, p->conf->command);
	readiness_put_status(out, p);
	proto_end(out);
}

static void
cmd_status(struct conn *c, const struct proto_msg *m)
{
	struct program **v;
	int n, i;

	if (control_targets(c, m, true, &v, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		cmds_put_program(conn_out(c), v[i]);
	conn_end(c, n);
	free(v);
}

/* One MSG_RESULT for a program after a request. */
static void
cmds_put_result(struct conn *c, const struct program *p, const char *msg)
{
	struct proto_buf *out = conn_out(c);
	char buf[64];

	proto_begin(out, MSG_RESULT);
	proto_put_str(out, K_NAME, program_name(p));
	proto_put_str(out, K_STATE, pstate_name(p->ps.state));
	proto_put_int(out, K_PID, p->pid);
	proto_put_int(out, K_EXIT_CODE, p->exit_code);
	proto_put_int(out, K_HAS_EXITED, p->has_exited || p->failure.stage);
	proto_put_str(out, K_LAST_EXIT, cmds_last_exit(p, buf, sizeof buf));
	if (p->reason[0] != '\0')
		proto_put_str(out, K_REASON, p->reason);
	if (msg != NULL)
		proto_put_str(out, K_MESSAGE, msg);
	proto_end(out);
}

/* Is p done with the transition a pending request waits for? */
static bool
cmds_settled(const struct program *p, int kind)
{
	enum pstate s = p->ps.state;

	switch (kind) {
	case PEND_START:
	case PEND_RESTART:
		if (p->restart_pending || p->start_pending)
			return false;
		/* with a readiness check, started means ready */
		return (s == PS_RUNNING && p->conf->ready == READY_NONE) ||
		    s == PS_READY || s == PS_FATAL || s == PS_EXITED ||
		    s == PS_STOPPED;
	case PEND_STOP:
		return !pstate_active(s);
	case PEND_JOIN:
		return !pstate_active(s) && !p->start_pending &&
		    !p->restart_pending;
	}
	return true;
}

/* A pending request: reply once every target has settled. */
static bool
cmds_check(struct conn *c)
{
	struct program **v;
	int n, kind, i;

	v = conn_targets(c, &n, &kind);
	for (i = 0; i < n; i++)
		if (!cmds_settled(v[i], kind))
			return false;
	for (i = 0; i < n; i++)
		cmds_put_result(c, v[i], NULL);
	conn_end(c, n);
	return true;
}

/* Reply now, or wait until the targets settle. */
static void
cmds_maybe_wait(struct conn *c, struct program **v, int n, int kind,
    bool wait)
{
	int i;

	if (!wait) {
		for (i = 0; i < n; i++)
			cmds_put_result(c, v[i], NULL);
		conn_end(c, n);
		free(v);
		return;
	}
	conn_pend(c, v, n, kind, cmds_check);
	if (cmds_check(c))
		conn_pend(c, NULL, 0, 0, NULL);
}

static void
cmd_start_stop(struct conn *c, const struct proto_msg *m)
{
	struct program **v;
	int n, i, kind;
	bool wait = (proto_int_or(m, K_FLAGS, 0) & PROTO_FLAG_WAIT) != 0;

	if (supervise_shutting_down() && m->hdr.type != MSG_STOP) {
		conn_error(c, PROTO_E_SHUTTING_DOWN, NULL,
		    "psd is shutting down");
		return;
	}
	if (control_targets(c, m, false, &v, &n) < 0)
		return;
	for (i = 0; i < n; i++) {
		switch (m->hdr.type) {
		case MSG_START:
			supervise_start_program(v[i]);
			break;
		case MSG_STOP:
			supervise_stop_program(v[i]);
			break;
		default:
			supervise_restart_program(v[i]);
			break;
		}
	}
	kind = m->hdr.type == MSG_START ? PEND_START :
	    m->hdr.type == MSG_STOP ? PEND_STOP : PEND_RESTART;
	cmds_maybe_wait(c, v, n, kind, wait);
}

static void
cmd_signal(struct conn *c, const struct proto_msg *m)
{
	struct program **v;
	int64_t sig;
	int n, i;

	if (!proto_int(m, K_SIGNAL, &sig) || sig <= 0 || sig > SIGRTMAX) {
		conn_error(c, PROTO_E_BAD_SIGNAL, NULL, "no valid signal given");
		return;
	}
	if (control_targets(c, m, false, &v, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		cmds_put_result(c, v[i], program_signal(v[i], (int)sig) == 0 ?
		    "signalled" : "not running");
	conn_end(c, n);
	free(v);
}

static void
cmd_wait(struct conn *c, const struct proto_msg *m)
{
	struct program **v;
	int n;

	if (control_targets(c, m, false, &v, &n) < 0)
		return;
	cmds_maybe_wait(c, v, n, PEND_JOIN, true);
}

static void
cmd_stats(struct conn *c, const struct proto_msg *m)
{
	const struct reap_stats *rs = reap_stats();
	const struct stats *st = stats_get();
	struct proto_buf *out = conn_out(c);
	struct program *p;
	int i, running = 0, n = 0;

	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		running += p->ps.state == PS_RUNNING || p->ps.state == PS_READY;
	}
	proto_begin(out, MSG_STATS_REPLY);
	proto_put_int(out, K_PSD_PID, getpid());
	proto_put_int(out, K_UPTIME_MS, loop_update_now() - st->started);
	proto_put_int(out, K_PROGRAMS, supervise_count());
	proto_put_int(out, K_RUNNING, running);
	proto_put_int(out, K_REAPED, (int64_t)rs->reaped);
	proto_put_int(out, K_ORPHANS, (int64_t)rs->orphans);
	proto_put_int(out, K_ORPHANS_ATTRIBUTED,
	    (int64_t)st->orphans_attributed);
	/* a /proc scan: a client that counts them itself can skip it */
	if ((proto_int_or(m, K_FLAGS, 0) & PROTO_FLAG_NO_ZOMBIES) == 0)
		proto_put_int(out, K_ZOMBIES, proctree_zombies());
	proto_put_int(out, K_SPAWNS, (int64_t)st->spawns);
	proto_put_int(out, K_RESTARTS, (int64_t)st->restarts);
	proto_put_int(out, K_HOOKS, (int64_t)st->hooks);
	proto_put_int(out, K_CONNECTIONS, control_connections());
	proto_put_int(out, K_WAKEUPS, (int64_t)loop_wakeups());
	proto_put_int(out, K_OUTPUT_LINES, (int64_t)output_lines());
	proto_put_int(out, K_OUTPUT_BUFFERED,
	    (int64_t)(sink_pending(SINK_OUT) + sink_pending(SINK_ERR)));
	proto_put_int(out, K_SPAWN_FAILURES, (int64_t)st->spawn_failures);
	proto_put_int(out, K_CONTROL_REQUESTS, (int64_t)st->control_requests);
	proto_put_int(out, K_OUTPUT_BYTES, (int64_t)output_bytes());
	proto_put_int(out, K_OUTPUT_DROPPED_LINES,
	    (int64_t)output_dropped_lines());
	proto_put_int(out, K_OUTPUT_DROPPED_BYTES,
	    (int64_t)output_dropped_bytes());
	if (supervise_config()->path != NULL)
		proto_put_str(out, K_CONFIG, supervise_config()->path);
	proto_end(out);
	/* Orphans by program, where attributed. */
	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		if (p->orphans == 0)
			continue;
		proto_begin(out, MSG_PROGRAM);
		proto_put_str(out, K_NAME, program_name(p));
		proto_put_int(out, K_ORPHANS_OF, (int64_t)p->orphans);
		proto_end(out);
		n++;
	}
	conn_end(c, n);
}

static void
cmd_tree(struct conn *c, const struct proto_msg *m)
{
	(void)m;
	proctree_send(conn_out(c));
}

static void
cmd_ready(struct conn *c, const struct proto_msg *m)
{
	struct proto_buf *out = conn_out(c);
	char why[256];
	bool ready;

	(void)m;
	ready = supervise_ready(why, sizeof why);
	proto_begin(out, MSG_READY_REPLY);
	proto_put_int(out, K_READY, ready);
	if (!ready)
		proto_put_str(out, K_MESSAGE, why);
	proto_end(out);
}

static void
cmd_version(struct conn *c, const struct proto_msg *m)
{
	struct proto_buf *out = conn_out(c);

	(void)m;
	proto_begin(out, MSG_VERSION_REPLY);
	proto_put_str(out, K_VERSION, PACKAGE_VERSION);
	proto_put_int(out, K_PROTOCOL, PROTO_VERSION);
	proto_put_int(out, K_PSD_PID, getpid());
	proto_end(out);
}

static void
cmd_ping(struct conn *c, const struct proto_msg *m)
{
	(void)m;
	conn_ok(c, "pong");
}

static void
cmd_shutdown(struct conn *c, const struct proto_msg *m)
{
	(void)m;
	conn_ok(c, "shutting down");
	/* The connection stays open: psctl sees EOF when psd is gone. */
	supervise_shutdown("psctl shutdown");
}

static void
cmd_reload(struct conn *c, const struct proto_msg *m)
{
	(void)m;
	reload_request(c);
}

static void
cmd_reload_check(struct conn *c, const struct proto_msg *m)
{
	(void)m;
	reload_check_request(c);
}

static void
cmd_clear(struct conn *c, const struct proto_msg *m)
{
	struct program **v;
	int n, i;

	if (control_targets(c, m, false, &v, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		cmds_put_result(c, v[i], output_clear(&v[i]->out) == 0 ? "cleared" :
		    "cleared; a log file could not be emptied");
	conn_end(c, n);
	free(v);
}

static const struct {
	uint16_t	 type;
	bool		 writes;	/* mutating: full access only */
	void		(*fn)(struct conn *, const struct proto_msg *);
} cmds[] = {
	{ MSG_PING,		false,	cmd_ping },
	{ MSG_STATUS,		false,	cmd_status },
	{ MSG_START,		true,	cmd_start_stop },
	{ MSG_STOP,		true,	cmd_start_stop },
	{ MSG_RESTART,		true,	cmd_start_stop },
	{ MSG_SIGNAL,		true,	cmd_signal },
	{ MSG_WAIT,		false,	cmd_wait },
	{ MSG_STATS,		false,	cmd_stats },
	{ MSG_TREE,		false,	cmd_tree },
	{ MSG_READY,		false,	cmd_ready },
	{ MSG_RELOAD,		true,	cmd_reload },
	{ MSG_SHUTDOWN,		true,	cmd_shutdown },
	{ MSG_GET_VERSION,	false,	cmd_version },
	{ MSG_LOGS,		false,	control_logs_request },
	{ MSG_RELOAD_CHECK,	false,	cmd_reload_check },
	{ MSG_CLEAR,		true,	cmd_clear },
	{ MSG_JOB_SUBMIT,	true,	control_pool_submit },
	{ MSG_JOB_WAIT,		false,	control_pool_wait },
	{ MSG_JOB_RESULT,	false,	control_pool_result },
	{ MSG_JOBS,		false,	control_pool_jobs },
	{ MSG_JOB_CANCEL,	true,	control_pool_cancel },
	{ MSG_POOL_CLOSE,	true,	control_pool_close },
	{ MSG_POOL_JOIN,	false,	control_pool_join },
	{ MSG_POOL_TERMINATE,	true,	control_pool_terminate },
};

void
control_cmd(struct conn *c, const struct proto_msg *m)
{
	size_t i;

	for (i = 0; i < nitems(cmds); i++) {
		if (cmds[i].type != m->hdr.type)
			continue;
		if (cmds[i].writes && !conn_may_write(c)) {
			conn_error(c, PROTO_E_DENIED, NULL, "permission denied:"
			    " %s needs psd's user, root, or the socket group",
			    proto_type_name(m->hdr.type));
			return;
		}
		stats_get()->control_requests++;
		cmds[i].fn(c, m);
		return;
	}
	conn_error(c, PROTO_E_BAD_REQUEST, NULL, "unknown request type %u",
	    m->hdr.type);
	conn_finish(c);
}
