/*
 * sigdispatch.c: what psd does with each signal it reads.
 *
 * In config mode psd obeys TERM, INT and QUIT (shut down), HUP (reload)
 * and USR1 (reopen log files) itself; every other signal, and in
 * single-command mode every signal, goes to the main program (its process
 * group with -g).  signals.c reads them; this file decides.
 */
#include <signal.h>
#include <stdio.h>

#include "drain.h"
#include "jobctl.h"
#include "log.h"
#include "logfile.h"
#include "notify.h"
#include "program.h"
#include "reap.h"
#include "reload.h"
#include "roster.h"
#include "sigdispatch.h"
#include "signals.h"
#include "signame.h"
#include "supervise.h"

static int	 stops_forwarded;	/* TERM/INT sent on to main */
static struct sigdispatch_opts opts = { true, true, false };

void
sigdispatch_configure(const struct sigdispatch_opts *o)
{
	opts = *o;
}

/* SIGCHLD: reap everything, then see whether the drain is done. */
void
sigdispatch_child(void)
{
	notify_flush();		/* attribute datagrams before reaping */
	reap_all();
	drain_check();
}

/* Requests psd obeys itself in config mode. */
static bool
sigdispatch_own(int sig)
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
		reload_request(NULL);
		return true;
	case SIGUSR1:
		logfile_reopen_all();
		return true;
	default:
		return false;
	}
}

/* Any other signal: obey it (config mode) or forward it to main. */
void
sigdispatch_signal(const struct signalfd_siginfo *si)
{
	int got = (int)si->ssi_signo;
	int sig = signals_rewrite(got);

	if (sig != got)
		log_debug("signal %s rewritten to %s", sig_name(got),
		    sig == 0 ? "nothing (dropped)" : sig_name(sig));
	if (sig == 0 && !(opts.jobstop && opts.jobstop_always &&
	    jobctl_is_stop(got)))
		return;
	if (sig != 0 && !supervise_options()->single && sigdispatch_own(sig))
		return;
	/*
	 * A job-control stop (not rewritten to another request): the main
	 * program gets it, psd stops.
	 */
	if (opts.jobstop && jobctl_is_stop(got) && (opts.jobstop_always ||
	    jobctl_is_stop(sig) || sig == SIGSTOP)) {
		jobctl_suspend(sig);
		return;
	}
	if (sig == SIGCONT)
		jobctl_resume();
	/*
	 * The first TERM or INT is the main program's to handle (tini's
	 * way); one more means it: psd stops the main program itself, with
	 * SIGKILL after its stop_timeout (a third: at once).
	 */
	if ((sig == SIGTERM || sig == SIGINT) && opts.escalate &&
	    stops_forwarded++ > 0) {
		supervise_shutdown(sig == SIGTERM ? "received SIGTERM again" :
		    "received SIGINT again");
		return;
	}
	if (roster_main() != NULL && roster_main()->pid > 0 &&
	    !supervise_draining()) {
		if (program_signal(roster_main(), sig) == 0)
			return;
	}
	if (sig == SIGTERM || sig == SIGINT) {
		supervise_shutdown(sig == SIGTERM ? "received SIGTERM" :
		    "received SIGINT");
		return;
	}
	log_debug("signal %s: nothing to forward it to", sig_name(sig));
}
