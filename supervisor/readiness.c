/*
 * readiness.c: act on sd_notify messages, probes and log lines.
 */
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "duration.h"
#include "environ.h"
#include "log.h"
#include "notify.h"
#include "notify_msg.h"
#include "output.h"
#include "probe.h"
#include "procfs.h"
#include "progstatus.h"
#include "program.h"
#include "proto.h"
#include "readiness.h"
#include "sdnotify.h"
#include "signame.h"
#include "util.h"
#include "xmalloc.h"

#ifndef P_PIDFD
#define P_PIDFD		3
#endif

/* A log line longer than this is matched on its first bytes only. */
#define READINESS_LINE_MAX	4096

struct readiness {
	struct program	*p;
	char		 status[NOTIFY_STATUS_MAX];	/* STATUS= */
	int		 errnum;		/* ERRNO=, 0: none */
	bool		 reloading;		/* RELOADING=1 until READY=1 */
	bool		 stopping;		/* STOPPING=1 */
	int64_t		 spawn_us;		/* just before the fork */
	int64_t		 ready_after_us;	/* spawn to READY; -1 */
	pid_t		 mainpid;		/* MAINPID= watched, or 0 */
	int		 pidfd;
	struct watch	 pidfd_watch;
	regex_t		 re;			/* ready = log:REGEX */
	bool		 re_ok;
	struct loop_work ready_work;		/* a line matched: READY */
	unsigned int	 ready_run;		/* ... in this run (spawns) */
	struct probe	 probe;
};

static void	readiness_pidfd_readable(struct watch *, uint32_t);
static void	readiness_log_ready(struct loop_work *);

/* p's readiness record, made on first use. */
static struct readiness *
readiness_get(struct program *p)
{
	struct readiness *rd = p->rd;

	if (rd != NULL)
		return rd;
	rd = xcalloc(1, sizeof *rd);
	rd->p = p;
	rd->pidfd = -1;
	rd->ready_after_us = -1;
	watch_init(&rd->pidfd_watch, readiness_pidfd_readable, rd);
	loop_work_init(&rd->ready_work, readiness_log_ready, rd);
	probe_init(&rd->probe, p);
	p->rd = rd;
	return rd;
}

/* Add NOTIFY_SOCKET and the watchdog's variables to a spawn. */
static void
readiness_environ(struct program *p, struct envbuf *e)
{
	const struct progconf *pc = p->conf;
	const char *name;

	if (pc->transparent) {
		/* psd answers to its own manager: the main program does not */
		if (sdnotify_active()) {
			environ_unset(e, "NOTIFY_SOCKET");
			environ_unset(e, "WATCHDOG_USEC");
			environ_unset(e, "WATCHDOG_PID");
		}
		return;
	}
	if (pc->ready == READY_NONE)
		return;
	readiness_get(p)->spawn_us = clock_us();
	if (pc->ready != READY_NOTIFY || (name = notify_socket_name()) == NULL)
		return;
	environ_setf(e, "NOTIFY_SOCKET", "%s", name);
	if (p->pp.watchdog > 0) {
		environ_setf(e, "WATCHDOG_USEC", "%lld",
		    (long long)p->pp.watchdog * 1000);
		e->watchdog_pid = environ_reserve_pid(e, "WATCHDOG_PID");
	}
}

/* Stop watching a MAINPID= process. */
static void
readiness_unwatch(struct readiness *rd)
{
	if (rd->pidfd >= 0) {
		watch_del(&rd->pidfd_watch);
		close(rd->pidfd);
		rd->pidfd = -1;
	}
	rd->mainpid = 0;
}

/* A run begins: forget the last one's messages, start probing. */
static void
readiness_begin(struct program *p)
{
	struct readiness *rd;
	int r;

	if (p->conf->ready == READY_NONE && p->rd == NULL)
		return;
	rd = readiness_get(p);
	rd->status[0] = '\0';
	rd->errnum = 0;
	rd->reloading = rd->stopping = false;
	rd->ready_after_us = -1;
	readiness_unwatch(rd);
	if (rd->re_ok) {
		regfree(&rd->re);
		rd->re_ok = false;
	}
	switch (p->conf->ready) {
	case READY_LOG:
		r = regcomp(&rd->re, p->conf->ready_arg, REG_EXTENDED |
		    REG_NOSUB);
		if (r != 0) {
			char msg[128];

			regerror(r, &rd->re, msg, sizeof msg);
			log_warnx("program %s: ready = log:%s: %s",
			    program_name(p), p->conf->ready_arg, msg);
		} else
			rd->re_ok = true;
		break;
	case READY_EXEC:
	case READY_TCP:
		probe_begin(&rd->probe);
		break;
	default:
		break;
	}
}

/* Say why psd is stopping a program it did not mean to stop. */
static void
readiness_log_stop(struct program *p, struct readiness *rd)
{
	char why[96];

	if (rd != NULL && rd->stopping)
		log_info("program %s: stopping on its own (STOPPING=1)",
		    program_name(p));
	else if (policy_failure(&p->pp, &p->ps, why, sizeof why) != NULL) {
		/* psctl status shows it while the program backs off */
		program_set_reason(p, "%s", why);
		if (p->ps.fail == PF_WATCHDOG ||
		    p->ps.fail == PF_WATCHDOG_TRIGGER)
			log_warnx("program %s: %s (miss %u); sending %s",
			    program_name(p), why, p->ps.watchdog_misses,
			    sig_name(p->pp.watchdog_signal));
		else
			log_warnx("program %s: %s; sending %s", program_name(p),
			    why, sig_name(p->pp.stop_signal));
	}
}

/* Follow a state change: begin a run, stop probing, note READY. */
void
readiness_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = program_state(p);
	struct readiness *rd;

	(void)r;
	if (now == PS_STARTING && old != PS_STARTING)
		readiness_begin(p);
	if ((rd = p->rd) == NULL)
		return;
	if (now != PS_STARTING && now != PS_RUNNING)
		probe_end(&rd->probe);
	if (now == PS_READY && old != PS_READY && rd->spawn_us > 0) {
		rd->ready_after_us = clock_us() - rd->spawn_us;
		log_debug("program %s: ready %lld ms after its start",
		    program_name(p), (long long)rd->ready_after_us / 1000);
	}
	if (now == PS_STOPPING && old != PS_STOPPING && !p->ps.deliberate)
		readiness_log_stop(p, rd);
	/*
	 * The process is gone: what it said about itself (STATUS=, STOPPING=1,
	 * RELOADING=1, how fast it got ready) described it, so it goes too.
	 * ERRNO= and a WATCHDOG=trigger stay: they say why the run ended.
	 */
	if (!pstate_active(now) || now == PS_BACKOFF) {
		readiness_unwatch(rd);
		rd->status[0] = '\0';
		rd->reloading = rd->stopping = false;
		rd->ready_after_us = -1;
	}
}

/* The wait status of a process reaped through its pidfd. */
static int
readiness_siginfo_status(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return (si->si_status & 0xff) << 8;
	case CLD_KILLED:
		return si->si_status & 0x7f;
	case CLD_DUMPED:
		return (si->si_status & 0x7f) | 0x80;
	default:
		return 0;
	}
}

/* The MAINPID= process exited (it may not be psd's child). */
static void
readiness_pidfd_readable(struct watch *w, uint32_t revents)
{
	struct readiness *rd = w->arg;
	struct program *p = rd->p;
	siginfo_t si;
	int status = 0;

	(void)revents;
	if (p->child.pid != rd->mainpid || rd->mainpid == 0) {
		readiness_unwatch(rd);	/* reaped already */
		return;
	}
	memset(&si, 0, sizeof si);
	if (waitid((idtype_t)P_PIDFD, (id_t)rd->pidfd, &si,
	    WEXITED | WNOHANG) == 0) {
		if (si.si_pid == 0)
			return;		/* not gone yet */
		status = readiness_siginfo_status(&si);
	} else if (errno == ECHILD)
		log_info("program %s: main pid %d exited; it is not psd's"
		    " child, so its exit status is unknown", program_name(p),
		    (int)rd->mainpid);
	else
		log_warn("program %s: waitid pidfd %d", program_name(p),
		    (int)rd->mainpid);
	readiness_unwatch(rd);
	program_pid_exited(p, status);
}

/* MAINPID=: psd now watches and signals pid instead. */
static void
readiness_mainpid(struct program *p, struct readiness *rd, pid_t pid)
{
	struct proc_stat st;

	if (pid == p->pid)
		return;
	if (p->pid <= 0 || notify_owner(pid) != p) {
		log_warnx("program %s: MAINPID=%d ignored: not a process of"
		    " the program", program_name(p), (int)pid);
		return;
	}
	readiness_unwatch(rd);
	program_adopt_pid(p, pid, p->conf->kill_group &&
	    procfs_stat(pid, &st) == 0 ? st.pgrp : 0);
	rd->mainpid = pid;
	rd->pidfd = pidfd_open_compat(pid);
	if (rd->pidfd < 0 || watch_add(&rd->pidfd_watch, rd->pidfd,
	    EPOLLIN) < 0) {
		if (rd->pidfd < 0)
			log_warn("program %s: pidfd_open %d (psd learns of its"
			    " exit only if it becomes psd's child)",
			    program_name(p), (int)pid);
		if (rd->pidfd >= 0)
			close(rd->pidfd);
		rd->pidfd = -1;
	}
	log_info("program %s: main pid is now %d (MAINPID)", program_name(p),
	    (int)pid);
}

/* Is p in a state where notify events still mean something? */
static bool
readiness_live(const struct program *p)
{
	enum pstate s = program_state(p);

	return s == PS_STARTING || s == PS_RUNNING || s == PS_READY;
}

/* Act on one attributed datagram, in a fixed order of keys. */
static void
readiness_notify(struct program *p, const struct notify_msg *m, pid_t sender)
{
	struct readiness *rd = readiness_get(p);
	uint64_t ms;

	log_trace("program %s: notify from pid %d: flags %#x", program_name(p),
	    (int)sender, m->flags);
	if (m->flags & NOTIFY_MAINPID)
		readiness_mainpid(p, rd, m->mainpid);
	if (m->flags & NOTIFY_STATUS) {
		memcpy(rd->status, m->status, sizeof rd->status);
		log_debug("program %s: status: %s", program_name(p),
		    rd->status);
	}
	if (m->flags & NOTIFY_ERRNO) {
		rd->errnum = m->errnum;
		if (m->errnum != 0)
			log_warnx("program %s: reports errno %d (%s)",
			    program_name(p), m->errnum, strerror(m->errnum));
	}
	if ((m->flags & NOTIFY_EXTEND) && (readiness_live(p) ||
	    program_state(p) == PS_STOPPING)) {
		ms = (m->extend_usec + 999) / 1000;
		program_event(p, PE_EXTEND, ms > 0x7fffffff ? 0x7fffffff :
		    (int)ms);
	}
	if (m->flags & NOTIFY_RELOADING) {
		rd->reloading = true;
		log_info("program %s: reloading", program_name(p));
	}
	if (m->flags & NOTIFY_READY) {
		if (rd->reloading)
			log_info("program %s: reloaded", program_name(p));
		rd->reloading = false;
		if (program_state(p) == PS_STARTING ||
		    program_state(p) == PS_RUNNING)
			program_event(p, PE_READY, 0);
	}
	if ((m->flags & NOTIFY_WATCHDOG) && readiness_live(p))
		program_event(p, PE_WATCHDOG, 0);
	if ((m->flags & NOTIFY_WATCHDOG_TRIGGER) && readiness_live(p)) {
		program_event(p, PE_WATCHDOG, 1);
	}
	if ((m->flags & NOTIFY_STOPPING) && readiness_live(p)) {
		rd->stopping = true;
		program_event(p, PE_STOPPING, 0);
	}
}

/* Is p waiting for a line to say it is ready? */
static bool
readiness_log_waits(const struct program *p)
{
	return p->rd != NULL && p->rd->re_ok && p->conf->ready == READY_LOG &&
	    (program_state(p) == PS_STARTING || program_state(p) == PS_RUNNING);
}

/* The matching line's READY, from the loop (not inside the pipe read). */
static void
readiness_log_ready(struct loop_work *w)
{
	struct readiness *rd = w->arg;
	struct program *p = rd->p;

	if (p->spawns == rd->ready_run && readiness_log_waits(p))
		program_event(p, PE_READY, 0);
}

/* Match a line of this run's output against ready = log:REGEX. */
static void
readiness_output_line(const struct output_line *l)
{
	struct program *p = l->p;
	struct readiness *rd = p->rd;
	char buf[READINESS_LINE_MAX + 1];
	size_t len = l->len;

	if (!l->current || !readiness_log_waits(p) || rd->ready_work.queued)
		return;
	if (len > READINESS_LINE_MAX)
		len = READINESS_LINE_MAX;
	memcpy(buf, l->text, len);
	buf[len] = '\0';
	if (regexec(&rd->re, buf, 0, NULL, 0) != 0)
		return;
	log_debug("program %s: output matched ready = log:%s",
	    program_name(p), p->conf->ready_arg);
	rd->ready_run = p->spawns;
	loop_queue(&rd->ready_work);
}

/* Fill in the readiness fields of a status record. */
void
readiness_status(const struct program *p, struct progstatus *s)
{
	const struct readiness *rd = p->rd;

	s->watchdog_misses = p->ps.watchdog_misses;
	if (rd == NULL)
		return;
	if (rd->status[0] != '\0')
		s->status_text = rd->status;
	if (rd->errnum != 0) {
		s->has_notify_errno = true;
		s->notify_errno = rd->errnum;
	}
	if (rd->reloading || rd->stopping)
		s->notify_state = rd->stopping ? "stopping" : "reloading";
	if (rd->ready_after_us >= 0) {
		s->has_ready_after = true;
		s->ready_after_us = rd->ready_after_us;
	}
}

/* Free a program's readiness record and what it holds. */
static void
readiness_free(struct program *p)
{
	struct readiness *rd = p->rd;

	if (rd == NULL)
		return;
	probe_free(&rd->probe);
	readiness_unwatch(rd);
	loop_unqueue(&rd->ready_work);
	if (rd->re_ok)
		regfree(&rd->re);
	free(rd);
	p->rd = NULL;
}

static const struct program_observer readiness_observer = {
	.environ = readiness_environ,
	.freed = readiness_free,
};

void
readiness_init(void)
{
	output_on_line(readiness_output_line);
	program_observe(&readiness_observer);
	notify_on_message(readiness_notify);
}
