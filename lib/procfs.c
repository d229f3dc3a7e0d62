/*
 * procfs.c: /proc readers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "xmalloc.h"
#include "util.h"

/* Read a small /proc file into buf (NUL-terminated); bytes read or -1. */
static ssize_t
procfs_read(const char *path, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

int
procfs_stat(pid_t pid, struct proc_stat *st)
{
	char path[64], buf[1024], *open_paren, *close_paren, *p;
	unsigned long long start = 0;
	int ppid, pgrp, session, field;
	size_t clen;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (procfs_read(path, buf, sizeof buf) <= 0)
		return -1;
	/* "pid (comm) S ppid pgrp session ..." where comm may hold ')' */
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (open_paren == NULL || close_paren == NULL ||
	    close_paren < open_paren || close_paren[1] != ' ') {
		errno = EINVAL;
		return -1;
	}
	clen = (size_t)(close_paren - open_paren - 1);
	if (clen >= sizeof st->comm)
		clen = sizeof st->comm - 1;
	memcpy(st->comm, open_paren + 1, clen);
	st->comm[clen] = '\0';
	p = close_paren + 2;
	st->state = *p;
	if (sscanf(p + 1, " %d %d %d", &ppid, &pgrp, &session) != 3) {
		errno = EINVAL;
		return -1;
	}
	/* starttime is field 22; after the state we are at field 3. */
	for (field = 3; field < 22 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p != NULL)
		start = strtoull(p, NULL, 10);
	st->pid = pid;
	st->ppid = ppid;
	st->pgrp = pgrp;
	st->session = session;
	st->starttime = start;
	return 0;
}

int
procfs_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	struct proc_stat st;
	ssize_t n, i;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = procfs_read(path, buf, len);
	if (n < 0)
		return -1;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[n] = '\0';
	if (n == 0) {
		if (procfs_stat(pid, &st) < 0)
			return -1;
		snprintf(buf, len, "[%s]", st.comm);
	}
	return 0;
}

int
procfs_foreach(int (*cb)(const struct proc_stat *, void *), void *arg)
{
	DIR *d;
	struct dirent *de;
	struct proc_stat st;
	long pid;
	int r = 0;

	d = opendir("/proc");
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (parse_long(de->d_name, 1, 1L << 30, &pid) < 0)
			continue;
		if (procfs_stat((pid_t)pid, &st) < 0)
			continue;
		if ((r = cb(&st, arg)) != 0)
			break;
	}
	closedir(d);
	return r;
}

/* procfs_foreach's callback: keep a copy. */
static int
procfs_snap_add(const struct proc_stat *st, void *arg)
{
	struct procfs_snap *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = *st;
	return 0;
}

static int
procfs_cmp_pid(const void *a, const void *b)
{
	const struct proc_stat *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int
procfs_snapshot(struct procfs_snap *s)
{
	memset(s, 0, sizeof *s);
	if (procfs_foreach(procfs_snap_add, s) < 0) {
		procfs_snap_free(s);
		return -1;
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, procfs_cmp_pid);
	return 0;
}

/* Add the children of pid (every thread's children file) to s. */
static int
procfs_add_children(pid_t pid, struct procfs_snap *s)
{
	char path[64];
	struct dirent *de;
	struct proc_stat st;
	long tid, child;
	DIR *d;
	FILE *f;
	int found = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (parse_long(de->d_name, 1, 1L << 30, &tid) < 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%ld/children",
		    (int)pid, tid);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		found = 1;
		while (fscanf(f, "%ld", &child) == 1)
			if (procfs_stat((pid_t)child, &st) == 0 &&
			    st.ppid == pid)
				(void)procfs_snap_add(&st, s);
		fclose(f);
	}
	closedir(d);
	return found ? 0 : -1;
}

int
procfs_descendants(pid_t root, struct procfs_snap *s)
{
	struct proc_stat st;
	size_t i;

	memset(s, 0, sizeof *s);
	if (procfs_stat(root, &st) < 0)
		return -1;
	(void)procfs_snap_add(&st, s);
	/* breadth first over the array as it grows */
	for (i = 0; i < s->n; i++)
		if (procfs_add_children(s->v[i].pid, s) < 0 && i == 0) {
			/* no children files (CONFIG_PROC_CHILDREN): scan all */
			procfs_snap_free(s);
			return procfs_snapshot(s);
		}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, procfs_cmp_pid);
	return 0;
}

ssize_t
procfs_snap_find(const struct procfs_snap *s, pid_t pid)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->v[mid].pid == pid)
			return (ssize_t)mid;
		if (s->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void
procfs_snap_free(struct procfs_snap *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
