/*
 * supervise_fakes.c: what lies below supervise.c, faked for its unit test.
 *
 * program.c's start/stop/kill become policy steps on a settable clock
 * (fake_now), written to a trace ("start db, stop web"); loop.c's timers
 * and drain.c only record what they were asked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "loop.h"
#include "pidmap.h"
#include "program.h"
#include "supervise_fakes.h"
#include "xmalloc.h"

/* ---- fakes: program.c ---- */

static program_changed_fn	 fake_changed;
int64_t				 fake_now = 1000000;
char				 trace[2048];
bool				 loop_stopped;
void				(*drain_done)(void);
bool				 drain_hurried;
struct timer			*armed[8];

/* Append "verb name" to the trace. */
static void
fake_trace(const char *verb, const struct program *p)
{
	size_t n = strlen(trace);

	snprintf(trace + n, sizeof trace - n, "%s%s %s", n ? ", " : "", verb,
	    p->conf->name);
}

void
fake_step(struct program *p, enum pevent ev, int status)
{
	enum pstate old = p->ps.state;
	struct policy_result r;

	r = policy_step(&p->pp, &p->ps, ev, status, fake_now);
	if (r.action == PA_SPAWN) {
		p->spawns++;
		fake_trace("start", p);
	} else if (r.action == PA_SIGNAL && p->ps.state == PS_STOPPING)
		fake_trace("stop", p);
	if (p->ps.state != old || r.ended)
		fake_changed(p, old, &r);
}

void
program_init_module(program_changed_fn changed, pid_t psd_pid,
    const struct main_spawn *ms)
{
	(void)psd_pid;
	(void)ms;
	fake_changed = changed;
}

struct program *
program_new(struct progconf *pc, bool is_main)
{
	struct program *p = xcalloc(1, sizeof *p);

	p->conf = pc;
	p->is_main = is_main;
	policy_params_from(&p->pp, pc);
	p->ps.state = PS_STOPPED;
	return p;
}

void
program_free(struct program *p)
{
	if (p == NULL)
		return;
	free(p->deps);
	free(p->rdeps);
	free(p);
}

const char *
program_name(const struct program *p)
{
	return p->conf->name;
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

void
program_start(struct program *p)
{
	fake_step(p, PE_START, 0);
}

void
program_stop(struct program *p)
{
	fake_step(p, PE_STOP, 0);
}

void
program_kill(struct program *p)
{
	fake_trace("kill", p);
}

void
program_release(struct program *p)
{
	(void)p;
}

bool
program_owns_session(const struct program *p, pid_t sid)
{
	(void)p;
	(void)sid;
	return false;
}

struct child *
pidmap_find(pid_t pid)
{
	(void)pid;
	return NULL;
}

/* ---- fakes: loop.c and drain.c ---- */

int64_t
loop_now(void)
{
	return fake_now;
}

void
loop_stop(void)
{
	loop_stopped = true;
}

void
loop_defer_free(void *p, void (*freefn)(void *))
{
	freefn(p);	/* nothing here reads a dropped program again */
}

void
timer_init(struct timer *t, timer_fn cb, void *arg)
{
	memset(t, 0, sizeof *t);
	t->cb = cb;
	t->arg = arg;
}

void
timer_set(struct timer *t, int64_t when)
{
	t->when = when;
	t->slot = 1;
	armed[0] = t;	/* supervise.c has one timer: the shutdown's */
}

void
timer_cancel(struct timer *t)
{
	t->slot = 0;
}

void
drain_begin(int64_t grace, drain_keep_fn keep, void (*done)(void))
{
	(void)grace;
	(void)keep;
	drain_done = done;
}

void
drain_hurry(void)
{
	drain_hurried = true;
}
