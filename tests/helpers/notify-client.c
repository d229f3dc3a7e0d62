/*
 * notify-client.c: a real sd_notify client for the readiness tests and
 * the benchmark, linked with libsystemd (sd_notify, sd_notify_barrier,
 * sd_watchdog_enabled).
 *
 * usage: notify-client [-o FILE] [-d MS] [-s STATUS] [-e ERRNO] [-n] [-b]
 *			[-w PINGS] [-t] [-S MS] [-m] [-x]
 *   -o FILE	append what happened as key=value lines (flushed at once)
 *   -d MS	wait MS before READY=1
 *   -s TEXT	send STATUS=TEXT with READY=1
 *   -e N	send ERRNO=N with READY=1
 *   -n		never send READY=1
 *   -b		sd_notify_barrier() after READY=1 (psd must close the fd)
 *   -w N	after READY, WATCHDOG=1 N times every WATCHDOG_USEC/2, then
 *		stop pinging (-1: forever)
 *   -t		after READY, WATCHDOG=trigger
 *   -S MS	after READY, STOPPING=1, then exit 0 MS later
 *   -m		fork; the child sends MAINPID=itself and READY=1 and runs
 *		on; the parent stays until the child ends, then exits 0
 *   -x		exit 0 when done instead of waiting for a signal
 * Core dumps are off (the watchdog tests kill it with SIGABRT).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

static FILE *out;

/* Monotonic microseconds (the same clock as psd's). */
static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Append key=value to the -o file. */
static void
note(const char *fmt, long long v)
{
	if (out == NULL)
		return;
	fprintf(out, fmt, v);
	fputc('\n', out);
	fflush(out);
}

/* Sleep ms milliseconds, through signals. */
static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Parse the options and play the client. */
int
main(int argc, char **argv)
{
	long long t0 = now_us();
	struct rlimit nocore = { 0, 0 };
	const char *status = NULL;
	long delay = 0, stop_ms = -1, pings = 0, errnum = 0;
	int c, r, never = 0, barrier = 0, trigger = 0, fork_main = 0;
	int exit_after = 0;
	uint64_t usec = 0;
	char msg[512];
	pid_t pid;

	(void)setrlimit(RLIMIT_CORE, &nocore);
	while ((c = getopt(argc, argv, "o:d:s:e:nbw:tS:mx")) != -1) {
		switch (c) {
		case 'o':
			out = fopen(optarg, "a");
			break;
		case 'd':
			delay = atol(optarg);
			break;
		case 's':
			status = optarg;
			break;
		case 'e':
			errnum = atol(optarg);
			break;
		case 'n':
			never = 1;
			break;
		case 'b':
			barrier = 1;
			break;
		case 'w':
			pings = atol(optarg);
			break;
		case 't':
			trigger = 1;
			break;
		case 'S':
			stop_ms = atol(optarg);
			break;
		case 'm':
			fork_main = 1;
			break;
		case 'x':
			exit_after = 1;
			break;
		default:
			fprintf(stderr, "notify-client: bad usage\n");
			return 2;
		}
	}
	note("t_start=%lld", t0);
	note("pid=%lld", (long long)getpid());
	r = sd_watchdog_enabled(0, &usec);
	note("watchdog_enabled=%lld", r);
	note("watchdog_usec=%lld", (long long)usec);
	if (fork_main) {
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid > 0) {
			/* the parent stays: the new main pid is not psd's child */
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			return 0;
		}
		note("mainpid=%lld", (long long)getpid());
	}
	if (delay > 0)
		sleep_ms(delay);
	if (never) {
		for (;;)
			pause();
	}
	snprintf(msg, sizeof msg, "READY=1%s%s", status ? "\nSTATUS=" : "",
	    status ? status : "");
	if (errnum != 0)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		    "\nERRNO=%ld", errnum);
	if (fork_main)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		    "\nMAINPID=%d", (int)getpid());
	note("t_sent=%lld", now_us());
	r = sd_notify(0, msg);
	note("notify=%lld", r);
	if (barrier) {
		r = sd_notify_barrier(0, 5 * 1000000ULL);
		note("barrier=%lld", r);
	}
	if (trigger)
		note("trigger=%lld", sd_notify(0, "WATCHDOG=trigger"));
	if (stop_ms >= 0) {
		note("stopping=%lld", sd_notify(0, "STOPPING=1"));
		sleep_ms(stop_ms);
		return 0;
	}
	while (pings != 0 && usec > 0) {
		sleep_ms((long)(usec / 2000));
		sd_notify(0, "WATCHDOG=1");
		if (pings > 0 && --pings == 0)
			note("pings_done=%lld", 1);
	}
	if (exit_after)
		return 0;
	for (;;)
		pause();
}
