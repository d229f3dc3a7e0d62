/*
 * pool_map.c: psd --jobs N --map -- CMD {} < ITEMS, the one-command form:
 * one pool, "map", one job per line of stdin, closed once stdin ends, so
 * psd's work is done when the last job is.  psd then prints a summary
 * and exits as xargs would.
 *
 * Like xargs, a job that exits 255, is killed by a signal or cannot be
 * started (126, 127) stops the batch: no queued item starts after it,
 * the running ones finish, and the items dropped are counted in the
 * summary.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "pool_map.h"
#include "pool_run.h"
#include "xmalloc.h"

#define MAP_NAMES	5	/* failed jobs named in the summary */

static struct rpool	*map_pool;
static uint64_t		 map_ok, map_failed, map_dropped;
static bool		 map_stopped;	/* xargs' rule stopped the batch */
static uint32_t		 map_first[MAP_NAMES];
static int		 map_nfirst;
static int		 map_worst;	/* xargs' status so far */
static char		**map_cmd;
static int		 map_ncmd;

void
pool_map_config(struct config *cfg, char **cmd, int ncmd, int jobs,
    int64_t job_timeout)
{
	struct poolconf *pl = poolconf_new("map");

	if (jobs > 0)
		pl->workers = jobs;
	pl->job_timeout = job_timeout;
	pl->queue_max = POOL_MAP_QUEUE_MAX;
	pl->keep_results = 0;
	pl->pc->stop_timeout = 5000;
	cfg->pools = xreallocarray(cfg->pools, (size_t)cfg->npools + 1,
	    sizeof *cfg->pools);
	cfg->pools[cfg->npools++] = pl;
	map_cmd = cmd;
	map_ncmd = ncmd;
}

/* xargs' exit status for one failed invocation (a higher one wins). */
static int
map_status_of(const struct job *j)
{
	const struct jobrun *jr = j->run;

	if (jr != NULL && jr->err == ENOENT)
		return 127;
	if (jr != NULL && jr->err != 0)
		return 126;
	if (j->wstatus >= 0 && WIFSIGNALED(j->wstatus))
		return 125;
	if (j->wstatus >= 0 && WIFEXITED(j->wstatus) &&
	    WEXITSTATUS(j->wstatus) == 255)
		return 124;
	return 123;
}

static void
map_finished(struct rpool *rp, struct job *j)
{
	int st;

	if (rp != map_pool)
		return;
	if (j->state == JS_DONE) {
		map_ok++;
		return;
	}
	if (j->state == JS_DROPPED) {
		map_dropped++;		/* never started */
		return;
	}
	map_failed++;
	if (map_nfirst < MAP_NAMES)
		map_first[map_nfirst++] = j->id;
	st = j->state == JS_CANCELLED ? 123 : map_status_of(j);
	if (st > map_worst)
		map_worst = st;
	if (st >= 124 && !map_stopped) {
		char name[40];
		int n;

		/* xargs stops starting commands here; so do we */
		map_stopped = true;
		pool_run_job_name(rp, j, name, sizeof name);
		n = pool_run_drop_queue(rp);
		log_warnx("map: %s %s: %d queued items not started", name,
		    st == 124 ? "exited with status 255" :
		    st == 125 ? "was killed by a signal" :
		    "could not be started", n);
	}
}

static const struct pool_run_observer map_observer = {
	.finished = map_finished,
};

/* The words of one job: {} replaced by item, or item appended. */
static int
map_words(const char *item, char **argv)
{
	const char *s, *hit;
	bool any = false;
	size_t il = strlen(item), len;
	int i, n = 0;
	char *w;

	for (i = 0; i < map_ncmd; i++) {
		s = map_cmd[i];
		len = 0;
		for (hit = strstr(s, "{}"); hit != NULL;
		    hit = strstr(hit + 2, "{}"))
			len += il, any = true;
		w = xmalloc(strlen(s) + len + 1);
		argv[n++] = w;
		while ((hit = strstr(s, "{}")) != NULL) {
			memcpy(w, s, (size_t)(hit - s));
			w += hit - s;
			memcpy(w, item, il);
			w += il;
			s = hit + 2;
		}
		strcpy(w, s);
	}
	if (!any)
		argv[n++] = xstrdup(item);
	argv[n] = NULL;
	return n;
}

int
pool_map_start(void)
{
	char **argv, *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct job *j;
	int n, i, r;
	uint64_t items = 0;

	map_pool = pool_run_find("map");
	if (map_pool == NULL || map_ncmd + 2 > POOL_MAX_ARGS)
		return -1;
	pool_run_observe(&map_observer);
	argv = xcalloc((size_t)map_ncmd + 2, sizeof *argv);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;	/* xargs -I skips empty lines too */
		n = map_words(line, argv);
		r = pool_run_submit(map_pool, argv, n, 0, &j);
		for (i = 0; i < n; i++)
			free(argv[i]);
		if (r != POOL_OK) {
			log_errorx("--map: item %llu not queued (%s)",
			    (unsigned long long)items + 1,
			    r == POOL_E_FULL ? "more than the queue holds" :
			    "an empty command");
			break;
		}
		items++;
	}
	if (ferror(stdin))
		log_warn("--map: reading stdin");
	free(line);
	free(argv);
	log_debug("--map: %llu items queued", (unsigned long long)items);
	pool_run_close(map_pool);
	return 0;
}

int
pool_map_status(int psd_status)
{
	char names[MAP_NAMES * 24 + 8];
	size_t off = 0;
	int i;

	if (map_pool == NULL)
		return psd_status;
	names[0] = '\0';
	for (i = 0; i < map_nfirst; i++)
		off += (size_t)snprintf(names + off, sizeof names - off,
		    "%smap#%u", i ? ", " : " (", map_first[i]);
	if (map_nfirst > 0)
		snprintf(names + off, sizeof names - off, "%s)",
		    map_failed > (uint64_t)map_nfirst ? ", ..." : "");
	if (map_dropped > 0)
		fprintf(stderr, "psd: map: %llu ok, %llu failed, %llu not"
		    " started%s\n", (unsigned long long)map_ok,
		    (unsigned long long)map_failed,
		    (unsigned long long)map_dropped, names);
	else
		fprintf(stderr, "psd: map: %llu ok, %llu failed%s\n",
		    (unsigned long long)map_ok, (unsigned long long)map_failed,
		    names);
	if (!pool_drained(pool_run_pool(map_pool)) ||
	    (map_dropped > 0 && !map_stopped))
		return psd_status != 0 ? psd_status : 1;
	return map_worst;
}
