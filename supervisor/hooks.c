/*
 * hooks.c: double-fork a hook command with PSD_* variables.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "environ.h"
#include "hooks.h"
#include "log.h"
#include "pidmap.h"
#include "program.h"
#include "signals.h"
#include "signame.h"
#include "stats.h"
#include "util.h"
#include "xmalloc.h"

extern char **environ;

struct hook_child {
	struct child	 child;
	char		*what;
};

/* The intermediate child exited: nothing to do but note it. */
static void
hooks_inter_exited(struct child *c, int status)
{
	struct hook_child *h = (struct hook_child *)c;

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		log_warnx("%s: could not start (status %d)", h->what,
		    wait_status_code(status));
	free(h->what);
	free(h);
}

/* The grandchild: a session of its own, then /bin/sh -c cmd. */
static void __attribute__((noreturn))
hooks_exec(char *const argv[], char **envp)
{
	int fd;

	signals_child_reset(false);
	(void)setsid();
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	close_range_compat(3, ~0U);
	signals_child_mask(false);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* Run cmd with /bin/sh -c for program p; which is "on_exit"/"on_fatal". */
static void
hooks_run(struct program *p, const char *cmd, const char *which, int status)
{
	const struct progconf *pc = p->conf;
	struct hook_child *h;
	struct envbuf env;
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	pid_t pid;
	int i;

	environ_init(&env, environ, 0);
	for (i = 0; i < pc->nenvironment; i++)
		environ_put(&env, pc->environment[i]);
	environ_setf(&env, "PSD_PROGRAM", "%s", pc->name);
	environ_setf(&env, "PSD_HOOK", "%s", which);
	environ_setf(&env, "PSD_STATE", "%s", pstate_name(p->ps.state));
	environ_setf(&env, "PSD_RESTARTS", "%u", p->restarts);
	if (WIFEXITED(status))
		environ_setf(&env, "PSD_EXIT_CODE", "%d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		environ_setf(&env, "PSD_SIGNAL", "%s", sig_name(WTERMSIG(status)));
	if (p->reason[0] != '\0')
		environ_setf(&env, "PSD_REASON", "%s", p->reason);

	h = xcalloc(1, sizeof *h);
	h->what = xasprintf("program %s: %s hook", pc->name, which);
	h->child.on_exit = hooks_inter_exited;
	pid = fork();
	if (pid < 0) {
		log_warn("%s: fork", h->what);
		free(h->what);
		free(h);
		environ_free(&env);
		return;
	}
	if (pid == 0) {
		pid = fork();
		if (pid == 0)
			hooks_exec(argv, env.v);
		_exit(pid < 0 ? 1 : 0);
	}
	environ_free(&env);
	pidmap_insert(&h->child, pid);
	stats_get()->hooks++;
	log_debug("%s: started", h->what);
}

/* A state change: FATAL runs on_fatal. */
static void
hooks_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	(void)old;
	(void)r;
	if (p->ps.state == PS_FATAL && p->conf->on_fatal != NULL)
		hooks_run(p, p->conf->on_fatal, "on_fatal", p->last_status);
}

/* A run ended: on_exit. */
static void
hooks_exited(struct program *p, int status)
{
	if (p->conf->on_exit != NULL)
		hooks_run(p, p->conf->on_exit, "on_exit", status);
}

static const struct program_observer hooks_observer = {
	.changed = hooks_changed,
	.exited = hooks_exited,
};

void
hooks_init(void)
{
	program_observe(&hooks_observer);
}
