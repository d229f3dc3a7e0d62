/*
 * http_proc.c: what /proc says of psd's processes, read by psd-http.
 *
 * One pass over /proc per fresh /metrics answer gives both the zombies
 * below psd (psd skips that scan when psd-http asks: it is PID 1's time)
 * and each program's CPU time and resident memory.  psd-http must run in
 * psd's PID namespace for the pids to match (it does as psd's program).
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "xmalloc.h"

/* Parse /proc/PID/stat; false if gone or unreadable. */
static bool
hproc_stat(pid_t pid, struct hproc_ent *e)
{
	char path[64], buf[1024], *p, *lp;
	unsigned long long utime, stime;
	long long rss;
	ssize_t n;
	size_t clen;
	int fd, ppid;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields follow the last ')' */
	if ((lp = strchr(buf, '(')) == NULL ||
	    (p = strrchr(buf, ')')) == NULL || p < lp)
		return false;
	clen = (size_t)(p - lp - 1);
	if (clen >= sizeof e->comm)
		clen = sizeof e->comm - 1;
	memcpy(e->comm, lp + 1, clen);
	e->comm[clen] = '\0';
	/* state(3) ppid(4) ... utime(14) stime(15) ... rss(24) */
	if (sscanf(p + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu"
	    " %llu %*d %*d %*d %*d %*d %*d %*u %*u %lld", &e->state, &ppid,
	    &utime, &stime, &rss) != 5)
		return false;
	e->pid = pid;
	e->ppid = ppid;
	e->cpu_seconds = (double)(utime + stime) /
	    (double)sysconf(_SC_CLK_TCK);
	e->rss_bytes = rss * (long long)sysconf(_SC_PAGESIZE);
	return true;
}

static int
hproc_cmp(const void *a, const void *b)
{
	const struct hproc_ent *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int
hproc_snapshot(struct hsnap *s)
{
	struct dirent *d;
	DIR *dir;
	size_t cap = 0;
	pid_t pid;

	memset(s, 0, sizeof *s);
	if ((dir = opendir("/proc")) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (s->n == cap) {
			cap = cap ? cap * 2 : 1024;
			s->v = xreallocarray(s->v, cap, sizeof *s->v);
		}
		if (hproc_stat(pid, &s->v[s->n]))
			s->n++;
	}
	closedir(dir);
	/* readdir gives /proc in pid order today; do not rely on it */
	qsort(s->v, s->n, sizeof *s->v, hproc_cmp);
	return 0;
}

void
hproc_snap_free(struct hsnap *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

const struct hproc_ent *
hproc_find(const struct hsnap *s, int64_t pid)
{
	struct hproc_ent key = { .pid = (pid_t)pid };

	if (pid <= 0 || s->n == 0)
		return NULL;
	return bsearch(&key, s->v, s->n, sizeof *s->v, hproc_cmp);
}

int64_t
hproc_zombies(const struct hsnap *s, int64_t psd_pid)
{
	const struct hproc_ent *psd = hproc_find(s, psd_pid), *up;
	int64_t n = 0;
	size_t i;
	pid_t pp;
	int steps;

	if (psd == NULL || strcmp(psd->comm, "psd") != 0)
		return -1;	/* not our psd: another PID namespace */
	for (i = 0; i < s->n; i++) {
		if (s->v[i].state != 'Z')
			continue;
		/* up the parents until psd, the top, or a loop */
		pp = s->v[i].ppid;
		for (steps = 0; pp > 0 && pp != psd_pid && steps < 4096;
		    steps++) {
			if ((up = hproc_find(s, pp)) == NULL)
				break;
			pp = up->ppid;
		}
		n += pp == psd_pid;
	}
	return n;
}
