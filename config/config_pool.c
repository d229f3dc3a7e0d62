/*
 * config_pool.c: [pool:NAME] sections: the pool's own keys, and the
 * program keys that make sense for a one-shot job.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_keydef.h"
#include "config_util.h"
#include "config_words.h"
#include "util.h"
#include "xmalloc.h"

#define PL(f)	offsetof(struct poolconf, f)

/* Kept as written: directory, environment, on_done (finished below). */
static int
p_poolraw(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct rawpool *rp = L->curpool;

	(void)t;
	if (*v == '\0' && k->lo == 2) {
		snprintf(err, len, "empty command");
		return -1;
	}
	free(rp->raw[k->lo]);
	rp->raw[k->lo] = xstrdup(v);
	rp->raw_line[k->lo] = L->line;
	return 0;
}

/* The pool's own keys (target: struct poolconf). */
static const struct keydef pool_keys[] = {
	{ "workers",		p_int,		PL(workers), 1, 100000, -1 },
	{ "queue_max",		p_int,		PL(queue_max), 1, 10000000, -1 },
	{ "job_timeout",	p_duration,	PL(job_timeout), 0, 0, -1 },
	{ "keep_results",	p_int,		PL(keep_results), 0, 1000000, -1 },
	{ "keep_alive",		p_bool,		PL(keep_alive), 0, 0, -1 },
	{ "on_done",		p_poolraw,	0, 2, 0, -1 },
	{ "directory",		p_poolraw,	0, 0, 0, -1 },
	{ "environment",	p_poolraw,	0, 1, 0, -1 },
};

/* Program keys a job takes (target: the pool's struct progconf). */
static const struct keydef job_keys[] = {
	{ "user",		p_user,		0, 0, 0, -1 },
	{ "group",		p_group,	0, 0, 0, -1 },
	{ "nice",		p_nice,		PC(nice), -20, 19, -1 },
	{ "umask",		p_octal,	PC(umask), 0, 0777, -1 },
	{ "stop_signal",	p_signal,	PC(stop_signal), 0, 0, -1 },
	{ "stop_timeout",	p_duration,	PC(stop_timeout), 0, 0, -1 },
	{ "limit_nofile",	p_limit,	0, RLIMIT_NOFILE, 0, -1 },
	{ "limit_nproc",	p_limit,	0, RLIMIT_NPROC, 0, -1 },
	{ "limit_core",		p_limit,	0, RLIMIT_CORE, 0, -1 },
	{ "limit_as",		p_limit,	0, RLIMIT_AS, 0, -1 },
	{ "limit_memlock",	p_limit,	0, RLIMIT_MEMLOCK, 0, -1 },
	{ "limit_stack",	p_limit,	0, RLIMIT_STACK, 0, -1 },
	{ "limit_cpu",		p_limit,	0, RLIMIT_CPU, 0, -1 },
	{ "limit_fsize",	p_limit,	0, RLIMIT_FSIZE, 0, -1 },
	{ "limit_data",		p_limit,	0, RLIMIT_DATA, 0, -1 },
};

#define NPOOLKEYS	(nitems(pool_keys) + nitems(job_keys))

struct poolconf *
poolconf_new(const char *name)
{
	struct poolconf *pl = xcalloc(1, sizeof *pl);
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	pl->name = xstrdup(name);
	pl->pc = progconf_new(name, NULL);
	pl->pc->daemon = true;		/* a job never counts as a program */
	pl->workers = n > 0 ? (int)n : 1;
	pl->queue_max = POOL_DEFAULT_QUEUE_MAX;
	pl->keep_results = POOL_DEFAULT_KEEP;
	return pl;
}

struct poolconf *
config_find_pool(const struct config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->npools; i++)
		if (strcmp(cfg->pools[i]->name, name) == 0)
			return cfg->pools[i];
	return NULL;
}

void
pool_section(struct loader *L, const char *name, int line)
{
	struct rawpool *rp;
	int i;

	L->section_kind = SEC_POOL;
	L->curpool = NULL;
	if (*name == '\0' || strpbrk(name, "#:/ \t") != NULL) {
		cerr(L, L->file, line, NULL, NULL, "\"%s\" is not a valid pool"
		    " name; use letters, digits, '_', '.' and '-'", name);
		return;
	}
	for (i = 0; i < L->npools; i++)
		if (strcmp(L->pools[i]->pl->name, name) == 0) {
			cerr(L, L->file, line, NULL, NULL, "duplicate pool"
			    " \"%s\" (first declared at %s:%d)", name,
			    L->pools[i]->pl->file, L->pools[i]->pl->line);
			return;
		}
	rp = xcalloc(1, sizeof *rp);
	rp->pl = poolconf_new(name);
	rp->pl->file = xstrdup(L->file);
	rp->pl->line = line;
	rp->here = L->here;
	rp->key_line = xcalloc(NPOOLKEYS, sizeof(int));
	L->pools = xreallocarray(L->pools, (size_t)L->npools + 1,
	    sizeof *L->pools);
	L->pools[L->npools++] = rp;
	L->curpool = rp;
}

void
keys_pool(struct loader *L, const char *key, const char *value)
{
	struct rawpool *rp = L->curpool;
	const struct keydef *k = NULL;
	char sec[128], err[512];
	void *target = NULL;
	size_t i, idx = 0;

	if (rp == NULL)
		return;			/* a refused section: already said */
	snprintf(sec, sizeof sec, "pool:%s", rp->pl->name);
	for (i = 0; i < nitems(pool_keys); i++)
		if (strcmp(pool_keys[i].name, key) == 0) {
			k = &pool_keys[i];
			target = rp->pl;
			idx = i;
		}
	for (i = 0; k == NULL && i < nitems(job_keys); i++)
		if (strcmp(job_keys[i].name, key) == 0) {
			k = &job_keys[i];
			target = rp->pl->pc;
			idx = nitems(pool_keys) + i;
		}
	if (k == NULL) {
		cerr(L, L->file, L->line, sec, key, "unknown key; a pool takes"
		    " workers, queue_max, job_timeout, on_done, keep_results,"
		    " keep_alive, directory, environment, user, group, nice,"
		    " umask, limit_*, stop_signal, stop_timeout");
		return;
	}
	if (rp->key_line[idx] != 0) {
		cerr(L, L->file, L->line, sec, key, "duplicate key (first set"
		    " at line %d)", rp->key_line[idx]);
		return;
	}
	rp->key_line[idx] = L->line;
	if (k->parse(L, target, k, value, err, sizeof err) < 0)
		cerr(L, L->file, L->line, sec, key, "%s", err);
}

/* Put K=V in the template's environment, replacing K. */
static void
pool_env_put(struct progconf *pc, const char *kv)
{
	size_t kl = strcspn(kv, "=");
	int i;

	for (i = 0; i < pc->nenvironment; i++)
		if (strncmp(pc->environment[i], kv, kl) == 0 &&
		    pc->environment[i][kl] == '=') {
			free(pc->environment[i]);
			pc->environment[i] = xstrdup(kv);
			return;
		}
	pc->environment = xreallocarray(pc->environment,
	    (size_t)pc->nenvironment + 2, sizeof *pc->environment);
	pc->environment[pc->nenvironment++] = xstrdup(kv);
	pc->environment[pc->nenvironment] = NULL;
}

/* Finish one pool: paths, environment, the callback. */
static void
pool_finish_one(struct loader *L, struct rawpool *rp)
{
	struct poolconf *pl = rp->pl;
	char sec[128], err[256], **v;
	int i, n;

	snprintf(sec, sizeof sec, "pool:%s", pl->name);
	if (rp->raw[0] != NULL)
		pl->pc->directory = config_path_join(rp->here, rp->raw[0]);
	for (i = 0; i < L->cfg->nenvironment; i++)
		pool_env_put(pl->pc, L->cfg->environment[i]);
	if (rp->raw[1] != NULL) {
		if (words_split(rp->raw[1], &v, &n, err, sizeof err) < 0)
			cerr(L, pl->file, rp->raw_line[1], sec, "environment",
			    "%s", err);
		else {
			for (i = 0; i < n; i++) {
				if (strchr(v[i], '=') == NULL ||
				    v[i][0] == '=') {
					cerr(L, pl->file, rp->raw_line[1], sec,
					    "environment", "\"%s\" is not"
					    " NAME=VALUE", v[i]);
					break;
				}
				pool_env_put(pl->pc, v[i]);
			}
			words_free(v);
		}
	}
	if (rp->raw[2] != NULL)
		pl->on_done = xstrdup(rp->raw[2]);
}

void
finish_pools(struct loader *L)
{
	struct rawpool *rp;
	int i, j;

	for (i = 0; i < L->npools; i++) {
		rp = L->pools[i];
		pool_finish_one(L, rp);
		for (j = 0; j < L->cfg->nprogs; j++)
			if (strcmp(L->cfg->progs[j]->base, rp->pl->name) == 0)
				cerr(L, rp->pl->file, rp->pl->line, NULL, NULL,
				    "pool \"%s\" has the name of a program",
				    rp->pl->name);
		L->cfg->pools = xreallocarray(L->cfg->pools,
		    (size_t)L->cfg->npools + 1, sizeof *L->cfg->pools);
		L->cfg->pools[L->cfg->npools++] = rp->pl;
		rp->pl = NULL;
	}
}

void
pools_loader_free(struct loader *L)
{
	int i, k;

	for (i = 0; i < L->npools; i++) {
		poolconf_free(L->pools[i]->pl);
		for (k = 0; k < 3; k++)
			free(L->pools[i]->raw[k]);
		free(L->pools[i]->key_line);
		free(L->pools[i]);
	}
	free(L->pools);
	L->pools = NULL;
	L->npools = 0;
}
