/*
 * proctree.c: walk /proc for psd's descendants.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "proctree.h"
#include "program.h"
#include "proto.h"
#include "supervise.h"
#include "xmalloc.h"

struct ptnode {
	struct proc_stat	 st;
	int			 parent;	/* index, -1 for psd */
	int			 first_child, next_sibling;
	const char		*owner;
	bool			 mine;		/* a descendant of psd */
};

struct ptscan {
	struct ptnode		*v;
	int			 n, cap;
};

static int
proctree_collect(const struct proc_stat *st, void *arg)
{
	struct ptscan *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xreallocarray(s->v, (size_t)s->cap, sizeof *s->v);
	}
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
	s->v[s->n].st = *st;
	s->v[s->n].parent = -1;
	s->v[s->n].first_child = s->v[s->n].next_sibling = -1;
	s->n++;
	return 0;
}

static int
proctree_cmp(const void *a, const void *b)
{
	const struct ptnode *x = a, *y = b;

	return (x->st.pid > y->st.pid) - (x->st.pid < y->st.pid);
}

static int
proctree_find(const struct ptscan *s, pid_t pid)
{
	int lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->v[mid].st.pid == pid)
			return mid;
		if (s->v[mid].st.pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The program whose main pid this is, if any. */
static const char *
proctree_program_of(pid_t pid)
{
	struct program *p;
	int i;

	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		if (p->pid == pid)
			return program_name(p);
	}
	return NULL;
}

/* Scan /proc and link psd's descendants into a tree.  Returns psd's index. */
static int
proctree_build(struct ptscan *s)
{
	pid_t self = getpid();
	int i, p, root;

	s->v = NULL;
	s->n = s->cap = 0;
	if (procfs_foreach(proctree_collect, s) < 0)
		return -1;
	qsort(s->v, (size_t)s->n, sizeof *s->v, proctree_cmp);
	root = proctree_find(s, self);
	if (root < 0)
		return -1;
	for (i = s->n - 1; i >= 0; i--) {
		if (i == root)
			continue;
		p = proctree_find(s, s->v[i].st.ppid);
		if (p < 0)
			continue;
		s->v[i].parent = p;
		s->v[i].next_sibling = s->v[p].first_child;
		s->v[p].first_child = i;
	}
	return root;
}

static void
proctree_emit(struct proto_buf *out, struct ptscan *s, int i, int depth,
    const char *owner, int *count)
{
	char cmd[512], st[2];
	const char *own;
	int c;

	own = proctree_program_of(s->v[i].st.pid);
	if (own == NULL)
		own = owner;
	if (depth > 0) {
		if (procfs_cmdline(s->v[i].st.pid, cmd, sizeof cmd) < 0)
			snprintf(cmd, sizeof cmd, "[%s]", s->v[i].st.comm);
		st[0] = s->v[i].st.state;
		st[1] = '\0';
		proto_begin(out, MSG_PROC);
		proto_put_int(out, K_PID, s->v[i].st.pid);
		proto_put_int(out, K_PPID, s->v[i].st.ppid);
		proto_put_int(out, K_DEPTH, depth);
		proto_put_str(out, K_PROC_STATE, st);
		proto_put_str(out, K_PROGRAM, own != NULL ? own : "");
		proto_put_str(out, K_COMMAND, cmd);
		proto_end(out);
		(*count)++;
	}
	for (c = s->v[i].first_child; c >= 0; c = s->v[c].next_sibling)
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
	free(s.v);
	proto_begin(out, MSG_END);
	proto_put_int(out, K_COUNT, count);
	proto_end(out);
}

static int
proctree_count_z(const struct ptscan *s, int i)
{
	int c, n = 0;

	for (c = s->v[i].first_child; c >= 0; c = s->v[c].next_sibling)
		n += (s->v[c].st.state == 'Z') + proctree_count_z(s, c);
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
	free(s.v);
	return n;
}
