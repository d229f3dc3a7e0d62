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

#endif
