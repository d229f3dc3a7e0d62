/*
 * jobmark: a one-shot job that marks when it runs, for bench/pool.py.
 *
 *     jobmark FILE MS [ITEM...]
 *
 * Appends "+\n" to FILE, sleeps MS milliseconds, appends "-\n", exits 0.
 * FILE is opened with O_APPEND, so the marks of every job land in the
 * order they were written: the running count along the file is how many
 * jobs ran at once (at most what the scheduler had started).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int
mark(int fd, const char *m)
{
	if (write(fd, m, 2) != 2) {
		perror("jobmark: write");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct timespec ts;
	long ms;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: jobmark FILE MS [ITEM...]\n");
		return 2;
	}
	ms = strtol(argv[2], NULL, 10);
	fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (mark(fd, "+\n") < 0)
		return 1;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	if (mark(fd, "-\n") < 0)
		return 1;
	close(fd);
	return 0;
}
