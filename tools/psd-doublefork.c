/*
 * psd-doublefork: the second-level child (double fork) technique.
 *
 * T forks C; C starts a session, forks G and exits at once; T reaps C
 * immediately, so no zombie is left with T.  G is not T's child: the
 * reaper above (PID 1 or a subreaper like psd) adopts it and reaps it when
 * it exits.  psd starts its hooks and detached programs this way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_opts.h"

/* G: say where it lives, linger, exit. */
static void __attribute__((noreturn))
doublefork_grandchild(const struct demo_opts *o, pid_t c)
{
	demo_wait_orphaned(c);
	demo_say(o, "grandchild: session %d, parent %d (adopted: my parent"
	    " C exited)", (int)getsid(0), (int)getppid());
	demo_sleep(o->linger);
	demo_say(o, "grandchild exiting; %d reaps me", (int)getppid());
	_exit(0);
}

int
main(int argc, char **argv)
{
	struct demo_opts o = { .name = "psd-doublefork" };
	int p[2], i, status;
	pid_t c, g;
	char ch;
	ssize_t n;

	demo_parse(&o, argc, argv, " [--wait]");
	if (pipe(p) < 0) {
		perror("psd-doublefork: pipe");
		return 1;
	}
	do {
		for (i = 0; i < o.count; i++) {
			c = fork();
			if (c < 0) {
				perror("psd-doublefork: fork");
				return 1;
			}
			if (c == 0) {
				close(p[0]);
				setsid();
				c = getpid();
				g = fork();
				if (g == 0)
					doublefork_grandchild(&o, c);
				_exit(g < 0 ? 1 : 0);
			}
			waitpid(c, &status, 0);
			demo_say(&o, "child %d forked a grandchild and exited;"
			    " reaped it at once: no zombie here", (int)c);
		}
		if (o.every > 0)
			demo_sleep(o.every);
	} while (o.every > 0);
	close(p[1]);
	demo_say(&o, "the grandchildren are not my children: the reaper"
	    " above will reap them%s", o.wait ? "; waiting for them" : "");
	if (o.wait) {
		/* Each grandchild holds the write end until it exits. */
		do
			n = read(p[0], &ch, 1);
		while (n < 0 && errno == EINTR);
	}
	return 0;
}
