/*
 * jobctl.h: job-control stops (Ctrl-Z, kill -TSTP) for psd and its programs.
 *
 * When TSTP, TTIN or TTOU reaches psd, psd forwards it to the main
 * program, stops every other program it runs (SIGSTOP to each process
 * group), then stops itself, so the shell or parent that waits for psd
 * (waitpid WUNTRACED) sees a stopped job with or without a terminal.  A
 * CONT resumes psd (the kernel does that) and psd resumes what it stopped.
 * As PID 1 psd cannot stop (the kernel ignores it): its programs stop.
 */
#ifndef PSD_JOBCTL_H
#define PSD_JOBCTL_H

#include <stdbool.h>

/* True for TSTP, TTIN and TTOU. */
bool	 jobctl_is_stop(int sig);
/* A stop signal reached psd; sig is what to send the main program
 * (after -r; 0: nothing). */
void	 jobctl_suspend(int sig);
/* Stop every program but the main one (kept stopped until resumed). */
void	 jobctl_stop_others(void);
/* CONT: resume the programs psd stopped. */
void	 jobctl_resume(void);

#endif
