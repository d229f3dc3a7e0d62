/*
 * drain.c: signal and reap every leftover process.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drain.h"
#include "duration.h"
#include "log.h"
#include "loop.h"
#include "procfs.h"
#include "reap.h"
#include "signame.h"
#include "util.h"
#include "xmalloc.h"

/* After SIGKILL, how long to wait for the unkillable (state D) to go. */
#define DRAIN_KILL_WAIT_MS	5000

static bool		 draining;
static bool		 killed;
static struct timer	 drain_timer;
static drain_keep_fn	 keep_cb;
static void		(*done_cb)(void);

/*
 * Signal one process race-free: open a pidfd, then check /proc still
 * shows the same process (start time) before signalling through it.
 */
static bool
drain_signal_one(const struct proc_stat *st, int sig)
{
	struct proc_stat now;
	int fd, r;

	fd = pidfd_open_compat(st->pid);
	if (fd < 0) {
		if (errno != ENOSYS)
			return false;		/* gone */
		return kill(st->pid, sig) == 0;
	}
	r = -1;
	if (procfs_stat(st->pid, &now) == 0 &&
	    now.starttime == st->starttime && now.state != 'Z')
		r = pidfd_signal_compat(fd, sig);
	close(fd);
	return r == 0;
}

/* 1 if process i descends from self, 0 if not (memoized in mark). */
static int
drain_descends(const struct procfs_snap *s, signed char *mark, size_t i,
    pid_t self)
{
	ssize_t up;
	size_t depth = 0, j = i;
	int r;

	/* Walk up until a known answer, psd, or the top; then fill in. */
	for (;;) {
		if (mark[j] >= 0) {
			r = mark[j];
			break;
		}
		if (s->v[j].ppid == self) {
			r = 1;
			break;
		}
		up = procfs_snap_find(s, s->v[j].ppid);
		if (up < 0 || ++depth > s->n) {
			r = 0;
			break;
		}
		j = (size_t)up;
	}
	for (j = i; mark[j] < 0;) {
		mark[j] = (signed char)r;
		if (s->v[j].ppid == self)
			break;
		up = procfs_snap_find(s, s->v[j].ppid);
		if (up < 0)
			break;
		j = (size_t)up;
	}
	return r;
}

static int
drain_signal_all(int sig, drain_keep_fn keep)
{
	struct procfs_snap s;
	pid_t self = getpid();
	signed char *mark;
	size_t i;
	int count = 0;

	if (self == 1 && keep == NULL) {
		/* Every process of the namespace but psd itself. */
		if (kill(-1, sig) == 0)
			return 1;
		if (errno != ESRCH)
			log_warn("kill -1 %s", sig_name(sig));
		return 0;
	}
	if (procfs_snapshot(&s) < 0) {
		log_warn("drain: reading /proc");
		return 0;
	}
	mark = xmalloc(s.n ? s.n : 1);
	memset(mark, -1, s.n ? s.n : 1);
	for (i = 0; i < s.n; i++) {
		if (s.v[i].pid == self || s.v[i].state == 'Z' ||
		    !drain_descends(&s, mark, i, self))
			continue;
		if (keep != NULL && keep(s.v[i].session))
			continue;
		if (drain_signal_one(&s.v[i], sig)) {
			log_debug("drain: sent %s to pid %d (%s)", sig_name(sig),
			    (int)s.v[i].pid, s.v[i].comm);
			count++;
		}
	}
	free(mark);
	procfs_snap_free(&s);
	return count;
}

/* Is anything other than kept sessions still a child of psd? */
static bool
drain_only_kept_left(void)
{
	struct procfs_snap s;
	pid_t self = getpid();
	size_t i;
	bool only = true;

	if (procfs_snapshot(&s) < 0)
		return false;
	for (i = 0; i < s.n && only; i++)
		if (s.v[i].ppid == self && !keep_cb(s.v[i].session))
			only = false;
	procfs_snap_free(&s);
	return only;
}

static void
drain_finish(void)
{
	timer_cancel(&drain_timer);
	draining = false;
	done_cb();
}

/* The grace period (or the wait after SIGKILL) is over. */
static void
drain_timeout(struct timer *t)
{
	(void)t;
	if (!killed) {
		drain_hurry();
		return;
	}
	log_warnx("drain: processes survived SIGKILL (uninterruptible?);"
	    " exiting anyway");
	drain_finish();
}

void
drain_hurry(void)
{
	int n;

	if (!draining || killed)
		return;
	killed = true;
	n = drain_signal_all(SIGKILL, keep_cb);
	if (n > 0)
		log_warnx("drain: grace period over; sent KILL to %s",
		    getpid() == 1 && keep_cb == NULL ? "every process" :
		    "the remaining processes");
	timer_set(&drain_timer, loop_now() + DRAIN_KILL_WAIT_MS);
	reap_all();
	drain_check();
}

void
drain_check(void)
{
	if (!draining)
		return;
	if (reap_no_children() || (keep_cb != NULL && drain_only_kept_left()))
		drain_finish();
}

void
drain_begin(int64_t grace, drain_keep_fn keep, void (*done)(void))
{
	char d[32];
	int n;

	done_cb = done;
	keep_cb = keep;
	draining = true;
	killed = false;
	timer_init(&drain_timer, drain_timeout, NULL);
	reap_all();
	if (reap_no_children() || (keep != NULL && drain_only_kept_left())) {
		drain_finish();
		return;
	}
	if (grace == 0) {
		log_debug("drain: grace 0: leaving the rest to the kernel");
		drain_finish();
		return;
	}
	if (grace == DRAIN_GRACE_TERM_ONLY) {
		n = drain_signal_all(SIGTERM, keep);
		log_debug("drain: sent TERM to %d process(es); not waiting", n);
		drain_finish();
		return;
	}
	n = drain_signal_all(SIGTERM, keep);
	log_debug("drain: sent TERM to %d process(es); grace %s", n,
	    duration_format(grace, d, sizeof d));
	timer_set(&drain_timer, loop_now() + grace);
	reap_all();
	drain_check();
}
