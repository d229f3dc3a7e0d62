/*
 * test_supervise.c: psd's work as a whole, without processes.
 *
 * supervise.c, workdone.c, roster.c and policy.c are linked with fakes of
 * what lies below them (supervise_fakes.c): a program is a policy state
 * driven by the test (it comes up, exits, fails to exec) on a settable
 * clock, and every start, stop and kill is written to a trace the tests
 * compare.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "roster.h"
#include "supervise.h"
#include "supervise_fakes.h"
#include "tap.h"

/* ---- the test's own helpers ---- */

/* Start psd on this config text (and a main program when cmd). */
static void
setup(const char *ini, bool with_main)
{
	static const struct supervise_opts none;
	struct config_errors errs = { NULL, 0 };
	struct config *cfg;
	char *argv[] = { "cmd", NULL };
	struct progconf *pc;

	cfg = config_load_string("test.ini", ini, "/tmp", &errs);
	if (cfg == NULL) {
		diag("config: %s", errs.n > 0 ? errs.msgs[0] : "?");
		exit(99);
	}
	if (with_main) {	/* as main.c adds -- CMD */
		pc = progconf_new("main", argv);
		pc->transparent = true;
		pc->restart = RESTART_NEVER;
		pc->start_seconds = 0;
		pc->start_retries = 0;
		config_add_program(cfg, pc);
	}
	trace[0] = '\0';
	loop_stopped = false;
	drain_done = NULL;
	drain_hurried = false;
	armed[0] = NULL;
	supervise_init(cfg, &none);
	supervise_start();
}

static void
teardown(void)
{
	supervise_free();
}

static struct program *
P(const char *name)
{
	struct program *p = roster_find(name);

	if (p == NULL) {
		diag("no program %s", name);
		exit(99);
	}
	return p;
}

/* The exec succeeded (start_seconds = 0: RUNNING at once). */
static void
up(const char *name)
{
	fake_step(P(name), PE_EXEC_OK, 0);
}

/* It exited with code. */
static void
exits(const char *name, int code)
{
	struct program *p = P(name);

	p->has_exited = true;
	p->exit_code = code;
	p->last_status = code << 8;
	fake_step(p, PE_EXITED, code << 8);
}

/* It died of sig (a stop signal, most often). */
static void
killed(const char *name, int sig)
{
	struct program *p = P(name);

	p->has_exited = true;
	p->exit_code = 128 + sig;
	p->last_status = sig;
	fake_step(p, PE_EXITED, sig);
}

/* Its exec failed with code (126, 127). */
static void
exec_fails(const char *name, int code)
{
	struct program *p = P(name);

	p->exit_code = code;
	fake_step(p, PE_EXEC_FAILED, 0);
}

/* Its own deadline came (a backoff's end, start_seconds). */
static void
deadline(const char *name)
{
	struct program *p = P(name);

	fake_now = p->ps.deadline;
	fake_step(p, PE_TIMER, 0);
}

/* The drain found nothing left. */
static void
drained(void)
{
	if (drain_done != NULL)
		drain_done();
}

static const char *
state(const char *name)
{
	return pstate_name(P(name)->ps.state);
}

/* ---- the tests ---- */

static const char deps_ini[] =
    "[program:web]\ncommand = web\ndepends_on = api\nstart_seconds = 0\n"
    "[program:api]\ncommand = api\ndepends_on = db\nstart_seconds = 0\n"
    "[program:db]\ncommand = db\nstart_seconds = 0\n";

static void
test_start_order(void)
{
	setup(deps_ini, false);
	is_str(trace, "start db", "start order: only db starts first");
	is_str(state("web"), "STOPPED", "start order: web waits");
	up("db");
	is_str(trace, "start db, start api", "start order: api once db runs");
	up("api");
	is_str(trace, "start db, start api, start web",
	    "start order: web once api runs");
	teardown();
}

static void
test_stop_order(void)
{
	setup(deps_ini, false);
	up("db");
	up("api");
	up("web");
	trace[0] = '\0';
	supervise_shutdown("received SIGTERM");
	is_int(supervise_phase(), SV_STOPPING, "stop order: phase STOPPING");
	is_str(trace, "stop web", "stop order: web first, alone");
	killed("web", SIGTERM);
	is_str(trace, "stop web, stop api", "stop order: api once web is down");
	killed("api", SIGTERM);
	is_str(trace, "stop web, stop api, stop db",
	    "stop order: db last");
	ok(drain_done == NULL, "stop order: no drain while db runs");
	killed("db", SIGTERM);
	is_int(supervise_phase(), SV_DRAINING, "stop order: then the drain");
	ok(!loop_stopped, "stop order: the loop runs during the drain");
	drained();
	is_int(supervise_phase(), SV_DONE, "stop order: DONE once drained");
	ok(loop_stopped, "stop order: the loop ends");
	is_int(supervise_exit_status(), 0, "stop order: exit status 0");
	teardown();
}

/* supervisord: groups stop one at a time, the highest priority first. */
static const char sd_ini[] =
    "[supervisord]\nnodaemon=true\n"
    "[group:backend]\nprograms=api,worker\npriority=200\n"
    "[program:api]\ncommand=api\nstartsecs=0\n"
    "[program:worker]\ncommand=worker\nstartsecs=0\n"
    "[program:db]\ncommand=db\nstartsecs=0\npriority=10\n"
    "[program:zz]\ncommand=zz\nstartsecs=0\npriority=10\n";

static void
test_supervisord_stop_order(void)
{
	setup(sd_ini, false);
	is_str(trace, "start db, start zz, start backend:api,"
	    " start backend:worker", "sd: start by priority, then name");
	up("db");
	up("zz");
	up("backend:api");
	up("backend:worker");
	trace[0] = '\0';
	supervise_shutdown("received SIGTERM");
	is_str(trace, "stop backend:worker, stop backend:api",
	    "sd: the last group stops first, all of it at once");
	killed("backend:api", SIGTERM);
	is_str(trace, "stop backend:worker, stop backend:api",
	    "sd: the next group waits for the whole group");
	killed("backend:worker", SIGTERM);
	is_str(trace, "stop backend:worker, stop backend:api, stop zz",
	    "sd: then zz alone (same priority as db, later name)");
	killed("zz", SIGTERM);
	is_str(trace, "stop backend:worker, stop backend:api, stop zz,"
	    " stop db", "sd: db last");
	killed("db", SIGTERM);
	is_int(supervise_phase(), SV_DRAINING, "sd: then the drain");
	teardown();
}

static const char sidecars_ini[] =
    "[program:side]\ncommand = side\nstart_seconds = 0\n"
    "[program:dmn]\ncommand = dmn\ndaemon = true\nstart_seconds = 0\n";

/* Bug 2: psd -c sidecars.ini -- sh -c 'exit 5' never ended. */
static void
test_main_ended(void)
{
	setup(sidecars_ini, true);
	up("side");
	up("dmn");
	up("main");
	trace[0] = '\0';
	exits("main", 5);
	is_int(supervise_phase(), SV_STOPPING,
	    "(a) main ended: psd stops though a non-daemon runs");
	is_int(supervise_result()->cause, SV_CAUSE_MAIN, "(a) cause: main");
	is_str(supervise_result()->line,
	    "main program exited (status 5); exit status 5", "(a) log line");
	is_str(trace, "stop dmn, stop side", "(a) the rest is stopped");
	killed("side", SIGTERM);
	killed("dmn", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 5, "(a) exit status: main's 5");
	teardown();
}

static void
test_main_fatal(void)
{
	setup(sidecars_ini, true);
	exec_fails("main", 127);
	is_int(supervise_result()->cause, SV_CAUSE_MAIN,
	    "(a) main could not start: psd's work is done");
	is_str(supervise_result()->line,
	    "main program went FATAL (status 127); exit status 127",
	    "(a) FATAL main: log line");
	killed("side", SIGTERM);
	killed("dmn", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 127, "(a) exit status 127");
	teardown();
}

static const char essential_ini[] =
    "[program:web]\ncommand = web\nstart_seconds = 0\n"
    "[program:ship]\ncommand = ship\nessential = true\n"
    "restart = never\nstart_seconds = 0\n";

static void
test_essential(void)
{
	setup(essential_ini, false);
	up("web");
	up("ship");
	exits("ship", 3);
	is_int(supervise_result()->cause, SV_CAUSE_ESSENTIAL,
	    "(b) an essential program ended: work done");
	is_str(supervise_result()->line,
	    "essential program ship exited (status 3); exit status 3",
	    "(b) log line");
	is_str(state("web"), "STOPPING", "(b) the others are stopped");
	killed("web", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 3, "(b) exit status: ship's 3");
	teardown();

	/* Going FATAL is ending too. */
	setup(essential_ini, false);
	up("web");
	exec_fails("ship", 126);
	is_int(supervise_result()->cause, SV_CAUSE_ESSENTIAL,
	    "(b) an essential program went FATAL: work done");
	is_str(supervise_result()->line,
	    "essential program ship went FATAL (status 126); exit status 126",
	    "(b) FATAL: log line");
	killed("web", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 126, "(b) exit status: ship's 126");
	teardown();

	/* With a main program, the status is still the main program's. */
	setup(essential_ini, true);
	up("web");
	up("main");
	exits("ship", 3);
	is_int(supervise_result()->cause, SV_CAUSE_ESSENTIAL,
	    "(b) with main: the essential ended psd's work");
	is_str(supervise_result()->line, "essential program ship exited"
	    " (status 3); exit status: the main program's, once it has stopped",
	    "(b) with main: log line");
	killed("main", SIGTERM);
	killed("web", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 143, "(b) with main: main's 143");
	teardown();
}

static const char jobs_ini[] =
    "[program:j1]\ncommand = j1\nrestart = never\nstart_seconds = 0\n"
    "[program:j2]\ncommand = j2\nrestart = never\nstart_seconds = 0\n"
    "[program:j3]\ncommand = j3\nrestart = never\nstart_seconds = 0\n"
    "[program:d]\ncommand = d\ndaemon = true\nstart_seconds = 0\n"
    "[program:later]\ncommand = later\nautostart = false\n";

static void
test_all_ended(void)
{
	setup(jobs_ini, false);
	up("j1");
	up("j2");
	up("j3");
	up("d");
	exits("j1", 0);
	exits("j3", 2);
	is_int(supervise_phase(), SV_RUNNING, "(c) j2 still runs: no end");
	exits("j2", 4);
	is_int(supervise_result()->cause, SV_CAUSE_ALL_ENDED,
	    "(c) every non-daemon ended (the never-started one aside)");
	is_str(supervise_result()->line, "every non-daemon program has ended;"
	    " exit status 2, from j3, the first that failed", "(c) log line");
	is_str(state("d"), "STOPPING", "(c) the daemon is stopped");
	killed("d", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 2, "(c) the first failure's status");
	teardown();

	setup(jobs_ini, false);
	up("d");
	exits("j1", 0);
	exits("j2", 0);
	exits("j3", 0);
	is_str(supervise_result()->line, "every non-daemon program has ended;"
	    " exit status 0 (none failed)", "(c) none failed: log line");
	killed("d", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 0, "(c) none failed: 0");
	teardown();
}

static const char bug1_ini[] =
    "[program:a]\ncommand = a\nstart_seconds = 0\n"
    "[program:j]\ncommand = j\nrestart = never\nstart_seconds = 0\n";

/* Bug 1: psctl stop a, once j had ended, shut psd down. */
static void
test_stop_is_not_end(void)
{
	setup(bug1_ini, false);
	up("a");
	up("j");
	exits("j", 0);
	supervise_stop_program(P("a"));
	killed("a", SIGTERM);
	is_str(state("a"), "STOPPED", "bug 1: a is stopped");
	is_int(supervise_phase(), SV_RUNNING,
	    "bug 1: a stopped by request has not ended: psd goes on");
	/* Started again by hand, a's own end is an end. */
	trace[0] = '\0';
	supervise_start_program(P("a"));
	is_str(trace, "start a", "bug 1: psctl start a");
	up("a");
	is_int(supervise_phase(), SV_RUNNING, "bug 1: a runs: psd goes on");
	exits("a", 0);
	is_int(supervise_result()->cause, SV_CAUSE_ALL_ENDED,
	    "bug 1: a ended on its own (restart on-failure, exit 0): done");
	drained();
	is_int(supervise_exit_status(), 0, "bug 1: exit status 0");
	teardown();

	/* The same with j FATAL: psd once exited 126 here. */
	setup(bug1_ini, false);
	up("a");
	exec_fails("j", 126);
	supervise_stop_program(P("a"));
	killed("a", SIGTERM);
	is_int(supervise_phase(), SV_RUNNING,
	    "bug 1 (j FATAL): psctl stop a does not end psd");
	/* A shutdown asked now: j is FATAL at that moment. */
	supervise_shutdown("psctl shutdown");
	is_str(supervise_result()->line,
	    "psctl shutdown; exit status 126, from j, FATAL now",
	    "requested, a program FATAL now: log line");
	drained();
	is_int(supervise_exit_status(), 126,
	    "requested, a program FATAL now: its status");
	teardown();
}

/* A program stopped by request never counts, even once all else ended. */
static void
test_stopped_never_ended(void)
{
	setup(jobs_ini, false);
	up("j1");
	up("j2");
	up("j3");
	supervise_stop_program(P("j1"));
	killed("j1", SIGTERM);
	exits("j2", 0);
	exits("j3", 0);
	is_int(supervise_phase(), SV_RUNNING,
	    "stopped j1 keeps psd running after j2, j3 ended");
	ok(!P("j1")->ended, "stopped j1 has not ended");
	teardown();
}

static const char held_ini[] =
    "[program:a]\ncommand = a\nstart_seconds = 0\n"
    "[program:b]\ncommand = b\nstart_seconds = 0\n"
    "[program:c]\ncommand = c\nstart_seconds = 0\nautostart = false\n";

static void
test_restart_held(void)
{
	setup(held_ini, false);
	up("a");
	up("b");
	supervise_shutdown("received SIGTERM");
	trace[0] = '\0';
	supervise_restart_program(P("a"));
	supervise_start_program(P("b"));
	supervise_start_program(P("c"));
	killed("a", SIGTERM);
	killed("b", SIGTERM);
	is_str(trace, "", "held: no start once the shutdown began");
	is_str(state("a"), "STOPPED", "held: a stays STOPPED");
	is_str(state("c"), "STOPPED", "held: c never starts");
	is_int(supervise_phase(), SV_DRAINING, "held: the shutdown goes on");
	drained();
	is_int(supervise_exit_status(), 0, "held: exit status 0");
	teardown();
}

static const char crash_ini[] =
    "[program:w]\ncommand = w\nstart_seconds = 0\nrestart_delay = 1s\n"
    "[program:job]\ncommand = job\nrestart = never\nstart_seconds = 0\n"
    "daemon = true\n";

/* History does not count: an old crash does not fail a docker stop. */
static void
test_requested_after_crash(void)
{
	setup(crash_ini, false);
	up("w");
	up("job");
	exits("w", 4);
	is_str(state("w"), "BACKOFF", "old crash: w backs off");
	deadline("w");
	up("w");
	is_str(state("w"), "RUNNING", "old crash: w runs again");
	exits("job", 3);	/* ended, failed, not FATAL */
	supervise_shutdown("received SIGTERM");
	is_str(supervise_result()->line,
	    "received SIGTERM; exit status 0 (nothing is FATAL)",
	    "requested after an old crash: log line");
	killed("w", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 0, "requested after an old crash: 0");
	teardown();
}

/* A requested shutdown with a main program: the main's status. */
static void
test_requested_with_main(void)
{
	setup(sidecars_ini, true);
	up("main");
	supervise_shutdown("received SIGTERM");
	ok(supervise_result()->from_main, "requested, main: from main");
	is_str(supervise_result()->line, "received SIGTERM; exit status:"
	    " the main program's, once it has stopped",
	    "requested, main: log line");
	killed("main", SIGTERM);
	killed("side", SIGTERM);
	killed("dmn", SIGTERM);
	drained();
	is_int(supervise_exit_status(), 143, "requested, main: 128+TERM");
	teardown();
}

/* A second request (or shutdown_timeout) kills what is left. */
static void
test_hurry(void)
{
	setup(held_ini, false);
	up("a");
	up("b");
	supervise_shutdown("received SIGTERM");
	ok(armed[0] == NULL, "no shutdown_timeout by default");
	trace[0] = '\0';
	supervise_shutdown("received SIGTERM again");
	is_str(trace, "kill a, kill b", "again: KILL to what runs");
	killed("a", SIGKILL);
	killed("b", SIGKILL);
	ok(drain_hurried, "again: the drain hurries too");
	drained();
	is_int(supervise_exit_status(), 0, "again: still 0");
	teardown();
}

int
main(void)
{
	test_start_order();
	test_stop_order();
	test_supervisord_stop_order();
	test_main_ended();
	test_main_fatal();
	test_essential();
	test_all_ended();
	test_stop_is_not_end();
	test_stopped_never_ended();
	test_restart_held();
	test_requested_after_crash();
	test_requested_with_main();
	test_hurry();
	return done_testing();
}
