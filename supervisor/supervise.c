/*
 * supervise.c: start order, psd's work as a whole, shutdown, exit status.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "drain.h"
#include "duration.h"
#include "log.h"
#include "output.h"
#include "loop.h"
#include "notify.h"
#include "procfs.h"
#include "readiness.h"
#include "reap.h"
#include "roster.h"
#include "sdnotify.h"
#include "stats.h"
#include "supervise.h"
#include "tty.h"
#include "util.h"
#include "xmalloc.h"

static struct supervise_opts	 opts;
static bool			 shutting_down;
static bool			 hurry;		/* SIGKILL instead of waiting */
static bool			 drain_started;
static int			 n_active;	/* active, not detached */
static int			 n_nondaemon_active;
static bool			 any_nondaemon_ended;
static bool			 have_failure;
static int			 failure_code;
static bool			 have_essential;
static int			 essential_code;
static struct timer		 shutdown_timer;

static void	supervise_changed(struct program *, enum pstate,
		    const struct policy_result *);
static void	supervise_orphan(pid_t, int, const struct proc_stat *);

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

bool
supervise_shutting_down(void)
{
	return shutting_down;
}

bool
supervise_draining(void)
{
	return drain_started;
}

static bool
supervise_counts_active(const struct program *p, enum pstate s)
{
	return pstate_active(s) && !p->conf->detach;
}

/* Is dependency dep far enough for its dependents to start? */
static bool
supervise_dep_satisfied(const struct program *dep)
{
	switch (dep->ps.state) {
	case PS_READY:
		return true;
	case PS_RUNNING:
		return dep->conf->ready == READY_NONE;
	case PS_EXITED:		/* a one-shot that finished well */
		return dep->has_exited && dep->exit_code == 0;
	default:
		return false;
	}
}

/* Can p start now?  If not, say why in p->reason. */
static bool
supervise_deps_ready(struct program *p)
{
	struct program *d;
	int i;

	for (i = 0; i < p->ndeps; i++) {
		d = p->deps[i];
		if (supervise_dep_satisfied(d))
			continue;
		if (d->ps.state == PS_FATAL || d->ps.state == PS_EXITED)
			snprintf(p->reason, sizeof p->reason,
			    "dependency %s is %s", program_name(d),
			    pstate_name(d->ps.state));
		else
			snprintf(p->reason, sizeof p->reason,
			    "waiting for %s", program_name(d));
		return false;
	}
	return true;
}

/* Start p now, or as soon as its dependencies allow. */
static void
supervise_request_start(struct program *p)
{
	if (shutting_down)
		return;
	if (!supervise_deps_ready(p)) {
		if (!p->start_pending)
			log_debug("program %s: %s", program_name(p), p->reason);
		p->start_pending = true;
		return;
	}
	program_start(p);
}

void
supervise_start(void)
{
	int i, nondaemon = 0;

	output_layout();	/* from now on psd's lines share the column */
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
	sdnotify_changed();
}

/* Could a pending non-daemon program still start some day? */
static bool
supervise_pending_can_start(void)
{
	struct program *p, *d;
	int i, j;
	bool blocked;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (!p->start_pending || p->conf->daemon)
			continue;
		blocked = false;
		for (j = 0; j < p->ndeps; j++) {
			d = p->deps[j];
			if (!supervise_dep_satisfied(d) &&
			    !pstate_active(d->ps.state) && !d->start_pending)
				blocked = true;
		}
		if (!blocked)
			return true;
	}
	return false;
}

/* Nothing left to stop: drain the leftovers, then the loop ends. */
static void
supervise_drained(void)
{
	log_debug("drain: done");
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

static void
supervise_begin_drain(void)
{
	bool detached = false;
	int i;

	if (drain_started)
		return;
	drain_started = true;
	for (i = 0; i < roster_count(); i++)
		detached |= roster_at(i)->conf->detach;
	drain_begin(opts.grace, detached ? supervise_keep_session : NULL,
	    supervise_drained);
	if (hurry)
		drain_hurry();
}

/* Stop p if nothing that depends on it still runs. */
static void
supervise_stop_if_free(struct program *p)
{
	int i;

	if (!pstate_active(p->ps.state) || p->ps.state == PS_STOPPING ||
	    p->conf->detach)
		return;
	for (i = 0; i < p->nrdeps; i++)
		if (supervise_counts_active(p->rdeps[i], p->rdeps[i]->ps.state))
			return;
	program_stop(p);
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

void
supervise_shutdown(const char *why)
{
	int i;

	if (shutting_down) {
		if (hurry)
			return;
		hurry = true;
		log_warnx("shutting down now (%s): sending KILL", why);
		for (i = 0; i < roster_count(); i++)
			if (supervise_counts_active(roster_at(i),
			    roster_at(i)->ps.state))
				program_kill(roster_at(i));
		if (drain_started)
			drain_hurry();
		return;
	}
	shutting_down = true;
	log_info("shutting down: %s", why);
	sdnotify_stopping();
	for (i = 0; i < roster_count(); i++) {
		roster_at(i)->start_pending = false;
		roster_at(i)->restart_pending = false;
	}
	if (roster_config()->shutdown_timeout > 0)
		timer_set(&shutdown_timer, loop_now() + roster_config()->shutdown_timeout);
	for (i = roster_count() - 1; i >= 0; i--)
		supervise_stop_if_free(roster_at(i));
	if (n_active == 0)
		supervise_begin_drain();
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
			program_start(r);
	}
}

/* Did psd's work end with this change? */
static void
supervise_check_work(struct program *p, const struct policy_result *r)
{
	if (r->ended && p->conf->essential) {
		have_essential = true;
		essential_code = p->exit_code;
		log_warnx("program %s is essential and has ended (%s)",
		    program_name(p), pstate_name(p->ps.state));
		supervise_shutdown("an essential program ended");
		return;
	}
	if (n_nondaemon_active > 0 || !any_nondaemon_ended)
		return;
	if (supervise_pending_can_start())
		return;
	supervise_shutdown(roster_main() != NULL && p == roster_main() ?
	    "the main program ended" : "every non-daemon program has ended");
}

static void
supervise_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = p->ps.state;
	int delta, i;

	readiness_changed(p, old, r);
	delta = supervise_counts_active(p, now) - supervise_counts_active(p, old);
	n_active += delta;
	if (!p->conf->daemon)
		n_nondaemon_active += delta;

	if (p == roster_main()) {
		if (now == PS_STARTING && old != PS_STARTING && p->pid > 0)
			tty_main_started(p->pid);
		else if (!pstate_active(now))
			tty_main_exited();
	}
	if (r->ended && !p->conf->daemon) {
		any_nondaemon_ended = true;
		if (r->failed && !have_failure && !shutting_down &&
		    p != roster_main()) {
			have_failure = true;
			failure_code = p->exit_code != 0 ? p->exit_code : 1;
		}
	}
	if (now == PS_RUNNING || now == PS_READY || now == PS_EXITED)
		supervise_wake_dependents(p);
	if (now == PS_FATAL || now == PS_EXITED)
		for (i = 0; i < p->nrdeps; i++)
			if (p->rdeps[i]->start_pending)
				(void)supervise_deps_ready(p->rdeps[i]);

	sdnotify_changed();
	control_program_changed(p);
	if (!pstate_active(now) && p->removing) {
		for (i = 0; i < p->ndeps; i++)
			if (shutting_down)
				supervise_stop_if_free(p->deps[i]);
		roster_drop(p);
		if (shutting_down && n_active == 0)
			supervise_begin_drain();
		return;
	}
	if (!pstate_active(now) && p->next_conf != NULL) {
		roster_set_conf(p, p->next_conf, p->next_owner);
		p->next_conf = NULL;
		p->next_owner = NULL;
	}
	if (shutting_down) {
		if (!pstate_active(now)) {
			for (i = 0; i < p->ndeps; i++)
				supervise_stop_if_free(p->deps[i]);
			if (n_active == 0)
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

static void
supervise_orphan(pid_t pid, int status, const struct proc_stat *st)
{
	struct program *owner = NULL;
	char buf[64];
	int level;

	if (st != NULL)
		owner = supervise_owner(st->pgrp, st->session);
	else if (roster_count() == 1)
		owner = roster_at(0);
	if (owner != NULL) {
		owner->orphans++;
		stats_get()->orphans_attributed++;
	}
	program_group_check_all(roster_at, roster_count());
	level = opts.warn_reap ? LOG_LVL_WARN :
	    opts.single || opts.show_reaps ? LOG_LVL_INFO : LOG_LVL_DEBUG;
	if (!log_enabled(level))
		return;
	if (owner != NULL)
		log_msg(level, "reaped orphan pid %d of %s (%s)", (int)pid,
		    program_name(owner),
		    wait_status_str(status, buf, sizeof buf));
	else
		log_msg(level, "reaped orphan pid %d (%s)", (int)pid,
		    wait_status_str(status, buf, sizeof buf));
}

void
supervise_start_program(struct program *p)
{
	if (pstate_active(p->ps.state) && p->ps.state != PS_BACKOFF &&
	    p->ps.state != PS_STOPPING)
		return;
	if (p->ps.state == PS_STOPPING) {
		p->restart_pending = true;	/* start it once it is down */
		return;
	}
	supervise_request_start(p);
}

void
supervise_stop_program(struct program *p)
{
	p->restart_pending = false;
	if (p->start_pending) {
		p->start_pending = false;
		p->reason[0] = '\0';
		control_program_changed(p);
	}
	program_stop(p);
}

void
supervise_restart_program(struct program *p)
{
	if (!pstate_active(p->ps.state) || p->ps.state == PS_BACKOFF) {
		program_stop(p);	/* BACKOFF: cancel the pending retry */
		supervise_request_start(p);
		return;
	}
	p->restart_pending = true;
	program_stop(p);
}

bool
supervise_ready(char *why, size_t len)
{
	struct program *p;
	int i;

	if (shutting_down) {
		snprintf(why, len, "psd is shutting down");
		return false;
	}
	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (!p->conf->autostart)
			continue;
		if (p->ps.state == PS_READY || (p->ps.state == PS_RUNNING &&
		    p->conf->ready == READY_NONE))
			continue;
		if (p->ps.state == PS_EXITED && p->exit_code == 0)
			continue;	/* a one-shot that did its job */
		if (p->start_pending || p->ps.state == PS_FATAL)
			snprintf(why, len, "%s is %s%s%s", program_name(p),
			    p->start_pending ? "not started" :
			    pstate_name(p->ps.state),
			    p->reason[0] ? ": " : "", p->reason);
		else
			snprintf(why, len, "%s is %s", program_name(p),
			    pstate_name(p->ps.state));
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
	if (pstate_active(p->ps.state))
		program_stop(p);
	else
		roster_drop(p);
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
	if (pstate_active(p->ps.state) && p->ps.state != PS_BACKOFF) {
		p->next_conf = pc;
		p->next_owner = cfg;
		p->restart_pending = true;
		program_stop(p);
		return;
	}
	was = p->ps.state;
	if (was == PS_BACKOFF)
		program_stop(p);	/* drop the pending retry */
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

/* psd's output flows again: restarts held for it go ahead. */
static void
supervise_output_resumed(void)
{
	int i;

	for (i = 0; i < roster_count(); i++)
		program_release(roster_at(i));
}

void
supervise_init(struct config *c, const struct supervise_opts *o)
{
	opts = *o;
	program_init_module(supervise_changed, getpid(), &opts.main_spawn);
	reap_init(supervise_orphan);
	timer_init(&shutdown_timer, supervise_shutdown_timeout, NULL);
	roster_init(c);
	output_on_resume(supervise_output_resumed);
	/* With one program every orphan is its own; no need to look. */
	reap_set_attribution(roster_count() > 1);
}

void
supervise_free(void)
{
	roster_free();
}

int
supervise_exit_status(void)
{
	int code = 0;

	if (have_essential)
		code = essential_code;
	else if (roster_main() != NULL)
		code = roster_main()->exit_code;
	else if (have_failure)
		code = failure_code;
	if (code < 0 || code > 255)
		code = 255;
	if (opts.remap[code])
		code = 0;
	return code;
}
