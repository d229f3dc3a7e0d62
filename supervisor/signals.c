/*
 * signals.c: signalfd set-up, forwarding table, child reset.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "signals.h"
#include "signame.h"

#define SIG_LIMIT	65		/* > SIGRTMAX on Linux */

static sigset_t		 orig_mask;
static sigset_t		 handled_mask;	/* blocked, read from the signalfd */
static bool		 orig_ignored[SIG_LIMIT];
static bool		 handled[SIG_LIMIT];	/* psd set a handler */
static int		 rewrite[SIG_LIMIT];
static int		 sigfd = -1;
static struct watch	 sigwatch;
static signals_fn	 on_signal_cb;
static void		(*on_child_cb)(void);

/* Signals that report psd's own faults: never blocked, never forwarded. */
static bool
signals_synchronous(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	    sig == SIGFPE || sig == SIGTRAP || sig == SIGSYS;
}

bool
signals_forwardable(int sig)
{
	return sig > 0 && sig < SIG_LIMIT && handled[sig] && sig != SIGCHLD;
}

bool
signals_orig_ignored(int sig)
{
	return sig > 0 && sig < SIG_LIMIT && orig_ignored[sig];
}

void
signals_set_rewrite(int from, int to)
{
	if (from > 0 && from < SIG_LIMIT)
		rewrite[from] = to;
}

int
signals_rewrite(int sig)
{
	if (sig <= 0 || sig >= SIG_LIMIT)
		return sig;
	return rewrite[sig];
}

/* An empty handler: it never runs (the signal is blocked), but it keeps
 * the kernel from discarding signals sent to a namespace's init. */
static void
signals_noop(int sig)
{
	(void)sig;
}

/* Read every queued signal; reap once at the end if SIGCHLD was among them. */
static void
signals_readable(struct watch *w, uint32_t revents)
{
	struct signalfd_siginfo si[16];
	bool child = false;
	ssize_t n;
	size_t i;

	(void)w;
	(void)revents;
	for (;;) {
		n = read(sigfd, si, sizeof si);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				log_warn("read signalfd");
			break;
		}
		for (i = 0; i < (size_t)n / sizeof si[0]; i++) {
			if (si[i].ssi_signo == SIGCHLD)
				child = true;
			else if (si[i].ssi_signo == SIGPIPE &&
			    si[i].ssi_pid == (uint32_t)getpid())
				continue;	/* our own write to a closed pipe */
			else
				on_signal_cb(&si[i]);
		}
		if ((size_t)n < sizeof si)
			break;
	}
	if (child)
		on_child_cb();
}

void
signals_install(void)
{
	struct sigaction sa, old;
	int sig;

	sigprocmask(SIG_SETMASK, NULL, &orig_mask);
	sigemptyset(&handled_mask);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < SIG_LIMIT && sig <= SIGRTMAX; sig++) {
		rewrite[sig] = sig;
		if (sig == SIGKILL || sig == SIGSTOP || signals_synchronous(sig))
			continue;
		if (sigaction(sig, NULL, &old) < 0)
			continue;	/* glibc's reserved signals */
		orig_ignored[sig] = old.sa_handler == SIG_IGN;
		if (sig == SIGTTIN || sig == SIGTTOU) {
			/* psd may write to or take a terminal in the background */
			sa.sa_handler = SIG_IGN;
			sigaction(sig, &sa, NULL);
			handled[sig] = true;
			continue;
		}
		sa.sa_handler = signals_noop;
		sa.sa_flags = SA_RESTART;
		if (sigaction(sig, &sa, NULL) < 0)
			continue;
		sigaddset(&handled_mask, sig);
		handled[sig] = true;
	}
	if (sigprocmask(SIG_BLOCK, &handled_mask, NULL) < 0)
		fatal(1, "sigprocmask");
}

void
signals_init(signals_fn on_signal, void (*on_child)(void))
{
	on_signal_cb = on_signal;
	on_child_cb = on_child;
	/* What came while psd was setting up is pending: read it now. */
	sigfd = signalfd(-1, &handled_mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sigfd < 0)
		fatal(1, "signalfd");
	watch_init(&sigwatch, signals_readable, NULL);
	if (watch_add(&sigwatch, sigfd, EPOLLIN) < 0)
		fatalx(1, "cannot watch the signalfd");
}

void
signals_free(void)
{
	watch_del(&sigwatch);
	if (sigfd >= 0)
		close(sigfd);
	sigfd = -1;
}

void
signals_child_reset(bool transparent)
{
	struct sigaction sa;
	int sig;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < SIG_LIMIT; sig++) {
		if (!handled[sig])
			continue;
		sa.sa_handler = transparent && orig_ignored[sig] ?
		    SIG_IGN : SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
}

void
signals_child_mask(bool transparent)
{
	sigset_t empty;

	if (transparent) {
		sigprocmask(SIG_SETMASK, &orig_mask, NULL);
		return;
	}
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);
}

void
signals_swallow(int sig)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	while (sigtimedwait(&set, NULL, &zero) > 0)
		;
}
