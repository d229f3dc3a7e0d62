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
	"fork",
};

const char *
spawn_stage_name(int stage)
{
	if (stage < 0 || stage >= SPAWN_STAGE__COUNT)
		return "?";
	return spawn_stage_names[stage];
}

int
spawn_failure_code(const struct spawn_failure *f)
{
	if (f->stage == SPAWN_STAGE_EXEC && f->err == ENOENT)
		return 127;
	return 126;
}

/* Report a failure to the parent and exit (child only). */
static void __attribute__((noreturn))
spawn_fail(int fd, int stage, int err)
{
	struct spawn_failure f = { stage, err };
	ssize_t n;

	do
		n = write(fd, &f, sizeof f);
	while (n < 0 && errno == EINTR);
	_exit(stage == SPAWN_STAGE_EXEC && err == ENOENT ? 127 : 126);
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

/* Put the child's descriptors in place: stdio, then close the rest. */
static void
spawn_child_fds(const struct spawn_req *req, int errfd)
{
	int i, fd;

	for (i = 0; i < 3; i++) {
		fd = req->stdio[i];
		if (fd < 0)
			continue;
		if (fd == i) {
			if (fd_set_cloexec(fd, false) < 0)
				spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
		} else if (dup2(fd, i) < 0)
			spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	}
	if (req->ctty_stdout && ioctl(STDOUT_FILENO, TIOCSCTTY, 0) < 0)
		spawn_fail(errfd, SPAWN_STAGE_STDIO, errno);
	if (req->pc->transparent)
		return;		/* inherited fds pass; psd's are CLOEXEC */
	/* Keep errfd (close-on-exec) until exec. */
	if (errfd > 3)
		close_range_compat(3, (unsigned int)errfd - 1);
	close_range_compat((unsigned int)errfd + 1, ~0U);
}

/* Everything between fork and exec. */
static void __attribute__((noreturn))
spawn_child(const struct spawn_req *req, int errfd)
{
	const struct progconf *pc = req->pc;
	int i, err;

	/*
	 * Join the program's cgroup before anything can fork (lineage.h).
	 * It only attributes orphans: a failure must not stop the program.
	 */
	if (req->join_cgroup && write(req->cgroup_fd, "0", 1) < 0) {
		/* stays in psd's cgroup: the session rule attributes it */
	}

	/* Terminal first: SIGTTOU is still ignored here, as in psd. */
	if (req->setsid) {
		if (setsid() < 0)
			spawn_fail(errfd, SPAWN_STAGE_SESSION, errno);
		if (req->take_ctty)
			(void)ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	} else if (setpgid(0, 0) < 0)
		spawn_fail(errfd, SPAWN_STAGE_SESSION, errno);
	if (req->tty_foreground)
		(void)tcsetpgrp(STDIN_FILENO, getpid());

	signals_child_reset(pc->transparent);

	if (req->pdeathsig != 0) {
		if (prctl(PR_SET_PDEATHSIG, req->pdeathsig) < 0)
			spawn_fail(errfd, SPAWN_STAGE_PDEATHSIG, errno);
		if (getppid() != req->psd_pid)	/* psd died already */
			_exit(1);
	}

	spawn_child_fds(req, errfd);

	if (restore_nofile && setrlimit(RLIMIT_NOFILE, &orig_nofile) < 0)
		spawn_fail(errfd, SPAWN_STAGE_RLIMIT, errno);
	for (i = 0; i < pc->nrlimits; i++)
		if (setrlimit(pc->rlimits[i].resource, &pc->rlimits[i].lim) < 0)
			spawn_fail(errfd, SPAWN_STAGE_RLIMIT, errno);
	if (pc->has_nice) {
		errno = 0;
		if (setpriority(PRIO_PROCESS, 0, pc->nice) < 0 && errno != 0)
			spawn_fail(errfd, SPAWN_STAGE_NICE, errno);
	}
	if (pc->has_umask)
		umask(pc->umask);
	if (pc->directory != NULL && chdir(pc->directory) < 0)
		spawn_fail(errfd, SPAWN_STAGE_CHDIR, errno);

	if (pc->has_user || pc->has_group) {
		if (pc->has_user &&
		    setgroups((size_t)pc->ngroups, pc->groups) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGROUPS, errno);
		else if (!pc->has_user && setgroups(0, NULL) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGROUPS, errno);
		if (setgid(pc->gid) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETGID, errno);
		if (pc->has_user && setuid(pc->uid) < 0)
			spawn_fail(errfd, SPAWN_STAGE_SETUID, errno);
	}

	if (req->listen_pid_env >= 0)
		spawn_itoa(req->envp[req->listen_pid_env] +
		    strlen("LISTEN_PID="), getpid());
	if (req->watchdog_pid_env >= 0)
		spawn_itoa(req->envp[req->watchdog_pid_env] +
		    strlen("WATCHDOG_PID="), getpid());

	signals_child_mask(pc->transparent);
	err = spawn_exec(pc->argv, req->envp);
	spawn_fail(errfd, SPAWN_STAGE_EXEC, err);
}

/*
 * The intermediate child of a detached start: a new session, fork the
 * grandchild, tell psd its pid, exit.  The grandchild waits for EOF on
 * the go pipe, which psd closes once it has recorded the pid.
 */
static void __attribute__((noreturn))
spawn_detached(const struct spawn_req *req, int errfd, int gofd)
{
	struct spawn_req r2 = *req;
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
		struct spawn_failure f = { SPAWN_STAGE_NONE, (int)pid };

		do
			n = write(errfd, &f, sizeof f);
		while (n < 0 && errno == EINTR);
		_exit(0);
	}
	do
		n = read(gofd, &c, 1);
	while (n < 0 && errno == EINTR);
	close(gofd);
	r2.setsid = false;		/* the intermediate made the session */
	r2.detach = false;
	r2.pdeathsig = 0;
	r2.tty_foreground = false;
	spawn_child(&r2, errfd);
}

int
spawn_start(const struct spawn_req *req, struct spawn_handle *h)
{
	int p[2], go[2] = { -1, -1 }, e;
	pid_t pid;

	/* non-blocking both ways: the child writes 16 bytes at most */
	h->failed = "pipe2";
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	if (req->detach && pipe2(go, O_CLOEXEC) < 0)
		goto fail;
	h->failed = "fork";
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		close(p[0]);
		if (req->detach) {
			close(go[1]);
			spawn_detached(req, p[1], go[0]);
		}
		spawn_child(req, p[1]);
	}
	close(p[1]);
	if (go[0] >= 0)
		close(go[0]);
	h->pid = pid;
	h->status_fd = p[0];
	h->go_fd = go[1];
	return 0;

fail:
	e = errno;
	close(p[0]);
	close(p[1]);
	if (go[0] >= 0) {
		close(go[0]);
		close(go[1]);
	}
	errno = e;
	return -1;
}

void
spawn_close_pipes(struct watch *status_watch, int *status_fd, int *go_fd)
{
	if (*status_fd >= 0) {
		watch_del(status_watch);
		close(*status_fd);
		*status_fd = -1;
	}
	if (*go_fd >= 0) {
		close(*go_fd);
		*go_fd = -1;
	}
}

int
spawn_read_status(int fd, bool want_pid, struct spawn_failure *f,
    pid_t *grandchild)
{
	struct spawn_failure got;
	ssize_t n;

	do
		n = read(fd, &got, sizeof got);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	if ((size_t)n != sizeof got) {
		f->stage = SPAWN_STAGE_EXEC;
		f->err = EIO;
		return 1;
	}
	if (got.stage == SPAWN_STAGE_NONE) {
		if (!want_pid || got.err <= 1) {
			f->stage = SPAWN_STAGE_FORK;
			f->err = EIO;
			return 1;
		}
		*grandchild = (pid_t)got.err;
		return 2;
	}
	*f = got;
	return 1;
}
