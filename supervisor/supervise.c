/*
 * supervise.c: start order, psd's work as a whole, shutdown, exit status.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drain.h"
#include "duration.h"
#include "log.h"
#include "loop.h"
#include "procfs.h"
#include "reap.h"
#include "signals.h"
#include "signame.h"
#include "stats.h"
#include "supervise.h"
#include "tty.h"
#include "util.h"
#include "xmalloc.h"

static struct config		*cfg;
static struct supervise_opts	 opts;
static struct program		**progs;
static int			 nprogs;
static struct program		*main_prog;
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
static int			 n_detached;
static struct timer		 shutdown_timer;

static void	supervise_changed(struct program *, enum pstate,
		    const struct policy_result *);
static void	supervise_orphan(pid_t, int, const struct proc_stat *);

int
supervise_count(void)
{
	return nprogs;
}

struct program *
supervise_at(int i)
{
	return i >= 0 && i < nprogs ? progs[i] : NULL;
}

struct program *
supervise_find(const char *name)
{
	int i;

	for (i = 0; i < nprogs; i++)
		if (strcmp(program_name(progs[i]), name) == 0)
			return progs[i];
	return NULL;
}

struct config *
supervise_config(void)
{
	return cfg;
}

bool
supervise_shutting_down(void)
{
	return shutting_down;
}

/* Add an edge p -> dep (p depends on dep). */
static void
supervise_link(struct program *p, struct program *dep)
{
	p->deps = xreallocarray(p->deps, (size_t)p->ndeps + 1, sizeof *p->deps);
	p->deps[p->ndeps++] = dep;
	dep->rdeps = xreallocarray(dep->rdeps, (size_t)dep->nrdeps + 1,
	    sizeof *dep->rdeps);
	dep->rdeps[dep->nrdeps++] = p;
}

/* Resolve depends_on (base names) to every instance of each. */
static void
supervise_resolve_deps(void)
{
	struct program *p;
	int i, j, k;

	for (i = 0; i < nprogs; i++) {
		p = progs[i];
		for (j = 0; j < p->conf->ndepends_on; j++)
			for (k = 0; k < nprogs; k++)
				if (strcmp(progs[k]->conf->base,
				    p->conf->depends_on[j]) == 0)
					supervise_link(p, progs[k]);
	}
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
	int i;

	for (i = 0; i < nprogs; i++)
		if (progs[i]->conf->autostart)
			supervise_request_start(progs[i]);
	if (nprogs == 0)
		log_debug("no program: pause mode, reaping until told to stop");
}

/* Could a pending non-daemon program still start some day? */
static bool
supervise_pending_can_start(void)
{
	struct program *p, *d;
	int i, j;
	bool blocked;

	for (i = 0; i < nprogs; i++) {
		p = progs[i];
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

	for (i = 0; i < nprogs; i++)
		if (progs[i]->conf->detach &&
		    program_owns_session(progs[i], sid))
			return true;
	return false;
}

static void
supervise_begin_drain(void)
{
	if (drain_started)
		return;
	drain_started = true;
	drain_begin(opts.grace, n_detached > 0 ? supervise_keep_session : NULL,
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
	    duration_format(cfg->shutdown_timeout, d, sizeof d));
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
		for (i = 0; i < nprogs; i++)
			if (supervise_counts_active(progs[i],
			    progs[i]->ps.state))
				program_kill(progs[i]);
		if (drain_started)
			drain_hurry();
		return;
	}
	shutting_down = true;
	log_info("shutting down: %s", why);
	for (i = 0; i < nprogs; i++) {
		progs[i]->start_pending = false;
		progs[i]->restart_pending = false;
	}
	if (cfg->shutdown_timeout > 0)
		timer_set(&shutdown_timer, loop_now() + cfg->shutdown_timeout);
	for (i = nprogs - 1; i >= 0; i--)
		supervise_stop_if_free(progs[i]);
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
	supervise_shutdown(main_prog != NULL && p == main_prog ?
	    "the main program ended" : "every non-daemon program has ended");
}

static void
supervise_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = p->ps.state;
	int delta, i;

	delta = supervise_counts_active(p, now) - supervise_counts_active(p, old);
	n_active += delta;
	if (!p->conf->daemon)
		n_nondaemon_active += delta;

	if (p == main_prog) {
		if (now == PS_STARTING && old != PS_STARTING && p->pid > 0)
			tty_main_started(p->pid);
		else if (!pstate_active(now))
			tty_main_exited();
	}
	if (r->ended && !p->conf->daemon) {
		any_nondaemon_ended = true;
		if (r->failed && !have_failure && !shutting_down &&
		    p != main_prog) {
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

/* Which program does an orphan (by its group or session) belong to? */
static struct program *
supervise_owner(const struct proc_stat *st)
{
	struct child *c;
	int i;

	c = pidmap_find(st->pgrp);
	if (c == NULL)
		c = pidmap_find(st->session);
	for (i = 0; c != NULL && i < nprogs; i++)
		if (c == &progs[i]->child)
			return progs[i];
	for (i = 0; i < nprogs; i++)
		if (program_owns_session(progs[i], st->session) ||
		    program_owns_session(progs[i], st->pgrp))
			return progs[i];
	return NULL;
}

static void
supervise_orphan(pid_t pid, int status, const struct proc_stat *st)
{
	struct program *owner = NULL;
	char buf[64];
	int level;

	if (st != NULL)
		owner = supervise_owner(st);
	else if (nprogs == 1)
		owner = progs[0];
	if (owner != NULL) {
		owner->orphans++;
		stats_get()->orphans_attributed++;
	}
	level = opts.warn_reap ? LOG_LVL_WARN :
	    opts.single ? LOG_LVL_INFO : LOG_LVL_DEBUG;
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
supervise_child(void)
{
	reap_all();
	drain_check();
}

/* Requests psd obeys itself in config mode. */
static bool
supervise_own_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
	case SIGQUIT: {
		char why[32];

		snprintf(why, sizeof why, "received SIG%s", sig_name(sig));
		supervise_shutdown(why);
		return true;
	}
	case SIGHUP:
		log_warnx("SIGHUP: reload is not available yet");
		return true;
	default:
		return false;
	}
}

void
supervise_signal(const struct signalfd_siginfo *si)
{
	int sig = signals_rewrite((int)si->ssi_signo);

	if (sig != (int)si->ssi_signo)
		log_debug("signal %s rewritten to %s", sig_name((int)si->ssi_signo),
		    sig == 0 ? "nothing (dropped)" : sig_name(sig));
	if (sig == 0)
		return;
	if (!opts.single && supervise_own_signal(sig))
		return;
	if (main_prog != NULL && main_prog->pid > 0 && !drain_started) {
		if (program_signal(main_prog, sig) == 0)
			return;
	}
	if (sig == SIGTERM || sig == SIGINT) {
		supervise_shutdown(sig == SIGTERM ? "received SIGTERM" :
		    "received SIGINT");
		return;
	}
	log_debug("signal %s: nothing to forward it to", sig_name(sig));
}

void
supervise_init(struct config *c, const struct supervise_opts *o)
{
	struct program *p;
	int i;

	cfg = c;
	opts = *o;
	program_init_module(supervise_changed, getpid(), &opts.main_spawn);
	reap_init(supervise_orphan);
	timer_init(&shutdown_timer, supervise_shutdown_timeout, NULL);
	progs = xcalloc((size_t)cfg->nprogs + 1, sizeof *progs);
	for (i = 0; i < cfg->nprogs; i++) {
		p = program_new(cfg->progs[i], cfg->progs[i]->transparent);
		p->index = nprogs;
		progs[nprogs++] = p;
		if (p->is_main)
			main_prog = p;
		if (p->conf->detach)
			n_detached++;
	}
	supervise_resolve_deps();
	/* With one program every orphan is its own; no need to look. */
	reap_set_attribution(nprogs > 1);
}

void
supervise_free(void)
{
	int i;

	for (i = 0; i < nprogs; i++)
		program_free(progs[i]);
	free(progs);
	progs = NULL;
	nprogs = 0;
	main_prog = NULL;
}

int
supervise_exit_status(void)
{
	int code = 0;

	if (have_essential)
		code = essential_code;
	else if (main_prog != NULL)
		code = main_prog->exit_code;
	else if (have_failure)
		code = failure_code;
	if (code < 0 || code > 255)
		code = 255;
	if (opts.remap[code])
		code = 0;
	return code;
}
