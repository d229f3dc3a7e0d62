/*
 * test_control_cmds.c: the control verbs, request bytes in, reply bytes out.
 *
 * control_cmds.c and policy.c are linked with fakes of the connection and
 * of what lies below the verbs (control_fakes.c).  Each case packs a
 * request as psctl does, hands the decoded message to control_cmd(), and
 * reads back the bytes the connection would send: exact bytes where the
 * shape is fixed, decoded fields (through progstatus_unpack, as psctl
 * reads them) otherwise.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "control_cmds.h"
#include "control_fakes.h"
#include "program.h"
#include "progstatus.h"
#include "tap.h"

static struct proto_field fields[PROTO_MAX_FIELDS];
static struct proto_field rfields[PROTO_MAX_FIELDS];

/* A program of the fake roster, in a given state. */
static struct program *
prog(const char *name, enum pstate st, pid_t pid)
{
	char *argv[] = { "sleep", "9", NULL };
	struct program *p = calloc(1, sizeof *p);

	p->conf = progconf_new(name, argv);
	p->ps.state = st;
	p->pid = pid;
	fake_progs[fake_nprogs++] = p;
	return p;
}

/* Send one request (names may be NULL) on c; replies land in c->out. */
static void
request(struct conn *c, uint16_t type, const char *const *names,
    int64_t sig, int64_t flags)
{
	struct proto_buf b = { 0 };
	struct proto_hdr h;
	struct proto_msg m;
	const char *why;

	proto_begin(&b, type);
	for (; names != NULL && *names != NULL; names++)
		proto_put_str(&b, K_NAME, *names);
	if (sig != 0)
		proto_put_int(&b, K_SIGNAL, sig);
	if (flags != 0)
		proto_put_int(&b, K_FLAGS, flags);
	proto_end(&b);
	if (proto_header(b.data, b.len, PROTO_MAX_REQUEST, &h) != 1 ||
	    proto_decode(b.data + PROTO_HEADER_SIZE, h.length, fields,
	    PROTO_MAX_FIELDS, &m, &why) < 0) {
		diag("request does not decode");
		exit(99);
	}
	m.hdr = h;
	fake_trace[0] = '\0';
	proto_buf_free(&c->out);
	control_cmd(c, &m);
	proto_buf_free(&b);
}

/* The reply message at *off in c->out; false at the end. */
static bool
reply(struct conn *c, size_t *off, struct proto_msg *m)
{
	struct proto_hdr h;
	const char *why;

	if (*off >= c->out.len)
		return false;
	if (proto_header(c->out.data + *off, c->out.len - *off,
	    PROTO_MAX_MESSAGE, &h) != 1 ||
	    proto_decode(c->out.data + *off + PROTO_HEADER_SIZE, h.length,
	    rfields, PROTO_MAX_FIELDS, m, &why) < 0) {
		diag("reply does not decode at %zu", *off);
		return false;
	}
	m->hdr = h;
	*off += PROTO_HEADER_SIZE + h.length;
	return true;
}

/* The one error reply a refused request gets. */
static void
is_error(struct conn *c, const char *code, const char *name)
{
	struct proto_msg m;
	size_t off = 0;

	ok(reply(c, &off, &m) && m.hdr.type == MSG_ERROR, "%s: MSG_ERROR",
	    name);
	is_str(proto_str(&m, K_ERROR), code, "%s: error word", name);
	ok(off == c->out.len, "%s: nothing else", name);
}

int
main(void)
{
	/* PING's reply, byte for byte: header, then K_MESSAGE "pong" */
	static const unsigned char pong[] = {
		1, 0, 3, 0, 9, 0, 0, 0,
		3, 0, 5, 0, 'p', 'o', 'n', 'g', 0,
	};
	static const char *const web[] = { "web", NULL };
	static const char *const both[] = { "web", "db", NULL };
	static const char *const nosuch[] = { "nosuch", NULL };
	static const char *const pool[] = { "worker:*", NULL };
	struct conn rw = { .may_write = true }, ro = { .may_write = false };
	struct progstatus s;
	struct proto_msg m;
	struct program *w;
	size_t off;
	int n;

	w = prog("web", PS_RUNNING, 4242);
	w->started = 2000;
	w->restarts = 3;
	prog("db", PS_STOPPED, 0);
	prog("worker:0", PS_FATAL, 0);
	snprintf(fake_progs[2]->reason, sizeof fake_progs[2]->reason,
	    "exec x: No such file or directory");

	request(&ro, MSG_PING, NULL, 0, 0);
	ok(ro.out.len == sizeof pong && memcmp(ro.out.data, pong,
	    sizeof pong) == 0, "ping: MSG_OK \"pong\", byte for byte");

	/* status: one MSG_PROGRAM each, then END with the count */
	request(&ro, MSG_STATUS, NULL, 0, 0);
	off = 0;
	n = 0;
	while (reply(&ro, &off, &m) && m.hdr.type == MSG_PROGRAM) {
		progstatus_unpack(&m, &s);
		if (n == 0) {
			is_str(s.name, "web", "status: web first");
			ok(s.state == PS_RUNNING, "status: web RUNNING");
			is_int(s.pid, 4242, "status: web's pid");
			is_int(s.uptime_ms, 3000, "status: its uptime");
			is_int(s.restarts, 3, "status: its restarts");
			ok(!s.has_exited, "status: it never exited");
			is_str(s.command, "sleep 9", "status: its command");
		} else if (n == 2) {
			ok(s.state == PS_FATAL, "status: worker:0 FATAL");
			is_str(s.reason, "exec x: No such file or directory",
			    "status: ... with its reason");
		}
		n++;
	}
	is_int(n, 3, "status: three programs");
	ok(m.hdr.type == MSG_END && proto_int_or(&m, K_COUNT, -1) == 3,
	    "status: END with count 3");
	ok(off == ro.out.len, "status: nothing after END");

	request(&ro, MSG_STATUS, nosuch, 0, 0);
	is_error(&ro, PROTO_E_NO_PROGRAM, "status nosuch");

	/* verbs that change things need full access */
	request(&ro, MSG_START, web, 0, 0);
	is_error(&ro, PROTO_E_DENIED, "start, read-only");
	is_str(fake_trace, "", "start, read-only: nothing started");

	request(&rw, MSG_START, both, 0, 0);
	is_str(fake_trace, "start web, start db", "start web db: both asked");
	off = 0;
	ok(reply(&rw, &off, &m) && m.hdr.type == MSG_RESULT, "start: RESULT");
	progstatus_unpack(&m, &s);
	is_str(s.name, "web", "start: web's result first");
	ok(s.result == PROTO_R_DONE && s.message == NULL,
	    "start: result DONE, no message");
	ok(reply(&rw, &off, &m) && m.hdr.type == MSG_RESULT, "start: db");
	ok(reply(&rw, &off, &m) && m.hdr.type == MSG_END &&
	    proto_int_or(&m, K_COUNT, -1) == 2, "start: END 2");

	request(&rw, MSG_STOP, pool, 0, 0);
	is_str(fake_trace, "stop worker:0", "stop worker:*: the pool");

	/* signal: a numeric result says whether there was anyone to hit */
	request(&rw, MSG_SIGNAL, both, SIGHUP, 0);
	is_str(fake_trace, "signal web 1", "signal: only web runs");
	off = 0;
	reply(&rw, &off, &m);
	progstatus_unpack(&m, &s);
	ok(s.result == PROTO_R_SIGNALLED, "signal: web SIGNALLED");
	is_str(s.message, "signalled", "signal: ... in words");
	reply(&rw, &off, &m);
	progstatus_unpack(&m, &s);
	ok(s.result == PROTO_R_NOT_RUNNING, "signal: db NOT_RUNNING");
	ok(s.state == PS_STOPPED, "signal: db's state STOPPED");

	request(&rw, MSG_SIGNAL, web, 0, 0);
	is_error(&rw, PROTO_E_BAD_SIGNAL, "signal without one");
	request(&rw, MSG_SIGNAL, web, SIGRTMAX + 1, 0);
	is_error(&rw, PROTO_E_BAD_SIGNAL, "signal out of range");

	request(&rw, MSG_START, NULL, 0, 0);
	is_error(&rw, PROTO_E_BAD_REQUEST, "start without a name");

	fake_shutting_down = true;
	request(&rw, MSG_START, web, 0, 0);
	is_error(&rw, PROTO_E_SHUTTING_DOWN, "start while shutting down");
	request(&rw, MSG_STOP, web, 0, 0);
	is_str(fake_trace, "stop web", "stop while shutting down: done");
	fake_shutting_down = false;

	/* stop --wait on a running program: no reply until it settles */
	request(&rw, MSG_STOP, web, 0, PROTO_FLAG_WAIT);
	is_int(rw.out.len, 0, "stop --wait: no reply yet");
	ok(rw.check != NULL && rw.ntargets == 1, "stop --wait: pending");
	w->ps.state = PS_STOPPED;
	w->pid = 0;
	ok(rw.check(&rw), "stop --wait: settled once STOPPED");
	off = 0;
	ok(reply(&rw, &off, &m) && m.hdr.type == MSG_RESULT,
	    "stop --wait: its RESULT");
	progstatus_unpack(&m, &s);
	ok(s.state == PS_STOPPED, "stop --wait: STOPPED");
	free(rw.targets);
	rw.targets = NULL;

	request(&rw, 999, NULL, 0, 0);
	is_error(&rw, PROTO_E_BAD_REQUEST, "an unknown request type");
	ok(rw.finished, "an unknown request type: the connection ends");

	proto_buf_free(&rw.out);
	proto_buf_free(&ro.out);
	for (n = 0; n < fake_nprogs; n++) {
		progconf_free(fake_progs[n]->conf);
		free(fake_progs[n]);
	}
	return done_testing();
}
