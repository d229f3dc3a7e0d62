/*
 * config_diag.c: the errors found while loading a config.  Every stage
 * (reading, finishing, checking across programs) records what it finds;
 * at the end they are put in file order and cut at CONFIG_MAX_ERRORS, so
 * one run shows every error that can be found, in the order of the files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_diag.h"
#include "config_int.h"
#include "xmalloc.h"

/* Errors kept before sorting; enough for any real file, bounded. */
#define DIAG_MAX_KEPT	1000

/* Where file stands among the files read: its index, or the next one. */
static int
diag_rank(const struct loader *L, const char *file)
{
	int i;

	for (i = 0; i < L->cfg->nfiles; i++)
		if (strcmp(L->cfg->files[i], file) == 0)
			return i;
	return L->cfg->nfiles;
}

void
cerr(struct loader *L, const char *file, int line, const char *section,
    const char *key, const char *fmt, ...)
{
	char msg[1024], where[256];
	va_list ap;
	int n;

	if (L->errs->n >= DIAG_MAX_KEPT)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = line > 0 ? snprintf(where, sizeof where, "%s:%d:", file, line) :
	    snprintf(where, sizeof where, "%s:", file);
	if (section != NULL && n > 0 && (size_t)n < sizeof where)
		n += snprintf(where + n, sizeof where - (size_t)n, " [%s]%s",
		    section, key != NULL ? "" : ":");
	if (key != NULL && n > 0 && (size_t)n < sizeof where)
		snprintf(where + n, sizeof where - (size_t)n, " %s:", key);
	L->errs->msgs = xreallocarray(L->errs->msgs, (size_t)L->errs->n + 1,
	    sizeof *L->errs->msgs);
	L->errpos = xreallocarray(L->errpos, (size_t)L->errs->n + 1,
	    sizeof *L->errpos);
	L->errpos[L->errs->n].rank = diag_rank(L, file);
	L->errpos[L->errs->n].line = line;
	L->errpos[L->errs->n].seq = L->errs->n;
	L->errpos[L->errs->n].file = xstrdup(file);
	L->nerrpos = L->errs->n + 1;
	L->errs->msgs[L->errs->n++] = xasprintf("%s %s", where, msg);
}

bool
config_failed(const struct loader *L)
{
	return L->errs->n > 0;
}

/* Order of two errors: file, then line, then the order they were found. */
static int
diag_cmp(const void *a, const void *b)
{
	const struct diag_pos *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Put the errors in file order; keep CONFIG_MAX_ERRORS, then say so. */
void
diag_finish(struct loader *L)
{
	struct config_errors *e = L->errs;
	char **msgs;
	int i, n = e->n;

	if (n == 0)
		return;
	qsort(L->errpos, (size_t)n, sizeof *L->errpos, diag_cmp);
	msgs = xcalloc((size_t)n + 1, sizeof *msgs);
	for (i = 0; i < n; i++)
		msgs[i] = e->msgs[L->errpos[i].seq];
	if (n > CONFIG_MAX_ERRORS) {
		for (i = CONFIG_MAX_ERRORS; i < n; i++)
			free(msgs[i]);
		msgs[CONFIG_MAX_ERRORS] = xasprintf("%s: too many errors;"
		    " stopping here", L->errpos[CONFIG_MAX_ERRORS].file);
		e->n = CONFIG_MAX_ERRORS + 1;
	}
	free(e->msgs);
	e->msgs = msgs;
	diag_free(L);
}

/* Forget where the errors were (the messages stay in L->errs). */
void
diag_free(struct loader *L)
{
	int i;

	for (i = 0; i < L->nerrpos; i++)
		free(L->errpos[i].file);
	free(L->errpos);
	L->errpos = NULL;
	L->nerrpos = 0;
}
