/*
 * pool.c: the queue, the slots and each job's states; no system calls.
 */
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "xmalloc.h"

static const char *const state_names[JS__COUNT] = {
	"queued", "running", "stopping", "done", "failed", "cancelled",
	"dropped",
};

const char *
pool_state_name(int state)
{
	if (state < 0 || state >= JS__COUNT)
		return "?";
	return state_names[state];
}

const char *
pool_why_name(int why)
{
	switch (why) {
	case JW_TIMEOUT:	return "timed out";
	case JW_CANCEL:		return "cancelled";
	case JW_TERMINATE:	return "terminated";
	case JW_SPAWN:		return "could not start";
	default:		return "";
	}
}

bool
pool_job_finished(const struct job *j)
{
	return j->state >= JS_DONE;
}

struct pool *
pool_new(const char *name, const struct pool_params *pp,
    void (*free_run)(struct job *))
{
	struct pool *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name);
	p->pp = *pp;
	p->next_id = 1;
	p->base = 1;
	p->free_run = free_run;
	return p;
}

static void
pool_job_free(struct pool *p, struct job *j)
{
	if (p->free_run != NULL && j->run != NULL)
		p->free_run(j);
	free(j);
}

void
pool_free(struct pool *p)
{
	struct job *j;
	size_t i;

	if (p == NULL)
		return;
	/* every job is in the id table, queued, running or kept */
	for (i = 0; i < p->nslots; i++)
		if ((j = p->slots[p->off + i]) != NULL)
			pool_job_free(p, j);
	free(p->slots);
	free(p->name);
	free(p);
}

void
pool_configure(struct pool *p, const struct pool_params *pp)
{
	p->pp = *pp;
}

/* Record j under its id (ids only grow). */
static void
pool_slot_add(struct pool *p, struct job *j)
{
	if (p->off + p->nslots == p->cap) {
		if (p->off > 0) {
			memmove(p->slots, p->slots + p->off,
			    p->nslots * sizeof *p->slots);
			p->off = 0;
		} else {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->slots = xreallocarray(p->slots, p->cap,
			    sizeof *p->slots);
		}
	}
	p->slots[p->off + p->nslots++] = j;
}

static void
pool_slot_del(struct pool *p, const struct job *j)
{
	p->slots[p->off + (j->id - p->base)] = NULL;
	while (p->nslots > 0 && p->slots[p->off] == NULL) {
		p->off++;
		p->base++;
		p->nslots--;
	}
	if (p->nslots == 0)
		p->off = 0;
}

struct job *
pool_find(const struct pool *p, uint32_t id)
{
	if (id < p->base || id - p->base >= p->nslots)
		return NULL;
	return p->slots[p->off + (id - p->base)];
}

int
pool_submit(struct pool *p, char *const argv[], int n, uint32_t session,
    int64_t now, struct job **out)
{
	struct job *j;
	size_t len = 0, l;
	int i;

	if (p->closed)
		return POOL_E_CLOSED;
	if (p->queued >= p->pp.queue_max)
		return POOL_E_FULL;
	if (n < 1 || n > POOL_MAX_ARGS || argv[0][0] == '\0')
		return POOL_E_ARGS;
	for (i = 0; i < n; i++)
		len += strlen(argv[i]) + 1;
	j = xmalloc(sizeof *j + len);
	memset(j, 0, sizeof *j);
	for (len = 0, i = 0; i < n; i++) {
		l = strlen(argv[i]) + 1;
		memcpy(j->args + len, argv[i], l);
		len += l;
	}
	j->argslen = (uint32_t)len;
	j->nargs = (uint16_t)n;
	j->id = p->next_id++;
	j->session = session;
	j->submitted = now;
	j->state = JS_QUEUED;
	j->wstatus = -1;
	if (p->qtail != NULL)
		p->qtail->next = j;
	else
		p->qhead = j;
	p->qtail = j;
	p->queued++;
	p->submitted++;
	pool_slot_add(p, j);
	*out = j;
	return POOL_OK;
}

void
pool_job_argv(const struct job *j, char **argv)
{
	const char *s = j->args;
	int i;

	for (i = 0; i < j->nargs; i++) {
		argv[i] = (char *)s;
		s += strlen(s) + 1;
	}
	argv[i] = NULL;
}

/* Append j to the finished list. */
static void
pool_keep(struct pool *p, struct job *j)
{
	j->next = NULL;
	if (p->dtail != NULL)
		p->dtail->next = j;
	else
		p->dhead = j;
	p->dtail = j;
	p->kept++;
}

/* Pop the queue's head; cancelled jobs left there move to the kept list. */
static struct job *
pool_pop(struct pool *p)
{
	struct job *j;

	while ((j = p->qhead) != NULL) {
		p->qhead = j->next;
		if (p->qhead == NULL)
			p->qtail = NULL;
		if (j->state == JS_QUEUED)
			return j;
		pool_keep(p, j);
	}
	return NULL;
}

struct job *
pool_take(struct pool *p, int64_t now, struct pool_result *r)
{
	struct job *j;

	if (p->running >= p->pp.workers || p->queued == 0)
		return NULL;
	j = pool_pop(p);
	if (j == NULL)
		return NULL;
	j->next = NULL;
	*r = pool_step(p, j, JE_START, 0, now);
	return j;
}

/* The job ended: count it, keep it. */
static struct pool_result
pool_finish(struct pool *p, struct job *j, enum job_state st, int why,
    int wstatus)
{
	struct pool_result r = { JA_FINISH, 0 };
	bool was_running = j->state == JS_RUNNING || j->state == JS_STOPPING;

	j->state = (uint8_t)st;
	if (why != JW_NONE)
		j->why = (uint8_t)why;
	j->wstatus = wstatus;
	if (was_running) {
		p->running--;
		pool_keep(p, j);
	} else
		p->queued--;	/* stays in the queue list until popped */
	if (st == JS_DONE)
		p->done++;
	else if (st == JS_FAILED)
		p->failed++;
	else if (st == JS_CANCELLED)
		p->cancelled++;
	else
		p->dropped++;
	return r;
}

/* A queued job. */
static struct pool_result
step_queued(struct pool *p, struct job *j, enum job_event ev, int64_t now)
{
	struct pool_result r = { JA_NONE, 0 };

	switch (ev) {
	case JE_START:
		p->queued--;
		p->running++;
		j->state = JS_RUNNING;
		r.action = JA_SPAWN;
		if (p->pp.job_timeout > 0)
			r.deadline = now + p->pp.job_timeout;
		return r;
	case JE_CANCEL:
		return pool_finish(p, j, JS_CANCELLED, JW_CANCEL, -1);
	case JE_TERMINATE:
		return pool_finish(p, j, JS_DROPPED, JW_TERMINATE, -1);
	default:
		return r;
	}
}

/* A running job. */
static struct pool_result
step_running(struct pool *p, struct job *j, enum job_event ev, int ws,
    int64_t now)
{
	struct pool_result r = { JA_STOP, now + p->pp.stop_timeout };

	switch (ev) {
	case JE_EXIT:
		return pool_finish(p, j, ws == 0 ? JS_DONE : JS_FAILED,
		    JW_NONE, ws);
	case JE_SPAWN_FAILED:
		return pool_finish(p, j, JS_FAILED, JW_SPAWN, ws);
	case JE_TIMER:
		j->why = JW_TIMEOUT;
		break;
	case JE_CANCEL:
		j->why = JW_CANCEL;
		break;
	case JE_TERMINATE:
		j->why = JW_TERMINATE;
		break;
	default:
		r.action = JA_NONE;
		r.deadline = 0;
		return r;
	}
	j->state = JS_STOPPING;
	return r;
}

/* A job sent its stop signal. */
static struct pool_result
step_stopping(struct pool *p, struct job *j, enum job_event ev, int ws)
{
	struct pool_result r = { JA_NONE, 0 };

	switch (ev) {
	case JE_EXIT:
		return pool_finish(p, j, j->why == JW_CANCEL ? JS_CANCELLED :
		    JS_FAILED, JW_NONE, ws);
	case JE_SPAWN_FAILED:
		return pool_finish(p, j, JS_FAILED, JW_NONE, ws);
	case JE_TIMER:
		r.action = JA_KILL;
		return r;
	default:
		return r;
	}
}

struct pool_result
pool_step(struct pool *p, struct job *j, enum job_event ev, int wstatus,
    int64_t now)
{
	struct pool_result none = { JA_NONE, 0 };

	switch (j->state) {
	case JS_QUEUED:
		return step_queued(p, j, ev, now);
	case JS_RUNNING:
		return step_running(p, j, ev, wstatus, now);
	case JS_STOPPING:
		return step_stopping(p, j, ev, wstatus);
	default:
		return none;		/* finished: nothing moves it */
	}
}

void
pool_close(struct pool *p)
{
	p->closed = true;
}

int
pool_drop_queue(struct pool *p, void (*each)(struct job *, void *),
    void *arg)
{
	struct job *j;
	int n = 0;

	p->closed = true;
	while ((j = p->qhead) != NULL) {
		p->qhead = j->next;
		if (j->state == JS_QUEUED) {
			pool_finish(p, j, JS_DROPPED, JW_TERMINATE, -1);
			n++;
			if (each != NULL)
				each(j, arg);
		}
		pool_keep(p, j);
	}
	p->qtail = NULL;
	return n;
}

void
pool_trim(struct pool *p)
{
	struct job *j;

	while (p->kept > p->pp.keep_results && (j = p->dhead) != NULL) {
		p->dhead = j->next;
		if (p->dhead == NULL)
			p->dtail = NULL;
		p->kept--;
		pool_slot_del(p, j);
		pool_job_free(p, j);
	}
}

bool
pool_busy(const struct pool *p)
{
	return p->queued > 0 || p->running > 0;
}

bool
pool_drained(const struct pool *p)
{
	return p->closed && !pool_busy(p);
}
