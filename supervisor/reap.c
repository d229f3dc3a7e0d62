/*
 * reap.c: reap every child, known or adopted.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "log.h"
#include "pidmap.h"
#include "procfs.h"
#include "reap.h"

static reap_orphan_fn	 orphan_cb;
static bool		 attribution;
static bool		 no_children;
static pid_t		 stop_pid;
static reap_stop_fn	 stop_cb;
static reap_peek_fn	 peek_cb;
static struct reap_stats stats;

void
reap_init(reap_orphan_fn on_orphan)
{
	orphan_cb = on_orphan;
}

void
reap_set_attribution(bool on)
{
	attribution = on;
}

void
reap_set_peek(reap_peek_fn fn)
{
	peek_cb = fn;
}

void
reap_watch_stops(pid_t pid, reap_stop_fn fn)
{
	stop_pid = pid;
	stop_cb = fn;
}

bool
reap_no_children(void)
{
	return no_children;
}

const struct reap_stats *
reap_stats(void)
{
	return &stats;
}

/*
 * Look at the next zombie without reaping it, and read its group and
 * session while /proc still has them.  Returns its pid, 0 if none.
 */
static pid_t
reap_peek(struct proc_stat *st, bool *have_st)
{
	siginfo_t si;

	*have_st = false;
	memset(&si, 0, sizeof si);
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return -1;
	if (si.si_pid == 0)
		return 0;
	if (pidmap_find(si.si_pid) == NULL) {
		if (procfs_stat(si.si_pid, st) == 0)
			*have_st = true;
		if (peek_cb != NULL)
			peek_cb(si.si_pid);
	}
	return si.si_pid;
}

void
reap_all(void)
{
	struct proc_stat st;
	struct child *c;
	bool have_st = false;
	pid_t pid, want;
	int status, flags;

	stats.passes++;
	for (;;) {
		want = -1;
		if (attribution) {
			want = reap_peek(&st, &have_st);
			if (want == 0)
				want = -1;	/* only stops may be left */
			else if (want < 0) {
				want = -1;
				have_st = false;
			}
		}
		flags = WNOHANG | (stop_cb != NULL ? WUNTRACED : 0);
		pid = waitpid(want, &status, flags);
		if (pid == 0) {
			no_children = false;
			break;
		}
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				no_children = true;
			else
				log_warn("waitpid");
			break;
		}
		if (WIFSTOPPED(status)) {
			if (pid == stop_pid && stop_cb != NULL)
				stop_cb(pid, status);
			continue;
		}
		stats.reaped++;
		c = pidmap_find(pid);
		if (c != NULL) {
			pidmap_remove(c);	/* before on_exit: no reuse race */
			c->on_exit(c, status);
		} else {
			stats.orphans++;
			orphan_cb(pid, status,
			    have_st && st.pid == pid ? &st : NULL);
		}
		have_st = false;
	}
}
