/*
 * signals.c: signalfd set-up, forwarding table, child reset.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
static int		 fault_pipe[2] = { -1, -1 };	/* sent faults */
static struct watch	 faultwatch;
static ino_t		 fault_ino;	/* the pipe's, to know it after -d */
static bool		 child_std_default;	/* dumb-init's child reset */
static signals_fn	 on_signal_cb;
static void		(*on_child_cb)(void);

/*
 * Signals that may report psd's own faults: never blocked (a blocked
 * fault kills at once), caught by signals_fault instead.
 */
static bool
signals_synchronous(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	    sig == SIGFPE || sig == SIGTRAP || sig == SIGSYS;
}

/* glibc keeps 32 and 33 for its threads: sigaddset refuses them. */
static void
signals_addset_raw(sigset_t *set, int sig)
{
	unsigned long *w = (unsigned long *)set;
	unsigned int bits = 8 * sizeof *w;

	w[(sig - 1) / bits] |= 1UL << ((sig - 1) % bits);
}

/* Write a number in decimal (async-signal-safe). */
static void
signals_write_num(unsigned long n)
{
	char buf[24];
	size_t i = sizeof buf;

	do
		buf[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0 && i > 0);
	if (write(STDERR_FILENO, buf + i, sizeof buf - i) < 0)
		return;		/* nothing more psd can do */
}

/* Write a string (async-signal-safe). */
static void
signals_write_str(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

/*
 * A fault signal.  Sent by a process (kill, sigqueue, tgkill: si_code
 * <= 0), it is a request like any other: hand it to the loop through the
 * pipe.  Raised by the kernel for psd's own fault, psd cannot go on: say
 * so, then die of it (as PID 1 the kernel ignores a self-sent fatal
 * signal, so exit 128+sig after).
 */
static void
signals_fault(int sig, siginfo_t *info, void *ctx)
{
	struct signalfd_siginfo si;
	struct sigaction dfl;
	sigset_t set;
	int saved = errno;

	(void)ctx;
	if (info->si_code <= 0) {
		memset(&si, 0, sizeof si);
		si.ssi_signo = (uint32_t)sig;
		si.ssi_code = info->si_code;
		si.ssi_pid = (uint32_t)info->si_pid;
		si.ssi_uid = (uint32_t)info->si_uid;
		if (write(fault_pipe[1], &si, sizeof si) < 0) {
			/* full: like coalesced signals, one is enough */
		}
		errno = saved;
		return;
	}
	signals_write_str("psd: fatal: signal ");
	signals_write_num((unsigned long)sig);
	signals_write_str(" (SIG");
	signals_write_str(sig_name(sig));
	signals_write_str(") raised by a fault in psd itself, code ");
	signals_write_num((unsigned long)info->si_code);
	signals_write_str("; psd ends, its programs run on\n");
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

bool
signals_forwardable(int sig)
{
	return sig > 0 && sig < SIG_LIMIT && sig != SIGCHLD &&
	    sig != SIGKILL && sig != SIGSTOP;
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

/* Read the fault signals that were sent to psd. */
static void
signals_fault_readable(struct watch *w, uint32_t revents)
{
	struct signalfd_siginfo si;
	ssize_t n;

	(void)w;
	(void)revents;
	while ((n = read(fault_pipe[0], &si, sizeof si)) == (ssize_t)sizeof si)
		on_signal_cb(&si);
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		log_warn("read the fault pipe");
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

/* Make the pipe that hands sent fault signals to the loop. */
static void
signals_fault_pipe(void)
{
	struct stat st;
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal(1, "pipe");
	if (fstat(p[0], &st) < 0)
		fatal(1, "fstat");
	fault_ino = st.st_ino;
	fault_pipe[0] = p[0];
	fault_pipe[1] = p[1];	/* one store: the handler sees old or new */
}

/* Is the fault pipe still ours?  psd -d closed every fd on the way. */
static bool
signals_fault_pipe_ours(void)
{
	struct stat st;

	return fstat(fault_pipe[0], &st) == 0 && S_ISFIFO(st.st_mode) &&
	    st.st_ino == fault_ino;
}

void
signals_install(void)
{
	struct sigaction sa, old;
	int sig;

	sigprocmask(SIG_SETMASK, NULL, &orig_mask);
	sigemptyset(&handled_mask);
	signals_fault_pipe();
	memset(&sa, 0, sizeof sa);
	for (sig = 1; sig < SIG_LIMIT && sig <= SIGRTMAX; sig++) {
		rewrite[sig] = sig;
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sigaction(sig, NULL, &old) < 0) {
			/* glibc's own (32, 33): blocked, so never fatal */
			signals_addset_raw(&handled_mask, sig);
			continue;
		}
		orig_ignored[sig] = old.sa_handler == SIG_IGN;
		if (signals_synchronous(sig)) {
			sa.sa_sigaction = signals_fault;
			sa.sa_flags = SA_SIGINFO | SA_RESTART;
			sigfillset(&sa.sa_mask);
			if (sigaction(sig, &sa, NULL) == 0)
				handled[sig] = true;
			continue;
		}
		/*
		 * TTIN and TTOU too: blocked, they let psd write to or take
		 * a terminal in the background as if ignored, and a -r can
		 * still rewrite them.
		 */
		sa.sa_handler = signals_noop;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(sig, &sa, NULL) < 0)
			continue;
		sigaddset(&handled_mask, sig);
		handled[sig] = true;
	}
	/* The raw call: glibc's sigprocmask drops 32 and 33 from a set. */
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &handled_mask, NULL,
	    (size_t)(SIG_LIMIT - 1) / 8) < 0)
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
	if (!signals_fault_pipe_ours())
		signals_fault_pipe();
	watch_init(&faultwatch, signals_fault_readable, NULL);
	if (watch_add(&faultwatch, fault_pipe[0], EPOLLIN) < 0)
		fatalx(1, "cannot watch the fault pipe");
}

void
signals_free(void)
{
	watch_del(&sigwatch);
	watch_del(&faultwatch);
	if (sigfd >= 0)
		close(sigfd);
	sigfd = -1;
}

/*
 * glibc's own signals (32 and 33, between SIGRTMAX's range and what
 * glibc calls SIGRTMIN): its sigaction and sigprocmask refuse them, so
 * an ignored or blocked one inherited by psd would pass to every child.
 * The raw system calls set them back.  An all-zero kernel sigaction is
 * SIG_DFL with no flags and an empty mask whatever the architecture's
 * layout, hence the zeroed buffer (larger than any layout).
 */
static void
signals_child_reset_raw(int sig)
{
	unsigned long ksa[8];

	memset(ksa, 0, sizeof ksa);
	(void)syscall(SYS_rt_sigaction, sig, ksa, NULL,
	    (size_t)(SIG_LIMIT - 1) / 8);
}

void
signals_set_child_std_default(void)
{
	child_std_default = true;
}

void
signals_child_reset(bool transparent)
{
	struct sigaction sa;
	int sig;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < SIG_LIMIT; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (!handled[sig]) {
			/* not psd's: glibc's own, or beyond SIGRTMAX */
			signals_child_reset_raw(sig);
			continue;
		}
		sa.sa_handler = transparent && orig_ignored[sig] &&
		    !(child_std_default && sig < 32) ? SIG_IGN : SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
}

void
signals_child_mask(bool transparent)
{
	unsigned long set[(SIG_LIMIT - 1) / (8 * sizeof(unsigned long))];
	unsigned int bits = 8 * sizeof set[0];
	int sig;

	/* The raw call: glibc's own signals never blocked in a child. */
	memset(set, 0, sizeof set);
	for (sig = 1; transparent && !child_std_default && sig < SIG_LIMIT;
	    sig++)
		if (handled[sig] && sigismember(&orig_mask, sig) == 1)
			set[(sig - 1) / bits] |= 1UL << ((sig - 1) % bits);
	(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, set, NULL, sizeof set);
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
