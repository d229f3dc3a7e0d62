/*
 * policy.c: the state machine of one supervised program.
 *
 * One handler per state; each handles every event (the unit test walks
 * the whole table).  Times are monotonic milliseconds from the caller.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "policy.h"

static const char *const pstate_names[PS__COUNT] = {
	"STOPPED", "STARTING", "RUNNING", "READY", "BACKOFF", "STOPPING",
	"EXITED", "FATAL",
};

static const char *const pevent_names[PE__COUNT] = {
	"start", "stop", "exec-ok", "exec-failed", "spawn-failed", "exited",
	"timer", "ready", "fail",
};

const char *
pstate_name(enum pstate s)
{
	return (unsigned int)s < PS__COUNT ? pstate_names[s] : "?";
}

const char *
pevent_name(enum pevent e)
{
	return (unsigned int)e < PE__COUNT ? pevent_names[e] : "?";
}

bool
pstate_active(enum pstate s)
{
	return s == PS_STARTING || s == PS_RUNNING || s == PS_READY ||
	    s == PS_BACKOFF || s == PS_STOPPING;
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
}

/* A clean exit, or death by the program's own stop signal, is success. */
bool
policy_exit_failed(const struct policy_params *pp, int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status) != 0;
	if (WIFSIGNALED(status))
		return WTERMSIG(status) != pp->stop_signal;
	return true;
}

/* restart_delay doubled per fast failure after the first, capped. */
int64_t
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
	st->deadline = pp->start_seconds > 0 ? now + pp->start_seconds : 0;
	if (pp->has_ready && (st->deadline == 0 ||
	    now + pp->ready_timeout < st->deadline))
		st->deadline = now + pp->ready_timeout;
	r->action = PA_SPAWN;
}

/* Become RUNNING; where readiness is awaited, its timeout stays due. */
static void
policy_running(const struct policy_params *pp, struct policy_state *st)
{
	st->state = PS_RUNNING;
	st->deadline = pp->has_ready ? st->started + pp->ready_timeout : 0;
}

/* Send the stop (or failure) signal and wait up to stop_timeout. */
static void
policy_stop(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int sig, bool deliberate, int64_t now)
{
	st->state = PS_STOPPING;
	st->deliberate = deliberate;
	st->deadline = now + pp->stop_timeout;
	r->action = PA_SIGNAL;
	r->signal = sig;
}

/* The run ended (not deliberately): restart, back off, or give up. */
static void
policy_ended(const struct policy_params *pp, struct policy_state *st,
    struct policy_result *r, int status, bool forced_failure, int64_t now)
{
	int64_t healthy = pp->start_seconds > POLICY_MIN_HEALTHY_MS ?
	    pp->start_seconds : POLICY_MIN_HEALTHY_MS;
	bool want;

	r->failed = forced_failure || policy_exit_failed(pp, status);
	r->fast = now - st->started < healthy;
	st->deadline = 0;
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

static void
policy_inactive(const struct policy_params *pp, struct policy_state *st,
    enum pevent ev, struct policy_result *r, int64_t now)
{
	/* STOPPED, EXITED, FATAL: only a start request does anything. */
	if (ev == PE_START) {
		st->fast_fails = 0;
		st->spawn_fails = 0;
		policy_begin(pp, st, r, now);
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
		if (pp->start_seconds == 0 && st->state == PS_STARTING)
			policy_running(pp, st);
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
		if (st->state == PS_STARTING &&
		    now - st->started >= pp->start_seconds) {
			policy_running(pp, st);
			if (st->deadline != 0 && st->deadline <= now)
				policy_stop(pp, st, r, pp->stop_signal, false,
				    now);
		} else if (pp->has_ready)
			/* readiness never came: a failed start */
			policy_stop(pp, st, r, pp->stop_signal, false, now);
		break;
	case PE_READY:
		st->state = PS_READY;
		st->deadline = 0;
		break;
	case PE_FAIL:
		policy_stop(pp, st, r, status, false, now);
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
		policy_stop(pp, st, r, status, false, now);
		break;
	case PE_EXEC_OK:
		st->exec_ok = true;
		break;
	default:
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
	default:
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
	case PE_EXITED:
		if (st->deliberate) {
			st->state = PS_STOPPED;
			st->deadline = 0;
		} else
			policy_ended(pp, st, r, status, true, now);
		break;
	default:
		break;
	}
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
