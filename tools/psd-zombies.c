/*
 * psd-zombies: make zombies on purpose, for learning and for tests.
 *
 * Each round forks a parent P; P forks N children that exit at once and
 * never waits for them, so they stay zombies (state Z) while P lives.
 * When P exits, its zombies are orphans: the nearest reaper (PID 1, or a
 * subreaper such as psd) inherits and must reap them.  With --hold, P
 * waits for a line on stdin before exiting: a benchmark releases N
 * zombies onto the reaper at one instant.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_opts.h"
#include "procfs.h"

/* P: make the zombies, show them, linger, exit without reaping. */
static void __attribute__((noreturn))
zombies_parent(const struct demo_opts *o)
{
	struct proc_stat st;
	pid_t *kids;
	int i, n = 0;

	kids = calloc((size_t)o->count, sizeof *kids);
	if (kids == NULL)
		_exit(1);
	for (i = 0; i < o->count; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("psd-zombies: fork");
			break;
		}
		if (kids[i] == 0)
			_exit(o->status >= 0 ? o->status : i % 256);
		n++;
	}
	/* Wait until each child is really dead (state Z), then show it. */
	for (i = 0; i < n && !o->quiet; i++) {
		siginfo_t si;

		waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT);
		if (procfs_stat(kids[i], &st) < 0)
			st.state = '?';
		demo_say(o, "child %d exited; I do not wait for it, so it"
		    " stays a zombie (state %c) while I live", (int)kids[i],
		    st.state);
	}
	if (o->wait) {
		/* --hold: the zombies are all there; exit when told. */
		char c;

		for (i = 0; i < n; i++) {
			siginfo_t si;

			waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT);
		}
		printf("psd-zombies[%d]: %d zombies waiting; release with a"
		    " line on stdin\n", (int)getpid(), n);
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
			;
	} else
		demo_sleep(o->linger);
	demo_say(o, "exiting without reaping %d zombie%s: they are orphans"
	    " now, and the reaper above (psd) must reap them", n,
	    n == 1 ? "" : "s");
	_exit(0);
}

int
main(int argc, char **argv)
{
	struct demo_opts o = { .name = "psd-zombies" };
	pid_t p;
	int status;

	demo_parse(&o, argc, argv, " [--status CODE] [--hold]");
	signal(SIGCHLD, SIG_DFL);
	for (;;) {
		p = fork();
		if (p < 0) {
			perror("psd-zombies: fork");
			return 1;
		}
		if (p == 0)
			zombies_parent(&o);
		waitpid(p, &status, 0);
		if (o.every == 0)
			break;
		demo_sleep(o.every);
	}
	return 0;
}
