/*
 * supervise.c: start order, psd's work as a whole, shutdown, exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drain.h"
#include "duration.h"
#include "log.h"
#include "loop.h"
#include "roster.h"
#include "supervise.h"
#include "workdone.h"

#define SUPERVISE_MAX_OBSERVERS	8

static struct supervise_opts	 opts;
static enum supervise_phase	 phase;
static bool			 hurry;		/* SIGKILL instead of waiting */
static struct supervise_result	 result;
static unsigned int		 end_seq;	/* programs' ends, counted */
static struct timer		 shutdown_timer;
static const struct supervise_observer *observers[SUPERVISE_MAX_OBSERVERS];
static int			 nobservers;

static void	supervise_changed(struct program *, enum pstate,
		    const struct policy_result *);

void
supervise_observe(const struct supervise_observer *o)
{
	if (nobservers == SUPERVISE_MAX_OBSERVERS)
		fatalx(1, "supervise: too many observers");
	observers[nobservers++] = o;
}

/* Tell the observers that p changed. */
static void
supervise_tell_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	int i;

	for (i = 0; i < nobservers; i++)
		if (observers[i]->changed != NULL)
			observers[i]->changed(p, old, r);
}

enum supervise_news { SV_NEWS_STARTING, SV_NEWS_STARTED, SV_NEWS_STOPPING };

/* Tell the observers of news about the set as a whole. */
static void
supervise_tell(enum supervise_news news)
{
	const struct supervise_observer *o;
	void (*fn)(void);
	int i;

	for (i = 0; i < nobservers; i++) {
		o = observers[i];
		fn = news == SV_NEWS_STARTING ? o->starting :
		    news == SV_NEWS_STARTED ? o->started : o->stopping;
		if (fn != NULL)
			fn();
	}
}

const struct supervise_opts *
supervise_options(void)
{
	return &opts;
}

int
supervise_count(void)
{
	return roster_count();
}

struct program *
supervise_at(int i)
{
	return roster_at(i);
}

struct program *
supervise_find(const char *name)
{
	return roster_find(name);
}

struct config *
supervise_config(void)
{
	return roster_config();
}

enum supervise_phase
supervise_phase(void)
{
	return phase;
}

const struct supervise_result *
supervise_result(void)
{
	return &result;
}

bool
supervise_shutting_down(void)
{
	return phase != SV_RUNNING;
}

bool
supervise_draining(void)
{
	return phase >= SV_DRAINING;
}

static bool
supervise_counts_active(const struct program *p, enum pstate s)
{
	return pstate_active(s) && !p->conf->detach;
}

/* How many programs psd must still see stop (detached ones aside). */
static int
supervise_n_active(void)
{
	int i, n = 0;

	for (i = 0; i < roster_count(); i++)
		n += supervise_counts_active(roster_at(i),
		    program_state(roster_at(i)));
	return n;
}

/* Start p: its start is no longer pending (supervise.c owns the plan). */
static void
supervise_program_start(struct program *p)
{
	p->start_pending = false;
	program_start(p);
}

/* Stop p: nor is a start pending. */
static void
supervise_program_stop(struct program *p)
{
	p->start_pending = false;
	program_stop(p);
}

/* Can p start now?  If not, say why in p->reason. */
static bool
supervise_deps_ready(struct program *p)
{
	struct program *d;
	int i;

	for (i = 0; i < p->ndeps; i++) {
		d = p->deps[i];
		if (workdone_dep_satisfied(d))
			continue;
		if (program_state(d) == PS_FATAL ||
		    program_state(d) == PS_EXITED)
			program_set_reason(p, "dependency %s is %s",
			    program_name(d), pstate_name(program_state(d)));
		else
			program_set_reason(p, "waiting for %s",
			    program_name(d));
		return false;
	}
	return true;
}

/* Start p now, or as soon as its dependencies allow. */
static void
supervise_request_start(struct program *p)
{
	if (phase != SV_RUNNING)
		return;		/* held: psd is shutting down */
	if (!supervise_deps_ready(p)) {
		if (!p->start_pending)
			log_debug("program %s: %s", program_name(p), p->reason);
		p->start_pending = true;
		return;
	}
	supervise_program_start(p);
}

void
supervise_start(void)
{
	int i, nondaemon = 0;

	supervise_tell(SV_NEWS_STARTING);
	for (i = 0; i < roster_count(); i++) {
		nondaemon += !roster_at(i)->conf->daemon &&
		    !roster_at(i)->conf->detach;
		if (roster_at(i)->conf->autostart)
			supervise_request_start(roster_at(i));
	}
	/* Say why psd will not end by itself (pause mode says nothing). */
	if (roster_count() == 0 && !opts.single)
		log_info("no program to run: reaping orphans until told to"
		    " stop (SIGTERM, psctl shutdown)");
	else if (roster_count() > 0 && nondaemon == 0)
		log_info("every program is a daemon: psd runs until told to"
		    " stop (SIGTERM, psctl shutdown)");
	supervise_tell(SV_NEWS_STARTED);
}

/* Nothing left to stop: drain the leftovers, then the loop ends. */
static void
supervise_drained(void)
{
	log_debug("drain: done");
	phase = SV_DONE;
	timer_cancel(&shutdown_timer);
	loop_stop();
}

static bool
supervise_keep_session(pid_t sid)
{
	int i;

	for (i = 0; i < roster_count(); i++)
		if (roster_at(i)->conf->detach &&
		    program_owns_session(roster_at(i), sid))
			return true;
	return false;
}

/* Every program is down: the drain of what they left begins. */
static void
supervise_begin_drain(void)
{
	bool detached = false;
	int i;

	if (phase != SV_STOPPING)
		return;
	phase = SV_DRAINING;
	for (i = 0; i < roster_count(); i++)
		detached |= roster_at(i)->conf->detach;
	drain_begin(opts.grace, detached ? supervise_keep_session : NULL,
	    supervise_drained);
	if (hurry)
		drain_hurry();
}

/*
 * supervisord stops one group at a time, the last in priority order
 * first, and the next only once all of it is down: p's turn has come
 * when no supervisord program after it, of another group, still runs.
 */
static bool
supervise_sd_turn(const struct program *p)
{
	const struct program *q;
	bool after = false;
	int i;

	for (i = 0; i < roster_count(); i++) {
		q = roster_at(i);
		if (q == p)
			after = true;
		else if (after && q->conf->sd_semantics &&
		    strcmp(q->conf->base, p->conf->base) != 0 &&
		    supervise_counts_active(q, q->ps.state))
			return false;
	}
	return true;
}

/* Stop p if nothing that depends on it still runs. */
static void
supervise_stop_if_free(struct program *p)
{
	int i;

	if (!pstate_active(program_state(p)) ||
	    program_state(p) == PS_STOPPING || p->conf->detach)
		return;
	if (p->conf->sd_semantics && !supervise_sd_turn(p))
		return;
	for (i = 0; i < p->nrdeps; i++)
		if (supervise_counts_active(p->rdeps[i],
		    program_state(p->rdeps[i])))
			return;
	supervise_program_stop(p);
}

static void
supervise_shutdown_timeout(struct timer *t)
{
	char d[32];

	(void)t;
	log_warnx("shutdown_timeout (%s) reached: killing what is left",
	    duration_format(roster_config()->shutdown_timeout, d, sizeof d));
	supervise_shutdown("shutdown_timeout");
}

/* The work is over (result decided): stop what remains, dependents first. */
static void
supervise_stop_all(void)
{
	int i;

	phase = SV_STOPPING;
	log_info("shutting down: %s", result.line);
	supervise_tell(SV_NEWS_STOPPING);
	for (i = 0; i < roster_count(); i++) {
		roster_at(i)->start_pending = false;
		roster_at(i)->restart_pending = false;
	}
	if (roster_config()->shutdown_timeout > 0)
		timer_set(&shutdown_timer,
		    loop_now() + roster_config()->shutdown_timeout);
	for (i = roster_count() - 1; i >= 0; i--)
		supervise_stop_if_free(roster_at(i));
	if (supervise_n_active() == 0)
		supervise_begin_drain();
}

/* A second request, or shutdown_timeout: SIGKILL what is left. */
static void
supervise_hurry(const char *why)
{
	int i;

	if (hurry)
		return;
	hurry = true;
	log_warnx("shutting down now (%s): sending KILL", why);
	for (i = 0; i < roster_count(); i++)
		if (supervise_counts_active(roster_at(i),
		    program_state(roster_at(i))))
			program_kill(roster_at(i));
	if (phase >= SV_DRAINING)
		drain_hurry();
}

void
supervise_shutdown(const char *why)
{
	if (phase != SV_RUNNING) {
		supervise_hurry(why);
		return;
	}
	workdone_decide(&result, SV_CAUSE_REQUEST, why, NULL,
	    opts.remap);
	supervise_stop_all();
}

/* p reached RUNNING/READY/EXITED: start dependents that were waiting. */
static void
supervise_wake_dependents(struct program *p)
{
	struct program *r;
	int i;

	for (i = 0; i < p->nrdeps; i++) {
		r = p->rdeps[i];
		if (r->start_pending && supervise_deps_ready(r))
			supervise_program_start(r);
	}
}

/* Is psd's work done (p changed as r says; p NULL: one left the set)? */
static void
supervise_check_work(struct program *p, const struct policy_result *r)
{
	if (p != NULL && r->ended && p == roster_main()) {
		workdone_decide(&result, SV_CAUSE_MAIN, NULL, p, opts.remap);
	} else if (p != NULL && r->ended && p->conf->essential) {
		workdone_decide(&result, SV_CAUSE_ESSENTIAL, NULL, p,
		    opts.remap);
	} else if (roster_main() == NULL && workdone_all_ended()) {
		workdone_decide(&result, SV_CAUSE_ALL_ENDED, NULL, NULL,
		    opts.remap);
	} else
		return;
	supervise_stop_all();
}

void
supervise_recheck(void)
{
	if (phase == SV_RUNNING)
		supervise_check_work(NULL, NULL);
}

/* Take p out of the set, telling the observers first. */
static void
supervise_drop(struct program *p)
{
	int i;

	for (i = 0; i < nobservers; i++)
		if (observers[i]->removed != NULL)
			observers[i]->removed(p);
	roster_drop(p);
}

static void
supervise_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = program_state(p);
	int i;

	if (pstate_active(now) && !pstate_active(old))
		p->ended = false;	/* started again */
	if (r->ended) {
		p->ended = true;
		p->ended_failed = r->failed;
		p->ended_seq = ++end_seq;
	}
	if (now == PS_RUNNING || now == PS_READY || now == PS_EXITED)
		supervise_wake_dependents(p);
	if (now == PS_FATAL || now == PS_EXITED)
		for (i = 0; i < p->nrdeps; i++)
			if (p->rdeps[i]->start_pending)
				(void)supervise_deps_ready(p->rdeps[i]);

	supervise_tell_changed(p, old, r);
	if (!pstate_active(now) && p->removing) {
		for (i = 0; i < p->ndeps; i++)
			if (phase == SV_STOPPING)
				supervise_stop_if_free(p->deps[i]);
		supervise_drop(p);
		if (phase == SV_RUNNING)
			supervise_check_work(NULL, r);
		else if (supervise_n_active() == 0)
			supervise_begin_drain();
		return;
	}
	if (!pstate_active(now) && p->next_conf != NULL) {
		roster_set_conf(p, p->next_conf, p->next_owner);
		p->next_conf = NULL;
		p->next_owner = NULL;
	}
	if (phase != SV_RUNNING) {
		if (!pstate_active(now)) {
			for (i = 0; i < p->ndeps; i++)
				supervise_stop_if_free(p->deps[i]);
			/* supervisord's next group, if this one is down */
			for (i = roster_count() - 1; i >= 0 &&
			    p->conf->sd_semantics; i--)
				supervise_stop_if_free(roster_at(i));
			if (supervise_n_active() == 0)
				supervise_begin_drain();
		}
		return;
	}
	if (p->restart_pending && !pstate_active(now)) {
		p->restart_pending = false;
		supervise_request_start(p);
		return;
	}
	supervise_check_work(p, r);
}

struct program *
supervise_owner(pid_t pgrp, pid_t session)
{
	return roster_owner(pgrp, session);
}

void
supervise_start_program(struct program *p)
{
	if (pstate_active(program_state(p)) && program_state(p) != PS_BACKOFF &&
	    program_state(p) != PS_STOPPING)
		return;
	if (program_state(p) == PS_STOPPING) {
		if (phase == SV_RUNNING)
			p->restart_pending = true; /* start it once it is down */
		return;
	}
	supervise_request_start(p);
}

void
supervise_stop_program(struct program *p)
{
	static const struct policy_result none;

	p->restart_pending = false;
	if (p->start_pending) {
		p->start_pending = false;
		program_set_reason(p, NULL);
		supervise_tell_changed(p, program_state(p), &none);
	}
	supervise_program_stop(p);
}

void
supervise_restart_program(struct program *p)
{
	if (!pstate_active(program_state(p)) ||
	    program_state(p) == PS_BACKOFF) {
		/* BACKOFF: cancel the pending retry */
		supervise_program_stop(p);
		supervise_request_start(p);
		return;
	}
	if (phase == SV_RUNNING)
		p->restart_pending = true;
	supervise_program_stop(p);
}

bool
supervise_ready(char *why, size_t len)
{
	struct program *p;
	int i;

	if (phase != SV_RUNNING) {
		snprintf(why, len, "psd is shutting down");
		return false;
	}
	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (!p->conf->autostart)
			continue;
		if (program_state(p) == PS_READY ||
		    (program_state(p) == PS_RUNNING &&
		    p->conf->ready == READY_NONE))
			continue;
		if (program_state(p) == PS_EXITED && p->exit_code == 0)
			continue;	/* a one-shot that did its job */
		if (p->start_pending || program_state(p) == PS_FATAL)
			snprintf(why, len, "%s is %s%s%s", program_name(p),
			    p->start_pending ? "not started" :
			    pstate_name(program_state(p)),
			    p->reason[0] ? ": " : "", p->reason);
		else
			snprintf(why, len, "%s is %s", program_name(p),
			    pstate_name(program_state(p)));
		return false;
	}
	return true;
}

/* reload.c: p is gone from the new config. */
void
supervise_remove_program(struct program *p)
{
	p->removing = true;
	p->start_pending = false;
	p->restart_pending = false;
	p->next_conf = NULL;
	if (pstate_active(program_state(p)))
		supervise_program_stop(p);
	else
		supervise_drop(p);
}

/* reload.c: p now comes from pc; restart it if pc changed how it runs. */
void
supervise_replace_conf(struct program *p, struct progconf *pc,
    struct config *cfg, bool changed)
{
	enum pstate was;

	p->next_conf = NULL;
	p->next_owner = NULL;
	if (!changed) {
		roster_set_conf(p, pc, cfg);
		return;
	}
	if (pstate_active(program_state(p)) && program_state(p) != PS_BACKOFF) {
		p->next_conf = pc;
		p->next_owner = cfg;
		p->restart_pending = true;
		supervise_program_stop(p);
		return;
	}
	was = program_state(p);
	if (was == PS_BACKOFF)
		supervise_program_stop(p);	/* drop the pending retry */
	roster_set_conf(p, pc, cfg);
	/* Retry what failed or never ran; leave what was stopped by hand. */
	if (pc->autostart && (was == PS_BACKOFF || was == PS_EXITED ||
	    was == PS_FATAL || (was == PS_STOPPED && p->spawns == 0)))
		supervise_request_start(p);
}

/* reload.c: start a program that is new in the config. */
void
supervise_added(struct program *p)
{
	if (p->conf->autostart)
		supervise_request_start(p);
}

void
supervise_release_held(void)
{
	int i;

	for (i = 0; i < roster_count(); i++)
		program_release(roster_at(i));
}

void
supervise_init(struct config *c, const struct supervise_opts *o)
{
	opts = *o;
	phase = SV_RUNNING;
	hurry = false;
	memset(&result, 0, sizeof result);
	end_seq = 0;
	program_init_module(supervise_changed, getpid(), &opts.main_spawn);
	timer_init(&shutdown_timer, supervise_shutdown_timeout, NULL);
	roster_init(c);
}

void
supervise_free(void)
{
	roster_free();
	nobservers = 0;
}

int
supervise_exit_status(void)
{
	return workdone_exit_status(&result, opts.remap);
}
