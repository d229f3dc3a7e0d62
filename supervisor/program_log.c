/*
 * program_log.c: a program's state changes, in words a person reads.
 */
#include <stdio.h>

#include "duration.h"
#include "log.h"
#include "program.h"
#include "signame.h"
#include "util.h"

/* Log what happened, as a person would want to read it. */
static void
program_log_change(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	char st[64], d[32], of[32];
	const char *name = p->conf->name;

	switch (program_state(p)) {
	case PS_STARTING:
		/* a detached start learns its pid later (program_read_status) */
		if (old != PS_STARTING && p->pid > 0)
			log_info("program %s: started (pid %d)", name,
			    (int)p->pid);
		break;
	case PS_RUNNING:
		log_debug("program %s: running", name);
		break;
	case PS_READY:
		log_info("program %s: ready", name);
		break;
	case PS_BACKOFF:
		if (p->ps.spawn_fails > 0)
			break;		/* fork failed: logged already */
		if (p->pp.start_retries >= 0)
			snprintf(of, sizeof of, " of %d", p->pp.start_retries);
		else
			of[0] = '\0';	/* start_retries = infinite */
		if (r->fast && policy_failure(&p->pp, &p->ps, st, sizeof st) !=
		    NULL)
			log_warnx("program %s: %s; restarting in %s"
			    " (fast failure %d%s)", name, st,
			    duration_format(r->delay, d, sizeof d),
			    p->ps.fast_fails, of);
		else if (r->fast)
			log_warnx("program %s: %s too quickly; restarting in %s"
			    " (fast failure %d%s)", name,
			    wait_status_str(p->last_status, st, sizeof st),
			    duration_format(r->delay, d, sizeof d),
			    p->ps.fast_fails, of);
		else
			log_info("program %s: %s; restarting in %s", name,
			    wait_status_str(p->last_status, st, sizeof st),
			    duration_format(r->delay, d, sizeof d));
		break;
	case PS_STOPPING:
		log_debug("program %s: stopping (sent %s)", name,
		    sig_name(r->signal));
		break;
	case PS_STOPPED:
		if (old == PS_STOPPING)
			log_info("program %s: stopped (%s)", name,
			    wait_status_str(p->last_status, st, sizeof st));
		break;
	case PS_EXITED:
		/* The main program's status is psd's own: no warning. */
		log_msg(r->failed && !p->is_main ? LOG_LVL_WARN : LOG_LVL_INFO,
		    "program %s: %s", name,
		    wait_status_str(p->last_status, st, sizeof st));
		break;
	case PS_FATAL:
		if (p->failure.stage != 0)
			break;		/* the exec error was logged */
		log_errorx("program %s: FATAL: %s", name, p->reason);
		break;
	case PS__COUNT:
		break;
	}
}

static const struct program_observer program_log_observer = {
	.changed = program_log_change,
};

void
program_log_init(void)
{
	program_observe(&program_log_observer);
}
