/*
 * timecmd: time whole runs of a command, process start to reaped exit.
 *
 *     timecmd N CMD [ARGS...]
 *
 * Runs CMD N times, one after another, with stdin, stdout and stderr on
 * /dev/null, and prints one line per run: the microseconds from just
 * before posix_spawnp to just after wait4, the exit status (or
 * 128+signal), and the CPU microseconds the command used (user + system,
 * from wait4's rusage).  Spawning from C keeps the harness's own cost small and
 * the same for every command timed.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Monotonic time in microseconds. */
static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int
main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	int n, i, st, code;
	double t0, t1;
	pid_t pid;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: timecmd N CMD [ARGS...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < n; i++) {
		t0 = now_us();
		if (posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ)) {
			perror("timecmd: posix_spawnp");
			return 1;
		}
		if (wait4(pid, &st, 0, &ru) < 0) {
			perror("timecmd: wait4");
			return 1;
		}
		t1 = now_us();
		code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		printf("%.1f %d %ld\n", t1 - t0, code,
		    (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
		    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	}
	return 0;
}
