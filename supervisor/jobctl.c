/*
 * jobctl.c: job-control stops for psd and its programs (see jobctl.h).
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "jobctl.h"
#include "log.h"
#include "program.h"
#include "roster.h"
#include "signame.h"

static bool	 others_stopped;	/* psd sent SIGSTOP to its programs */

bool
jobctl_is_stop(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Send sig to program p's process group (or its pid). */
static void
jobctl_kill(struct program *p, int sig)
{
	pid_t target = p->pgid > 1 ? -p->pgid : p->pid;

	if (kill(target, sig) < 0 && errno != ESRCH)
		log_warn("program %s: kill %d %s", program_name(p),
		    (int)target, sig_name(sig));
}

void
jobctl_stop_others(void)
{
	struct program *p;
	int i;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (p->is_main || p->pid <= 0)
			continue;
		jobctl_kill(p, SIGSTOP);
		others_stopped = true;
	}
}

void
jobctl_resume(void)
{
	struct program *p;
	int i;

	if (!others_stopped)
		return;
	others_stopped = false;
	log_debug("jobctl: resuming the programs psd stopped");
	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (!p->is_main && p->pid > 0)
			jobctl_kill(p, SIGCONT);
	}
}

void
jobctl_suspend(int sig)
{
	struct program *m = roster_main();

	if (sig != 0 && m != NULL && m->pid > 0)
		(void)program_signal(m, sig);
	jobctl_stop_others();
	if (getpid() == 1) {
		log_debug("jobctl: PID 1 cannot stop; its programs did");
		return;
	}
	log_debug("jobctl: stopping until CONT");
	if (kill(getpid(), SIGSTOP) < 0)
		log_warn("kill self SIGSTOP");
}
