/*
 * hooks.c: start a hook command (spawn.c's callback start: a double
 * fork) with PSD_* variables.
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
#include "spawn.h"
#include "signame.h"
#include "stats.h"
#include "util.h"
#include "xmalloc.h"

static int hooks_devnull = -1;

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

/* Run cmd with /bin/sh -c for program p; which is "on_exit"/"on_fatal". */
static void
hooks_run(struct program *p, const char *cmd, const char *which, int status)
{
	const struct progconf *pc = p->conf;
	struct hook_child *h;
	struct spawn_desc d;
	struct spawn_result r;
	struct spawn s;
	struct envbuf env;
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };

	if (hooks_devnull < 0) {
		hooks_devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (hooks_devnull < 0)
			log_warn("program %s: %s hook: open /dev/null",
			    pc->name, which);
	}
	environ_program(&env, pc, ENVIRON_HOOK);
	environ_setf(&env, "PSD_HOOK", "%s", which);
	environ_setf(&env, "PSD_STATE", "%s", pstate_name(program_state(p)));
	environ_setf(&env, "PSD_RESTARTS", "%u", p->restarts);
	if (WIFEXITED(status))
		environ_setf(&env, "PSD_EXIT_CODE", "%d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		environ_setf(&env, "PSD_SIGNAL", "%s", sig_name(WTERMSIG(status)));
	if (p->reason[0] != '\0')
		environ_setf(&env, "PSD_REASON", "%s", p->reason);

	/* psd's user, psd's stdout and stderr, a session of its own */
	spawn_desc_init(&d);
	d.argv = argv;
	d.envp = env.v;
	d.stdio[0] = hooks_devnull;
	d.setsid = true;
	d.mode = SPAWN_CALLBACK;
	spawn_init(&s, NULL, NULL, NULL);
	h = xcalloc(1, sizeof *h);
	h->what = xasprintf("program %s: %s hook", pc->name, which);
	h->child.on_exit = hooks_inter_exited;
	r = spawn_start(&s, &d);
	environ_free(&env);
	if (r.status == SPAWN_FAILED) {
		errno = r.err;
		log_warn("%s: %s", h->what, spawn_stage_name(r.stage));
		free(h->what);
		free(h);
		return;
	}
	pidmap_insert(&h->child, r.pid);
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
	if (program_state(p) == PS_FATAL && p->conf->on_fatal != NULL)
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
