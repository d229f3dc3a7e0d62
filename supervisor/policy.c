/*
 * policy.c: the state machine of one supervised program.
 *
 * One handler per state; each handles every event (the unit test walks
 * the whole table).  Times are monotonic milliseconds from the caller.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "duration.h"
#include "policy.h"

static const char *const pevent_names[PE__COUNT] = {
	"start", "stop", "exec-ok", "exec-failed", "spawn-failed", "exited",
	"timer", "ready", "fail", "watchdog", "extend",
	"stopping",
};

const char *
pevent_name(enum pevent e)
{
	return (unsigned int)e < PE__COUNT ? pevent_names[e] : "?";
}

/* Copy the settings the policy needs from a program's config. */
void
policy_params_from(struct policy_params *pp, const struct progconf *pc)
{
	memset(pp, 0, sizeof *pp);
	pp->restart = pc->restart;
	pp->restart_delay = pc->restart_delay;
	pp->restart_delay_max = pc->restart_delay_max;
	pp->start_seconds = pc->start_seconds;
	pp->start_retries = pc->start_retries;
	pp->stop_signal = pc->stop_signal;
	pp->stop_timeout = pc->stop_timeout;
	pp->has_ready = pc->ready != READY_NONE;
	pp->ready_timeout = pc->ready_timeout;
	pp->watchdog = pc->ready == READY_NOTIFY ? pc->watchdog : 0;
	pp->watchdog_signal = pc->watchdog_signal;
	pp->sd = pc->sd_semantics;
	memcpy(pp->exitcodes, pc->sd_exitcodes, sizeof pp->exitcodes);
}

/*
 * A clean exit, or death by the program's own stop signal, is success.
 * supervisord's meaning: an exit code in exitcodes is expected; a death
 * by any signal (one psd did not send to stop it) is not.
 */
static bool
policy_exit_failed(const struct policy_params *pp, int status)
{
	if (pp->sd) {
		int c = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

		return c < 0 || !(pp->exitcodes[c / 8] & (1u << (c % 8)));
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) != 0;
	if (WIFSIGNALED(status))
		return WTERMSIG(status) != pp->stop_signal;
	return true;
}

/* restart_delay doubled per fast failure after the first, capped. */
static int64_t
policy_backoff(const struct policy_params *pp, int fast_fails)
{
	int64_t d = pp->restart_delay;
	int i;

	for (i = 1; i < fast_fails && d < pp->restart_delay_max; i++)
		d *= 2;
	if (d > pp->restart_delay_max)
		d = pp->restart_delay_max;
	return d;
}

/* The deadline while waiting: RUNNING (start_seconds) or readiness. */
static int64_t
policy_wait_deadline(const struct policy_params *pp,
    const struct policy_state *st)
{
	int64_t d = 0;

	/* start_seconds counts once exec is known to have worked */
	if (st->state == PS_STARTING && pp->start_seconds > 0 && st->exec_ok)
		d = st->started + pp->start_seconds;
	if (st->ready_due > 0 && (d == 0 || st->ready_due < d))
		d = st->ready_due;
	return d;
}

/* Begin a run: the caller spawns; deadline per start_seconds/readiness. */
static void
policy_begin(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int64_t now)
{
	st->state = PS_STARTING;
	st->started = now;
	st->deliberate = false;
	st->killed = false;
	st->exec_ok = false;
	st->was_ready = false;
	st->self_stop = false;
	st->fail = PF_NONE;
	st->watchdog_due = 0;
	st->ready_due = pp->has_ready && pp->ready_timeout > 0 ?
	    now + pp->ready_timeout : 0;
	st->deadline = policy_wait_deadline(pp, st);
	r->action = PA_SPAWN;
}

/* Become RUNNING; where readiness is awaited, its timeout stays due. */
static void
policy_running(const struct policy_params *pp, struct policy_state *st)
{
	st->state = PS_RUNNING;
	st->deadline = policy_wait_deadline(pp, st);
}

/* Become READY; the watchdog starts counting now. */
static void
policy_now_ready(const struct policy_params *pp, struct policy_state *st,
    int64_t now)
{
	st->state = PS_READY;
	st->was_ready = true;
	st->ready_due = 0;
	st->watchdog_due = pp->watchdog > 0 ? now + pp->watchdog : 0;
	st->deadline = st->watchdog_due;
}

/* Send the stop (or failure) signal and wait up to stop_timeout. */
static void
policy_stop(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int sig, bool deliberate, int64_t now)
{
	st->state = PS_STOPPING;
	st->deliberate = deliberate;
	st->ready_due = 0;
	st->watchdog_due = 0;
	st->deadline = now + pp->stop_timeout;
	r->action = PA_SIGNAL;
	r->signal = sig;
}

/* STOPPING=1: no signal; the kill is due after stop_timeout. */
static void
policy_self_stop(const struct policy_params *pp, struct policy_state *st,
    int64_t now)
{
	st->state = PS_STOPPING;
	st->deliberate = false;
	st->self_stop = true;
	st->ready_due = 0;
	st->watchdog_due = 0;
	st->deadline = now + pp->stop_timeout;
}

/*
 * supervisord's meaning of an end: one before start_seconds (still
 * STARTING) is a failed start whatever the code and whatever autorestart
 * says, retried after 1s, 2s, 3s ... until start_retries are spent, then
 * FATAL; after a run, autorestart decides and the restart comes at once
 * (BACKOFF for no time, so that every change is still seen).
 */
static void
policy_ended_sd(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int status, bool forced_failure, int64_t now)
{
	bool want;

	r->failed = forced_failure || policy_exit_failed(pp, status);
	/* by the clock, as supervisord judges it: startsecs=0 never fails */
	r->fast = (st->state == PS_STARTING || st->state == PS_RUNNING) &&
	    now - st->started < pp->start_seconds;
	st->deadline = 0;
	st->ready_due = 0;
	st->watchdog_due = 0;
	if (r->fast) {
		r->failed = true;
		st->fast_fails++;
		if (st->fast_fails > pp->start_retries) {
			st->state = PS_FATAL;
			r->ended = true;
			return;
		}
		r->delay = 1000 * (int64_t)st->fast_fails;
	} else {
		st->fast_fails = 0;
		want = pp->restart == RESTART_ALWAYS ||
		    (pp->restart == RESTART_ON_FAILURE && r->failed);
		if (!want) {
			st->state = PS_EXITED;
			r->ended = true;
			return;
		}
		r->delay = 0;
	}
	st->state = PS_BACKOFF;
	st->deadline = now + r->delay;
}

/* The run ended (not deliberately): restart, back off, or give up. */
static void
policy_ended(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int status, bool forced_failure, int64_t now)
{
	int64_t healthy = pp->start_seconds > POLICY_MIN_HEALTHY_MS ?
	    pp->start_seconds : POLICY_MIN_HEALTHY_MS;
	bool want;

	if (pp->sd) {
		policy_ended_sd(pp, st, r, status, forced_failure, now);
		return;
	}
	r->failed = forced_failure || policy_exit_failed(pp, status);
	/* A run that never became ready never started: a failed start. */
	r->fast = now - st->started < healthy ||
	    (pp->has_ready && !st->was_ready);
	st->deadline = 0;
	st->ready_due = 0;
	st->watchdog_due = 0;
	want = pp->restart == RESTART_ALWAYS ||
	    (pp->restart == RESTART_ON_FAILURE && r->failed);
	if (!want) {
		st->state = PS_EXITED;
		r->ended = true;
		return;
	}
	if (r->fast) {
		st->fast_fails++;
		if (pp->start_retries >= 0 &&
		    st->fast_fails > pp->start_retries) {
			st->state = PS_FATAL;
			r->ended = true;
			return;
		}
		r->delay = policy_backoff(pp, st->fast_fails);
	} else {
		st->fast_fails = 0;
		r->delay = pp->restart_delay;
	}
	st->state = PS_BACKOFF;
	st->deadline = now + r->delay;
}

/* The watchdog went off: count it, send watchdog_signal, escalate. */
static void
policy_watchdog_miss(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, bool trigger, int64_t now)
{
	st->watchdog_misses++;
	st->fail = trigger ? PF_WATCHDOG_TRIGGER : PF_WATCHDOG;
	r->watchdog_miss = true;
	policy_stop(pp, st, r, pp->watchdog_signal, false, now);
}

static void
policy_inactive(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, struct policy_result *r, int64_t now)
{
	/* STOPPED, EXITED, FATAL: only a start request does anything. */
	switch (ev) {
	case PE_START:
		st->fast_fails = 0;
		st->spawn_fails = 0;
		policy_begin(pp, st, r, now);
		break;
	case PE_STOP:
	case PE_EXEC_OK:
	case PE_EXEC_FAILED:
	case PE_SPAWN_FAILED:
	case PE_EXITED:
	case PE_TIMER:
	case PE_READY:
	case PE_FAIL:
	case PE_WATCHDOG:
	case PE_EXTEND:
	case PE_STOPPING:
	case PE__COUNT:
		break;
	}
}

static void
policy_starting(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, int status, struct policy_result *r, int64_t now)
{
	switch (ev) {
	case PE_START:
		break;
	case PE_STOP:
		policy_stop(pp, st, r, pp->stop_signal, true, now);
		break;
	case PE_EXEC_OK:
		st->exec_ok = true;
		st->spawn_fails = 0;
		if (st->state != PS_STARTING)
			break;
		if (now - st->started >= pp->start_seconds)
			policy_running(pp, st);
		else
			st->deadline = policy_wait_deadline(pp, st);
		break;
	case PE_EXEC_FAILED:
		st->state = PS_FATAL;
		st->deadline = 0;
		r->ended = true;
		r->failed = true;
		break;
	case PE_SPAWN_FAILED:
		st->spawn_fails++;
		r->delay = POLICY_SPAWN_RETRY_MS;
		for (int i = 1; i < st->spawn_fails && r->delay < 10000; i++)
			r->delay *= 2;
		st->state = PS_BACKOFF;
		st->deadline = now + r->delay;
		break;
	case PE_EXITED:
		policy_ended(pp, st, r, status, false, now);
		break;
	case PE_TIMER:
		if (st->state == PS_STARTING && st->exec_ok &&
		    now - st->started >= pp->start_seconds)
			policy_running(pp, st);
		if (st->ready_due > 0 && now >= st->ready_due) {
			/* readiness never came: a failed start */
			st->fail = PF_READY_TIMEOUT;
			policy_stop(pp, st, r, pp->stop_signal, false, now);
		} else
			st->deadline = policy_wait_deadline(pp, st);
		break;
	case PE_READY:
		policy_now_ready(pp, st, now);
		break;
	case PE_FAIL:
		st->fail = PF_OTHER;
		policy_stop(pp, st, r, status, false, now);
		break;
	case PE_WATCHDOG:
		/* pings count once READY; a trigger counts at any time */
		if (status != 0 && pp->watchdog > 0)
			policy_watchdog_miss(pp, st, r, true, now);
		break;
	case PE_EXTEND:
		if (st->ready_due > 0 && now + status > st->ready_due) {
			st->ready_due = now + status;
			st->deadline = policy_wait_deadline(pp, st);
		}
		break;
	case PE_STOPPING:
		policy_self_stop(pp, st, now);
		break;
	case PE__COUNT:
		break;
	}
}

static void
policy_ready(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, int status, struct policy_result *r, int64_t now)
{
	switch (ev) {
	case PE_STOP:
		policy_stop(pp, st, r, pp->stop_signal, true, now);
		break;
	case PE_EXITED:
		policy_ended(pp, st, r, status, false, now);
		break;
	case PE_FAIL:
		st->fail = PF_OTHER;
		policy_stop(pp, st, r, status, false, now);
		break;
	case PE_EXEC_OK:
		st->exec_ok = true;
		break;
	case PE_WATCHDOG:
		if (pp->watchdog <= 0)
			break;
		if (status != 0)
			policy_watchdog_miss(pp, st, r, true, now);
		else {
			st->watchdog_due = now + pp->watchdog;
			st->deadline = st->watchdog_due;
		}
		break;
	case PE_TIMER:
		if (st->watchdog_due > 0 && now >= st->watchdog_due)
			policy_watchdog_miss(pp, st, r, false, now);
		else
			st->deadline = st->watchdog_due;
		break;
	case PE_STOPPING:
		policy_self_stop(pp, st, now);
		break;
	case PE_START:		/* already up */
	case PE_EXEC_FAILED:	/* exec reported OK before READY */
	case PE_SPAWN_FAILED:
	case PE_READY:		/* again: nothing new */
	case PE_EXTEND:		/* only extends a start or a stop */
	case PE__COUNT:
		break;
	}
}

static void
policy_backoff_state(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, struct policy_result *r, int64_t now)
{
	switch (ev) {
	case PE_START:		/* asked to start now: skip the wait */
		st->fast_fails = 0;
		policy_begin(pp, st, r, now);
		break;
	case PE_TIMER:
		policy_begin(pp, st, r, now);
		r->restart = true;
		break;
	case PE_STOP:
		st->state = PS_STOPPED;
		st->deadline = 0;
		break;
	case PE_EXEC_OK:	/* no process exists while backing off */
	case PE_EXEC_FAILED:
	case PE_SPAWN_FAILED:
	case PE_EXITED:
	case PE_READY:
	case PE_FAIL:
	case PE_WATCHDOG:
	case PE_EXTEND:
	case PE_STOPPING:
	case PE__COUNT:
		break;
	}
}

static void
policy_stopping(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, int status, struct policy_result *r, int64_t now)
{
	switch (ev) {
	case PE_STOP:
		st->deliberate = true;
		break;
	case PE_TIMER:
		if (!st->killed) {
			st->killed = true;
			r->action = PA_KILL;
		}
		st->deadline = 0;
		break;
	case PE_EXTEND:
		if (!st->killed && now + status > st->deadline)
			st->deadline = now + status;
		break;
	case PE_EXITED:
		if (st->deliberate) {
			st->state = PS_STOPPED;
			st->deadline = 0;
		} else	/* psd stopped it: a failure; STOPPING=1: its status */
			policy_ended(pp, st, r, status, !st->self_stop, now);
		break;
	case PE_START:		/* a start waits for the stop (restart_pending) */
	case PE_EXEC_OK:
	case PE_EXEC_FAILED:
	case PE_SPAWN_FAILED:
	case PE_READY:		/* too late: it is stopping */
	case PE_FAIL:		/* already being stopped */
	case PE_WATCHDOG:
	case PE_STOPPING:
	case PE__COUNT:
		break;
	}
}

const char *
policy_failure(const struct policy_params *pp, const struct policy_state *st,
    char *buf, size_t len)
{
	char d[32];

	switch (st->fail) {
	case PF_READY_TIMEOUT:
		snprintf(buf, len, "not ready within %s (ready_timeout)",
		    duration_format(pp->ready_timeout, d, sizeof d));
		return buf;
	case PF_WATCHDOG:
		snprintf(buf, len, "watchdog: no WATCHDOG=1 for %s",
		    duration_format(pp->watchdog, d, sizeof d));
		return buf;
	case PF_WATCHDOG_TRIGGER:
		snprintf(buf, len, "watchdog: WATCHDOG=trigger");
		return buf;
	case PF_NONE:
	case PF_OTHER:
		break;
	}
	return NULL;
}

struct policy_result
policy_step(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, int status, int64_t now)
{
	struct policy_result r;

	memset(&r, 0, sizeof r);
	switch (st->state) {
	case PS_STOPPED:
	case PS_EXITED:
	case PS_FATAL:
		policy_inactive(pp, st, ev, &r, now);
		break;
	case PS_STARTING:
	case PS_RUNNING:
		policy_starting(pp, st, ev, status, &r, now);
		break;
	case PS_READY:
		policy_ready(pp, st, ev, status, &r, now);
		break;
	case PS_BACKOFF:
		policy_backoff_state(pp, st, ev, &r, now);
		break;
	case PS_STOPPING:
		policy_stopping(pp, st, ev, status, &r, now);
		break;
	case PS__COUNT:
		break;
	}
	return r;
}
