/*
 * roster.h: the set of supervised programs and the configs they come from.
 *
 * Programs are kept in config order; dependency links (deps, rdeps) are
 * rebuilt whenever the set changes.  Across a reload a program may keep
 * running on a progconf of an older config, so each config is freed only
 * when no program uses it any more.
 */
#ifndef PSD_ROSTER_H
#define PSD_ROSTER_H

#include <sys/types.h>

#include "config.h"
#include "program.h"

void		 roster_init(struct config *cfg);
void		 roster_free(void);

int		 roster_count(void);
struct program	*roster_at(int i);
struct program	*roster_find(const char *name);
struct program	*roster_main(void);
struct config	*roster_config(void);
/* Which program does a process of this group or session belong to? */
struct program	*roster_owner(pid_t pgrp, pid_t session);

/* Add a program for pc (owned by cfg); call roster_relink after. */
struct program	*roster_add(struct progconf *pc, struct config *cfg);
/* Take p out of the set and free it after this loop iteration. */
void		 roster_drop(struct program *p);
/* Point p at another progconf (a reload). */
void		 roster_set_conf(struct program *p, struct progconf *pc,
		    struct config *cfg);
/* Make cfg the current config (the old one goes when unused). */
void		 roster_adopt(struct config *cfg);
/* Rebuild every dependency link from depends_on. */
void		 roster_relink(void);

#endif
