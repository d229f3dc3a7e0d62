/*
 * http_proc.c: a program's CPU time and resident memory, from /proc.
 *
 * psd-http reads these itself (psd is not asked), for the program's main
 * process only; it must run in psd's PID namespace for the pids to match.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "procfs.h"

bool
hproc_read(int64_t pid, struct hproc *out)
{
	char path[64], buf[1024], *p;
	unsigned long long utime, stime;
	long long rss;
	ssize_t n;
	int fd;

	memset(out, 0, sizeof *out);
	if (pid <= 0)
		return false;
	snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields follow the last ')' */
	if ((p = strrchr(buf, ')')) == NULL)
		return false;
	/* after ')': state(3) ... utime(14) stime(15) ... rss(24) */
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu"
	    " %llu %*d %*d %*d %*d %*d %*d %*u %*u %lld", &utime, &stime,
	    &rss) != 3)
		return false;
	out->cpu_seconds = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
	out->rss_bytes = rss * (long long)sysconf(_SC_PAGESIZE);
	return true;
}

int64_t
hproc_zombies(int64_t psd_pid)
{
	struct procfs_snap snap = { 0 };
	struct proc_stat me;
	ssize_t at;
	size_t i;
	int64_t n = 0;
	pid_t up;
	int steps;

	if (psd_pid <= 0 || procfs_stat((pid_t)psd_pid, &me) < 0 ||
	    strcmp(me.comm, "psd") != 0)
		return -1;
	if (procfs_snapshot(&snap) < 0)
		return -1;
	for (i = 0; i < snap.n; i++) {
		if (snap.v[i].state != 'Z')
			continue;
		/* walk up the parents until psd, the top, or a loop */
		up = snap.v[i].ppid;
		for (steps = 0; up > 0 && up != psd_pid && steps < 4096;
		    steps++) {
			if ((at = procfs_snap_find(&snap, up)) < 0)
				break;
			up = snap.v[at].ppid;
		}
		n += up == psd_pid;
	}
	procfs_snap_free(&snap);
	return n;
}
