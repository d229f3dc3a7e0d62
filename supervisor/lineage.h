/*
 * lineage.h: which program a process came from, even after setsid or a
 * double fork: a cgroup per program.
 *
 * Where psd may write its own cgroup v2 directory (root, or a delegated
 * subtree), it makes PSD/psd.PID/NAME for each program and every program
 * process joins its program's cgroup between fork and exec.  The kernel
 * carries cgroup membership through fork, setsid and re-parenting, and
 * still shows it in /proc/PID/cgroup while the process is a zombie, so
 * an orphan psd reaps names its program.  Nothing runs while nothing
 * forks: no events, no wakeups.  Controllers are never enabled, so no
 * limits change.  Elsewhere (a read-only /sys/fs/cgroup in a container,
 * cgroup v1 only) psd falls back to the process group / session rule.
 */
#ifndef PSD_LINEAGE_H
#define PSD_LINEAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum lineage_mode { LINEAGE_AUTO, LINEAGE_CGROUP, LINEAGE_GROUP };

/* Choose the mechanism; with LINEAGE_CGROUP, say why it cannot be. */
void		 lineage_init(enum lineage_mode want);
/* "cgroup" or "session" (psctl stats). */
const char	*lineage_mechanism(void);
bool		 lineage_active(void);
/*
 * The cgroup.procs of program name's cgroup, opened O_CLOEXEC, for the
 * child to join (spawn.c writes "0" to it); -1 when not in use.
 */
int		 lineage_procs_fd(const char *name);
/* The program name pid's cgroup names, into buf; -1 if none. */
int		 lineage_of(pid_t pid, char *buf, size_t len);
/* Remove the (now empty) cgroups psd made. */
void		 lineage_cleanup(void);

#endif
