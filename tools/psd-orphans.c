/*
 * psd-orphans: make orphans on purpose, for learning, tests and benchmarks.
 *
 * Each round forks a parent P that forks N children and exits at once.
 * The children learn that P is gone from PR_SET_PDEATHSIG, which the
 * kernel sends once it has given them their new parent (an event, not
 * polling), print who adopted them, live --linger more,
 * and exit: their new parent, the reaper, must reap them.  With --burst
 * they exit the instant they are orphaned and print nothing: N exits land
 * on the reaper together.  With --hold, P waits for a line (or EOF) on
 * stdin before it exits, so a benchmark can release the storm itself.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_opts.h"
#include "util.h"

/* A child: block until P is gone, then report and exit. */
static void __attribute__((noreturn))
orphans_child(const struct demo_opts *o, pid_t parent)
{
	demo_wait_orphaned(parent);
	if (o->burst)
		_exit(0);
	demo_say(o, "my parent %d is gone; I was adopted by %d", (int)parent,
	    (int)getppid());
	demo_sleep(o->linger);
	demo_say(o, "exiting now; %d must reap me", (int)getppid());
	_exit(0);
}

/* P: fork the children, then exit at once without waiting. */
static void __attribute__((noreturn))
orphans_parent(const struct demo_opts *o)
{
	int i, made = 0, retries = 0;
	pid_t kid, me = getpid();

	for (i = 0; i < o->count; i++) {
		kid = fork();
		if (kid < 0) {
			if (errno == EAGAIN && retries++ < 1000) {
				demo_sleep(1);	/* pid or process limit */
				i--;
				continue;
			}
			perror("psd-orphans: fork");
			break;
		}
		if (kid == 0)
			orphans_child(o, me);
		made++;
		if (!o->burst)
			demo_say(o, "forked child %d", (int)kid);
	}
	if (o->wait) {
		/* --hold: say we are ready, then wait for the word. */
		char c;

		printf("psd-orphans[%d]: %d children waiting; release with a"
		    " line on stdin\n", (int)getpid(), made);
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
			;
	}
	if (!o->burst)
		demo_say(o, "exiting without waiting: my %d children are"
		    " orphans now", made);
	_exit(made == o->count ? 0 : 1);
}

int
main(int argc, char **argv)
{
	struct demo_opts o = { .name = "psd-orphans" };
	int64_t t0;
	pid_t p;
	int status;

	demo_parse(&o, argc, argv, " [--burst] [--hold]");
	for (;;) {
		t0 = clock_ms();
		p = fork();
		if (p < 0) {
			perror("psd-orphans: fork");
			return 1;
		}
		if (p == 0)
			orphans_parent(&o);
		waitpid(p, &status, 0);
		if (o.burst)
			printf("psd-orphans[%d]: made %d orphans in %lld ms\n",
			    (int)getpid(), o.count,
			    (long long)(clock_ms() - t0));
		if (o.every == 0)
			break;
		demo_sleep(o.every);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
