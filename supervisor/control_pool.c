/*
 * control_pool.c: the pool verbs, and what is pushed to submitters.
 *
 * A connection that submits with FOLLOW_JOB or CANCEL_ON_CLOSE, waits,
 * or joins gets a session (its conn data): jobs carry the session's id,
 * so a finished job finds its submitter without pointing at it, and a
 * closed connection cancels the jobs it left queued.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "config.h"
#include "control.h"
#include "control_cmds.h"
#include "control_pool.h"
#include "loop.h"
#include "pool_run.h"
#include "util.h"
#include "xmalloc.h"

#define SESS_MAGIC	0x706f6f6cU	/* "pool": conn data is ours */
#define OUTPUT_CHUNK	60000

enum { P_NONE, P_SUBMIT, P_WAIT, P_JOIN };

struct pwait {
	struct rpool	*rp;
	uint32_t	 id;
	bool		 done;
};

struct sess {
	uint32_t	 magic;
	uint32_t	 id;
	struct conn	*c;
	struct sess	*next;
	bool		 follow;	/* push MSG_JOB_DONE */
	bool		 cancel;	/* cancel its queued jobs at close */
	int		 pending;
	struct rpool	*rp;		/* P_SUBMIT, P_JOIN */
	char		**argv;		/* P_SUBMIT */
	int		 argc;
	int64_t		 flags;
	struct pwait	*w;		/* P_WAIT */
	int		 nw;
	struct timer	 timer;		/* P_WAIT --timeout */
};

static struct sess	*sessions;
static uint32_t		 next_sess = 1;

/* Free a NULL-terminated vector of strings. */
static void
strv_free(char **v)
{
	char **p;

	for (p = v; p != NULL && *p != NULL; p++)
		free(*p);
	free(v);
}

/* A pending request's check: pool news wakes it, never a program. */
static bool
sess_never(struct conn *c)
{
	(void)c;
	return false;
}

static void
sess_clear_pending(struct sess *s)
{
	if (s->argv != NULL)
		strv_free(s->argv);
	s->argv = NULL;
	free(s->w);
	s->w = NULL;
	s->nw = 0;
	timer_cancel(&s->timer);
	s->pending = P_NONE;
}

/* The connection closed: forget the session, cancel what it left. */
static void
sess_closed(struct conn *c)
{
	struct sess *s = conn_data(c), **pp;

	for (pp = &sessions; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	sess_clear_pending(s);
	if (s->cancel)
		pool_run_cancel_session(s->id);
}

static void	sess_timeout(struct timer *t);

/* c's session, made on first use; NULL if c's data is another verb's. */
static struct sess *
sess_get(struct conn *c)
{
	struct sess *s = conn_data(c);

	if (s != NULL)
		return s->magic == SESS_MAGIC ? s : NULL;
	s = xcalloc(1, sizeof *s);
	s->magic = SESS_MAGIC;
	s->id = next_sess++;
	if (next_sess == 0)
		next_sess = 1;
	s->c = c;
	timer_init(&s->timer, sess_timeout, s);
	conn_set_data(c, s);
	conn_on_close(c, sess_closed);
	s->next = sessions;
	sessions = s;
	return s;
}

static struct sess *
sess_find(uint32_t id)
{
	struct sess *s;

	for (s = sessions; s != NULL; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

/* One job's record: MSG_JOB or MSG_JOB_DONE. */
static void
put_job(struct proto_buf *b, uint16_t type, struct rpool *rp,
    const struct job *j)
{
	const struct jobrun *jr = j->run;
	char name[160];
	const char *a = j->args;
	int i;

	proto_begin(b, type);
	proto_put_str(b, K_POOL, pool_run_conf(rp)->name);
	proto_put_int(b, K_JOB_ID, j->id);
	proto_put_str(b, K_NAME, pool_run_job_name(rp, j, name, sizeof name));
	proto_put_str(b, K_STATE, pool_state_name(j->state));
	for (i = 0; i < j->nargs; i++, a += strlen(a) + 1)
		proto_put_str(b, K_ARG, a);
	proto_put_int(b, K_SUBMITTED_MS,
	    wallclock_ms() - (loop_now() - j->submitted));
	if (j->wstatus >= 0) {
		proto_put_int(b, K_EXIT_CODE, pool_run_exit_code(j));
		if (WIFSIGNALED(j->wstatus))
			proto_put_int(b, K_SIGNAL, WTERMSIG(j->wstatus));
	}
	if (j->why != JW_NONE)
		proto_put_str(b, K_WHY, pool_why_name(j->why));
	if (jr != NULL) {
		proto_put_int(b, K_STARTED_MS, jr->started_wall);
		if (jr->ended_wall > 0)
			proto_put_int(b, K_ENDED_MS, jr->ended_wall);
		if (jr->err != 0) {
			proto_put_int(b, K_ERRNO, jr->err);
			proto_put_str(b, K_JOB_ERROR, jr->errtext);
		}
		if (jr->cap[0].cut + jr->cap[1].cut > 0)
			proto_put_int(b, K_OUTPUT_CUT,
			    (int64_t)(jr->cap[0].cut + jr->cap[1].cut));
	}
	proto_end(b);
}

/* The job's captured output, in chunks. */
static void
put_output(struct proto_buf *b, const struct job *j)
{
	const struct jobrun *jr = j->run;
	size_t off, n;
	int s;

	if (jr == NULL)
		return;
	for (s = 0; s < 2; s++)
		for (off = 0; off < jr->cap[s].len; off += n) {
			n = jr->cap[s].len - off;
			if (n > OUTPUT_CHUNK)
				n = OUTPUT_CHUNK;
			proto_begin(b, MSG_JOB_OUTPUT);
			proto_put_int(b, K_JOB_ID, j->id);
			proto_put_int(b, K_STREAM, s + 1);
			proto_put_strn(b, K_TEXT, jr->cap[s].buf + off, n);
			proto_end(b);
		}
}

/* "pool#17" -> the pool and the job; replies and NULL when unknown. */
static struct job *
job_lookup(struct conn *c, const char *name, struct rpool **rpp)
{
	char pool[128];
	const char *hash = strrchr(name, '#');
	struct rpool *rp;
	struct job *j;
	long id;

	if (hash == NULL || (size_t)(hash - name) >= sizeof pool ||
	    parse_long(hash + 1, 1, UINT32_MAX, &id) < 0) {
		conn_error(c, PROTO_E_BAD_REQUEST, name, "\"%s\" is not a job"
		    " (POOL#ID, as submit prints it)", name);
		return NULL;
	}
	memcpy(pool, name, (size_t)(hash - name));
	pool[hash - name] = '\0';
	rp = pool_run_find(pool);
	if (rp == NULL) {
		conn_error(c, PROTO_E_NO_POOL, pool, "no such pool: %s", pool);
		return NULL;
	}
	j = pool_find(pool_run_pool(rp), (uint32_t)id);
	if (j == NULL) {
		conn_error(c, PROTO_E_NO_JOB, name, "no such job: %s (never"
		    " submitted, or its result is no longer kept)", name);
		return NULL;
	}
	*rpp = rp;
	return j;
}

static struct rpool *
pool_lookup(struct conn *c, const struct proto_msg *m)
{
	const char *name = proto_str(m, K_POOL);
	struct rpool *rp;

	if (name == NULL) {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "no pool named");
		return NULL;
	}
	rp = pool_run_find(name);
	if (rp == NULL)
		conn_error(c, PROTO_E_NO_POOL, name, "no such pool: %s", name);
	return rp;
}

/* Try a submit; true once it replied (queued or refused). */
static bool
submit_try(struct conn *c, struct rpool *rp, char **argv, int argc,
    int64_t flags, uint32_t session)
{
	const char *name = pool_run_conf(rp)->name;
	struct job *j;
	int r;

	r = pool_run_submit(rp, argv, argc, session, &j);
	switch (r) {
	case POOL_OK:
		put_job(conn_out(c), MSG_JOB, rp, j);
		return true;
	case POOL_E_CLOSED:
		conn_error(c, PROTO_E_POOL_CLOSED, name, "pool %s is closed:"
		    " it takes no new jobs", name);
		return true;
	case POOL_E_FULL:
		if ((flags & PROTO_FLAG_NO_WAIT) == 0)
			return false;
		conn_error(c, PROTO_E_QUEUE_FULL, name, "pool %s: the queue is"
		    " full (%d jobs, queue_max)", name,
		    pool_run_conf(rp)->queue_max);
		return true;
	default:
		conn_error(c, PROTO_E_BAD_REQUEST, name, "pool %s: a job needs"
		    " a command (1 to %d words, the first not empty)", name,
		    POOL_MAX_ARGS);
		return true;
	}
}

void
control_pool_submit(struct conn *c, const struct proto_msg *m)
{
	int64_t flags = proto_int_or(m, K_FLAGS, 0);
	struct rpool *rp;
	struct sess *s = NULL;
	const char *a;
	char **argv;
	int argc = 0, i = 0;

	if ((rp = pool_lookup(c, m)) == NULL)
		return;
	if (flags & (PROTO_FLAG_FOLLOW_JOB | PROTO_FLAG_CANCEL_ON_CLOSE)) {
		if ((s = sess_get(c)) == NULL) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL, "this"
			    " connection is busy with another verb");
			return;
		}
		s->follow |= (flags & PROTO_FLAG_FOLLOW_JOB) != 0;
		s->cancel |= (flags & PROTO_FLAG_CANCEL_ON_CLOSE) != 0;
	}
	argv = xcalloc((size_t)m->nfields + 1, sizeof *argv);
	while ((a = proto_next_str(m, K_ARG, &i)) != NULL)
		argv[argc++] = xstrdup(a);
	if (argc == 0 || !submit_try(c, rp, argv, argc, flags,
	    s != NULL ? s->id : 0)) {
		if (argc == 0) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL, "submit: no"
			    " command given");
			free(argv);
			return;
		}
		/* the queue is full: wait for room */
		if (s == NULL && (s = sess_get(c)) == NULL) {
			conn_error(c, PROTO_E_BAD_REQUEST, NULL, "this"
			    " connection is busy with another verb");
			strv_free(argv);
			return;
		}
		s->pending = P_SUBMIT;
		s->rp = rp;
		s->argv = argv;
		s->argc = argc;
		s->flags = flags;
		conn_pend(c, NULL, 0, PEND_POOL, sess_never);
		return;
	}
	strv_free(argv);
}

/* Reply to a wait whose jobs have all ended. */
static void
wait_reply(struct sess *s)
{
	struct job *j;
	int i;

	for (i = 0; i < s->nw; i++) {
		j = pool_find(pool_run_pool(s->w[i].rp), s->w[i].id);
		if (j != NULL)
			put_job(conn_out(s->c), MSG_JOB, s->w[i].rp, j);
	}
	conn_end(s->c, s->nw);
	sess_clear_pending(s);
}

static void
sess_timeout(struct timer *t)
{
	struct sess *s = t->arg;
	int i, left = 0;

	for (i = 0; i < s->nw; i++)
		left += !s->w[i].done;
	conn_error(s->c, PROTO_E_TIMEOUT, NULL, "timed out: %d of %d jobs"
	    " not finished", left, s->nw);
	sess_clear_pending(s);
	conn_resume(s->c);
}

void
control_pool_wait(struct conn *c, const struct proto_msg *m)
{
	struct pwait *w = NULL;
	struct rpool *rp;
	struct sess *s;
	struct job *j;
	const char *name;
	int i = 0, n = 0, left = 0;
	int64_t timeout = proto_int_or(m, K_TIMEOUT_MS, -1);

	while ((name = proto_next_str(m, K_NAME, &i)) != NULL) {
		if ((j = job_lookup(c, name, &rp)) == NULL) {
			free(w);
			return;
		}
		w = xreallocarray(w, (size_t)n + 1, sizeof *w);
		w[n].rp = rp;
		w[n].id = j->id;
		w[n].done = pool_job_finished(j);
		left += !w[n].done;
		n++;
	}
	if (n == 0) {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "wait: no job named");
		return;
	}
	if ((s = sess_get(c)) == NULL) {
		free(w);
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "this connection is"
		    " busy with another verb");
		return;
	}
	s->w = w;
	s->nw = n;
	if (left == 0) {
		wait_reply(s);
		return;
	}
	s->pending = P_WAIT;
	if (timeout >= 0)
		timer_set(&s->timer, loop_now() + timeout);
	conn_pend(c, NULL, 0, PEND_POOL, sess_never);
}

void
control_pool_result(struct conn *c, const struct proto_msg *m)
{
	const char *name = proto_str(m, K_NAME);
	struct rpool *rp;
	struct job *j;

	if (name == NULL) {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "result: no job named");
		return;
	}
	if ((j = job_lookup(c, name, &rp)) == NULL)
		return;
	put_job(conn_out(c), MSG_JOB, rp, j);
	put_output(conn_out(c), j);
	conn_end(c, 1);
}

static void
put_pool(struct proto_buf *b, struct rpool *rp)
{
	const struct pool *p = pool_run_pool(rp);

	proto_begin(b, MSG_POOL);
	proto_put_str(b, K_POOL, p->name);
	proto_put_int(b, K_WORKERS, p->pp.workers);
	proto_put_int(b, K_QUEUE_MAX, p->pp.queue_max);
	proto_put_int(b, K_QUEUED, p->queued);
	proto_put_int(b, K_RUNNING, p->running);
	proto_put_int(b, K_DONE, (int64_t)p->done);
	proto_put_int(b, K_FAILED, (int64_t)p->failed);
	proto_put_int(b, K_CANCELLED, (int64_t)p->cancelled);
	proto_put_int(b, K_DROPPED, (int64_t)p->dropped);
	proto_put_int(b, K_KEPT, p->kept);
	proto_put_int(b, K_CLOSED, p->closed);
	proto_end(b);
}

void
control_pool_jobs(struct conn *c, const struct proto_msg *m)
{
	const char *name = proto_str(m, K_POOL);
	struct rpool *rp;
	struct pool *p;
	struct job *j;
	int i, n = 0;
	size_t k;

	if (name != NULL && pool_run_find(name) == NULL) {
		conn_error(c, PROTO_E_NO_POOL, name, "no such pool: %s", name);
		return;
	}
	for (i = 0; i < pool_run_count(); i++) {
		rp = pool_run_at(i);
		p = pool_run_pool(rp);
		if (name != NULL && strcmp(p->name, name) != 0)
			continue;
		if (proto_int_or(m, K_FLAGS, 0) & PROTO_FLAG_POOL_LIST) {
			put_pool(conn_out(c), rp);
			n++;
			continue;
		}
		for (k = 0; k < p->nslots; k++) {
			j = p->slots[p->off + k];
			if (j == NULL)
				continue;
			put_job(conn_out(c), MSG_JOB, rp, j);
			n++;
			if (conn_out_pending(c) > 4 * 1024 * 1024)
				break;	/* the rest next time: bounded */
		}
	}
	conn_end(c, n);
}

void
control_pool_cancel(struct conn *c, const struct proto_msg *m)
{
	struct rpool *rp;
	struct job *j;
	const char *name;
	int i = 0, n = 0;

	/* look every name up first: all or nothing */
	while ((name = proto_next_str(m, K_NAME, &i)) != NULL)
		if (job_lookup(c, name, &rp) == NULL)
			return;
	i = 0;
	while ((name = proto_next_str(m, K_NAME, &i)) != NULL) {
		j = job_lookup(c, name, &rp);
		if (j == NULL)
			continue;	/* forgotten on the way */
		pool_run_cancel(rp, j);
		j = pool_find(pool_run_pool(rp), (uint32_t)j->id);
		if (j != NULL)
			put_job(conn_out(c), MSG_JOB, rp, j);
		n++;
	}
	conn_end(c, n);
}

void
control_pool_close(struct conn *c, const struct proto_msg *m)
{
	struct rpool *rp = pool_lookup(c, m);
	char msg[256];
	struct pool *p;

	if (rp == NULL)
		return;
	p = pool_run_pool(rp);
	pool_run_close(rp);
	snprintf(msg, sizeof msg, "pool %s closed: %d queued and %d running"
	    " jobs finish", p->name, p->queued, p->running);
	conn_ok(c, msg);
}

void
control_pool_join(struct conn *c, const struct proto_msg *m)
{
	struct rpool *rp = pool_lookup(c, m);
	struct sess *s;
	struct pool *p;
	char msg[256];

	if (rp == NULL)
		return;
	p = pool_run_pool(rp);
	if (!p->closed) {
		conn_error(c, PROTO_E_FAILED, p->name, "pool %s is open: close"
		    " it first (psctl close %s), as Pool.join wants",
		    p->name, p->name);
		return;
	}
	if (pool_drained(p)) {
		snprintf(msg, sizeof msg, "pool %s: every job has finished"
		    " (%llu done, %llu failed)", p->name,
		    (unsigned long long)p->done,
		    (unsigned long long)p->failed);
		conn_ok(c, msg);
		return;
	}
	if ((s = sess_get(c)) == NULL) {
		conn_error(c, PROTO_E_BAD_REQUEST, NULL, "this connection is"
		    " busy with another verb");
		return;
	}
	s->pending = P_JOIN;
	s->rp = rp;
	conn_pend(c, NULL, 0, PEND_POOL, sess_never);
}

void
control_pool_terminate(struct conn *c, const struct proto_msg *m)
{
	struct rpool *rp = pool_lookup(c, m);
	struct pool *p;
	char msg[256];
	int running, n;

	if (rp == NULL)
		return;
	p = pool_run_pool(rp);
	running = p->running;
	n = pool_run_terminate(rp);
	snprintf(msg, sizeof msg, "pool %s terminated: %d running jobs"
	    " stopped, %d queued jobs dropped", p->name, running, n);
	proto_begin(conn_out(c), MSG_OK);
	proto_put_str(conn_out(c), K_MESSAGE, msg);
	proto_put_int(conn_out(c), K_DROPPED, n);
	proto_end(conn_out(c));
}

/* A job finished: push it to its follower, wake the waits on it. */
static void
cp_finished(struct rpool *rp, struct job *j)
{
	struct sess *s, *next;
	int i, left;

	if (j->session != 0 && (s = sess_find(j->session)) != NULL &&
	    s->follow) {
		put_output(conn_out(s->c), j);
		put_job(conn_out(s->c), MSG_JOB_DONE, rp, j);
		conn_kick(s->c);
	}
	for (s = sessions; s != NULL; s = next) {
		next = s->next;
		if (s->pending != P_WAIT)
			continue;
		left = 0;
		for (i = 0; i < s->nw; i++) {
			if (s->w[i].rp == rp && s->w[i].id == j->id)
				s->w[i].done = true;
			left += !s->w[i].done;
		}
		if (left == 0) {
			/* reply after this job is out of the pool's hands */
			s->pending = P_NONE;
			wait_reply(s);
			conn_resume(s->c);
		}
	}
}

/* Counts changed: submits waiting for room, joins waiting for the end. */
static void
cp_changed(struct rpool *rp)
{
	struct sess *s, *next;
	struct pool *p = pool_run_pool(rp);
	char msg[256];

	for (s = sessions; s != NULL; s = next) {
		next = s->next;
		if (s->rp != rp)
			continue;
		if (s->pending == P_SUBMIT && (p->closed ||
		    p->queued < p->pp.queue_max)) {
			if (submit_try(s->c, rp, s->argv, s->argc, s->flags,
			    s->follow || s->cancel ? s->id : 0)) {
				sess_clear_pending(s);
				conn_resume(s->c);
			}
		} else if (s->pending == P_JOIN && pool_drained(p)) {
			snprintf(msg, sizeof msg, "pool %s: every job has"
			    " finished (%llu done, %llu failed)", p->name,
			    (unsigned long long)p->done,
			    (unsigned long long)p->failed);
			conn_ok(s->c, msg);
			sess_clear_pending(s);
			conn_resume(s->c);
		}
	}
}

static const struct pool_run_observer cp_observer = {
	.finished = cp_finished,
	.changed = cp_changed,
};

void
control_pool_init(void)
{
	static const struct {
		uint16_t	 type;
		bool		 writes;
		control_verb_fn	 fn;
	} verbs[] = {
		{ MSG_JOB_SUBMIT,	true,	control_pool_submit },
		{ MSG_JOB_WAIT,		false,	control_pool_wait },
		{ MSG_JOB_RESULT,	false,	control_pool_result },
		{ MSG_JOBS,		false,	control_pool_jobs },
		{ MSG_JOB_CANCEL,	true,	control_pool_cancel },
		{ MSG_POOL_CLOSE,	true,	control_pool_close },
		{ MSG_POOL_JOIN,	false,	control_pool_join },
		{ MSG_POOL_TERMINATE,	true,	control_pool_terminate },
	};
	size_t i;

	for (i = 0; i < nitems(verbs); i++)
		control_cmd_register(verbs[i].type, verbs[i].writes,
		    verbs[i].fn);
	pool_run_observe(&cp_observer);
}
