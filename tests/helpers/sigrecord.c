/*
 * sigrecord: record every signal received, one name per line, to a file.
 *
 *	sigrecord FILE [--ready PATH] [--exit-on SIG]... [--ignore SIG]...
 *
 * The handler only write(2)s a line prepared in advance (async-signal-
 * safe).  --ready is created once every handler is in place; a signal
 * named with --exit-on is recorded and then ends the program (status 0).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "signame.h"

static int	 out = -1;
static char	 lines[65][20];
static size_t	 lens[65];
static volatile sig_atomic_t exit_on[65];

static void
record(int sig)
{
	if (sig > 0 && sig < 65) {
		(void)!write(out, lines[sig], lens[sig]);
		if (exit_on[sig])
			_exit(0);
	}
}

static int
need_sig(const char *s)
{
	int sig = sig_parse(s, 0);

	if (sig <= 0 || sig >= 65) {
		fprintf(stderr, "sigrecord: unknown signal %s\n", s);
		exit(2);
	}
	return sig;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	const char *ready = NULL;
	bool ignore[65] = { false };
	sigset_t none;
	int i, sig, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: sigrecord FILE [--ready PATH]"
		    " [--exit-on SIG]... [--ignore SIG]...\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (i + 1 >= argc) {
			fprintf(stderr, "sigrecord: %s needs a value\n", argv[i]);
			return 2;
		}
		if (strcmp(argv[i], "--ready") == 0)
			ready = argv[++i];
		else if (strcmp(argv[i], "--exit-on") == 0)
			exit_on[need_sig(argv[++i])] = 1;
		else if (strcmp(argv[i], "--ignore") == 0)
			ignore[need_sig(argv[++i])] = true;
		else {
			fprintf(stderr, "sigrecord: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	out = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sigfillset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (sig = 1; sig < 65 && sig <= SIGRTMAX; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		lens[sig] = (size_t)snprintf(lines[sig], sizeof lines[sig],
		    "%s\n", sig_name(sig));
		sa.sa_handler = ignore[sig] ? SIG_IGN : record;
		(void)sigaction(sig, &sa, NULL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (ready != NULL) {
		fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			perror(ready);
			return 1;
		}
		close(fd);
	}
	for (;;)
		sigsuspend(&none);
}
