/*
 * test_notify.c: the sd_notify datagram parser, and ready = log:REGEX.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "loop.h"
#include "notify_msg.h"
#include "output.h"
#include "program.h"
#include "readiness.h"
#include "tap.h"
#include "xmalloc.h"

/* Parse a C string (its length without the NUL). */
static int
parse(const char *s, struct notify_msg *m)
{
	const char *why = NULL;

	return notify_msg_parse(s, strlen(s), m, &why);
}

static void
test_lines(void)
{
	struct notify_msg m;

	is_int(parse("READY=1", &m), 0, "READY=1 alone");
	is_int(m.flags, NOTIFY_READY, "READY=1: the ready flag");
	is_int(m.nlines, 1, "one line");

	parse("READY=1\nSTATUS=Accepting connections\n", &m);
	ok(m.flags == (NOTIFY_READY | NOTIFY_STATUS), "two lines with a trailing newline");
	is_str(m.status, "Accepting connections", "STATUS= text");

	parse("STATUS=one\nMAINPID=4242\nWATCHDOG=1\nERRNO=2\n"
	    "EXTEND_TIMEOUT_USEC=5000000\nRELOADING=1\nSTOPPING=1\nBARRIER=1",
	    &m);
	is_int(m.nlines, 8, "eight lines, no trailing newline");
	ok((m.flags & (NOTIFY_MAINPID | NOTIFY_WATCHDOG | NOTIFY_ERRNO |
	    NOTIFY_EXTEND | NOTIFY_RELOADING | NOTIFY_STOPPING |
	    NOTIFY_BARRIER | NOTIFY_STATUS)) == (NOTIFY_MAINPID |
	    NOTIFY_WATCHDOG | NOTIFY_ERRNO | NOTIFY_EXTEND | NOTIFY_RELOADING |
	    NOTIFY_STOPPING | NOTIFY_BARRIER | NOTIFY_STATUS),
	    "every key recognised");
	ok(!(m.flags & NOTIFY_READY), "... and READY is not among them");
	is_int(m.mainpid, 4242, "MAINPID value");
	is_int(m.errnum, 2, "ERRNO value");
	ok(m.extend_usec == 5000000, "EXTEND_TIMEOUT_USEC value");
	is_int(m.nbad, 0, "nothing malformed");

	parse("WATCHDOG=trigger", &m);
	is_int(m.flags, NOTIFY_WATCHDOG_TRIGGER, "WATCHDOG=trigger");

	parse("STATUS=first\nSTATUS=second", &m);
	is_str(m.status, "second", "a repeated key: the last one wins");

	parse("STATUS=", &m);
	ok((m.flags & NOTIFY_STATUS) && m.status[0] == '\0',
	    "STATUS= empty clears the text");

	parse("\n\nREADY=1\n\n", &m);
	ok(m.flags == NOTIFY_READY && m.nlines == 1, "empty lines are skipped");

	parse("", &m);
	ok(m.flags == 0 && m.nlines == 0, "an empty datagram says nothing");

	parse("FDSTORE=1\nX_CUSTOM=yes\nREADY=1", &m);
	is_int(m.nunknown, 2, "unknown keys are counted and skipped");
	is_int(m.flags, NOTIFY_READY, "... and the known one still counts");

	parse("STATUS=tab\there\x1b[31mred", &m);
	is_str(m.status, "tab?here?[31mred",
	    "control characters in STATUS= are made harmless");
}

static void
test_garbage(void)
{
	struct notify_msg m;
	const char *why = NULL;
	char big[NOTIFY_MSG_MAX + 100];
	int i;

	parse("READY=2\nREADY=yes\nready=1\n=1\nREADY\nWATCHDOG=2", &m);
	is_int(m.flags, 0, "bad values and bad keys set nothing");
	is_int(m.nbad, 6, "... and are all counted as malformed");

	parse("MAINPID=0\nMAINPID=-5\nMAINPID=12x\nMAINPID= 7\n"
	    "MAINPID=99999999999999999999", &m);
	ok(!(m.flags & NOTIFY_MAINPID) && m.nbad == 5,
	    "MAINPID must be a positive number that fits");
	parse("ERRNO=abc\nEXTEND_TIMEOUT_USEC=18446744073709551616", &m);
	ok(m.flags == 0 && m.nbad == 2, "ERRNO and EXTEND must be numbers that fit");
	parse("EXTEND_TIMEOUT_USEC=18446744073709551615", &m);
	ok((m.flags & NOTIFY_EXTEND) && m.extend_usec == UINT64_MAX,
	    "EXTEND_TIMEOUT_USEC up to 2^64-1");

	parse("KEY WITH SPACE=1\nREADY=1", &m);
	ok(m.nbad == 1 && m.flags == NOTIFY_READY, "a key with spaces is malformed");

	is_int(notify_msg_parse("READY=1\0STATUS=x", 16, &m, &why), -1,
	    "a NUL byte inside: refused whole");
	ok(why != NULL && strstr(why, "NUL") != NULL, "... saying why");

	memset(big, 'x', sizeof big);
	memcpy(big, "READY=1\nSTATUS=", 15);
	is_int(notify_msg_parse(big, sizeof big, &m, &why), -1,
	    "larger than NOTIFY_MSG_MAX: refused whole");
	ok(m.flags == 0, "... nothing of it acted on");
	is_int(notify_msg_parse(big, NOTIFY_MSG_MAX, &m, &why), 0,
	    "exactly NOTIFY_MSG_MAX bytes: parsed");
	ok((m.flags & NOTIFY_READY) && strlen(m.status) == NOTIFY_STATUS_MAX - 1,
	    "... with the STATUS= text cut to fit");

	/* Every byte value as a one-byte datagram: never a crash. */
	for (i = 1; i < 256; i++) {
		char b = (char)i;

		notify_msg_parse(&b, 1, &m, &why);
	}
	ok(1, "every single byte parses without harm");
}

static int changes;

static void
changed(struct program *p, enum pstate old, const struct policy_result *r)
{
	(void)p;
	(void)old;
	(void)r;
	changes++;
}

/*
 * A line of p's output, as output.c announces it, then the loop's queue:
 * did it make p READY?
 */
static bool
log_line(struct program *p, const char *text, size_t len, bool current)
{
	struct output_line l = { p, NULL, text, len, current };
	enum pstate old = p->ps.state;

	output_announce(&l);
	loop_run_queued();
	return old != PS_READY && p->ps.state == PS_READY;
}

static void
test_log_line(void)
{
	char *argv[] = { "redis-server", NULL };
	struct progconf *pc = progconf_new("cache", argv);
	struct policy_result r;
	struct output_line l;
	struct program *p;
	const char *line = "1:M 01 Jan 00:00:00.000 * Ready to accept"
	    " connections tcp";

	pc->ready = READY_LOG;
	pc->ready_arg = xstrdup("Ready to accept (connections|clients)");
	program_init_module(changed, 1, NULL);
	readiness_init();
	p = program_new(pc, false);
	policy_params_from(&p->pp, pc);
	ok(!log_line(p, line, strlen(line), true),
	    "STOPPED: a matching line does nothing");

	/* the program has just been spawned: the pattern is compiled */
	memset(&r, 0, sizeof r);
	p->ps.state = PS_STARTING;
	readiness_changed(p, PS_STOPPED, &r);
	ok(!log_line(p, "Loading the dataset", 19, true),
	    "a line that does not match");
	is_int(p->ps.state, PS_STARTING, "... leaves it STARTING");
	ok(!log_line(p, line, 20, true),
	    "only the given length is matched, not the whole string");
	ok(!log_line(p, line, strlen(line), false),
	    "a line from an earlier run's pipe does not count");
	changes = 0;
	l = (struct output_line){ p, NULL, line, strlen(line), true };
	output_announce(&l);
	output_announce(&l);
	is_int(p->ps.state, PS_STARTING,
	    "a match is acted on after the pipe reads, not inside them");
	loop_run_queued();
	is_int(p->ps.state, PS_READY, "... then it is READY");
	is_int(changes, 1, "... one state change for two matching lines");
	ok(!log_line(p, line, strlen(line), true),
	    "once READY, another match changes nothing");

	p->ps.state = PS_STARTING;
	readiness_changed(p, PS_BACKOFF, &r);
	output_announce(&l);
	p->spawns++;		/* a new run before the loop came round */
	loop_run_queued();
	is_int(p->ps.state, PS_STARTING,
	    "a match from the run before does not make the next one READY");

	/* an ERE, not a BRE: alternation and + work */
	p->ps.state = PS_RUNNING;
	free(pc->ready_arg);
	pc->ready_arg = xstrdup("^listening on port [0-9]+$");
	readiness_changed(p, PS_BACKOFF, &r);	/* not a new start */
	ok(log_line(p, "Ready to accept clients", 23, true),
	    "the pattern is compiled when a run starts, not on every line");
	p->ps.state = PS_STARTING;
	readiness_changed(p, PS_BACKOFF, &r);	/* a new run */
	ok(!log_line(p, "listening on port x", 19, true),
	    "ERE: [0-9]+ needs a digit");
	ok(log_line(p, "listening on port 8080", 22, true),
	    "ERE: anchored match");

	pc->ready = READY_NOTIFY;
	p->ps.state = PS_STARTING;
	readiness_changed(p, PS_BACKOFF, &r);
	ok(!log_line(p, "listening on port 8080", 22, true),
	    "a program that is not ready = log ignores its lines");
	program_free(p);
	progconf_free(pc);
}

int
main(void)
{
	log_init("test_notify", LOG_LVL_ERROR);
	test_lines();
	test_garbage();
	test_log_line();
	return done_testing();
}
