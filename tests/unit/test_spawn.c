/*
 * test_spawn.c: spawn.c's API with real processes: the typed result, the
 * failing stage, the three modes, passed descriptors.
 *
 * The test is a subreaper, so a detached or callback start's grandchild
 * comes back to it; the status pipe is read with spawn_poll() once the
 * child is reaped, as program.c does.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "environ.h"
#include "loop.h"
#include "spawn.h"
#include "tap.h"

static int			 dones;
static struct spawn_result	 last;
static pid_t			 got_pid;

static void
on_done(struct spawn *s, const struct spawn_result *r)
{
	(void)s;
	dones++;
	last = *r;
}

static void
on_pid(struct spawn *s, pid_t pid)
{
	(void)s;
	got_pid = pid;
}

/* Wait for pid; its wait status. */
static int
reap(pid_t pid)
{
	int st = -1;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

/* Start argv (sh -c cmd) with d's other settings; the result. */
static struct spawn_result
start(struct spawn *s, struct spawn_desc *d, const char *cmd)
{
	static char *argv[4];

	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = (char *)cmd;
	argv[3] = NULL;
	d->argv = argv;
	dones = 0;
	got_pid = 0;
	memset(&last, 0, sizeof last);
	return spawn_start(s, d);
}

/* Read what the child wrote to fd until EOF. */
static void
slurp(int fd, char *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;

	while (off + 1 < len && (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += (size_t)n;
	buf[off] = '\0';
}

int
main(void)
{
	struct envbuf env;
	struct spawn_desc d;
	struct spawn_result r;
	struct spawn s;
	char buf[256], *bad[] = { "/nonexistent/psd-test", NULL };
	int p[2], q[2], pass[2], st;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		printf("1..0 # SKIP no subreaper: %s\n", strerror(errno));
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	loop_init();
	environ_init(&env, NULL, 0);
	environ_setf(&env, "PATH", "%s", "/usr/bin:/bin");
	spawn_init(&s, on_pid, on_done, NULL);

	/* a direct start that execs: PENDING, then STARTED */
	spawn_desc_init(&d);
	d.envp = env.v;
	r = start(&s, &d, "exit 3");
	ok(r.status == SPAWN_PENDING && r.pid > 0, "direct: pending, a pid");
	ok(spawn_pending(&s), "direct: the start is in progress");
	st = reap(r.pid);
	ok(spawn_poll(&s) && dones == 1 && last.status == SPAWN_STARTED,
	    "direct: on_done says STARTED once the child is gone");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "direct: it ran (exit 3)");
	ok(!spawn_pending(&s), "direct: nothing in progress after");

	/* exec fails: the stage and errno come back, typed */
	spawn_desc_init(&d);
	d.envp = env.v;
	d.argv = bad;
	dones = 0;
	r = spawn_start(&s, &d);
	ok(r.status == SPAWN_PENDING, "bad exec: pending");
	st = reap(r.pid);
	spawn_poll(&s);
	ok(dones == 1 && last.status == SPAWN_FAILED &&
	    last.stage == SPAWN_STAGE_EXEC && last.err == ENOENT,
	    "bad exec: FAILED at exec, ENOENT");
	is_int(spawn_failure_code(&last), 127, "bad exec: exit code 127");
	is_int(WEXITSTATUS(st), 127, "bad exec: the child exits 127 too");
	is_str(spawn_stage_name(last.stage), "exec", "bad exec: stage name");

	/* a set-up step fails: chdir */
	spawn_desc_init(&d);
	d.envp = env.v;
	d.dir = "/nonexistent/psd-test";
	r = start(&s, &d, "exit 0");
	reap(r.pid);
	spawn_poll(&s);
	ok(last.status == SPAWN_FAILED && last.stage == SPAWN_STAGE_CHDIR &&
	    last.err == ENOENT, "bad directory: FAILED at chdir");
	is_int(spawn_failure_code(&last), 126, "bad directory: code 126");

	/* stdio and passed fds: pass[1] becomes 3, nothing else leaks */
	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(pass, O_CLOEXEC) < 0 ||
	    pipe2(q, O_CLOEXEC) < 0)
		return 99;
	spawn_desc_init(&d);
	d.envp = env.v;
	d.stdio[1] = p[1];
	d.pass_fds = &pass[1];
	d.npass_fds = 1;
	d.setsid = true;
	d.umask = 027;
	d.has_umask = true;
	r = start(&s, &d, "echo fd3 >&3; umask; ls /proc/self/fd | "
	    "tr '\\n' ' '");
	close(p[1]);
	close(pass[1]);
	slurp(p[0], buf, sizeof buf);
	reap(r.pid);
	spawn_poll(&s);
	ok(last.status == SPAWN_STARTED, "fds: started");
	is_str(buf, "0027\n0 1 2 3 4 ",
	    "fds: umask set; fds 0-3 and ls's own 4, nothing leaked");
	slurp(pass[0], buf, sizeof buf);
	is_str(buf, "fd3\n", "fds: the passed pipe is fd 3");
	close(p[0]);
	close(pass[0]);

	/* detached: the grandchild's pid comes through on_pid */
	spawn_desc_init(&d);
	d.envp = env.v;
	d.stdio[1] = q[1];
	d.mode = SPAWN_DETACHED;
	r = start(&s, &d, "echo $$");
	close(q[1]);
	ok(r.status == SPAWN_PENDING && spawn_wants_pid(&s),
	    "detached: pending, pid due");
	st = reap(r.pid);		/* the intermediate */
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "detached: intermediate 0");
	spawn_poll(&s);
	ok(got_pid > 0 && got_pid != r.pid && !spawn_wants_pid(&s),
	    "detached: on_pid gave the grandchild");
	slurp(q[0], buf, sizeof buf);	/* it runs once released */
	is_int(atoi(buf), got_pid, "detached: that is the process that ran");
	reap(got_pid);
	spawn_poll(&s);
	ok(dones == 1 && last.status == SPAWN_STARTED, "detached: STARTED");
	close(q[0]);

	/* callback: fire and forget, the intermediate's pid to reap */
	spawn_desc_init(&d);
	d.envp = env.v;
	d.mode = SPAWN_CALLBACK;
	d.setsid = true;
	r = start(&s, &d, "exit 0");
	ok(r.status == SPAWN_STARTED && r.pid > 0 && !spawn_pending(&s),
	    "callback: STARTED at once, no pipe");
	st = reap(r.pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "callback: intermediate 0");
	while (waitpid(-1, &st, 0) > 0)	/* the grandchild, reparented */
		;
	is_int(dones, 0, "callback: no on_done");

	spawn_cancel(&s);
	environ_free(&env);
	loop_free();
	return done_testing();
}
