/*
 * environ.h: build the environment a program is exec'd with.
 *
 * psd's own environment, minus what psd consumed for itself (socket
 * activation and sd_notify variables), then [psd] environment, then the
 * program's environment, then PSD_PROGRAM / PSD_INSTANCE; later entries
 * replace earlier ones of the same name.  Built in the parent before fork.
 */
#ifndef PSD_ENVIRON_H
#define PSD_ENVIRON_H

#include <stdbool.h>

struct progconf;

struct envbuf {
	char		**v;		/* NULL-terminated */
	int		  n, cap;
	char		**owned;	/* strings allocated here */
	int		  nowned, capowned;
	int		  listen_pid;	/* index of LISTEN_PID=, or -1 */
	int		  watchdog_pid;	/* index of WATCHDOG_PID=, or -1 */
};

/* Whose environment environ_program builds. */
enum environ_kind {
	ENVIRON_RUN,	/* the program itself: nothing added when transparent */
	ENVIRON_PROBE,	/* its ready = exec: probe: as a run, never transparent */
	ENVIRON_HOOK,	/* on_exit/on_fatal: PSD_PROGRAM with its instance
			   (worker:2), no PSD_INSTANCE; the hook adds PSD_HOOK... */
};

/*
 * The one environment builder for a program's commands: psd's
 * environment (minus what psd consumed, unless transparent), the
 * program's environment= ([psd] environment is merged into it by config),
 * then PSD_PROGRAM and PSD_INSTANCE.  The caller may add to e and must
 * environ_free it.
 */
void	 environ_program(struct envbuf *e, const struct progconf *pc,
	    enum environ_kind kind);
/* Start from psd's environment; transparent keeps everything. */
void	 environ_init(struct envbuf *e, char **base, int transparent);
/* Set NAME=VALUE from a "K=V" string (not copied: must outlive e). */
void	 environ_put(struct envbuf *e, char *kv);
/* Set name to a formatted value (copied). */
void	 environ_setf(struct envbuf *e, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 environ_unset(struct envbuf *e, const char *name);
/* Make room for LISTEN_PID digits the child fills in (socket activation). */
void	 environ_prepare_listen_pid(struct envbuf *e, int psd_pid);
/* Set NAME= with room for a pid the child fills in; returns its index. */
int	 environ_reserve_pid(struct envbuf *e, const char *name);
void	 environ_free(struct envbuf *e);

#endif
