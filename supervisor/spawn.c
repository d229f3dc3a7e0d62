/*
 * spawn.c: fork, set up the child, exec.
 *
 * Between fork and exec only async-signal-safe calls are made: the
 * environment and everything else that allocates is prepared by the
 * parent.  Signals stay blocked in the child until its mask is set just
 * before exec, so no handler of psd's ever runs in it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loop.h"
#include "signals.h"
#include "spawn.h"
#include "util.h"

#define SPAWN_DEFAULT_PATH \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static struct rlimit	 orig_nofile;
static bool		 restore_nofile;

void
spawn_set_nofile(const struct rlimit *orig)
{
	orig_nofile = *orig;
	restore_nofile = true;
}

static const char *const spawn_stage_names[SPAWN_STAGE__COUNT] = {
	"", "setsid", "prctl(PR_SET_PDEATHSIG)", "stdio", "setrlimit",
	"setpriority", "chdir", "setgroups", "setgid", "setuid", "exec",
	"fork", "pipe2",
};

const char *
spawn_stage_name(enum spawn_stage stage)
{
	if ((int)stage < 0 || stage >= SPAWN_STAGE__COUNT)
		return "?";
	return spawn_stage_names[stage];
}

/* Every failure's status, if set (dumb-init's 2); else 127 or 126. */
static int	 fail_code;

void
spawn_set_failure_code(int code)
{
	fail_code = code;
}

int
spawn_failure_code(const struct spawn_result *r)
{
	if (fail_code != 0)
		return fail_code;
	if (r->stage == SPAWN_STAGE_EXEC && r->err == ENOENT)
		return 127;
	return 126;
}

void
spawn_desc_init(struct spawn_desc *d)
{
	memset(d, 0, sizeof *d);
	d->stdio[0] = d->stdio[1] = d->stdio[2] = -1;
	d->listen_pid_env = -1;
	d->watchdog_pid_env = -1;
	d->cgroup_fd = -1;
	d->psd_pid = getpid();
	d->mode = SPAWN_DIRECT;
}

void
spawn_desc_from_conf(struct spawn_desc *d, const struct progconf *pc)
{
	d->argv = pc->argv;
	d->dir = pc->directory;
	d->has_user = pc->has_user;
	d->has_group = pc->has_group;
	d->uid = pc->uid;
	d->gid = pc->gid;
	d->groups = pc->groups;
	d->ngroups = pc->ngroups;
	d->has_umask = pc->has_umask;
	d->umask = pc->umask;
	d->has_nice = pc->has_nice;
	d->nice = pc->nice;
	d->rlimits = pc->rlimits;
	d->nrlimits = pc->nrlimits;
	d->transparent = pc->transparent;
}

/* What the child writes to the status pipe: a failure, or (stage NONE)
 * a detached start's grandchild pid. */
struct spawn_msg {
	int			  stage;
	int			  err;
};

/* Report a failure to the parent (fd -1: no one listens) and exit
 * (child only). */
static void __attribute__((noreturn))
spawn_fail(int fd, enum spawn_stage stage, int err)
{
	struct spawn_msg m = { (int)stage, err };
	ssize_t n;

	if (fd >= 0) {
		do
			n = write(fd, &m, sizeof m);
		while (n < 0 && errno == EINTR);
	}
	_exit(fail_code != 0 ? fail_code :
	    stage == SPAWN_STAGE_EXEC && err == ENOENT ? 127 : 126);
}

/* Find NAME= in envp (child-safe: no allocation). */
static const char *
spawn_getenv(char **envp, const char *name, size_t len)
{
	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return *envp + len + 1;
	return NULL;
}

/* Write pid in decimal at dst (child-safe). */
static void
spawn_itoa(char *dst, pid_t pid)
{
	char tmp[16];
	int n = 0;
	unsigned int v = (unsigned int)pid;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0 && n < (int)sizeof tmp);
	while (n > 0)
		*dst++ = tmp[--n];
	*dst = '\0';
}

/*
 * exec argv[0], searching the program's own PATH when it has no slash, the
 * way execvp does: EACCES is remembered, the search goes on, and the
 * error reported is EACCES if any candidate had it.
 */
static int
spawn_exec(char *const argv[], char **envp)
{
	const char *path, *p, *end;
	char buf[4096];
	size_t dlen, flen;
	bool eacces = false;

	if (strchr(argv[0], '/') != NULL) {
		execve(argv[0], argv, envp);
		return errno;
	}
	path = spawn_getenv(envp, "PATH", 4);
	if (path == NULL)
		path = SPAWN_DEFAULT_PATH;
	flen = strlen(argv[0]);
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dlen = (size_t)(end - p);
		if (dlen + flen + 2 <= sizeof buf) {
			if (dlen == 0)
				buf[dlen++] = '.';
			else
				memcpy(buf, p, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, argv[0], flen + 1);
			execve(buf, argv, envp);
			if (errno == EACCES)
				eacces = true;
			else if (errno != ENOENT && errno != ENOTDIR &&
			    errno != ELOOP && errno != ENAMETOOLONG)
				return errno;
		}
		if (*end == '\0')
			break;
	}
	return eacces ? EACCES : ENOENT;
}

/*
 * Put the child's descriptors in place: stdio, passed fds at 3, 4, ...,
 * then close the rest.  errfd (close-on-exec) stays open until exec and
 * is returned, moved out of the way of the passed fds.
 */
static int
spawn_child_fds(const struct spawn_desc *d, int errfd)
{
	int tmp[SPAWN_MAX_PASS_FDS];
	int i, fd, n = d->npass_fds, top = 3 + d->npass_fds;

	if (n > SPAWN_MAX_PASS_FDS)
		spawn_fail(errfd, SPAWN_STAGE_STDIO, EMFILE);
	/* Above every target first, so no dup2 below clobbers a source. */
	if (n > 0 && errfd >= 0 && errfd < top &&
	    (errfd = fcntl(errfd, F_DUPFD_CLOEXEC, top)) < 0)
		_exit(126);
	for (i = 0; i < n; i++)
		if ((tmp[i] = fcntl(d->pass_fds[i], F_DUPFD_CLOEXEC, top)) < 0)
			spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	for (i = 0; i < 3; i++) {
		fd = d->stdio[i];
		if (fd < 0)
			continue;
		if (fd == i) {
			if (fd_set_cloexec(fd, false) < 0)
				spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
		} else if (dup2(fd, i) < 0)
			spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	}
	if (d->ctty_stdout && ioctl(STDOUT_FILENO, TIOCSCTTY, 0) < 0)
		spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	for (i = 0; i < n; i++)		/* dup2 clears close-on-exec */
		if (dup2(tmp[i], 3 + i) < 0)
			spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	if (d->transparent) {
		for (i = 0; i < n; i++)
			close(tmp[i]);
		return errfd;	/* inherited fds pass; psd's are CLOEXEC */
	}
	/* Keep errfd until exec. */
	if (errfd < 0)
		close_range_compat((unsigned int)top, ~0U);
	else {
		if (errfd > top)
			close_range_compat((unsigned int)top,
			    (unsigned int)errfd - 1);
		close_range_compat((unsigned int)errfd + 1, ~0U);
	}
	return errfd;
}

/* Everything between fork and exec. */
static void __attribute__((noreturn))
spawn_child(const struct spawn_desc *d, int errfd)
{
	int i, err;

	/*
	 * Join the program's cgroup before anything can fork (lineage.h).
	 * It only attributes orphans: a failure must not stop the program.
	 */
	if (d->cgroup_fd >= 0 && write(d->cgroup_fd, "0", 1) < 0) {
		/* stays in psd's cgroup: the session rule attributes it */
	}

	/* Terminal first: SIGTTOU is still ignored here, as in psd. */
	if (d->setsid) {
		if (setsid() < 0)
			spawn_fail(errfd, SPAWN_STAGE_SESSION, errno);
		if (d->take_ctty)
			(void)ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	} else if (setpgid(0, 0) < 0)
		spawn_fail(errfd, SPAWN_STAGE_SESSION, errno);
	if (d->tty_foreground)
		(void)tcsetpgrp(STDIN_FILENO, getpid());

	signals_child_reset(d->transparent);

	if (d->pdeathsig != 0) {
		if (prctl(PR_SET_PDEATHSIG, d->pdeathsig) < 0)
			spawn_fail(errfd, SPAWN_STAGE_PDEATHSIG, errno);
		if (getppid() != d->psd_pid)	/* psd died already */
			_exit(1);
	}

	errfd = spawn_child_fds(d, errfd);

	if (restore_nofile && setrlimit(RLIMIT_NOFILE, &orig_nofile) < 0)
		spawn_fail(errfd, SPAWN_STAGE_RLIMIT, errno);
	for (i = 0; i < d->nrlimits; i++)
		if (setrlimit(d->rlimits[i].resource, &d->rlimits[i].lim) < 0)
			spawn_fail(errfd, SPAWN_STAGE_RLIMIT, errno);
	if (d->has_nice) {
		errno = 0;
		if (setpriority(PRIO_PROCESS, 0, d->nice) < 0 && errno != 0)
			spawn_fail(errfd, SPAWN_STAGE_NICE, errno);
	}
	if (d->has_umask)
		umask(d->umask);
	if (d->dir != NULL && chdir(d->dir) < 0)
		spawn_fail(errfd, SPAWN_STAGE_CHDIR, errno);

	if (d->has_user || d->has_group) {
		if (d->has_user &&
		    setgroups((size_t)d->ngroups, d->groups) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGROUPS, errno);
		else if (!d->has_user && setgroups(0, NULL) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGROUPS, errno);
		if (setgid(d->gid) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGID, errno);
		if (d->has_user && setuid(d->uid) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETUID, errno);
	}

	if (d->listen_pid_env >= 0)
		spawn_itoa(d->envp[d->listen_pid_env] +
		    strlen("LISTEN_PID="), getpid());
	if (d->watchdog_pid_env >= 0)
		spawn_itoa(d->envp[d->watchdog_pid_env] +
		    strlen("WATCHDOG_PID="), getpid());

	signals_child_mask(d->transparent);
	err = spawn_exec(d->argv, d->envp);
	spawn_fail(errfd, SPAWN_STAGE_EXEC, err);
}

/*
 * The intermediate child of a detached start: a new session, fork the
 * grandchild, tell psd its pid, exit.  The grandchild waits for EOF on
 * the go pipe, which psd closes once it has recorded the pid.
 */
static void __attribute__((noreturn))
spawn_detached(const struct spawn_desc *d, int errfd, int gofd)
{
	struct spawn_desc d2 = *d;
	char c;
	pid_t pid;
	ssize_t n;

	if (setsid() < 0)
		spawn_fail(errfd, SPAWN_STAGE_SESSION, errno);
	pid = fork();
	if (pid < 0)
		spawn_fail(errfd, SPAWN_STAGE_FORK, errno);
	if (pid > 0) {
		/* stage NONE marks a pid, not a failure: same size, so a
		   failure of ours is never read as a pid */
		struct spawn_msg m = { SPAWN_STAGE_NONE, (int)pid };

		do
			n = write(errfd, &m, sizeof m);
		while (n < 0 && errno == EINTR);
		_exit(0);
	}
	do
		n = read(gofd, &c, 1);
	while (n < 0 && errno == EINTR);
	close(gofd);
	d2.setsid = false;		/* the intermediate made the session */
	d2.pdeathsig = 0;
	d2.tty_foreground = false;
	spawn_child(&d2, errfd);
}

/*
 * The intermediate child of a callback start: fork, exit at once.  The
 * grandchild makes its own session and reports to no one.
 */
static void __attribute__((noreturn))
spawn_callback(const struct spawn_desc *d)
{
	pid_t pid = fork();

	if (pid == 0)
		spawn_child(d, -1);
	_exit(pid < 0 ? 1 : 0);
}

static void	spawn_readable(struct watch *, uint32_t);

void
spawn_init(struct spawn *s, void (*on_pid)(struct spawn *, pid_t),
    void (*on_done)(struct spawn *, const struct spawn_result *), void *arg)
{
	memset(s, 0, sizeof *s);
	s->on_pid = on_pid;
	s->on_done = on_done;
	s->arg = arg;
	s->status_fd = -1;
	s->go_fd = -1;
	watch_init(&s->watch, spawn_readable, s);
}

bool
spawn_pending(const struct spawn *s)
{
	return s->status_fd >= 0;
}

bool
spawn_wants_pid(const struct spawn *s)
{
	return s->want_pid;
}

void
spawn_cancel(struct spawn *s)
{
	if (s->status_fd >= 0) {
		watch_del(&s->watch);
		close(s->status_fd);
		s->status_fd = -1;
	}
	if (s->go_fd >= 0) {
		close(s->go_fd);
		s->go_fd = -1;
	}
	s->want_pid = false;
}

/* The status pipe is readable. */
static void
spawn_readable(struct watch *w, uint32_t revents)
{
	(void)revents;
	spawn_poll(w->arg);
}

struct spawn_result
spawn_start(struct spawn *s, const struct spawn_desc *d)
{
	struct spawn_result r = { SPAWN_FAILED, 0, SPAWN_STAGE_PIPE, 0 };
	int p[2] = { -1, -1 }, go[2] = { -1, -1 };
	pid_t pid;

	spawn_cancel(s);
	/* non-blocking both ways: the child writes 16 bytes at most */
	if (d->mode != SPAWN_CALLBACK &&
	    pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		goto fail;
	if (d->mode == SPAWN_DETACHED && pipe2(go, O_CLOEXEC) < 0)
		goto fail;
	r.stage = SPAWN_STAGE_FORK;
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		if (d->mode == SPAWN_CALLBACK)
			spawn_callback(d);
		close(p[0]);
		if (d->mode == SPAWN_DETACHED) {
			close(go[1]);
			spawn_detached(d, p[1], go[0]);
		}
		spawn_child(d, p[1]);
	}
	r.pid = pid;
	r.stage = SPAWN_STAGE_NONE;
	if (d->mode == SPAWN_CALLBACK) {
		r.status = SPAWN_STARTED;
		return r;
	}
	close(p[1]);
	if (go[0] >= 0)
		close(go[0]);
	s->status_fd = p[0];
	s->go_fd = go[1];
	s->want_pid = d->mode == SPAWN_DETACHED;
	if (watch_add(&s->watch, s->status_fd, EPOLLIN) < 0) {
		/* exec errors now show as exit 127 */
		close(s->status_fd);
		s->status_fd = -1;
		r.status = SPAWN_STARTED;
		return r;
	}
	r.status = SPAWN_PENDING;
	return r;

fail:
	r.err = errno;
	if (p[0] >= 0) {
		close(p[0]);
		close(p[1]);
	}
	if (go[0] >= 0) {
		close(go[0]);
		close(go[1]);
	}
	errno = r.err;
	return r;
}

/* The start is over: close the pipes, tell the caller. */
static void
spawn_done(struct spawn *s, enum spawn_stage stage, int err)
{
	struct spawn_result r = { SPAWN_STARTED, 0, stage, err };

	if (stage != SPAWN_STAGE_NONE)
		r.status = SPAWN_FAILED;
	/* want_pid stays: the caller sees the pid never came */
	watch_del(&s->watch);
	close(s->status_fd);
	s->status_fd = -1;
	if (s->go_fd >= 0) {
		close(s->go_fd);
		s->go_fd = -1;
	}
	if (s->on_done != NULL)
		s->on_done(s, &r);
}

bool
spawn_poll(struct spawn *s)
{
	struct spawn_msg m;
	ssize_t n;

	while (s->status_fd >= 0) {
		do
			n = read(s->status_fd, &m, sizeof m);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return false;	/* nothing yet */
		if (n == 0)
			spawn_done(s, SPAWN_STAGE_NONE, 0);
		else if ((size_t)n != sizeof m)
			spawn_done(s, SPAWN_STAGE_EXEC, EIO);
		else if (m.stage == SPAWN_STAGE_NONE) {
			if (!s->want_pid || m.err <= 1) {
				spawn_done(s, SPAWN_STAGE_FORK, EIO);
				break;
			}
			/* the detached grandchild: tell, then let it go */
			s->want_pid = false;
			if (s->on_pid != NULL)
				s->on_pid(s, (pid_t)m.err);
			if (s->go_fd >= 0) {
				close(s->go_fd);
				s->go_fd = -1;
			}
		} else if (m.stage <= SPAWN_STAGE_NONE ||
		    m.stage >= SPAWN_STAGE__COUNT)
			spawn_done(s, SPAWN_STAGE_EXEC, EIO);
		else
			spawn_done(s, (enum spawn_stage)m.stage, m.err);
	}
	return true;
}
