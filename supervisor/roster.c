/*
 * roster.c: the programs psd supervises.
 */
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "pidmap.h"
#include "roster.h"
#include "xmalloc.h"

struct cfgref {
	struct config	*cfg;
	int		 users;		/* programs on it, +1 if current */
};

static struct program	**progs;
static int		 nprogs, capprogs;
static struct program	*main_prog;	/* the one with is_main, or NULL */
static struct config	*current;
static struct cfgref	*refs;
static int		 nrefs;

static void
roster_config_free(void *arg)
{
	config_free(arg);
}

/* Take a reference on cfg. */
static void
roster_ref(struct config *cfg)
{
	int i;

	for (i = 0; i < nrefs; i++)
		if (refs[i].cfg == cfg) {
			refs[i].users++;
			return;
		}
	refs = xreallocarray(refs, (size_t)nrefs + 1, sizeof *refs);
	refs[nrefs].cfg = cfg;
	refs[nrefs].users = 1;
	nrefs++;
}

/* Drop a reference; free the config (after this iteration) at zero. */
static void
roster_unref(struct config *cfg)
{
	int i;

	for (i = 0; i < nrefs; i++) {
		if (refs[i].cfg != cfg)
			continue;
		if (--refs[i].users == 0) {
			loop_defer_free(cfg, roster_config_free);
			refs[i] = refs[--nrefs];
		}
		return;
	}
}

int
roster_count(void)
{
	return nprogs;
}

struct program *
roster_at(int i)
{
	return i >= 0 && i < nprogs ? progs[i] : NULL;
}

struct program *
roster_find(const char *name)
{
	int i;

	for (i = 0; i < nprogs; i++)
		if (!progs[i]->removing &&
		    strcmp(program_name(progs[i]), name) == 0)
			return progs[i];
	return NULL;
}

/* Kept, not searched for: it is asked for at every state change. */
struct program *
roster_main(void)
{
	return main_prog;
}

struct config *
roster_config(void)
{
	return current;
}

struct program *
roster_owner(pid_t pgrp, pid_t session)
{
	struct child *c;
	int i;

	c = pidmap_find(pgrp);
	if (c == NULL)
		c = pidmap_find(session);
	for (i = 0; c != NULL && i < nprogs; i++)
		if (c == &progs[i]->child)
			return progs[i];
	for (i = 0; i < nprogs; i++)
		if (program_owns_session(progs[i], session) ||
		    program_owns_session(progs[i], pgrp))
			return progs[i];
	return NULL;
}

struct program *
roster_add(struct progconf *pc, struct config *cfg)
{
	struct program *p = program_new(pc, pc->transparent);

	if (nprogs == capprogs) {
		capprogs = capprogs ? capprogs * 2 : 16;
		progs = xreallocarray(progs, (size_t)capprogs, sizeof *progs);
	}
	p->index = nprogs;
	p->owner = cfg;
	progs[nprogs++] = p;
	if (p->is_main)
		main_prog = p;
	roster_ref(cfg);
	return p;
}

static void
roster_program_free(void *arg)
{
	program_free(arg);
}

void
roster_drop(struct program *p)
{
	int i;

	for (i = p->index; i < nprogs - 1; i++) {
		progs[i] = progs[i + 1];
		progs[i]->index = i;
	}
	nprogs--;
	if (p == main_prog)
		main_prog = NULL;
	/* p first: freeing it may still read its name from its config */
	loop_defer_free(p, roster_program_free);
	roster_unref(p->owner);
	p->owner = NULL;
	roster_relink();
}

void
roster_set_conf(struct program *p, struct progconf *pc, struct config *cfg)
{
	struct config *old = p->owner;

	p->conf = pc;
	policy_params_from(&p->pp, pc);
	p->owner = cfg;
	roster_ref(cfg);
	roster_unref(old);
}

void
roster_adopt(struct config *cfg)
{
	struct config *old = current;

	current = cfg;
	roster_ref(cfg);
	if (old != NULL)
		roster_unref(old);
}

/* Add an edge p -> dep (p depends on dep). */
static void
roster_link(struct program *p, struct program *dep)
{
	p->deps = xreallocarray(p->deps, (size_t)p->ndeps + 1, sizeof *p->deps);
	p->deps[p->ndeps++] = dep;
	dep->rdeps = xreallocarray(dep->rdeps, (size_t)dep->nrdeps + 1,
	    sizeof *dep->rdeps);
	dep->rdeps[dep->nrdeps++] = p;
}

void
roster_relink(void)
{
	struct program *p;
	int i, j, k;

	for (i = 0; i < nprogs; i++) {
		free(progs[i]->deps);
		free(progs[i]->rdeps);
		progs[i]->deps = progs[i]->rdeps = NULL;
		progs[i]->ndeps = progs[i]->nrdeps = 0;
	}
	for (i = 0; i < nprogs; i++) {
		p = progs[i];
		for (j = 0; j < p->conf->ndepends_on; j++)
			for (k = 0; k < nprogs; k++)
				if (!progs[k]->removing &&
				    strcmp(progs[k]->conf->base,
				    p->conf->depends_on[j]) == 0)
					roster_link(p, progs[k]);
	}
}

void
roster_init(struct config *cfg)
{
	int i;

	roster_adopt(cfg);
	for (i = 0; i < cfg->nprogs; i++)
		roster_add(cfg->progs[i], cfg);
	roster_relink();
}

void
roster_free(void)
{
	int i;

	for (i = 0; i < nprogs; i++)
		program_free(progs[i]);
	free(progs);
	progs = NULL;
	nprogs = capprogs = 0;
	main_prog = NULL;
	for (i = 0; i < nrefs; i++)
		config_free(refs[i].cfg);
	free(refs);
	refs = NULL;
	nrefs = 0;
	current = NULL;
}
