/*
 * test_policy.c: the restart/backoff state machine on a fake clock.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "policy.h"
#include "tap.h"

#define EXIT(code)	((code) << 8)		/* a wait status */
#define KILLED(sig)	(sig)

static struct policy_params
params(enum restart_mode restart)
{
	struct policy_params pp;

	memset(&pp, 0, sizeof pp);
	pp.restart = restart;
	pp.restart_delay = 1000;
	pp.restart_delay_max = 60000;
	pp.start_seconds = 1000;
	pp.start_retries = 3;
	pp.stop_signal = SIGTERM;
	pp.stop_timeout = 10000;
	pp.ready_timeout = 90000;
	return pp;
}

static struct policy_state
fresh(void)
{
	struct policy_state st;

	memset(&st, 0, sizeof st);
	st.state = PS_STOPPED;
	return st;
}

/* Start, let exec succeed, and stay up long enough to be RUNNING. */
static int64_t
run_up(struct policy_params *pp, struct policy_state *st, int64_t now)
{
	policy_step(pp, st, PE_START, 0, now);
	policy_step(pp, st, PE_EXEC_OK, 0, now);
	now += pp->start_seconds;
	policy_step(pp, st, PE_TIMER, 0, now);
	return now;
}

static void
test_start_and_run(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;

	r = policy_step(&pp, &st, PE_START, 0, 5000);
	is_int(r.action, PA_SPAWN, "start: spawn");
	is_int(st.state, PS_STARTING, "start: STARTING");
	r = policy_step(&pp, &st, PE_EXEC_OK, 0, 5001);
	is_int(st.state, PS_STARTING, "exec ok: still STARTING before start_seconds");
	is_int(st.deadline, 6000, "exec ok: RUNNING due after start_seconds");
	r = policy_step(&pp, &st, PE_TIMER, 0, 6000);
	is_int(st.state, PS_RUNNING, "timer: RUNNING");
	is_int(st.deadline, 0, "running: no deadline (no readiness)");
	is_int(r.action, PA_NONE, "running: no action");
}

/* start_seconds counts only once exec is known to have worked. */
static void
test_running_needs_exec(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();

	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_TIMER, 0, 1000);
	is_int(st.state, PS_STARTING, "start_seconds passed, exec not yet"
	    " reported: still STARTING");
	is_int(st.deadline, 0, "... and no deadline left: exec-ok decides");
	policy_step(&pp, &st, PE_EXEC_OK, 0, 1200);
	is_int(st.state, PS_RUNNING, "exec ok after start_seconds: RUNNING at once");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 300);
	is_int(st.state, PS_STARTING, "exec ok before start_seconds: STARTING");
	is_int(st.deadline, 1000, "... RUNNING due at start + start_seconds");
}

static void
test_fast_failures_fatal(void)
{
	struct policy_params pp = params(RESTART_ALWAYS);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now = 0;
	int starts = 0;

	pp.start_retries = 2;	/* three starts in all, as supervisord */
	r = policy_step(&pp, &st, PE_START, 0, now);
	starts += r.action == PA_SPAWN;
	now += 100;
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now);
	ok(r.fast && r.failed, "first exit after 100ms is a fast failure");
	is_int(st.state, PS_BACKOFF, "first fast failure: BACKOFF");
	is_int(r.delay, 1000, "first backoff: restart_delay");
	now = st.deadline;
	r = policy_step(&pp, &st, PE_TIMER, 0, now);
	starts += r.action == PA_SPAWN;
	ok(r.restart, "backoff over: an automatic restart");
	now += 100;
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now);
	is_int(r.delay, 2000, "second backoff doubles");
	now = st.deadline;
	r = policy_step(&pp, &st, PE_TIMER, 0, now);
	starts += r.action == PA_SPAWN;
	now += 100;
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now);
	is_int(st.state, PS_FATAL, "third fast failure with start_retries = 2: FATAL");
	ok(r.ended, "FATAL ends the program");
	is_int(starts, 3, "three starts in all");
	r = policy_step(&pp, &st, PE_TIMER, 0, now + 100000);
	is_int(r.action, PA_NONE, "FATAL: a stray timer does nothing");
}

static void
test_start_seconds_zero(void)
{
	struct policy_params pp = params(RESTART_ALWAYS);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now = 0;
	int i;

	pp.start_seconds = 0;
	pp.start_retries = 3;
	policy_step(&pp, &st, PE_START, 0, now);
	is_int(st.deadline, 0, "start_seconds = 0: no RUNNING deadline");
	policy_step(&pp, &st, PE_EXEC_OK, 0, now);
	is_int(st.state, PS_RUNNING, "start_seconds = 0: RUNNING once exec succeeds");
	for (i = 0; i < 4; i++) {
		now += 200;
		r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now);
		if (st.state != PS_BACKOFF)
			break;
		now = st.deadline;
		policy_step(&pp, &st, PE_TIMER, 0, now);
		policy_step(&pp, &st, PE_EXEC_OK, 0, now);
	}
	is_int(st.state, PS_FATAL,
	    "start_seconds = 0 still ends a crash loop in FATAL (supervisord #1285)");
	is_int(i, 3, "... after start_retries + 1 fast failures");
	ok(r.ended, "... and the program has ended");
}

static void
test_backoff_cap_and_reset(void)
{
	struct policy_params pp = params(RESTART_ALWAYS);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now = 0, want[] = { 1000, 2000, 4000, 8000, 16000, 32000,
	    60000, 60000 };
	int i;

	pp.start_retries = -1;	/* infinite */
	policy_step(&pp, &st, PE_START, 0, now);
	for (i = 0; i < 8; i++) {
		now += 10;
		r = policy_step(&pp, &st, PE_EXITED, EXIT(3), now);
		is_int(r.delay, want[i], "backoff step %d", i + 1);
		now = st.deadline;
		policy_step(&pp, &st, PE_TIMER, 0, now);
	}
	is_int(st.state, PS_STARTING, "infinite retries never go FATAL");
	/* A healthy run resets the backoff. */
	policy_step(&pp, &st, PE_EXEC_OK, 0, now);
	now += 5000;
	policy_step(&pp, &st, PE_TIMER, 0, now);
	now += 60000;
	r = policy_step(&pp, &st, PE_EXITED, EXIT(3), now);
	ok(!r.fast, "an exit after a long run is not fast");
	is_int(r.delay, 1000, "after a healthy run the delay is back to restart_delay");
	is_int(st.fast_fails, 0, "and the fast failure count is reset");
}

static void
test_restart_policies(void)
{
	struct policy_params pp;
	struct policy_state st;
	struct policy_result r;
	int64_t now;

	pp = params(RESTART_NEVER);
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now + 5000);
	is_int(st.state, PS_EXITED, "never: a failed exit is EXITED");
	ok(r.ended && r.failed, "never: ended, failed");

	pp = params(RESTART_NEVER);
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), 50);
	is_int(st.state, PS_EXITED, "never: a quick clean exit is EXITED, not a failed start");
	ok(!r.failed, "never: exit 0 is not a failure");

	pp = params(RESTART_ON_FAILURE);
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), now + 5000);
	is_int(st.state, PS_EXITED, "on-failure: exit 0 is EXITED");
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(2), now + 5000);
	is_int(st.state, PS_BACKOFF, "on-failure: exit 2 restarts");
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGTERM), now + 5000);
	is_int(st.state, PS_EXITED, "on-failure: killed by its stop signal is not a failure");
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGSEGV), now + 5000);
	is_int(st.state, PS_BACKOFF, "on-failure: killed by SEGV restarts");

	pp = params(RESTART_ALWAYS);
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), now + 5000);
	is_int(st.state, PS_BACKOFF, "always: exit 0 restarts too");
	ok(!r.failed, "always: exit 0 is still not a failure");
}

static void
test_deliberate_stop(void)
{
	struct policy_params pp = params(RESTART_ALWAYS);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now;

	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_STOP, 0, now);
	is_int(r.action, PA_SIGNAL, "stop: signal");
	is_int(r.signal, SIGTERM, "stop: the stop signal");
	is_int(st.state, PS_STOPPING, "stop: STOPPING");
	is_int(st.deadline, now + 10000, "stop: SIGKILL due after stop_timeout");
	r = policy_step(&pp, &st, PE_TIMER, 0, now + 10000);
	is_int(r.action, PA_KILL, "stop timeout: SIGKILL");
	is_int(st.deadline, 0, "after SIGKILL no further deadline");
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGKILL), now + 10001);
	is_int(st.state, PS_STOPPED, "a deliberate stop ends STOPPED");
	ok(!r.ended && r.action == PA_NONE,
	    "a deliberate stop never restarts, even with restart = always");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXITED, EXIT(1), 10);
	is_int(st.state, PS_BACKOFF, "backoff before stop");
	r = policy_step(&pp, &st, PE_STOP, 0, 20);
	is_int(st.state, PS_STOPPED, "stop during BACKOFF: STOPPED at once");
	is_int(r.action, PA_NONE, "... with nothing to signal");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXITED, EXIT(1), 10);
	r = policy_step(&pp, &st, PE_START, 0, 20);
	is_int(r.action, PA_SPAWN, "start during BACKOFF: spawn now");
}

static void
test_exec_and_fork_failures(void)
{
	struct policy_params pp = params(RESTART_ALWAYS);
	struct policy_state st = fresh();
	struct policy_result r;

	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_EXEC_FAILED, 0, 1);
	is_int(st.state, PS_FATAL, "exec failure: FATAL at once (no crash loop)");
	ok(r.ended && r.failed, "exec failure: ended, failed");
	r = policy_step(&pp, &st, PE_START, 0, 2);
	is_int(r.action, PA_SPAWN, "FATAL + start: tries again");
	is_int(st.fast_fails, 0, "FATAL + start: counters reset");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_SPAWN_FAILED, 0, 0);
	is_int(st.state, PS_BACKOFF, "fork failure: BACKOFF, not a crash");
	is_int(r.delay, 100, "fork failure: first retry after 100ms");
	policy_step(&pp, &st, PE_TIMER, 0, st.deadline);
	r = policy_step(&pp, &st, PE_SPAWN_FAILED, 0, 100);
	is_int(r.delay, 200, "fork failure: retries back off");
	is_int(st.fast_fails, 0, "fork failures do not count toward FATAL");
}

static void
test_readiness(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;

	pp.has_ready = true;
	pp.ready_timeout = 5000;
	policy_step(&pp, &st, PE_START, 0, 0);
	is_int(st.deadline, 5000, "ready: before exec ok, the readiness timeout is due");
	policy_step(&pp, &st, PE_EXEC_OK, 0, 0);
	is_int(st.deadline, 1000, "ready: RUNNING still due after start_seconds");
	policy_step(&pp, &st, PE_TIMER, 0, 1000);
	is_int(st.state, PS_RUNNING, "ready: RUNNING, not yet READY");
	is_int(st.deadline, 5000, "ready: readiness timeout due");
	r = policy_step(&pp, &st, PE_READY, 0, 2000);
	is_int(st.state, PS_READY, "READY=1: READY");
	is_int(st.deadline, 0, "READY: timeout cancelled");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_READY, 0, 300);
	is_int(st.state, PS_READY, "ready before start_seconds: READY at once");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_TIMER, 0, 1000);
	r = policy_step(&pp, &st, PE_TIMER, 0, 5000);
	is_int(st.state, PS_STOPPING, "readiness timeout: stopped");
	ok(!st.deliberate, "readiness timeout: not a deliberate stop");
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGTERM), 5100);
	ok(r.failed, "an exit after a readiness timeout is a failure");
	is_int(st.state, PS_BACKOFF, "... so on-failure restarts it");

	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_READY, 0, 10);
	r = policy_step(&pp, &st, PE_FAIL, SIGABRT, 60000);
	is_int(r.action, PA_SIGNAL, "watchdog miss: signal");
	is_int(r.signal, SIGABRT, "watchdog miss: the watchdog signal");
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGABRT), 60010);
	is_int(st.state, PS_BACKOFF, "watchdog miss: restart policy applies");
}

static void
test_watchdog(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;

	pp.has_ready = true;
	pp.ready_timeout = 5000;
	pp.watchdog = 300;
	pp.watchdog_signal = SIGABRT;
	pp.stop_timeout = 200;
	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_WATCHDOG, 0, 50);
	is_int(st.state, PS_STARTING, "watchdog: a ping before READY changes nothing");
	is_int(r.action, PA_NONE, "... and sends nothing");
	policy_step(&pp, &st, PE_READY, 0, 100);
	is_int(st.deadline, 400, "READY: the first ping is due a watchdog later");
	policy_step(&pp, &st, PE_WATCHDOG, 0, 350);
	is_int(st.deadline, 650, "a ping moves the deadline");
	r = policy_step(&pp, &st, PE_TIMER, 0, 640);
	is_int(st.state, PS_READY, "a timer before the deadline is no miss");
	is_int(st.deadline, 650, "... and keeps the deadline");
	r = policy_step(&pp, &st, PE_TIMER, 0, 650);
	ok(r.watchdog_miss, "no ping for a whole watchdog: a miss");
	is_int(st.watchdog_misses, 1, "misses counted");
	is_int(st.fail, PF_WATCHDOG, "the run failed by the watchdog");
	is_int(r.action, PA_SIGNAL, "miss: a signal");
	is_int(r.signal, SIGABRT, "miss: watchdog_signal");
	is_int(st.state, PS_STOPPING, "miss: STOPPING");
	is_int(st.deadline, 850, "miss: escalation due after stop_timeout");
	r = policy_step(&pp, &st, PE_WATCHDOG, 0, 700);
	is_int(st.deadline, 850, "a late ping does not save it");
	r = policy_step(&pp, &st, PE_TIMER, 0, 850);
	is_int(r.action, PA_KILL, "still there after stop_timeout: SIGKILL");
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGKILL), 860);
	ok(r.failed, "an exit after a miss is a failure");
	is_int(st.state, PS_BACKOFF, "... and the restart policy applies");
	ok(r.fast, "a run shorter than start_seconds is fast, ready or not");

	/* WATCHDOG=trigger */
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_READY, 0, 10);
	r = policy_step(&pp, &st, PE_WATCHDOG, 1, 20);
	ok(r.watchdog_miss && r.signal == SIGABRT, "WATCHDOG=trigger: a miss at once");
	is_int(st.fail, PF_WATCHDOG_TRIGGER, "... the run failed by a trigger");
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_WATCHDOG, 1, 20);
	ok(r.watchdog_miss, "WATCHDOG=trigger counts before READY too");

	/* No watchdog configured: pings and triggers are ignored. */
	pp.watchdog = 0;
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_READY, 0, 10);
	is_int(st.deadline, 0, "no watchdog: READY has no deadline");
	r = policy_step(&pp, &st, PE_WATCHDOG, 1, 20);
	ok(!r.watchdog_miss && st.state == PS_READY, "no watchdog: a trigger is ignored");
}

static void
test_ready_timeouts(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now = 0;
	int i;

	pp.has_ready = true;
	pp.ready_timeout = 0;
	pp.start_seconds = 0;
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 0);
	is_int(st.state, PS_RUNNING, "ready_timeout = 0: RUNNING");
	is_int(st.deadline, 0, "ready_timeout = 0: waits for readiness forever");

	/* EXTEND_TIMEOUT_USEC moves the readiness deadline, never back. */
	pp.ready_timeout = 1000;
	pp.start_seconds = 100;
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 0);
	is_int(st.deadline, 100, "extend: start_seconds first");
	policy_step(&pp, &st, PE_EXTEND, 5000, 50);
	is_int(st.ready_due, 5050, "extend: readiness now due 5s from now");
	is_int(st.deadline, 100, "extend: start_seconds still first");
	policy_step(&pp, &st, PE_TIMER, 0, 100);
	is_int(st.deadline, 5050, "extend: RUNNING waits for the extended deadline");
	policy_step(&pp, &st, PE_EXTEND, 10, 200);
	is_int(st.deadline, 5050, "extend: a shorter extension does not shorten it");
	r = policy_step(&pp, &st, PE_TIMER, 0, 1000);
	is_int(st.state, PS_RUNNING, "extend: the original timeout no longer fails it");
	r = policy_step(&pp, &st, PE_TIMER, 0, 5050);
	is_int(st.state, PS_STOPPING, "extend: the extended timeout does");
	is_int(st.fail, PF_READY_TIMEOUT, "... as a readiness timeout");
	is_int(st.deadline, 5050 + 10000, "stop: SIGKILL after stop_timeout");
	policy_step(&pp, &st, PE_EXTEND, 20000, 6000);
	is_int(st.deadline, 26000, "extend while STOPPING: SIGKILL later");

	/* A run that never became ready is a failed start: FATAL in time. */
	pp.start_retries = 2;
	pp.ready_timeout = 3000;
	pp.start_seconds = 1000;
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, now);
	for (i = 0; i < 5 && st.state != PS_FATAL; i++) {
		now = st.ready_due;
		policy_step(&pp, &st, PE_TIMER, 0, now - 2000);	/* RUNNING */
		policy_step(&pp, &st, PE_TIMER, 0, now);	/* timeout */
		r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGTERM), now + 10);
		ok(r.fast, "run %d never became ready: a fast failure", i + 1);
		if (st.state == PS_BACKOFF)
			policy_step(&pp, &st, PE_TIMER, 0, st.deadline);
		now = st.started;
	}
	is_int(st.state, PS_FATAL, "never ready, start_retries = 2: FATAL");
	is_int(i, 3, "... after three starts");
}

static void
test_self_stop(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now;

	pp.has_ready = true;
	pp.watchdog = 1000;
	now = run_up(&pp, &st, 0);
	policy_step(&pp, &st, PE_READY, 0, now);
	r = policy_step(&pp, &st, PE_STOPPING, 0, now + 5000);
	is_int(st.state, PS_STOPPING, "STOPPING=1: STOPPING");
	is_int(r.action, PA_NONE, "STOPPING=1: psd sends nothing");
	is_int(st.deadline, now + 5000 + 10000, "STOPPING=1: SIGKILL due after stop_timeout");
	is_int(st.watchdog_due, 0, "STOPPING=1: the watchdog is off");
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), now + 5100);
	is_int(st.state, PS_EXITED, "STOPPING=1 then exit 0: EXITED (on-failure)");
	ok(!r.failed, "... its own status decides: not a failure");

	st = fresh();
	now = run_up(&pp, &st, 0);
	policy_step(&pp, &st, PE_READY, 0, now);
	policy_step(&pp, &st, PE_STOPPING, 0, now + 5000);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), now + 5100);
	is_int(st.state, PS_BACKOFF, "STOPPING=1 then exit 1: restarted (on-failure)");

	st = fresh();
	now = run_up(&pp, &st, 0);
	policy_step(&pp, &st, PE_STOPPING, 0, now);
	r = policy_step(&pp, &st, PE_STOP, 0, now + 10);
	is_int(r.action, PA_NONE, "a stop request while it stops itself sends nothing more");
	policy_step(&pp, &st, PE_EXITED, EXIT(1), now + 20);
	is_int(st.state, PS_STOPPED, "... and it ends STOPPED");
}

/* Every (state, event) pair: no crash, and the deadline is consistent. */
static void
test_whole_table(void)
{
	struct policy_params pp = params(RESTART_ON_FAILURE);
	struct policy_state st;
	struct policy_result r;
	int s, e, bad = 0, ok_before = 0;
	bool needs;

	pp.has_ready = true;
	pp.watchdog = 500;
	pp.watchdog_signal = SIGABRT;
	for (s = 0; s < PS__COUNT; s++) {
		for (e = 0; e < PE__COUNT; e++) {
			st = fresh();
			st.state = s;
			st.started = 1000;
			st.ready_due = s == PS_STARTING || s == PS_RUNNING ?
			    91000 : 0;
			st.watchdog_due = s == PS_READY ? 3000 : 0;
			/* a consistent start: deadlines where the state has one */
			st.deadline = s == PS_BACKOFF || s == PS_STOPPING ||
			    s == PS_STARTING || s == PS_READY ? 3000 :
			    s == PS_RUNNING ? 91000 : 0;
			r = policy_step(&pp, &st, e, EXIT(1), 3000);
			if (r.action == PA_SPAWN && st.state != PS_STARTING)
				bad++;
			needs = st.state == PS_BACKOFF ||
			    (st.state == PS_STOPPING && !st.killed) ||
			    st.state == PS_READY ||
			    st.state == PS_RUNNING || st.state == PS_STARTING;
			if (needs && st.deadline <= 0)
				bad++;
			if ((st.state == PS_STOPPED || st.state == PS_EXITED ||
			    st.state == PS_FATAL) && st.deadline != 0)
				bad++;
			if (r.ended && st.state != PS_EXITED &&
			    st.state != PS_FATAL)
				bad++;
			if (bad != 0 && ok_before == bad - 1)
				diag("%s + %s -> %s (deadline %lld)",
				    pstate_name(s), pevent_name(e),
				    pstate_name(st.state),
				    (long long)st.deadline);
			ok_before = bad;
		}
	}
	is_int(bad, 0, "every state x event keeps the invariants");
	is_str(pstate_name(PS_BACKOFF), "BACKOFF", "state names");
	ok(pstate_active(PS_BACKOFF) && !pstate_active(PS_FATAL),
	    "BACKOFF is active, FATAL is not");
}

/* supervisord's meaning (a supervisord.conf): see policy_ended_sd. */
static struct policy_params
sd_params(enum restart_mode restart)
{
	struct policy_params pp = params(restart);

	pp.sd = true;
	pp.exitcodes[0] = 1 | 4;	/* exitcodes=0,2 */
	return pp;
}

static void
test_supervisord_semantics(void)
{
	struct policy_params pp = sd_params(RESTART_ON_FAILURE);
	struct policy_state st = fresh();
	struct policy_result r;
	int64_t now;

	/* exitcodes=0,2: 2 is expected, 3 is not, after a good run */
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(2), now + 10);
	is_int(st.state, PS_EXITED, "sd: exit 2 in exitcodes=0,2 is expected");
	ok(!r.failed, "sd: ... and not a failure");
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(3), now + 10);
	is_int(st.state, PS_BACKOFF, "sd: exit 3 is unexpected: restart");
	is_int(r.delay, 0, "sd: a restart after a run comes at once");
	/* a death by the stop signal, not asked for, is unexpected */
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, KILLED(SIGTERM), now + 10);
	ok(r.failed && st.state == PS_BACKOFF, "sd: killed by its stop signal"
	    " outside a stop is unexpected");

	/* an exit 0 before startsecs is a failed start, even autorestart=false */
	pp = sd_params(RESTART_NEVER);
	pp.start_retries = 2;
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), 500);
	ok(r.fast && st.state == PS_BACKOFF, "sd: exit 0 before startsecs:"
	    " BACKOFF even with autorestart=false");
	is_int(r.delay, 1000, "sd: first backoff 1s");
	policy_step(&pp, &st, PE_TIMER, 0, 1500);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 1500);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), 1600);
	is_int(r.delay, 2000, "sd: then 2s (linear, not doubled from 1s)");
	policy_step(&pp, &st, PE_TIMER, 0, 3600);
	policy_step(&pp, &st, PE_EXEC_OK, 0, 3600);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(0), 3700);
	is_int(st.state, PS_FATAL, "sd: startretries=2 spent: FATAL");
	ok(r.ended, "sd: FATAL ends it");

	/* startsecs=0: no start can fail */
	pp = sd_params(RESTART_NEVER);
	pp.start_seconds = 0;
	st = fresh();
	policy_step(&pp, &st, PE_START, 0, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(1), 0);
	ok(!r.fast && st.state == PS_EXITED, "sd: startsecs=0, exit at once:"
	    " EXITED, not a failed start");

	/* psd's own meaning is unchanged: exit 2 fails, backoff doubles */
	pp = params(RESTART_ON_FAILURE);
	st = fresh();
	now = run_up(&pp, &st, 0);
	r = policy_step(&pp, &st, PE_EXITED, EXIT(2), now + 10);
	ok(r.failed, "psd: exit 2 is a failure in a psd file");
}

int
main(void)
{
	test_start_and_run();
	test_running_needs_exec();
	test_fast_failures_fatal();
	test_start_seconds_zero();
	test_backoff_cap_and_reset();
	test_restart_policies();
	test_deliberate_stop();
	test_exec_and_fork_failures();
	test_readiness();
	test_watchdog();
	test_ready_timeouts();
	test_self_stop();
	test_whole_table();
	test_supervisord_semantics();
	return done_testing();
}
