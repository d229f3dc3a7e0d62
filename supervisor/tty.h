/*
 * tty.h: the terminal, when psd's stdin is one.
 *
 * The main program gets its own process group and becomes the terminal's
 * foreground group, so `docker run -it image bash` is a working job-control
 * shell.  With --setsid it gets a session and the terminal as its
 * controlling terminal (psd gives it up first).  When psd is not PID 1 and
 * its child stops for job control (Ctrl-Z), psd stops too and hands the
 * terminal back, as sudo does, so the shell that started psd gets it.
 */
#ifndef PSD_TTY_H
#define PSD_TTY_H

#include <stdbool.h>
#include <sys/types.h>

/* Look at stdin; with setsid, let go of the controlling terminal. */
bool	 tty_init(bool setsid);
/* The main program started (pid = its process group). */
void	 tty_main_started(pid_t pid);
/* The main program ended: take the terminal back. */
void	 tty_main_exited(void);

#endif
