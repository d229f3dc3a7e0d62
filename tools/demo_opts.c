/*
 * demo_opts.c: option parsing and output for the demonstration tools.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo_opts.h"
#include "duration.h"
#include "util.h"

static void __attribute__((noreturn))
demo_usage(const struct demo_opts *o, const char *extra, int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [--count N] [--every DURATION] [--linger DURATION]"
	    " [--quiet]%s\n", o->name, extra);
	exit(status);
}

void
demo_parse(struct demo_opts *o, int argc, char **argv, const char *extra)
{
	static const struct option opts[] = {
		{ "count",	required_argument,	NULL, 'n' },
		{ "every",	required_argument,	NULL, 'e' },
		{ "linger",	required_argument,	NULL, 'l' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "burst",	no_argument,		NULL, 'b' },
		{ "wait",	no_argument,		NULL, 'w' },
		{ "hold",	no_argument,		NULL, 'w' },
		{ "status",	required_argument,	NULL, 's' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 },
	};
	long n;
	int c;

	o->count = 3;
	o->linger = 2000;
	o->status = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:e:l:qbws:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_long(optarg, 1, 1000000, &n) < 0) {
				fprintf(stderr, "%s: --count %s: expected 1 to"
				    " 1000000\n", o->name, optarg);
				exit(2);
			}
			o->count = (int)n;
			break;
		case 'e':
		case 'l':
			if (duration_parse(optarg, c == 'e' ? &o->every :
			    &o->linger) < 0) {
				fprintf(stderr, "%s: %s: expected a duration"
				    " like 2s\n", o->name, optarg);
				exit(2);
			}
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'b':
			o->burst = true;
			break;
		case 'w':
			o->wait = true;
			break;
		case 's':
			if (parse_long(optarg, 0, 255, &n) < 0) {
				fprintf(stderr, "%s: --status %s: expected 0 to"
				    " 255\n", o->name, optarg);
				exit(2);
			}
			o->status = (int)n;
			break;
		case 'h':
			demo_usage(o, extra, 0);
		default:
			fprintf(stderr, "%s: unknown option %s\n", o->name,
			    argv[optind - 1]);
			demo_usage(o, extra, 2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument %s\n", o->name,
		    argv[optind]);
		demo_usage(o, extra, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
}

void
demo_say(const struct demo_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (o->quiet)
		return;
	printf("%s[%d]: ", o->name, (int)getpid());
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void
demo_sleep(int64_t ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

void
demo_wait_orphaned(pid_t parent)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGUSR2) == 0) {
		if (getppid() == parent)	/* not gone yet: wait for it */
			sigwait(&set, &sig);
		(void)prctl(PR_SET_PDEATHSIG, 0);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}
