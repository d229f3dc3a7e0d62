/*
 * procfs.h: read process facts from /proc (state, parent, group, command).
 */
#ifndef PSD_PROCFS_H
#define PSD_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

struct proc_stat {
	pid_t			pid;
	char			state;		/* R S D T t Z X I ... */
	pid_t			ppid;
	pid_t			pgrp;
	pid_t			session;
	unsigned long long	starttime;	/* clock ticks since boot */
	char			comm[64];
};

/* Read /proc/PID/stat; 0 on success, -1 (errno) if gone or unreadable. */
int procfs_stat(pid_t pid, struct proc_stat *st);

/* Read /proc/PID/cmdline with NULs as spaces; comm in brackets if empty. */
int procfs_cmdline(pid_t pid, char *buf, size_t len);

/* Call cb for every process in /proc; stops early when cb returns != 0. */
int procfs_foreach(int (*cb)(const struct proc_stat *, void *), void *arg);

/* Every process in /proc at one moment, sorted by pid. */
struct procfs_snap {
	struct proc_stat	*v;
	size_t			 n, cap;
};

/* Take a snapshot; 0, or -1 (errno) if /proc cannot be read. */
int	 procfs_snapshot(struct procfs_snap *s);
/*
 * root and its descendants only, sorted by pid: read through each
 * thread's /proc/PID/task/TID/children, so the cost follows the size of
 * root's tree, not of the machine's (a whole snapshot where the kernel
 * has no children files).
 */
int	 procfs_descendants(pid_t root, struct procfs_snap *s);
/* Index of pid in the snapshot, or -1. */
ssize_t	 procfs_snap_find(const struct procfs_snap *s, pid_t pid);
void	 procfs_snap_free(struct procfs_snap *s);

#endif
