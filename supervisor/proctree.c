/*
 * proctree.c: walk /proc for psd's descendants.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accept.h"
#include "lineage.h"
#include "procfs.h"
#include "proctree.h"
#include "program.h"
#include "proto.h"
#include "roster.h"
#include "xmalloc.h"

/* The tree's links, parallel to a /proc snapshot (sorted by pid). */
struct ptscan {
	struct procfs_snap	 snap;
	int			*first_child, *next_sibling;
};

/* The program whose main pid this is, if any. */
static const char *
proctree_program_of(pid_t pid)
{
	struct program *p;
	int i;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (p->pid == pid)
			return program_name(p);
	}
	return NULL;
}

/* Scan /proc and link psd's descendants into a tree.  Returns psd's index. */
static int
proctree_build(struct ptscan *s)
{
	ssize_t root, p;
	size_t i, n;

	s->first_child = s->next_sibling = NULL;
	if (procfs_descendants(getpid(), &s->snap) < 0)
		return -1;
	n = s->snap.n;
	s->first_child = xmalloc((n ? n : 1) * sizeof *s->first_child);
	s->next_sibling = xmalloc((n ? n : 1) * sizeof *s->next_sibling);
	for (i = 0; i < n; i++)
		s->first_child[i] = s->next_sibling[i] = -1;
	root = procfs_snap_find(&s->snap, getpid());
	if (root < 0)
		return -1;
	for (i = n; i-- > 0;) {
		if ((ssize_t)i == root)
			continue;
		p = procfs_snap_find(&s->snap, s->snap.v[i].ppid);
		if (p < 0)
			continue;
		s->next_sibling[i] = s->first_child[p];
		s->first_child[p] = (int)i;
	}
	return (int)root;
}

static void
proctree_free(struct ptscan *s)
{
	procfs_snap_free(&s->snap);
	free(s->first_child);
	free(s->next_sibling);
}

/* One process and, below it, its descendants. */
static void
proctree_emit(struct proto_buf *out, struct ptscan *s, int i, int depth,
    const char *owner, int *count)
{
	const struct proc_stat *ps = &s->snap.v[i];
	struct program *p;
	char cmd[512], st[2], inst[192], lin[256];
	const char *own;
	int c;

	own = proctree_program_of(ps->pid);
	if (own == NULL)	/* accept = true: PROGRAM#N (PEER) */
		own = accept_name_of(ps->pid, inst, sizeof inst);
	if (own == NULL)
		own = owner;
	/* an adopted orphan: the program whose cgroup (lineage.h), else
	 * whose group or session it had */
	if (own == NULL && depth == 1 &&
	    lineage_of(ps->pid, lin, sizeof lin) == 0 &&
	    (p = roster_find(lin)) != NULL)
		own = program_name(p);
	if (own == NULL && depth == 1 &&
	    (p = roster_owner(ps->pgrp, ps->session)) != NULL)
		own = program_name(p);
	if (depth > 0) {
		if (procfs_cmdline(ps->pid, cmd, sizeof cmd) < 0)
			snprintf(cmd, sizeof cmd, "[%s]", ps->comm);
		st[0] = ps->state;
		st[1] = '\0';
		proto_begin(out, MSG_PROC);
		proto_put_int(out, K_PID, ps->pid);
		proto_put_int(out, K_PPID, ps->ppid);
		proto_put_int(out, K_DEPTH, depth);
		proto_put_str(out, K_PROC_STATE, st);
		proto_put_str(out, K_PROGRAM, own != NULL ? own : "");
		proto_put_str(out, K_COMMAND, cmd);
		proto_end(out);
		(*count)++;
	}
	for (c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
		proctree_emit(out, s, c, depth + 1, own, count);
}

void
proctree_send(struct proto_buf *out)
{
	struct ptscan s;
	char cmd[512];
	int root, count = 0;

	root = proctree_build(&s);
	if (root >= 0) {
		/* psd itself first, depth 0 */
		if (procfs_cmdline(getpid(), cmd, sizeof cmd) < 0)
			strcpy(cmd, "psd");
		proto_begin(out, MSG_PROC);
		proto_put_int(out, K_PID, getpid());
		proto_put_int(out, K_PPID, getppid());
		proto_put_int(out, K_DEPTH, 0);
		proto_put_str(out, K_PROC_STATE, "S");
		proto_put_str(out, K_PROGRAM, "");
		proto_put_str(out, K_COMMAND, cmd);
		proto_end(out);
		count++;
		proctree_emit(out, &s, root, 0, NULL, &count);
	}
	proctree_free(&s);
	proto_begin(out, MSG_END);
	proto_put_int(out, K_COUNT, count);
	proto_end(out);
}

static int
proctree_count_z(const struct ptscan *s, int i)
{
	int c, n = 0;

	for (c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
		n += (s->snap.v[c].state == 'Z') + proctree_count_z(s, c);
	return n;
}

int
proctree_zombies(void)
{
	struct ptscan s;
	int root, n = 0;

	root = proctree_build(&s);
	if (root >= 0)
		n = proctree_count_z(&s, root);
	proctree_free(&s);
	return n;
}
