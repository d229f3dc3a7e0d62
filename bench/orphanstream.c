/*
 * orphanstream: make N orphans as fast as a generator can, onto the init.
 *
 * Runs as the main child of an init (psd, tini, ...) in a PID namespace.
 * It prints "ready" and waits for a line on stdin, so the benchmark can
 * read the init's CPU time first.  Then W workers each make N/W orphans
 * by double fork: the intermediate forks a grandchild and both exit at
 * once, so every grandchild ends up a child of the init (alive or already
 * a zombie) that only the init can reap.  The workers ignore SIGCHLD, so
 * the kernel frees the intermediates itself and they cost the init
 * nothing.  When all are made it prints "done N MS" and stays (a main
 * program that exits would end the init's work) until killed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Monotonic time in milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Pause 1 ms after EAGAIN (pid or process limit). */
static void
backoff(void)
{
	struct timespec ts = { 0, 1000000 };

	nanosleep(&ts, NULL);
}

/* A worker: make n orphans, then exit. */
static void __attribute__((noreturn))
worker(int n)
{
	pid_t pid;
	int i;

	signal(SIGCHLD, SIG_IGN);	/* intermediates vanish on exit */
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			if (errno != EAGAIN) {
				perror("orphanstream: fork");
				_exit(1);
			}
			backoff();
			i--;
			continue;
		}
		if (pid == 0) {
			/* SIG_IGN here would let the kernel free the
			 * grandchild too, behind the init's back */
			signal(SIGCHLD, SIG_DFL);
			while (fork() < 0 && errno == EAGAIN)
				backoff();
			_exit(0);	/* and the grandchild too */
		}
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	int w = argc > 2 ? atoi(argv[2]) : 1, i, st, bad = 0;
	pid_t *kids;
	double t0;
	char line[16];

	if (n < 1 || w < 1 || w > 64) {
		fprintf(stderr, "usage: orphanstream [N [WORKERS]]\n");
		return 2;
	}
	kids = calloc((size_t)w, sizeof *kids);
	if (kids == NULL)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready\n");
	if (fgets(line, sizeof line, stdin) == NULL)
		return 1;
	t0 = now_ms();
	for (i = 0; i < w; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("orphanstream: fork");
			return 1;
		}
		if (kids[i] == 0)
			worker(n / w + (i < n % w));
	}
	for (i = 0; i < w; i++)
		if (waitpid(kids[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			bad = 1;
	printf("done %d %.1f%s\n", n, now_ms() - t0, bad ? " failed" : "");
	for (;;)
		pause();
}
