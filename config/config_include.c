/*
 * config_include.c: include = PATTERN...: the files it names, queued to
 * be read after the current one (each file once).
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_util.h"
#include "xmalloc.h"

/* Has this file been read (or queued) already? */
static bool
include_seen(struct loader *L, const char *path)
{
	int i;

	for (i = 0; i < L->cfg->nfiles; i++)
		if (strcmp(L->cfg->files[i], path) == 0)
			return true;
	for (i = 0; i < L->nqueue; i++)
		if (strcmp(L->queue[i].path, path) == 0)
			return true;
	return false;
}

/* include = PATTERN...: queue the matching files (no match is fine). */
void
config_include(struct loader *L, char **patterns, int n)
{
	char real[PATH_MAX], *pat;
	glob_t g;
	size_t j;
	int i, r;

	for (i = 0; i < n; i++) {
		pat = config_path_join(L->here, patterns[i]);
		r = glob(pat, 0, NULL, &g);
		if (r != 0 && r != GLOB_NOMATCH)
			cerr(L, L->file, L->line, "psd", "include",
			    "cannot list %s", pat);
		for (j = 0; r == 0 && j < g.gl_pathc; j++) {
			if (realpath(g.gl_pathv[j], real) == NULL)
				snprintf(real, sizeof real, "%s", g.gl_pathv[j]);
			if (include_seen(L, real))
				continue;
			L->queue = xreallocarray(L->queue, (size_t)L->nqueue + 1,
			    sizeof *L->queue);
			L->queue[L->nqueue].path = xstrdup(real);
			L->queue[L->nqueue].file = L->file;
			L->queue[L->nqueue++].line = L->line;
		}
		if (r == 0)
			globfree(&g);
		free(pat);
	}
}
