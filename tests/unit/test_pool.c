/*
 * test_pool.c: the pool's queue, slots and job states on a fake clock.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "tap.h"

#define EXIT(code)	((code) << 8)		/* a wait status */

static int freed;

static void
free_run(struct job *j)
{
	(void)j;
	freed++;
}

static struct pool_params
params(int workers, int queue_max, int keep)
{
	struct pool_params pp = { workers, queue_max, keep, 5000, 1000 };

	return pp;
}

static struct job *
submit(struct pool *p, const char *word, int64_t now)
{
	char *argv[] = { (char *)word, "x", NULL };
	struct job *j = NULL;

	if (pool_submit(p, argv, 2, 7, now, &j) != POOL_OK)
		return NULL;
	return j;
}

/* Never more than workers running, FIFO order, slots refilled. */
static void
test_concurrency(void)
{
	struct pool_params pp = params(2, 100, 100);
	struct pool *p = pool_new("t", &pp, NULL);
	struct pool_result r;
	struct job *j[5], *t;
	int i;

	for (i = 0; i < 5; i++)
		j[i] = submit(p, "true", 0);
	is_int(p->queued, 5, "5 queued");
	t = pool_take(p, 10, &r);
	ok(t == j[0] && r.action == JA_SPAWN, "first taken first");
	is_int((int)r.deadline, 5010, "deadline = start + job_timeout");
	ok(pool_take(p, 10, &r) == j[1], "second slot");
	ok(pool_take(p, 10, &r) == NULL, "no third slot with 2 workers");
	is_int(p->running, 2, "2 running");
	r = pool_step(p, j[0], JE_EXIT, 0, 20);
	is_int(r.action, JA_FINISH, "exit 0: finish");
	is_int(j[0]->state, JS_DONE, "exit 0: done");
	ok(pool_take(p, 20, &r) == j[2], "slot refilled in order");
	/* reload to 1 worker: no new start until below it */
	pp.workers = 1;
	pool_configure(p, &pp);
	ok(pool_take(p, 20, &r) == NULL, "workers 2 -> 1: no start at 2");
	pool_step(p, j[1], JE_EXIT, EXIT(3), 30);
	is_int(j[1]->state, JS_FAILED, "exit 3: failed");
	ok(pool_take(p, 30, &r) == NULL, "workers 1: still 1 running");
	pool_step(p, j[2], JE_EXIT, 0, 40);
	ok(pool_take(p, 40, &r) == j[3], "workers 1: next at 0 running");
	is_int((int)p->done, 2, "done counted");
	is_int((int)p->failed, 1, "failed counted");
	pool_free(p);
}

/* Back-pressure and close. */
static void
test_bounds(void)
{
	struct pool_params pp = params(1, 2, 10);
	struct pool *p = pool_new("t", &pp, NULL);
	struct job *j = NULL;
	char *argv[] = { "true", NULL }, *empty[] = { "", NULL };

	ok(submit(p, "a", 0) && submit(p, "b", 0), "2 queued");
	is_int(pool_submit(p, argv, 1, 0, 0, &j), POOL_E_FULL, "full");
	pool_close(p);
	is_int(pool_submit(p, argv, 1, 0, 0, &j), POOL_E_CLOSED, "closed");
	ok(!pool_drained(p), "closed with work: not drained");
	pool_free(p);
	p = pool_new("t", &pp, NULL);
	is_int(pool_submit(p, empty, 1, 0, 0, &j), POOL_E_ARGS, "empty argv0");
	is_int(pool_submit(p, argv, 0, 0, 0, &j), POOL_E_ARGS, "no words");
	ok(!pool_drained(p), "open idle pool: not drained (not closed)");
	pool_close(p);
	ok(pool_drained(p), "closed idle pool: drained");
	pool_free(p);
}

/* Every state x event pair. */
static void
test_table(void)
{
	static const int want[JE__COUNT][3] = {
		/* QUEUED	RUNNING		STOPPING */
		{ JA_SPAWN,	JA_NONE,	JA_NONE },	/* START */
		{ JA_NONE,	JA_FINISH,	JA_FINISH },	/* SPAWN_FAILED */
		{ JA_NONE,	JA_FINISH,	JA_FINISH },	/* EXIT */
		{ JA_NONE,	JA_STOP,	JA_KILL },	/* TIMER */
		{ JA_FINISH,	JA_STOP,	JA_NONE },	/* CANCEL */
		{ JA_FINISH,	JA_STOP,	JA_NONE },	/* TERMINATE */
	};
	static const int after[JE__COUNT][3] = {
		{ JS_RUNNING,	JS_RUNNING,	JS_STOPPING },
		{ JS_QUEUED,	JS_FAILED,	JS_FAILED },
		{ JS_QUEUED,	JS_DONE,	JS_FAILED },
		{ JS_QUEUED,	JS_STOPPING,	JS_STOPPING },
		{ JS_CANCELLED,	JS_STOPPING,	JS_STOPPING },
		{ JS_DROPPED,	JS_STOPPING,	JS_STOPPING },
	};
	struct pool_params pp = params(1, 10, 10);
	struct pool_result r;
	struct pool *p;
	struct job *j;
	int s, e, fs;

	for (s = 0; s < 3; s++)
		for (e = 0; e < JE__COUNT; e++) {
			p = pool_new("t", &pp, NULL);
			j = submit(p, "true", 0);
			if (s >= 1)
				pool_take(p, 0, &r);
			if (s == 2)
				pool_step(p, j, JE_TIMER, 0, 5000);
			r = pool_step(p, j, (enum job_event)e, 0, 6000);
			is_int(r.action, want[e][s], "%s x event %d: action",
			    pool_state_name(s), e);
			is_int(j->state, after[e][s], "%s x event %d: state %s",
			    pool_state_name(s), e, pool_state_name(j->state));
			if (r.action == JA_STOP)
				is_int((int)r.deadline, 7000,
				    "stop: deadline = now + stop_timeout");
			for (fs = JS_DONE; fs < JS__COUNT && s == 0 && e == 0;
			    fs++) {
				struct job *k = submit(p, "x", 0);

				k->state = (uint8_t)fs;
				r = pool_step(p, k, JE_EXIT, 0, 0);
				is_int(r.action, JA_NONE, "finished %s: no action",
				    pool_state_name(fs));
			}
			pool_free(p);
		}
}

/* A cancelled stop reports cancelled; a timeout reports failed. */
static void
test_why(void)
{
	struct pool_params pp = params(2, 10, 10);
	struct pool *p = pool_new("t", &pp, NULL);
	struct pool_result r;
	struct job *a = submit(p, "a", 0), *b = submit(p, "b", 0);

	pool_take(p, 0, &r);
	pool_take(p, 0, &r);
	pool_step(p, a, JE_TIMER, 0, 5000);
	pool_step(p, b, JE_CANCEL, 0, 5000);
	pool_step(p, a, JE_EXIT, SIGTERM, 5001);
	pool_step(p, b, JE_EXIT, SIGTERM, 5001);
	is_int(a->state, JS_FAILED, "timeout: failed");
	is_str(pool_why_name(a->why), "timed out", "timeout: why");
	is_int(b->state, JS_CANCELLED, "cancel of a running job: cancelled");
	is_int(p->running, 0, "both slots free");
	pool_free(p);
}

/* Cancel in the queue, terminate, keep_results, the id table. */
static void
test_queue_and_results(void)
{
	struct pool_params pp = params(1, 100, 2);
	struct pool *p = pool_new("t", &pp, free_run);
	struct pool_result r;
	struct job *j[6];
	char *argv[4];
	int i, n;

	for (i = 0; i < 6; i++)
		j[i] = submit(p, "w", 0);
	pool_job_argv(j[0], argv);
	ok(strcmp(argv[0], "w") == 0 && strcmp(argv[1], "x") == 0 &&
	    argv[2] == NULL, "argv packed and unpacked");
	r = pool_step(p, j[2], JE_CANCEL, 0, 0);
	is_int(r.action, JA_FINISH, "cancel queued: finish");
	is_int(p->queued, 5, "cancel queued: 5 left");
	ok(pool_take(p, 0, &r) == j[0], "take 1");
	pool_step(p, j[0], JE_EXIT, 0, 1);
	ok(pool_take(p, 1, &r) == j[1], "take 2");
	pool_step(p, j[1], JE_EXIT, 0, 2);
	ok(pool_take(p, 2, &r) == j[3], "the cancelled one is skipped");
	n = pool_drop_queue(p, NULL, NULL);
	is_int(n, 2, "terminate drops 2 queued");
	ok(p->closed, "terminate closes");
	is_int(p->queued, 0, "nothing queued");
	ok(!pool_drained(p), "one still running: not drained");
	pool_step(p, j[3], JE_EXIT, 0, 3);
	ok(pool_drained(p), "drained");
	pool_trim(p);
	is_int(p->kept, 2, "keep_results 2: 2 kept");
	ok(pool_find(p, 1) == NULL && pool_find(p, 3) == NULL,
	    "oldest forgotten");
	ok(pool_find(p, 99) == NULL, "unknown id");
	pool_free(p);
}

/* Many jobs: the id table stays compact. */
static void
test_many(void)
{
	struct pool_params pp = params(4, 100000, 10);
	struct pool *p = pool_new("t", &pp, NULL);
	struct pool_result r;
	struct job *j;
	int i, max = 0, bad = 0;

	for (i = 0; i < 50000; i++)
		submit(p, "true", 0);
	while ((j = pool_take(p, 0, &r)) != NULL || p->running > 0) {
		if (p->running > max)
			max = p->running;
		if (j == NULL) {
			/* finish the oldest running: ids below base+kept */
			j = pool_find(p, (uint32_t)(p->done + 1));
			if (j == NULL || j->state != JS_RUNNING) {
				bad++;
				break;
			}
			pool_step(p, j, JE_EXIT, 0, 0);
			pool_trim(p);
		}
	}
	is_int(bad, 0, "every job ran in order");
	is_int(max, 4, "never more than 4 running");
	is_int((int)p->done, 50000, "50000 done");
	ok(p->nslots <= 20, "id table compact (%zu)", p->nslots);
	pool_free(p);
}

int
main(void)
{
	test_concurrency();
	test_bounds();
	test_table();
	test_why();
	test_queue_and_results();
	test_many();
	return done_testing();
}
