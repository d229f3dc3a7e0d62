/*
 * config_fleet.c: what running psd under a container engine asks of the
 * configuration: [psd] http (a psd-http program made for you), and the
 * longest chain of stop timeouts that shutdown_timeout must cover.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_diag.h"
#include "config_int.h"
#include "util.h"
#include "xmalloc.h"

#define FLEET_HTTP_NAME		"http"
#define FLEET_MAX_LISTEN	8

/* psd-http beside psd's own binary (installed or built together), else
 * by PATH. */
static char *
fleet_http_path(void)
{
	char exe[PATH_MAX], *slash, *path;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			path = xasprintf("%s/psd-http", exe);
			if (access(path, X_OK) == 0)
				return path;
			free(path);
		}
	}
	return xstrdup("psd-http");
}

void
finish_http(struct loader *L)
{
	struct rawpsd *r = &L->psd;
	struct progconf *pc;
	char *argv[2 + 2 * FLEET_MAX_LISTEN], *copy, *w, *save = NULL;
	int n = 1, i;

	if (r->http == NULL)
		return;
	if (config_find(L->cfg, FLEET_HTTP_NAME) != NULL) {
		cerr(L, r->http_file, r->http_line, "psd", "http", "a"
		    " [program:%s] exists already: drop this key, or rename"
		    " that program", FLEET_HTTP_NAME);
		return;
	}
	copy = xstrdup(r->http);
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (n + 2 >= (int)nitems(argv)) {
			cerr(L, r->http_file, r->http_line, "psd", "http",
			    "at most %d addresses", FLEET_MAX_LISTEN);
			free(copy);
			return;
		}
		argv[n++] = "--listen";
		argv[n++] = w;
	}
	if (n == 1) {
		cerr(L, r->http_file, r->http_line, "psd", "http", "no address:"
		    " give HOST:PORT, :PORT or a socket path");
		free(copy);
		return;
	}
	argv[0] = fleet_http_path();
	argv[n] = NULL;
	pc = progconf_new(FLEET_HTTP_NAME, argv);
	free(argv[0]);
	free(copy);
	pc->daemon = true;
	pc->restart = RESTART_ALWAYS;
	pc->stop_timeout = 5000;
	pc->file = xstrdup(r->http_file);
	pc->line = r->http_line;
	/* [psd] environment, as every program gets it */
	pc->environment = xcalloc((size_t)L->cfg->nenvironment + 1,
	    sizeof *pc->environment);
	for (i = 0; i < L->cfg->nenvironment; i++)
		pc->environment[i] = xstrdup(L->cfg->environment[i]);
	pc->nenvironment = L->cfg->nenvironment;
	config_add_program(L->cfg, pc);
}

/* The longest stop time of p and what it depends on (memo: -1 unknown). */
static int64_t
fleet_chain(const struct config *cfg, int i, int64_t *memo, int *next,
    int depth)
{
	const struct progconf *pc = cfg->progs[i];
	const struct progconf *d;
	int64_t best = 0, t;
	int j, k;

	if (memo[i] >= 0)
		return memo[i];
	next[i] = -1;
	for (j = 0; j < pc->ndepends_on && depth < 256; j++)
		for (k = 0; k < cfg->nprogs; k++) {
			d = cfg->progs[k];
			if (d->instance != 0 ||
			    strcmp(d->base, pc->depends_on[j]) != 0)
				continue;
			t = fleet_chain(cfg, k, memo, next, depth + 1);
			if (t > best) {
				best = t;
				next[i] = k;
			}
		}
	memo[i] = pc->stop_timeout + best;
	return memo[i];
}

int64_t
config_stop_chain(const struct config *cfg, char *chain, size_t len)
{
	int64_t *memo, best = 0, t;
	int *next, i, start = -1;
	size_t off = 0;

	chain[0] = '\0';
	if (cfg->nprogs == 0)
		return 0;
	memo = xcalloc((size_t)cfg->nprogs, sizeof *memo);
	next = xcalloc((size_t)cfg->nprogs, sizeof *next);
	for (i = 0; i < cfg->nprogs; i++)
		memo[i] = -1;
	for (i = 0; i < cfg->nprogs; i++) {
		if (cfg->progs[i]->instance != 0)
			continue;	/* instances stop side by side */
		t = fleet_chain(cfg, i, memo, next, 0);
		if (t > best) {
			best = t;
			start = i;
		}
	}
	for (i = start; i >= 0 && off < len; i = next[i])
		off += (size_t)snprintf(chain + off, len - off, "%s%s",
		    i == start ? "" : " -> ", cfg->progs[i]->base);
	free(memo);
	free(next);
	return best;
}
