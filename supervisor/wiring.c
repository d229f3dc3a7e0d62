/*
 * wiring.c: register the observers of supervise.c.
 */
#include "control.h"
#include "control_cmds.h"
#include "control_events.h"
#include "control_pool.h"
#include "orphans.h"
#include "output.h"
#include "pool_run.h"
#include "readiness.h"
#include "sdnotify.h"
#include "supervise.h"
#include "tty.h"
#include "wiring.h"

/* The terminal follows the main program's process group. */
static void
wiring_tty_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	enum pstate now = program_state(p);

	(void)r;
	if (!p->is_main)
		return;
	if (now == PS_STARTING && old != PS_STARTING && p->pid > 0)
		tty_main_started(p->pid);
	else if (!pstate_active(now))
		tty_main_exited();
}

static void
wiring_sdnotify_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	(void)p;
	(void)old;
	(void)r;
	sdnotify_changed();
}

static void
wiring_control_changed(struct program *p, enum pstate old,
    const struct policy_result *r)
{
	(void)old;
	(void)r;
	control_program_changed(p);
}

/* A pool changed: a closed pool that drained may end psd's work. */
static void
wiring_pool_changed(struct rpool *rp)
{
	(void)rp;
	supervise_recheck();
}

static const struct pool_run_observer wiring_pool_observer = {
	.changed = wiring_pool_changed,
};

/* In this order: readiness first, the control socket's watchers last. */
static const struct supervise_observer wiring_observers[] = {
	{ .changed = readiness_changed },
	{ .changed = wiring_tty_changed },
	{ .starting = output_layout },
	{ .changed = wiring_sdnotify_changed, .started = sdnotify_changed,
	  .stopping = sdnotify_stopping },
	{ .changed = wiring_control_changed,
	  .removed = control_program_removed },
	{ .stopping = pool_run_shutdown },
};

void
wiring_init(bool warn_reap, bool info_reap)
{
	size_t i;

	for (i = 0; i < sizeof wiring_observers / sizeof wiring_observers[0];
	    i++)
		supervise_observe(&wiring_observers[i]);
	output_on_resume(supervise_release_held);
	control_on_request(control_cmd);
	control_pool_init();
	pool_run_observe(&wiring_pool_observer);
	workdone_set_pools(pool_run_work);
	orphans_init(warn_reap, info_reap);
	control_events_init();
}
