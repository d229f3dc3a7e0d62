/*
 * program.c: carry out a program's policy decisions.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "duration.h"
#include "environ.h"
#include "lineage.h"
#include "log.h"
#include "program.h"
#include "signame.h"
#include "stats.h"
#include "util.h"
#include "xmalloc.h"

/* After SIGKILL, how long to wait for a group's last members. */
#define PROGRAM_GROUP_KILL_WAIT_MS	5000

static program_changed_fn	 changed_cb;
static int			 group_waits;	/* programs in group_wait */
static pid_t			 psd_pid;
static struct main_spawn	 main_spawn;
static int			 devnull = -1;

static const struct program_observer **observers;
static int			 nobservers;

static void	program_apply(struct program *, enum pstate,
		    const struct policy_result *);
static void	program_exited(struct child *, int);

void
program_observe(const struct program_observer *o)
{
	observers = xreallocarray(observers, (size_t)nobservers + 1,
	    sizeof *observers);
	observers[nobservers++] = o;
}

#define PROGRAM_ANNOUNCE(fn, ...) do {					\
	int i_;								\
	for (i_ = 0; i_ < nobservers; i_++)				\
		if (observers[i_]->fn != NULL)				\
			observers[i_]->fn(__VA_ARGS__);			\
} while (0)

void
program_init_module(program_changed_fn changed, pid_t pid,
    const struct main_spawn *ms)
{
	changed_cb = changed;
	psd_pid = pid;
	if (ms != NULL)
		main_spawn = *ms;
}

const char *
program_name(const struct program *p)
{
	return p->conf->name;
}

bool
program_owns_session(const struct program *p, pid_t sid)
{
	return sid > 1 && (p->sessions[0] == sid || p->sessions[1] == sid);
}

/* A deadline passed. */
static void
program_timer(struct timer *t)
{
	struct program *p = t->arg;

	if (p->ps.state == PS_BACKOFF && output_congested(&p->out)) {
		/* its last run's output is still waiting for psd's stdout */
		log_debug("program %s: restart held while psd's output is"
		    " blocked", program_name(p));
		program_set_reason(p, "restart held: psd's"
		    " output is not being read");
		p->held = true;
		return;
	}
	program_event(p, PE_TIMER, 0);
}

void
program_release(struct program *p)
{
	if (!p->held)
		return;
	p->held = false;
	if (p->ps.state == PS_BACKOFF && !output_congested(&p->out)) {
		program_set_reason(p, NULL);
		program_event(p, PE_TIMER, 0);
	}
	else if (p->ps.state == PS_BACKOFF)
		p->held = true;
}

void
program_set_reason(struct program *p, const char *fmt, ...)
{
	va_list ap;

	if (fmt == NULL) {
		p->reason[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/* Record why a start failed, in words for logs and psctl. */
static void
program_failed_start(struct program *p, const struct spawn_result *f)
{
	p->failure = *f;
	stats_get()->spawn_failures++;
	p->exit_code = spawn_failure_code(f);
	if (f->stage == SPAWN_STAGE_EXEC)
		program_set_reason(p, "exec %s: %s",
		    p->conf->argv[0], strerror(f->err));
	else if (f->stage == SPAWN_STAGE_CHDIR)
		program_set_reason(p, "chdir %s: %s",
		    p->conf->directory, strerror(f->err));
	else
		program_set_reason(p, "%s: %s",
		    spawn_stage_name(f->stage), strerror(f->err));
	log_errorx("program %s: %s", program_name(p), p->reason);
}

/* A detached start's grandchild: now the program's pid. */
static void
program_spawn_pid(struct spawn *s, pid_t gc)
{
	struct program *p = s->arg;

	p->pid = p->pgid = gc;
	/* the intermediate made the session: its id is that pid */
	p->sessions[0] = p->inter_pid;
	pidmap_insert(&p->child, gc);
	log_info("program %s: started (pid %d, detached in session %d)",
	    program_name(p), (int)gc, (int)p->inter_pid);
}

/* The status pipe told how exec went. */
static void
program_spawn_done(struct spawn *s, const struct spawn_result *r)
{
	struct program *p = s->arg;

	if (r->status == SPAWN_FAILED) {
		program_failed_start(p, r);
		program_event(p, PE_EXEC_FAILED, 0);
	} else
		program_event(p, PE_EXEC_OK, 0);
}

/* The run is over: tell the policy, then run the on_exit hook. */
static void
program_ended(struct program *p, int status)
{
	program_event(p, PE_EXITED, status);
	PROGRAM_ANNOUNCE(exited, p, status);
}

void
program_pid_exited(struct program *p, int status)
{
	pidmap_remove(&p->child);
	program_exited(&p->child, status);
}

void
program_adopt_pid(struct program *p, pid_t pid, pid_t pgid)
{
	if (pgid > 1)
		p->pgid = pgid;
	pidmap_remove(&p->child);	/* the old main pid: an orphan now */
	p->pid = pid;
	pidmap_insert(&p->child, pid);
}

/* Does the process group of a stopping program still have members? */
static bool
program_group_alive(const struct program *p)
{
	return p->conf->kill_group && p->pgid > 1 && kill(-p->pgid, 0) == 0;
}

/* The group a stop was waiting for is empty (or we gave up on it). */
static void
program_group_done(struct program *p)
{
	p->group_wait = false;
	group_waits--;
	timer_cancel(&p->group_timer);
	program_ended(p, p->group_status);
}

static void
program_group_timeout(struct timer *t)
{
	struct program *p = t->arg;

	log_warnx("program %s: processes of its group %d survived SIGKILL;"
	    " giving up on them", program_name(p), (int)p->pgid);
	program_group_done(p);
}

void
program_group_check_all(struct program *(*at)(int), int n)
{
	struct program *p;
	int i;

	for (i = 0; i < n && group_waits > 0; i++) {
		p = at(i);
		if (p != NULL && p->group_wait && !program_group_alive(p))
			program_group_done(p);
	}
}

/* The main pid was reaped. */
static void
program_exited(struct child *c, int status)
{
	struct program *p = c->arg;
	char buf[64];

	p->pid = 0;
	p->last_status = status;
	p->has_exited = true;
	/* What it wrote comes out before its exit is reported, and what
	 * those lines caused (ready = log:) happens before it, too. */
	output_drain(&p->out);
	loop_run_queued();
	/* The status pipe is complete now that the process is gone. */
	if (!spawn_wants_pid(&p->spawn))
		spawn_poll(&p->spawn);
	if (p->failure.stage != 0)
		return;		/* the start failed: handled as such */
	p->exit_code = wait_status_code(status);
	log_debug("program %s: pid reaped (%s)", program_name(p),
	    wait_status_str(status, buf, sizeof buf));
	if (p->ps.state == PS_STOPPING && program_group_alive(p)) {
		/* A stop is over when the whole group is gone: what survives
		 * the stop signal gets SIGKILL at stop_timeout. */
		log_debug("program %s: waiting for the rest of group %d",
		    program_name(p), (int)p->pgid);
		p->group_wait = true;
		p->group_status = status;
		group_waits++;
		if (p->ps.killed)
			timer_set(&p->group_timer, loop_now() +
			    PROGRAM_GROUP_KILL_WAIT_MS);
		return;
	}
	program_ended(p, status);
}

/* The intermediate child of a detached start was reaped. */
static void
program_inter_exited(struct child *c, int status)
{
	struct program *p = c->arg;

	if (!spawn_wants_pid(&p->spawn))
		return;
	/* the grandchild's pid is there, or why it never came */
	spawn_poll(&p->spawn);
	if (spawn_wants_pid(&p->spawn)) {
		/* it died before forking the grandchild, and said nothing */
		spawn_cancel(&p->spawn);
		p->last_status = status;
		program_event(p, PE_EXITED, status);
	}
}

/*
 * Descriptors for stdin, stdout, stderr (-1: psd's own).  `log` and
 * `file:` outputs are pipes that output.c reads.
 */
static int
program_stdio(struct program *p, int stdio[3], char *err, size_t errlen)
{
	const struct progconf *pc = p->conf;

	stdio[0] = pc->transparent ? -1 : devnull;
	stdio[1] = pc->out.kind == OUTPUT_NULL ? devnull : -1;
	stdio[2] = pc->err.kind == OUTPUT_NULL ? devnull : -1;
	if (output_prepare(&p->out, stdio, err, errlen) < 0)
		return -1;
	if (pc->err.kind == OUTPUT_STDOUT)
		stdio[2] = stdio[1] >= 0 ? stdio[1] : STDOUT_FILENO;
	PROGRAM_ANNOUNCE(stdio, p, stdio);
	return 0;
}

/* Build the environment for a spawn. */
static void
program_environ(struct program *p, struct envbuf *e)
{
	environ_program(e, p->conf, ENVIRON_RUN);
	PROGRAM_ANNOUNCE(environ, p, e);	/* last: readiness keeps an
						   index into e */
	if (p->conf->transparent)
		environ_prepare_listen_pid(e, psd_pid);
}

/* Why a start must wait: "fork: ...", and psd's limit when it is hit. */
static void
program_resource_reason(struct program *p, const char *what, int e)
{
	struct rlimit rl;

	if (e == EMFILE && getrlimit(RLIMIT_NOFILE, &rl) == 0)
		program_set_reason(p, "%s: %s (psd may have"
		    " %llu open; raise its limit: ulimit -n, LimitNOFILE=)",
		    what, strerror(e), (unsigned long long)rl.rlim_cur);
	else
		program_set_reason(p, "%s: %s", what,
		    strerror(e));
}

/*
 * Fork and exec.  Returns the event the spawn itself already decided
 * (PE_EXEC_FAILED: its set-up cannot be done; PE_SPAWN_FAILED: fork
 * failed; PE_EXEC_OK: exec cannot be watched, take it as done), or
 * PE__COUNT when the status pipe will tell.  The caller feeds it to the
 * policy once the start itself has been accounted for.
 */
static enum pevent
program_spawn(struct program *p)
{
	const struct progconf *pc = p->conf;
	struct spawn_desc d;
	struct spawn_result r;
	struct envbuf env;
	char err[256];

	if (devnull < 0) {
		devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (devnull < 0)
			log_warn("open /dev/null");
	}
	spawn_desc_init(&d);
	spawn_desc_from_conf(&d, pc);
	if (program_stdio(p, d.stdio, err, sizeof err) < 0) {
		int e = errno;

		if (e == EMFILE || e == ENFILE || e == ENOMEM) {
			/* out of descriptors for now: back off, retry */
			program_resource_reason(p, "output pipe", e);
			log_warnx("program %s: %s; retrying", program_name(p),
			    p->reason);
			return PE_SPAWN_FAILED;
		}
		/* e.g. its log file cannot be opened: retrying will not help */
		p->failure.status = SPAWN_FAILED;
		p->failure.stage = SPAWN_STAGE_STDIO;
		p->failure.err = e != 0 ? e : EIO;
		p->exit_code = 126;
		program_set_reason(p, "%s", err);
		log_errorx("program %s: %s", program_name(p), p->reason);
		return PE_EXEC_FAILED;
	}
	d.ctty_stdout = output_child_ctty(&p->out);
	program_environ(p, &env);
	d.envp = env.v;
	d.listen_pid_env = env.listen_pid;
	d.watchdog_pid_env = env.watchdog_pid;
	d.psd_pid = psd_pid;
	d.mode = pc->detach ? SPAWN_DETACHED : SPAWN_DIRECT;
	if (p->is_main) {
		d.setsid = main_spawn.setsid;
		d.take_ctty = main_spawn.setsid && main_spawn.tty;
		d.tty_foreground = !main_spawn.setsid && main_spawn.tty;
	} else
		d.setsid = !pc->detach;
	if (pc->daemon && !pc->detach)
		d.pdeathsig = SIGKILL;

	PROGRAM_ANNOUNCE(spawning, p, &d);
	d.cgroup_fd = lineage_procs_fd(program_name(p));

	r = spawn_start(&p->spawn, &d);
	environ_free(&env);
	if (d.cgroup_fd >= 0 && close(d.cgroup_fd) < 0)
		log_warn("program %s: close cgroup.procs", program_name(p));
	if (r.status == SPAWN_FAILED) {
		output_abort(&p->out);
		program_resource_reason(p, spawn_stage_name(r.stage), r.err);
		log_warnx("program %s: %s; retrying", program_name(p),
		    p->reason);
		return PE_SPAWN_FAILED;
	}
	output_started(&p->out);
	stats_get()->spawns++;
	p->spawns++;
	p->started = loop_now();
	program_set_reason(p, NULL);
	memset(&p->failure, 0, sizeof p->failure);
	p->sessions[1] = p->sessions[0];
	if (pc->detach) {
		p->inter_pid = r.pid;
		pidmap_insert(&p->inter, r.pid);
	} else {
		p->pid = p->pgid = r.pid;
		p->sessions[0] = r.pid;
		pidmap_insert(&p->child, r.pid);
	}
	log_debug("program %s: spawned pid %d", program_name(p), (int)r.pid);
	return r.status == SPAWN_STARTED ? PE_EXEC_OK : PE__COUNT;
}

/* Send sig to the program's process, or its group. */
int
program_signal(struct program *p, int sig)
{
	pid_t target;

	if (p->group_wait)		/* only the rest of its group is left */
		target = -p->pgid;
	else if (p->pid <= 0)
		return -1;
	else
		target = (p->conf->kill_group || (sig == SIGKILL &&
		    p->conf->sd_killasgroup)) && p->pgid > 1 ? -p->pgid :
		    p->pid;
	if (kill(target, sig) < 0) {
		if (errno == ESRCH && target < 0 && kill(p->pid, sig) == 0)
			return 0;
		if (errno != ESRCH)
			log_warn("program %s: kill %d %s", program_name(p),
			    (int)target, sig_name(sig));
		return -1;
	}
	log_debug("program %s: sent %s to %s %d", program_name(p),
	    sig_name(sig), target < 0 ? "group" : "pid",
	    (int)(target < 0 ? -target : target));
	return 0;
}

/* SIGKILL what is left; for a group, give up on it a while later. */
static void
program_sigkill(struct program *p)
{
	program_signal(p, SIGKILL);
	if (p->group_wait)
		timer_set(&p->group_timer, loop_now() +
		    PROGRAM_GROUP_KILL_WAIT_MS);
}

void
program_kill(struct program *p)
{
	if (p->pid > 0 || p->group_wait) {
		p->ps.killed = true;
		program_sigkill(p);
	}
}

/* FATAL after fast failures: say why, for the log, hooks and psctl. */
static void
program_fatal_reason(struct program *p)
{
	char st[64];

	program_set_reason(p, "%d fast failures in a row (last: %s)",
	    p->ps.fast_fails,
	    policy_failure(&p->pp, &p->ps, st, sizeof st) != NULL ? st :
	    wait_status_str(p->last_status, st, sizeof st));
}

/* Carry out a policy result. */
static void
program_apply(struct program *p, enum pstate old, const struct policy_result *r)
{
	enum pevent then = PE__COUNT;

	switch (r->action) {
	case PA_SPAWN:
		if (r->restart) {
			p->restarts++;
			stats_get()->restarts++;
		}
		then = program_spawn(p);
		break;
	case PA_SIGNAL:
		program_signal(p, r->signal);
		break;
	case PA_KILL:
		if (p->pid > 0 || p->group_wait) {
			char d[32];

			log_warnx("program %s: %sstill running %s after %s;"
			    " sending KILL", program_name(p), p->group_wait ?
			    "the rest of its process group is " : "",
			    duration_format(p->pp.stop_timeout, d, sizeof d),
			    sig_name(p->pp.stop_signal));
			program_sigkill(p);
		}
		break;
	case PA_NONE:
		break;
	}
	if (p->ps.deadline > 0)
		timer_set(&p->timer, p->ps.deadline);
	else
		timer_cancel(&p->timer);
	if (p->ps.state != old || r->ended) {
		if (p->ps.state == PS_FATAL && p->failure.stage == 0)
			program_fatal_reason(p);
		PROGRAM_ANNOUNCE(changed, p, old, r);
		changed_cb(p, old, r);
	}
	/* Only now: every change is reported once, in order. */
	if (then != PE__COUNT)
		program_event(p, then, 0);
}

void
program_event(struct program *p, enum pevent ev, int status)
{
	enum pstate old = p->ps.state;
	struct policy_result r;

	r = policy_step(&p->pp, &p->ps, ev, status, loop_now());
	log_trace("program %s: %s + %s -> %s", program_name(p),
	    pstate_name(old), pevent_name(ev), pstate_name(p->ps.state));
	program_apply(p, old, &r);
}

void
program_start(struct program *p)
{
	program_event(p, PE_START, 0);
}

void
program_stop(struct program *p)
{
	p->held = false;
	program_event(p, PE_STOP, 0);
}

struct program *
program_new(struct progconf *pc, bool is_main)
{
	struct program *p = xcalloc(1, sizeof *p);

	p->conf = pc;
	p->is_main = is_main;
	policy_params_from(&p->pp, pc);
	p->ps.state = PS_STOPPED;
	spawn_init(&p->spawn, program_spawn_pid, program_spawn_done, p);
	p->child.on_exit = program_exited;
	p->child.arg = p;
	p->inter.on_exit = program_inter_exited;
	p->inter.arg = p;
	timer_init(&p->timer, program_timer, p);
	timer_init(&p->group_timer, program_group_timeout, p);
	output_program_init(&p->out, p, &p->conf);
	return p;
}

void
program_free(struct program *p)
{
	if (p == NULL)
		return;
	timer_cancel(&p->timer);
	timer_cancel(&p->group_timer);
	if (p->group_wait)
		group_waits--;
	spawn_cancel(&p->spawn);
	PROGRAM_ANNOUNCE(freed, p);
	pidmap_remove(&p->child);
	pidmap_remove(&p->inter);
	output_program_free(&p->out);
	free(p->deps);
	free(p->rdeps);
	free(p);
}
