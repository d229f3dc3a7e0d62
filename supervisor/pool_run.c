/*
 * pool_run.c: spawn, read, time and reap the jobs of the pools.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "environ.h"
#include "log.h"
#include "pool_run.h"
#include "signals.h"
#include "signame.h"
#include "sink.h"
#include "spawn.h"
#include "stats.h"
#include "util.h"
#include "xmalloc.h"

extern char **environ;

#define POOL_READ_CHUNK		65536
#define POOL_MAX_OBSERVERS	4

struct rpool {
	struct pool		*p;
	struct poolconf		*conf;
	int			 index;
	bool			 removed;	/* gone from the config */
	struct loop_work	 work;		/* start what the slots allow */
};

static struct rpool		**pools;
static int			  npools;
static pid_t			  psd_pid;
static int			  devnull = -1;
static const struct pool_run_observer *observers[POOL_MAX_OBSERVERS];
static int			  nobservers;

static void	pool_run_schedule(struct loop_work *w);

void
pool_run_observe(const struct pool_run_observer *o)
{
	if (nobservers < POOL_MAX_OBSERVERS)
		observers[nobservers++] = o;
}

static void
pool_run_tell_finished(struct rpool *rp, struct job *j)
{
	int i;

	for (i = 0; i < nobservers; i++)
		if (observers[i]->finished != NULL)
			observers[i]->finished(rp, j);
}

static void
pool_run_tell_changed(struct rpool *rp)
{
	int i;

	for (i = 0; i < nobservers; i++)
		if (observers[i]->changed != NULL)
			observers[i]->changed(rp);
}

void
pool_run_init(pid_t pid)
{
	psd_pid = pid;
}

int
pool_run_count(void)
{
	return npools;
}

struct rpool *
pool_run_at(int i)
{
	return pools[i];
}

struct rpool *
pool_run_find(const char *name)
{
	int i;

	for (i = 0; i < npools; i++)
		if (strcmp(pools[i]->conf->name, name) == 0)
			return pools[i];
	return NULL;
}

struct pool *
pool_run_pool(struct rpool *rp)
{
	return rp->p;
}

const struct poolconf *
pool_run_conf(const struct rpool *rp)
{
	return rp->conf;
}

const char *
pool_run_job_name(const struct rpool *rp, const struct job *j, char *buf,
    size_t len)
{
	snprintf(buf, len, "%s#%u", rp->conf->name, j->id);
	return buf;
}

int
pool_run_exit_code(const struct job *j)
{
	if (j->wstatus < 0)
		return -1;
	return wait_status_code(j->wstatus);
}

/* Free what a finished job kept (pool.c's free_run). */
static void
pool_run_free_run(struct job *j)
{
	struct jobrun *jr = j->run;

	free(jr->cap[0].buf);
	free(jr->cap[1].buf);
	/* its watchers may still be in this turn's epoll events */
	loop_defer_free(jr, free);
	j->run = NULL;
}

static void
pool_params_of(const struct poolconf *pl, struct pool_params *pp)
{
	pp->workers = pl->workers;
	pp->queue_max = pl->queue_max;
	pp->keep_results = pl->keep_results;
	pp->job_timeout = pl->job_timeout;
	pp->stop_timeout = pl->pc->stop_timeout;
}

struct rpool *
pool_run_add(struct poolconf *pl)
{
	struct pool_params pp;
	struct rpool *rp = xcalloc(1, sizeof *rp);

	pool_params_of(pl, &pp);
	rp->conf = pl;
	rp->p = pool_new(pl->name, &pp, pool_run_free_run);
	rp->index = npools;
	loop_work_init(&rp->work, pool_run_schedule, rp);
	pools = xreallocarray(pools, (size_t)npools + 1, sizeof *pools);
	pools[npools++] = rp;
	return rp;
}

void
pool_run_configure(struct config *cfg)
{
	struct pool_params pp;
	struct poolconf *pl;
	struct rpool *rp;
	int i;

	for (i = 0; i < npools; i++) {
		rp = pools[i];
		if (rp->removed || config_find_pool(cfg, rp->conf->name))
			continue;
		rp->removed = true;
		pool_close(rp->p);
		log_info("pool %s: removed from the config: closed, its %d"
		    " queued and %d running jobs finish", rp->conf->name,
		    rp->p->queued, rp->p->running);
		pool_run_tell_changed(rp);
	}
	for (i = 0; i < cfg->npools; i++) {
		pl = cfg->pools[i];
		if (pl == NULL)
			continue;
		cfg->pools[i] = NULL;	/* ours from now on */
		rp = pool_run_find(pl->name);
		if (rp == NULL) {
			rp = pool_run_add(pl);
			log_debug("pool %s: %d workers", pl->name, pl->workers);
			continue;
		}
		if (rp->conf->workers != pl->workers)
			log_info("pool %s: workers %d -> %d (running jobs go"
			    " on)", pl->name, rp->conf->workers, pl->workers);
		poolconf_free(rp->conf);
		rp->conf = pl;
		pool_params_of(pl, &pp);
		pool_configure(rp->p, &pp);
		loop_queue(&rp->work);
	}
}

void
pool_run_free(void)
{
	int i;

	for (i = 0; i < npools; i++) {
		loop_unqueue(&pools[i]->work);
		pool_free(pools[i]->p);
		poolconf_free(pools[i]->conf);
		free(pools[i]);
	}
	free(pools);
	pools = NULL;
	npools = 0;
}

/* Keep what a job wrote, up to POOL_CAPTURE_MAX. */
static void
capture_add(struct capture *c, const char *data, size_t n)
{
	size_t take = n;

	if (c->len + take > POOL_CAPTURE_MAX)
		take = POOL_CAPTURE_MAX - c->len;
	c->cut += n - take;
	if (take == 0)
		return;
	if (c->len + take > c->cap) {
		c->cap = c->cap ? c->cap : 256;
		while (c->cap < c->len + take)
			c->cap *= 2;
		if (c->cap > POOL_CAPTURE_MAX)
			c->cap = POOL_CAPTURE_MAX;
		c->buf = xreallocarray(c->buf, 1, c->cap);
	}
	memcpy(c->buf + c->len, data, take);
	c->len += take;
}

/* One whole line to psd's output, "pool#id | text". */
static void
pool_run_line(struct jobrun *jr, int s, const char *text, size_t len)
{
	char name[128];

	pool_run_job_name(jr->rp, jr->job, name, sizeof name);
	logfmt_line(&jr->pre, s == 0 ? SINK_OUT : SINK_ERR, name,
	    jr->rp->index + 1, wallclock_ms(), text, len);
}

/* Split what came into lines; keep a tail without a newline. */
static void
pool_run_feed(struct jobrun *jr, int s, const char *data, size_t n)
{
	const char *nl;
	size_t len;

	capture_add(&jr->cap[s], data, n);
	while (n > 0) {
		nl = memchr(data, '\n', n);
		len = nl != NULL ? (size_t)(nl - data) : n;
		if (nl == NULL && jr->linelen[s] + len < 32768) {
			jr->line[s] = xreallocarray(jr->line[s], 1,
			    jr->linelen[s] + len);
			memcpy(jr->line[s] + jr->linelen[s], data, len);
			jr->linelen[s] += len;
			return;
		}
		if (jr->linelen[s] > 0) {
			jr->line[s] = xreallocarray(jr->line[s], 1,
			    jr->linelen[s] + len);
			memcpy(jr->line[s] + jr->linelen[s], data, len);
			pool_run_line(jr, s, jr->line[s], jr->linelen[s] + len);
			jr->linelen[s] = 0;
		} else
			pool_run_line(jr, s, data, len);
		data += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
}

/* Read a job's pipe: to EOF (true) or until nothing is there. */
static bool
pool_run_read(struct jobrun *jr, int s)
{
	char buf[POOL_READ_CHUNK];
	ssize_t n;
	int rounds = 0;

	while (rounds++ < 16) {
		n = read(jr->fd[s], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return false;
		if (n <= 0)
			return true;
		pool_run_feed(jr, s, buf, (size_t)n);
	}
	return false;
}

/* Close stream s, flushing a last line without a newline. */
static void
pool_run_close_stream(struct jobrun *jr, int s)
{
	if (jr->fd[s] < 0)
		return;
	watch_del(&jr->w[s]);
	close(jr->fd[s]);
	jr->fd[s] = -1;
	if (jr->linelen[s] > 0)
		pool_run_line(jr, s, jr->line[s], jr->linelen[s]);
	free(jr->line[s]);
	jr->line[s] = NULL;
	jr->linelen[s] = 0;
}

static void
pool_run_readable(struct watch *w, uint32_t revents)
{
	struct jobrun *jr = w->arg;
	int s = w == &jr->w[0] ? 0 : 1;

	(void)revents;
	if (pool_run_read(jr, s))
		pool_run_close_stream(jr, s);
}

/* The callback's intermediate child exited (at once, by design). */
static void
pool_run_inter_exited(struct child *c, int status)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		log_warnx("pool: on_done: could not start (status %d)",
		    wait_status_code(status));
	free(c);
}

/* The callback: /bin/sh -c on_done in a grandchild, stdout on stdin. */
static void
pool_run_callback(struct rpool *rp, struct job *j)
{
	struct jobrun *jr = j->run;
	const struct progconf *pc = rp->conf->pc;
	char *argv[] = { "/bin/sh", "-c", rp->conf->on_done, NULL };
	char name[128], *words, *w;
	struct child *inter;
	struct envbuf env;
	pid_t pid;
	size_t off;
	int i, fd;

	fd = memfd_create("psd-job-output", MFD_CLOEXEC);
	if (fd < 0) {
		log_warn("pool %s: on_done: memfd_create", rp->conf->name);
		return;
	}
	for (off = 0; off < jr->cap[0].len; ) {
		ssize_t n = write(fd, jr->cap[0].buf + off,
		    jr->cap[0].len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("pool %s: on_done: write", rp->conf->name);
			close(fd);
			return;
		}
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		log_warn("pool %s: on_done: lseek", rp->conf->name);
		close(fd);
		return;
	}
	environ_init(&env, environ, 0);
	for (i = 0; i < pc->nenvironment; i++)
		environ_put(&env, pc->environment[i]);
	environ_setf(&env, "PSD_POOL", "%s", rp->conf->name);
	environ_setf(&env, "PSD_JOB_ID", "%s",
	    pool_run_job_name(rp, j, name, sizeof name));
	environ_setf(&env, "PSD_JOB_STATUS", "%s", pool_state_name(j->state));
	if (WIFEXITED(j->wstatus))
		environ_setf(&env, "PSD_EXIT_CODE", "%d",
		    WEXITSTATUS(j->wstatus));
	else if (WIFSIGNALED(j->wstatus))
		environ_setf(&env, "PSD_SIGNAL", "%s",
		    sig_name(WTERMSIG(j->wstatus)));
	words = xmalloc(j->argslen + 1);
	memcpy(words, j->args, j->argslen);
	for (w = words; w < words + j->argslen - 1; w++)
		if (*w == '\0')
			*w = ' ';
	environ_setf(&env, "PSD_JOB_ARGS", "%s", words);
	free(words);

	pid = fork();
	if (pid < 0) {
		log_warn("pool %s: on_done: fork", rp->conf->name);
		close(fd);
		environ_free(&env);
		return;
	}
	if (pid == 0) {
		pid = fork();
		if (pid != 0)
			_exit(pid < 0 ? 1 : 0);	/* the intermediate: gone */
		signals_child_reset(false);
		(void)setsid();
		if (dup2(fd, STDIN_FILENO) < 0)
			_exit(126);
		close_range_compat(3, ~0U);
		if (pc->directory != NULL && chdir(pc->directory) < 0)
			_exit(126);
		signals_child_mask(false);
		execve(argv[0], argv, env.v);
		_exit(127);
	}
	close(fd);
	environ_free(&env);
	stats_get()->hooks++;
	inter = xcalloc(1, sizeof *inter);
	inter->on_exit = pool_run_inter_exited;
	pidmap_insert(inter, pid);
}

/* j is over: tell everyone, run the callback, make room. */
static void
pool_run_finish(struct rpool *rp, struct job *j)
{
	struct jobrun *jr = j->run;

	if (jr != NULL) {
		jr->ended_wall = wallclock_ms();
		timer_cancel(&jr->timer);
	}
	pool_run_tell_finished(rp, j);
	if (jr != NULL && rp->conf->on_done != NULL &&
	    (j->state == JS_DONE || j->state == JS_FAILED))
		pool_run_callback(rp, j);
	loop_queue(&rp->work);
}

/* Send sig to a job's session (it leads its own). */
static void
pool_run_signal(struct jobrun *jr, int sig)
{
	if (jr->pid <= 0)
		return;
	if (kill(-jr->pid, sig) < 0 && errno == ESRCH)
		(void)kill(jr->pid, sig);
}

/* Carry out what pool.c decided. */
static void
pool_run_act(struct rpool *rp, struct job *j, const struct pool_result *r)
{
	struct jobrun *jr = j->run;

	switch (r->action) {
	case JA_STOP:
		pool_run_signal(jr, rp->conf->pc->stop_signal);
		if (r->deadline > 0)
			timer_set(&jr->timer, r->deadline);
		break;
	case JA_KILL:
		pool_run_signal(jr, SIGKILL);
		break;
	case JA_FINISH:
		pool_run_finish(rp, j);
		break;
	default:
		break;
	}
}

static void
pool_run_timer(struct timer *t)
{
	struct jobrun *jr = t->arg;
	struct pool_result r;

	r = pool_step(jr->rp->p, jr->job, JE_TIMER, 0, loop_now());
	pool_run_act(jr->rp, jr->job, &r);
}

/* How its exec went (spawn.c): a start that failed is recorded. */
static void
pool_run_spawned(struct spawn *sp, const struct spawn_result *res)
{
	struct jobrun *jr = sp->arg;

	if (res->status != SPAWN_FAILED)
		return;
	jr->err = res->err;
	snprintf(jr->errtext, sizeof jr->errtext, "%s: %s",
	    spawn_stage_name(res->stage), strerror(res->err));
	log_warnx("pool %s: job %u: %s %s", jr->rp->conf->name, jr->job->id,
	    jr->errtext, jr->job->args);
	stats_get()->spawn_failures++;
}

/* Its process was reaped: read the rest, record why, finish. */
static void
pool_run_exited(struct child *c, int status)
{
	struct jobrun *jr = (struct jobrun *)c;
	struct rpool *rp = jr->rp;
	struct job *j = jr->job;
	struct pool_result r;
	int s;

	jr->pid = 0;
	(void)spawn_poll(&jr->sp);	/* may record a failed exec */
	spawn_cancel(&jr->sp);
	for (s = 0; s < 2; s++)
		if (jr->fd[s] >= 0) {
			pool_run_read(jr, s);
			pool_run_close_stream(jr, s);
		}
	r = pool_step(rp->p, j, JE_EXIT, status, loop_now());
	pool_run_act(rp, j, &r);
	pool_trim(rp->p);
}

/* A pipe for stream s: our end non-blocking, the child's blocking. */
static int
pool_run_pipe(int *ours, int *theirs)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	*ours = p[0];
	*theirs = p[1];
	return 0;
}

/*
 * The one call into spawn.c: start argv with the pool's settings, the
 * child's stdio in stdio[].  0 and jr->pid; -1 (errno, *failed).
 */
static int
pool_run_spawn(struct jobrun *jr, const struct poolconf *pl, char **argv,
    int stdio[3], const char **failed)
{
	struct spawn_desc d;
	struct spawn_result r;
	struct envbuf env;
	int i;

	spawn_desc_init(&d);
	spawn_desc_from_conf(&d, pl->pc);
	d.argv = argv;
	memcpy(d.stdio, stdio, sizeof d.stdio);
	environ_init(&env, environ, 0);
	for (i = 0; i < pl->pc->nenvironment; i++)
		environ_put(&env, pl->pc->environment[i]);
	environ_setf(&env, "PSD_POOL", "%s", pl->name);
	d.envp = env.v;
	d.setsid = true;
	d.pdeathsig = SIGKILL;
	d.psd_pid = psd_pid;
	spawn_init(&jr->sp, NULL, pool_run_spawned, jr);
	r = spawn_start(&jr->sp, &d);
	environ_free(&env);
	if (r.status == SPAWN_FAILED) {
		*failed = spawn_stage_name(r.stage);
		errno = r.err;
		return -1;
	}
	jr->pid = r.pid;
	return 0;
}

/* Start j (pool.c said JA_SPAWN). */
static void
pool_run_start(struct rpool *rp, struct job *j, const struct pool_result *r)
{
	struct jobrun *jr = xcalloc(1, sizeof *jr);
	char *argv[POOL_MAX_ARGS + 1];
	int stdio[3] = { devnull, -1, -1 }, s, e;
	const char *failed = "pipe2";
	struct pool_result r2;

	j->run = jr;
	jr->rp = rp;
	jr->job = j;
	jr->fd[0] = jr->fd[1] = -1;
	jr->started_wall = wallclock_ms();
	timer_init(&jr->timer, pool_run_timer, jr);
	jr->child.on_exit = pool_run_exited;
	pool_job_argv(j, argv);
	if (pool_run_pipe(&jr->fd[0], &stdio[1]) == 0 &&
	    pool_run_pipe(&jr->fd[1], &stdio[2]) == 0 &&
	    pool_run_spawn(jr, rp->conf, argv, stdio, &failed) == 0) {
		close(stdio[1]);
		close(stdio[2]);
		for (s = 0; s < 2; s++) {
			watch_init(&jr->w[s], pool_run_readable, jr);
			if (watch_add(&jr->w[s], jr->fd[s], EPOLLIN) < 0) {
				log_warn("pool %s: watch", rp->conf->name);
				close(jr->fd[s]);
				jr->fd[s] = -1;
			}
		}
		pidmap_insert(&jr->child, jr->pid);
		stats_get()->spawns++;
		if (r->deadline > 0)
			timer_set(&jr->timer, r->deadline);
		return;
	}
	e = errno;
	for (s = 1; s < 3; s++)
		if (stdio[s] >= 0)
			close(stdio[s]);
	for (s = 0; s < 2; s++)
		if (jr->fd[s] >= 0) {
			close(jr->fd[s]);
			jr->fd[s] = -1;
		}
	jr->err = e;
	snprintf(jr->errtext, sizeof jr->errtext, "%s: %s", failed,
	    strerror(e));
	log_warnx("pool %s: job %u: %s", rp->conf->name, j->id, jr->errtext);
	r2 = pool_step(rp->p, j, JE_SPAWN_FAILED, 126 << 8, loop_now());
	pool_run_act(rp, j, &r2);
}

/* Start queued jobs while slots are free. */
static void
pool_run_schedule(struct loop_work *w)
{
	struct rpool *rp = w->arg;
	struct pool_result r;
	struct job *j;
	bool any = false;

	if (devnull < 0) {
		devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (devnull < 0)
			log_warn("open /dev/null");
	}
	while ((j = pool_take(rp->p, loop_now(), &r)) != NULL) {
		any = true;
		pool_run_start(rp, j, &r);
	}
	pool_trim(rp->p);
	(void)any;
	pool_run_tell_changed(rp);
}

int
pool_run_submit(struct rpool *rp, char *const argv[], int n,
    uint32_t session, struct job **out)
{
	int r;

	r = pool_submit(rp->p, argv, n, session, loop_now(), out);
	if (r == POOL_OK)
		loop_queue(&rp->work);
	return r;
}

void
pool_run_cancel(struct rpool *rp, struct job *j)
{
	struct pool_result r;

	r = pool_step(rp->p, j, JE_CANCEL, 0, loop_now());
	pool_run_act(rp, j, &r);
	pool_trim(rp->p);
}

void
pool_run_close(struct rpool *rp)
{
	pool_close(rp->p);
	pool_run_tell_changed(rp);
}

static void
pool_run_dropped(struct job *j, void *arg)
{
	pool_run_tell_finished(arg, j);
}

int
pool_run_terminate(struct rpool *rp)
{
	struct pool_result r;
	struct job *j;
	size_t i;
	int n;

	n = pool_drop_queue(rp->p, pool_run_dropped, rp);
	for (i = 0; i < rp->p->nslots; i++) {
		j = rp->p->slots[rp->p->off + i];
		if (j == NULL || j->state != JS_RUNNING)
			continue;
		r = pool_step(rp->p, j, JE_TERMINATE, 0, loop_now());
		pool_run_act(rp, j, &r);
	}
	pool_trim(rp->p);
	pool_run_tell_changed(rp);
	return n;
}

int
pool_run_drop_queue(struct rpool *rp)
{
	int n;

	n = pool_drop_queue(rp->p, pool_run_dropped, rp);
	/*
	 * Those told of changes may end psd's work (a closed pool that
	 * drained) and free the finished jobs: not from here, where a
	 * finished observer may be running, but from the pool's work.
	 */
	loop_queue(&rp->work);
	return n;
}

void
pool_run_cancel_session(uint32_t session)
{
	struct job *j, *next;
	struct pool_result r;
	int i, n;

	for (i = 0; i < npools; i++) {
		n = 0;
		for (j = pools[i]->p->qhead; j != NULL; j = next) {
			next = j->next;
			if (j->session != session || j->state != JS_QUEUED)
				continue;
			r = pool_step(pools[i]->p, j, JE_CANCEL, 0, loop_now());
			pool_run_act(pools[i], j, &r);
			n++;
		}
		if (n > 0) {
			log_info("pool %s: %d queued jobs cancelled (their"
			    " submitter went away)", pools[i]->conf->name, n);
			pool_trim(pools[i]->p);
			pool_run_tell_changed(pools[i]);
		}
	}
}

void
pool_run_shutdown(void)
{
	struct rpool *rp;
	int i, n, running;

	for (i = 0; i < npools; i++) {
		rp = pools[i];
		running = rp->p->running;
		n = pool_run_terminate(rp);
		if (n > 0 || running > 0)
			log_warnx("pool %s: shutting down: %d running jobs"
			    " stopped, %d queued jobs dropped", rp->conf->name,
			    running, n);
	}
}

int
pool_run_work(bool *ended)
{
	int i, work = 0;

	*ended = false;
	for (i = 0; i < npools; i++) {
		struct pool *p = pools[i]->p;

		if (p->closed && pool_busy(p))
			work = 1;
		else if (pools[i]->conf->keep_alive && !pools[i]->removed)
			work = 1;
		else if (pool_drained(p) && p->submitted > 0)
			*ended = true;
	}
	return work;
}

int
pool_run_running(void)
{
	int i, n = 0;

	for (i = 0; i < npools; i++)
		n += pools[i]->p->running;
	return n;
}
