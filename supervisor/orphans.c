/*
 * orphans.c: attribute, count and log the orphans psd reaps.
 */
#include <stdio.h>

#include "lineage.h"
#include "log.h"
#include "orphans.h"
#include "procfs.h"
#include "program.h"
#include "reap.h"
#include "roster.h"
#include "stats.h"
#include "util.h"

#define ORPHANS_MAX_OBSERVERS	4

static int		orphans_level = LOG_LVL_DEBUG;
static orphans_fn	orphans_observers[ORPHANS_MAX_OBSERVERS];
static int		orphans_nobservers;

void
orphans_observe(orphans_fn fn)
{
	if (orphans_nobservers < ORPHANS_MAX_OBSERVERS)
		orphans_observers[orphans_nobservers++] = fn;
}

/* The cgroup of the orphan being reaped (lineage.h), read as a zombie. */
static pid_t	peek_pid;
static char	peek_name[256];

static void
orphans_peek(pid_t pid)
{
	peek_pid = lineage_of(pid, peek_name, sizeof peek_name) == 0 ? pid : 0;
}

/* An orphan was reaped: whose was it? */
static void
orphans_reaped(pid_t pid, int status, const struct proc_stat *st)
{
	struct program *owner = NULL;
	char buf[64];
	int i;

	if (peek_pid == pid && pid > 0)
		owner = roster_find(peek_name);
	peek_pid = 0;
	if (owner == NULL && st != NULL)
		owner = roster_owner(st->pgrp, st->session);
	else if (roster_count() == 1)
		owner = roster_at(0);
	if (owner != NULL) {
		owner->orphans++;
		stats_get()->orphans_attributed++;
	}
	program_group_check_all(roster_at, roster_count());
	for (i = 0; i < orphans_nobservers; i++)
		orphans_observers[i](pid, status, owner);
	if (!log_enabled(orphans_level))
		return;
	if (owner != NULL)
		log_msg(orphans_level, "reaped orphan pid %d of %s (%s)",
		    (int)pid, program_name(owner),
		    wait_status_str(status, buf, sizeof buf));
	else
		log_msg(orphans_level, "reaped orphan pid %d (%s)", (int)pid,
		    wait_status_str(status, buf, sizeof buf));
}

void
orphans_init(bool warn, bool info)
{
	orphans_level = warn ? LOG_LVL_WARN : info ? LOG_LVL_INFO :
	    LOG_LVL_DEBUG;
	reap_init(orphans_reaped);
	/* With one program every orphan is its own; no need to look. */
	reap_set_attribution(roster_count() > 1);
	if (lineage_active())
		reap_set_peek(orphans_peek);
}
