/*
 * reaplat: measure how long the reaper above takes to reap an orphan.
 *
 * Runs as the main child of an init (psd, tini, ...) in a PID namespace.
 * N times: fork an intermediate that forks X and exits; X writes the
 * monotonic time to a pipe and exits at once; we hold a pidfd on X and
 * wait in epoll for EPOLLHUP, which Linux (6.9 and later) reports when
 * the task is reaped.  No spinning, so the init under test gets the CPU.
 * Prints the p50, p99 and max in microseconds.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, i, p[2], q[2], fd;
	int64_t *lat = calloc((size_t)n, sizeof *lat), t0;
	pid_t mid, x;
	char c;

	for (i = 0; i < n; i++) {
		if (pipe(p) < 0 || pipe(q) < 0)
			return 1;
		mid = fork();
		if (mid == 0) {
			x = fork();
			if (x == 0) {
				/* wait until measured, then report and exit */
				close(p[0]);
				close(q[1]);
				(void)!read(q[0], &c, 1);
				t0 = now_ns();
				(void)!write(p[1], &t0, sizeof t0);
				_exit(0);
			}
			(void)!write(p[1], &x, sizeof x);
			_exit(0);
		}
		close(p[1]);
		close(q[0]);
		if (read(p[0], &x, sizeof x) != sizeof x)
			return 1;
		waitpid(mid, NULL, 0);	/* X is an orphan of the init now */
		fd = (int)syscall(SYS_pidfd_open, x, 0);
		if (fd < 0) {
			perror("pidfd_open");
			return 1;
		}
		(void)!write(q[1], "g", 1);
		if (read(p[0], &t0, sizeof t0) != sizeof t0)
			return 1;
		{
			struct epoll_event ev = { .events = EPOLLHUP };
			int ep = epoll_create1(EPOLL_CLOEXEC);

			epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			if (epoll_wait(ep, &ev, 1, 10000) != 1) {
				fprintf(stderr, "reaplat: not reaped in 10 s\n");
				return 1;
			}
			lat[i] = now_ns() - t0;
			close(ep);
		}
		close(fd);
		close(p[0]);
		close(q[1]);
	}
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	printf("reap latency us: p50 %.1f p99 %.1f max %.1f (n=%d)\n",
	    lat[n / 2] / 1e3, lat[n * 99 / 100] / 1e3, lat[n - 1] / 1e3, n);
	return 0;
}
