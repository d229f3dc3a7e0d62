/*
 * config_check.c: checks across programs (dependencies, cycles).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_diag.h"
#include "config_int.h"
#include "config_util.h"
#include "xmalloc.h"

static int
check_find(struct loader *L, const char *base)
{
	int i;

	for (i = 0; i < L->nprogs; i++)
		if (strcmp(L->progs[i]->pc->base, base) == 0)
			return i;
	return -1;
}

/* Where depends_on was set in rp. */
static int
check_line(struct rawprog *rp)
{
	int k = keys_index(SEC_PROGRAM, "depends_on");

	return k >= 0 && rp->key_line[k] ? rp->key_line[k] : rp->line;
}

/*
 * DFS: 0 white, 1 on the stack, 2 done.  Returns the depth of the stack
 * when a back edge to *at is found, or -1.  Frames stay small: a chain of
 * thousands of programs must not exhaust the stack.
 */
static int
check_cycle(struct loader *L, int i, int *color, int *stack, int depth,
    int *at)
{
	struct progconf *pc = L->progs[i]->pc;
	int j, d, r;

	color[i] = 1;
	stack[depth] = i;
	for (j = 0; j < pc->ndepends_on; j++) {
		d = check_find(L, pc->depends_on[j]);
		if (d < 0 || color[d] == 2)
			continue;
		if (color[d] == 1) {
			*at = d;
			return depth;
		}
		if ((r = check_cycle(L, d, color, stack, depth + 1, at)) >= 0)
			return r;
	}
	color[i] = 2;
	return -1;
}

/* Report the cycle that ends at stack[depth] -> at. */
static void
check_report_cycle(struct loader *L, const int *stack, int depth, int at)
{
	char path[1024], sec[128];
	size_t off = 0;
	int k, start;

	for (start = 0; stack[start] != at; start++)
		;
	path[0] = '\0';
	for (k = start; k <= depth && off < sizeof path; k++)
		off += (size_t)snprintf(path + off, sizeof path - off, "%s -> ",
		    L->progs[stack[k]]->pc->base);
	if (off < sizeof path)
		snprintf(path + off, sizeof path - off, "%s",
		    L->progs[at]->pc->base);
	snprintf(sec, sizeof sec, "program:%s", L->progs[at]->pc->base);
	cerr(L, L->progs[at]->file, check_line(L->progs[at]), sec,
	    "depends_on", "dependency cycle %s", path);
}

/* Was a program section of this name refused whole (a bad header)? */
static bool
check_lost(const struct loader *L, const char *name)
{
	int i;

	for (i = 0; i < L->nlost; i++)
		if (strcmp(L->lost[i], name) == 0)
			return true;
	return false;
}

void
check_dependencies(struct loader *L)
{
	struct rawprog *rp;
	char sec[128];
	const char *best;
	int i, j, k, bd, dd, *color, *stack;

	for (i = 0; i < L->nprogs; i++) {
		rp = L->progs[i];
		snprintf(sec, sizeof sec, "program:%s", rp->pc->base);
		for (j = 0; j < rp->pc->ndepends_on; j++) {
			if (check_find(L, rp->pc->depends_on[j]) >= 0 ||
			    check_lost(L, rp->pc->depends_on[j]))
				continue;
			best = NULL;
			bd = 3;
			for (k = 0; k < L->nprogs; k++) {
				dd = edit_distance(rp->pc->depends_on[j],
				    L->progs[k]->pc->base);
				if (dd < bd) {
					bd = dd;
					best = L->progs[k]->pc->base;
				}
			}
			if (best != NULL)
				cerr(L, rp->file, check_line(rp), sec,
				    "depends_on", "unknown program \"%s\"; did"
				    " you mean \"%s\"?", rp->pc->depends_on[j],
				    best);
			else
				cerr(L, rp->file, check_line(rp), sec,
				    "depends_on", "unknown program \"%s\"",
				    rp->pc->depends_on[j]);
		}
	}
	/* Unknown targets are left out of the walk: cycles are still found. */
	color = xcalloc((size_t)L->nprogs + 1, sizeof *color);
	stack = xcalloc((size_t)L->nprogs + 1, sizeof *stack);
	for (i = 0; i < L->nprogs; i++) {
		if (color[i] != 0)
			continue;
		if ((k = check_cycle(L, i, color, stack, 0, &j)) >= 0) {
			check_report_cycle(L, stack, k, j);
			break;
		}
	}
	free(color);
	free(stack);
}
