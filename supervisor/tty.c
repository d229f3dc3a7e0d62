/*
 * tty.c: foreground process groups and job control for the main program.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobctl.h"
#include "log.h"
#include "reap.h"
#include "signals.h"
#include "signame.h"
#include "tty.h"

static bool	 present;
static bool	 gave_away;	/* the child is the foreground group */
static pid_t	 child_pgrp;

static void	 tty_main_stopped(pid_t pid, int status);

bool
tty_init(bool setsid)
{
	present = isatty(STDIN_FILENO) == 1;
	if (!present || !setsid)
		return present;
	/*
	 * A session leader giving up its terminal makes the kernel send
	 * SIGHUP and SIGCONT to the foreground group, psd's own: they are
	 * blocked, so swallow them before they are read as requests.
	 */
	if (getsid(0) == getpid()) {
		if (ioctl(STDIN_FILENO, TIOCNOTTY) < 0)
			log_debug("tty: TIOCNOTTY: %s", strerror(errno));
		signals_swallow(SIGHUP);
		signals_swallow(SIGCONT);
	}
	return present;
}

void
tty_main_started(pid_t pid)
{
	if (!present)
		return;
	child_pgrp = pid;
	gave_away = true;	/* the child makes itself the foreground */
	/* Job control stops are only ours to follow when we can stop too. */
	if (getpid() != 1)
		reap_watch_stops(pid, tty_main_stopped);
}

/* The main program stopped (WIFSTOPPED status). */
static void
tty_main_stopped(pid_t pid, int status)
{
	int sig = WSTOPSIG(status);

	if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU)
		return;
	log_debug("tty: main program stopped by %s; stopping too",
	    sig_name(sig));
	if (tcgetpgrp(STDIN_FILENO) == child_pgrp)
		(void)tcsetpgrp(STDIN_FILENO, getpgrp());
	jobctl_stop_others();	/* psd -c FILE -- CMD: its programs too */
	if (kill(getpid(), SIGSTOP) < 0)
		log_warn("kill self SIGSTOP");
	/* Resumed (fg): give the terminal back and wake the child. */
	if (tcsetpgrp(STDIN_FILENO, child_pgrp) < 0)
		log_debug("tty: tcsetpgrp: %s", strerror(errno));
	jobctl_resume();
	if (kill(-pid, SIGCONT) < 0)
		log_debug("tty: kill -%d CONT: %s", (int)pid, strerror(errno));
}

void
tty_main_exited(void)
{
	reap_watch_stops(0, NULL);
	if (!present || !gave_away)
		return;
	if (tcgetpgrp(STDIN_FILENO) != getpgrp())
		(void)tcsetpgrp(STDIN_FILENO, getpgrp());
	gave_away = false;
}
